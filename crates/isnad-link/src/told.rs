//! Mentions of an event the article told before: the words of a claim that say it is not a
//! new event but one already told (`القصف`, `مقتله`, `بأنه هجوم`, `قصف القاعدة`,
//! `الهجمات التي استهدفت`), read from the article's text when its claims are collected, so
//! that clustering can join each to the event it takes up.
//!
//! Arabic news tells an event once with its participants and place (`نفذت إسرائيل ضربات
//! استهدفت قاعدة جوية قرب حمص`) and then takes it up with a definite noun (`القصف`,
//! `الهجمات`), a noun with a pronoun (`مقتله`), a pronoun and a predicate (`بأنه هجوم
//! أميركي`), the place just named (`قصف القاعدة`) or a relative clause on the noun
//! (`الهجمات التي استهدفت قاعدة تياس`). Sources then give such a mention another agent or
//! date, which is what conflicts are made of.

use std::sync::{LazyLock, OnceLock};

use isnad_core::{Claim, ClaimType, Document, RoleValue};
use isnad_text::{fold, strip_clitic};

/// How a claim's words tie it to an event its article told before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BackReference {
    /// Nothing in its words does.
    New,
    /// A definite or possessed event noun, a predicate of a pronoun, or an event done to a
    /// place named only as "the base": the nearest earlier event of its type that fits it.
    Told,
    /// A verb in a relative clause on the event noun right before it: that event, by its
    /// position among the article's claims.
    Continues(usize),
}

/// What the text says of one claim beyond its roles.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub back: BackReference,
    /// An adjective after the trigger that makes it another kind of event (`كيماوي`).
    pub kind: Option<String>,
    /// The attack told in the sentence as the cause of this death or injury (`قتل في غارة
    /// روسية`), by its position among the article's claims.
    pub cause: Option<usize>,
}

/// Relative pronouns: a verb right after one, on an event noun, tells that event.
const RELATIVES: &[&str] = &[
    "الذي",   // masculine singular (`القصف الذي استهدف`)
    "التي",   // feminine singular and non-human plural (`الهجمات التي استهدفت`)
    "الذين",  // masculine plural
    "اللذين", // masculine dual
    "اللتين", // feminine dual
];

/// A pronoun that an event noun is the predicate of (`بأنه هجوم`): the event the pronoun
/// stands for, told before.
const PREDICATE_PRONOUNS: &[&str] = &[
    "انه",   // "that it (m.) was" (`يشتبه أنه هجوم`)
    "بانه",  // "that it (m.) was", after a verb taking ب (`وصفته بأنه هجوم`)
    "انها",  // "that it (f.) was" (`أنها غارة`)
    "بانها", // "that it (f.) was", after a verb taking ب
];

/// Nouns that stand for a place named before them (`القاعدة`, `المدينة`) when definite and
/// alone: an event done to one was done to that place, told before (`data/places_told.txt`,
/// folded, without the article).
static PLACES_TOLD: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| isnad_text::lexicon::words(include_str!("../data/places_told.txt")).collect());

fn series_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| lexicon(include_str!("../data/series_words.txt")))
}

/// The folded entries of a lexicon file: one a line, `#` comments dropped.
fn lexicon(text: &str) -> Vec<String> {
    isnad_text::lexicon::entries(text)
        .map(|e| fold(e.text))
        .collect()
}

fn event_kinds() -> &'static [String] {
    static KINDS: OnceLock<Vec<String>> = OnceLock::new();
    KINDS.get_or_init(|| lexicon(include_str!("../data/event_kinds.txt")))
}

/// The mentions of each claim of `doc`, in the order of its claims.
pub(crate) fn mentions(doc: &Document) -> Vec<Mention> {
    let chars: Vec<char> = doc.text.chars().collect();
    (0..doc.claims.len())
        .map(|k| Mention {
            back: back_reference(&doc.claims, k, &chars),
            kind: kind_of(&doc.claims[k], &chars),
            cause: cause_of(&doc.claims, k),
        })
        .collect()
}

fn back_reference(claims: &[Claim], k: usize, chars: &[char]) -> BackReference {
    let c = &claims[k];
    if let Some(p) = (0..k)
        .rev()
        .find(|&p| claims[p].trigger.end <= c.trigger.start)
    {
        let prev = &claims[p];
        // The text between is folded only for two claims of one type in one sentence: it may
        // be long, and this runs for every claim of every document a cluster reads.
        if prev.claim_type == c.claim_type && prev.sentence == c.sentence {
            let between = text(chars, prev.trigger.end, c.trigger.start);
            let between = fold(between.trim_matches(|ch: char| ch.is_whitespace() || ch == '،'));
            if RELATIVES.contains(&between.as_str()) {
                return BackReference::Continues(p);
            }
        }
    }
    let before = words_before(chars, c.trigger.start, 2);
    let word = c.trigger.text.split_whitespace().next().unwrap_or("");
    let definite = is_definite(&fold(word));
    // `مقتله`, not `الذي أعلن مقتله`: in a relative clause the pronoun is the noun before it.
    let possessed = c.roles.patient.is_empty()
        && has_pronoun(word)
        && !before.iter().any(|w| RELATIVES.contains(&w.as_str()));
    let predicate = !definite
        && before
            .first()
            .is_some_and(|w| PREDICATE_PRONOUNS.contains(&w.as_str()));
    let at_place_told = c.roles.patient.iter().any(is_place_told);
    // `عملية التبادل الثانية`, `الهجوم الجديد`: a noun with an ordinal is another event of a
    // series, told for the first time.
    let another = words_after(chars, c.trigger.end, 1)
        .first()
        .is_some_and(|w| series_words().contains(w));
    if (definite || possessed || predicate || at_place_told) && !another {
        BackReference::Told
    } else {
        BackReference::New
    }
}

/// Whether a folded word carries the article, after any conjunction and preposition
/// (`والقصف`, `بالهجوم`, `للغارة`).
fn is_definite(word: &str) -> bool {
    let w = strip_clitic(word, &['و', 'ف'], 4).unwrap_or(word);
    if w.starts_with("لل") {
        return true;
    }
    // The preposition goes only before the article, whatever the length.
    let w = match w.strip_prefix(['ب', 'ل', 'ك']) {
        Some(rest) if rest.starts_with("ال") => rest,
        _ => w,
    };
    w.starts_with("ال") && w.chars().count() > 4
}

/// Whether a word as written ends in an attached pronoun (`مقتله`, `هجومها`, `اعتقالهم`), not
/// a feminine ending (`ضربة`).
fn has_pronoun(word: &str) -> bool {
    let letters = word.chars().count();
    letters >= 5
        && ["ه", "ها", "هم", "هما", "هن"]
            .iter()
            .any(|p| word.ends_with(p))
}

/// Whether a role value is a place named only by its kind, with the article (`القاعدة`).
fn is_place_told(v: &RoleValue) -> bool {
    let folded = fold(v.text.trim());
    let mut words = folded.split_whitespace();
    let (Some(one), None) = (words.next(), words.next()) else {
        return false;
    };
    // Takes off the conjunction and a preposition (`وب`, `ل`); `لل` is `ل` and the article
    // whose alef it swallowed (`للقاعدة`: to the base).
    let one = one.trim_start_matches(['و', 'ف']);
    let bare = match one.strip_prefix("لل") {
        Some(rest) => Some(rest),
        None => one.trim_start_matches(['ب', 'ل', 'ك']).strip_prefix("ال"),
    };
    bare.is_some_and(|bare| PLACES_TOLD.contains(&bare))
}

/// The adjective after the trigger, when it makes the event another kind (`الهجوم الكيماوي`).
fn kind_of(c: &Claim, chars: &[char]) -> Option<String> {
    let next = words_after(chars, c.trigger.end, 1).into_iter().next()?;
    let bare = next.strip_prefix("ال").unwrap_or(&next);
    let stem = bare.strip_suffix('ه').unwrap_or(bare);
    event_kinds().iter().find(|k| *k == stem).cloned()
}

/// The attack a death or an injury was told as caused by: the attack claim later in the same
/// sentence whose trigger opens the death's means (`قتل ... في غارة روسية`).
fn cause_of(claims: &[Claim], k: usize) -> Option<usize> {
    let c = &claims[k];
    if !matches!(c.claim_type, ClaimType::Kill | ClaimType::Injure) {
        return None;
    }
    let means = c.roles.means.first()?;
    let first = fold(means.text.split_whitespace().next()?);
    (k + 1..claims.len()).find(|&a| {
        let attack = &claims[a];
        attack.claim_type == ClaimType::Attack
            && attack.sentence == c.sentence
            && fold(&attack.trigger.text) == first
    })
}

/// The characters `from..to` of the text.
fn text(chars: &[char], from: usize, to: usize) -> String {
    chars[from.min(chars.len())..to.min(chars.len())]
        .iter()
        .collect()
}

/// Punctuation that ends the stretch a mention's neighbouring words are read from.
fn breaks(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '\n' | '،' | ',' | '"' | '«' | '»' | ':' | '(' | ')'
    )
}

/// Up to `n` folded words right before offset `at`, nearest first, within its clause.
fn words_before(chars: &[char], at: usize, n: usize) -> Vec<String> {
    let from = at.min(chars.len());
    let start = chars[..from]
        .iter()
        .rposition(|&c| breaks(c))
        .map_or(0, |p| p + 1);
    chars[start..from]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| fold(&text(w, 0, w.len())))
        .collect()
}

/// Up to `n` folded words right after offset `at`, within its clause.
fn words_after(chars: &[char], at: usize, n: usize) -> Vec<String> {
    let from = at.min(chars.len());
    let end = chars[from..]
        .iter()
        .position(|&c| breaks(c))
        .map_or(chars.len(), |p| from + p);
    chars[from..end]
        .split(|c| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| fold(&text(w, 0, w.len())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_core::{Modality, Roles, Span, TextSpan};

    /// A document of `text` with an attack claim at each of `triggers` (all in one sentence).
    fn doc(text: &str, triggers: &[&str]) -> Document {
        let mut doc = Document::new("d", "d", text);
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        for (n, t) in triggers.iter().enumerate() {
            let t_chars: Vec<char> = t.chars().collect();
            let start = (from..chars.len())
                .find(|&s| chars[s..].starts_with(&t_chars))
                .expect("trigger in text");
            from = start + t_chars.len();
            doc.claims.push(Claim {
                id: format!("c{}", n + 1),
                claim_type: ClaimType::Attack,
                cameo: String::new(),
                trigger: TextSpan {
                    start,
                    end: from,
                    text: (*t).to_owned(),
                },
                sentence: Span::new(0, chars.len()),
                roles: Roles::default(),
                attribution: None,
                modality: Modality::Asserted,
                summary: String::new(),
            });
        }
        doc
    }

    fn backs(text: &str, triggers: &[&str]) -> Vec<BackReference> {
        mentions(&doc(text, triggers))
            .into_iter()
            .map(|m| m.back)
            .collect()
    }

    #[test]
    fn a_place_named_by_its_kind_is_read_through_its_clitics() {
        let told = |text: &str| {
            is_place_told(&RoleValue {
                text: text.to_owned(),
                kb_id: None,
            })
        };
        assert!(told("القاعدة"));
        assert!(told("وبالقاعدة"));
        // `ل` before the article drops its alef.
        assert!(told("للقاعدة"));
        assert!(!told("قاعدة"));
        assert!(!told("القاعدة الجوية"));
        assert!(!told("الحكومة"));
    }

    #[test]
    fn a_definite_noun_takes_up_an_event_and_an_indefinite_one_starts_one() {
        use BackReference::*;
        assert_eq!(
            backs(
                "شنت الطائرات غارات على البلدة ثم توقف القصف",
                &["غارات", "القصف"]
            ),
            [New, Told]
        );
    }

    #[test]
    fn a_relative_clause_on_an_event_noun_continues_it() {
        use BackReference::*;
        assert_eq!(
            backs(
                "وأدان الهجمات التي استهدفت المدينة",
                &["الهجمات", "استهدفت"]
            ),
            [Told, Continues(0)]
        );
    }

    #[test]
    fn a_predicate_of_a_pronoun_and_a_possessed_noun_take_up_an_event() {
        use BackReference::*;
        assert_eq!(backs("ووصف الانفجار بأنه هجوم مدبر", &["هجوم"]), [Told]);
        assert_eq!(backs("وأكد المصدر أن مقتله كان بغارة", &["مقتله"]), [Told]);
        // In a relative clause the pronoun is the noun before it, not an event told.
        assert_eq!(backs("القائد الذي أعلن مقتله مرارا", &["مقتله"]), [New]);
        // A feminine ending is no pronoun.
        assert_eq!(backs("وقعت ضربة", &["ضربة"]), [New]);
    }

    #[test]
    fn an_adjective_of_kind_is_read_and_one_of_manner_is_not() {
        let kinds = |text: &str, t: &str| mentions(&doc(text, &[t]))[0].kind.clone();
        assert_eq!(
            kinds("وأدان الهجوم الكيماوي على البلدة", "الهجوم").as_deref(),
            Some("كيماوي")
        );
        assert_eq!(kinds("وجاءت الضربة الجوية بعد أيام", "الضربة"), None);
    }
}
