//! `isnad train topic`: the topic classifier, from the news corpus' section labels.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use isnad_core::Topic;
use isnad_extract::topic::{self, TopicModel};
use isnad_text::TextLayer;

/// Arguments of `isnad train topic`.
#[derive(Args)]
pub struct TrainTopicArgs {
    /// The news corpus: JSON Lines (gzip or plain) with `text` and `category`.
    #[arg(long, default_value = "../shared/data/news/ant_multisource.jsonl.gz")]
    corpus: PathBuf,
    /// Passes over the training articles.
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Weights smaller than this are dropped (they decide nothing and fill the file).
    #[arg(long, default_value_t = 2.0)]
    prune: f32,
    /// Where the weights are written.
    #[arg(long, default_value = "crates/isnad-extract/models/topic.bin")]
    out: PathBuf,
}

/// Runs `isnad train topic`: every tenth article is held out and scored, the rest trained on
/// in an order shuffled by a fixed seed (the corpus is sorted by section).
pub fn train(args: TrainTopicArgs) -> Result<ExitCode> {
    let file = std::fs::File::open(&args.corpus)
        .with_context(|| format!("could not open {}", args.corpus.display()))?;
    let reader: Box<dyn BufRead> = if args.corpus.extension().is_some_and(|e| e == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let mut train = Vec::new();
    let mut held = Vec::new();
    let mut feats = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}", args.corpus.display(), n + 1))?;
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let (Some(text), Some(topic)) = (
            doc["text"].as_str(),
            doc["category"].as_str().and_then(topic::of_section),
        ) else {
            continue;
        };
        topic::features(&TextLayer::new(text), &mut feats);
        let example = (feats.clone(), topic);
        if n % 10 == 0 {
            held.push(example);
        } else {
            train.push(example);
        }
    }
    if train.is_empty() {
        bail!(
            "{} holds no article with a text and a known category",
            args.corpus.display()
        );
    }
    shuffle(&mut train, 0x15AD);
    let mut weights = topic::train(&train, args.epochs);
    weights.prune(args.prune);
    let model = TopicModel::new(&weights);
    let k = Topic::ALL.len();
    let mut confusion = vec![vec![0usize; k]; k];
    for (feats, gold) in &held {
        let guess = model.classify(feats);
        confusion[topic::class_of(*gold)][topic::class_of(guess)] += 1;
    }
    let right: usize = (0..k).map(|i| confusion[i][i]).sum();
    println!(
        "held out: {} articles, accuracy {:.3} (trained on {}, {} cells)",
        held.len(),
        right as f64 / held.len().max(1) as f64,
        train.len(),
        weights.cells()
    );
    for (i, t) in Topic::ALL.iter().enumerate() {
        let gold: usize = confusion[i].iter().sum();
        let guessed: usize = (0..k).map(|g| confusion[g][i]).sum();
        let p = confusion[i][i] as f64 / guessed.max(1) as f64;
        let r = confusion[i][i] as f64 / gold.max(1) as f64;
        println!(
            "  {:<10} P {p:.3}  R {r:.3}  F1 {:.3}  ({gold} articles; as {:?})",
            t.as_str(),
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
            confusion[i]
        );
    }
    // What the margin over news trades: news articles taken for sport (which lose their
    // conflict events) against sport articles left in the news.
    println!("  margin over news: news taken for sport / sport kept as sport");
    for margin in [0.0, 1.0, 2.0, 5.0, 10.0, 20.0] {
        let count = |gold: Topic| {
            held.iter()
                .filter(|(f, g)| *g == gold && model.classify_with(f, margin) == Topic::Sport)
                .count()
        };
        println!(
            "  {margin:>5}: {} / {} of {}",
            count(Topic::News),
            count(Topic::Sport),
            confusion[1].iter().sum::<usize>()
        );
    }
    std::fs::write(&args.out, weights.to_bytes())
        .with_context(|| format!("could not write {}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// Fisher–Yates with a fixed xorshift generator, so training is the same on every run.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut x = seed | 1;
    for i in (1..items.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        items.swap(i, (x % (i as u64 + 1)) as usize);
    }
}
