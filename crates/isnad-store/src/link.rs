//! Incremental linking: a batch of new documents against the stored corpus.
//!
//! Reuse. The new documents' shingles are looked up in the stored postings; stored documents
//! sharing at least `min_shared` counted shingles with a new one are the candidates. A small
//! [`ReuseIndex`] holds the candidates and the new documents, told the rest of the corpus's
//! document frequencies ([`ReuseIndex::set_outside_doc_freq`]) so that boilerplate is judged
//! against the whole corpus; its pairs with a new document are the new pairs. The cost
//! follows the batch and its candidates, not the corpus.
//!
//! Clusters. The new claims' blocking keys find the stored documents with claims that may be
//! the same event (within [`MAX_DAYS_APART`] days), and the new documents' reuse partners are
//! added. A first pass compares only pairs with a new claim
//! ([`ClusterBuilder::linked_to_new`]): whether two claims link depends on their two
//! documents alone, so links among stored claims never change. The clusters of the stored
//! documents that a new claim links to are then clustered again, whole, with the new
//! documents, which gives what a run over the whole corpus would give for them; clusters that
//! come out unchanged keep their keys and ids.
//!
//! Two differences from `isnad analyze` over the same documents. Document frequencies are
//! those known when a document arrives, so a pair of two early documents is judged before
//! later ones show that a shared phrase is boilerplate. And where a cluster reached the
//! builder's bounds (60 documents, 10 days: `isnad_link::clusters`), which links it left
//! out depends on the claims clustered with it, and a batch re-forms only the clusters it
//! touches.

use std::collections::{BTreeSet, HashMap, HashSet};

use isnad_core::Document;
use isnad_kb::Kb;
use isnad_link::clusters::{blocking_keys, day_number, MAX_BLOCK, MAX_DAYS_APART};
use isnad_link::{shingles, ClusterBuilder, Fingerprint, Params, ReuseIndex};
use sha2::{Digest, Sha256};

use crate::{Batch, DocKey, NewDocument, Result, Store};

/// The content hash that keys a document: its outlet, date, title and text. The same text
/// filed by two outlets is two documents (that is reuse, which the store must show); the
/// same article read twice, from any file, is one.
pub fn content_hash(doc: &Document) -> String {
    let mut h = Sha256::new();
    for part in [
        doc.outlet.as_deref().unwrap_or(""),
        doc.published.as_deref().unwrap_or(""),
        doc.title.as_deref().unwrap_or(""),
        doc.text.as_str(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// Links new documents to a store.
pub struct Linker<'k> {
    kb: &'k Kb,
    params: Params,
}

/// What [`Linker::prepare`] made of a batch of analysed documents.
#[derive(Debug, Default)]
pub struct Prepared {
    /// The batch to write.
    pub batch: Batch,
    /// Ids of the documents left out because the store (or the batch) already holds them.
    pub already_stored: Vec<String>,
}

impl<'k> Linker<'k> {
    /// A linker with the default reuse parameters.
    pub fn new(kb: &'k Kb) -> Self {
        Linker {
            kb,
            params: Params::default(),
        }
    }

    /// Builds the batch for `docs` (analysed, with their fingerprints): leaves out documents
    /// already stored, makes ids unique in the store, assigns keys, finds the new reuse pairs
    /// and re-forms the clusters the new claims touch.
    pub fn prepare(
        &self,
        store: &dyn Store,
        docs: Vec<(Document, Fingerprint)>,
        ingested_at: &str,
    ) -> Result<Prepared> {
        let mut out = Prepared::default();
        let hashes: Vec<String> = docs.iter().map(|(d, _)| content_hash(d)).collect();
        let known = store.known_hashes(&hashes)?;
        let ids: Vec<String> = docs.iter().map(|(d, _)| d.id.clone()).collect();
        let mut taken = store.taken_ids(&ids)?;
        let mut seen = HashSet::new();
        let mut key = store.next_key()?;
        for ((mut doc, mut fp), hash) in docs.into_iter().zip(hashes) {
            if known.contains(&hash) || !seen.insert(hash.clone()) {
                out.already_stored.push(doc.id);
                continue;
            }
            if taken.contains(&doc.id) {
                let id = unique_id(store, &doc.id, &taken)?;
                doc.diagnostics.push(format!(
                    "id \"{}\" already used in the store; stored as \"{id}\"",
                    doc.id
                ));
                doc.id = id;
                fp.id = doc.id.clone();
            }
            taken.insert(doc.id.clone());
            out.batch.documents.push(NewDocument {
                key,
                hash,
                document: doc,
                fingerprint: fp,
            });
            key += 1;
        }
        out.batch.ingested_at = ingested_at.to_owned();
        if out.batch.documents.is_empty() {
            return Ok(out);
        }
        out.batch.reuse = self.reuse(store, &out.batch.documents)?;
        self.clusters(store, &mut out.batch)?;
        Ok(out)
    }

    /// Reuse pairs of the new documents with stored ones and with each other.
    fn reuse(
        &self,
        store: &dyn Store,
        new: &[NewDocument],
    ) -> Result<Vec<(DocKey, DocKey, isnad_core::Reuse)>> {
        let p = self.params;
        let cap = p.max_df as usize + 1;
        let new_shingles: Vec<Vec<u64>> = new
            .iter()
            .map(|d| distinct(shingles(&d.fingerprint.tokens, p.shingle)))
            .collect();
        let mut in_batch: HashMap<u64, u32> = HashMap::new();
        for hs in &new_shingles {
            for &h in hs {
                *in_batch.entry(h).or_default() += 1;
            }
        }
        let all: Vec<u64> = in_batch.keys().copied().collect();
        let stored = store.postings(&all, cap)?;

        // Stored candidates: enough counted shingles shared with one new document.
        let mut candidates = BTreeSet::new();
        for hs in &new_shingles {
            let mut shared: HashMap<DocKey, u32> = HashMap::new();
            for h in hs {
                let Some(docs) = stored.get(h) else { continue };
                let df = docs.len() as u32 + in_batch[h];
                if df > p.max_df {
                    continue;
                }
                for &d in docs {
                    *shared.entry(d).or_default() += 1;
                }
            }
            candidates.extend(
                shared
                    .into_iter()
                    .filter(|&(_, n)| n >= p.min_shared)
                    .map(|(d, _)| d),
            );
        }
        let candidates: Vec<DocKey> = candidates.into_iter().collect();
        let fingerprints = store.fingerprints(&candidates)?;

        // The candidates' other shingles are not looked up: their frequencies only decide
        // whether a candidate's word is boilerplate, and a word the new documents do not
        // share cannot align with them anyway.
        let mut index = ReuseIndex::new(p);
        let mut local_keys: Vec<DocKey> = Vec::with_capacity(candidates.len() + new.len());
        for (fp, &k) in fingerprints.into_iter().zip(&candidates) {
            index.insert(fp);
            local_keys.push(k);
        }
        let outside: Vec<(u64, u32)> = stored
            .iter()
            .map(|(&h, docs)| (h, (docs.len() as u32).saturating_sub(index.doc_freq(h))))
            .collect();
        index.set_outside_doc_freq(outside);
        for d in new {
            index.insert(d.fingerprint.clone());
            local_keys.push(d.key);
        }
        let first_new = new[0].key;
        let first_local = candidates.len() as u32;
        let by_id: HashMap<String, DocKey> = (0..local_keys.len())
            .map(|i| (index.fingerprint(i as u32).id.clone(), local_keys[i]))
            .collect();
        Ok(index
            .finish_from(first_local)
            .into_iter()
            .filter_map(|r| {
                let (a, b) = (by_id[&r.a], by_id[&r.b]);
                (b >= first_new).then_some((a, b, r))
            })
            .collect())
    }

    /// Re-forms the clusters the new documents touch.
    fn clusters(&self, store: &dyn Store, batch: &mut Batch) -> Result<()> {
        let mut keys = Vec::new();
        for d in &batch.documents {
            let day = day_number(d.document.published.as_deref());
            for c in &d.document.claims {
                keys.extend(blocking_keys(c).into_iter().map(|k| (k.to_string(), day)));
            }
        }
        keys.sort();
        keys.dedup();
        let first_new = batch.documents[0].key;
        let mut neighbours = store.claim_neighbours(&keys, MAX_DAYS_APART, MAX_BLOCK)?;
        for (a, b, _) in &batch.reuse {
            neighbours.extend([*a, *b].into_iter().filter(|&k| k < first_new));
        }
        let mut neighbours: Vec<DocKey> = neighbours.into_iter().collect();
        neighbours.sort_unstable();

        // Which stored documents the new claims link to: only pairs with a new claim are
        // compared, since links between stored claims do not change.
        let digests = store.digests(&neighbours)?;
        let mut first_pass = ClusterBuilder::new();
        for doc in &digests {
            first_pass.add(doc);
        }
        for d in &batch.documents {
            first_pass.add(&d.document);
        }
        let pairs = reuse_with_batch(store, &neighbours, batch)?;
        let linked: Vec<DocKey> = first_pass
            .linked_to_new(neighbours.len(), &pairs, self.kb)
            .into_iter()
            .filter(|&i| i < neighbours.len())
            .map(|i| neighbours[i])
            .collect();

        // The clusters those documents belong to, whole, clustered again with the new ones.
        let touched = store.clusters_touching(&linked)?;
        let mut stored: BTreeSet<DocKey> = linked.into_iter().collect();
        for (_, docs) in &touched {
            stored.extend(docs);
        }
        let stored: Vec<DocKey> = stored.into_iter().collect();
        let mut builder = ClusterBuilder::new();
        let mut key_of: HashMap<String, DocKey> = HashMap::new();
        for (doc, &k) in store.digests(&stored)?.iter().zip(&stored) {
            key_of.insert(doc.id.clone(), k);
            builder.add(doc);
        }
        for d in &batch.documents {
            key_of.insert(d.document.id.clone(), d.key);
            builder.add(&d.document);
        }
        let pairs = reuse_with_batch(store, &stored, batch)?;

        let unchanged: HashMap<Vec<DocKey>, i64> =
            touched.iter().map(|(c, docs)| (docs.clone(), *c)).collect();
        let mut kept = HashSet::new();
        for cluster in builder.finish(&pairs, self.kb) {
            let mut docs: Vec<DocKey> = cluster
                .members
                .iter()
                .filter_map(|m| key_of.get(m.split('#').next().unwrap_or(m)).copied())
                .collect();
            docs.sort_unstable();
            docs.dedup();
            let has_new = docs.iter().any(|&k| k >= first_new);
            if !has_new {
                if let Some(&c) = unchanged.get(&docs) {
                    kept.insert(c);
                    continue;
                }
            }
            batch.clusters_added.push((cluster, docs));
        }
        batch.clusters_removed = touched
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| !kept.contains(c))
            .collect();
        Ok(())
    }
}

/// The stored reuse pairs among `stored`, and the batch's new ones: the copying evidence
/// clustering reads.
fn reuse_with_batch(
    store: &dyn Store,
    stored: &[DocKey],
    batch: &Batch,
) -> Result<Vec<isnad_core::Reuse>> {
    let mut pairs: Vec<isnad_core::Reuse> = store
        .reuse_among(stored)?
        .into_iter()
        .map(|(_, _, r)| r)
        .collect();
    pairs.extend(batch.reuse.iter().map(|(_, _, r)| r.clone()));
    Ok(pairs)
}

/// `id-2`, `id-3` ... : the first not taken in the store or the batch.
fn unique_id(store: &dyn Store, id: &str, taken: &HashSet<String>) -> Result<String> {
    for n in 2.. {
        let candidate = format!("{id}-{n}");
        if !taken.contains(&candidate)
            && store
                .taken_ids(std::slice::from_ref(&candidate))?
                .is_empty()
        {
            return Ok(candidate);
        }
    }
    unreachable!("some suffix is free")
}

fn distinct(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v.dedup();
    v
}
