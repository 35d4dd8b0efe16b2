//! The word lists claims are read with, from `data/claims/`: triggers keyed by lemma, the head
//! nouns of places, vehicles, nationalities, quantifier pronouns and the places that are not.

use std::cell::RefCell;
use std::sync::LazyLock;

use isnad_core::ClaimType;
use isnad_syntax::{Syntax, Upos};
use isnad_text::fold;

use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use crate::syntax::Parse;
use crate::words::{data_rows, without_article};

const TRIGGERS: &str = include_str!("../../data/claims/triggers.txt");
const QUANTIFIERS: &str = include_str!("../../data/claims/quantifiers.txt");
const NATIONALITIES: &str = include_str!("../../data/claims/nationalities.txt");
const NOT_PLACES_FILE: &str = include_str!("../../data/claims/not_places.txt");
const PLACE_HEADS_FILE: &str = include_str!("../../data/claims/place_heads.txt");
const VEHICLES_FILE: &str = include_str!("../../data/claims/vehicles.txt");

/// Whether a trigger is a verb or a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pos {
    Verb,
    Noun,
}

/// How a verb of moving oneself relates its object to the movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Motion {
    /// `غادروا المدينة`: the object is the place left.
    Leave,
    /// `دخلوا البلدة`: the object is the place reached.
    Enter,
}

/// One trigger entry.
#[derive(Debug, Clone)]
pub(crate) struct Trigger {
    pub claim_type: ClaimType,
    pub pos: Pos,
    /// The second word of a two-word trigger (`سراح` of `أطلق سراح`), folded, no article.
    pub second: Option<String>,
    /// A verb of undergoing (`أصيب`, `لقي حتفه`): its subject is the patient.
    pub passive: bool,
    /// A verb of moving oneself (its subject moves; its object is a place).
    pub motion: Option<Motion>,
}

/// The key a lemma or a form is looked up by: folded, without the article.
fn key(word: &str) -> String {
    let folded = fold(word);
    let bare = without_article(&folded);
    if bare.chars().count() >= 2 {
        bare.to_owned()
    } else {
        folded
    }
}

/// The trigger lexicon (`data/claims/triggers.txt`).
pub(crate) struct Triggers {
    by_key: HashMap<String, Vec<Trigger>>,
}

thread_local! {
    /// Folded stems already asked about, and whether they may be a trigger's inflection.
    static MAY_BE: RefCell<HashMap<String, bool>> = RefCell::new(HashMap::default());
}

impl Triggers {
    /// The bundled lexicon.
    pub fn bundled() -> Triggers {
        let mut by_key: HashMap<String, Vec<Trigger>> = HashMap::default();
        for cols in data_rows(TRIGGERS) {
            let [ty, pos, lemmas @ ..] = cols.as_slice() else {
                continue;
            };
            let Ok(claim_type) = ty.parse::<ClaimType>() else {
                continue;
            };
            let passive = *pos == "passive";
            let motion = match *pos {
                "leave" => Some(Motion::Leave),
                "enter" => Some(Motion::Enter),
                _ => None,
            };
            let pos = if *pos == "noun" { Pos::Noun } else { Pos::Verb };
            for lemma in lemmas {
                let mut words = lemma.split_whitespace();
                let Some(first) = words.next() else { continue };
                by_key.entry(key(first)).or_default().push(Trigger {
                    claim_type,
                    pos,
                    // `بالسجن` is written with its preposition; the parse splits it off.
                    second: words.next().map(|w| {
                        let folded = fold(w);
                        let bare = folded
                            .strip_prefix(['ب', 'ل'])
                            .filter(|r| r.starts_with("ال"))
                            .unwrap_or(&folded);
                        key(bare)
                    }),
                    passive,
                    motion,
                });
            }
        }
        Triggers { by_key }
    }

    /// Whether a word of this folded stem may be a trigger in some inflection: its stem, or a
    /// lemma the treebanks' dictionary or the lemmatiser gives it as a verb or a noun, is
    /// listed. A cheap test before a sentence is parsed; remembered per thread.
    pub fn may_be(&self, syntax: &Syntax, stem: &str) -> bool {
        if self.by_key.contains_key(stem) {
            return true;
        }
        MAY_BE.with(|memo| {
            if let Some(&known) = memo.borrow().get(stem) {
                return known;
            }
            let found = [Upos::Verb, Upos::Noun]
                .iter()
                .any(|&u| self.by_key.contains_key(&key(&syntax.lemma(stem, u))))
                || verb_stems(stem)
                    .iter()
                    .chain(&noun_stems(stem))
                    .any(|k| self.by_key.contains_key(k));
            let mut memo = memo.borrow_mut();
            if memo.len() > 200_000 {
                memo.clear();
            }
            memo.insert(stem.to_owned(), found);
            found
        })
    }

    /// The trigger word `i` of `parse` starts, and how many words it takes: its lemma or stem
    /// listed for its part of speech (and its second word next, for a two-word trigger). A
    /// word listed only under the other part of speech is taken too, unless it carries the
    /// article (a verb is never definite): the tagger is less sure of a news verb it never saw
    /// than the lexicon is.
    pub fn at(&self, syntax: &Syntax, parse: &Parse, i: usize) -> Option<(&Trigger, usize)> {
        let tagged = match parse.upos(i) {
            Upos::Verb | Upos::Aux => Pos::Verb,
            Upos::Noun | Upos::Adj | Upos::Propn | Upos::X => Pos::Noun,
            _ => return None,
        };
        self.at_as(syntax, parse, i, tagged).or_else(|| {
            let other = match tagged {
                Pos::Verb => Pos::Noun,
                Pos::Noun if !parse.form(i).starts_with("ال") => Pos::Verb,
                Pos::Noun => return None,
            };
            self.at_as(syntax, parse, i, other)
        })
    }

    fn at_as(
        &self,
        syntax: &Syntax,
        parse: &Parse,
        i: usize,
        pos: Pos,
    ) -> Option<(&Trigger, usize)> {
        // A verb with its object pronoun still on it (`تدعمها`: the text layer splits a
        // pronoun only where it is sure) is looked up without it too.
        let bare_verb = (pos == Pos::Verb)
            .then(|| {
                OBJECT_PRONOUNS.iter().find_map(|p| {
                    parse
                        .form(i)
                        .strip_suffix(p)
                        .filter(|rest| rest.chars().count() >= 3)
                        .map(|rest| key(&syntax.lemma(rest, Upos::Verb)))
                })
            })
            .flatten();
        let form = parse.form(i);
        let stems = match pos {
            Pos::Verb => verb_stems(form),
            Pos::Noun => noun_stems(form),
        };
        let keys: Vec<String> = [key(parse.lemma(i)), key(form)]
            .into_iter()
            .chain(bare_verb)
            .chain(stems)
            .collect();
        let next = |k: usize| (i + k < parse.len()).then(|| key(parse.form(i + k)));
        let next_lemma = (i + 1 < parse.len()).then(|| key(parse.lemma(i + 1)));
        // The second word may carry a pronoun (`لقوا حتفهم` for `لقي حتفه`).
        let starts = |w: Option<String>, s: &str| {
            w.is_some_and(|w| {
                w == s || s.chars().count() >= 3 && w.starts_with(s.trim_end_matches('ه'))
            })
        };
        let second_is = |s: &str| {
            starts(next(1), s)
                || next_lemma.as_deref() == Some(s)
                // `بالسجن`: the second word after its preposition, or with a pronoun split
                // off (`حتف` + `ه`).
                || next(2).as_deref() == Some(s)
                || matches!((next(1), next(2)), (Some(a), Some(b)) if format!("{a}{b}") == s)
        };
        let mut single = None;
        for k in &keys {
            for t in self.by_key.get(k).into_iter().flatten() {
                if t.pos != pos {
                    continue;
                }
                match &t.second {
                    Some(s) if second_is(s) => {
                        let width =
                            if starts(next(1), s) || next_lemma.as_deref() == Some(s.as_str()) {
                                2
                            } else {
                                3
                            };
                        return Some((t, width.min(parse.len() - i)));
                    }
                    Some(_) => {}
                    None => {
                        single.get_or_insert(t);
                    }
                }
            }
        }
        single.map(|t| (t, 1))
    }
}

/// Suffixes of person, number and gender on a verb (longest first).
const VERB_SUFFIXES: &[&str] = &[
    "تما", "تم", "تن", "تا", "وا", "ون", "ين", "ان", "نا", "ت", "ن", "ي",
];

/// Prefixes of the imperfect (`يقصف`، `تقصف`، `نقصف`).
const VERB_PREFIXES: &[&str] = &["ي", "ت", "ن"];

/// Suffixes of number on a noun (`غارات`، `المسلحين`) and the feminine (`هجمة`).
const NOUN_SUFFIXES: &[&str] = &["ات", "ين", "ون", "ان", "تين", "تان", "ه", "ا"];

/// The lexicon keys an inflected verb form may come from, by stripping what inflection adds
/// (an object pronoun, a suffix of person and number, a prefix of the imperfect): `اعتقلت` →
/// `اعتقل`, `يستهدفون` → `استهدف`... A second way to the lemma, beside the lemmatiser, for the
/// many verb forms the treebanks never saw; at least three letters remain.
pub(crate) fn verb_stems(form: &str) -> Vec<String> {
    let form = without_article(form);
    let mut bases = vec![form.to_owned()];
    for p in OBJECT_PRONOUNS {
        // Two letters may remain: a doubled root is written with two (`شنه` ← `شنّ`).
        if let Some(rest) = form.strip_suffix(p).filter(|r| r.chars().count() >= 2) {
            bases.push(rest.to_owned());
        }
    }
    let mut out = Vec::new();
    for base in bases {
        let mut cut = vec![base.clone()];
        for s in VERB_SUFFIXES {
            if let Some(rest) = base.strip_suffix(s).filter(|r| r.chars().count() >= 3) {
                cut.push(rest.to_owned());
                break;
            }
        }
        for c in cut {
            for p in VERB_PREFIXES {
                if let Some(rest) = c.strip_prefix(p).filter(|r| r.chars().count() >= 2) {
                    // Forms VII-X lose their alef in the imperfect (`يستهدف` ← `استهدف`).
                    out.push(format!("ا{rest}"));
                    out.push(rest.to_owned());
                }
            }
            out.push(c);
        }
    }
    out
}

/// The lexicon keys an inflected noun may come from: without a suffix of number or the
/// feminine (`غارات` → `غار` and `غاره`).
pub(crate) fn noun_stems(form: &str) -> Vec<String> {
    let form = without_article(form);
    let mut out = Vec::new();
    for s in NOUN_SUFFIXES {
        if let Some(rest) = form.strip_suffix(s).filter(|r| r.chars().count() >= 3) {
            out.push(format!("{rest}ه"));
            out.push(rest.to_owned());
        }
    }
    out
}

/// Whether a verb form ends in an object pronoun the text layer left on it (`تدعمها`،
/// `نقلتهم`): a pronoun suffix after at least three letters, the rest still a verb form.
pub(crate) fn carries_object_pronoun(form: &str) -> bool {
    ["ها", "هم", "هما", "هن"].iter().any(|p| {
        form.strip_suffix(p).is_some_and(|rest| {
            rest.chars().count() >= 3 && !rest.ends_with('ت') || rest.chars().count() >= 4
        })
    }) || form
        .strip_suffix('ه')
        .is_some_and(|rest| rest.chars().count() >= 4)
}

/// Object pronouns a verb may carry (longest first).
const OBJECT_PRONOUNS: &[&str] = &["هما", "هم", "هن", "ها", "ه", "كم", "نا"];

fn word_rows(text: &'static str) -> HashSet<&'static str> {
    data_rows(text)
        .flatten()
        .filter(|w| !w.is_empty())
        .collect()
}

/// Head nouns of places (`data/claims/place_heads.txt`).
pub(crate) static PLACE_HEADS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_rows(PLACE_HEADS_FILE));

/// Vehicles, craft and weapons (`data/claims/vehicles.txt`).
pub(crate) static VEHICLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_rows(VEHICLES_FILE));

/// Place head nouns and the next word that makes them something else (`السجن المؤبد`).
pub(crate) static NOT_PLACES: LazyLock<HashSet<(String, String)>> = LazyLock::new(|| {
    data_rows(NOT_PLACES_FILE)
        .filter_map(|cols| match cols.as_slice() {
            [head, next] => Some((fold(head), fold(next))),
            _ => None,
        })
        .collect()
});

/// Adjectives of nationality and nouns of a people (`روسية`, `الروس`), folded and without
/// the article, with the KB id of their state (`data/claims/nationalities.txt`).
static NATIONALITY_IDS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut out = HashMap::default();
    for cols in data_rows(NATIONALITIES) {
        let [id, forms @ ..] = cols.as_slice() else {
            continue;
        };
        for form in forms {
            let folded = fold(form);
            let bare = folded.strip_prefix("ال").unwrap_or(&folded).to_owned();
            out.insert(bare, (*id).to_owned());
        }
    }
    out
});

/// The KB id of the state a word of nationality names (`أميركي`, `الروسية`, `للروس`).
pub(crate) fn nationality(folded: &str) -> Option<&'static str> {
    let bare = folded.strip_prefix("ال").unwrap_or(folded);
    NATIONALITY_IDS.get(bare).map(String::as_str)
}

/// Quantifiers with a pronoun (`معظمهم`), which stand for a group counted before them.
pub(crate) static QUANTIFIER_PRONOUNS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    data_rows(QUANTIFIERS)
        .filter_map(|cols| cols.first().map(|w| fold(w)))
        .collect()
});
