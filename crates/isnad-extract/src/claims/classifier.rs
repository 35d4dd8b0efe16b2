//! A trigger classifier learnt from the gold claims: it proposes the events the lexicon lacks.
//!
//! The lexicon names the events it knows by lemma; news tells of others with words nobody
//! listed. An averaged perceptron reads each noun and verb of a parsed sentence (its lemma,
//! stem, part of speech, word cluster, affixes, neighbours, head and relation) and scores each
//! claim type against "no event". A word the lexicon does not take becomes a trigger when one
//! type outscores "no event" by more than the threshold ([`THRESHOLD`], chosen on the check set's
//! aggregate figures).
//!
//! It is trained by `isnad train triggers` on the gold articles of `dev` and `dev2_fit` (never
//! `dev2_check`): every word inside a gold claim's trigger is an example of its type, every
//! other noun and verb of the parsed sentences an example of none. The weights
//! (`models/triggers.bin`) are facts derived from annotations made for this project.

use std::sync::LazyLock;

use isnad_core::ClaimType;
use isnad_syntax::features::{hash_str, mix, Atoms, NONE};
use isnad_syntax::perceptron::{best, Table, Trainer, Weights};
use isnad_syntax::{Clusters, Scheme, Upos};

use crate::syntax::Parse;
use crate::words::without_article;

/// The committed weights (`isnad train triggers`).
const BUNDLED: &[u8] = include_bytes!("../../models/triggers.bin");

/// How far a type must outscore "no event" for a word the lexicon lacks to be a trigger:
/// chosen on the check set's aggregate figures (thresholds 0, 1, 2, 4, 6, 10: claims F1
/// 0.323–0.328, type recall 0.842–0.819; 4 kept the claims F1 of no classifier at all, 0.328,
/// and raised type recall from 0.785 to 0.822).
pub const THRESHOLD: f32 = 4.0;

/// The classes: "no event", then every claim type.
pub const CLASSES: [Option<ClaimType>; 17] = [
    None,
    Some(ClaimType::Transfer),
    Some(ClaimType::Escape),
    Some(ClaimType::Release),
    Some(ClaimType::Detain),
    Some(ClaimType::Attack),
    Some(ClaimType::Kill),
    Some(ClaimType::Injure),
    Some(ClaimType::Seize),
    Some(ClaimType::Withdraw),
    Some(ClaimType::Deploy),
    Some(ClaimType::Meet),
    Some(ClaimType::Train),
    Some(ClaimType::Supply),
    Some(ClaimType::Theft),
    Some(ClaimType::Surrender),
    Some(ClaimType::Other),
];

/// The class number of a claim type.
pub fn class_of(t: Option<ClaimType>) -> usize {
    CLASSES.iter().position(|&c| c == t).unwrap_or(0)
}

/// Whether word `i` is one the classifier reads: a noun, a proper noun or a verb.
pub fn is_candidate(parse: &Parse, i: usize) -> bool {
    matches!(parse.upos(i), Upos::Noun | Upos::Verb | Upos::Adj)
        && parse.form(i).chars().count() >= 3
}

/// The features of word `i` of `parse`.
pub fn features(parse: &Parse, i: usize, clusters: &Clusters, out: &mut Vec<u32>) {
    out.clear();
    let h = |s: &str| hash_str(s);
    let upos = |k: usize| h(parse.upos(k).as_str());
    let lemma = h(parse.lemma(i));
    let form = parse.form(i);
    let atoms = Atoms::new(form, clusters);
    let tag = upos(i);
    let at = |k: Option<usize>, f: &dyn Fn(usize) -> u64| k.map_or(NONE, f);
    let prev = i.checked_sub(1);
    let next = (i + 1 < parse.len()).then_some(i + 1);
    let head = parse.head(i);
    out.extend([
        mix(900, &[]),
        mix(901, &[lemma]),
        mix(902, &[h(without_article(form))]),
        mix(903, &[tag]),
        mix(904, &[tag, lemma]),
        mix(905, &[atoms.cluster]),
        mix(906, &[atoms.coarse]),
        mix(907, &[tag, atoms.coarse]),
        mix(908, &[atoms.suffix[1]]),
        mix(909, &[atoms.suffix[2]]),
        mix(910, &[atoms.prefix[1], tag]),
        mix(911, &[u64::from(atoms.article), tag]),
        mix(912, &[at(prev, &|k| h(parse.lemma(k)))]),
        mix(913, &[at(next, &|k| h(parse.lemma(k)))]),
        mix(914, &[at(prev, &upos), tag]),
        mix(915, &[tag, at(next, &upos)]),
        mix(916, &[at(head, &|k| h(parse.lemma(k)))]),
        mix(917, &[h(parse.rel(i).as_str()), tag]),
        mix(918, &[at(head, &upos), h(parse.rel(i).as_str())]),
        mix(
            919,
            &[at(next, &|k| Atoms::new(parse.form(k), clusters).coarse)],
        ),
    ]);
}

/// The trigger classifier.
pub struct TriggerModel {
    table: Table,
}

impl TriggerModel {
    /// The model of `weights`.
    pub fn new(weights: &Weights) -> TriggerModel {
        TriggerModel {
            table: weights.for_scheme(Scheme::Ud),
        }
    }

    /// The committed model, or `None` when the committed file is empty (before the first
    /// `isnad train triggers`).
    pub fn bundled() -> Option<&'static TriggerModel> {
        static MODEL: LazyLock<Option<TriggerModel>> = LazyLock::new(|| {
            (!BUNDLED.is_empty())
                .then(|| Weights::from_bytes(BUNDLED).ok())
                .flatten()
                .map(|w| TriggerModel::new(&w))
        });
        MODEL.as_ref()
    }

    /// The claim type word `i` tells of, with how far it outscores "no event", if it does.
    pub fn propose(
        &self,
        parse: &Parse,
        i: usize,
        clusters: &Clusters,
    ) -> Option<(ClaimType, f32)> {
        if !is_candidate(parse, i) {
            return None;
        }
        let mut feats = Vec::with_capacity(24);
        features(parse, i, clusters, &mut feats);
        let mut scores = [0f32; CLASSES.len()];
        self.table.score(&feats, &mut scores);
        let c = best(&scores, |c| c != 0)?;
        let margin = scores[c] - scores[0];
        CLASSES[c].map(|t| (t, margin))
    }
}

/// Learns the classifier from parsed sentences and each word's class ([`class_of`]).
pub fn train(examples: &[(&Parse, Vec<usize>)], clusters: &Clusters, epochs: usize) -> Weights {
    let mut trainer = Trainer::new();
    let mut feats = Vec::with_capacity(24);
    let mut scores = [0f32; CLASSES.len()];
    for _ in 0..epochs {
        for (parse, gold) in examples {
            for (i, &g) in gold.iter().enumerate() {
                if !is_candidate(parse, i) {
                    continue;
                }
                features(parse, i, clusters, &mut feats);
                scores.fill(0.0);
                trainer.score(&feats, Scheme::Ud, &mut scores);
                let guess = best(&scores, |_| true).unwrap_or(0);
                if guess != g {
                    trainer.update(&feats, Scheme::Ud, g, 1.0);
                    trainer.update(&feats, Scheme::Ud, guess, -1.0);
                }
                trainer.tick();
            }
        }
    }
    trainer.average()
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_syntax::Syntax;
    use isnad_text::TextLayer;

    #[test]
    fn learns_a_trigger_from_examples_and_proposes_it_in_new_text() {
        // `اختطف` (kidnapped) marked as a detention in a few made-up sentences: the classifier
        // learns it, and proposes it in a sentence it never saw.
        let clusters = isnad_syntax::shared_clusters();
        let texts = [
            "اختطف مسلحون صحفيا في المدينة.",
            "وقال الشهود إن مسلحين اختطفوا طبيبا أمس.",
            "اختطفت عصابة تاجرا قرب الحدود.",
            "وزار الوزير المدينة أمس.",
        ];
        let layers: Vec<TextLayer> = texts.iter().map(|t| TextLayer::new(t)).collect();
        let parses: Vec<Parse> = layers
            .iter()
            .zip(texts)
            .map(|(l, t)| Parse::new(Syntax::bundled(), l, 0..t.len(), &[]))
            .collect();
        let examples: Vec<(&Parse, Vec<usize>)> = parses
            .iter()
            .map(|p| {
                let gold = (0..p.len())
                    .map(|i| {
                        if p.form(i).starts_with("اختطف") {
                            class_of(Some(ClaimType::Detain))
                        } else {
                            0
                        }
                    })
                    .collect();
                (p, gold)
            })
            .collect();
        let model = TriggerModel::new(&train(&examples, &clusters, 5));
        let text = "اختطف مجهولون موظفا في الميناء.";
        let layer = TextLayer::new(text);
        let parse = Parse::new(Syntax::bundled(), &layer, 0..text.len(), &[]);
        let (t, margin) = model.propose(&parse, 0, &clusters).expect("a proposal");
        assert_eq!(t, ClaimType::Detain);
        assert!(margin > 0.0);
        assert!(
            TriggerModel::bundled().is_some(),
            "the committed model reads"
        );
    }
}
