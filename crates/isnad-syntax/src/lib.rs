//! Arabic syntax for isnad: part of speech, the morphological features that say who does what
//! to whom, lemmas, and a labelled dependency tree (UD v2 relations), for the syntactic words
//! of a sentence (clitics split, as the treebanks split them).
//!
//! Extraction reads roles from relations rather than word positions: the agent is the subject
//! of the trigger, the patient its object, the origin the oblique under `من`. Word-position
//! rules fit the sentences they were written for; relations hold for the next article too.
//!
//! Everything here is learnt from the Arabic treebanks in `../shared/data/ud` (PADT v1 and PUD)
//! by `isnad train syntax` ([`train`]) and runs on a CPU at a few microseconds a word:
//!
//! - [`tagger`]: a greedy averaged-perceptron tagger (part of speech and eight feature groups);
//! - [`lemma`]: the treebanks' dictionary and learnt edit scripts;
//! - [`parser`]: an arc-hybrid transition parser with a dynamic oracle.
//!
//! Both models read word classes learnt from the news corpus ([`clusters`]), so what the
//! small treebanks teach about a word reaches the words they never saw. The two treebanks'
//! annotation schemes differ; the models learn both and write either ([`treebank::Scheme`]).

use std::sync::{Arc, LazyLock, OnceLock};

pub mod clusters;
pub mod conllu;
pub mod features;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tags;
pub mod train;
pub mod treebank;
pub mod words;

pub use clusters::Clusters;
pub use model::{Model, ModelError};
pub use tags::{Aspect, Case, Definite, Deprel, Feats, Gender, Mood, Number, Person, Upos, Voice};
pub use treebank::Scheme;
pub use words::{syntactic_words, SynToken};

use features::Atoms;
use parser::Parser;
use tagger::Tagger;

/// The committed model (`isnad train syntax --full`), gzip-compressed.
const BUNDLED: &[u8] = include_bytes!("../models/syntax.bin.gz");

/// The clusters committed with this crate, loaded once for every reader.
pub fn shared_clusters() -> Arc<Clusters> {
    static SHARED: LazyLock<Arc<Clusters>> = LazyLock::new(|| Arc::new(Clusters::bundled()));
    SHARED.clone()
}

/// What the analysis says of one syntactic word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Part of speech (UD v2 names).
    pub upos: Upos,
    /// Morphological features.
    pub feats: Feats,
    /// Folded lemma (no harakat).
    pub lemma: String,
    /// The head's position from 1 in the sentence; 0 for the root.
    pub head: usize,
    /// The relation to the head (UD v2 names).
    pub rel: Deprel,
}

/// The tagger and parser of one scheme, built when first needed.
struct Parts {
    tagger: Tagger,
    parser: Parser,
}

/// The syntax analyser: built once, shared across threads.
pub struct Syntax {
    model: Model,
    clusters: Arc<Clusters>,
    parts: [OnceLock<Parts>; 2],
}

impl Syntax {
    /// The analyser of `model`, reading word classes from `clusters`.
    pub fn new(model: Model, clusters: Arc<Clusters>) -> Syntax {
        Syntax {
            model,
            clusters,
            parts: [OnceLock::new(), OnceLock::new()],
        }
    }

    /// The committed model with the committed clusters, loaded once.
    pub fn bundled() -> &'static Syntax {
        static BUNDLED_SYNTAX: LazyLock<Syntax> = LazyLock::new(|| {
            let model = Model::from_bytes(BUNDLED)
                .expect("the committed syntax model reads (isnad train syntax --full rebuilds it)");
            Syntax::new(model, shared_clusters())
        });
        &BUNDLED_SYNTAX
    }

    /// The model it runs.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Builds the scheme's tagger and parser now rather than at the first sentence (they sum
    /// the shared and the scheme's own weights into one table, a few hundred milliseconds).
    pub fn prepare(&self, scheme: Scheme) {
        self.parts(scheme);
    }

    fn parts(&self, scheme: Scheme) -> &Parts {
        self.parts[scheme.index()].get_or_init(|| Parts {
            tagger: Tagger::new(&self.model.tagger, scheme),
            parser: Parser::new(self.model.moves.clone(), &self.model.parser, scheme),
        })
    }

    /// Atoms of already folded forms.
    fn atoms(&self, folded: &[String]) -> Vec<Atoms> {
        folded
            .iter()
            .map(|f| Atoms::new(f, &self.clusters))
            .collect()
    }

    /// Tags, lemmatises and parses one sentence of syntactic words (as written; they are
    /// folded here), in `scheme`'s conventions.
    pub fn analyze<S: AsRef<str>>(&self, forms: &[S], scheme: Scheme) -> Vec<Word> {
        let folded: Vec<String> = forms.iter().map(|f| isnad_text::fold(f.as_ref())).collect();
        self.analyze_folded(&folded, scheme)
    }

    /// [`Syntax::analyze`] of forms already folded.
    pub fn analyze_folded(&self, folded: &[String], scheme: Scheme) -> Vec<Word> {
        self.analyze_folded_with(folded, scheme, &[])
    }

    /// [`Syntax::analyze_folded`], never taking for a verb the words `not_verb` marks (what
    /// other stages know to be nominal: the words of a date).
    pub fn analyze_folded_with(
        &self,
        folded: &[String],
        scheme: Scheme,
        not_verb: &[bool],
    ) -> Vec<Word> {
        if folded.is_empty() {
            return Vec::new();
        }
        let parts = self.parts(scheme);
        let atoms = self.atoms(folded);
        let tagged = parts.tagger.tag_with(&atoms, not_verb);
        self.parse_tagged(parts, folded, &atoms, tagged)
    }

    /// [`Syntax::analyze_folded`] of a sentence already tagged ([`Syntax::tag_only`] of the
    /// same forms in the same scheme): lemmas and the parse, the tags as they are.
    pub fn analyze_tagged(
        &self,
        folded: &[String],
        scheme: Scheme,
        tagged: Vec<tagger::Tagged>,
    ) -> Vec<Word> {
        if folded.is_empty() {
            return Vec::new();
        }
        let parts = self.parts(scheme);
        let atoms = self.atoms(folded);
        self.parse_tagged(parts, folded, &atoms, tagged)
    }

    /// Lemmas and the parse of a tagged sentence.
    fn parse_tagged(
        &self,
        parts: &Parts,
        folded: &[String],
        atoms: &[Atoms],
        tagged: Vec<tagger::Tagged>,
    ) -> Vec<Word> {
        let tokens: Vec<parser::Token> = atoms
            .iter()
            .zip(&tagged)
            .map(|(a, t)| parser::Token::new(a, t))
            .collect();
        let arcs = parts.parser.parse(&tokens);
        folded
            .iter()
            .zip(tagged)
            .zip(arcs)
            .map(|((form, t), arc)| Word {
                upos: t.upos,
                feats: t.feats,
                lemma: self.model.lemmatizer.lemma(form, t.upos),
                head: arc.head,
                rel: arc.rel,
            })
            .collect()
    }

    /// Tags and lemmatises one sentence without parsing it (heads are 0, relations `dep`).
    pub fn tag_folded(&self, folded: &[String], scheme: Scheme) -> Vec<Word> {
        let atoms = self.atoms(folded);
        self.parts(scheme)
            .tagger
            .tag(&atoms)
            .into_iter()
            .zip(folded)
            .map(|(t, form)| Word {
                upos: t.upos,
                feats: t.feats,
                lemma: self.model.lemmatizer.lemma(form, t.upos),
                head: 0,
                rel: Deprel::Dep,
            })
            .collect()
    }

    /// Part of speech and features of one sentence's folded forms, without lemmas or a parse:
    /// the cheapest reading, for the entity tagger, which runs on every sentence.
    pub fn tag_only<S: AsRef<str>>(&self, folded: &[S], scheme: Scheme) -> Vec<tagger::Tagged> {
        let atoms: Vec<Atoms> = folded
            .iter()
            .map(|f| Atoms::new(f.as_ref(), &self.clusters))
            .collect();
        self.parts(scheme).tagger.tag(&atoms)
    }

    /// The lemma of one folded form, given its part of speech.
    pub fn lemma(&self, folded: &str, upos: Upos) -> String {
        self.model.lemmatizer.lemma(folded, upos)
    }
}

/// A small deterministic generator (xorshift64*), so training is the same on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Shuffles `items` (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
