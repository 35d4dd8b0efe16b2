//! `isnad analyze`: read, analyse in parallel, print in input order.
//!
//! Inputs stream from the readers one document at a time; documents are analysed in batches
//! on a rayon pool and handed on in input order as each batch completes, so a corpus of any
//! size runs in bounded memory. A bad input is a warning, never the end of the batch; the exit
//! code tells whether any input failed. [`Corpus::run`] is that loop, shared by every command
//! that analyses articles.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use isnad_core::Document;
use isnad_extract::Analyzer;
use isnad_ingest::{IngestOptions, InputSpec};
use isnad_kb::Kb;
use isnad_link::{ClusterBuilder, Fingerprint, Params, ReuseIndex};
use rayon::prelude::*;

use crate::output::{self, Format};
use crate::progress::Progress;

/// Documents analysed together; large enough to keep every core busy, small enough that
/// output starts at once.
const BATCH: usize = 256;

/// What to read and how: the arguments every analysing command shares.
#[derive(Args)]
pub struct CorpusArgs {
    /// Files or directories to read (recursively), or `-` for standard input. Formats:
    /// .txt, .html/.htm, .jsonl/.ndjson, .warc, and .gz of any of these.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,

    /// Print no progress and no warnings.
    #[arg(long, short)]
    quiet: bool,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Add each sentence's syntax (parts of speech, features, lemmas, tree) to every document
    /// of the report, an extension field `syntax` (large; every sentence is parsed).
    #[arg(long)]
    syntax: bool,
}

impl CorpusArgs {
    /// Whether progress and warnings are off.
    pub fn quiet(&self) -> bool {
        self.quiet
    }
}

/// Arguments of `isnad analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    corpus: CorpusArgs,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The analysis loop over a corpus.
pub struct Corpus {
    /// The knowledge base the analysis links to.
    pub kb: Arc<Kb>,
    analyzer: Analyzer,
    pool: rayon::ThreadPool,
    progress: Progress,
    inputs: Vec<InputSpec>,
}

/// Counts of one run.
pub struct Counts {
    /// Documents analysed.
    pub documents: usize,
    /// Inputs that could not be read.
    pub failed: usize,
}

impl Counts {
    /// 0 when every input was read, 1 when some failed.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

impl Corpus {
    /// Loads the knowledge base and the models once, and starts the worker threads.
    pub fn new(args: &CorpusArgs) -> Result<Corpus> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(args.threads.unwrap_or(0))
            .build()
            .context("could not start the worker threads")?;
        let kb = Arc::new(Kb::bundled());
        Ok(Corpus {
            analyzer: Analyzer::with_kb(kb.clone()).print_syntax(args.syntax),
            kb,
            pool,
            progress: Progress::new(args.quiet),
            inputs: args.paths.iter().map(|p| InputSpec::parse(p)).collect(),
        })
    }

    /// Runs `f` on the worker threads for each batch of documents.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// Reads and analyses every input, calling `each` on every analysed document in input
    /// order with its reuse fingerprint (made on the worker threads).
    ///
    /// Reading, analysis and `each` overlap ([`isnad_ingest::read_in_batches`]): while the
    /// workers analyse one batch, this thread hands on the batch before it and reads the
    /// next, so the workers never wait for the reader or the writer (both were a serial tenth
    /// of the run).
    pub fn run(
        &self,
        mut each: impl FnMut(&Document, Fingerprint) -> Result<()>,
    ) -> Result<Counts> {
        let (mut documents, mut failed) = (0, 0);
        let analyse = |mut batch: Vec<Document>| {
            let fingerprints: Vec<Fingerprint> = self.pool.install(|| {
                batch
                    .par_iter_mut()
                    .map(|doc| {
                        let layer = self.analyzer.analyze_keeping_layer(doc);
                        Fingerprint::with_layer(doc, &layer)
                    })
                    .collect()
            });
            (batch, fingerprints)
        };
        isnad_ingest::read_in_batches(
            &self.inputs,
            &IngestOptions::default(),
            BATCH,
            analyse,
            |problem| {
                failed += 1;
                self.progress.warn(&problem.to_string());
            },
            |(batch, fingerprints)| -> Result<()> {
                for (doc, fp) in batch.iter().zip(fingerprints) {
                    each(doc, fp)?;
                }
                self.progress.advance(batch.len());
                documents += batch.len();
                Ok(())
            },
        )?;
        Ok(Counts { documents, failed })
    }

    /// Clears the progress display and prints the closing line.
    pub fn finish(&self, counts: &Counts) {
        self.progress.finish(counts.documents, counts.failed);
    }
}

/// Runs `isnad analyze`.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let mut sink = output::open_sink(args.format, args.output.as_deref())?;
    let corpus = Corpus::new(&args.corpus)?;

    // Cross-document linking keeps compact fingerprints and claim digests, never the
    // documents themselves.
    let mut reuse = ReuseIndex::new(Params::default());
    let mut clusters = ClusterBuilder::new();
    let counts = corpus.run(|doc, fingerprint| {
        sink.document(doc).context("cannot write the report")?;
        reuse.insert(fingerprint);
        clusters.add(doc);
        Ok(())
    })?;
    let pairs = corpus.install(|| reuse.finish());
    let clusters = clusters.finish(&pairs, &corpus.kb);
    sink.finish(&pairs, &clusters)
        .context("cannot write the report")?;
    corpus.finish(&counts);
    Ok(counts.exit_code())
}
