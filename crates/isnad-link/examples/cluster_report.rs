//! Prints what the clusters of a report look like: how many documents they hold and over
//! how many days, the largest of them with their type and whether their documents copy one
//! another, and those past the builder's bounds (more than 60 documents or 10 days).
//!
//! ```sh
//! ./target/release/isnad analyze CORPUS.jsonl.gz --format jsonl -q > report.jsonl
//! cargo run --release -p isnad-link --example cluster_report -- [--recluster] report.jsonl [CORPUS.jsonl.gz]
//! ```
//!
//! The report is read line by line, keeping only ids, dates, reuse pairs and clusters, so a
//! whole corpus's report (half a gigabyte for the news corpus) goes through in little memory.
//! With `--recluster`, the clusters are formed again by the builder as compiled, from the
//! report's documents and reuse pairs, which is what `isnad analyze` would give now without
//! analysing again: a change to the builder is seen on a whole corpus in seconds. When the
//! input corpus is given too, each document's `category` field (the ANT corpus has one:
//! `sport`, `economy`, `middleEast` ...) is counted: ingest does not keep it, so the report
//! cannot.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

use isnad_core::{Cluster, Document, Reuse};
use isnad_kb::Kb;
use isnad_link::clusters::{day_number, MAX_CLUSTER_DAYS, MAX_CLUSTER_DOCS};
use isnad_link::ClusterBuilder;
use serde::Deserialize;

/// Spread classes, in days from a cluster's first document to its last: each bound is the
/// largest spread of its class.
const SPREADS: &[(i64, &str)] = &[
    (0, "0"),
    (1, "1"),
    (3, "2-3"),
    (10, "4-10"),
    (i64::MAX, "over 10"),
];

/// How many of the largest clusters are listed.
const LARGEST: usize = 10;

/// Size classes of the distribution, in documents: each bound is the largest size of its class.
const CLASSES: &[(usize, &str)] = &[
    (2, "2"),
    (3, "3"),
    (5, "4-5"),
    (10, "6-10"),
    (20, "11-20"),
    (60, "21-60"),
    (usize::MAX, "over 60"),
];

#[derive(Deserialize)]
struct Line<T> {
    data: T,
}

/// What is kept of a document: its id and date.
#[derive(Deserialize)]
struct DocumentLine {
    id: String,
    published: Option<String>,
}

/// What is kept of an input line: its id and category.
#[derive(Deserialize)]
struct InputLine {
    id: Option<String>,
    category: Option<String>,
}

fn open(path: &str) -> Box<dyn BufRead> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("cannot open {path}: {e}");
        std::process::exit(2)
    });
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Box::new(BufReader::with_capacity(1 << 20, reader))
}

/// The `data` of a report line of the given type, or `None` for a line of another type.
fn data<T: for<'de> Deserialize<'de>>(line: &str, kind: &str) -> Option<T> {
    let prefix = format!("{{\"type\":\"{kind}\"");
    if !line.starts_with(&prefix) {
        return None;
    }
    match serde_json::from_str::<Line<T>>(line) {
        Ok(l) => Some(l.data),
        Err(e) => {
            eprintln!("skipping a {kind} line that does not parse: {e}");
            None
        }
    }
}

/// The documents of a cluster, from its members (`<document id>#<claim id>`).
fn documents(c: &Cluster) -> Vec<&str> {
    let mut docs: Vec<&str> = c
        .members
        .iter()
        .map(|m| m.rsplit_once('#').map_or(m.as_str(), |(d, _)| d))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

/// Whether two documents share copied text (`copies` holds each pair both ways).
fn copy(copies: &HashSet<(String, String)>, a: &str, b: &str) -> bool {
    copies.contains(&(a.to_owned(), b.to_owned()))
}

/// How many reuse pairs the documents make, and how many of the documents copy, or are
/// copied by, another of them.
fn copying(docs: &[&str], copies: &HashSet<(String, String)>) -> (usize, usize) {
    let mut pairs = 0;
    let mut copying = vec![false; docs.len()];
    for x in 0..docs.len() {
        for y in x + 1..docs.len() {
            if copy(copies, docs[x], docs[y]) {
                pairs += 1;
                copying[x] = true;
                copying[y] = true;
            }
        }
    }
    (pairs, copying.iter().filter(|&&c| c).count())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let recluster = args.iter().any(|a| a == "--recluster");
    args.retain(|a| a != "--recluster");
    let (report, input) = match &args[..] {
        [report] => (report, None),
        [report, input] => (report, Some(input)),
        _ => {
            eprintln!("usage: cluster_report [--recluster] REPORT.jsonl [CORPUS.jsonl[.gz]]");
            std::process::exit(2);
        }
    };

    let mut day: HashMap<String, Option<i64>> = HashMap::new();
    let mut copies: HashSet<(String, String)> = HashSet::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut builder = ClusterBuilder::new();
    let mut pairs: Vec<Reuse> = Vec::new();
    for line in open(report).lines() {
        let line = line.expect("read a line of the report");
        if recluster {
            if let Some(d) = data::<Document>(&line, "document") {
                day.insert(d.id.clone(), day_number(d.published.as_deref()));
                builder.add(&d);
                continue;
            }
        } else if let Some(d) = data::<DocumentLine>(&line, "document") {
            day.insert(d.id, day_number(d.published.as_deref()));
            continue;
        }
        if let Some(r) = data::<Reuse>(&line, "reuse") {
            copies.insert((r.b.clone(), r.a.clone()));
            copies.insert((r.a.clone(), r.b.clone()));
            if recluster {
                pairs.push(r);
            }
        } else if let Some(c) = data::<Cluster>(&line, "cluster") {
            if !recluster {
                clusters.push(c);
            }
        }
    }
    if recluster {
        clusters = builder.finish(&pairs, &Kb::bundled());
    }
    let mut category: HashMap<String, String> = HashMap::new();
    if let Some(input) = &input {
        for line in open(input).lines() {
            let line = line.expect("read a line of the input");
            if let Ok(InputLine {
                id: Some(id),
                category: Some(c),
            }) = serde_json::from_str(&line)
            {
                category.insert(id, c);
            }
        }
    }

    println!(
        "{} documents, {} reuse pairs, {} clusters",
        day.len(),
        copies.len() / 2,
        clusters.len()
    );
    let mut sizes: Vec<(usize, usize, usize)> = Vec::new(); // (documents, members, index)
    let mut classes = vec![0usize; CLASSES.len()];
    let mut spreads = vec![0usize; SPREADS.len()];
    let mut past_bounds = Vec::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let (mut over, mut over_uncopied) = (0, 0);
    let mut facts = Vec::new();
    for (n, c) in clusters.iter().enumerate() {
        let docs = documents(c);
        let class = CLASSES.iter().position(|&(max, _)| docs.len() <= max);
        classes[class.unwrap_or(CLASSES.len() - 1)] += 1;
        *by_type.entry(format!("{:?}", c.claim_type)).or_default() += 1;
        let days: Vec<i64> = docs
            .iter()
            .filter_map(|d| day.get(*d).copied().flatten())
            .collect();
        let spread = match (days.iter().min(), days.iter().max()) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        };
        let (pairs, copied) = copying(&docs, &copies);
        let class = SPREADS.iter().position(|&(max, _)| spread <= max);
        spreads[class.unwrap_or(SPREADS.len() - 1)] += 1;
        if docs.len() > MAX_CLUSTER_DOCS || spread > MAX_CLUSTER_DAYS {
            over += 1;
            past_bounds.push(n);
            if copied < docs.len() {
                over_uncopied += 1;
            }
        }
        sizes.push((docs.len(), c.members.len(), n));
        facts.push((spread, pairs, copied));
    }

    println!("\ndocuments per cluster:");
    for ((_, name), n) in CLASSES.iter().zip(&classes) {
        println!("  {name:>8}: {n}");
    }
    println!("days from first document to last:");
    for ((_, name), n) in SPREADS.iter().zip(&spreads) {
        println!("  {name:>8}: {n}");
    }
    println!("clusters by type: {by_type:?}");
    println!(
        "over {MAX_CLUSTER_DOCS} documents or {MAX_CLUSTER_DAYS} days: {over} \
         ({over_uncopied} with a document that copies no other member)"
    );

    if !category.is_empty() {
        // Clusters whose documents all come from one section of the outlets, and of those
        // from the sports pages, the types (a match is no attack).
        let mut one_section: BTreeMap<&str, usize> = BTreeMap::new();
        let mut sport: BTreeMap<String, usize> = BTreeMap::new();
        for c in &clusters {
            let cats: BTreeSet<Option<&String>> =
                documents(c).iter().map(|d| category.get(*d)).collect();
            if let [Some(cat)] = cats.into_iter().collect::<Vec<_>>()[..] {
                *one_section.entry(cat.as_str()).or_default() += 1;
                if cat == "sport" {
                    *sport.entry(format!("{:?}", c.claim_type)).or_default() += 1;
                }
            }
        }
        println!("clusters all of one category: {one_section:?}");
        println!("  of them sport, by type: {sport:?}");
    }

    sizes.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    println!("\nthe {LARGEST} largest (documents, members, days from first to last, reuse pairs among the documents, documents copying another member, categories):");
    for &(docs, members, n) in sizes.iter().take(LARGEST) {
        let c = &clusters[n];
        let (spread, pairs, copied) = facts[n];
        let mut cats: BTreeMap<&str, usize> = BTreeMap::new();
        for d in documents(c) {
            if let Some(cat) = category.get(d) {
                *cats.entry(cat.as_str()).or_default() += 1;
            }
        }
        println!(
            "  {} {:?}: {docs} documents, {members} members, {spread} days, {pairs} reuse pairs, \
             {copied} copying; {cats:?}\n      {}",
            c.id, c.claim_type, c.summary
        );
    }

    println!("\npast the bounds (at most {LARGEST}):");
    for &n in past_bounds.iter().take(LARGEST) {
        let c = &clusters[n];
        let (spread, pairs, copied) = facts[n];
        println!(
            "  {} {:?}: {} documents, {spread} days, {pairs} reuse pairs, {copied} copying\n      {}",
            c.id,
            c.claim_type,
            documents(c).len(),
            c.summary
        );
    }
}
