//! Cost of reuse detection on the real news corpus, as it grows.
//!
//! `cargo bench -p isnad-link` reads `/work/shared/data/news/ant_multisource.jsonl.gz` (or the
//! file named by `ISNAD_CORPUS`) and, for the first 1,000, 10,000 and all documents, builds a
//! fresh [`ReuseIndex`], adds the documents (fingerprinting on all cores) and finishes it
//! (candidates and alignment on all cores). It prints wall seconds, CPU seconds (user and
//! system, all threads), pairs found and peak RSS
//! (VmHWM, reset before each size through `/proc/self/clear_refs`, so each row includes the
//! documents already read, given on the first line). If the corpus is missing it says so and
//! exits 0.
//!
//! `-- --dump DIR` instead writes what `benches/datasketch_compare.py` needs: every document's
//! distinct shingle hashes (`shingles.bin`: per document a little-endian `u32` count and that
//! many `u64`s), the index's candidate pairs with the seconds it took to find them from the
//! fingerprints and the seconds fingerprinting took (`candidates.tsv`: earlier key, later
//! key, shared shingles), and the reuse pairs after
//! alignment (`pairs.tsv`: key of `a`, key of `b`, score).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use isnad_core::Document;
use isnad_link::{shingles, Fingerprint, Params, ReuseIndex};
use rayon::prelude::*;

fn corpus_path() -> PathBuf {
    std::env::var_os("ISNAD_CORPUS").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/news/ant_multisource.jsonl.gz")
        },
        PathBuf::from,
    )
}

/// One JSON line of the corpus as a document with its outlet and date.
fn document(line: &str) -> Option<Document> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let s = |k: &str| v[k].as_str().map(str::to_owned);
    let mut doc = Document::new(s("id")?, "corpus", s("text").unwrap_or_default());
    doc.outlet = s("outlet");
    doc.published = s("published");
    doc.title = s("title");
    Some(doc)
}

fn read(path: &PathBuf) -> std::io::Result<Vec<Document>> {
    let file = std::fs::File::open(path)?;
    let lines: Vec<String> = BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .collect::<Result<_, _>>()?;
    Ok(lines.par_iter().filter_map(|l| document(l)).collect())
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// User plus system CPU seconds of this process so far, from `/proc/self/stat` (clock ticks
/// of 1/100 s, the Linux default). Wall time on a shared machine varies with the load; CPU
/// time does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn reset_peak_rss() {
    // "5" resets VmHWM to the current RSS (Linux 4.0 and later); harmless elsewhere.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn dump(docs: &[Document], dir: &PathBuf) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let params = Params::default();
    let mut out = BufWriter::new(std::fs::File::create(dir.join("shingles.bin"))?);
    let t = Instant::now();
    let fps: Vec<Fingerprint> = docs.par_iter().map(Fingerprint::new).collect();
    let fingerprint_s = t.elapsed().as_secs_f64();
    for fp in &fps {
        let sh = shingles(&fp.tokens, params.shingle);
        out.write_all(&(sh.len() as u32).to_le_bytes())?;
        for h in sh {
            out.write_all(&h.to_le_bytes())?;
        }
    }
    out.flush()?;
    // Candidate generation alone, from fingerprints made above (as datasketch gets the
    // shingles ready-made): index and query.
    let t = Instant::now();
    let mut index = ReuseIndex::new(params);
    for fp in fps {
        index.insert(fp);
    }
    let cands = index.all_candidates();
    let secs = t.elapsed().as_secs_f64();
    let mut out = BufWriter::new(std::fs::File::create(dir.join("candidates.tsv"))?);
    writeln!(out, "# seconds\t{secs:.3}\t{fingerprint_s:.3}")?;
    for (k, cs) in cands.iter().enumerate() {
        for &(o, shared) in cs {
            writeln!(out, "{o}\t{k}\t{shared}")?;
        }
    }
    out.flush()?;
    let t = Instant::now();
    let pairs = index.finish();
    let all = fingerprint_s + secs + t.elapsed().as_secs_f64();
    let keys: std::collections::HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(k, d)| (d.id.as_str(), k))
        .collect();
    let mut out = BufWriter::new(std::fs::File::create(dir.join("pairs.tsv"))?);
    writeln!(out, "# seconds\t{all:.3}")?;
    for r in &pairs {
        writeln!(
            out,
            "{}\t{}\t{}",
            keys[r.a.as_str()],
            keys[r.b.as_str()],
            r.score
        )?;
    }
    out.flush()?;
    println!(
        "dumped {} documents to {}; fingerprints in {fingerprint_s:.2}s, {} candidates in \
         {secs:.2}s, {} pairs after alignment, {all:.2}s in all",
        docs.len(),
        dir.display(),
        cands.iter().map(Vec::len).sum::<usize>(),
        pairs.len()
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // in a debug build, where the whole corpus would take minutes.
    if !args.iter().any(|a| a == "--bench" || a == "--dump") {
        println!("reuse benchmark: run it with `cargo bench -p isnad-link`; skipping.");
        return;
    }
    let path = corpus_path();
    if !path.exists() {
        println!(
            "corpus not found at {}; set ISNAD_CORPUS to a .jsonl.gz file with `id`, `text`, \
             `outlet` and `published` fields. Skipping the benchmark.",
            path.display()
        );
        return;
    }
    let t = Instant::now();
    let docs = read(&path).expect("read the corpus");
    let read_s = t.elapsed().as_secs_f64();
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        let dir = PathBuf::from(args.get(i + 1).expect("--dump DIR"));
        dump(&docs, &dir).expect("write the dump");
        return;
    }
    let base = peak_rss_mib().unwrap_or(0.0);
    println!(
        "isnad-link reuse on {} ({} articles, read in {read_s:.1}s, {base:.0} MiB peak after reading; {} threads)",
        path.display(),
        docs.len(),
        rayon::current_num_threads()
    );
    println!(
        "{:>8} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "docs", "add s", "finish s", "total s", "cpu s", "pairs", "peak MiB"
    );
    for n in [1_000, 10_000, docs.len()] {
        let n = n.min(docs.len());
        reset_peak_rss();
        let cpu = cpu_seconds();
        let t = Instant::now();
        let mut index = ReuseIndex::new(Params::default());
        index.add_all(&docs[..n]);
        let add = t.elapsed().as_secs_f64();
        let pairs = index.finish();
        let total = t.elapsed().as_secs_f64();
        let cpu = match (cpu, cpu_seconds()) {
            (Some(a), Some(b)) => format!("{:.2}", b - a),
            _ => "?".to_owned(),
        };
        let rss = peak_rss_mib().map_or("?".to_owned(), |m| format!("{m:.0}"));
        println!(
            "{n:>8} {add:>9.2} {:>9.2} {total:>9.2} {cpu:>9} {:>9} {rss:>11}",
            total - add,
            pairs.len()
        );
        drop(pairs);
        drop(index);
    }
}
