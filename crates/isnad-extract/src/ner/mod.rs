//! Named entities: recognition and linking.
//!
//! Three recognisers feed one decision, per sentence:
//!
//! 1. **the knowledge base** ([`isnad_kb::Kb`]): every alias, matched longest first over the
//!    words with their leading clitics off (`gazetteer.rs`);
//! 2. **context patterns** (`data/ner/patterns.txt`): `سجن X`, `ريف X`, `وزارة X`, `مدينة X`,
//!    `الرئيس X`, `أبو X`, `المعروف بـ X` (`patterns.rs`);
//! 3. **a CRF tagger** trained on ANERcorp (`features.rs`, `train.rs`, the committed
//!    `models/ner.crfsuite`), with word clusters and label priors learnt from 31,523 news
//!    articles (`clusters.rs`, `priors.rs`, `models/ner_clusters.tsv`).
//!
//! # Decisions
//!
//! * **Who wins.** Knowledge-base names come first: they are curated and carry an id. A
//!   pattern's proposal is taken where it does not cross one, and replaces the names it
//!   contains (`ريف حلب` over `حلب`). The model's entities fill what is left. A linked mention
//!   takes its type from the knowledge base (so `سجن غويران` is a `FAC` whatever the model
//!   says), then a pattern's type, then the model's (ANERcorp's `PERS` is the report's `PER`).
//! * **Spans.** A mention starts after the conjunction and preposition of its first word and
//!   keeps the article (`بالحسكة` gives `الحسكة`); it is an exact slice of the text.
//! * **Linking** is in `stage.rs`: knowledge-base ids, corpus ids for unknown names, shortened
//!   names of people and generic back-references within a document.
//! * **One sense per document.** A word the model tags as a one-word name in some sentences
//!   and leaves out in others gets its majority tag everywhere in the document (in CoNLL input,
//!   which has no document breaks, within 20 sentences): [`propagate`]. Neutral on the dev
//!   split (0.730 → 0.731), +0.8 F1 on ANERcorp test; kept because news repeats names.
//! * **Label priors from the corpus** (`priors.rs`): a second CRF that sees only a word's
//!   neighbours tags the whole news corpus, and the share of each stem's occurrences it tags
//!   as each type is a feature of the tagger; a name ANERcorp never tagged gets what the
//!   corpus's contexts say of it, without the leak a prior from the tagger itself would have.
//! * **A margin on `O`** ([`model::OUTSIDE_MARGIN`], 0.6): the tagger's `O` scores lose a
//!   constant before decoding, trading some precision for recall, which the CRF lacks.
//! * **Part of speech** (`pos.rs`, `isnad train ner --pos`): a model may read the syntax
//!   tagger's reading of each token's stem (part of speech, definiteness, case, number,
//!   gender). Not in the committed model: +0.008 F1 on the dev split (0.754 → 0.762 with
//!   propagation), none on test (0.738 both) or AQMAR (0.401 → 0.395), and tagging 2.6 times
//!   slower (`docs/accuracy.md`, `docs/performance.md`). A model without it never tags.
//! * **`isnad tag`** prints the model's tags (with propagation) in ANERcorp's four types: the
//!   benchmark. `--with-kb` adds the knowledge base and patterns (`FAC` becomes `LOC`); their
//!   conventions differ from ANERcorp's (`الضفة الغربية`, titles), so that scores lower there
//!   (0.671 against 0.709 on test) while it is what the gold news set wants.
//!
//! # Model, training, accuracy
//!
//! A linear-chain CRF (crfs, L-BFGS with elastic net, c1 0.05, c2 0.01, 200 iterations),
//! chosen over crfs' averaged perceptron because L1 keeps the model small (3.2 MB, of about a
//! million candidate features) and L-BFGS is deterministic. Rebuild it, from the repository
//! root, with
//!
//! ```text
//! cargo run --release -p isnad-cli -- train ner --clusters ../shared/data/news/ant_multisource.jsonl.gz --clusters-only   # 1.5-3 min
//! cargo run --release -p isnad-cli -- train ner --priors ../shared/data/news/ant_multisource.jsonl.gz --full   # priors 3 min, tagger 4-5 min
//! ```
//!
//! Without `--full` the last tenth of ANERcorp's training sentences is held out and scored
//! (settings were chosen there, F1 of the model alone: base features 0.714; c1 0.4 instead
//! of 0.1, 0.712; c1 0.05, c2 0.01, 400 iterations, 0.721; neighbour affixes 0.723; corpus
//! cue buckets, 0.730; substituting ANERGazet names into training sentences, `--gazetteers`,
//! raised PERS recall but cost LOC precision, 0.712 against 0.723, and is off; label priors
//! and the margin on `O`, see `docs/accuracy.md`, 0.740 → 0.749 with propagation). The
//! committed model is trained on all of train with the chosen settings. Scores
//! (`score.py conll`, entity-level micro; `isnad tag --format conll`):
//!
//! | set | P | R | F1 |
//! |---|---|---|---|
//! | ANERcorp dev split (both models trained on the other 90%) | 0.793 | 0.709 | 0.749 |
//! | ANERcorp test | 0.798 | 0.687 | 0.738 |
//! | ANERcorp test, per type: LOC 0.862, PERS 0.741, ORG 0.608, MISC 0.543 | | | |
//! | AQMAR test (Wikipedia, out of domain) | 0.557 | 0.313 | 0.401 |
//! | gold news dev (16 articles, whole stage, `score.py report`: entities) | 0.919 | 0.947 | 0.933 |
//!
//! Entity linking accuracy on the gold news dev set: 0.951. Before the priors and the margin:
//! ANERcorp test 0.709 (P 0.794, R 0.640), AQMAR 0.384, gold 0.936.
//!
//! The ANERcorp figure is well under the 0.83 of AraBERT: the CRF's recall on people,
//! organisations and MISC is the gap (names never seen in training, long organisation
//! names).
//!
//! # Speed
//!
//! The tagger reads the model once into its own tables (`model.rs`: attribute to its run of
//! state weights, keyed by template and value numbers; `features.rs` numbers each word's values
//! once and names its ~50 features by template, so no feature string is built or hashed); the
//! tags are crfs' own, to the bit (tests in `model.rs` and `features.rs`). Measured with
//!
//! ```text
//! cargo run --release -p isnad-extract --example ner_speed
//! ```
//!
//! (one thread; clitic splitting, features, Viterbi and propagation, no I/O; best of 5; AMD
//! EPYC, 2 cores shared with other builds, so figures vary by ±10%):
//!
//! | | ANERcorp train (125,058 tokens) | ANERcorp test (25,033 tokens) |
//! |---|---|---|
//! | crfs' `Tagger` over `format!`ed `String` attributes | 153,000 tokens/s | 158,000 tokens/s |
//! | own tables, features as template and value numbers | 380,000 tokens/s | 430,000 tokens/s |
//!
//! Loading takes about 20 ms, as before: the recogniser (knowledge-base index, patterns and the
//! model's tables) 9-11 ms, the clusters on first use 8-12 ms; reading the whole model into
//! tables costs ~5 ms more than crfs' lazy reading, the Fx-hashed clusters ~5 ms less.
//! `isnad tag` on ANERcorp train, load and I/O included, went from 1.14 s to 0.41 s, and
//! `isnad analyze --threads 1` on the first 1,000 articles of the ANT news corpus (2.8 MB of
//! text) from 3.9 s to 2.2 s (0.71 to 1.27 MB/s; same entities). What is left of tagging:
//! the model's hash probes and weight sums (under half; memory-bound, the tables are a few
//! MB), the words' forms (`Word`: clitic splitting and `isnad_kb::key` in isnad-text and
//! isnad-kb) and propagation.

use std::sync::{Arc, LazyLock};

use isnad_core::EntityType;
use isnad_kb::{EntryId, Kb};
use isnad_text::TextLayer;

pub mod clusters;
pub mod conll;
mod features;
mod gazetteer;
mod model;
mod patterns;
mod pos;
mod priors;
mod stage;
pub mod train;
mod words;

pub use stage::EntityStage;

use clusters::Clusters;
use features::FeatureContext;
use gazetteer::{Gazetteer, Match};
use patterns::Patterns;
use words::Word;

use crate::syntax::Tagging;

static CLUSTERS: LazyLock<Clusters> = LazyLock::new(Clusters::bundled);

/// A recognised mention, in words of one sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    pub entry: Option<EntryId>,
}

/// The recogniser: knowledge base, patterns and model, built once and shared (`Send + Sync`).
pub struct Recognizer {
    kb: Arc<Kb>,
    gazetteer: Gazetteer,
    patterns: Patterns,
    model: Option<Arc<model::Crf>>,
    /// Clusters read from a file instead of the committed ones (`isnad tag --clusters`).
    clusters: Option<Arc<Clusters>>,
}

impl std::fmt::Debug for Recognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recognizer").finish_non_exhaustive()
    }
}

impl Recognizer {
    /// A recogniser over `kb` with the bundled patterns, clusters and model.
    pub fn new(kb: Arc<Kb>) -> Recognizer {
        let gazetteer = Gazetteer::new(&kb);
        Recognizer {
            kb,
            gazetteer,
            patterns: Patterns::bundled(),
            model: model::bundled(),
            clusters: None,
        }
    }

    /// The same recogniser with another model file (CRFsuite format, as `isnad train ner`
    /// writes it) instead of the committed one, for trying a model before committing it.
    pub fn with_model(mut self, bytes: Vec<u8>) -> std::io::Result<Recognizer> {
        self.model = Some(Arc::new(model::Crf::new(&bytes)?));
        Ok(self)
    }

    /// The same recogniser with other word clusters and label priors (the text of a file as
    /// `isnad train ner` writes it) instead of the committed ones.
    pub fn with_clusters(mut self, text: &str) -> Recognizer {
        self.clusters = Some(Arc::new(Clusters::parse(text)));
        self
    }

    /// The same recogniser decoding with margin `margin` on `O` instead of the chosen one
    /// (higher finds more names, less surely; see [`model::OUTSIDE_MARGIN`]).
    pub fn with_outside_margin(mut self, margin: f64) -> Recognizer {
        self.model = self
            .model
            .map(|m| Arc::new(Arc::unwrap_or_clone(m).with_outside_margin(margin)));
        self
    }

    /// A recogniser over the bundled knowledge base.
    pub fn bundled() -> Recognizer {
        Recognizer::new(Arc::new(Kb::bundled()))
    }

    /// The knowledge base it links to.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// Whether the committed model could be read (false only for a broken build).
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    fn context(&self) -> FeatureContext<'_> {
        FeatureContext {
            kb: &self.kb,
            gazetteer: &self.gazetteer,
            clusters: self.clusters.as_deref().unwrap_or(&CLUSTERS),
            patterns: &self.patterns,
        }
    }

    /// Whether the model reads the syntax tagger's part of speech, so that sentences must be
    /// tagged for it first (`pos.rs`).
    fn reads_pos(&self) -> bool {
        self.model.as_deref().is_some_and(model::Crf::reads_pos)
    }

    /// The words of one sentence given as words, read by the syntax tagger if the model asks.
    fn words_of(&self, words: &[&str]) -> Vec<Word<'static>> {
        pos::words(words, self.reads_pos())
    }

    /// Gives the words of a text-layer sentence, from its token `first` on, the syntax
    /// tagger's reading, from the sentence's tags `tagging` (asked for only if the model reads
    /// them).
    pub(crate) fn read_pos<'t>(
        &self,
        words: &mut [Word<'_>],
        layer: &TextLayer,
        first: usize,
        tagging: impl FnOnce() -> &'t Tagging,
    ) {
        if !self.reads_pos() {
            return;
        }
        let tags = pos::of_tagging(layer, tagging(), first, words.len());
        for (w, t) in words.iter_mut().zip(tags) {
            w.pos = t;
        }
    }

    /// The model's IOB2 tags (ANERcorp types) for one sentence of words.
    pub fn tag_model(&self, words: &[&str]) -> Vec<String> {
        self.model_tags(&self.words_of(words))
    }

    fn model_tags(&self, words: &[Word]) -> Vec<String> {
        model::tag_with(self.model.as_deref(), &self.context(), words)
    }

    /// The full decision for one sentence of words, as IOB2 tags in ANERcorp's types.
    pub fn tag_words(&self, words: &[&str]) -> Vec<String> {
        let w = self.words_of(words);
        let mut tags = vec!["O".to_owned(); w.len()];
        for c in self.recognize(&w) {
            let ty = match c.entity_type {
                EntityType::Per => "PERS",
                EntityType::Org => "ORG",
                EntityType::Loc | EntityType::Fac => "LOC",
                _ => "MISC",
            };
            for (k, t) in tags.iter_mut().enumerate().take(c.end).skip(c.start) {
                *t = format!("{}-{ty}", if k == c.start { 'B' } else { 'I' });
            }
        }
        tags
    }

    /// The model's tags for a run of sentences, made consistent across them (see
    /// [`propagate`]).
    pub fn tag_model_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<String>> {
        let words: Vec<Vec<Word>> = sentences.iter().map(|s| self.words_of(s)).collect();
        let mut tags: Vec<Vec<String>> = words.iter().map(|w| self.model_tags(w)).collect();
        propagate(&self.patterns, &words, &mut tags, PROPAGATION_WINDOW);
        tags
    }

    /// Recognises the mentions of one sentence (see the module docs for the decision).
    pub(crate) fn recognize(&self, words: &[Word]) -> Vec<Candidate> {
        // One longest-match walk serves the model's features and the decision.
        let gaz = self.gazetteer.find(words);
        let tags = match self.model.as_deref() {
            Some(m) => m.tag_found(&self.context(), words, &gaz),
            None => vec!["O"; words.len()],
        };
        self.recognize_with(words, &tags, gaz)
    }

    /// [`Recognizer::recognize`] with the model's tags and the gazetteer's matches computed.
    fn recognize_with(&self, words: &[Word], tags: &[&str], gaz: Vec<Match>) -> Vec<Candidate> {
        let model_spans = conll::spans(tags);
        let mut accepted: Vec<Candidate> = gaz
            .iter()
            .map(|m| Candidate {
                start: m.start,
                end: m.end,
                entity_type: self.kb.entry(m.entry).entity_type,
                entry: Some(m.entry),
            })
            .collect();
        let ends_at = |i: usize| {
            gaz.iter()
                .find(|m| m.start == i)
                .map(|m| m.end)
                .or_else(|| model_spans.iter().find(|s| s.0 == i).map(|s| s.1))
        };
        for p in self.patterns.propose(words, &ends_at) {
            let crosses = accepted.iter().any(|a| {
                a.start < p.end && p.start < a.end && !(p.start <= a.start && a.end <= p.end)
            });
            let same = accepted
                .iter()
                .any(|a| a.start == p.start && a.end == p.end);
            if crosses || same {
                continue;
            }
            accepted.retain(|a| !(p.start <= a.start && a.end <= p.end));
            let entry = self.link_words(words, p.start, p.end);
            accepted.push(Candidate {
                start: p.start,
                end: p.end,
                entity_type: entry.map_or(p.entity_type, |e| self.kb.entry(e).entity_type),
                entry,
            });
        }
        for (s, e, ty) in model_spans {
            if accepted.iter().any(|a| a.start < e && s < a.end) {
                continue;
            }
            // A pronoun or preposition is never a name, whatever the model says.
            if words[s..e].iter().all(|w| self.patterns.is_stop(w)) {
                continue;
            }
            let entry = self.link_words(words, s, e);
            let entity_type = match entry {
                Some(id) => self.kb.entry(id).entity_type,
                None => match ty.as_str() {
                    "PERS" => EntityType::Per,
                    "ORG" => EntityType::Org,
                    "LOC" => EntityType::Loc,
                    _ => EntityType::Misc,
                },
            };
            accepted.push(Candidate {
                start: s,
                end: e,
                entity_type,
                entry,
            });
        }
        accepted.sort_by_key(|c| c.start);
        accepted
    }

    /// The knowledge-base entry words `start..end` name, if their key is an alias.
    fn link_words(&self, words: &[Word], start: usize, end: usize) -> Option<EntryId> {
        let mut key = words[start].bare.to_string();
        for w in &words[start + 1..end] {
            key.push(' ');
            key.push_str(&w.whole);
        }
        self.gazetteer.get(&key)
    }
}

/// How many sentences on each side a name's tag carries to (a document in the stage, a
/// window in CoNLL input, which has no document breaks).
const PROPAGATION_WINDOW: usize = 20;

/// One-sense-per-document for names: a word the model tags as part of a name in some
/// sentences and leaves out in others (`جوزيه` tagged once, missed twice) is tagged with its
/// majority type wherever it was left `O`, when within `window` sentences it is tagged at
/// least as often as not. Only Arabic words of three letters or more that are no pattern or
/// function words take part; a word joins a name the tag before it continues.
pub(crate) fn propagate(
    patterns: &Patterns,
    words: &[Vec<Word>],
    tags: &mut [Vec<String>],
    window: usize,
) {
    use crate::hash::FxHashMap as HashMap;
    let eligible = |w: &Word| {
        w.kind == isnad_text::TokenKind::Word
            && w.stem.chars().count() >= 3
            && patterns.trigger(w).is_none()
    };
    // Per sentence: stem -> (type, count) of tagged words and count of untagged ones.
    // Per sentence: stem -> (counts by type of one-word names, count untagged).
    type Counts<'a> = HashMap<&'a str, (HashMap<&'a str, usize>, usize)>;
    let stats: Vec<Counts<'_>> = words
        .iter()
        .zip(tags.iter())
        .map(|(ws, ts)| {
            let mut m: Counts<'_> = HashMap::default();
            for (k, (w, t)) in ws.iter().zip(ts).enumerate() {
                if !eligible(w) {
                    continue;
                }
                let e = m.entry(&*w.stem).or_default();
                // Only one-word names count: a word inside a longer name says little about
                // the word alone.
                let alone =
                    t.starts_with("B-") && ts.get(k + 1).is_none_or(|n| !n.starts_with("I-"));
                match t.split_once('-') {
                    Some((_, ty)) if alone => *e.0.entry(ty).or_default() += 1,
                    Some(_) => {}
                    None => e.1 += 1,
                }
            }
            m
        })
        .collect();
    let n = words.len();
    let mut changes = Vec::new();
    for si in 0..n {
        let lo = si.saturating_sub(window);
        let hi = (si + window + 1).min(n);
        for (k, w) in words[si].iter().enumerate() {
            if tags[si][k] != "O" || !eligible(w) {
                continue;
            }
            let mut types: HashMap<&str, usize> = HashMap::default();
            let mut untagged = 0;
            for st in &stats[lo..hi] {
                if let Some((ty, o)) = st.get(&*w.stem) {
                    for (t, c) in ty {
                        *types.entry(t).or_default() += c;
                    }
                    untagged += o;
                }
            }
            let tagged: usize = types.values().sum();
            if tagged == 0 || tagged < untagged {
                continue;
            }
            let best = types
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(t, _)| (*t).to_owned());
            if let Some(ty) = best {
                changes.push((si, k, ty));
            }
        }
    }
    for (si, k, ty) in changes {
        let continues = k > 0
            && tags[si][k - 1]
                .split_once('-')
                .is_some_and(|(_, t)| t == ty);
        tags[si][k] = format!("{}-{ty}", if continues { 'I' } else { 'B' });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the model proposes is kept unless it is function words alone: a pronoun the model
    /// tags (`اللذان` as a person, as an eager tagger did on the gold news) is never a name.
    #[test]
    fn a_name_of_function_words_alone_is_dropped() {
        let r = Recognizer::bundled();
        let words: Vec<Word> = "وقال اللذان زارا مدينة كوباني"
            .split(' ')
            .map(Word::of_word)
            .collect();
        let tags = ["O", "B-PERS", "O", "O", "B-LOC"];
        let found = r.recognize_with(&words, &tags, Vec::new());
        let spans: Vec<(usize, usize)> = found.iter().map(|c| (c.start, c.end)).collect();
        assert!(!spans.contains(&(1, 2)), "{spans:?}");
        assert!(spans.iter().any(|&(_, e)| e == 5), "{spans:?}");
    }
}
