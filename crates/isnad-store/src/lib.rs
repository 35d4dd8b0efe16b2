//! The isnad corpus store: analysed documents kept, linked incrementally, queried.
//!
//! An analyst keeps adding articles to one corpus. Each document is analysed once, when it is
//! ingested; what the analysis found is stored whole (the report's `Document`), with indexes
//! beside it for what queries and linking need: entity mentions, claims and their source
//! kinds, claim blocking keys, the word-shingle postings of reuse detection, reuse pairs and
//! claim clusters.
//!
//! The [`Store`] trait is everything the rest of isnad asks of a backend. The embedded
//! default is [`SqliteStore`] (one SQLite file in WAL mode); a PostgreSQL implementation for
//! deployments with many workers (not written yet) is to implement the same trait; nothing above
//! it knows SQL.
//! [`Linker`] is the incremental linking written once against the trait: a batch of new
//! documents is compared with the stored corpus through the shingle postings and the claim
//! keys, so its cost follows the batch and the documents it touches, not the corpus.
//!
//! Every write of a batch (documents, their indexes, new reuse pairs, the clusters they
//! change) is one transaction: a crash at any moment leaves the store as it was before or
//! after the batch, and re-ingesting the same inputs skips what is already there (documents
//! are keyed by a content hash).

mod codec;
mod link;
mod lock;
mod sqlite;

use std::collections::{HashMap, HashSet};

use isnad_core::{
    ChainLink, Claim, ClaimType, Cluster, Document, Reuse, ReuseDirection, SourceKind, UnknownName,
};
use isnad_link::Fingerprint;

pub use link::{content_hash, Linker, Prepared};
pub use lock::WriteLock;
pub use sqlite::{SqliteStore, SCHEMA_VERSION};

/// A document's key in the store: its position in ingestion order.
pub type DocKey = i64;

/// A cluster's key in the store.
pub type ClusterKey = i64;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened, read or written.
    #[error("store database: {0}")]
    Database(#[from] rusqlite::Error),
    /// Another process is writing to the store.
    #[error("the store is busy: another isnad process is writing to it ({0}); wait for it to finish or use another --data directory")]
    Busy(String),
    /// The store was written by a newer isnad.
    #[error("the store has schema version {found}, newer than the {supported} this isnad reads; upgrade isnad to open it")]
    TooNew {
        /// The store's schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The data directory could not be created, locked or read.
    #[error("{0}")]
    Io(String),
    /// A stored record does not decode: the store is damaged.
    #[error("damaged record in the store: {0}")]
    Corrupt(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// A document ready to be stored: analysed, fingerprinted, with its key assigned.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Its key, from [`Store::next_key`] onwards.
    pub key: DocKey,
    /// [`content_hash`] of the document.
    pub hash: String,
    /// The analysed document, its id made unique in the store.
    pub document: Document,
    /// Its reuse fingerprint.
    pub fingerprint: Fingerprint,
}

/// Of the two documents `a` and `b` of a reuse pair, the one that copied the other, or `None`
/// when the pair's direction is undecided.
pub fn copier(a: DocKey, b: DocKey, pair: &Reuse) -> Option<DocKey> {
    match pair.direction? {
        ReuseDirection::AToB => Some(b),
        ReuseDirection::BToA => Some(a),
    }
}

/// Everything one ingest step writes, in one transaction.
#[derive(Debug, Default)]
pub struct Batch {
    /// The new documents.
    pub documents: Vec<NewDocument>,
    /// Reuse pairs found for them: keys of `a` and `b` (`a` ingested first) and the pair.
    pub reuse: Vec<(DocKey, DocKey, Reuse)>,
    /// Stored clusters that the new documents replace (merged into or re-formed).
    pub clusters_removed: Vec<ClusterKey>,
    /// New or re-formed clusters, with the keys of their members' documents.
    pub clusters_added: Vec<(Cluster, Vec<DocKey>)>,
    /// When the batch was ingested (RFC 3339).
    pub ingested_at: String,
}

/// Counts of a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Documents stored.
    pub documents: u64,
    /// Entity mentions.
    pub mentions: u64,
    /// Claims.
    pub claims: u64,
    /// Reuse pairs.
    pub reuse: u64,
    /// Claim clusters.
    pub clusters: u64,
}

/// One mention of an entity, with its document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MentionRow {
    /// The document's id.
    pub doc: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date.
    pub published: Option<String>,
    /// The mention as written.
    pub text: String,
    /// Code-point span in the document's text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
}

/// An entity that appears in the same documents as another.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cooccurrence {
    /// Its knowledge-base or corpus id.
    pub kb_id: String,
    /// Its display name.
    pub name: String,
    /// Documents holding both.
    pub documents: u64,
}

/// Which claims [`Store::claims`] returns.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Only this event type.
    pub claim_type: Option<ClaimType>,
    /// Only claims whose chain ends in a source of this kind, or only claims an outlet makes
    /// on its own word.
    pub source_kind: Option<SourceFilter>,
    /// Only claims with this knowledge-base id in a role.
    pub entity: Option<String>,
    /// At most this many, newest documents first.
    pub limit: usize,
}

/// Whose word a claim rests on, as [`ClaimQuery`] filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFilter {
    /// Attributed, and the chain ends in a source of this kind.
    Kind(SourceKind),
    /// Not attributed: the outlet makes the claim itself.
    Asserted,
}

impl SourceFilter {
    /// How the filter is spelt on the command line: a source kind or `asserted`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFilter::Kind(k) => k.as_str(),
            SourceFilter::Asserted => "asserted",
        }
    }
}

impl std::fmt::Display for SourceFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SourceFilter {
    type Err = UnknownName;

    /// A source kind (`anonymous` ...) or `asserted`; the error lists them all.
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        if s == "asserted" {
            return Ok(SourceFilter::Asserted);
        }
        s.parse().map(SourceFilter::Kind).map_err(|_| {
            UnknownName::new(
                "source kind",
                "kinds",
                s,
                SourceKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .chain(["asserted"]),
            )
        })
    }
}

/// A stored claim with what a reader needs to judge it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClaimRow {
    /// The document's id.
    pub doc: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date.
    pub published: Option<String>,
    /// The claim.
    pub claim: Claim,
    /// The chain of transmission it rests on; empty when the outlet asserts it.
    pub chain: Vec<ChainLink>,
}

/// A storage backend. Reads take `&self`; writes are whole batches.
pub trait Store: Send {
    /// The key the next new document gets.
    fn next_key(&self) -> Result<DocKey>;
    /// Which of these content hashes are stored.
    fn known_hashes(&self, hashes: &[String]) -> Result<HashSet<String>>;
    /// Which of these document ids are taken.
    fn taken_ids(&self, ids: &[String]) -> Result<HashSet<String>>;
    /// For each shingle hash, the stored documents holding it, at most `cap` of them (a
    /// list that reaches `cap` means "at least `cap`").
    fn postings(&self, hashes: &[u64], cap: usize) -> Result<HashMap<u64, Vec<DocKey>>>;
    /// Fingerprints of stored documents, in the order of `keys`.
    fn fingerprints(&self, keys: &[DocKey]) -> Result<Vec<Fingerprint>>;
    /// Stored documents, in the order of `keys`.
    fn documents(&self, keys: &[DocKey]) -> Result<Vec<Document>>;
    /// What clustering reads of stored documents (id, outlet, date, claims, attributions;
    /// no text), in the order of `keys`.
    fn digests(&self, keys: &[DocKey]) -> Result<Vec<Document>>;
    /// Documents with a claim under one of these blocking keys, published within `days` of
    /// the day given with the key (any day when either is unknown). Keys held by more than
    /// `cap` claims are skipped as too common.
    fn claim_neighbours(
        &self,
        keys: &[(String, Option<i64>)],
        days: i64,
        cap: usize,
    ) -> Result<HashSet<DocKey>>;
    /// The clusters with a member in one of these documents, with all their documents.
    fn clusters_touching(&self, docs: &[DocKey]) -> Result<Vec<(ClusterKey, Vec<DocKey>)>>;
    /// Stored reuse pairs between two of these documents.
    fn reuse_among(&self, docs: &[DocKey]) -> Result<Vec<(DocKey, DocKey, Reuse)>>;
    /// Writes a batch, all or nothing; its documents join the search-index queue.
    fn write(&mut self, batch: &Batch) -> Result<()>;
    /// Documents whose search-index entry is missing or stale.
    fn index_queue(&self) -> Result<Vec<DocKey>>;
    /// Marks documents as indexed.
    fn dequeue(&mut self, keys: &[DocKey]) -> Result<()>;
    /// Puts every stored document on the search-index queue (the index was lost).
    fn requeue_all(&mut self) -> Result<()>;
    /// Documents that share text with one published earlier (the later side of a directed
    /// reuse pair), among `keys`.
    fn copiers(&self, keys: &[DocKey]) -> Result<HashSet<DocKey>>;
    /// Counts.
    fn stats(&self) -> Result<Stats>;
    /// Every stored document in key order.
    fn for_each_document(&self, f: &mut dyn FnMut(DocKey, Document) -> Result<()>) -> Result<()>;
    /// Every reuse pair, ordered by the keys of `a` then `b`.
    fn reuse_pairs(&self) -> Result<Vec<Reuse>>;
    /// Every cluster, in the order they were formed.
    fn clusters(&self) -> Result<Vec<Cluster>>;
    /// Mentions of the entity with this id, newest documents first.
    fn mentions(&self, kb_id: &str, limit: usize) -> Result<Vec<MentionRow>>;
    /// Ids of entities whose folded name is `key` (an unlinked spelling of a name).
    fn ids_for_name(&self, key: &str) -> Result<Vec<String>>;
    /// Entities mentioned in the same documents as `kb_id`, most shared first.
    fn cooccurring(&self, kb_id: &str, limit: usize) -> Result<Vec<Cooccurrence>>;
    /// Claims matching a query.
    fn claims(&self, query: &ClaimQuery) -> Result<Vec<ClaimRow>>;
}

#[cfg(test)]
mod tests {
    use super::SourceFilter;
    use isnad_core::SourceKind;

    #[test]
    fn a_source_filter_is_a_source_kind_or_asserted() {
        assert_eq!("asserted".parse(), Ok(SourceFilter::Asserted));
        for &k in SourceKind::ALL {
            assert_eq!(k.as_str().parse(), Ok(SourceFilter::Kind(k)));
            assert_eq!(SourceFilter::Kind(k).to_string(), k.as_str());
        }
        let e = "anonymus".parse::<SourceFilter>().unwrap_err().to_string();
        assert!(
            e.contains("\"anonymus\"") && e.ends_with("unspecified, asserted"),
            "{e}"
        );
    }
}
