//! Treebank sentences as the models learn from them, and the two annotation schemes the
//! Arabic treebanks here follow.
//!
//! PADT v1 (vocalised newswire, UD v1) and PUD (unvocalised, UD v2) annotate the same language
//! differently. What maps one to one is mapped when a PADT sentence is read, so that both teach
//! the model the same labels:
//!
//! - v1 relation names become v2 names (`dobj` → `obj`, `nsubjpass` → `nsubj:pass`, `name` →
//!   `flat`, `neg` → `advmod`, [`Deprel::parse_any`]);
//! - `nmod` under a verb, adjective or adverb becomes `obl` (v2 keeps `nmod` for nouns' dependents;
//!   PUD never has `nmod` under an adjective, PADT has it 523 times);
//! - `CONJ` becomes `CCONJ` or, as a `mark`, `SCONJ`; `X` (PADT's words its analyser did not
//!   know: names above all) becomes `PROPN`; `Definite=Red` is read as `Cons`.
//!
//! What does not map (PADT hangs a sentence on its opening `و`, keeps `كان` a verb, has far more
//! `parataxis`) is learnt: every feature of the models is also fired once more for the scheme
//! of the sentence ([`Scheme`]), so each scheme keeps its own weights on top of shared ones
//! (Daumé's "frustratingly easy" domain adaptation). Output is written in either scheme;
//! [`Scheme::Padt`] maps the labels back to v1's (`CONJ`, `X`, `nmod`).

use std::fmt;
use std::str::FromStr;

use crate::conllu::{self, ConlluError};
use crate::tags::{Deprel, Feats, UnknownName, Upos};

/// An annotation scheme: which treebank's conventions a sentence follows, or output should.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// UD v2 as the Arabic PUD treebank applies it; the pipeline's scheme.
    Ud,
    /// PADT as released in UD v1 (`CONJ`, `X` for unknown words, `nmod` for obliques).
    Padt,
}

impl Scheme {
    /// Both, in the order the model stores them.
    pub const ALL: [Scheme; 2] = [Scheme::Ud, Scheme::Padt];

    /// Its place in [`Scheme::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The part of speech as this scheme writes it.
    pub fn upos(self, upos: Upos) -> Upos {
        match (self, upos) {
            (Scheme::Padt, Upos::Cconj | Upos::Sconj) => Upos::Conj,
            (Scheme::Padt, Upos::Propn) => Upos::X,
            _ => upos,
        }
    }

    /// The relation as this scheme writes it.
    pub fn deprel(self, rel: Deprel) -> &'static str {
        match (self, rel) {
            (Scheme::Padt, Deprel::Obl | Deprel::OblTmod) => "nmod",
            (Scheme::Padt, Deprel::Obj) => "dobj",
            (Scheme::Padt, Deprel::NsubjPass) => "nsubjpass",
            (Scheme::Padt, Deprel::CsubjPass) => "csubjpass",
            (Scheme::Padt, Deprel::AuxPass) => "auxpass",
            (Scheme::Padt, Deprel::Flat) => "name",
            (Scheme::Padt, Deprel::Fixed) => "mwe",
            (Scheme::Padt, Deprel::Flatforeign) => "foreign",
            (Scheme::Padt, Deprel::AclRelcl) => "acl",
            _ => rel.as_str(),
        }
    }
}

impl FromStr for Scheme {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Scheme, UnknownName> {
        match s {
            "ud" => Ok(Scheme::Ud),
            "padt" => Ok(Scheme::Padt),
            _ => Err(UnknownName {
                set: "scheme (ud, padt)",
                given: s.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::Ud => "ud",
            Scheme::Padt => "padt",
        })
    }
}

/// One syntactic word of a treebank, folded as news text is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeWord {
    /// The form as written (vocalised in PADT).
    pub form: String,
    /// The lemma, folded (no harakat), or empty when the treebank gives none.
    pub lemma: String,
    /// Part of speech, in UD v2 terms.
    pub upos: Upos,
    /// Morphological features.
    pub feats: Feats,
    /// The head's position from 1, 0 for the root.
    pub head: usize,
    /// The relation to the head, in UD v2 terms.
    pub rel: Deprel,
}

/// A treebank sentence and the scheme it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeSentence {
    /// The scheme of its annotation.
    pub scheme: Scheme,
    /// Its words.
    pub words: Vec<TreeWord>,
}

/// A treebank file that cannot be learnt from.
#[derive(Debug)]
pub enum TreebankError {
    /// Not CoNLL-U.
    Format(ConlluError),
    /// A sentence with an unknown tag, a head out of range or no words.
    Sentence {
        /// The sentence's number in the file, from 1.
        sentence: usize,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for TreebankError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreebankError::Format(e) => write!(f, "not CoNLL-U: {e}"),
            TreebankError::Sentence { sentence, problem } => {
                write!(f, "sentence {sentence}: {problem}")
            }
        }
    }
}

impl std::error::Error for TreebankError {}

/// Reads a treebank in `scheme`, mapping what maps to UD v2 (see the module docs).
pub fn read(text: &str, scheme: Scheme) -> Result<Vec<TreeSentence>, TreebankError> {
    let blocks = conllu::read(text).map_err(TreebankError::Format)?;
    blocks
        .iter()
        .enumerate()
        .map(|(n, block)| {
            let problem = |problem: String| TreebankError::Sentence {
                sentence: n + 1,
                problem,
            };
            let rows: Vec<_> = block.words().collect();
            if rows.is_empty() {
                return Err(problem("no words".into()));
            }
            let mut words = Vec::with_capacity(rows.len());
            for row in &rows {
                let c = &row.cols;
                let upos: Upos = c[3]
                    .parse()
                    .map_err(|e: UnknownName| problem(e.to_string()))?;
                let rel = Deprel::parse_any(&c[7]).map_err(|e| problem(e.to_string()))?;
                let head: usize = c[6]
                    .parse()
                    .ok()
                    .filter(|&h| h <= rows.len())
                    .ok_or_else(|| problem(format!("head `{}` out of range", c[6])))?;
                let lemma = if c[2] == "_" && c[1] != "_" {
                    String::new()
                } else {
                    isnad_text::fold(&c[2])
                };
                words.push(TreeWord {
                    form: c[1].clone(),
                    lemma,
                    upos,
                    feats: Feats::parse_conllu(&c[5]),
                    head,
                    rel,
                });
            }
            if scheme == Scheme::Padt {
                padt_to_v2(&mut words);
            }
            Ok(TreeSentence { scheme, words })
        })
        .collect()
}

/// Maps PADT v1's labels to UD v2's where they map one to one (module docs).
fn padt_to_v2(words: &mut [TreeWord]) {
    let heads: Vec<Option<Upos>> = words
        .iter()
        .map(|w| w.head.checked_sub(1).map(|h| words[h].upos))
        .collect();
    for (w, head) in words.iter_mut().zip(heads) {
        w.upos = match w.upos {
            Upos::Conj if w.rel == Deprel::Mark => Upos::Sconj,
            Upos::Conj => Upos::Cconj,
            Upos::X => Upos::Propn,
            other => other,
        };
        if w.rel == Deprel::Nmod
            && matches!(head, Some(Upos::Verb | Upos::Adj | Upos::Adv | Upos::Aux))
        {
            w.rel = Deprel::Obl;
        }
    }
}

/// Whether `text` is vocalised like PADT: at least a third of its Arabic words carry a
/// haraka. News is written without them; a treebank in PADT's style has them on nearly every
/// word.
pub fn looks_vocalised<'a>(forms: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut arabic, mut marked) = (0usize, 0usize);
    for form in forms {
        if form.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
            arabic += 1;
            if form.chars().any(|c| ('\u{064B}'..='\u{0652}').contains(&c)) {
                marked += 1;
            }
        }
    }
    arabic > 0 && marked * 3 >= arabic
}

#[cfg(test)]
mod tests {
    use super::*;

    const PADT: &str = "1\tتَزُورُ\tزَار\tVERB\t_\tAspect=Imp|Voice=Act\t0\troot\t_\t_\n2\tمَجمُوعَةٌ\tمَجمُوعَة\tNOUN\t_\tCase=Nom|Definite=Red\t1\tnsubj\t_\t_\n3\tوَ\tوَ\tCONJ\t_\t_\t1\tcc\t_\t_\n4\tفِي\tفِي\tADP\t_\t_\t5\tcase\t_\t_\n5\tبَغدَاد\tبَغدَاد\tX\t_\t_\t1\tnmod\t_\t_\n6\tأَن\tأَن\tCONJ\t_\t_\t1\tmark\t_\t_\n7\tشَيئاً\tشَيء\tNOUN\t_\t_\t1\tdobj\t_\t_\n";

    #[test]
    fn padt_is_read_in_v2_terms() {
        let s = &read(PADT, Scheme::Padt).unwrap()[0];
        let tags: Vec<Upos> = s.words.iter().map(|w| w.upos).collect();
        assert_eq!(
            tags,
            [
                Upos::Verb,
                Upos::Noun,
                Upos::Cconj,
                Upos::Adp,
                Upos::Propn,
                Upos::Sconj,
                Upos::Noun
            ]
        );
        assert_eq!(s.words[4].rel, Deprel::Obl, "nmod under a verb is obl");
        assert_eq!(s.words[6].rel, Deprel::Obj);
        assert_eq!(s.words[0].lemma, "زار");
        assert_eq!(s.words[1].feats.to_string(), "Case=Nom|Definite=Cons");
    }

    #[test]
    fn the_padt_scheme_writes_v1_labels() {
        assert_eq!(Scheme::Padt.upos(Upos::Sconj), Upos::Conj);
        assert_eq!(Scheme::Padt.upos(Upos::Propn), Upos::X);
        assert_eq!(Scheme::Padt.deprel(Deprel::Obl), "nmod");
        assert_eq!(Scheme::Ud.deprel(Deprel::Obl), "obl");
    }

    #[test]
    fn a_head_out_of_range_is_named() {
        let bad = "1\tقال\tقال\tVERB\t_\t_\t5\troot\t_\t_\n";
        let err = read(bad, Scheme::Ud).unwrap_err();
        assert!(err.to_string().contains("sentence 1"), "{err}");
    }

    #[test]
    fn vocalised_text_is_told_from_news() {
        assert!(looks_vocalised(["تَزُورُ", "مَجمُوعَةٌ", "في"]));
        assert!(!looks_vocalised(["تزور", "مجموعة", "في", "بغداد"]));
    }
}
