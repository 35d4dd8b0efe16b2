//! Cross-document linking for isnad. Today: **text reuse**, which pairs of articles share
//! passages of text, where, how much, and who copied whom.
//!
//! News outlets rewrite agency copy: they drop a clause, change a figure, respell an alef,
//! re-punctuate. Reuse detection therefore works on words, not characters: each document is
//! reduced to a [`Fingerprint`] (folded, clitic-stripped word ids with their code-point spans),
//! candidate pairs come from an inverted index of word 4-grams ([`ReuseIndex`], passim's
//! design), and each candidate is verified by a word-level local alignment ([`mod@align`]) that
//! bridges small edits. Passages are reported in code points of each document's `text`, as
//! the `isnad-report/1` contract asks.
//!
//! ```
//! use isnad_core::Document;
//! use isnad_link::{Params, ReuseIndex};
//!
//! let agency = "أعلنت وزارة الصحة يوم الأحد أن عدد المصابين بالفيروس ارتفع إلى ألف ومئتي حالة في أنحاء البلاد";
//! let copy = "قالت الوزارة: أعلنت وزارة الصحة يوم الأحد أن عدد المصابين بالفيروس ارتفع الى ألف ومئتي حالة في انحاء البلاد";
//! let mut index = ReuseIndex::new(Params::default());
//! index.add(&Document::new("agency", "a.txt", agency));
//! index.add(&Document::new("copy", "b.txt", copy));
//! let pairs = index.finish();
//! assert_eq!(pairs.len(), 1);
//! assert_eq!(pairs[0].passages[0].a_start, 0);
//! ```
//!
//! Nothing here does IO, and analysis never fails: the caller reads documents and prints the
//! pairs. The one [`Error`] is a malformed parameter override ([`Params::with`]).
//!
//! Decisions worth knowing:
//! * Fingerprints keep 12 bytes per word and no text, so a corpus of 31,523 articles fits in a
//!   few hundred megabytes with its index (`benches/reuse.rs` measures it).
//! * `score` is the share of the **shorter** document's characters inside aligned passages;
//!   pairs from one outlet are reported and marked `same_outlet`.
//! * `direction` (who copied whom) is decided by the publication time or date, then by what
//!   the texts credit (`نقلاً عن X`, a source line, a dateline), then by containment, and is
//!   null only when none tells; `direction_reason` says which, or why not ([`direction`]).
//! * Output is deterministic: pairs ordered by the order documents were added (`a` the
//!   earlier), passages by their start in `a`.
//!
//! # Measured
//!
//! Figures from one 2-core machine; the commands reproduce them.
//!
//! * Speed and memory, `cargo bench -p isnad-link` on the 31,523-article news corpus: the
//!   whole corpus (fingerprints, index, candidates and alignment) in 7 CPU seconds (about 4 s
//!   of wall time expected on two idle cores, not measured so), peak RSS under 600 MiB including the 216 MiB of
//!   documents read; 43,314 pairs.
//! * PAN-style plagiarism, `cargo run --release -p isnad-link --example pan_report --
//!   DIR > report.json` then `python3 ../shared/eval/score.py pan DIR/pairs report.json`:
//!   on `kau_arabplagdet_dev`, pairs recall 0.951 and character P/R/F1 0.872/0.958/0.913.
//!   Pairs precision is 0.018 because the folder's source documents are near-copies of each
//!   other (two thirds of the pairs outside the gold cover 90% of the shorter text or more).
//! * The gold articles: the 8 expected pairs and none of the topic-only ones
//!   (`tests/reuse.rs`).
//!   On the held-out `kau_arabplagdet_test`, computed once and never tuned on: pairs recall
//!   0.943, character P/R/F1 0.851/0.925/0.886.
//! * Against datasketch's MinHashLSH on the same shingles, `benches/datasketch_compare.py`:
//!   from ready shingles, this index finds its candidates 5–11 times faster than datasketch
//!   builds MinHashes and queries an LSH (6.6 times at a threshold of 0.3). At 0.3 the LSH
//!   finds 93% of the pairs at or above that Jaccard, this index 98% (the rest are pages holding nothing but an outlet's disclaimer, which the index
//!   ignores on purpose), and LSH at 0.3 holds only 18% of the reuse pairs whose score is
//!   0.3–0.6: partial reuse has a low Jaccard.

pub mod align;
pub mod clusters;
pub mod direction;
pub mod fingerprint;
pub mod index;
pub mod provenance;
mod told;

pub use align::{align, AlignParams, BigramIndex, TokenPassage};
pub use clusters::ClusterBuilder;
pub use direction::{Evidence, Stamp};
pub use fingerprint::{shingles, Fingerprint};
pub use index::{DocKey, Params, ReuseIndex};
pub use provenance::{ProvenanceBuilder, ProvenanceGraph};

/// What can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A parameter override is not `name=value` with a known name and a number; the message
    /// says which part.
    Parameter(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Parameter(m) => write!(f, "bad reuse parameter: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
