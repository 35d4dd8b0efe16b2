//! The reuse index: fingerprints in, reuse pairs out.
//!
//! # Candidates: an inverted index of word n-grams
//!
//! Every distinct word [`Params::shingle`]-gram of a document is hashed to 64 bits and its
//! posting list records the documents holding it (passim's design). A pair of documents is a
//! **candidate** when they share at least [`Params::min_shared`] shingles; shingles held by
//! more than [`Params::max_df`] documents are set phrases (greetings, agency sign-offs, the
//! titles of officials) and are not counted, so the work stays near-linear in the corpus.
//!
//! Why not MinHash with banded LSH: LSH finds pairs of high *Jaccard* similarity, but reuse is
//! about *containment*. One paragraph of agency copy inside a long article gives a Jaccard of
//! 0.05 to 0.1 (on the gold articles, one expected pair is at 0.08), which an LSH tuned to 0.3
//! or more misses almost surely; lowering the threshold that far multiplies the bands and the
//! false candidates. The inverted index counts shared shingles exactly, finds every pair that
//! shares a passage of about `shingle + min_shared - 1` words, and costs less memory than it
//! sounds: one map entry per distinct shingle and 8 bytes per posting.
//! `benches/datasketch_compare.py` measures this index against datasketch's `MinHashLSH`.
//!
//! # Verification
//!
//! Each candidate is aligned word by word ([`mod@crate::align`]). Before that, two kinds of
//! shared text are set aside, because they are not reuse of one story:
//! * **boilerplate**: a word that only shingles of more than `max_df` documents cover (an
//!   outlet's disclaimer, "download our app") gets an id of its own that matches nothing, so
//!   templates never align and never inflate a score;
//! * **set phrases**: a passage shorter than [`Params::plain_words`] must hold
//!   [`Params::min_rare`] shingles found in at most [`Params::rare_df`] documents, so that an
//!   official's name and title, shared by dozens of unrelated articles, is not a passage.
//!
//! The passages found become a [`Reuse`] when they cover at least [`Params::min_score`] of
//! the shorter text; its direction is decided from the two fingerprints' evidence and the
//! share of each text the passages cover ([`crate::direction::decide`]). In a small collection (the 16 gold articles) document frequencies say
//! little, and `min_score` alone keeps topic-only pairs out.
//!
//! # Streaming
//!
//! [`ReuseIndex::add`] (or [`ReuseIndex::insert`] of a [`Fingerprint`] made elsewhere, for
//! instance on the thread that analysed the document) adds one document; nothing of the
//! document's text is kept. [`ReuseIndex::pairs_for`] answers for one document against all
//! the others (a store adding documents to a persisted corpus), and [`ReuseIndex::finish`]
//! gives every pair once, in a deterministic order, using all cores. Document frequencies
//! grow as documents arrive, so a pair asked for early with `pairs_for` may differ from the
//! same pair in `finish`, which sees them all.
//!
//! Memory: the posting lists cost one map entry per distinct shingle (16 bytes and the
//! table's slack) and 8 bytes per posting; with the fingerprints, the 31,523 news articles
//! take under 400 MiB at the peak of `finish`.

use std::borrow::Cow;

use isnad_core::{Document, Passage, Reuse};
use rayon::prelude::*;

use crate::align::{align, AlignParams, BigramIndex, IdMap};
use crate::fingerprint::{mix, shingle_hash, shingles, Fingerprint};
use crate::{Error, Result};

/// Parameters of reuse detection. [`Params::default`] is tuned on the PAN-style development
/// set and the gold articles; each field says why it has its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Words per shingle (4). On the news corpus 5-grams find 5% fewer pairs (a passage with
    /// an edit every five words shares none) and 3-grams are half again as slow and, being
    /// common, leave fewer shingles distinctive; the PAN development figures are the same for
    /// 3, 4 and 5.
    pub shingle: usize,
    /// Shared shingles that make a candidate pair (2): one shared 4-gram is often a set phrase;
    /// two are five words in a row or two phrases, worth aligning. On the news corpus 1 adds
    /// 0.2% pairs for 15% more time, 3 loses 5% of the pairs.
    pub min_shared: u32,
    /// Shingles in more documents than this (100) are not counted for candidates. A news
    /// corpus of 30,000 articles has few true copies of one passage beyond a few dozen.
    pub max_df: u32,
    /// Longest gap in words a passage bridges (12): a dropped clause or a short insertion.
    pub max_gap: u32,
    /// Cost per word of the longer side of a gap (0.5 matched words), so a passage grows
    /// across a gap only when the text after it matches for longer than half the gap.
    pub gap_cost: f32,
    /// Fewest matched words in a passage (6). Short on purpose: PAN passages are often a
    /// sentence fragment, and set phrases of news (an official's name and title) are kept out
    /// by `rare_df` and `min_score` rather than by length.
    pub min_words: u32,
    /// A passage must hold an exact run of this many words (4).
    pub anchor: u32,
    /// Smallest `score` reported (0.06). Articles on one event that share no copy still
    /// share a name with its title or a stock phrase, about 4–5% of the shorter text on the
    /// gold articles; one shared sentence of twenty words in an article of 2,000 characters is
    /// 6%.
    pub min_score: f64,
    /// A shingle held by at most this many documents (10) is *distinctive*: the story's own
    /// words rather than a set phrase.
    pub rare_df: u32,
    /// Distinctive shingles a passage must hold (2), unless it is long.
    pub min_rare: u32,
    /// Matched words that make a passage long enough to need no distinctive shingle (16):
    /// set phrases are shorter, and a long stretch shared word for word is reuse even when
    /// many documents share it (a much-copied source).
    pub plain_words: u32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shingle: 4,
            min_shared: 2,
            max_df: 100,
            max_gap: 12,
            gap_cost: 0.5,
            min_words: 6,
            anchor: 4,
            min_score: 0.06,
            rare_df: 10,
            min_rare: 2,
            plain_words: 16,
        }
    }
}

impl Params {
    /// These parameters with `name=value` overrides separated by commas
    /// (`min_words=10,max_gap=8`), names as the fields. For tuning and for a command-line
    /// option; an unknown name or a bad number is an [`Error::Parameter`] that names it.
    pub fn with(mut self, spec: &str) -> Result<Params> {
        for kv in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| Error::Parameter(format!("`{kv}` is not name=value")))?;
            let n: f64 = v
                .trim()
                .parse()
                .map_err(|_| Error::Parameter(format!("`{v}` is not a number (in `{kv}`)")))?;
            let u = n.max(0.0) as u32;
            match k.trim() {
                "shingle" => self.shingle = (u as usize).max(1),
                "min_shared" => self.min_shared = u.max(1),
                "max_df" => self.max_df = u,
                "max_gap" => self.max_gap = u,
                "gap_cost" => self.gap_cost = n as f32,
                "min_words" => self.min_words = u,
                "anchor" => self.anchor = u,
                "min_score" => self.min_score = n,
                "rare_df" => self.rare_df = u,
                "min_rare" => self.min_rare = u,
                "plain_words" => self.plain_words = u,
                other => return Err(Error::Parameter(format!("unknown parameter `{other}`"))),
            }
        }
        Ok(self)
    }

    fn align(&self) -> AlignParams {
        AlignParams {
            max_gap: self.max_gap,
            gap_cost: self.gap_cost,
            min_words: self.min_words,
            anchor: self.anchor,
            max_occurrences: 16,
            shingle: self.shingle as u32,
            min_rare: self.min_rare,
            plain_words: self.plain_words,
        }
    }
}

/// The position of a document in the index, in the order documents were added.
pub type DocKey = u32;

const END: u32 = u32::MAX;

/// Reuse detection over a growing set of documents.
#[derive(Debug, Default)]
pub struct ReuseIndex {
    params: Params,
    docs: Vec<Fingerprint>,
    /// Shingle hash to (number of documents, head of its posting list).
    postings: IdMap<(u32, u32)>,
    /// Posting list cells: (document, next cell).
    cells: Vec<(DocKey, u32)>,
    /// Shingle hash to the number of documents that hold it outside this index (see
    /// [`ReuseIndex::set_outside_doc_freq`]).
    outside: IdMap<u32>,
}

impl ReuseIndex {
    /// An empty index.
    pub fn new(params: Params) -> Self {
        ReuseIndex {
            params,
            ..ReuseIndex::default()
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The fingerprint of a document added earlier.
    pub fn fingerprint(&self, key: DocKey) -> &Fingerprint {
        &self.docs[key as usize]
    }

    /// The number of documents in this index that hold shingle `hash`.
    pub fn doc_freq(&self, hash: u64) -> u32 {
        self.postings.get(&hash).map_or(0, |e| e.0)
    }

    /// Declares how many documents outside this index hold each shingle. A store that keeps
    /// a large corpus on disk builds a small index of the new documents and their candidate
    /// pairs only, and gives the rest of the corpus's document frequencies here, so that
    /// boilerplate and set phrases are judged against the whole corpus.
    pub fn set_outside_doc_freq(&mut self, counts: impl IntoIterator<Item = (u64, u32)>) {
        self.outside = counts.into_iter().filter(|&(_, n)| n > 0).collect();
    }

    /// Documents holding shingle `hash`, given `local` of them in this index.
    fn total_df(&self, hash: u64, local: u32) -> u32 {
        local + self.outside.get(&hash).copied().unwrap_or(0)
    }

    /// Adds one document and returns its key.
    pub fn add(&mut self, doc: &Document) -> DocKey {
        self.insert(Fingerprint::new(doc))
    }

    /// Adds many documents, fingerprinting them on all cores; keys follow the slice order.
    pub fn add_all(&mut self, docs: &[Document]) {
        let fps: Vec<Fingerprint> = docs.par_iter().map(Fingerprint::new).collect();
        for fp in fps {
            self.insert(fp);
        }
    }

    /// Adds a fingerprint made with [`Fingerprint::new`] and returns its key.
    pub fn insert(&mut self, fp: Fingerprint) -> DocKey {
        let key = self.docs.len() as DocKey;
        for h in shingles(&fp.tokens, self.params.shingle) {
            let cell = self.cells.len() as u32;
            let e = self.postings.entry(h).or_insert((0, END));
            self.cells.push((key, e.1));
            *e = (e.0 + 1, cell);
        }
        self.docs.push(fp);
        key
    }

    /// Documents that share at least `min_shared` counted shingles with `key`, and how many,
    /// in key order. With `earlier_only`, only documents added before it.
    pub fn candidates(&self, key: DocKey, earlier_only: bool) -> Vec<(DocKey, u32)> {
        self.candidates_with(key, earlier_only, None, &mut Counter::default())
    }

    /// For every document, in key order, the earlier documents it is a candidate pair with and
    /// the shingles they share, as [`ReuseIndex::finish`] finds them before aligning. Runs on
    /// all cores.
    pub fn all_candidates(&self) -> Vec<Vec<(DocKey, u32)>> {
        let flat = self.flatten();
        (0..self.docs.len() as DocKey)
            .into_par_iter()
            .map_init(Counter::default, |counter, key| {
                self.candidates_with(key, true, Some(&flat), counter)
            })
            .collect()
    }

    /// Counts shared shingles through the posting lists, or through `flat` when given (the
    /// same lists laid out contiguously by [`ReuseIndex::flatten`]).
    fn candidates_with(
        &self,
        key: DocKey,
        earlier_only: bool,
        flat: Option<&Flat>,
        counter: &mut Counter,
    ) -> Vec<(DocKey, u32)> {
        counter.counts.resize(self.docs.len(), 0);
        let mut count = |other: DocKey| {
            if other != key && (!earlier_only || other < key) {
                let c = &mut counter.counts[other as usize];
                if *c == 0 {
                    counter.touched.push(other);
                }
                *c += 1;
            }
        };
        let fp = &self.docs[key as usize];
        for h in shingles(&fp.tokens, self.params.shingle) {
            if let Some(flat) = flat {
                if let Some(&(start, len)) = flat.lists.get(&h) {
                    let docs = &flat.docs[start as usize..(start + len) as usize];
                    docs.iter().for_each(|&other| count(other));
                }
                continue;
            }
            let Some(&(df, mut cell)) = self.postings.get(&h) else {
                continue;
            };
            let total = self.total_df(h, df);
            if total < 2 || total > self.params.max_df {
                continue;
            }
            while cell != END {
                let (other, next) = self.cells[cell as usize];
                count(other);
                cell = next;
            }
        }
        let mut out = Vec::new();
        for &other in &counter.touched {
            let n = std::mem::take(&mut counter.counts[other as usize]);
            if n >= self.params.min_shared {
                out.push((other, n));
            }
        }
        counter.touched.clear();
        out.sort_unstable();
        out
    }

    /// The posting lists that candidates count (between 2 and `max_df` documents), copied
    /// into one array. Following a linked list costs a cache miss per cell, and `finish`
    /// follows each list once per document on it; most shingles are in one document only and
    /// are left out, so the copy is small.
    fn flatten(&self) -> Flat {
        let mut flat = Flat::default();
        for (&h, &(df, head)) in &self.postings {
            let total = self.total_df(h, df);
            if df < 2 || total > self.params.max_df {
                continue;
            }
            let start = flat.docs.len() as u32;
            let mut cell = head;
            while cell != END {
                let (doc, next) = self.cells[cell as usize];
                flat.docs.push(doc);
                cell = next;
            }
            flat.lists.insert(h, (start, df));
        }
        flat
    }

    /// Reuse pairs between `key` and every other document in the index, in key order of the
    /// other document; `a` is the document added first.
    pub fn pairs_for(&self, key: DocKey) -> Vec<Reuse> {
        let mut counter = Counter::default();
        self.pairs_with(key, false, None, &mut counter, |k| {
            Cow::Owned(self.prepare(k))
        })
        .into_iter()
        .map(|(_, _, r)| r)
        .collect()
    }

    /// Every reuse pair of the index once, ordered by the keys of `a` then `b` (`a` added
    /// first). Runs on all cores.
    pub fn finish(&self) -> Vec<Reuse> {
        self.finish_from(0)
    }

    /// The pairs [`ReuseIndex::finish`] gives whose later-added document has a key of at
    /// least `first`: a store that put stored candidates first and new documents after them
    /// asks only for the pairs with a new document.
    pub fn finish_from(&self, first: DocKey) -> Vec<Reuse> {
        let prepared: Vec<Prepared> = (0..self.docs.len() as DocKey)
            .into_par_iter()
            .map(|k| self.prepare(k))
            .collect();
        let flat = self.flatten();
        let mut all: Vec<(DocKey, DocKey, Reuse)> = (first..self.docs.len() as DocKey)
            .into_par_iter()
            .map_init(Counter::default, |counter, key| {
                self.pairs_with(key, true, Some(&flat), counter, |k| {
                    Cow::Borrowed(&prepared[k as usize])
                })
            })
            .flatten_iter()
            .collect();
        all.sort_by_key(|&(a, b, _)| (a, b));
        all.into_iter().map(|(_, _, r)| r).collect()
    }

    /// A document's tokens ready for alignment: every word that only frequent shingles cover
    /// (boilerplate, over `max_df` documents) is replaced by an id of its own that matches
    /// nothing, so templates never align; and the words that start a distinctive shingle.
    fn prepare(&self, key: DocKey) -> Prepared {
        let fp = &self.docs[key as usize];
        let n = self.params.shingle;
        let len = fp.tokens.len();
        let df: Vec<u32> = if len >= n && n > 0 {
            fp.tokens
                .windows(n)
                .map(|g| {
                    let h = shingle_hash(g);
                    self.total_df(h, self.doc_freq(h))
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut tokens = fp.tokens.clone();
        let mut common = vec![!df.is_empty(); len];
        for (i, &d) in df.iter().enumerate() {
            if d <= self.params.max_df {
                common[i..i + n].iter_mut().for_each(|c| *c = false);
            }
        }
        for (i, t) in tokens.iter_mut().enumerate() {
            if common[i] {
                *t = (mix((key as u64) << 32 | i as u64) >> 32) as u32;
            }
        }
        let rare = df.iter().map(|&d| d <= self.params.rare_df).collect();
        Prepared { tokens, rare }
    }

    /// Pairs of `key` with its candidates, each with the keys of its `a` and `b`;
    /// `prepared` gives the prepared tokens of a document.
    fn pairs_with<'s>(
        &'s self,
        key: DocKey,
        earlier_only: bool,
        flat: Option<&Flat>,
        counter: &mut Counter,
        prepared: impl Fn(DocKey) -> Cow<'s, Prepared>,
    ) -> Vec<(DocKey, DocKey, Reuse)> {
        let cands = self.candidates_with(key, earlier_only, flat, counter);
        if cands.is_empty() {
            return Vec::new();
        }
        let doc = &self.docs[key as usize];
        let this = prepared(key);
        let index = BigramIndex::new(&this.tokens);
        let params = self.params.align();
        let mut out = Vec::new();
        for (other, _) in cands {
            let o = &self.docs[other as usize];
            let found = align(
                &prepared(other).tokens,
                &this.tokens,
                &this.rare,
                &index,
                &params,
            );
            if found.is_empty() {
                continue;
            }
            let (a, b, keys, flip) = if other < key {
                (o, doc, (other, key), false)
            } else {
                (doc, o, (key, other), true)
            };
            let passages: Vec<Passage> = found
                .iter()
                .map(|t| {
                    let (ta, tb) = if flip { (&t.b, &t.a) } else { (&t.a, &t.b) };
                    Passage {
                        a_start: a.spans[ta.start as usize][0] as usize,
                        a_end: a.spans[ta.end as usize - 1][1] as usize,
                        b_start: b.spans[tb.start as usize][0] as usize,
                        b_end: b.spans[tb.end as usize - 1][1] as usize,
                    }
                })
                .collect();
            if let Some(r) = reuse(a, b, passages, self.params.min_score) {
                out.push((keys.0, keys.1, r));
            }
        }
        out
    }
}

/// Counted posting lists in one array: shingle hash to (start, length) in `docs`.
#[derive(Debug, Default)]
struct Flat {
    lists: IdMap<(u32, u32)>,
    docs: Vec<DocKey>,
}

/// Shared-shingle counts per document, dense so that counting is an array increment; only
/// the touched entries are reset, so one counter serves many queries on a thread.
#[derive(Debug, Default)]
struct Counter {
    counts: Vec<u32>,
    touched: Vec<DocKey>,
}

/// A document's tokens as the alignment sees them (see [`ReuseIndex::prepare`]).
#[derive(Debug, Clone)]
struct Prepared {
    tokens: Vec<u32>,
    rare: Vec<bool>,
}

/// Builds the pair of `a` and `b` (a added first) from their passages, or `None` when they
/// cover less than `min_score` of the shorter text.
fn reuse(a: &Fingerprint, b: &Fingerprint, mut passages: Vec<Passage>, min: f64) -> Option<Reuse> {
    passages.sort_by_key(|p| (p.a_start, p.b_start));
    let covered = |spans: Vec<(usize, usize)>| -> usize {
        let mut spans = spans;
        spans.sort_unstable();
        let (mut total, mut end) = (0, 0);
        for (s, e) in spans {
            let s = s.max(end);
            if e > s {
                total += e - s;
                end = e;
            }
        }
        total
    };
    let share = |covered: usize, len: u32| {
        if len == 0 {
            0.0
        } else {
            (covered as f64 / len as f64).min(1.0)
        }
    };
    let cover_a = share(
        covered(passages.iter().map(|p| (p.a_start, p.a_end)).collect()),
        a.chars,
    );
    let cover_b = share(
        covered(passages.iter().map(|p| (p.b_start, p.b_end)).collect()),
        b.chars,
    );
    let score = if a.chars <= b.chars { cover_a } else { cover_b };
    if score < min || passages.is_empty() {
        return None;
    }
    let (direction, reason) = crate::direction::decide(a, b, cover_a, cover_b);
    Some(Reuse {
        a: a.id.clone(),
        b: b.id.clone(),
        score: (score * 1000.0).round() / 1000.0,
        direction,
        direction_reason: Some(reason),
        passages,
        same_outlet: matches!((&a.outlet, &b.outlet), (Some(x), Some(y)) if x == y),
    })
}
