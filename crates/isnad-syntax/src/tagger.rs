//! Part of speech and morphological features, word by word from the first to the last, each
//! word's guess made with the two guesses before it (a greedy averaged-perceptron tagger,
//! Collins 2002).
//!
//! One set of features scores every output at once: the part of speech and each of the eight
//! feature groups of [`Feats`] (aspect, case, definiteness, gender, mood, number, person,
//! voice), each group picking its value independently. The groups then get a few features
//! more, conjoined with the part of speech just chosen: an adposition has no case, a verb's
//! ending says its person.

use crate::features::{hash_str, mix, Atoms, NONE};
use crate::perceptron::{best, Counts, Table, Trainer, Weights};
use crate::tags::{Feats, Upos};
use crate::treebank::Scheme;

/// The classes of the one classifier: parts of speech first, then each feature group's values
/// (0 = none) in [`crate::tags::FEATURE_NAMES`] order.
pub struct Classes;

impl Classes {
    /// How many parts of speech.
    pub const UPOS: usize = Upos::ALL.len();

    /// The first class of feature group `g`.
    pub fn group_start(g: usize) -> usize {
        Self::UPOS + (0..g).map(|k| Feats::group_size(k) + 1).sum::<usize>()
    }

    /// How many classes in all.
    pub fn count() -> usize {
        Self::group_start(8)
    }
}

/// Template numbers of the tagger (any distinct numbers; never reused for another template).
mod t {
    pub const BIAS: u32 = 100;
    pub const FORM: u32 = 101;
    pub const STEM: u32 = 102;
    pub const PREFIX: u32 = 103;
    pub const SUFFIX: u32 = 107;
    pub const SHAPE: u32 = 111;
    pub const CLUSTER: u32 = 112;
    pub const COARSE: u32 = 113;
    pub const PRIORS: u32 = 114;
    pub const ARTICLE: u32 = 115;
    pub const PREV_FORM: u32 = 116;
    pub const NEXT_FORM: u32 = 117;
    pub const PREV2_FORM: u32 = 118;
    pub const NEXT2_FORM: u32 = 119;
    pub const PREV_CLUSTER: u32 = 120;
    pub const NEXT_CLUSTER: u32 = 121;
    pub const PREV_COARSE: u32 = 122;
    pub const NEXT_COARSE: u32 = 123;
    pub const NEXT_SUFFIX: u32 = 124;
    pub const PREV_SUFFIX: u32 = 125;
    pub const TAG1: u32 = 126;
    pub const TAG12: u32 = 127;
    pub const TAG1_FORM: u32 = 128;
    pub const TAG1_SUFFIX: u32 = 129;
    pub const FORM_NEXT: u32 = 130;
    pub const PREV_FORM_FORM: u32 = 131;
    pub const FIRST: u32 = 132;
    pub const NEXT2_COARSE: u32 = 133;
    pub const TAG1_CLUSTER: u32 = 134;
    pub const NEXT_PREFIX: u32 = 135;
    pub const UPOS: u32 = 150;
    pub const UPOS_SUFFIX: u32 = 151;
    pub const UPOS_PREFIX: u32 = 153;
    pub const UPOS_FORM: u32 = 155;
    pub const UPOS_TAG1: u32 = 156;
    pub const UPOS_ARTICLE: u32 = 157;
    pub const UPOS_NEXT_FORM: u32 = 158;
}

/// The features of word `i`, given the tags chosen for the two words before it.
pub fn features(atoms: &[Atoms], i: usize, tag1: u64, tag2: u64, out: &mut Vec<u32>) {
    out.clear();
    let none = Atoms::none();
    let at = |k: isize| -> &Atoms {
        usize::try_from(k)
            .ok()
            .and_then(|k| atoms.get(k))
            .unwrap_or(&none)
    };
    let i = i as isize;
    let w = at(i);
    let (p1, p2, n1, n2) = (at(i - 1), at(i - 2), at(i + 1), at(i + 2));
    out.extend([
        mix(t::BIAS, &[]),
        mix(t::FORM, &[w.form]),
        mix(t::STEM, &[w.stem]),
        mix(t::SHAPE, &[w.shape]),
        mix(t::CLUSTER, &[w.cluster]),
        mix(t::COARSE, &[w.coarse]),
        mix(t::PRIORS, &[w.priors]),
        mix(t::ARTICLE, &[u64::from(w.article), w.suffix[0]]),
        mix(t::PREV_FORM, &[p1.form]),
        mix(t::NEXT_FORM, &[n1.form]),
        mix(t::PREV2_FORM, &[p2.form]),
        mix(t::NEXT2_FORM, &[n2.form]),
        mix(t::PREV_CLUSTER, &[p1.cluster]),
        mix(t::NEXT_CLUSTER, &[n1.cluster]),
        mix(t::PREV_COARSE, &[p1.coarse]),
        mix(t::NEXT_COARSE, &[n1.coarse]),
        mix(t::NEXT2_COARSE, &[n2.coarse]),
        mix(t::NEXT_SUFFIX, &[n1.suffix[1]]),
        mix(t::PREV_SUFFIX, &[p1.suffix[1]]),
        mix(t::NEXT_PREFIX, &[n1.prefix[1]]),
        mix(t::TAG1, &[tag1]),
        mix(t::TAG12, &[tag1, tag2]),
        mix(t::TAG1_FORM, &[tag1, w.form]),
        mix(t::TAG1_SUFFIX, &[tag1, w.suffix[1]]),
        mix(t::TAG1_CLUSTER, &[tag1, w.coarse]),
        mix(t::FORM_NEXT, &[w.form, n1.form]),
        mix(t::PREV_FORM_FORM, &[p1.form, w.form]),
        mix(t::FIRST, &[u64::from(i == 0)]),
    ]);
    for k in 0..3 {
        out.push(mix(t::PREFIX + k as u32, &[w.prefix[k]]));
    }
    for k in 0..4 {
        out.push(mix(t::SUFFIX + k as u32, &[w.suffix[k]]));
    }
}

/// The features the feature groups get once the part of speech `upos` is chosen.
pub fn upos_features(atoms: &[Atoms], i: usize, upos: Upos, tag1: u64, out: &mut Vec<u32>) {
    let w = &atoms[i];
    let u = upos as u64 + 1;
    let next = atoms.get(i + 1).map_or(NONE, |a| a.form);
    out.extend([
        mix(t::UPOS, &[u]),
        mix(t::UPOS_SUFFIX, &[u, w.suffix[0]]),
        mix(t::UPOS_SUFFIX + 1, &[u, w.suffix[1]]),
        mix(t::UPOS_PREFIX, &[u, w.prefix[0]]),
        mix(t::UPOS_PREFIX + 1, &[u, w.prefix[1]]),
        mix(t::UPOS_FORM, &[u, w.form]),
        mix(t::UPOS_TAG1, &[u, tag1]),
        mix(t::UPOS_ARTICLE, &[u, u64::from(w.article)]),
        mix(t::UPOS_NEXT_FORM, &[u, next]),
    ]);
}

/// The value a tag has as a feature of the next words.
pub fn tag_value(upos: Upos) -> u64 {
    hash_str(upos.as_str())
}

/// What the tagger says of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tagged {
    /// Part of speech (UD v2).
    pub upos: Upos,
    /// Morphological features.
    pub feats: Feats,
}

/// The best part of speech of one word's scores.
fn best_upos(scores: &[f32]) -> Upos {
    Upos::from_index(best(&scores[..Classes::UPOS], |_| true).unwrap_or(0)).unwrap_or(Upos::X)
}

/// The best class of each feature group, from scores that include the part of speech's
/// features.
fn best_groups(with_upos: &[f32]) -> [usize; 8] {
    let mut classes = [0usize; 8];
    for (g, class) in classes.iter_mut().enumerate() {
        let start = Classes::group_start(g);
        let size = Feats::group_size(g) + 1;
        *class = best(&with_upos[start..start + size], |_| true).unwrap_or(0);
    }
    classes
}

/// The tagger, ready for one scheme's text.
pub struct Tagger {
    table: Table,
}

impl Tagger {
    /// The tagger of `weights` for text in `scheme`.
    pub fn new(weights: &Weights, scheme: Scheme) -> Tagger {
        Tagger {
            table: weights.for_scheme(scheme),
        }
    }

    /// Tags one sentence's words.
    pub fn tag(&self, atoms: &[Atoms]) -> Vec<Tagged> {
        self.tag_with(atoms, &[])
    }

    /// Tags one sentence's words, never as a verb those `not_verb` marks (the words of a date
    /// another stage found: `فجر الإثنين` is "Monday's dawn", not "he blew up").
    pub fn tag_with(&self, atoms: &[Atoms], not_verb: &[bool]) -> Vec<Tagged> {
        let mut out = Vec::with_capacity(atoms.len());
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; Classes::count()];
        let mut with_upos = vec![0f32; Classes::count()];
        let (mut tag1, mut tag2) = (NONE, NONE);
        for i in 0..atoms.len() {
            features(atoms, i, tag1, tag2, &mut feats);
            scores.fill(0.0);
            self.table.score(&feats, &mut scores);
            let mut upos = best_upos(&scores);
            if matches!(upos, Upos::Verb | Upos::Aux) && not_verb.get(i).copied().unwrap_or(false) {
                upos = Upos::from_index(
                    best(&scores[..Classes::UPOS], |c| {
                        !matches!(Upos::from_index(c), Some(Upos::Verb | Upos::Aux))
                    })
                    .unwrap_or(Upos::Noun.index()),
                )
                .unwrap_or(Upos::Noun);
            }
            feats.clear();
            upos_features(atoms, i, upos, tag1, &mut feats);
            with_upos.copy_from_slice(&scores);
            self.table.score(&feats, &mut with_upos);
            out.push(Tagged {
                upos,
                feats: Feats::from_classes(best_groups(&with_upos)),
            });
            tag2 = tag1;
            tag1 = tag_value(upos);
        }
        out
    }
}

/// One training sentence for the tagger.
pub struct Example {
    /// The words' atoms.
    pub atoms: Vec<Atoms>,
    /// The gold tags.
    pub gold: Vec<Tagged>,
    /// The sentence's scheme.
    pub scheme: Scheme,
}

/// Learns from `examples` for `epochs` passes, in an order shuffled by `seed` each pass.
pub fn train(examples: &[Example], epochs: usize, seed: u64) -> Weights {
    let refs: Vec<&Example> = examples.iter().collect();
    train_refs(&refs, epochs, seed)
}

/// Features seen fewer times than this on the gold path get no weights.
const MIN_COUNT: u32 = 3;

/// [`train`] on borrowed examples (a fold of them).
pub fn train_refs(examples: &[&Example], epochs: usize, seed: u64) -> Weights {
    let mut counts = Counts::default();
    let mut feats = Vec::with_capacity(48);
    for ex in examples {
        let (mut tag1, mut tag2) = (NONE, NONE);
        for (i, gold) in ex.gold.iter().enumerate() {
            features(&ex.atoms, i, tag1, tag2, &mut feats);
            upos_features(&ex.atoms, i, gold.upos, tag1, &mut feats);
            counts.add(&feats);
            tag2 = tag1;
            tag1 = tag_value(gold.upos);
        }
    }
    let mut trainer = Trainer::keeping(counts, MIN_COUNT);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = crate::Rng::new(seed);
    let mut extra = Vec::with_capacity(16);
    let mut scores = vec![0f32; Classes::count()];
    let mut with_upos = vec![0f32; Classes::count()];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = examples[e];
            let (mut tag1, mut tag2) = (NONE, NONE);
            for i in 0..ex.atoms.len() {
                features(&ex.atoms, i, tag1, tag2, &mut feats);
                scores.fill(0.0);
                trainer.score(&feats, ex.scheme, &mut scores);
                let upos = best_upos(&scores);
                extra.clear();
                upos_features(&ex.atoms, i, upos, tag1, &mut extra);
                with_upos.copy_from_slice(&scores);
                trainer.score(&extra, ex.scheme, &mut with_upos);
                let classes = best_groups(&with_upos);
                let gold = ex.gold[i];
                if upos != gold.upos {
                    trainer.update(&feats, ex.scheme, gold.upos.index(), 1.0);
                    trainer.update(&feats, ex.scheme, upos.index(), -1.0);
                }
                let gold_classes = gold.feats.classes();
                for g in 0..8 {
                    if classes[g] != gold_classes[g] {
                        let start = Classes::group_start(g);
                        for f in [&feats, &extra] {
                            trainer.update(f, ex.scheme, start + gold_classes[g], 1.0);
                            trainer.update(f, ex.scheme, start + classes[g], -1.0);
                        }
                    }
                }
                trainer.tick();
                tag2 = tag1;
                tag1 = tag_value(upos);
            }
        }
    }
    trainer.average()
}
