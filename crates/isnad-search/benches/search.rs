//! Indexing time, index size and search latency on the real news corpus.
//!
//! `cargo bench -p isnad-search` reads `/work/shared/data/news/ant_multisource.jsonl.gz` (or the
//! file named by `ISNAD_CORPUS`), indexes every article into a temporary directory (or into
//! `ISNAD_INDEX_DIR`, emptied first), and reports the time and the size on disk. Then it runs a
//! fixed set of typical queries (single words, clitic forms, phrases, AND/OR/NOT, with and
//! without an outlet or date filter, and filter-only listings), each `ROUNDS` times in
//! interleaved rounds, with the top 10 hits and their snippets, and prints the median and 99th
//! percentile latency over all runs and the median per query. The targets: median under
//! 10 ms, p99 under 50 ms. If the corpus is missing it says so and exits 0.
//!
//! With `ISNAD_STORE_INDEX=DIR/index` it builds nothing and times the index an
//! `isnad ingest --data DIR` wrote, adding queries on what only a store indexes: entities,
//! claim types, source kinds and copying.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use isnad_core::{ClaimType, SourceKind};
use isnad_search::{Filters, IndexedDoc, SearchIndex};

const ROUNDS: usize = 40;
const LIMIT: usize = 10;

fn corpus_path() -> PathBuf {
    std::env::var_os("ISNAD_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/news/ant_multisource.jsonl.gz")
        },
        PathBuf::from,
    )
}

/// One article as the corpus gives it.
struct Article {
    id: String,
    outlet: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: String,
}

fn read_corpus(path: &Path) -> std::io::Result<Vec<Article>> {
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let field = |names: &[&str]| names.iter().find_map(|n| v[*n].as_str()).map(str::to_owned);
        out.push(Article {
            id: field(&["id"]).unwrap_or_default(),
            outlet: field(&["outlet", "source"]),
            published: field(&["published", "date"]),
            title: field(&["title"]),
            text: field(&["text"]).unwrap_or_default(),
        });
    }
    Ok(out)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// The query set: (label, query, filters).
fn queries() -> Vec<(&'static str, &'static str, Filters)> {
    let outlet = || Filters {
        outlet: Some("العربية".into()),
        ..Filters::default()
    };
    let march = || Filters {
        from: Some("2018-03-01".into()),
        to: Some("2018-03-31".into()),
        ..Filters::default()
    };
    let both = || Filters {
        outlet: Some("سكاي نيوز عربية".into()),
        from: Some("2018-01-01".into()),
        to: Some("2018-06-30".into()),
        ..Filters::default()
    };
    let none = Filters::default;
    vec![
        ("word", "سوريا", none()),
        ("word", "ترامب", none()),
        ("word", "النفط", none()),
        ("word", "الانتخابات", none()),
        ("word", "إيران", none()),
        ("word", "اللاجئين", none()),
        ("word", "الاقتصاد", none()),
        ("word", "الحوثيين", none()),
        ("latin", "Facebook", none()),
        ("clitic", "بالحسكة", none()),
        ("clitic", "والحكومة", none()),
        ("clitic", "للوزارة", none()),
        ("clitic", "بدمشق", none()),
        ("clitic", "وبالعراق", none()),
        ("phrase", "\"وزارة الصحة\"", none()),
        ("phrase", "\"الأمم المتحدة\"", none()),
        ("phrase", "\"مجلس الأمن\"", none()),
        ("phrase", "\"البيت الأبيض\"", none()),
        ("phrase", "\"ولي العهد السعودي\"", none()),
        ("and", "قصف حلب", none()),
        ("and", "وزير الخارجية الأمريكي", none()),
        ("and", "أسعار النفط", none()),
        ("or/not", "السعودية OR الإمارات", none()),
        ("or/not", "غزة -إسرائيل", none()),
        ("exact", "exact:\"وزارة الخارجية\"", none()),
        ("outlet", "سوريا", outlet()),
        ("outlet", "\"الأمم المتحدة\"", outlet()),
        ("date", "ترامب", march()),
        ("date", "بالحسكة", march()),
        ("outlet+date", "النفط", both()),
        ("list", "", outlet()),
        ("list", "", march()),
    ]
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Queries on the fields `isnad ingest` fills from the analysis.
fn store_queries() -> Vec<(&'static str, &'static str, Filters)> {
    let f = |entity: Option<&str>,
             claim: Option<ClaimType>,
             kind: Option<SourceKind>,
             copies: bool| Filters {
        entity: entity.map(str::to_owned),
        claim_type: claim,
        source_kind: kind,
        copies_only: copies,
        ..Filters::default()
    };
    vec![
        ("entity", "", f(Some("روسيا"), None, None, false)),
        ("entity", "الرقة", f(Some("isnad:isis"), None, None, false)),
        ("type", "", f(None, Some(ClaimType::Attack), None, false)),
        (
            "type+kind",
            "سوريا",
            f(
                None,
                Some(ClaimType::Kill),
                Some(SourceKind::Anonymous),
                false,
            ),
        ),
        (
            "kind",
            "",
            f(None, None, Some(SourceKind::Anonymous), false),
        ),
        ("copies", "ترامب", f(None, None, None, true)),
        (
            "all",
            "",
            f(
                Some("isnad:isis"),
                Some(ClaimType::Attack),
                Some(SourceKind::Official),
                false,
            ),
        ),
    ]
}

fn main() {
    if let Some(dir) = std::env::var_os("ISNAD_STORE_INDEX") {
        let index = SearchIndex::open(Path::new(&dir)).expect("the store's index opens");
        println!(
            "store index {}: {} docs",
            Path::new(&dir).display(),
            index.num_docs().unwrap()
        );
        let mut all = queries();
        all.extend(store_queries());
        time_queries(&index, &all);
        return;
    }
    let path = corpus_path();
    if !path.exists() {
        println!(
            "search bench: corpus {} not found (set ISNAD_CORPUS); skipping",
            path.display()
        );
        return;
    }
    let started = Instant::now();
    let articles = read_corpus(&path).expect("corpus readable");
    println!(
        "read {} articles in {:.1} s",
        articles.len(),
        started.elapsed().as_secs_f64()
    );

    let temp;
    let dir = match std::env::var_os("ISNAD_INDEX_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            let _ = std::fs::remove_dir_all(&d);
            d
        }
        None => {
            temp = tempfile::tempdir().expect("temporary directory");
            temp.path().to_owned()
        }
    };
    let index = SearchIndex::open(&dir).expect("index opens");
    let started = Instant::now();
    let mut writer = index.writer().expect("writer");
    for (key, a) in articles.iter().enumerate() {
        writer
            .upsert(&IndexedDoc {
                key: key as u64,
                id: &a.id,
                outlet: a.outlet.as_deref(),
                published: a.published.as_deref(),
                title: a.title.as_deref(),
                text: &a.text,
                ..IndexedDoc::default()
            })
            .expect("upsert");
    }
    writer.commit().expect("commit");
    let indexed = started.elapsed();
    writer.wait_merging_threads().expect("merges finish");
    let merged = started.elapsed();
    let text_mb = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "indexed {} docs ({text_mb:.0} MB of text) in {:.1} s ({:.0} docs/s), {:.1} s with merges; \
         index {:.0} MB in {} segments",
        index.num_docs().unwrap(),
        indexed.as_secs_f64(),
        articles.len() as f64 / indexed.as_secs_f64(),
        merged.as_secs_f64(),
        dir_size(&dir) as f64 / 1e6,
        index.num_segments().unwrap(),
    );

    time_queries(&index, &queries());
}

/// Runs each query once to warm the caches and show its hits, then `ROUNDS` interleaved
/// rounds, and prints the latencies.
fn time_queries(index: &SearchIndex, queries: &[(&str, &str, Filters)]) {
    // Warm the caches once and show what each query finds.
    for (label, q, f) in queries {
        let hits = index.search(q, f, LIMIT).expect("query runs");
        println!("  {label:<11} {q:<32} {:>6} hits", hits.total);
    }
    let mut all = Vec::with_capacity(queries.len() * ROUNDS);
    let mut per_query = vec![Vec::with_capacity(ROUNDS); queries.len()];
    for _ in 0..ROUNDS {
        for (i, (_, q, f)) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = index.search(q, f, LIMIT).expect("query runs");
            let took = t.elapsed();
            std::hint::black_box(hits);
            all.push(took);
            per_query[i].push(took);
        }
    }
    all.sort();
    println!(
        "{} queries x {ROUNDS} rounds, top {LIMIT} with snippets: median {}, p99 {}, max {}",
        queries.len(),
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap()),
    );
    for ((label, q, _), times) in queries.iter().zip(&mut per_query) {
        times.sort();
        println!(
            "  {label:<11} {q:<32} median {:>9}  p99 {:>9}",
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99))
        );
    }
}
