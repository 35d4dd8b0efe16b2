//! The embedded backend: one SQLite database (bundled SQLite, WAL journal).
//!
//! WAL lets readers (`isnad search`, `isnad report`) run while a writer ingests, and a batch
//! is one `BEGIN IMMEDIATE` transaction, so a killed process leaves the last committed batch
//! and nothing half-written. `synchronous = NORMAL` is durable against a process crash (the
//! WAL is on disk before the commit returns to SQLite); a power cut may lose the last batch,
//! never consistency. Two writers: the second waits up to [`BUSY_WAIT_MS`], then gets
//! [`Error::Busy`].
//!
//! The schema is versioned with `PRAGMA user_version` and upgraded by the migrations in
//! `migrations/`, each applied in its own transaction; a store newer than this build is
//! refused ([`Error::TooNew`]) before anything is written.
//!
//! A reuse pair's row keeps its `copier`, the document that copied the other by the pair's
//! direction (whatever decided it: dates, credits or containment), and the pair as the report
//! prints it, `direction_reason` included; pairs stored before reasons existed have none.
//! Fingerprints stored before they carried the evidence of direction (format 1) get it from
//! their stored document when read.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use isnad_core::{ChainLink, Claim, Cluster, Document, Reuse};
use isnad_link::{Evidence, Fingerprint};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Transaction};

use isnad_link::clusters::day_number;

use crate::codec;
use crate::{
    Batch, ClaimQuery, ClaimRow, ClusterKey, Cooccurrence, DocKey, Error, MentionRow, Result,
    SourceFilter, Stats, Store,
};

/// The migrations, in order: migration `i` brings a store from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_figures_dates_attributions.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another one before giving up.
pub const BUSY_WAIT_MS: u64 = 10_000;

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
}

fn busy_or(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            Error::Busy("the database is locked".into())
        }
        _ => Error::Database(e),
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Corrupt(format!("{what}: {e}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("report types always serialise")
}

/// A `?,?,?` list for `n` parameters.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

impl SqliteStore {
    /// Opens (creating when missing) the database at `path` and upgrades its schema.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_millis(BUSY_WAIT_MS))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(busy_or)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 256 MiB of page cache: the shingle index is written in hash order, all over the file.
        conn.pragma_update(None, "cache_size", -262_144)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = SqliteStore { conn };
        store.migrate(found)?;
        Ok(store)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction().map_err(busy_or)?;
            // Another process may have migrated while this one waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit().map_err(busy_or)?;
        }
        Ok(())
    }

    fn keys_of<T>(
        &self,
        sql_prefix: &str,
        keys: &[T],
        mut row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()>
    where
        T: rusqlite::ToSql,
    {
        // SQLite allows 32,766 parameters; stay well below.
        for chunk in keys.chunks(500) {
            let sql = format!("{sql_prefix} ({})", placeholders(chunk.len()));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
            while let Some(r) = rows.next()? {
                row(r)?;
            }
        }
        Ok(())
    }

    /// One read transaction around many small queries: without it every statement takes and
    /// releases SQLite's shared lock (two `fcntl` calls), which cost more than the lookups.
    fn reading(&self) -> Result<Transaction<'_>> {
        Ok(self.conn.unchecked_transaction()?)
    }

    fn document_json(&self, key: DocKey) -> Result<Document> {
        let json: String = self
            .conn
            .prepare_cached("SELECT analysis FROM documents WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?;
        serde_json::from_str(&json).map_err(|e| corrupt(&format!("document {key}"), e))
    }
}

/// What clustering needs of a document: its id, outlet, date, claims and attributions.
fn digest(doc: &Document) -> Document {
    let mut d = Document::new(doc.id.clone(), doc.source.clone(), String::new());
    d.outlet = doc.outlet.clone();
    d.published = doc.published.clone();
    d.credited = doc.credited.clone();
    d.claims = doc.claims.clone();
    d.attributions = doc.attributions.clone();
    d
}

/// How the report spells a unit enum (`transfer`, `anonymous`, `about`).
fn spelling<T: serde::Serialize>(value: T) -> Option<String> {
    serde_json::to_value(value)
        .ok()?
        .as_str()
        .map(str::to_owned)
}

/// The kind of the chain's last link, as the report spells it.
fn last_kind(doc: &Document, claim: &Claim) -> Option<String> {
    spelling(doc.attribution_of(claim)?.chain.last()?.kind)
}

fn write_document(tx: &Transaction<'_>, d: &crate::NewDocument, at: &str) -> Result<()> {
    let doc = &d.document;
    let day = day_number(doc.published.as_deref());
    tx.prepare_cached(
        "INSERT INTO documents (key, hash, id, source, outlet, published, day, title, analysis,
                                digest, fingerprint, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        d.key,
        d.hash,
        doc.id,
        doc.source,
        doc.outlet,
        doc.published,
        day,
        doc.title,
        to_json(doc),
        to_json(&digest(doc)),
        codec::encode(&d.fingerprint),
        at
    ])?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (doc, start, end, text, key, type, kb_id, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for e in &doc.entities {
        mention.execute(params![
            d.key,
            e.start as i64,
            e.end as i64,
            e.text,
            isnad_kb::key(&e.text),
            spelling(e.entity_type).unwrap_or_default(),
            e.kb_id,
            e.name
        ])?;
    }
    write_figures_dates_attributions(tx, d)?;
    let mut claim_row = tx.prepare_cached(
        "INSERT OR IGNORE INTO claims (doc, claim, type, modality, source_kind)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut entity_row = tx.prepare_cached(
        "INSERT OR IGNORE INTO claim_entities (doc, claim, kb_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut key_row =
        tx.prepare_cached("INSERT INTO claim_keys (key, day, doc) VALUES (?1, ?2, ?3)")?;
    let mut keys_seen = HashSet::new();
    for c in &doc.claims {
        claim_row.execute(params![
            d.key,
            c.id,
            spelling(c.claim_type).unwrap_or_default(),
            spelling(c.modality).unwrap_or_default(),
            last_kind(doc, c)
        ])?;
        let r = &c.roles;
        for v in r.parties_and_places().chain(&r.means) {
            if let Some(id) = &v.kb_id {
                entity_row.execute(params![d.key, c.id, id])?;
            }
        }
        for k in isnad_link::clusters::blocking_keys(c) {
            let k = k.to_string();
            if keys_seen.insert(k.clone()) {
                key_row.execute(params![k, day, d.key])?;
            }
        }
    }
    tx.prepare_cached("INSERT OR IGNORE INTO index_queue (doc) VALUES (?1)")?
        .execute([d.key])?;
    Ok(())
}

/// The rows of schema 2's tables for one document.
fn write_figures_dates_attributions(tx: &Transaction<'_>, d: &crate::NewDocument) -> Result<()> {
    let doc = &d.document;
    let mut quantity = tx.prepare_cached(
        "INSERT INTO quantities (doc, start, end, text, value, value_max, approx, unit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for q in &doc.quantities {
        quantity.execute(params![
            d.key,
            q.start as i64,
            q.end as i64,
            q.text,
            q.value,
            q.value_max,
            spelling(q.approx),
            q.unit
        ])?;
    }
    let mut time = tx.prepare_cached(
        "INSERT INTO times (doc, start, end, text, value, granularity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for t in &doc.times {
        time.execute(params![
            d.key,
            t.start as i64,
            t.end as i64,
            t.text,
            t.value,
            spelling(t.granularity)
        ])?;
    }
    let mut attribution = tx.prepare_cached(
        "INSERT OR IGNORE INTO attributions
                (doc, attribution, cue, source, source_kind, source_kb_id, origin_kind, chain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in &doc.attributions {
        attribution.execute(params![
            d.key,
            a.id,
            a.cue.text,
            a.source.text,
            spelling(a.source.kind),
            a.source.kb_id,
            a.chain.last().and_then(|l| spelling(l.kind)),
            to_json(&a.chain)
        ])?;
    }
    Ok(())
}

/// The batch's shingle postings, in hash order: inserting in key order keeps the B-tree
/// pages of one insert next to those of the one before.
fn write_shingles(tx: &Transaction<'_>, docs: &[crate::NewDocument]) -> Result<()> {
    let n = isnad_link::Params::default().shingle;
    let mut rows: Vec<(i64, DocKey)> = docs
        .iter()
        .flat_map(|d| {
            isnad_link::shingles(&d.fingerprint.tokens, n)
                .into_iter()
                .map(move |h| (h as i64, d.key))
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO shingles (hash, doc) VALUES (?1, ?2)")?;
    for (h, doc) in rows {
        insert.execute(params![h, doc])?;
    }
    Ok(())
}

impl Store for SqliteStore {
    fn next_key(&self) -> Result<DocKey> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(key), 0) + 1 FROM documents", [], |r| {
                r.get(0)
            })?)
    }

    fn known_hashes(&self, hashes: &[String]) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        self.keys_of("SELECT hash FROM documents WHERE hash IN", hashes, |r| {
            out.insert(r.get(0)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn taken_ids(&self, ids: &[String]) -> Result<HashSet<String>> {
        let mut out = HashSet::new();
        self.keys_of("SELECT id FROM documents WHERE id IN", ids, |r| {
            out.insert(r.get(0)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn postings(&self, hashes: &[u64], cap: usize) -> Result<HashMap<u64, Vec<DocKey>>> {
        let _read = self.reading()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM shingles WHERE hash = ?1 LIMIT ?2")?;
        let mut out = HashMap::with_capacity(hashes.len());
        for &h in hashes {
            let docs: Vec<DocKey> = stmt
                .query_map(params![h as i64, cap as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if !docs.is_empty() {
                out.insert(h, docs);
            }
        }
        Ok(out)
    }

    fn fingerprints(&self, keys: &[DocKey]) -> Result<Vec<Fingerprint>> {
        let _read = self.reading()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, outlet, fingerprint FROM documents WHERE key = ?1")?;
        keys.iter()
            .map(|&k| {
                let (id, outlet, blob): (String, Option<String>, Vec<u8>) =
                    stmt.query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                let (mut fp, has_evidence) = codec::decode(&blob, id, outlet)?;
                if !has_evidence {
                    // Stored before fingerprints kept it: read it from the document.
                    fp.evidence = Evidence::of(&self.document_json(k)?);
                }
                Ok(fp)
            })
            .collect()
    }

    fn documents(&self, keys: &[DocKey]) -> Result<Vec<Document>> {
        let _read = self.reading()?;
        keys.iter().map(|&k| self.document_json(k)).collect()
    }

    fn digests(&self, keys: &[DocKey]) -> Result<Vec<Document>> {
        let _read = self.reading()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT digest FROM documents WHERE key = ?1")?;
        keys.iter()
            .map(|&k| {
                let json: String = stmt.query_row([k], |r| r.get(0))?;
                serde_json::from_str(&json).map_err(|e| corrupt(&format!("digest {k}"), e))
            })
            .collect()
    }

    fn claim_neighbours(
        &self,
        keys: &[(String, Option<i64>)],
        days: i64,
        cap: usize,
    ) -> Result<HashSet<DocKey>> {
        let _read = self.reading()?;
        let mut count = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM (SELECT 1 FROM claim_keys WHERE key = ?1 LIMIT ?2)",
        )?;
        let mut docs = self.conn.prepare_cached(
            "SELECT doc FROM claim_keys WHERE key = ?1
               AND (?2 IS NULL OR day IS NULL OR day BETWEEN ?2 - ?3 AND ?2 + ?3)",
        )?;
        let mut out = HashSet::new();
        let mut too_common: HashSet<&str> = HashSet::new();
        for (key, day) in keys {
            if too_common.contains(key.as_str()) {
                continue;
            }
            let n: i64 = count.query_row(params![key, cap as i64 + 1], |r| r.get(0))?;
            if n as usize > cap {
                too_common.insert(key);
                continue;
            }
            for d in docs.query_map(params![key, day, days], |r| r.get::<_, DocKey>(0))? {
                out.insert(d?);
            }
        }
        Ok(out)
    }

    fn clusters_touching(&self, docs: &[DocKey]) -> Result<Vec<(ClusterKey, Vec<DocKey>)>> {
        let _read = self.reading()?;
        let mut clusters = Vec::new();
        self.keys_of(
            "SELECT DISTINCT cluster FROM cluster_docs WHERE doc IN",
            docs,
            |r| {
                clusters.push(r.get::<_, ClusterKey>(0)?);
                Ok(())
            },
        )?;
        clusters.sort_unstable();
        clusters.dedup();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM cluster_docs WHERE cluster = ?1 ORDER BY doc")?;
        clusters
            .into_iter()
            .map(|c| {
                let docs = stmt
                    .query_map([c], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<DocKey>>>()?;
                Ok((c, docs))
            })
            .collect()
    }

    fn reuse_among(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, DocKey, Reuse)>> {
        let _read = self.reading()?;
        let set: HashSet<DocKey> = docs.iter().copied().collect();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT b, pair FROM reuse WHERE a = ?1 ORDER BY b")?;
        let mut sorted: Vec<DocKey> = set.iter().copied().collect();
        sorted.sort_unstable();
        let mut out = Vec::new();
        for a in sorted {
            let rows = stmt.query_map([a], |r| {
                Ok((r.get::<_, DocKey>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (b, json) = row?;
                if set.contains(&b) {
                    let pair = serde_json::from_str(&json).map_err(|e| corrupt("reuse pair", e))?;
                    out.push((a, b, pair));
                }
            }
        }
        Ok(out)
    }

    fn write(&mut self, batch: &Batch) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(busy_or)?;
        for d in &batch.documents {
            write_document(&tx, d, &batch.ingested_at)?;
        }
        write_shingles(&tx, &batch.documents)?;
        {
            let mut pair = tx.prepare_cached(
                "INSERT OR REPLACE INTO reuse (a, b, copier, pair) VALUES (?1, ?2, ?3, ?4)",
            )?;
            let mut queue =
                tx.prepare_cached("INSERT OR IGNORE INTO index_queue (doc) VALUES (?1)")?;
            for (a, b, r) in &batch.reuse {
                let copier = crate::copier(*a, *b, r);
                pair.execute(params![a, b, copier, to_json(r)])?;
                // The copier's "copies others" flag in the search index may have changed.
                if let Some(c) = copier {
                    queue.execute([c])?;
                }
            }
            let mut drop_docs = tx.prepare_cached("DELETE FROM cluster_docs WHERE cluster = ?1")?;
            let mut drop_cluster = tx.prepare_cached("DELETE FROM clusters WHERE key = ?1")?;
            for &c in &batch.clusters_removed {
                drop_docs.execute([c])?;
                drop_cluster.execute([c])?;
            }
            let mut add = tx.prepare_cached("INSERT INTO clusters (cluster) VALUES ('')")?;
            let mut set = tx.prepare_cached("UPDATE clusters SET cluster = ?2 WHERE key = ?1")?;
            let mut member = tx.prepare_cached(
                "INSERT OR IGNORE INTO cluster_docs (cluster, doc) VALUES (?1, ?2)",
            )?;
            for (cluster, docs) in &batch.clusters_added {
                add.execute([])?;
                let key = tx.last_insert_rowid();
                // Cluster ids are the store's keys, never reused, so an id seen in one report
                // names the same cluster (or nothing) in a later one.
                let mut cluster = cluster.clone();
                cluster.id = format!("k{key}");
                set.execute(params![key, to_json(&cluster)])?;
                for d in docs {
                    member.execute(params![key, d])?;
                }
            }
        }
        tx.commit().map_err(busy_or)?;
        Ok(())
    }

    fn index_queue(&self) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM index_queue ORDER BY doc")?;
        let keys = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<DocKey>>>()?;
        Ok(keys)
    }

    fn dequeue(&mut self, keys: &[DocKey]) -> Result<()> {
        let tx = self.conn.transaction().map_err(busy_or)?;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM index_queue WHERE doc = ?1")?;
            for k in keys {
                stmt.execute([k])?;
            }
        }
        tx.commit().map_err(busy_or)?;
        Ok(())
    }

    fn requeue_all(&mut self) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO index_queue (doc) SELECT key FROM documents",
                [],
            )
            .map_err(busy_or)?;
        Ok(())
    }

    fn copiers(&self, keys: &[DocKey]) -> Result<HashSet<DocKey>> {
        let mut out = HashSet::new();
        self.keys_of(
            "SELECT DISTINCT copier FROM reuse WHERE copier IN",
            keys,
            |r| {
                out.insert(r.get(0)?);
                Ok(())
            },
        )?;
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<u64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64)
        };
        Ok(Stats {
            documents: count("documents")?,
            mentions: count("mentions")?,
            claims: count("claims")?,
            reuse: count("reuse")?,
            clusters: count("clusters")?,
        })
    }

    fn for_each_document(&self, f: &mut dyn FnMut(DocKey, Document) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT key, analysis FROM documents ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: DocKey = r.get(0)?;
            let json: String = r.get(1)?;
            let doc =
                serde_json::from_str(&json).map_err(|e| corrupt(&format!("document {key}"), e))?;
            f(key, doc)?;
        }
        Ok(())
    }

    fn reuse_pairs(&self) -> Result<Vec<Reuse>> {
        let mut stmt = self.conn.prepare("SELECT pair FROM reuse ORDER BY a, b")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| serde_json::from_str(&json?).map_err(|e| corrupt("reuse pair", e)))
            .collect()
    }

    fn clusters(&self) -> Result<Vec<Cluster>> {
        let mut stmt = self
            .conn
            .prepare("SELECT cluster FROM clusters ORDER BY key")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| serde_json::from_str(&json?).map_err(|e| corrupt("cluster", e)))
            .collect()
    }

    fn mentions(&self, kb_id: &str, limit: usize) -> Result<Vec<MentionRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.outlet, d.published, m.text, m.start, m.end
               FROM mentions m JOIN documents d ON d.key = m.doc
              WHERE m.kb_id = ?1
              ORDER BY d.published DESC, d.key DESC, m.start
              LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![kb_id, limit as i64], |r| {
            Ok(MentionRow {
                doc: r.get(0)?,
                outlet: r.get(1)?,
                published: r.get(2)?,
                text: r.get(3)?,
                start: r.get::<_, i64>(4)? as usize,
                end: r.get::<_, i64>(5)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn ids_for_name(&self, key: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kb_id FROM mentions WHERE key = ?1 AND kb_id IS NOT NULL
              GROUP BY kb_id ORDER BY COUNT(*) DESC",
        )?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn cooccurring(&self, kb_id: &str, limit: usize) -> Result<Vec<Cooccurrence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.kb_id, MAX(COALESCE(m.name, m.text)), COUNT(DISTINCT m.doc)
               FROM mentions m
              WHERE m.doc IN (SELECT doc FROM mentions WHERE kb_id = ?1)
                AND m.kb_id IS NOT NULL AND m.kb_id != ?1
              GROUP BY m.kb_id
              ORDER BY 3 DESC, 1
              LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![kb_id, limit as i64], |r| {
            Ok(Cooccurrence {
                kb_id: r.get(0)?,
                name: r.get(1)?,
                documents: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn claims(&self, query: &ClaimQuery) -> Result<Vec<ClaimRow>> {
        let mut sql = String::from(
            "SELECT c.doc, c.claim FROM claims c JOIN documents d ON d.key = c.doc WHERE 1",
        );
        let mut args: Vec<String> = Vec::new();
        if let Some(t) = query.claim_type {
            args.push(t.as_str().to_owned());
            sql.push_str(&format!(" AND c.type = ?{}", args.len()));
        }
        match query.source_kind {
            Some(SourceFilter::Asserted) => sql.push_str(" AND c.source_kind IS NULL"),
            Some(SourceFilter::Kind(k)) => {
                args.push(k.as_str().to_owned());
                sql.push_str(&format!(" AND c.source_kind = ?{}", args.len()));
            }
            None => {}
        }
        if let Some(e) = &query.entity {
            args.push(e.clone());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM claim_entities x WHERE x.kb_id = ?{} AND x.doc = c.doc AND x.claim = c.claim)",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY d.published DESC, c.doc DESC, c.claim LIMIT {}",
            query.limit
        ));
        let mut stmt = self.conn.prepare(&sql)?;
        let hits = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((r.get::<_, DocKey>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut cache: Option<(DocKey, Document)> = None;
        let mut out = Vec::with_capacity(hits.len());
        for (key, claim_id) in hits {
            if cache.as_ref().map(|c| c.0) != Some(key) {
                cache = Some((key, self.document_json(key)?));
            }
            let doc = &cache.as_ref().expect("just filled").1;
            let Some(claim) = doc.claims.iter().find(|c| c.id == claim_id) else {
                return Err(Error::Corrupt(format!(
                    "claim {claim_id} of document {}",
                    doc.id
                )));
            };
            let chain: Vec<ChainLink> = doc
                .attribution_of(claim)
                .map(|a| a.chain.clone())
                .unwrap_or_default();
            out.push(ClaimRow {
                doc: doc.id.clone(),
                outlet: doc.outlet.clone(),
                published: doc.published.clone(),
                claim: claim.clone(),
                chain,
            });
        }
        Ok(out)
    }
}

impl SqliteStore {
    /// Whether the database holds a document with this content hash (tests and tools).
    pub fn contains_hash(&self, hash: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE hash = ?1",
                [hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}
