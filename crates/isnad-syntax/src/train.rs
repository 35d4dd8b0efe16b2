//! Training the model from treebanks, and scoring it on held-out sentences.
//!
//! 1. The tagger learns from every training sentence.
//! 2. The parser learns from the tags a tagger gives, not from gold ones: the training
//!    sentences are cut into folds and each fold is tagged by a tagger trained on the others
//!    (jackknifing), so that the parser learns what the tagger's mistakes look like.
//! 3. The lemmatiser learns from every (form, part of speech, lemma) of the training words.
//!
//! The split this project holds out is fixed ([`Split::standard`]): the last 100 sentences of
//! PUD's 800 and of PADT's 504 test sentences are never trained on for the figures reported,
//! the 100 before them are for choosing settings. `--full` trains on everything for the
//! committed model.

use std::time::Instant;

use crate::clusters::Clusters;
use crate::features::Atoms;
use crate::model::Model;
use crate::parser::{self, Moves};
use crate::tagger::{self, Tagged};
use crate::tags::Deprel;
use crate::treebank::{Scheme, TreeSentence};
use crate::{lemma::Lemmatizer, Syntax};

/// The licence a model trained on both treebanks carries.
pub const LICENCE: &str =
    "isnad syntax model, trained on UD_Arabic-PADT v1 (Hajič, Smrž, Zeman et al.; \
CC BY-NC-SA 3.0) and UD_Arabic-PUD (Google, converted by Taji, Habash and Zeman; CC BY-SA 3.0), \
with word clusters from the ANT news corpus (Apache-2.0). As a work derived from PADT, the model \
may be used under CC BY-NC-SA 3.0 only: attribution, non-commercial, share alike.";

/// Settings of a training run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Passes of the tagger over the training sentences.
    pub tagger_epochs: usize,
    /// Passes of the parser.
    pub parser_epochs: usize,
    /// Passes of the lemmatiser's script classifier.
    pub lemma_epochs: usize,
    /// Folds for the parser's jackknifed tags.
    pub folds: usize,
    /// The tagger's cells with a smaller weight are dropped ([`crate::perceptron::Weights::prune`]).
    pub tagger_prune: f32,
    /// The parser's cells with a smaller weight are dropped.
    pub parser_prune: f32,
    /// Seed of the shuffles.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            tagger_epochs: 12,
            parser_epochs: 15,
            lemma_epochs: 10,
            folds: 5,
            tagger_prune: 1.5,
            parser_prune: 2.0,
            seed: 1,
        }
    }
}

/// Training, choosing and held-out sentences.
#[derive(Debug, Default)]
pub struct Split {
    /// Learnt from.
    pub train: Vec<TreeSentence>,
    /// Used to choose settings.
    pub dev: Vec<TreeSentence>,
    /// Held out: scored once for the figures.
    pub test: Vec<TreeSentence>,
}

impl Split {
    /// This project's split of the treebanks in `../shared/data/ud` (see the module docs):
    /// PUD 1–600 train, 601–700 dev, 701–800 test; PADT's dev file and test 1–304 train,
    /// 305–404 dev, 405–504 test.
    pub fn standard(
        padt_dev: Vec<TreeSentence>,
        padt_test: Vec<TreeSentence>,
        pud: Vec<TreeSentence>,
    ) -> Split {
        let mut split = Split::default();
        split.train.extend(padt_dev);
        for (i, s) in padt_test.into_iter().enumerate() {
            match i {
                0..304 => split.train.push(s),
                304..404 => split.dev.push(s),
                _ => split.test.push(s),
            }
        }
        for (i, s) in pud.into_iter().enumerate() {
            match i {
                0..600 => split.train.push(s),
                600..700 => split.dev.push(s),
                _ => split.test.push(s),
            }
        }
        split
    }

    /// Everything, to train the committed model on.
    pub fn all(self) -> Vec<TreeSentence> {
        let mut all = self.train;
        all.extend(self.dev);
        all.extend(self.test);
        all
    }
}

fn atoms_of(s: &TreeSentence, clusters: &Clusters) -> Vec<Atoms> {
    s.words
        .iter()
        .map(|w| Atoms::new(&isnad_text::fold(&w.form), clusters))
        .collect()
}

fn tagger_examples(sentences: &[TreeSentence], clusters: &Clusters) -> Vec<tagger::Example> {
    sentences
        .iter()
        .map(|s| tagger::Example {
            atoms: atoms_of(s, clusters),
            gold: s
                .words
                .iter()
                .map(|w| Tagged {
                    upos: w.upos,
                    feats: w.feats,
                })
                .collect(),
            scheme: s.scheme,
        })
        .collect()
}

/// Trains the whole model on `sentences`; `log` hears what is being done.
pub fn train(
    sentences: &[TreeSentence],
    clusters: &Clusters,
    config: &Config,
    mut log: impl FnMut(&str),
) -> Model {
    let started = Instant::now();
    let examples = tagger_examples(sentences, clusters);
    // Jackknifed tags for the parser: fold k is tagged by a tagger that never saw it.
    let folds = config.folds.max(2);
    log(&format!(
        "tagging the {} training sentences in {folds} folds (jackknifing)",
        sentences.len()
    ));
    let mut predicted: Vec<Option<Vec<Tagged>>> = vec![None; examples.len()];
    let fold_results: Vec<Vec<(usize, Vec<Tagged>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..folds)
            .map(|k| {
                let examples = &examples;
                scope.spawn(move || {
                    let rest: Vec<&tagger::Example> = examples
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds != k)
                        .map(|(_, e)| e)
                        .collect();
                    let weights =
                        tagger::train_refs(&rest, config.tagger_epochs, config.seed + k as u64);
                    let taggers = [
                        tagger::Tagger::new(&weights, Scheme::Ud),
                        tagger::Tagger::new(&weights, Scheme::Padt),
                    ];
                    examples
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds == k)
                        .map(|(i, e)| (i, taggers[e.scheme.index()].tag(&e.atoms)))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a tagging fold panicked"))
            .collect()
    });
    for (i, tags) in fold_results.into_iter().flatten() {
        predicted[i] = Some(tags);
    }
    log(&format!(
        "training the tagger ({:.0?} so far)",
        started.elapsed()
    ));
    let mut tagger_weights = tagger::train(&examples, config.tagger_epochs, config.seed);
    tagger_weights.prune(config.tagger_prune);

    let mut labels: Vec<Deprel> = sentences
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.rel))
        .collect();
    labels.sort();
    labels.dedup();
    let moves = Moves::new(labels);
    let parser_examples: Vec<parser::Example> = examples
        .iter()
        .zip(&predicted)
        .zip(sentences)
        .map(|((e, tags), s)| {
            let tags = tags.as_ref().expect("every sentence is in a fold");
            parser::Example {
                tokens: e
                    .atoms
                    .iter()
                    .zip(tags)
                    .map(|(a, t)| parser::Token::new(a, t))
                    .collect(),
                heads: s.words.iter().map(|w| w.head).collect(),
                labels: s
                    .words
                    .iter()
                    .map(|w| {
                        moves
                            .labels
                            .binary_search(&w.rel)
                            .expect("every label is a move")
                    })
                    .collect(),
                scheme: s.scheme,
            }
        })
        .collect();
    log(&format!(
        "training the parser: {} labels ({:.0?} so far)",
        moves.labels.len(),
        started.elapsed()
    ));
    let mut parser_weights =
        parser::train(&moves, &parser_examples, config.parser_epochs, config.seed);
    parser_weights.prune(config.parser_prune);

    log(&format!(
        "training the lemmatiser ({:.0?} so far)",
        started.elapsed()
    ));
    let words: Vec<(String, crate::Upos, String)> = sentences
        .iter()
        .flat_map(|s| {
            s.words
                .iter()
                .map(|w| (isnad_text::fold(&w.form), w.upos, w.lemma.clone()))
        })
        .collect();
    let lemmatizer = Lemmatizer::train(&words, 3, config.lemma_epochs);
    log(&format!(
        "done in {:.0?}: tagger {} cells, parser {} cells, {} lemma scripts",
        started.elapsed(),
        tagger_weights.cells(),
        parser_weights.cells(),
        lemmatizer.scripts.len()
    ));
    Model {
        licence: LICENCE.to_owned(),
        tagger: tagger_weights,
        lemmatizer,
        moves,
        parser: parser_weights,
    }
}

/// Accuracy on gold words, as `score.py ud` counts it: parts of speech, heads, and heads with
/// the universal relation, each in the sentence's own scheme; plus lemmas (folded).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Share with the right part of speech.
    pub upos: f64,
    /// Share with the right head.
    pub uas: f64,
    /// Share with the right head and universal relation.
    pub las: f64,
    /// Share with the right lemma (among words whose treebank lemma is given).
    pub lemma: f64,
    /// Words analysed a second, tagging, parsing and lemmatising on one thread.
    pub words_per_second: f64,
}

/// Scores `syntax` on `sentences`.
pub fn evaluate(syntax: &Syntax, sentences: &[TreeSentence]) -> Scores {
    let (mut n, mut upos, mut uas, mut las, mut lemmas, mut lemma_n) = (0usize, 0, 0, 0, 0, 0);
    let folded: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| isnad_text::fold(&w.form)).collect())
        .collect();
    for s in sentences {
        syntax.prepare(s.scheme);
    }
    let started = Instant::now();
    let analysed: Vec<_> = sentences
        .iter()
        .zip(&folded)
        .map(|(s, f)| syntax.analyze_folded(f, s.scheme))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    for (s, words) in sentences.iter().zip(&analysed) {
        let scheme = s.scheme;
        for (gold, pred) in s.words.iter().zip(words) {
            n += 1;
            upos += usize::from(scheme.upos(gold.upos) == scheme.upos(pred.upos));
            if gold.head == pred.head {
                uas += 1;
                let universal = |rel: Deprel| {
                    let name = scheme.deprel(rel);
                    name.split(':').next().unwrap_or(name)
                };
                las += usize::from(universal(gold.rel) == universal(pred.rel));
            }
            if !gold.lemma.is_empty() {
                lemma_n += 1;
                lemmas += usize::from(gold.lemma == pred.lemma);
            }
        }
    }
    let share = |k: usize, of: usize| if of == 0 { 0.0 } else { k as f64 / of as f64 };
    Scores {
        words: n,
        upos: share(upos, n),
        uas: share(uas, n),
        las: share(las, n),
        lemma: share(lemmas, lemma_n),
        words_per_second: n as f64 / seconds.max(1e-9),
    }
}
