//! The full-text index of isnad: a tantivy index beside the store, searched with an Arabic
//! analyser of our own.
//!
//! Why our own analyser: tantivy's tokenizers keep harakat inside words without folding them
//! (`غزة` ≠ `غزّة`), it has no Arabic stop words, and its Snowball Arabic stemmer merges وزارة
//! with زار while failing to match وزارة with الوزارة. [`analyze`] runs the text layer's tokens
//! and clitic splitter, folds, and strips only plural and feminine endings
//! ([`analyzer::light_stem`]), so `الحسكة`, `بالحسكة` and `والحسكة` are one term and a search
//! for the ministry finds the ministry.
//!
//! The store owns the documents; this crate only indexes what it is given ([`IndexedDoc`]) and
//! touches no file outside the index directory. A search ([`SearchIndex::search`]) takes
//! tantivy's query syntax over title and text:
//!
//! * words are ANDed: `وزارة الصحة` needs both;
//! * `"وزارة الصحة"` is a phrase; `OR`, `NOT` / `-word` and parentheses work as in tantivy;
//! * `title:غزة` or `text:غزة` picks one field; `exact:"وزارةُ الصحة"` matches words as
//!   written (folded only: clitics and endings must agree);
//! * an empty query lists the documents that pass the [`Filters`], newest first.
//!
//! Snippets are the passage of the text with the most matched terms, the original words
//! (harakat, clitics and all) in `<b>…</b>` and the rest HTML-escaped.

mod analyzer;
mod index;

pub use analyzer::{analyze, light_stem, ArabicTokenizer};
pub use index::{Filters, Hit, Hits, IndexWriter, IndexedDoc, SearchIndex};

/// What can go wrong with the search index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Another writer holds the index's lock (another process, or an [`IndexWriter`] of this
    /// one not yet dropped). Retry when it has finished.
    #[error("the search index is busy: {0}")]
    Busy(String),
    /// The query could not be parsed, or a filter value is malformed. The message says which
    /// and how to write it.
    #[error("bad search query: {0}")]
    Query(String),
    /// The index could not be created, opened, read or written.
    #[error("search index error: {0}")]
    Index(String),
}

/// The result of the index's operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
