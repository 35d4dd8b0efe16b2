//! Word clusters and label priors learnt from the news corpus: classes of words that occur in
//! the same contexts (`دمشق` and `بغداد` both follow `في`), so that what a model learnt of a
//! class carries over to members it never saw in training.
//!
//! The file (`models/word_clusters.tsv`) is built by `isnad train ner --clusters` (k-means over
//! context vectors of the 31,523-article ANT news corpus, `isnad_extract::ner::clusters`) and
//! read here, below both its readers: the entity tagger and the syntax tagger and parser.
//! Each line is `stem<TAB>fine<TAB>coarse<TAB>cues<TAB>priors` for a folded stem (clitics and
//! article off); a line may lack the later cells.

use rustc_hash::FxHashMap;

/// The committed cluster file: `stem\tfine\tcoarse\tcues\tpriors` per line.
const BUNDLED: &str = include_str!("../models/word_clusters.tsv");

/// What the file says of one stem; a line may lack any of it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stem {
    /// The (fine, coarse) cluster ids.
    pub ids: Option<(u16, u16)>,
    /// How often it follows a person, place and organisation cue word, buckets 0 to 3 (see
    /// the cue lists of `isnad_extract::ner::clusters::CUES`).
    pub cues: [u8; 3],
    /// Buckets of the share of its corpus occurrences the context model tags as a person,
    /// place, organisation or other name (`isnad_extract::ner::priors`).
    pub priors: Option<[u8; 4]>,
}

/// One digit per byte of `cell`, if it has exactly `N` of them.
fn digits<const N: usize>(cell: &str) -> Option<[u8; N]> {
    let b = cell.as_bytes();
    (b.len() == N && b.iter().all(u8::is_ascii_digit)).then(|| std::array::from_fn(|i| b[i] - b'0'))
}

/// Fine and coarse cluster ids of folded stems.
#[derive(Debug, Default)]
pub struct Clusters {
    map: FxHashMap<Box<str>, Stem>,
    /// How many stems have ids.
    with_ids: usize,
}

impl Clusters {
    /// The clusters committed with the crate.
    pub fn bundled() -> Clusters {
        Clusters::parse(BUNDLED)
    }

    /// Reads the `stem\tfine\tcoarse` format; malformed lines are skipped.
    pub fn parse(text: &str) -> Clusters {
        let mut map: FxHashMap<Box<str>, Stem> = FxHashMap::default();
        for entry in isnad_text::lexicon::entries(text) {
            let mut cells = entry.text.split('\t');
            let (Some(w), Some(f), Some(c)) = (cells.next(), cells.next(), cells.next()) else {
                continue;
            };
            let stem = map.entry(Box::from(w)).or_default();
            if let (Ok(f), Ok(c)) = (f.parse(), c.parse()) {
                stem.ids = Some((f, c));
            }
            if let Some(k) = cells.next().and_then(digits) {
                stem.cues = k;
            }
            stem.priors = cells.next().and_then(digits);
        }
        let with_ids = map.values().filter(|v| v.ids.is_some()).count();
        Clusters { map, with_ids }
    }

    /// The (fine, coarse) ids of a folded stem.
    pub fn get(&self, stem: &str) -> Option<(u16, u16)> {
        self.lookup(stem).ids
    }

    /// How often the stem follows a person, place and organisation cue word in the corpus,
    /// as buckets 0 to 3 (see the cue lists of `isnad_extract::ner::clusters::CUES`).
    pub fn cues(&self, stem: &str) -> [u8; 3] {
        self.lookup(stem).cues
    }

    /// The stem's label priors ([`Stem::priors`]).
    pub fn priors(&self, stem: &str) -> Option<[u8; 4]> {
        self.lookup(stem).priors
    }

    /// All the file says of a stem, in one lookup (nothing for a stem it lacks).
    pub fn lookup(&self, stem: &str) -> Stem {
        self.map.get(stem).copied().unwrap_or_default()
    }

    /// How many words have a cluster.
    pub fn len(&self) -> usize {
        self.with_ids
    }

    /// Whether there are none (an empty committed file).
    pub fn is_empty(&self) -> bool {
        self.with_ids == 0
    }
}
