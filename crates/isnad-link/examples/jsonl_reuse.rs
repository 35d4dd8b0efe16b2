//! Prints the reuse pairs of a JSON Lines corpus (`id`, `text`, `outlet`, `published` per
//! line; gzipped when the name ends in `.gz`), one JSON object per line, for inspection.
//!
//! `cargo run --release -p isnad-link --example jsonl_reuse -- CORPUS.jsonl.gz > pairs.jsonl`
//!
//! `ISNAD_LINK_PARAMS=min_words=10,max_gap=8` overrides parameters (see [`Params::with`]).

use std::io::{BufRead, BufReader, Read, Write};

use isnad_core::Document;
use isnad_link::{Params, ReuseIndex};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: jsonl_reuse CORPUS.jsonl[.gz]");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("cannot open {path}: {e}");
        std::process::exit(2)
    });
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut docs = Vec::new();
    for line in BufReader::new(reader).lines() {
        let line = line.expect("read a line");
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let s = |k: &str| v[k].as_str().map(str::to_owned);
        let Some(id) = s("id") else { continue };
        let mut doc = Document::new(id, path.clone(), s("text").unwrap_or_default());
        doc.outlet = s("outlet");
        doc.published = s("published");
        docs.push(doc);
    }
    let params = match std::env::var("ISNAD_LINK_PARAMS") {
        Ok(spec) => Params::default().with(&spec).unwrap_or_else(|e| {
            eprintln!("ISNAD_LINK_PARAMS: {e}");
            std::process::exit(2)
        }),
        Err(_) => Params::default(),
    };
    let mut index = ReuseIndex::new(params);
    index.add_all(&docs);
    let out = std::io::stdout();
    let mut out = out.lock();
    for r in index.finish() {
        writeln!(out, "{}", serde_json::to_string(&r).expect("serialise")).expect("write");
    }
}
