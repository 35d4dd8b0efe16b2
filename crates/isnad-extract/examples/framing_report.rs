//! Runs the framing stage on every line of a JSONL file (ArAIEval or ArMPro shape: `id`,
//! `text`) and prints a report whose documents are those lines, for
//! `python3 ../shared/eval/score.py framing <gold.jsonl> report.json`.
//!
//! ```text
//! cargo run --release -p isnad-extract --example framing_report -- \
//!     ../shared/data/framing/armpro_dev.input.jsonl \
//!     --gold ../shared/data/framing/armpro_dev.gold.jsonl > report.json
//! ```
//!
//! Options: `--gold FILE` prints micro P/R/F1, the yes/no accuracy of "has a technique" (task
//! 1A's metric: micro-F1 over both classes) and a per-technique table to stderr (gold labels
//! may also be inline, as in the ArAIEval files: pass the input again); `--model FILE` uses
//! that model instead of the committed one; `--lexicon-only` runs without the classifier;
//! `--exclude-seen FILE` drops lines whose text occurs in FILE (a training set); `--speed`
//! prints throughput.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use isnad_core::Document;
use isnad_extract::framing::features::Featurizer;
use isnad_extract::framing::{FramingStage, Lexicon, Model};
use isnad_extract::Stage;
use isnad_text::TextLayer;
use serde_json::Value;

fn read(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn gold_labels(v: &Value) -> Option<HashSet<String>> {
    if let Some(a) = v.get("labels").and_then(Value::as_array) {
        return Some(
            a.iter()
                .filter_map(|x| x.as_str().or_else(|| x.get("technique")?.as_str()))
                .filter(|l| *l != "no_technique")
                .map(str::to_owned)
                .collect(),
        );
    }
    let l = v.get("label")?;
    let yes = l.as_bool().unwrap_or(false) || matches!(l.as_str(), Some("true" | "1"));
    Some(if yes {
        HashSet::from(["any".to_owned()])
    } else {
        HashSet::new()
    })
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = None;
    let (mut gold, mut model, mut exclude) = (None, None, None);
    let (mut lexicon_only, mut speed) = (false, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--gold" => gold = it.next().cloned(),
            "--model" => model = it.next().cloned(),
            "--exclude-seen" => exclude = it.next().cloned(),
            "--lexicon-only" => lexicon_only = true,
            "--speed" => speed = true,
            _ => input = Some(a.clone()),
        }
    }
    let input = input.expect("usage: framing_report INPUT.jsonl [--gold G] [--model M] ...");
    let stage = if lexicon_only {
        FramingStage::lexicon_only()
    } else if let Some(m) = model {
        let bytes = std::fs::read(&m).expect("model file");
        FramingStage::with_parts(
            Featurizer::new(Lexicon::bundled(), Featurizer::bundled_kb_names()),
            Some(Model::from_bytes(&bytes).expect("a framing model")),
        )
    } else {
        FramingStage::new()
    };
    let seen: HashSet<String> = exclude
        .map(|p| read(&p).iter().map(|v| s(v, "text").to_owned()).collect())
        .unwrap_or_default();
    let rows: Vec<Value> = read(&input)
        .into_iter()
        .filter(|v| !seen.contains(s(v, "text")))
        .collect();
    let t0 = Instant::now();
    let mut bytes = 0usize;
    let mut docs = Vec::with_capacity(rows.len());
    for v in &rows {
        let mut d = Document::new(s(v, "id"), input.clone(), s(v, "text"));
        d.outlet = v.get("outlet").and_then(Value::as_str).map(str::to_owned);
        let layer = TextLayer::new(&d.text);
        stage.run(&mut d, &layer);
        bytes += d.text.len();
        docs.push(d);
    }
    let secs = t0.elapsed().as_secs_f64();
    if speed {
        eprintln!(
            "{} documents, {:.2} MB in {:.3}s: {:.2} MB/s (one thread, text layer included)",
            docs.len(),
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs
        );
    }
    if let Some(g) = gold {
        let gold: HashMap<String, HashSet<String>> = read(&g)
            .iter()
            .filter_map(|v| Some((s(v, "id").to_owned(), gold_labels(v)?)))
            .collect();
        let binary = gold.values().any(|x| x.contains("any"));
        let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        // The yes/no view (task 1A: a document has a technique when it has any span).
        let (mut right, mut yes, mut gold_yes, mut scored) = (0usize, 0usize, 0usize, 0usize);
        for d in &docs {
            let Some(gl) = gold.get(&d.id) else { continue };
            scored += 1;
            let (g, p) = (!gl.is_empty(), !d.framing.is_empty());
            right += usize::from(g == p);
            yes += usize::from(p);
            gold_yes += usize::from(g);
            let mut pl: HashSet<String> = d.framing.iter().map(|f| f.technique.clone()).collect();
            if binary {
                pl = if pl.is_empty() {
                    HashSet::new()
                } else {
                    HashSet::from(["any".to_owned()])
                };
            }
            for l in gl.union(&pl) {
                let e = per.entry(l.clone()).or_default();
                match (gl.contains(l), pl.contains(l)) {
                    (true, true) => e.0 += 1,
                    (false, true) => e.1 += 1,
                    (true, false) => e.2 += 1,
                    _ => {}
                }
            }
            tp += gl.intersection(&pl).count();
            fp += pl.difference(gl).count();
            fn_ += gl.difference(&pl).count();
        }
        let (p, r, f) = prf(tp, fp, fn_);
        eprintln!(
            "{} documents: micro P {p:.3} R {r:.3} F1 {f:.3} (tp {tp} fp {fp} fn {fn_})",
            docs.len()
        );
        let n = scored.max(1) as f64;
        eprintln!(
            "has a technique: accuracy {:.3} (always-yes {:.3}), said yes for {yes} of {scored} (gold {gold_yes})",
            right as f64 / n,
            gold_yes as f64 / n
        );
        eprintln!("| technique | gold | pred | P | R | F1 |");
        eprintln!("|---|---:|---:|---:|---:|---:|");
        for (l, (tp, fp, fn_)) in &per {
            let (p, r, f) = prf(*tp, *fp, *fn_);
            eprintln!(
                "| {l} | {} | {} | {p:.2} | {r:.2} | {f:.2} |",
                tp + fn_,
                tp + fp
            );
        }
    }
    let report = serde_json::json!({ "documents": docs });
    println!("{}", serde_json::to_string(&report).expect("serialisable"));
}
