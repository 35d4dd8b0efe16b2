//! Word-level local alignment of two token-id sequences: seed, extend, chain.
//!
//! 1. **Seeds.** Every word bigram of `b` is indexed ([`BigramIndex`]); each bigram of `a`
//!    looked up there gives a seed `(i, j)`. Bigrams that occur more than
//!    [`AlignParams::max_occurrences`] times in `b` are not used as seeds (they are function-word
//!    pairs), though runs still extend through them.
//! 2. **Extend.** A seed whose predecessors also match is inside a run found already and is
//!    skipped; any other seed is extended word by word into a maximal exact run.
//! 3. **Chain.** Runs are chained by dynamic programming in the order of `a` and `b` alike: a
//!    run may follow another when it starts after it in both texts with at most
//!    [`AlignParams::max_gap`] words between them on either side, at a cost of
//!    [`AlignParams::gap_cost`] per word of the longer gap. A changed figure is a gap of one word
//!    on both sides; a dropped clause a gap on one side only; different punctuation is no gap at
//!    all, since punctuation has no token.
//! 4. **Select.** The best chains, best first, become passages when they hold at least
//!    [`AlignParams::min_words`] matched words, one run of [`AlignParams::anchor`] words or
//!    more, and [`AlignParams::min_rare`] distinctive n-grams unless it has
//!    [`AlignParams::plain_words`] matched words (set phrases such as an official's name and
//!    title are shared by many documents and are not evidence of reuse);
//!    a passage that overlaps one already taken, in either text, is dropped, so each
//!    stretch of text is aligned once.
//!
//! This is greedy gap-tolerant chaining rather than Smith-Waterman: the runs give the same
//! passages on copied news text (long exact stretches between small edits) at a cost linear in
//! the number of seeds instead of the product of the lengths.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Parameters of the alignment (see the module docs for their roles).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignParams {
    /// Longest gap, in words, that a passage bridges on either side.
    pub max_gap: u32,
    /// Cost of each word of the longer side of a gap, in matched words.
    pub gap_cost: f32,
    /// Fewest matched words in a passage.
    pub min_words: u32,
    /// Length of the longest run a passage must hold.
    pub anchor: u32,
    /// Bigrams seen more often than this in `b` are not seeds.
    pub max_occurrences: u32,
    /// Words per distinctive n-gram (the index's shingle size).
    pub shingle: u32,
    /// Distinctive n-grams a passage must hold, unless it is long.
    pub min_rare: u32,
    /// Matched words that make a passage long: it needs no distinctive n-gram.
    pub plain_words: u32,
}

/// An aligned passage as word index ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPassage {
    /// Words of `a`.
    pub a: Range<u32>,
    /// Words of `b`.
    pub b: Range<u32>,
    /// Words matched exactly inside the ranges.
    pub matched: u32,
}

/// A hasher for keys that are already well mixed: it passes them through.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by pre-mixed `u64`s.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

const NONE: u32 = u32::MAX;

/// How many earlier runs the chaining looks at for each run.
const MAX_PREDECESSORS: usize = 256;

/// Where each word bigram of a text occurs.
#[derive(Debug, Default)]
pub struct BigramIndex {
    /// Bigram key to its last position.
    last: IdMap<(u32, u32)>,
    /// Previous position of the same bigram, for every position.
    prev: Vec<u32>,
    /// A one-hash Bloom filter of the bigrams (8,192 bits): most bigrams of a candidate are
    /// not in `b` at all, and one bit test is cheaper than a hash-table probe.
    bits: Vec<u64>,
}

const FILTER_BITS: u32 = 13;

fn filter_bit(key: u64) -> (usize, u64) {
    let h = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FILTER_BITS)) as usize;
    (h >> 6, 1u64 << (h & 63))
}

fn bigram(x: u32, y: u32) -> u64 {
    // Token ids are hashes already; shifting one of them keeps the key's high bits random.
    ((x as u64) << 32 | y as u64) ^ (y as u64) << 13
}

impl BigramIndex {
    /// Indexes the bigrams of `b`.
    pub fn new(b: &[u32]) -> Self {
        let n = b.len().saturating_sub(1);
        let mut last: IdMap<(u32, u32)> = IdMap::default();
        last.reserve(n);
        let mut prev = vec![NONE; n];
        let mut bits = vec![0u64; 1 << (FILTER_BITS - 6)];
        for (j, w) in b.windows(2).enumerate() {
            let key = bigram(w[0], w[1]);
            let (word, bit) = filter_bit(key);
            bits[word] |= bit;
            let e = last.entry(key).or_insert((NONE, 0));
            prev[j] = e.0;
            *e = (j as u32, e.1 + 1);
        }
        BigramIndex { last, prev, bits }
    }
}

#[derive(Debug, Clone, Copy)]
struct Run {
    i: u32,
    j: u32,
    len: u32,
}

/// Aligns `a` against `b`, whose bigrams `index` holds; passages in order of `a`.
///
/// `b_rare` marks the words of `b` that start a distinctive n-gram of [`AlignParams::shingle`]
/// words (one few documents share); a passage needs [`AlignParams::min_rare`] of them inside
/// its runs. An empty `b_rare` counts every word as distinctive.
pub fn align(
    a: &[u32],
    b: &[u32],
    b_rare: &[bool],
    index: &BigramIndex,
    p: &AlignParams,
) -> Vec<TokenPassage> {
    let runs = runs(a, b, index, p);
    if runs.is_empty() {
        return Vec::new();
    }
    let chains = chain(&runs, p);
    select(&runs, chains, b_rare, p)
}

/// Maximal exact runs of two words or more that start at a seed.
fn runs(a: &[u32], b: &[u32], index: &BigramIndex, p: &AlignParams) -> Vec<Run> {
    let mut out = Vec::new();
    for i in 0..a.len().saturating_sub(1) {
        let key = bigram(a[i], a[i + 1]);
        let (word, bit) = filter_bit(key);
        if index.bits[word] & bit == 0 {
            continue;
        }
        let Some(&(mut j, count)) = index.last.get(&key) else {
            continue;
        };
        if count > p.max_occurrences {
            continue;
        }
        while j != NONE {
            let (iu, ju) = (i, j as usize);
            let inside = iu > 0 && ju > 0 && a[iu - 1] == b[ju - 1];
            // A bigram key can collide; check the words themselves.
            if !inside && a[iu] == b[ju] && a[iu + 1] == b[ju + 1] {
                let len = a[iu..]
                    .iter()
                    .zip(&b[ju..])
                    .take_while(|(x, y)| x == y)
                    .count();
                out.push(Run {
                    i: i as u32,
                    j,
                    len: len as u32,
                });
            }
            j = index.prev[ju];
        }
    }
    out.sort_unstable_by_key(|r| (r.i, r.j));
    out
}

/// Best chain score ending at each run, and its predecessor.
fn chain(runs: &[Run], p: &AlignParams) -> Vec<(f32, u32)> {
    let longest = runs.iter().map(|r| r.len).max().unwrap_or(0);
    let mut best: Vec<(f32, u32)> = Vec::with_capacity(runs.len());
    for (s, rs) in runs.iter().enumerate() {
        let mut here = (rs.len as f32, NONE);
        // At most MAX_PREDECESSORS runs back: texts full of repeated phrases would otherwise
        // make this quadratic, and a true predecessor is among the nearest.
        for r in (s.saturating_sub(MAX_PREDECESSORS)..s).rev() {
            let rr = runs[r];
            if rr.i + longest + p.max_gap < rs.i {
                break;
            }
            let (ie, je) = (rr.i + rr.len, rr.j + rr.len);
            if ie > rs.i || je > rs.j {
                continue;
            }
            let gap = (rs.i - ie).max(rs.j - je);
            if gap > p.max_gap {
                continue;
            }
            let score = best[r].0 + rs.len as f32 - p.gap_cost * gap as f32;
            if score > here.0 {
                here = (score, r as u32);
            }
        }
        best.push(here);
    }
    best
}

/// Turns the best chains into non-overlapping passages.
fn select(
    runs: &[Run],
    best: Vec<(f32, u32)>,
    b_rare: &[bool],
    p: &AlignParams,
) -> Vec<TokenPassage> {
    // Distinctive n-grams that lie wholly inside a run (so both texts hold them).
    let rare_in = |r: &Run| -> u32 {
        if b_rare.is_empty() {
            return r.len;
        }
        let n = p.shingle.max(1);
        if r.len < n {
            return 0;
        }
        let (from, to) = (r.j as usize, (r.j + r.len - n + 1) as usize);
        b_rare[from..to.min(b_rare.len())]
            .iter()
            .filter(|&&x| x)
            .count() as u32
    };
    let mut order: Vec<u32> = (0..runs.len() as u32).collect();
    order.sort_by(|&x, &y| {
        best[y as usize]
            .0
            .total_cmp(&best[x as usize].0)
            .then(x.cmp(&y))
    });
    let mut used = vec![false; runs.len()];
    let mut taken: Vec<TokenPassage> = Vec::new();
    for s in order {
        if used[s as usize] {
            continue;
        }
        let last = s;
        let (mut matched, mut anchor, mut rare) = (0, 0, 0);
        let mut at = s;
        let first = loop {
            used[at as usize] = true;
            matched += runs[at as usize].len;
            anchor = anchor.max(runs[at as usize].len);
            rare += rare_in(&runs[at as usize]);
            let pred = best[at as usize].1;
            if pred == NONE || used[pred as usize] {
                break at;
            }
            at = pred;
        };
        let distinct = rare >= p.min_rare || matched >= p.plain_words;
        if matched < p.min_words || anchor < p.anchor || !distinct {
            continue;
        }
        let (f, l) = (runs[first as usize], runs[last as usize]);
        let cand = TokenPassage {
            a: f.i..l.i + l.len,
            b: f.j..l.j + l.len,
            matched,
        };
        let overlaps = taken
            .iter()
            .any(|t| overlap(&t.a, &cand.a) || overlap(&t.b, &cand.b));
        if !overlaps {
            taken.push(cand);
        }
    }
    taken.sort_by_key(|t| (t.a.start, t.b.start));
    taken
}

fn overlap(x: &Range<u32>, y: &Range<u32>) -> bool {
    x.start < y.end && y.start < x.end
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: AlignParams = AlignParams {
        max_gap: 10,
        gap_cost: 0.5,
        min_words: 6,
        anchor: 3,
        max_occurrences: 16,
        shingle: 4,
        min_rare: 1,
        plain_words: 20,
    };

    fn run(a: &[u32], b: &[u32]) -> Vec<TokenPassage> {
        align(a, b, &[], &BigramIndex::new(b), &P)
    }

    #[test]
    fn bridges_a_changed_word_and_a_dropped_clause() {
        //        0  1  2  3  4  5  6  7  8  9 10 11 12 13 14
        let a = [90, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 91];
        // 6 changed to 66; 9 10 dropped.
        let b = [80, 81, 1, 2, 3, 4, 5, 66, 7, 8, 11, 12, 13, 82];
        let got = run(&a, &b);
        assert_eq!(
            got,
            [TokenPassage {
                a: 1..14,
                b: 2..13,
                matched: 10
            }]
        );
    }

    #[test]
    fn short_or_scattered_matches_are_not_passages() {
        let a = [
            1, 2, 3, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 4, 5,
        ];
        let b = [1, 2, 3, 70, 71, 4, 5];
        assert!(run(&a, &b).is_empty());
    }

    #[test]
    fn two_passages_in_other_order() {
        let a: Vec<u32> = (1..=8).chain(100..110).chain(20..=27).collect();
        let b: Vec<u32> = (20..=27).chain(200..230).chain(1..=8).collect();
        let got = run(&a, &b);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].a.clone(), got[0].b.clone()), (0..8, 38..46));
        assert_eq!((got[1].a.clone(), got[1].b.clone()), (18..26, 0..8));
    }
}
