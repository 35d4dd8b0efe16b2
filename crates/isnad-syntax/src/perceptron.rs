//! The averaged perceptron both models learn with: a linear multi-class classifier over hashed
//! features, fast to train on a few thousand sentences and to apply at a few lookups a word.
//!
//! A feature is a 64-bit hash of a template and its values (see [`crate::features`]); its
//! weights are a short list of (class, weight) cells, so a lexical feature seen with two tags
//! costs two cells, not one per class. Every cell also says which scheme it belongs to:
//! shared by both ([`SHARED`]) or learnt for one scheme's sentences only. Training updates the
//! shared cell and the sentence's scheme's cell alike; applying the model for one scheme sums
//! the two when the model is loaded ([`Weights::for_scheme`]), so that a feature costs one
//! lookup however many schemes there are.
//!
//! Averaging (Collins 2002; the lazy form with time stamps) keeps the mean of every weight over
//! all updates, which generalises far better than the last weights.

use rustc_hash::FxHashMap;

use crate::treebank::Scheme;

/// The scheme slot of a cell shared by every scheme.
pub const SHARED: u8 = 0;

/// The slot of a scheme's own cells.
fn slot(scheme: Scheme) -> u8 {
    1 + scheme.index() as u8
}

/// One weight while training.
#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u16,
    slot: u8,
    weight: f32,
    /// Sum of the weight over every step before `stamp`.
    total: f64,
    stamp: u32,
}

/// Weights being learnt.
#[derive(Debug, Default)]
pub struct Trainer {
    rows: FxHashMap<u32, Vec<Cell>>,
    /// Update steps so far (one per example seen).
    clock: u32,
    /// How often each feature fires on the gold path, when rare features are left out.
    counts: Option<(FxHashMap<u32, u32>, u32)>,
}

/// Counts features as they fire on the gold path, for [`Trainer::keeping`].
#[derive(Debug, Default)]
pub struct Counts(FxHashMap<u32, u32>);

impl Counts {
    /// Counts one example's features.
    pub fn add(&mut self, features: &[u32]) {
        for &f in features {
            *self.0.entry(f).or_default() += 1;
        }
    }
}

impl Trainer {
    /// No weights yet.
    pub fn new() -> Trainer {
        Trainer::default()
    }

    /// A trainer that learns weights only for features that fired at least `min` times on
    /// the gold path: a rare feature mostly memorises its sentence, and costs a lookup and
    /// model size for nothing.
    pub fn keeping(counts: Counts, min: u32) -> Trainer {
        Trainer {
            counts: Some((counts.0, min)),
            ..Trainer::default()
        }
    }

    fn kept(&self, f: u32) -> bool {
        match &self.counts {
            Some((counts, min)) => counts.get(&f).is_some_and(|c| c >= min),
            None => true,
        }
    }

    /// Advances the clock: call once per example, updated or not.
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Adds each feature's current weights (shared and `scheme`'s) into `scores`.
    pub fn score(&self, features: &[u32], scheme: Scheme, scores: &mut [f32]) {
        let own = slot(scheme);
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for c in row {
                    if c.slot == SHARED || c.slot == own {
                        scores[c.class as usize] += c.weight;
                    }
                }
            }
        }
    }

    /// Moves the weight of `class` by `delta` on every feature, shared and for `scheme`.
    pub fn update(&mut self, features: &[u32], scheme: Scheme, class: usize, delta: f32) {
        let clock = self.clock;
        for &f in features {
            if !self.kept(f) {
                continue;
            }
            let row = self.rows.entry(f).or_default();
            for s in [SHARED, slot(scheme)] {
                let cell = match row
                    .iter_mut()
                    .position(|c| c.class as usize == class && c.slot == s)
                {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Cell {
                            class: class as u16,
                            slot: s,
                            weight: 0.0,
                            total: 0.0,
                            stamp: clock,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                cell.total += f64::from(clock - cell.stamp) * f64::from(cell.weight);
                cell.stamp = clock;
                cell.weight += delta;
            }
        }
    }

    /// The averaged weights, without cells whose mean is negligible.
    pub fn average(self) -> Weights {
        let clock = self.clock.max(1);
        let mut rows: Vec<Row> = self
            .rows
            .into_iter()
            .filter_map(|(f, cells)| {
                let kept: Vec<(u16, u8, f32)> = cells
                    .into_iter()
                    .filter_map(|c| {
                        let total = c.total + f64::from(clock - c.stamp) * f64::from(c.weight);
                        let mean = (total / f64::from(clock)) as f32;
                        (mean.abs() >= 1e-4).then_some((c.class, c.slot, mean))
                    })
                    .collect();
                (!kept.is_empty()).then_some((f, kept))
            })
            .collect();
        rows.sort_unstable_by_key(|(f, _)| *f);
        Weights { rows }
    }
}

/// One feature's weights: its key and (class, scheme slot, weight) cells.
pub type Row = (u32, Vec<(u16, u8, f32)>);

/// Learnt weights, for every scheme: what the model file stores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    /// Rows sorted by feature: (class, scheme slot, weight) cells.
    pub rows: Vec<Row>,
}

impl Weights {
    /// The weights one scheme's text is scored with: shared and own cells summed.
    pub fn for_scheme(&self, scheme: Scheme) -> Table {
        let own = slot(scheme);
        let mut rows: Vec<(u32, u32, u32)> = Vec::with_capacity(self.rows.len());
        let mut cells: Vec<(u16, f32)> = Vec::new();
        for (f, row) in &self.rows {
            let start = cells.len();
            for &(class, s, w) in row {
                if s != SHARED && s != own {
                    continue;
                }
                match cells[start..].iter_mut().find(|(c, _)| *c == class) {
                    Some(cell) => cell.1 += w,
                    None => cells.push((class, w)),
                }
            }
            if cells.len() > start {
                rows.push((*f, start as u32, (cells.len() - start) as u32));
            }
        }
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); capacity];
        let mask = capacity - 1;
        for (key, start, len) in rows {
            let mut i = key as usize & mask;
            while slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = Slot { key, start, len };
        }
        Table { slots, mask, cells }
    }

    /// Drops the cells whose weight is smaller than `min` in size, and rows left empty. Most
    /// cells of an averaged perceptron are small weights of rare features that decide nothing:
    /// on the parser, dropping those under 2 keeps a fifth of the cells, loses about half a
    /// point of attachment on the dev slices, and doubles the speed (fewer cache misses).
    pub fn prune(&mut self, min: f32) {
        for (_, cells) in &mut self.rows {
            cells.retain(|c| c.2.abs() >= min);
        }
        self.rows.retain(|(_, cells)| !cells.is_empty());
    }

    /// How many cells it holds.
    pub fn cells(&self) -> usize {
        self.rows.iter().map(|(_, r)| r.len()).sum()
    }
}

/// One slot of a table's index: a feature key and where its cells are (`len` 0: empty).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
    len: u32,
}

/// Weights ready to score one scheme's text: a feature's cells are one slice, found through
/// an open-addressing index keyed by the feature itself (the keys are hashes already, so
/// their low bits are the slot: no hashing, one probe most of the time).
#[derive(Debug, Default)]
pub struct Table {
    slots: Vec<Slot>,
    mask: usize,
    cells: Vec<(u16, f32)>,
}

impl Table {
    /// Where the cells of feature `f` are.
    #[inline]
    fn find(&self, f: u32) -> (u32, u32) {
        if self.slots.is_empty() {
            return (0, 0);
        }
        let mut i = f as usize & self.mask;
        loop {
            let s = self.slots[i];
            if s.len == 0 {
                return (0, 0);
            }
            if s.key == f {
                return (s.start, s.len);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds each feature's weights into `scores`.
    ///
    /// All rows are looked up first and summed after: the lookups are independent of one
    /// another, so the processor waits for their cache misses together instead of one after
    /// the other (the tables are far larger than the cache; this halves the parser's time).
    #[inline]
    pub fn score(&self, features: &[u32], scores: &mut [f32]) {
        const CHUNK: usize = 64;
        let mut rows = [(0u32, 0u32); CHUNK];
        for chunk in features.chunks(CHUNK) {
            for (row, &f) in rows.iter_mut().zip(chunk) {
                *row = self.find(f);
            }
            for &(start, len) in &rows[..chunk.len()] {
                for &(class, w) in &self.cells[start as usize..(start + len) as usize] {
                    scores[class as usize] += w;
                }
            }
        }
    }
}

/// The index of the highest score among those `allowed` says may be taken; the first on ties.
pub fn best(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_to_separate_and_keeps_schemes_apart() {
        // Feature 1 means class 0 in both schemes; feature 2 means class 1 in UD and class 2
        // in PADT: the shared weight cannot tell, the schemes' own weights can.
        let mut t = Trainer::new();
        let examples = [
            (vec![1u32], Scheme::Ud, 0usize),
            (vec![2], Scheme::Ud, 1),
            (vec![1], Scheme::Padt, 0),
            (vec![2], Scheme::Padt, 2),
        ];
        for _ in 0..10 {
            for (f, scheme, gold) in &examples {
                let mut scores = [0.0; 3];
                t.score(f, *scheme, &mut scores);
                let guess = best(&scores, |_| true).unwrap();
                if guess != *gold {
                    t.update(f, *scheme, *gold, 1.0);
                    t.update(f, *scheme, guess, -1.0);
                }
                t.tick();
            }
        }
        let w = t.average();
        for (f, scheme, gold) in &examples {
            let mut scores = [0.0; 3];
            w.for_scheme(*scheme).score(f, &mut scores);
            assert_eq!(best(&scores, |_| true), Some(*gold), "{f:?} in {scheme}");
        }
    }

    #[test]
    fn best_respects_what_is_allowed() {
        assert_eq!(best(&[3.0, 1.0, 2.0], |i| i != 0), Some(2));
        assert_eq!(best(&[1.0], |_| false), None);
    }
}
