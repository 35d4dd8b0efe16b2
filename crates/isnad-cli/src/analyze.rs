//! `isnad analyze`: read, analyse in parallel, print in input order.
//!
//! Inputs stream from the readers one document at a time; documents are analysed in batches
//! on a rayon pool and written in input order as each batch completes, so a corpus of any size
//! runs in bounded memory. A bad input is a warning, never the end of the batch; the exit code
//! tells whether any input failed.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use isnad_core::Document;
use isnad_extract::Analyzer;
use isnad_ingest::{IngestOptions, InputSpec};
use isnad_kb::Kb;
use isnad_link::{ClusterBuilder, Fingerprint, Params, ReuseIndex};
use rayon::prelude::*;
use std::sync::Arc;

use crate::output::{self, Format};
use crate::progress::Progress;

/// Documents analysed together; large enough to keep every core busy, small enough that
/// output starts at once.
const BATCH: usize = 256;

/// Arguments of `isnad analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files or directories to read (recursively), or `-` for standard input. Formats:
    /// .txt, .html/.htm, .jsonl/.ndjson, .warc, and .gz of any of these.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<String>,

    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the report to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Print no progress and no warnings.
    #[arg(long, short)]
    quiet: bool,

    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// Runs `isnad analyze`.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let to_terminal = args.output.is_none() && crate::stdout_is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        Format::Text
    } else {
        Format::Json
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("could not start the worker threads")?;

    let writer: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut sink = output::sink(format, writer);
    let kb = Arc::new(Kb::bundled());
    let analyzer = Analyzer::with_kb(kb.clone());
    let progress = Progress::new(args.quiet);

    // Cross-document linking keeps compact fingerprints, never the documents themselves.
    let mut reuse = ReuseIndex::new(Params::default());
    let mut clusters = ClusterBuilder::new();
    let mut documents = 0usize;
    let mut failed = 0usize;
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<Document>| -> Result<()> {
        let fingerprints: Vec<Fingerprint> = pool.install(|| {
            batch
                .par_iter_mut()
                .map(|doc| {
                    analyzer.analyze(doc);
                    Fingerprint::new(doc)
                })
                .collect()
        });
        for (fp, doc) in fingerprints.into_iter().zip(batch.iter()) {
            reuse.insert(fp);
            clusters.add(doc);
        }
        for doc in batch.iter() {
            sink.document(doc).context("cannot write the report")?;
        }
        progress.advance(batch.len());
        documents += batch.len();
        batch.clear();
        Ok(())
    };

    let inputs: Vec<InputSpec> = args.paths.iter().map(|p| InputSpec::parse(p)).collect();
    for item in isnad_ingest::read_inputs(&inputs, &IngestOptions::default()) {
        match item {
            Ok(doc) => {
                batch.push(doc);
                if batch.len() == BATCH {
                    flush(&mut batch)?;
                }
            }
            Err(problem) => {
                failed += 1;
                progress.warn(&problem.to_string());
            }
        }
    }
    flush(&mut batch)?;
    let pairs = pool.install(|| reuse.finish());
    let clusters = clusters.finish(&pairs, &kb);
    sink.finish(&pairs, &clusters)
        .context("cannot write the report")?;
    progress.finish(documents, failed);

    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
