//! The store as a user of the crate sees it: schema versions, idempotent ingest, reuse found
//! across batches, fixtures of released versions.

use isnad_core::{DirectionReason, Document, ReuseDirection};
use isnad_kb::Kb;
use isnad_link::Fingerprint;
use isnad_store::{Error, Linker, SqliteStore, Store, SCHEMA_VERSION};

const AGENCY: &str = "نقلت قوات التحالف الدولي فجر الإثنين نحو أربعين محتجزاً من سجن غويران في مدينة الحسكة إلى قاعدة عسكرية في ريف دير الزور بحسب ما أفادت مصادر محلية للوكالة التي قالت إن العملية جرت بمرافقة طائرات مروحية";
const COPY: &str = "قالت مصادر محلية إن قوات التحالف الدولي نقلت فجر الإثنين نحو أربعين محتجزاً من سجن غويران في مدينة الحسكة إلى قاعدة عسكرية في ريف دير الزور التي قالت إن العملية جرت بمرافقة طائرات مروحية ونفى متحدث باسم التحالف ذلك";
const OTHER: &str =
    "أعلنت وزارة الصحة في بغداد افتتاح مستشفى جديد للأطفال في مدينة الموصل بسعة مئتي سرير";

fn doc(id: &str, outlet: &str, date: &str, text: &str) -> (Document, Fingerprint) {
    let mut d = Document::new(id, format!("{id}.txt"), text);
    d.outlet = Some(outlet.into());
    d.published = Some(date.into());
    let fp = Fingerprint::new(&d);
    (d, fp)
}

fn ingest(
    store: &mut SqliteStore,
    kb: &Kb,
    docs: Vec<(Document, Fingerprint)>,
) -> isnad_store::Prepared {
    let prepared = Linker::new(kb)
        .prepare(store, docs, "2026-12-01T00:00:00Z")
        .unwrap();
    store.write(&prepared.batch).unwrap();
    prepared
}

#[test]
fn a_new_store_has_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("s.sqlite")).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.stats().unwrap().documents, 0);
}

#[test]
fn a_store_from_a_newer_isnad_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    drop(SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    match SqliteStore::open(&path) {
        Err(e @ Error::TooNew { .. }) => assert!(e.to_string().contains("upgrade isnad"), "{e}"),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer store was opened"),
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 1);
}

#[test]
fn ingesting_the_same_articles_twice_stores_them_once() {
    let dir = tempfile::tempdir().unwrap();
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&dir.path().join("s.sqlite")).unwrap();
    let first = ingest(
        &mut store,
        &kb,
        vec![doc("a", "وكالة", "2026-03-09", AGENCY)],
    );
    assert_eq!(first.batch.documents.len(), 1);
    let again = ingest(
        &mut store,
        &kb,
        vec![
            doc("a", "وكالة", "2026-03-09", AGENCY),
            doc("a-copy-of-the-file", "وكالة", "2026-03-09", AGENCY),
        ],
    );
    assert!(again.batch.documents.is_empty());
    assert_eq!(again.already_stored, ["a", "a-copy-of-the-file"]);
    assert_eq!(store.stats().unwrap().documents, 1);
}

#[test]
fn a_different_article_under_a_taken_id_gets_a_suffix() {
    let dir = tempfile::tempdir().unwrap();
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&dir.path().join("s.sqlite")).unwrap();
    ingest(
        &mut store,
        &kb,
        vec![doc("news", "وكالة", "2026-03-09", AGENCY)],
    );
    let p = ingest(
        &mut store,
        &kb,
        vec![doc("news", "شبكة", "2026-03-10", OTHER)],
    );
    let stored = &p.batch.documents[0].document;
    assert_eq!(stored.id, "news-2");
    assert!(stored.diagnostics.iter().any(|d| d.contains("news-2")));
}

#[test]
fn reuse_is_found_between_a_new_article_and_a_stored_one() {
    let dir = tempfile::tempdir().unwrap();
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&dir.path().join("s.sqlite")).unwrap();
    ingest(
        &mut store,
        &kb,
        vec![
            doc("agency", "وكالة", "2026-03-09", AGENCY),
            doc("health", "شبكة", "2026-03-09", OTHER),
        ],
    );
    let p = ingest(
        &mut store,
        &kb,
        vec![doc("copy", "شبكة", "2026-03-10", COPY)],
    );
    assert_eq!(p.batch.reuse.len(), 1, "{:?}", p.batch.reuse);
    let (a, b, pair) = &p.batch.reuse[0];
    assert_eq!((*a, *b), (1, 3));
    assert_eq!((pair.a.as_str(), pair.b.as_str()), ("agency", "copy"));
    assert_eq!(pair.direction, Some(ReuseDirection::AToB));
    assert_eq!(pair.direction_reason, Some(DirectionReason::Published));
    assert_eq!(
        store
            .copiers(&[1, 2, 3])
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [3]
    );
    assert_eq!(store.reuse_pairs().unwrap().len(), 1);
}

/// Loads the fixture of one schema version and checks that the current code reads it all.
fn check_fixture(sql: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    // A dump creates tables in name order: references are checked once it has loaded.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.reuse), (2, 1));
    let mut ids = Vec::new();
    store
        .for_each_document(&mut |_, d| {
            ids.push(d.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(ids, ["agency", "copy"]);
    assert_eq!(store.fingerprints(&[1, 2]).unwrap().len(), 2);
    // A pair stored before reasons existed reads without one.
    let pairs = store.reuse_pairs().unwrap();
    assert_eq!(
        (pairs[0].direction, pairs[0].direction_reason),
        (None, None)
    );
    assert_eq!(store.clusters().unwrap().len(), 1);
    assert!(!store
        .mentions("isnad:ghwayran-prison", 10)
        .unwrap()
        .is_empty());
    drop(store);

    // Schema 2 filled its tables from the stored analyses: a figure, a date and an
    // attribution chain of each article.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM quantities WHERE value = 40"), 2);
    assert!(count("SELECT COUNT(*) FROM times") >= 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM attributions WHERE origin_kind = 'anonymous'"),
        2
    );
}

#[test]
fn the_schema_1_fixture_is_upgraded_and_read() {
    check_fixture(include_str!("fixtures/v1/store.sql"));
}

#[test]
fn the_schema_2_fixture_is_read() {
    check_fixture(include_str!("fixtures/v2/store.sql"));
}

#[test]
fn a_same_day_copy_crediting_the_stored_outlet_is_its_copier() {
    let dir = tempfile::tempdir().unwrap();
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&dir.path().join("s.sqlite")).unwrap();
    ingest(
        &mut store,
        &kb,
        vec![doc("agency", "سبوتنيك", "2026-03-09", AGENCY)],
    );
    let credited = format!("{COPY}\nنقلاً عن سبوتنيك");
    let p = ingest(
        &mut store,
        &kb,
        vec![doc("copy", "شبكة", "2026-03-09", &credited)],
    );
    let (_, _, pair) = &p.batch.reuse[0];
    assert_eq!(
        (pair.direction, pair.direction_reason),
        (Some(ReuseDirection::AToB), Some(DirectionReason::Credit))
    );
    assert_eq!(
        store
            .copiers(&[1, 2])
            .unwrap()
            .into_iter()
            .collect::<Vec<_>>(),
        [2]
    );
    let stored = store.reuse_pairs().unwrap();
    assert_eq!(stored[0].direction_reason, Some(DirectionReason::Credit));
}

#[test]
fn a_fingerprint_stored_without_evidence_reads_it_from_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&path).unwrap();
    let credited = format!("{COPY}\nنقلاً عن سبوتنيك");
    ingest(
        &mut store,
        &kb,
        vec![doc("copy", "شبكة", "2026-03-09", &credited)],
    );
    drop(store);
    // Rewrite the stored fingerprint as the format before evidence (format 1: no tail).
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut blob: Vec<u8> = conn
        .query_row("SELECT fingerprint FROM documents", [], |r| r.get(0))
        .unwrap();
    let n = u32::from_le_bytes(blob[1..5].try_into().unwrap()) as usize;
    blob[0] = 1;
    blob.truncate(13 + 12 * n);
    conn.execute("UPDATE documents SET fingerprint = ?1", [&blob])
        .unwrap();
    drop(conn);
    let store = SqliteStore::open(&path).unwrap();
    let fp = &store.fingerprints(&[1]).unwrap()[0];
    assert_eq!(fp.evidence.credits, ["isnad:sputnik"]);
}

#[test]
fn new_documents_fill_the_figure_date_and_attribution_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let kb = Kb::bundled();
    let mut store = SqliteStore::open(&path).unwrap();
    let (mut d, fp) = doc("a", "وكالة", "2026-03-09", AGENCY);
    d.quantities.push(isnad_core::Quantity {
        start: 0,
        end: 6,
        text: "أربعين".into(),
        value: 40.0,
        approx: isnad_core::Approx::About,
        value_max: None,
        unit: Some("person".into()),
    });
    ingest(&mut store, &kb, vec![(d, fp)]);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let (value, approx, unit): (f64, String, String) = conn
        .query_row("SELECT value, approx, unit FROM quantities", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (value, approx.as_str(), unit.as_str()),
        (40.0, "about", "person")
    );
}
