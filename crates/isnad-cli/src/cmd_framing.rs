//! `isnad train framing`: rebuilds `crates/isnad-extract/models/framing.bin`.
//!
//! Trains the persuasion-technique classifier on ArAIEval 2023 task 1B train (task 1A train is
//! the same paragraphs with a yes/no label, so it adds nothing), then tunes its thresholds on the
//! development sets: first the `any` gate, for the accuracy of the task 1A decision on 1A dev
//! (a lexicon hit or the gate above its threshold), then the techniques' thresholds, with the
//! gate fixed, for micro-F1 on task 1B dev and the ArMPro dev paragraphs that are not in the
//! training set (138 of its 672 are). Test files are never read. Fixed seed: the same data give
//! the same bytes.
//!
//! Run from the repository root: `cargo run --release -p isnad-cli -- train framing` (2.3 s on
//! one core; it reads `../shared/data/framing` and writes the committed model in place).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use isnad_extract::framing::features::Featurizer;
use isnad_extract::framing::model::{self, Example, TrainConfig, TuneDoc};
use isnad_extract::framing::{FramingStage, Lexicon};
use isnad_text::TextLayer;
use serde_json::Value;

/// Arguments of `isnad train framing`.
#[derive(Args)]
pub struct TrainFramingArgs {
    /// Folder holding the ArAIEval and ArMPro files.
    #[arg(long, default_value = "../shared/data/framing")]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/isnad-extract/models/framing.bin")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    epochs: usize,
    /// AdaGrad learning rate.
    #[arg(long, default_value_t = TrainConfig::default().learning_rate)]
    learning_rate: f32,
    /// Shuffling seed.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    seed: u64,
    /// Per-label thresholds only for labels with at least this many development examples.
    #[arg(long, default_value_t = 15)]
    min_dev: usize,
}

fn read_jsonl(path: &Path) -> Result<Vec<Value>> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read {}; pass --data <folder>", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

fn str_field<'a>(v: &'a Value, name: &str) -> &'a str {
    v.get(name).and_then(Value::as_str).unwrap_or("")
}

/// Technique labels of an ArAIEval 1B line (`labels: [..]`) or an ArMPro gold line
/// (`labels: [{technique, ..}]`), `no_technique` dropped.
fn labels_of(v: &Value) -> HashSet<String> {
    v.get("labels")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().or_else(|| x.get("technique")?.as_str()))
                .filter(|l| *l != "no_technique")
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn tune_doc(stage: &FramingStage, text: &str, gold: HashSet<String>, n: usize) -> TuneDoc {
    let layer = TextLayer::new(text);
    let mut scores = Vec::new();
    let spans = stage.find_with_scores(text, &layer, Some(&mut scores));
    let mut probs = vec![0f32; n];
    for s in &scores {
        for (p, &q) in probs.iter_mut().zip(s) {
            *p = p.max(q);
        }
    }
    TuneDoc {
        gold,
        lexicon: spans
            .into_iter()
            .filter(|f| f.note.starts_with("lexicon"))
            .map(|f| f.technique)
            .collect(),
        probs,
    }
}

/// Runs `isnad train framing`.
pub fn train(args: TrainFramingArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let train_rows = read_jsonl(&args.data.join("araieval2023_task1B_train.jsonl"))?;
    let dev_rows = read_jsonl(&args.data.join("araieval2023_task1B_dev.jsonl"))?;
    let dev_1a = read_jsonl(&args.data.join("araieval2023_task1A_dev.jsonl"))?;
    let armpro_in = read_jsonl(&args.data.join("armpro_dev.input.jsonl"))?;
    let armpro_gold = read_jsonl(&args.data.join("armpro_dev.gold.jsonl"))?;
    if train_rows.is_empty() {
        bail!("the training file is empty");
    }
    let examples: Vec<Example> = train_rows
        .iter()
        .map(|v| Example {
            text: str_field(v, "text").to_owned(),
            labels: labels_of(v).into_iter().collect::<Vec<_>>(),
        })
        .collect();
    let mut examples = examples;
    for e in &mut examples {
        e.labels.sort();
    }
    let cfg = TrainConfig {
        epochs: args.epochs,
        learning_rate: args.learning_rate,
        seed: args.seed,
        ..TrainConfig::default()
    };
    let fz = Featurizer::new(Lexicon::bundled(), Featurizer::bundled_kb_names());
    let mut m = model::train(&fz, &examples, &cfg);
    eprintln!(
        "trained {} labels on {} examples in {:.1}s",
        m.labels.len(),
        examples.len(),
        started.elapsed().as_secs_f64()
    );

    // Tuning data: 1B dev, and ArMPro dev minus paragraphs seen in training.
    let seen: HashSet<&str> = train_rows.iter().map(|v| str_field(v, "text")).collect();
    let n = m.labels.len();
    let mut probe = m.clone();
    probe.threshold = vec![2.0; n];
    let stage = FramingStage::with_parts(fz.clone(), Some(probe));
    let mut docs: Vec<TuneDoc> = dev_rows
        .iter()
        .map(|v| tune_doc(&stage, str_field(v, "text"), labels_of(v), n))
        .collect();
    let gold: HashMap<&str, &Value> = armpro_gold
        .iter()
        .map(|g| (str_field(g, "id"), g))
        .collect();
    let mut armpro_used = 0;
    for v in &armpro_in {
        let text = str_field(v, "text");
        if seen.contains(text) {
            continue;
        }
        let Some(g) = gold.get(str_field(v, "id")) else {
            continue;
        };
        docs.push(tune_doc(&stage, text, labels_of(g), n));
        armpro_used += 1;
    }
    // The gate first, for task 1A accuracy on 1A dev; then the techniques, with the gate fixed.
    let docs_1a: Vec<TuneDoc> = dev_1a
        .iter()
        .map(|v| {
            let yes = matches!(v.get("label"), Some(Value::Bool(true)))
                || str_field(v, "label") == "true";
            let gold = if yes {
                HashSet::from([model::ANY.to_owned()])
            } else {
                HashSet::new()
            };
            tune_doc(&stage, str_field(v, "text"), gold, n)
        })
        .collect();
    if let Some(acc) = model::tune_gate(&mut m, &docs_1a) {
        let gate = m.labels.iter().position(|l| l == model::ANY).unwrap_or(0);
        let (_, pos_f1, always) = model::binary_scores(&docs_1a, gate, m.threshold[gate]);
        eprintln!(
            "tuned the gate on {} ArAIEval 1A dev paragraphs: threshold {:.2}, accuracy {acc:.3} \
             (always-yes {always:.3}), positive-class F1 {pos_f1:.3}",
            docs_1a.len(),
            m.threshold[gate]
        );
    }
    let f = model::tune_thresholds(&mut m, &docs, args.min_dev);
    eprintln!(
        "tuned thresholds on {} documents ({} ArAIEval 1B dev, {} ArMPro dev): micro-F1 {:.3}",
        docs.len(),
        dev_rows.len(),
        armpro_used,
        f
    );
    for (l, t) in m.labels.iter().zip(&m.threshold) {
        eprintln!("  {l:<36} threshold {t:.3}");
    }
    let bytes = m.to_bytes();
    fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes) in {:.1}s",
        args.out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
