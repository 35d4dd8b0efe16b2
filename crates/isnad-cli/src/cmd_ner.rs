//! `isnad tag` (CoNLL in, IOB2 tags out) and `isnad train ner` (rebuilds the committed
//! model and, on request, the word clusters).

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use isnad_extract::ner::{self, clusters, conll};

/// Input and output formats of `isnad tag`.
#[derive(Clone, Copy, ValueEnum)]
pub enum TagFormat {
    /// One token per line (extra columns ignored), a blank line between sentences; prints
    /// `token TAG` with IOB2 tags in ANERcorp's types (PERS, LOC, ORG, MISC).
    Conll,
}

/// Arguments of `isnad tag`.
#[derive(Args)]
pub struct TagArgs {
    /// Input format (read from standard input).
    #[arg(long, value_enum, default_value = "conll")]
    format: TagFormat,
    /// Add the knowledge-base names and the context patterns of the entity stage to the
    /// model's tags (their conventions differ from ANERcorp's: lower scores there).
    #[arg(long)]
    with_kb: bool,
    /// Tag each sentence alone, without carrying a name's tag to the neighbouring sentences.
    #[arg(long)]
    sentence_only: bool,
    /// Use this model file (as `isnad train ner` writes it) instead of the committed one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Use these word clusters and label priors (as `isnad train ner` writes them) instead
    /// of the committed ones.
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Take this much off every word's score for `O` before decoding instead of the chosen
    /// margin (higher finds more names, less surely).
    #[arg(long)]
    outside_margin: Option<f64>,
}

/// Arguments of `isnad train ner`.
#[derive(Args)]
pub struct TrainNerArgs {
    /// ANERcorp training file; its last tenth of sentences is held out as the dev split.
    #[arg(long, default_value = "../shared/data/ner/anercorp/train.conll")]
    train: PathBuf,
    /// Where the model is written.
    #[arg(long, default_value = "crates/isnad-extract/models/ner.crfsuite")]
    out: PathBuf,
    /// Also rebuild the word clusters from this news corpus (JSONL, gzipped or not) first
    /// (the label priors go with them: rebuild those too, with `--priors`).
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Also rebuild the label priors from this news corpus (after the clusters, before the
    /// tagger): a context model is trained on the training sentences (nine tenths of them,
    /// or all with `--full`) and tags the corpus.
    #[arg(long)]
    priors: Option<PathBuf>,
    /// The cluster file (clusters and priors): read by the tagger's training, written by
    /// `--clusters` and `--priors`.
    #[arg(long, default_value = "crates/isnad-syntax/models/word_clusters.tsv")]
    clusters_out: PathBuf,
    /// Only rebuild the clusters (and, with `--priors`, the priors).
    #[arg(long)]
    clusters_only: bool,
    /// L1 regularisation of the CRF.
    #[arg(long, default_value_t = ner::train::DEFAULT_C1)]
    c1: f64,
    /// L2 regularisation of the CRF.
    #[arg(long, default_value_t = ner::train::DEFAULT_C2)]
    c2: f64,
    /// L-BFGS iterations.
    #[arg(long, default_value_t = ner::train::DEFAULT_ITERATIONS)]
    iterations: usize,
    /// Train on all of the training file (dev split included) once settings are chosen.
    #[arg(long)]
    full: bool,
    /// ANERcorp's gazetteer folder, for name-substitution augmentation (read only here).
    #[arg(long)]
    gazetteers: Option<PathBuf>,
    /// Give the tagger the syntax tagger's part of speech and features of each word (off for
    /// the committed model: a small gain on the dev split, none on test, and tagging 2.6 times
    /// slower).
    #[arg(long)]
    pos: bool,
}

/// Runs `isnad tag`.
pub fn tag(args: TagArgs) -> Result<ExitCode> {
    let TagFormat::Conll = args.format;
    let mut input = String::new();
    std::io::stdin()
        .lock()
        .read_to_string(&mut input)
        .context("could not read standard input")?;
    let sentences = conll::read_words(&input);
    let mut tagger = ner::Recognizer::bundled();
    if let Some(path) = &args.model {
        let bytes =
            std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
        tagger = tagger
            .with_model(bytes)
            .with_context(|| format!("{} is not a CRFsuite model", path.display()))?;
    }
    if let Some(path) = &args.clusters {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read {}", path.display()))?;
        tagger = tagger.with_clusters(&text);
    }
    if let Some(margin) = args.outside_margin {
        tagger = tagger.with_outside_margin(margin);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let refs: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tags: Vec<Vec<String>> = if args.with_kb {
        refs.iter().map(|s| tagger.tag_words(s)).collect()
    } else if args.sentence_only {
        refs.iter().map(|s| tagger.tag_model(s)).collect()
    } else {
        tagger.tag_model_document(&refs)
    };
    for (words, tags) in refs.iter().zip(tags) {
        for (w, t) in words.iter().zip(tags) {
            writeln!(out, "{w} {t}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `isnad train ner`.
pub fn train(args: TrainNerArgs) -> Result<ExitCode> {
    // The cluster file as last written here, so that what comes after reads it from memory.
    let mut written: Option<String> = None;
    let write = |file: String, what: &str, started: Instant| -> Result<String> {
        std::fs::write(&args.clusters_out, &file)
            .with_context(|| format!("could not write {}", args.clusters_out.display()))?;
        eprintln!(
            "{what} written to {} in {:.0?}",
            args.clusters_out.display(),
            started.elapsed()
        );
        Ok(file)
    };
    if let Some(corpus) = &args.clusters {
        let started = Instant::now();
        let file = clusters::build(corpus_texts(corpus)?, 50_000, 1_000);
        written = Some(write(file, "clusters", started)?);
    } else if args.clusters_only && args.priors.is_none() {
        bail!("--clusters-only needs --clusters CORPUS or --priors CORPUS (e.g. ../shared/data/news/ant_multisource.jsonl.gz)");
    }
    let text = std::fs::read_to_string(&args.train).with_context(|| {
        format!(
            "could not read {}; pass --train PATH to ANERcorp's train.conll",
            args.train.display()
        )
    })?;
    let settings = ner::train::Settings {
        c1: args.c1,
        c2: args.c2,
        iterations: args.iterations,
        full: args.full,
        gazetteers: args.gazetteers.clone(),
        pos: args.pos,
    };
    if let Some(corpus) = &args.priors {
        let started = Instant::now();
        let clusters_text = match written.take() {
            Some(text) => text,
            None => std::fs::read_to_string(&args.clusters_out)
                .with_context(|| format!("could not read {}", args.clusters_out.display()))?,
        };
        let file =
            ner::train::train_priors(&text, &clusters_text, &settings, corpus_texts(corpus)?)
                .map_err(|e| anyhow::anyhow!("training the context model failed: {e}"))?;
        written = Some(write(file, "label priors", started)?);
    }
    if args.clusters_only {
        return Ok(ExitCode::SUCCESS);
    }
    let clusters_text =
        written.unwrap_or_else(|| std::fs::read_to_string(&args.clusters_out).unwrap_or_default());
    let started = Instant::now();
    let report = ner::train::train(&text, &clusters_text, &settings, &args.out)
        .map_err(|e| anyhow::anyhow!("training failed: {e}"))?;
    eprintln!("{report}");
    eprintln!(
        "model written to {} in {:.0?}",
        args.out.display(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}

/// The texts of a news corpus file, documents that cannot be read skipped; an error naming
/// the file when it cannot be opened (rather than clusters or priors built from nothing,
/// written over the committed ones).
fn corpus_texts(corpus: &std::path::Path) -> Result<impl Iterator<Item = String>> {
    std::fs::File::open(corpus).with_context(|| {
        format!(
            "could not read the news corpus {}; pass the path to ../shared/data/news/ant_multisource.jsonl.gz",
            corpus.display()
        )
    })?;
    Ok(isnad_ingest::read_inputs(
        &[isnad_ingest::InputSpec::Path(corpus.to_path_buf())],
        &isnad_ingest::IngestOptions::default(),
    )
    .filter_map(|d| d.ok())
    .map(|d| d.text))
}
