//! `isnad train triggers`: the trigger classifier, from the gold claims of the fit sets.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use isnad_extract::claims::classifier::{self, class_of};
use isnad_extract::syntax::{Parse, Parses};
use isnad_syntax::Syntax;
use isnad_text::{fold, TextLayer};
use serde_json::Value;

/// Arguments of `isnad train triggers`.
#[derive(Args)]
pub struct TrainTriggersArgs {
    /// The gold sets to learn from (`NAME.input.jsonl` and `NAME.gold.json` in `--gold`);
    /// never the check set.
    #[arg(long, value_delimiter = ',', default_value = "dev,dev2_fit")]
    sets: Vec<String>,
    /// The folder of the gold sets.
    #[arg(long, default_value = "../shared/data/gold")]
    gold: PathBuf,
    /// Passes over the examples.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Where the weights are written.
    #[arg(long, default_value = "crates/isnad-extract/models/triggers.bin")]
    out: PathBuf,
}

/// The folded words of a trigger as the gold writes it, without the article and the leading
/// clitics a syntactic word would not carry (`بالإفراج` → `افراج`).
fn trigger_words(trigger: &str) -> Vec<String> {
    fold(trigger)
        .split_whitespace()
        .map(|w| {
            let w = w.trim_start_matches(['و', 'ف']);
            let w = match w.strip_prefix(['ب', 'ل']) {
                Some(rest) if rest.starts_with("ال") => rest,
                _ => w,
            };
            let w = w
                .strip_prefix("ال")
                .filter(|r| r.chars().count() >= 2)
                .unwrap_or(w);
            w.to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Runs `isnad train triggers`.
pub fn train(args: TrainTriggersArgs) -> Result<ExitCode> {
    if args.sets.iter().any(|s| s.contains("check")) {
        bail!("the check set is for figures only: train on dev and dev2_fit");
    }
    let syntax = Syntax::bundled();
    let clusters = isnad_syntax::shared_clusters();
    let mut texts = Vec::new();
    let mut labels_of_doc = Vec::new();
    for set in &args.sets {
        let input = args.gold.join(format!("{set}.input.jsonl"));
        let gold = args.gold.join(format!("{set}.gold.json"));
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(&gold)
                .with_context(|| format!("could not read {}", gold.display()))?,
        )
        .with_context(|| format!("{} is not JSON", gold.display()))?;
        let input = std::fs::read_to_string(&input)
            .with_context(|| format!("could not read {}", input.display()))?;
        for line in input.lines().filter(|l| !l.trim().is_empty()) {
            let doc: Value = serde_json::from_str(line).context("a gold input line is not JSON")?;
            let (Some(id), Some(text)) = (doc["id"].as_str(), doc["text"].as_str()) else {
                continue;
            };
            let Some(g) = gold["documents"]
                .as_array()
                .and_then(|ds| ds.iter().find(|d| d["id"] == id))
            else {
                continue;
            };
            let triggers: Vec<(Vec<String>, Option<isnad_core::ClaimType>)> = g["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| {
                    let words = trigger_words(c["trigger"].as_str()?);
                    let t = serde_json::from_value(c["type"].clone()).ok()?;
                    (!words.is_empty()).then_some((words, Some(t)))
                })
                .collect();
            texts.push(text.to_owned());
            labels_of_doc.push(triggers);
        }
    }
    let layers: Vec<TextLayer> = texts.iter().map(|t| TextLayer::new(t)).collect();
    let parses: Vec<Parses> = layers.iter().map(|l| Parses::new(l, syntax)).collect();
    let mut examples: Vec<(&Parse, Vec<usize>)> = Vec::new();
    let mut positives = 0;
    for (p, triggers) in parses.iter().zip(&labels_of_doc) {
        for s in 0..p.layer().sentences.len() {
            let parse = p.sentence(s);
            let mut gold = vec![0usize; parse.len()];
            for (words, t) in triggers {
                for (i, class) in gold.iter_mut().enumerate() {
                    let at = |k: usize| {
                        parse
                            .form(i + k)
                            .strip_prefix("ال")
                            .filter(|r| r.chars().count() >= 2)
                            .unwrap_or(parse.form(i + k))
                            .to_owned()
                    };
                    if i + words.len() <= parse.len() && (0..words.len()).all(|k| at(k) == words[k])
                    {
                        *class = class_of(*t);
                        positives += 1;
                    }
                }
            }
            examples.push((parse, gold));
        }
    }
    eprintln!(
        "isnad train triggers: {} sentences, {positives} trigger words",
        examples.len()
    );
    let weights = classifier::train(&examples, &clusters, args.epochs);
    let bytes = weights.to_bytes();
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("could not write {}", args.out.display()))?;
    eprintln!(
        "isnad train triggers: wrote {} ({} bytes, {} cells)",
        args.out.display(),
        bytes.len(),
        weights.cells()
    );
    Ok(ExitCode::SUCCESS)
}
