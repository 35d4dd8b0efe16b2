//! The attribution lexicons: reporting verbs with their forms, and the head nouns that tell a
//! source's kind. Both are readable data files (`data/attribution/`), compiled in.

use crate::hash::FxHashMap as HashMap;

use isnad_core::SourceKind;
use isnad_text::fold;

use crate::words::data_rows;

const VERBS: &str = include_str!("../../data/attribution/verbs.txt");
const SOURCES: &str = include_str!("../../data/attribution/sources.txt");

/// What introduces a verb's content after its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// أن / إن / بأن, or a quotation.
    That,
    /// عن (كشف عن، تحدث عن).
    About,
    /// إلى (أشار إلى).
    To,
    /// من (حذر من).
    Of,
    /// ب + verbal noun (اتهم ... بالوقوف).
    By,
    /// على (شدد على).
    On,
}

impl Takes {
    fn parse(s: &str) -> Option<Takes> {
        Some(match s {
            "that" => Takes::That,
            "about" => Takes::About,
            "to" => Takes::To,
            "of" => Takes::Of,
            "by" => Takes::By,
            "on" => Takes::On,
            _ => return None,
        })
    }
}

/// One inflected form of a reporting verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The verb's citation form.
    pub lemma: String,
    /// What introduces its content.
    pub takes: Takes,
    /// A participle (مضيفاً، مشيرة): it continues the attribution of its sentence.
    pub participle: bool,
    /// A passive form (قيل، أفيد): no agent.
    pub passive: bool,
}

/// The compiled lexicons.
#[derive(Debug)]
pub struct Lexicon {
    verbs: HashMap<String, VerbForm>,
    heads: HashMap<String, SourceKind>,
}

/// The forms of a past stem: قال → قال قالت قالا قالتا قالوا.
fn past_forms(p: &str) -> Vec<String> {
    let mut out = vec![p.to_owned()];
    for suffix in ["ت", "ا", "تا", "وا"] {
        out.push(format!("{p}{suffix}"));
    }
    out
}

/// The forms of a present 3ms: يقول → يقول تقول يقولون يقولان تقولان.
fn present_forms(p: &str) -> Vec<String> {
    let Some(rest) = p.strip_prefix('ي') else {
        return vec![p.to_owned()];
    };
    vec![
        p.to_owned(),
        format!("ت{rest}"),
        format!("{p}ون"),
        format!("{p}ان"),
        format!("ت{rest}ان"),
    ]
}

/// The forms of a participle: مضيف → مضيف مضيفا مضيفة مضيفين مضيفان.
fn participle_forms(p: &str) -> Vec<String> {
    ["", "ا", "ة", "ين", "ان", "ون"]
        .iter()
        .map(|s| format!("{p}{s}"))
        .collect()
}

impl Lexicon {
    /// Compiles the bundled data files.
    pub fn bundled() -> Lexicon {
        let mut verbs = HashMap::default();
        for cols in data_rows(VERBS) {
            let [lemma, past, present, participle, takes, extra @ ..] = cols.as_slice() else {
                continue;
            };
            let Some(takes) = Takes::parse(takes) else {
                continue;
            };
            let mut add = |form: &str, participle: bool, passive: bool| {
                verbs.entry(fold(form)).or_insert(VerbForm {
                    lemma: (*lemma).to_owned(),
                    takes,
                    participle,
                    passive,
                });
            };
            if *past != "-" {
                past_forms(past).iter().for_each(|f| add(f, false, false));
            }
            if *present != "-" {
                present_forms(present)
                    .iter()
                    .for_each(|f| add(f, false, false));
            }
            if *participle != "-" {
                participle_forms(participle)
                    .iter()
                    .for_each(|f| add(f, true, false));
            }
            for form in extra {
                // Listed extras are irregular active forms, except the passive ones.
                let passive = ["قيل", "أفيد"].contains(form);
                add(form, false, passive);
            }
        }
        let mut heads = HashMap::default();
        for cols in data_rows(SOURCES) {
            let Some((kind, forms)) = cols.split_first() else {
                continue;
            };
            let Ok(kind) = kind.parse::<SourceKind>() else {
                continue;
            };
            for form in forms {
                let folded = fold(form);
                heads.entry(folded.clone()).or_insert(kind);
                // The same head with its article (الوزارة, المصادر).
                if !folded.starts_with("ال") {
                    heads.entry(format!("ال{folded}")).or_insert(kind);
                }
            }
        }
        Lexicon { verbs, heads }
    }

    /// The reporting verb a folded word is, if any.
    pub fn verb(&self, folded_word: &str) -> Option<&VerbForm> {
        self.verbs.get(folded_word)
    }

    /// The kind a folded head noun implies, if any.
    pub fn head_kind(&self, folded_word: &str) -> Option<SourceKind> {
        self.heads.get(folded_word).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_expanded_to_the_forms_news_uses() {
        let lex = Lexicon::bundled();
        for form in [
            "قالت",
            "قالوا",
            "يقول",
            "تقول",
            "أكدت",
            "مؤكدا",
            "مضيفة",
            "أشارت",
            "نقلت",
            "هددتا",
            "نفت",
        ] {
            assert!(lex.verb(&fold(form)).is_some(), "{form}");
        }
        assert!(lex.verb(&fold("مضيفا")).unwrap().participle);
        assert!(lex.verb(&fold("قيل")).unwrap().passive);
        assert!(lex.verb(&fold("قافلة")).is_none());
    }

    #[test]
    fn head_nouns_tell_the_kind() {
        let lex = Lexicon::bundled();
        assert_eq!(lex.head_kind(&fold("مصادر")), Some(SourceKind::Anonymous));
        assert_eq!(lex.head_kind(&fold("الوزارة")), Some(SourceKind::Official));
        assert_eq!(lex.head_kind(&fold("وكالة")), Some(SourceKind::Outlet));
        assert_eq!(lex.head_kind(&fold("بيان")), Some(SourceKind::Document));
    }
}
