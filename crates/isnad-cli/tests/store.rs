//! End-to-end tests of the data directory: `isnad ingest`, `report`, `search`, `entity`,
//! `claims`, and what happens when processes crash or collide.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{isnad, json_report, repo_root, shared_data};
use serde_json::Value;

fn data_arg(dir: &Path) -> String {
    dir.to_str().unwrap().to_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "isnad failed ({:?}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ingest(dir: &Path, inputs: &[&str]) -> String {
    let out = ingest_output(dir, inputs);
    ok(&out);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ingest_output(dir: &Path, inputs: &[&str]) -> Output {
    let data = data_arg(dir);
    let mut args = vec!["ingest", "--data", &data];
    args.extend(inputs);
    isnad(&args)
}

/// Ingests real articles, a few of which hold no text: exit code 1, the rest stored.
fn ingest_corpus(dir: &Path, input: &Path) {
    let out = ingest_output(dir, &[input.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{err}");
    assert!(err.contains("stored "), "{err}");
}

fn report(dir: &Path) -> Value {
    let out = isnad(&["report", "--data", &data_arg(dir), "--format", "json"]);
    ok(&out);
    json_report(&out)
}

fn search(dir: &Path, args: &[&str]) -> Value {
    let data = data_arg(dir);
    let mut all = vec!["search", "--data", &data, "--format", "json"];
    all.extend(args);
    let out = isnad(&all);
    serde_json::from_str(&ok(&out)).unwrap()
}

fn hit_ids(hits: &Value) -> Vec<String> {
    let mut ids: Vec<String> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

/// What two reports must share: documents, reuse pairs and cluster memberships (cluster ids
/// differ: the store's are its own keys).
type ReportDigest = (Vec<String>, Vec<(String, String, String)>, Vec<Vec<String>>);

fn digest(r: &Value) -> ReportDigest {
    let docs = r["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    let mut pairs: Vec<_> = r["reuse"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["a"].as_str().unwrap().to_owned(),
                p["b"].as_str().unwrap().to_owned(),
                p["score"].to_string(),
            )
        })
        .collect();
    pairs.sort();
    let mut clusters: Vec<Vec<String>> = r["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let mut m: Vec<String> = c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap().to_owned())
                .collect();
            m.sort();
            m
        })
        .collect();
    clusters.sort();
    (docs, pairs, clusters)
}

#[test]
fn the_stored_report_equals_the_one_off_report_and_reingesting_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let said = ingest(dir.path(), &["examples/"]);
    assert!(said.contains("stored 6 new document(s)"), "{said}");
    let stored = report(dir.path());
    assert_eq!(stored["format"], "isnad-report/1");
    let analysed = json_report(&isnad(&[
        "analyze",
        "examples/",
        "--format",
        "json",
        "--quiet",
    ]));
    assert_eq!(digest(&stored), digest(&analysed));
    assert_eq!(stored["documents"], analysed["documents"]);

    let again = ingest(dir.path(), &["examples/"]);
    assert!(
        again.contains("stored 0 new document(s), 6 already in the store"),
        "{again}"
    );
    assert_eq!(digest(&report(dir.path())), digest(&analysed));
}

#[test]
fn gold_articles_ingested_in_two_batches_link_as_in_one_run() {
    let Some(gold) = shared_data("gold/dev.input.jsonl") else {
        return;
    };
    let lines: Vec<String> = std::fs::read_to_string(&gold)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let half = lines.len() / 2;
    let first = tmp.path().join("first.jsonl");
    let second = tmp.path().join("second.jsonl");
    std::fs::write(&first, lines[..half].join("\n")).unwrap();
    std::fs::write(&second, lines[half..].join("\n")).unwrap();
    let data = tmp.path().join("data");
    ingest(&data, &[first.to_str().unwrap()]);
    ingest(&data, &[second.to_str().unwrap()]);
    let stored = report(&data);
    let analysed = json_report(&isnad(&[
        "analyze",
        gold.to_str().unwrap(),
        "--format",
        "json",
        "--quiet",
    ]));
    let (docs, pairs, clusters) = digest(&stored);
    let (docs_once, pairs_once, clusters_once) = digest(&analysed);
    assert_eq!(docs, docs_once);
    assert_eq!(pairs, pairs_once, "reuse pairs differ");
    assert_eq!(clusters, clusters_once, "clusters differ");
}

#[test]
fn search_folds_clitics_and_spellings_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &["examples/"]);
    let plain = search(dir.path(), &["الحسكة"]);
    assert!(plain["total"].as_u64().unwrap() >= 4, "{plain}");
    for form in ["بالحسكة", "والحسكة", "الحسكه", "الحَسَكَة"] {
        assert_eq!(
            hit_ids(&search(dir.path(), &[form])),
            hit_ids(&plain),
            "{form}"
        );
    }
    let hit = &plain["hits"][0];
    for key in ["id", "outlet", "published", "title", "snippet", "score"] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert!(hit["snippet"].as_str().unwrap().contains("<b>"), "{hit}");

    let phrase = search(dir.path(), &["\"سجن غويران\""]);
    assert!(phrase["total"].as_u64().unwrap() >= 3, "{phrase}");

    let jisr = search(dir.path(), &["الحسكة", "--outlet", "الجسر نت"]);
    assert_eq!(hit_ids(&jisr), ["jisr-4471"]);
    let dated = search(
        dir.path(),
        &["", "--from", "2026-03-11", "--to", "2026-03-11"],
    );
    assert!(dated["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["published"] == "2026-03-11"));
    assert!(dated["total"].as_u64().unwrap() >= 2, "{dated}");

    // داعش and تنظيم الدولة are one entity.
    let isis = hit_ids(&search(dir.path(), &["", "--entity", "داعش"]));
    assert_eq!(
        isis,
        hit_ids(&search(dir.path(), &["", "--entity", "تنظيم الدولة"]))
    );
    assert!(isis.contains(&"jisr-4471".to_owned()), "{isis:?}");

    let anonymous = hit_ids(&search(
        dir.path(),
        &["", "--type", "transfer", "--source-kind", "anonymous"],
    ));
    assert!(!anonymous.is_empty());
    let copies = hit_ids(&search(dir.path(), &["", "--copies"]));
    assert!(!copies.is_empty() && copies.len() < 6, "{copies:?}");
    assert!(
        !copies.contains(&"sindiyan-2026-03-10".to_owned()),
        "the agency copies no one"
    );
}

#[test]
fn entity_and_claims_answer_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &["examples/"]);
    let data = data_arg(dir.path());
    let out = ok(&isnad(&[
        "entity", "داعش", "--data", &data, "--format", "json",
    ]));
    let e: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(e["kb_id"], "isnad:isis");
    assert!(e["mentions"].as_array().unwrap().len() >= 4);
    assert!(!e["claims"].as_array().unwrap().is_empty());
    assert!(e["cooccurring"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["kb_id"] == "geonames:173811"));

    let out = ok(&isnad(&[
        "claims",
        "--data",
        &data,
        "--type",
        "transfer",
        "--source-kind",
        "anonymous",
        "--format",
        "json",
    ]));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r["claim"]["type"], "transfer");
        assert_eq!(
            r["chain"].as_array().unwrap().last().unwrap()["kind"],
            "anonymous"
        );
    }
    let text = ok(&isnad(&["claims", "--data", &data, "--type", "transfer"]));
    assert!(text.contains("←"), "chains are shown: {text}");

    let out = ok(&isnad(&[
        "claims",
        "--data",
        &data,
        "--source-kind",
        "asserted",
        "--format",
        "json",
    ]));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["claim"]["attribution"].is_null()));
}

#[test]
fn a_misspelt_type_or_kind_is_refused_with_the_valid_ones_before_the_store_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    // No store here: the argument must be refused before one is looked for.
    let missing = data_arg(&dir.path().join("no-store"));
    let out = isnad(&["claims", "--data", &missing, "--type", "atack"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("\"atack\"") && err.contains("attack"), "{err}");
    assert!(err.contains("valid types: transfer, escape"), "{err}");

    let out = isnad(&["claims", "--data", &missing, "--source-kind", "anonymus"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("anonymous") && err.contains("asserted"),
        "{err}"
    );

    // `search` has no `asserted`: it filters documents by their chains' last links.
    let out = isnad(&["search", "--data", &missing, "--source-kind", "asserted"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("valid kinds: anonymous"), "{err}");
    assert!(!dir.path().join("no-store").exists());
}

#[test]
fn a_second_writer_is_told_the_store_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &["examples/madar-2026-03-10.html"]);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join("lock"))
        .unwrap();
    lock.lock().unwrap();
    let out = isnad(&["ingest", "--data", &data_arg(dir.path()), "examples/"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("busy"), "{err}");
    // Readers are not blocked by a writer.
    assert_eq!(report(dir.path())["documents"].as_array().unwrap().len(), 1);
    drop(lock);
    ingest(dir.path(), &["examples/"]);
}

#[test]
fn a_store_from_a_newer_isnad_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &["examples/madar-2026-03-10.html"]);
    let db = dir.path().join("store.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    for args in [vec!["report"], vec!["ingest", "examples/"]] {
        let mut all = args.clone();
        let data = data_arg(dir.path());
        all.extend(["--data", &data]);
        let out = isnad(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("newer") && err.contains("upgrade isnad"),
            "{err}"
        );
    }
}

#[test]
fn the_schema_1_fixture_is_read_upgraded_and_its_search_index_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let sql =
        std::fs::read_to_string(repo_root().join("crates/isnad-store/tests/fixtures/v1/store.sql"))
            .unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("store.sqlite")).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute_batch(&sql).unwrap();
    drop(conn);
    let r = report(dir.path());
    assert_eq!(r["documents"].as_array().unwrap().len(), 2);
    assert_eq!(r["reuse"].as_array().unwrap().len(), 1);
    // The fixture has no search index: the next writer builds it from the store.
    ingest(dir.path(), &["examples/madar-2026-03-10.html"]);
    let ids = hit_ids(&search(dir.path(), &["غويران"]));
    assert!(
        ids.contains(&"agency".to_owned()) && ids.contains(&"copy".to_owned()),
        "{ids:?}"
    );
}

/// Writes the first `n` articles of the news corpus to a JSON Lines file.
fn corpus_sample(path: &Path, n: usize) -> Option<()> {
    let gz = shared_data("news/ant_multisource.jsonl.gz")?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(gz).unwrap(),
    ));
    let mut out = std::fs::File::create(path).unwrap();
    for line in reader.lines().take(n) {
        writeln!(out, "{}", line.unwrap()).unwrap();
    }
    Some(())
}

fn stored_documents(dir: &Path) -> i64 {
    let db = dir.join("store.sqlite");
    if !db.exists() {
        return 0;
    }
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return 0;
    };
    conn.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn an_ingest_killed_mid_way_leaves_a_consistent_store_that_a_rerun_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = tmp.path().join("sample.jsonl");
    if corpus_sample(&sample, 600).is_none() {
        return;
    }
    let data = tmp.path().join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args([
            "ingest",
            "--quiet",
            "--data",
            data.to_str().unwrap(),
            sample.to_str().unwrap(),
        ])
        .current_dir(repo_root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL: no clean-up runs) as soon as its first batch is committed.
    let start = Instant::now();
    while stored_documents(&data) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "no batch was committed"
        );
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let committed = stored_documents(&data);
    eprintln!("killed with {committed} of 600 articles committed");
    assert!(committed > 0);
    assert!(
        committed < 500,
        "the kill came after the ingest had finished"
    );

    // What was committed is whole: the report reads back every document.
    let r = report(&data);
    assert_eq!(r["documents"].as_array().unwrap().len() as i64, committed);

    // A re-run finishes the job; the result equals an uninterrupted ingest.
    ingest_corpus(&data, &sample);
    let clean = tmp.path().join("clean");
    ingest_corpus(&clean, &sample);
    let (docs, pairs, _) = digest(&report(&data));
    let (clean_docs, clean_pairs, _) = digest(&report(&clean));
    assert_eq!(docs.len(), clean_docs.len());
    assert_eq!(docs, clean_docs);
    assert_eq!(pairs.len(), clean_pairs.len());
    // And every stored document is in the search index.
    let all = search(&data, &["", "--limit", "1"]);
    assert_eq!(all["total"].as_u64().unwrap() as usize, docs.len());
}
