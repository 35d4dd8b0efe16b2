//! Claims: the events a text reports, with who did what to whom, how many, from where to
//! where, by what means and when.
//!
//! A claim starts at a trigger from `data/claims/triggers.txt` (a verb such as `نقلت`,
//! `قصفت` or a verbal noun such as `مقتل`, `انسحاب`), and takes its roles from the stretch of
//! the sentence that belongs to it (up to the next trigger):
//!
//! - **agent**: the subject after a verb (Arabic is mostly VSO), or after `شنه`، `نفذه`،
//!   `على يد`، `من قبل` for a verbal noun;
//! - **patient**: the object, or the counted noun of the figure that follows
//!   (`نحو 120 محتجزاً من عناصر تنظيم داعش`), or the complement of `على`/`ضد` for attacks;
//! - **origin** `من`, **destination** `إلى`، `باتجاه`، `نحو`, **location** `في`، `بمحيط`،
//!   `قرب`، `داخل`: only when what follows is a place (the KB says so, or a place head noun
//!   such as سجن، مدينة، قاعدة، حي، ريف);
//! - **means** `عبر`، `بواسطة`، `على متن`، or a vehicle noun (حافلات، مروحيات);
//! - **count**: the figure that counts the patient (the first quantity after the trigger);
//! - **time**: the first resolved date of the sentence.
//!
//! Modality: inside an attribution's content the claim is `reported` (and points to it);
//! `لم`/`لن`/`لا` before the trigger, or a denial cue, make it `negated`; hedges (`قد`،
//! `ربما`، `يبدو`، `يُزعم`، `يشتبه`، `المزعوم`) make it `hedged`.
//!
//! A word that is an attribution cue (`نقلت وكالة ... عن`) is not also a transfer.

use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::{ControlFlow, Range};
use std::sync::{Arc, LazyLock};

use isnad_core::{
    Claim, ClaimType, Document, EntityType, Modality, RoleCount, RoleTime, RoleValue, Roles,
    SourceKind, Span, TextSpan,
};
use isnad_kb::Kb;
use isnad_text::{fold, CharIndex, TextLayer};

use crate::words::{byte_offsets, data_rows, without_article, word_set, Word, Words};
use crate::Stage;

const TRIGGERS: &str = include_str!("../../data/claims/triggers.txt");
const QUANTIFIERS: &str = include_str!("../../data/claims/quantifiers.txt");
const ROLE_STOPS_FILE: &str = include_str!("../../data/claims/role_stops.txt");
const NATIONALITIES_FILE: &str = include_str!("../../data/claims/nationalities.txt");
const NOT_PLACES_FILE: &str = include_str!("../../data/claims/not_places.txt");

/// Place head nouns and the next word that makes them something else (`السجن المؤبد`).
static NOT_PLACES: LazyLock<HashSet<(String, String)>> = LazyLock::new(|| {
    data_rows(NOT_PLACES_FILE)
        .filter_map(|cols| match cols.as_slice() {
            [head, next] => Some((fold(head), fold(next))),
            _ => None,
        })
        .collect()
});

/// Adjectives of nationality and nouns of a people (`روسية`, `الروس`), folded and without
/// the article, with the KB id of their state (`data/claims/nationalities.txt`).
static NATIONALITIES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut out = HashMap::default();
    for cols in data_rows(NATIONALITIES_FILE) {
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
fn nationality(folded: &str) -> Option<&'static str> {
    let bare = folded.strip_prefix("ال").unwrap_or(folded);
    NATIONALITIES.get(bare).map(String::as_str)
}

/// Quantifiers with a pronoun (`معظمهم`), which stand for a group counted before them.
static QUANTIFIER_PRONOUNS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    data_rows(QUANTIFIERS)
        .filter_map(|cols| cols.first().map(|w| fold(w)))
        .collect()
});

/// Whether a trigger is a verb or a verbal noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pos {
    Verb,
    Noun,
}

#[derive(Debug, Clone)]
struct Trigger {
    claim_type: ClaimType,
    pos: Pos,
    /// The second word of a two-word trigger (`سراح` of `أطلق سراح`).
    second: Option<String>,
    /// A passive verb or a verb of undergoing (`اقتيد`, `أصيب`, `لقي حتفه`): its subject is
    /// the patient.
    passive: bool,
}

fn parse_type(s: &str) -> Option<ClaimType> {
    Some(match s {
        "transfer" => ClaimType::Transfer,
        "escape" => ClaimType::Escape,
        "release" => ClaimType::Release,
        "detain" => ClaimType::Detain,
        "attack" => ClaimType::Attack,
        "kill" => ClaimType::Kill,
        "injure" => ClaimType::Injure,
        "seize" => ClaimType::Seize,
        "withdraw" => ClaimType::Withdraw,
        "deploy" => ClaimType::Deploy,
        "meet" => ClaimType::Meet,
        "train" => ClaimType::Train,
        "supply" => ClaimType::Supply,
        "theft" => ClaimType::Theft,
        "surrender" => ClaimType::Surrender,
        "other" => ClaimType::Other,
        _ => return None,
    })
}

/// Fills `Document::claims`; runs after entities, figures, dates and attributions.
pub struct ClaimStage {
    kb: Arc<Kb>,
    /// Folded first word → the triggers that start with it.
    triggers: HashMap<String, Vec<Trigger>>,
}

impl ClaimStage {
    /// A stage that links role fillers with `kb`.
    pub fn new(kb: Arc<Kb>) -> Self {
        let mut triggers: HashMap<String, Vec<Trigger>> = HashMap::default();
        for cols in data_rows(TRIGGERS) {
            let [ty, pos, forms @ ..] = cols.as_slice() else {
                continue;
            };
            let passive = *pos == "passive";
            let (Some(claim_type), pos) = (
                parse_type(ty),
                if *pos == "verb" || passive {
                    Pos::Verb
                } else {
                    Pos::Noun
                },
            ) else {
                continue;
            };
            for form in forms {
                let mut words = form.split_whitespace().map(fold);
                let Some(first) = words.next() else { continue };
                let second = words.next();
                let key = without_article(&first).to_owned();
                let key = if key.chars().count() >= 2 { key } else { first };
                triggers.entry(key).or_default().push(Trigger {
                    claim_type,
                    pos,
                    second,
                    passive,
                });
            }
        }
        ClaimStage { kb, triggers }
    }

    /// The trigger a word starts, if any (a two-word trigger needs its second word next).
    fn trigger_at(&self, words: &Words, i: usize) -> Option<&Trigger> {
        let word = &words.words[i];
        if word.punct.is_some() {
            return None;
        }
        let stem = without_article(&word.c);
        let candidates = self
            .triggers
            .get(stem)
            .or_else(|| self.triggers.get(word.w))?;
        // The second word of a two-word trigger may carry clitics (`أحكاماً بالسجن`): compare
        // it with and without them.
        let next = words.words.get(i + 1);
        let second_is = |s: &str| {
            next.is_some_and(|n| {
                let bare = |x: &str| without_article(x).to_owned();
                let s = bare(s.trim_start_matches(['ب', 'ل']));
                s == bare(&n.c) || s == bare(n.w) || s == bare(n.w.trim_start_matches(['ب', 'ل']))
            })
        };
        // A word with the article or a preposition (`الدعم`, `لدعم`) is a noun, whatever
        // verb is spelt the same.
        let noun = word.article || word.prep.is_some();
        candidates
            .iter()
            .find(|t| t.second.as_deref().is_some_and(second_is))
            .or_else(|| {
                candidates
                    .iter()
                    .find(|t| t.second.is_none() && noun && t.pos == Pos::Noun)
            })
            .or_else(|| candidates.iter().find(|t| t.second.is_none()))
    }
}

/// Heads of place phrases the KB may not know (`سجن غويران`, `مدينة هجين`).
static PLACE_HEADS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(
        "سجن مدينه بلده قريه محافظه ريف باديه حي قاعده مطار مخيم منطقه مناطق حقل سد معبر ناحيه جبل مركز مراكز مقر مستشفي شمال جنوب شرق غرب وسط محيط اطراف الاراضي اراضي الحدود حدود جهه البلاد العاصمه مواقع موقع نقطه سجون مدن قري الجبهه",
    )
});

/// Vehicles and craft: a phrase headed by one is the means of a transfer or attack.
static VEHICLES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(
        "حافلات حافله مروحيات مروحيه مروحيتان مروحيتين طائرات طائره سيارات سياره شاحنات شاحنه عربات عربه اليات اليه زوارق قافله صواريخ صاروخ طائرتين مسيرات مسيره دبابات قذائف براميل",
    )
});

/// Words that end a role phrase (`data/claims/role_stops.txt`): prepositions, time words,
/// prepositions with a pronoun, and light verbs that start a new predicate.
static ROLE_STOPS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    data_rows(ROLE_STOPS_FILE)
        .flatten()
        .filter(|w| !w.is_empty())
        .collect()
});

fn is_role_stop(w: &str) -> bool {
    ROLE_STOPS.contains(w)
}

/// Adverbs, times of day and prepositions with a pronoun that sit between a verb and its
/// subject or object (`قصفت إسرائيل مراراً أهدافاً`, `تنتشر فيها قوات`).
static SKIPPED: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set(
        "مرارا مجددا ايضا كذلك لاحقا سابقا مؤخرا خلاله خلالها اثره اثرها جراءه جراءها فيها فيه عليها عليه بها به منها اليوم امس حاليا بدورها بدوره اخيرا فعلا ليله فجر صباح مساء ظهر عصر يوم منتصف ليل نهار",
    )
});

/// Units of time after قبل or بعد (`قبل أيام`, `بعد ساعات`).
static TIME_UNITS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    word_set("ايام يومين ساعات ساعه ساعتين اسابيع اسبوع اسبوعين شهر شهرين اشهر شهور سنوات عام عامين دقائق")
});

/// Words that open a subset of a counted group (`35 مقاتلاً بينهم 9 روس`) or an addition
/// to it (`26 مقاتلاً إضافة إلى 9 روس`).
static SUBSETS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set("بينهم بينهن منهم منهن اضافه بالاضافه علاوه"));

/// Whether a word reads as an adjective after a noun: a nisba (`جوية`, `روسية`, `انتحاري`)
/// or a participle with the article or none (`متتالية`, `مفاجئة`).
fn is_adjective(w: &Word) -> bool {
    let c = without_article(&w.c);
    c.ends_with('ي')
        || c.ends_with("يه")
        || c.ends_with("ين")
        || c.starts_with('م') && c.ends_with('ه')
}

/// Relative pronouns: a verb right after one is about the noun before it.
static RELATIVES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set("الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي"));

/// Hedges and negations before a trigger.
const HEDGES: &[&str] = &[
    "قد",
    "ربما",
    "يبدو",
    "يزعم",
    "يشتبه",
    "المزعوم",
    "المزعومه",
    "يرجح",
    "يعتقد",
    "احتمال",
    "محتمل",
];
const NEGATIONS: &[&str] = &["لم", "لن", "لا", "ليس", "عدم", "دون"];

struct Reader<'a> {
    stage: &'a ClaimStage,
    text: &'a str,
    words: &'a Words<'a>,
    /// Byte spans of attribution cues, which are not triggers.
    cues: Vec<Range<usize>>,
}

impl Reader<'_> {
    fn w(&self, i: usize) -> &Word<'_> {
        &self.words.words[i]
    }

    /// Whether the phrase starting at `i` is a place: the KB knows it as one, or its head noun
    /// names a kind of place.
    fn is_place(&self, i: usize, end: usize) -> bool {
        let word = self.w(i);
        let stem = without_article(&word.c);
        let next = (i + 1 < end).then(|| self.w(i + 1));
        if next.is_some_and(|n| NOT_PLACES.contains(&(stem.to_owned(), n.w.to_owned()))) {
            return false;
        }
        // `وسط` is "the centre of" before a place or a definite noun (`وسط سوريا`, `وسط
        // المدينة`), and "amid" before anything else (`وسط تحذيرات`, `وسط الاشتباكات`).
        if stem == "وسط" {
            return next.is_some_and(|n| {
                n.punct.is_none()
                    && (self.is_place(i + 1, end)
                        || n.article && self.stage.trigger_at(self.words, i + 1).is_none())
            });
        }
        if PLACE_HEADS.contains(stem)
            || PLACE_HEADS.contains(&*word.c)
            || isnad_kb::is_site_head(stem)
        {
            return true;
        }
        self.kb_prefix_is(i, end.min(i + 4), |e| e.is_place())
    }

    /// Whether a KB entry named by the words from `i` (one word, two, ... up to `end`)
    /// satisfies `test`.
    fn kb_prefix_is(&self, i: usize, end: usize, test: impl Fn(&isnad_kb::Entry) -> bool) -> bool {
        let kb = &self.stage.kb;
        self.words.name_keys(i, end, |_, key| {
            if kb.lookup_key(key).iter().any(|&id| test(kb.entry(id))) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
    }

    /// Whether the phrase at `i` names a state, or a capital that speaks for one (`إسرائيل`,
    /// `واشنطن`): a place that acts, so right after a verb it is the subject, not the object.
    fn is_state(&self, i: usize, end: usize) -> bool {
        self.kb_prefix_is(i, end.min(i + 3), |e| {
            e.role == Some(isnad_kb::Role::Country) || e.metonym_of.is_some()
        })
    }

    /// Whether word `i` opens with the conjunction و (`وتركيا`).
    fn has_conjunction(&self, i: usize) -> bool {
        let w = self.w(i);
        self.text[w.span.clone()].starts_with('و') && !w.w.starts_with('و')
    }

    /// An object phrase from token `i`: a role phrase, with the genitive ل that a short
    /// indefinite head takes (`رتلاً لقوات النظام`, `أهدافاً عسكرية للجيش السوري`).
    fn object_phrase(&self, i: usize, end: usize) -> Option<Range<usize>> {
        let span = self.phrase(i, end, 4)?;
        let next = self.words.words.partition_point(|w| w.span.end <= span.end);
        if next < end
            && next - i <= 2
            && !self.w(i).article
            && self.w(next).prep == Some('ل')
            && !is_role_stop(self.w(next).w)
            && self.stage.trigger_at(self.words, next).is_none()
        {
            if let Some(genitive) = self.phrase(next, end, 3) {
                return Some(span.start..genitive.end);
            }
        }
        Some(span)
    }

    /// A role phrase from token `i`: up to `max` words, ending at a stop word, punctuation,
    /// a preposition clitic after the first word, or another trigger.
    fn phrase(&self, i: usize, end: usize, max: usize) -> Option<Range<usize>> {
        if i >= end {
            return None;
        }
        let first = self.w(i);
        // `وسط` ends a phrase as "amid" but opens one as "the centre of" (`في وسط المدينة`).
        if first.punct.is_some() || is_role_stop(first.w) && !PLACE_HEADS.contains(first.w) {
            return None;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < end && j < i + max {
            let word = self.w(j);
            // An adverb between the subject and the object ends the subject (`قصفت إسرائيل
            // مراراً أهدافاً`).
            if word.punct.is_some()
                || is_role_stop(word.w)
                || SKIPPED.contains(word.w)
                || word.prep.is_some()
                || self.stage.trigger_at(self.words, j).is_some()
                || word.w.starts_with('و') && j > i + 1
            {
                break;
            }
            last = j;
            j += 1;
        }
        Some(self.w(i).core.start..self.w(last).span.end)
    }

    /// A figure of people that is part of, or added to, the group counted in words
    /// `start..end`: the one right after بينهم، منهم، إضافة إلى (`35 مقاتلاً بينهم 9 روس`).
    fn sub_count<'d>(
        &self,
        doc: &'d Document,
        index: &CharIndex,
        start: usize,
        end: usize,
    ) -> Option<&'d isnad_core::Quantity> {
        let person_at = |k: usize| {
            let (ws, _) = index.char_span(self.w(k).span.clone());
            doc.quantities
                .iter()
                .find(|q| q.start == ws && q.unit.as_deref() == Some("person"))
        };
        let first = (start..end).find(|&k| person_at(k).is_some())?;
        (first + 1..end).find_map(|k| {
            let w = self.w(k).w;
            if !SUBSETS.contains(w) {
                return None;
            }
            // إضافة and علاوة take their preposition: `إضافة إلى`, `علاوة على`.
            let next = if matches!(w, "اضافه" | "بالاضافه" | "علاوه") {
                k + 2
            } else {
                k + 1
            };
            (next < end).then(|| person_at(next)).flatten()
        })
    }

    /// Whether the event at word `i` is given as a cause: after في، جراء، إثر، خلال، نتيجة،
    /// عقب, or with ب (`بغارة`).
    fn caused_by(&self, i: usize, start: usize) -> bool {
        self.w(i).prep == Some('ب')
            || i > start
                && ["في", "جراء", "اثر", "خلال", "نتيجه", "عقب", "بعد", "بسبب"]
                    .contains(&self.w(i - 1).w)
    }

    /// The subject before a verb (`أن قوات سوريا الديمقراطية أطلقت ...`): a phrase of up to
    /// five words ending right before word `i`, that starts a clause (at `start`, or after
    /// punctuation or a complementiser).
    fn left_phrase(&self, i: usize, start: usize) -> Option<Range<usize>> {
        let mut k = i;
        while k > start && i - k < 5 {
            let w = self.w(k - 1);
            // `مقاتلين من تنظيم داعش هاجموا`: a partitive من inside the subject, between
            // the counted noun and the group it belongs to.
            let partitive = w.w == "من"
                && k < i
                && k - 1 > start
                && self.w(k - 2).punct.is_none()
                && self.w(k - 2).prep.is_none()
                && !is_role_stop(self.w(k - 2).w);
            if w.punct.is_some()
                || is_role_stop(w.w) && !partitive
                || self.stage.trigger_at(self.words, k - 1).is_some()
            {
                break;
            }
            if w.prep.is_some() {
                return None;
            }
            k -= 1;
        }
        if k == i || self.w(k).w == "من" {
            return None;
        }
        let opens_clause = k == start || {
            let b = self.w(k - 1);
            b.punct.is_some()
                || [
                    "ان",
                    "بان",
                    "وان",
                    "انه",
                    "انها",
                    "لان",
                    "حيث",
                    "بعدما",
                    "عندما",
                    "فيما",
                    "بينما",
                ]
                .contains(&b.w)
        };
        opens_clause.then(|| self.w(k).core.start..self.w(i - 1).span.end)
    }

    /// A place named by a noun phrase and the place it is in (`على نقطة تجمع لهم في شرق
    /// سوريا`, `مغارة في حمص`): for `في` at word `k` and the place `inner` after it, the
    /// phrase from right after the preposition or trigger before it, when that phrase is a
    /// place or a noun of up to four words.
    fn place_with_frame(
        &self,
        k: usize,
        from: usize,
        inner: &Range<usize>,
    ) -> Option<Range<usize>> {
        // A site is the most precise place there is: the noun before it is not a place in it
        // (`منغمسا في العدو في المحطة`).
        if k + 1 < self.words.words.len() && isnad_kb::is_site_head(&self.w(k + 1).c) {
            return None;
        }
        let mut m = k;
        while m > from && k - m < 4 {
            let w = self.w(m - 1);
            let pronoun = matches!(w.w, "له" | "لها" | "لهم");
            if w.punct.is_some()
                || (is_role_stop(w.w) && !pronoun)
                // `حاجز للشرطة`, `نقطة تجمع لهم`: a genitive with ل stays in the phrase.
                || (w.prep.is_some() && w.prep != Some('ل'))
                || self.stage.trigger_at(self.words, m - 1).is_some()
            {
                break;
            }
            m -= 1;
        }
        if m == k || m == from {
            return None;
        }
        // It must open after a preposition (`على نقطة`, `إلى مغارة`), or carry one.
        let opener = self.w(m - 1);
        let opens = opener.punct.is_none()
            && ["علي", "الي", "في", "داخل", "قرب", "نحو", "باتجاه", "ضد"].contains(&opener.w);
        opens.then(|| self.w(m).core.start..inner.end)
    }

    /// A place phrase `span` from word `i`, with the town it is in when the phrase names one
    /// site (`المحطة الحرارية بحمص`, `مستشفى في إدلب`): two sites of one town are two places,
    /// so the site keeps its town, and the town alone is not taken for it.
    fn site_in_town(&self, i: usize, span: Range<usize>, end: usize) -> Range<usize> {
        if !isnad_kb::is_site_head(&self.w(i).c) {
            return span;
        }
        let after = self.words.words.partition_point(|w| w.span.end <= span.end);
        let town = match self.words.words.get(after) {
            Some(w) if after < end && w.prep == Some('ب') && w.punct.is_none() => after,
            Some(w) if after + 1 < end && w.w == "في" && w.punct.is_none() => after + 1,
            _ => return span,
        };
        // The town may come with its own head noun (`بولاية حمص`, `بمحافظة إدلب`).
        let named = self.is_place(town, end) || town + 1 < end && self.is_place(town + 1, end);
        match self.phrase(town, end, 3) {
            Some(inner) if named => span.start..inner.end,
            _ => span,
        }
    }

    /// The place nearest to word `i` in the sentence `range` that follows `في`، `قرب`،
    /// `بمحيط`، `داخل` or carries ب (`بالحسكة`).
    fn sentence_place(&self, range: Range<usize>, i: usize) -> Vec<Range<usize>> {
        let mut best: Option<(usize, Range<usize>)> = None;
        // A town or a facility is what a report means by "where"; a region or a country
        // (`شرق سوريا`) is the frame around it.
        let mut specific: Option<Range<usize>> = None;
        let mut framed_best: Option<Range<usize>> = None;
        for k in range.clone() {
            let w = self.w(k);
            let start = match w.w {
                "في" | "قرب" | "بمحيط" | "داخل" | "بالقرب" => k + 1,
                _ if w.prep == Some('ب') => k,
                _ => continue,
            };
            if start >= range.end || !self.is_place(start, range.end) {
                continue;
            }
            if let Some(span) = self.phrase(start, range.end, 4) {
                let span = self.site_in_town(start, span, range.end);
                let distance = k.abs_diff(i);
                if specific.is_none() && self.is_town_or_facility(start, range.end) {
                    specific = Some(span.clone());
                }
                if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                    let framed = (w.w == "في")
                        .then(|| self.place_with_frame(k, range.start, &span))
                        .flatten();
                    best = Some((distance, span));
                    framed_best = framed;
                }
            }
        }
        let mut out: Vec<Range<usize>> = best.map(|(_, span)| span).into_iter().collect();
        out.extend(framed_best);
        if let Some(span) = specific.filter(|s| !out.contains(s)) {
            out.push(span);
        }
        out
    }

    /// Whether the phrase at `i` names a town or a facility: headed by مدينة، بلدة، قرية،
    /// سجن، قاعدة، مطار ... or a KB entry of that kind.
    fn is_town_or_facility(&self, i: usize, end: usize) -> bool {
        const HEADS: &[&str] = &[
            "مدينه",
            "بلده",
            "قريه",
            "سجن",
            "قاعده",
            "مطار",
            "مخيم",
            "حقل",
            "سد",
            "معبر",
            "حي",
        ];
        let word = self.w(i);
        if HEADS.contains(&without_article(&word.c)) || isnad_kb::is_site_head(&word.c) {
            return true;
        }
        self.kb_prefix_is(i, end.min(i + 3), |e| {
            e.entity_type == EntityType::Fac || e.feature.as_deref() == Some("P")
        })
    }

    /// The noun phrase a participle describes (`قوات سوريا الديمقراطية المدعومة`): up to four
    /// words right before word `i`.
    fn left_noun(&self, i: usize, start: usize) -> Option<Range<usize>> {
        let mut k = i;
        while k > start && i - k < 4 {
            let w = self.w(k - 1);
            if w.punct.is_some() || is_role_stop(w.w) || w.prep.is_some() {
                break;
            }
            k -= 1;
        }
        (k < i).then(|| self.w(k).core.start..self.w(i - 1).span.end)
    }

    /// A role filler, linked to the KB by the longest known name it ends with
    /// (`عناصر تنظيم داعش` → داعش, `قوات التحالف الدولي` → the coalition).
    fn value(&self, span: Range<usize>) -> RoleValue {
        let text = self.text[span].to_owned();
        let words: Vec<&str> = text.split_whitespace().collect();
        let kb_id = (0..words.len()).find_map(|k| {
            let tail = words[k..].join(" ");
            let tail = tail.trim_start_matches(['و', 'ب', 'ل']);
            let found = self
                .stage
                .kb
                .lookup(&words[k..].join(" "))
                .first()
                .or_else(|| self.stage.kb.lookup(tail).first());
            found.map(|&e| self.stage.kb.entry(e).id.clone())
        });
        // A people named alone (`الروس`, `للروس`) stands for its state's forces.
        let kb_id = kb_id.or_else(|| match words.as_slice() {
            [one] => nationality(fold(one).trim_start_matches(['و', 'ب', 'ل'])).map(str::to_owned),
            _ => None,
        });
        RoleValue { text, kb_id }
    }

    fn modality(&self, from: usize, i: usize, reported: bool) -> Modality {
        let before = from.max(i.saturating_sub(3))..i;
        let trigger = self.w(i);
        if before.clone().any(|k| NEGATIONS.contains(&self.w(k).w))
            || self.cues.iter().any(|c| {
                self.text[c.clone()].starts_with("نف")
                    && c.end <= trigger.span.start
                    && trigger.span.start - c.end < 400
            })
        {
            return Modality::Negated;
        }
        // `قد` hedges a verb in the present (`قد يكون`), but before the past it only
        // stresses that something happened (`قد تحدثت`, `كانت قد نقلت`).
        let hedge = |k: usize| {
            let w = self.w(k).w;
            if w == "قد" {
                self.words
                    .words
                    .get(k + 1)
                    .is_some_and(|n| n.w.starts_with('ي'))
            } else {
                HEDGES.contains(&w)
            }
        };
        if before.clone().any(hedge)
            || self
                .words
                .words
                .get(i + 1)
                .is_some_and(|w| w.w.starts_with("المزعوم"))
        {
            return Modality::Hedged;
        }
        if reported {
            Modality::Reported
        } else {
            Modality::Asserted
        }
    }
}

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        let words = Words::new(&doc.text, layer);
        let index = CharIndex::new(&doc.text);
        // Attribution cues and contents are in code points; the rules here work in bytes.
        let byte_of = byte_offsets(&doc.text);
        let cues: Vec<Range<usize>> = doc
            .attributions
            .iter()
            .map(|a| byte_of(a.cue.start)..byte_of(a.cue.end))
            .collect();

        let reader = Reader {
            stage: self,
            text: &doc.text,
            words: &words,
            cues: cues.clone(),
        };
        // Entity mentions in bytes, with their text, for the fallbacks below.
        let entities: Vec<(Range<usize>, EntityType, Option<String>, String)> = doc
            .entities
            .iter()
            .map(|e| {
                (
                    byte_of(e.start)..byte_of(e.end),
                    e.entity_type,
                    e.kb_id.clone(),
                    e.text.clone(),
                )
            })
            .collect();
        // Who an attribution quotes, in bytes: a person, outlet or anonymous source telling of
        // an event is its witness, not its agent (`قال القاضي إن زوجها قتل بغارة`). Official
        // bodies and organisations often tell of what they did themselves, so they stay.
        let speakers: Vec<(Range<usize>, Range<usize>)> = doc
            .attributions
            .iter()
            .filter(|a| {
                !matches!(
                    a.source.kind,
                    SourceKind::Official | SourceKind::Organization
                )
            })
            .map(|a| {
                (
                    byte_of(a.source.start)..byte_of(a.source.end),
                    byte_of(a.content.start)..byte_of(a.content.end),
                )
            })
            .collect();
        let mut claims = Vec::new();
        for sentence in &layer.sentences {
            // The claims of this sentence: their first word, and whether the agent was only
            // the nearest named actor (a guess a clearer cause may replace).
            let first_claim = claims.len();
            let mut trigger_words: Vec<usize> = Vec::new();
            let mut guessed: Vec<bool> = Vec::new();
            let range = words.range(sentence);
            let triggers: Vec<(usize, &Trigger)> = range
                .clone()
                .filter(|&i| {
                    // Not an attribution cue, and not a word inside a date (`فجر الإثنين`).
                    let span = &words.words[i].span;
                    let (cs, ce) = index.char_span(span.clone());
                    !cues
                        .iter()
                        .any(|c| c.start <= span.start && span.end <= c.end)
                        && !doc.times.iter().any(|t| t.start <= cs && ce <= t.end)
                })
                .filter_map(|i| self.trigger_at(&words, i).map(|t| (i, t)))
                .collect();
            for (k, &(i, trigger)) in triggers.iter().enumerate() {
                let width = if trigger.second.is_some() { 2 } else { 1 };
                let end = triggers.get(k + 1).map_or(range.end, |&(n, _)| n);
                let start = if k == 0 {
                    range.start
                } else {
                    triggers[k - 1].0 + 1
                };
                let mut roles = self.roles(&reader, doc, &index, trigger, start, i, i + width, end);
                // A subject that is only a pronoun on أن/إن (`قالت إنها ذهبت`, `أعلنت
                // الوحدات أنها قررت سحب`) is whoever is quoted; a phrase opening with a
                // particle (`إذ`, `بيد أنهما`) is no subject at all.
                const PRONOUN_SUBJECTS: [&str; 5] = ["انه", "انها", "انهم", "انهما", "انهن"];
                let pronoun_before = trigger.pos == Pos::Verb
                    && i > start
                    && PRONOUN_SUBJECTS.contains(&words.words[i - 1].w);
                let first = roles
                    .agent
                    .first()
                    .and_then(|v| v.text.split_whitespace().next())
                    .map(fold)
                    .or_else(|| pronoun_before.then(|| "انه".to_owned()));
                if let Some(first) = first {
                    if PRONOUN_SUBJECTS.contains(&first.as_str()) {
                        let (ts, _) = index.char_span(words.words[i].span.clone());
                        roles.agent = doc
                            .attributions
                            .iter()
                            .filter(|a| a.content.start <= ts && ts < a.content.end)
                            .min_by_key(|a| a.content.end - a.content.start)
                            .map(|a| RoleValue {
                                text: a.source.text.clone(),
                                kb_id: a.source.kb_id.clone(),
                            })
                            .into_iter()
                            .collect();
                    } else if [
                        "اذ",
                        "بيد",
                        "لكن",
                        "لكنه",
                        "لكنها",
                        "حيث",
                        "كما",
                        "اذا",
                        "ولكن",
                    ]
                    .contains(&first.as_str())
                    {
                        roles.agent.clear();
                    }
                }
                // `نحو 3000 جندي روسي في سوريا، ينتشر معظمهم`: a quantifier with a pronoun
                // as agent or patient stands for the people counted before it.
                {
                    let (ts, _) = index.char_span(words.words[i].span.clone());
                    let (sentence_from, _) = index.char_span(sentence.clone());
                    let group = doc.quantities.iter().rfind(|q| {
                        q.start >= sentence_from
                            && q.end <= ts
                            && q.unit.as_deref() == Some("person")
                    });
                    for values in [&mut roles.agent, &mut roles.patient] {
                        let stands_for_group = values
                            .first()
                            .is_some_and(|v| QUANTIFIER_PRONOUNS.contains(&fold(v.text.trim())));
                        if let (true, Some(q)) = (stands_for_group, group) {
                            values[0] = RoleValue {
                                text: q.text.clone(),
                                kb_id: None,
                            };
                            if roles.count.is_none() {
                                roles.count = Some(RoleCount {
                                    value: q.value,
                                    approx: q.approx,
                                });
                            }
                        }
                    }
                }
                // A verbal noun without its own agent or place shares those of the event
                // before it in the sentence (`سيطر التنظيم على البوكمال بعد هجوم ...`).
                if let Some(prev) = claims
                    .last()
                    .filter(|c: &&Claim| c.sentence.start == index.char_offset(sentence.start))
                {
                    // So does a killing told in the passive (`شن التنظيم هجوماً قتل خلاله 26`).
                    if roles.agent.is_empty()
                        && (trigger.pos == Pos::Noun
                            || matches!(trigger.claim_type, ClaimType::Kill | ClaimType::Injure))
                    {
                        roles.agent = prev.roles.agent.clone();
                    }
                    if roles.location.is_empty() {
                        roles.location = prev.roles.location.clone();
                    }
                }
                // Still no place: the nearest place the sentence puts things in
                // (`... في مدينة البوكمال`), on either side of the trigger, but not past a
                // later event the sentence tells of its own (`وقع القصف وسط تحذيرات من ضربة
                // كيماوية في دوما`) unless that event is the cause (`قتلوا في غارة على إدلب`).
                if roles.location.is_empty() {
                    let told_apart = triggers[k + 1..]
                        .iter()
                        .map(|&(n, _)| n)
                        .find(|&n| !reader.caused_by(n, range.start))
                        .unwrap_or(range.end);
                    for span in reader.sentence_place(range.start..told_apart, i) {
                        roles.location.push(reader.value(span));
                    }
                }
                // Participants the clause rules missed: the nearest named actor of the
                // sentence before the trigger is the agent (`شن تنظيم الدولة هجوماً`), the
                // nearest one after it the patient.
                let trigger_at = words.words[i].span.start;
                let in_sentence = |e: &&(Range<usize>, EntityType, Option<String>, String)| {
                    sentence.start <= e.0.start
                        && e.0.end <= sentence.end
                        && e.1 != EntityType::Misc
                };
                let used = |roles: &Roles, text: &str| {
                    [
                        &roles.agent,
                        &roles.patient,
                        &roles.location,
                        &roles.origin,
                        &roles.destination,
                    ]
                    .iter()
                    .any(|vs| {
                        vs.iter()
                            .any(|v| v.text.contains(text) || text.contains(v.text.as_str()))
                    })
                };
                let speaker = |e: &Range<usize>| {
                    speakers.iter().any(|(source, content)| {
                        source.start < e.end
                            && e.start < source.end
                            && content.start <= trigger_at
                            && trigger_at < content.end
                    })
                };
                let mut agent_guessed = false;
                if roles.agent.is_empty() {
                    if let Some(e) = entities
                        .iter()
                        .filter(in_sentence)
                        .filter(|e| {
                            e.0.end <= trigger_at
                                && matches!(
                                    e.1,
                                    EntityType::Org | EntityType::Per | EntityType::Loc
                                )
                                && !speaker(&e.0)
                        })
                        .rfind(|e| !used(&roles, &e.3))
                    {
                        agent_guessed = true;
                        roles.agent.push(RoleValue {
                            text: e.3.clone(),
                            kb_id: e.2.clone(),
                        });
                    }
                }
                if roles.patient.is_empty() {
                    if let Some(e) = entities
                        .iter()
                        .filter(in_sentence)
                        .filter(|e| e.0.start > trigger_at && e.1 != EntityType::Fac)
                        .find(|e| !used(&roles, &e.3))
                    {
                        roles.patient.push(RoleValue {
                            text: e.3.clone(),
                            kb_id: e.2.clone(),
                        });
                    }
                }
                // Events done to people: the counted people of the sentence are patients too
                // (`شملت 200 مسلح`, `40 من النساء والأطفال`), beside whatever the clause named.
                if to_people(trigger.claim_type) {
                    let (trigger_char, _) = index.char_span(words.words[i].span.clone());
                    let (_, sentence_end) = index.char_span(sentence.clone());
                    if let Some(q) = doc.quantities.iter().find(|q| {
                        q.start > trigger_char
                            && q.end <= sentence_end
                            && q.unit.as_deref() == Some("person")
                    }) {
                        if !roles.patient.iter().any(|v| v.text == q.text) {
                            roles.patient.push(RoleValue {
                                text: q.text.clone(),
                                kb_id: None,
                            });
                        }
                    }
                }
                let trigger_bytes = words.words[i].core.start..words.words[i + width - 1].span.end;
                let (ts, te) = index.char_span(trigger_bytes.clone());
                let (ss, se) = index.char_span(sentence.clone());
                let attribution = doc
                    .attributions
                    .iter()
                    .filter(|a| a.content.start <= ts && te <= a.content.end)
                    .min_by_key(|a| a.content.end - a.content.start)
                    .map(|a| a.id.clone());
                let modality = reader.modality(start, i, attribution.is_some());
                claims.push(Claim {
                    id: String::new(),
                    claim_type: trigger.claim_type,
                    cameo: trigger.claim_type.cameo().to_owned(),
                    trigger: TextSpan {
                        start: ts,
                        end: te,
                        text: doc.text[trigger_bytes].to_owned(),
                    },
                    sentence: Span::new(ss, se),
                    roles,
                    attribution,
                    modality,
                    summary: String::new(),
                });
                trigger_words.push(i);
                guessed.push(agent_guessed);
                // `قتل 35 مقاتلاً بينهم 9 روس`, `26 مقاتلاً إضافة إلى 9 روس`: the part or
                // the addition counted on its own is a second event of the same kind, with
                // its own figure and the same doer, place and time.
                if to_people(trigger.claim_type) {
                    if let Some(sub) = reader.sub_count(doc, &index, start, end) {
                        let mut second = claims[claims.len() - 1].clone();
                        second.roles.count = Some(RoleCount {
                            value: sub.value,
                            approx: sub.approx,
                        });
                        second.roles.patient = vec![RoleValue {
                            text: sub.text.clone(),
                            kb_id: None,
                        }];
                        claims.push(second);
                        trigger_words.push(i);
                        guessed.push(agent_guessed);
                    }
                }
            }
            // A death or an injury caused by an attack (`قتل 35 مقاتلاً في هجوم شنه التنظيم`,
            // `زوجها الذي قتل بغارة شنتها طائرات التحالف`) was done by the attacker and by
            // the attack's means.
            for (k, &was_guessed) in guessed.iter().enumerate() {
                let n = first_claim + k;
                if !matches!(claims[n].claim_type, ClaimType::Kill | ClaimType::Injure) {
                    continue;
                }
                let Some(a) = (k + 1..trigger_words.len()).find(|&a| {
                    claims[first_claim + a].claim_type == ClaimType::Attack
                        && reader.caused_by(trigger_words[a], range.start)
                }) else {
                    continue;
                };
                let attack = &claims[first_claim + a];
                let agent = attack.roles.agent.clone();
                let means = reader
                    .phrase(trigger_words[a], range.end, 3)
                    .map(|span| reader.value(span));
                let kill = &mut claims[n];
                if !agent.is_empty() && (kill.roles.agent.is_empty() || was_guessed) {
                    kill.roles.agent = agent;
                }
                if kill.roles.means.is_empty() {
                    kill.roles.means.extend(means);
                }
            }
        }
        for (n, c) in claims.iter_mut().enumerate() {
            c.id = format!("c{}", n + 1);
            let roles = c.roles.render();
            c.summary = if roles.is_empty() {
                format!("{}: {}", c.claim_type.arabic_name(), c.trigger.text)
            } else {
                format!("{}: {roles}", c.claim_type.arabic_name())
            };
        }
        doc.claims = claims;
    }
}

impl ClaimStage {
    /// The roles of the trigger at words `i..after`, reading up to word `end`.
    #[allow(clippy::too_many_arguments)]
    fn roles(
        &self,
        r: &Reader,
        doc: &Document,
        index: &CharIndex,
        trigger: &Trigger,
        start: usize,
        i: usize,
        after: usize,
        end: usize,
    ) -> Roles {
        let mut roles = Roles::default();
        let mut j = after;
        // Skip what sits between a verb and its subject: commas, time words, `فجر الإثنين`.
        let skip = |mut j: usize| {
            while j < end {
                let w = r.w(j);
                let is_time = doc.times.iter().any(|t| {
                    let (s, e) = (t.start, t.end);
                    let (ws, we) = index.char_span(w.span.clone());
                    s <= ws && we <= e
                });

                if w.punct.is_some() || is_time || SKIPPED.contains(w.w) {
                    j += 1;
                } else if (w.w == "قبل" || w.w == "بعد")
                    && j + 1 < end
                    && TIME_UNITS.contains(&*r.w(j + 1).c)
                {
                    // `قتل قبل أيام 45 مسلحاً`: a span of time, not the subject.
                    j += 2;
                } else {
                    break;
                }
            }
            j
        };
        let quantity_at = |j: usize| -> Option<&isnad_core::Quantity> {
            let (ws, _) = index.char_span(r.w(j).span.clone());
            doc.quantities.iter().find(|q| q.start <= ws && ws < q.end)
        };
        // Agent: the subject of a verb. Before it (SVO, after أن/إن or a comma) it is the
        // agent and what follows is the object; after it (VSO) it is the agent, unless a figure
        // follows at once (a passive: قتل 35). A verb carrying its object as a pronoun
        // (`تحتجزهم`) has its patient before it (`3 أسرى بريطانيين تحتجزهم قسد`).
        let object_pronoun = trigger.pos == Pos::Verb && {
            let w = &r.w(i).w;
            w.chars().count() > 4 && (w.ends_with("هم") || w.ends_with("ها") || w.ends_with("ه"))
        };
        // A verb in a relative clause (`التحالف الذي تدعمه واشنطن`, `قوات النظام التي تسيطر`)
        // is about the noun before the relative pronoun.
        let relative = trigger.pos == Pos::Verb
            && i > start
            && RELATIVES.contains(r.w(i - 1).w)
            && r.w(i - 1).prep.is_none();
        let left = if trigger.pos != Pos::Verb {
            None
        } else if relative {
            // `زوجها، الذي قتل`: a comma may stand before the pronoun.
            let before = i - 1;
            let before = if before > start && matches!(r.w(before - 1).punct, Some('،' | ',')) {
                before - 1
            } else {
                before
            };
            r.left_noun(before, start)
        } else {
            // A verb carrying its object as a pronoun follows the noun that pronoun stands
            // for, wherever the clause starts (`مسلحين أكراد وعرب تدعمهم واشنطن`).
            r.left_phrase(i, start)
                .or_else(|| object_pronoun.then(|| r.left_noun(i, start)).flatten())
        };
        if trigger.pos == Pos::Verb {
            j = skip(j);
            // After a verb that already has its object as a pronoun, what follows is the
            // subject, even when it is a country or a capital (`تدعمه واشنطن`).
            // A state or a capital right after the verb is its subject (`قصفت إسرائيل
            // مراراً أهدافاً`), though other places there are what it was done to.
            // A verb in the plural (`هاجموا`, `ينقلون`) has its subject before it or in
            // itself: in VSO Arabic the verb stays singular, so what follows is the object.
            let plural = {
                let w = &r.w(i).w;
                w.chars().count() > 3 && (w.ends_with("وا") || w.ends_with("ون"))
            };
            let right = (j < end
                && !plural
                && quantity_at(j).is_none()
                && (object_pronoun || !r.is_place(j, end) || r.is_state(j, end)))
            .then(|| r.phrase(j, end, 5))
            .flatten();
            // A transitive verb about people in a relative clause with no object after it
            // is a passive (`زوجها الذي قتل بغارة`, `الأكراد الذين أسروا خلال المعركة`):
            // the noun before the pronoun is what it was done to.
            let passive_relative = relative
                && !object_pronoun
                && right.is_none()
                && matches!(
                    trigger.claim_type,
                    ClaimType::Kill | ClaimType::Injure | ClaimType::Detain | ClaimType::Release
                );
            // The figure a phrase opens with (`3 أسرى`), if any.
            let counted = |span: &Range<usize>| {
                let (start, _) = index.char_span(span.clone());
                doc.quantities.iter().find(|q| q.start == start)
            };
            match (left, right) {
                // People counted before an event done to them are its patients
                // (`أن 35 مقاتلا قتلوا`, `5 عسكريين أصيبوا`), not its agents; so is the
                // phrase before a verb that carries its object as a pronoun.
                (Some(left), right)
                    if object_pronoun
                        || passive_relative
                        || (to_people(trigger.claim_type) && counted(&left).is_some()) =>
                {
                    if let Some(q) = counted(&left) {
                        roles.count = Some(RoleCount {
                            value: q.value,
                            approx: q.approx,
                        });
                    }
                    roles.patient.push(r.value(left));
                    if let Some(span) = right.filter(|_| object_pronoun) {
                        j = r.words.words.partition_point(|w| w.span.end <= span.end);
                        roles.agent.push(r.value(span));
                    }
                }
                (Some(left), _) => roles.agent.push(r.value(left)),
                (None, Some(span)) => {
                    j = r.words.words.partition_point(|w| w.span.end <= span.end);
                    roles.agent.push(r.value(span));
                }
                (None, None) => {}
            }
            // The subject of a passive is what the event was done to.
            if trigger.passive {
                let subject = std::mem::take(&mut roles.agent);
                for v in subject {
                    if !roles.patient.contains(&v) {
                        roles.patient.push(v);
                    }
                }
            }
            // A long subject counted before a death or an arrest (`أن 35 مقاتلاً من قوات
            // النظام والموالين له لقوا حتفهم`): the figure opening the clause, with what it
            // counts up to the verb, is the patient.
            if to_people(trigger.claim_type) && roles.patient.is_empty() && roles.count.is_none() {
                if let Some((from, q)) = (start..i).find_map(|k| {
                    let q = quantity_at(k)?;
                    let (ws, _) = index.char_span(r.w(k).span.clone());
                    let opens = k == start || {
                        let b = r.w(k - 1);
                        b.punct.is_some() || ["ان", "بان", "وان", "لان"].contains(&b.w)
                    };
                    (q.start == ws && q.unit.as_deref() == Some("person") && opens)
                        .then_some((k, q))
                }) {
                    roles.count = Some(RoleCount {
                        value: q.value,
                        approx: q.approx,
                    });
                    let mut last = from;
                    while last + 1 < i
                        && last + 1 < from + 9
                        && r.w(last + 1).punct.is_none()
                        && !SUBSETS.contains(r.w(last + 1).w)
                    {
                        last += 1;
                    }
                    roles
                        .patient
                        .push(r.value(r.w(from).core.start..r.w(last).span.end));
                    roles.patient.push(RoleValue {
                        text: q.text.clone(),
                        kb_id: None,
                    });
                }
            }
        }
        // `هجمات متتالية للتنظيم المتطرف`, `ضربة جوية للروس`: an attack noun's ل names who
        // made it, after an adjective or two; a place after ل is what was hit.
        if trigger.pos == Pos::Noun && trigger.claim_type == ClaimType::Attack {
            let mut k = after;
            while k < end && k < after + 2 && r.w(k).prep.is_none() && is_adjective(r.w(k)) {
                // `غارة روسية`, `هجوم أميركي`, `غارات جوية إسرائيلية`: an adjective of
                // nationality says whose attack it was.
                if let Some(state) = nationality(&r.w(k).c).filter(|_| roles.agent.is_empty()) {
                    roles.agent.push(RoleValue {
                        text: r.text[r.w(k).core.clone()].to_owned(),
                        kb_id: Some(state.to_owned()),
                    });
                    // What the attack hit follows the adjective, inside the noun phrase.
                    let ends_phrase = k + 1 >= end || r.w(k + 1).punct.is_some();
                    j = if ends_phrase { end } else { k + 1 };
                }
                k += 1;
            }
            if k < end && r.w(k).prep == Some('ل') && !r.is_place(k, end) {
                if let Some(span) = r.phrase(k, end, 4) {
                    if roles.agent.is_empty() {
                        j = r.words.words.partition_point(|w| w.span.end <= span.end);
                    }
                    roles.agent.push(r.value(span));
                }
            }
        }
        // `مدعومة من واشنطن`, `غطاء جوي من التحالف`: who did it comes after من.
        // Support comes from a state as often as from a force: `مدعومة من واشنطن`.
        if trigger.pos == Pos::Noun
            && after + 1 < end
            && r.w(after).w == "من"
            && (trigger.claim_type == ClaimType::Supply || !r.is_place(after + 1, end))
        {
            if let Some(span) = r.phrase(after + 1, end, 4) {
                j = r.words.words.partition_point(|w| w.span.end <= span.end);
                roles.agent.push(r.value(span));
                if trigger.claim_type == ClaimType::Supply {
                    if let Some(left) = r.left_noun(i, start) {
                        roles.patient.push(r.value(left));
                    }
                }
            }
        }
        // Patient and count: the figure and its counted noun, or the object.
        j = skip(j);
        if j < end {
            if let Some(q) = quantity_at(j) {
                roles.count = Some(RoleCount {
                    value: q.value,
                    approx: q.approx,
                });
                let q_end = r
                    .words
                    .words
                    .partition_point(|w| index.char_span(w.span.clone()).1 <= q.end);
                // The patient is the figure with its counted noun (`3 أسرى بريطانيين`): the
                // quantity, and an adjective or two that follow it.
                let mut last = q_end.saturating_sub(1).max(j);
                while last + 1 < end && last + 1 < q_end + 2 {
                    let w = r.w(last + 1);
                    if w.punct.is_some()
                        || w.prep.is_some()
                        || is_role_stop(w.w)
                        || !w.article
                            && !w.w.ends_with('ي')
                            && !w.w.ends_with("ين")
                            && !w.w.ends_with("يه")
                    {
                        break;
                    }
                    last += 1;
                }
                roles
                    .patient
                    .push(r.value(r.w(j).core.start..r.w(last).span.end));
                let counted_start = r.w(j).core.start;
                j = q_end;
                // `... من عناصر تنظيم داعش`, `29 امرأة من روسيا وأذربيجان`: who the counted
                // people are, on its own and as part of the whole patient phrase.
                if j + 1 < end && r.w(j).w == "من" {
                    if let Some(span) = r.phrase(j + 1, end, 4) {
                        let whole = counted_start..span.end;
                        if !r.is_place(j + 1, end) {
                            roles.patient.push(r.value(span));
                        }
                        roles.patient.push(r.value(whole));
                    }
                }
            } else if r.w(j).prep.is_none()
                // What an attack hits or a force takes may well be a place (`قصفت مواقع`,
                // `استعادت المدينة`).
                && (!r.is_place(j, end)
                    || matches!(trigger.claim_type, ClaimType::Attack | ClaimType::Seize))
            {
                if let Some(span) = r.object_phrase(j, end) {
                    // The genitive right after a verbal noun of taking, leaving or deploying
                    // is its doer (`استعادة القوات العراقية الموصل`, `انسحاب القوات`,
                    // `سيطرة قوات النظام عليها`); after other nouns it is what was done to.
                    let doer_genitive = trigger.pos == Pos::Noun
                        && j == after
                        && !r.w(i).article
                        && matches!(
                            trigger.claim_type,
                            ClaimType::Seize | ClaimType::Withdraw | ClaimType::Deploy
                        );
                    if doer_genitive && roles.agent.is_empty() {
                        roles.agent.push(r.value(span));
                    } else {
                        roles.patient.push(r.value(span));
                    }
                }
            }
        }
        // `اتفاق بين الولايات المتحدة وتركيا`, `المواجهات بين الطرفين`: the two sides of a
        // meeting, a deal, a fight or an exchange are its agents.
        if trigger.pos == Pos::Noun
            && matches!(
                trigger.claim_type,
                ClaimType::Meet | ClaimType::Other | ClaimType::Attack | ClaimType::Release
            )
        {
            let between = (after..end.min(after + 4))
                .take_while(|&k| r.w(k).punct.is_none())
                .find(|&k| r.w(k).w == "بين" && r.w(k).prep.is_none());
            if let Some(k) = between {
                let mut sides = Vec::new();
                let mut from = k + 1;
                while sides.len() < 2 {
                    let Some(span) = r.phrase(from, end, 4) else {
                        break;
                    };
                    // Each side ends where `و` joins the next one.
                    let last = r.words.words.partition_point(|w| w.span.end <= span.end);
                    let to = (from + 1..last)
                        .find(|&m| r.has_conjunction(m))
                        .unwrap_or(last);
                    sides.push(r.w(from).core.start..r.w(to - 1).span.end);
                    from = to;
                    if from >= end || !r.has_conjunction(from) {
                        break;
                    }
                }
                if !sides.is_empty() {
                    roles.agent = sides.into_iter().map(|s| r.value(s)).collect();
                }
            }
            // `اتفاق ... حول خارطة طريق`, `محادثات بشأن الأسرى`: what a deal or a meeting
            // is about.
            if matches!(trigger.claim_type, ClaimType::Meet | ClaimType::Other) {
                if let Some(k) = (after..end).find(|&k| {
                    matches!(r.w(k).w, "حول" | "بشان" | "بخصوص") && r.w(k).punct.is_none()
                }) {
                    if let Some(span) = r.phrase(k + 1, end, 4) {
                        roles.patient.push(r.value(span));
                    }
                }
            }
        }
        // `تدخل الطائرات الروسية لدعم قوات النظام`: a verbal noun of purpose with ل is done
        // by the doer of the verbal noun before it, the definite genitive that follows an
        // indefinite head.
        if trigger.pos == Pos::Noun && r.w(i).prep == Some('ل') && roles.agent.is_empty() {
            let mut k = i;
            while k > start && i - k < 4 && {
                let w = r.w(k - 1);
                w.article && w.prep.is_none() && w.punct.is_none() && !is_role_stop(w.w)
            } {
                k -= 1;
            }
            let head = k.checked_sub(1).filter(|&h| h >= start).map(|h| r.w(h));
            if k < i
                && head.is_some_and(|h| {
                    !h.article && h.prep.is_none() && h.punct.is_none() && !is_role_stop(h.w)
                })
            {
                roles
                    .agent
                    .push(r.value(r.w(k).core.start..r.w(i - 1).span.end));
            }
        }
        // `سقوط الرقة`, `استعادة الموصل`: a place in the genitive of a taking is where it
        // happened, as well as what was taken.
        if trigger.pos == Pos::Noun
            && trigger.claim_type == ClaimType::Seize
            && after < end
            && r.w(after).prep.is_none()
            && r.is_place(after, end)
        {
            if let Some(span) = r.phrase(after, end, 3) {
                roles.location.push(r.value(span));
            }
        }
        // `معركة دير الزور`, `معارك منبج`: a place in the genitive of a fight is where it was.
        if trigger.pos == Pos::Noun
            && trigger.claim_type == ClaimType::Attack
            && after < end
            && r.w(after).prep.is_none()
            && quantity_at(after).is_none()
            && r.is_place(after, end)
        {
            if let Some(span) = r.phrase(after, end, 3) {
                roles.location.push(r.value(span));
            }
        }
        // Prepositional roles anywhere in the trigger's stretch.
        for k in after..end {
            let w = r.w(k);
            let next = k + 1;
            match w.w {
                "من" if next < end && r.is_place(next, end) => {
                    if let Some(span) = r.phrase(next, end, 4) {
                        roles.origin.push(r.value(span));
                    }
                }
                "الي" | "باتجاه" | "نحو" if next < end && r.is_place(next, end) => {
                    if let Some(span) = r.phrase(next, end, 4) {
                        // `إلى قاعدة عسكرية في ريف دير الزور`: the place the destination is in
                        // belongs to it, so that it is not taken for another destination.
                        let after = r.words.words.partition_point(|w| w.span.end <= span.end);
                        let span = match (after + 1 < end && r.w(after).w == "في")
                            .then(|| r.phrase(after + 1, end, 4))
                            .flatten()
                        {
                            Some(inner) if r.is_place(after + 1, end) => span.start..inner.end,
                            _ => span,
                        };
                        roles.destination.push(r.value(span));
                    }
                }
                "في" | "قرب" | "داخل" | "بمحيط" | "بالقرب"
                    if next < end && r.is_place(next, end) =>
                {
                    if let Some(span) = r.phrase(next, end, 4) {
                        let span = r.site_in_town(next, span, end);
                        let framed = (w.w == "في")
                            .then(|| r.place_with_frame(k, after, &span))
                            .flatten();
                        roles.location.push(r.value(span));
                        if let Some(framed) = framed {
                            roles.location.push(r.value(framed));
                        }
                    }
                }
                "علي" | "ضد"
                    if trigger.claim_type == ClaimType::Attack
                        || trigger.claim_type == ClaimType::Seize =>
                {
                    if let Some(span) = r.phrase(next, end, 4) {
                        roles.patient.push(r.value(span));
                    }
                }
                "عبر" | "بواسطه" => {
                    if let Some(span) = r.phrase(next, end, 3) {
                        roles.means.push(r.value(span));
                    }
                }
                "شنه" | "نفذه" | "شنها" | "نفذها" | "شنته" | "شنتها" | "نفذته" | "نفذتها"
                | "شنوه" | "شنوها" | "نفذوه" | "نفذوها" | "يد" | "قبل"
                    if next < end
                        && roles.agent.is_empty()
                        // `من قبل التنظيم` names the doer; `قبل أيام` is a time.
                        && (w.w != "قبل" || k > 0 && r.w(k - 1).w == "من") =>
                {
                    if let Some(span) = r.phrase(next, end, 4) {
                        roles.agent.push(r.value(span));
                    }
                }
                _ => {
                    let stem = without_article(&w.c);
                    if VEHICLES.contains(stem) && roles.means.is_empty() {
                        // `على متن ست حافلات`: the means, with its figure if any.
                        let from = if k > after && quantity_at(k - 1).is_some() {
                            k - 1
                        } else {
                            k
                        };
                        let span = r.w(from).core.start..w.span.end;
                        roles.means.push(r.value(span));
                    } else if w.prep == Some('ب') && r.is_place(k, end) && roles.location.is_empty()
                    {
                        // `بالحسكة`: a place with ب is where it happened.
                        if let Some(span) = r.phrase(k, end, 3) {
                            roles.location.push(r.value(span));
                        }
                    }
                }
            }
        }
        let stretch = if after < end {
            let (from, _) = index.char_span(r.w(after).span.clone());
            let (_, to) = index.char_span(r.w(end - 1).span.clone());
            from..to
        } else {
            0..0
        };
        if roles.count.is_none() {
            // A figure later in the stretch that counts people (`قتل خلالها 43 من العناصر`).
            roles.count = doc
                .quantities
                .iter()
                .find(|q| {
                    stretch.start <= q.start
                        && q.end <= stretch.end
                        && q.unit.as_deref() == Some("person")
                })
                .map(|q| RoleCount {
                    value: q.value,
                    approx: q.approx,
                });
        }
        let (sentence_start, sentence_end) = {
            let s = r.w(i).span.start;
            let sent = doc.text[..s]
                .rfind(['.', '\n', '!', '?', '؟'])
                .map_or(0, |p| p + 1);
            (
                index.char_offset(sent),
                index.char_offset(r.w(end.saturating_sub(1).max(i)).span.end),
            )
        };
        // The date nearest the trigger: in `قال ... الاثنين إن الضربة وقعت الأحد` the event
        // is on Sunday, and Monday is when it was told. A date inside the same reported
        // content as the trigger comes before one outside it (the day of the telling).
        let (trigger_start, _) = index.char_span(r.w(i).span.clone());
        let telling = doc
            .attributions
            .iter()
            .filter(|a| a.content.start <= trigger_start && trigger_start < a.content.end)
            .min_by_key(|a| a.content.end - a.content.start);
        let content = telling.map(|a| a.content.start..a.content.end);
        // A date beside the cue and source (`أفاد المرصد الأحد أن ...`, `..., وفق ما أفاد
        // المرصد الأحد`) is the day of the telling, never of the event.
        let told_after = telling.map(|a| {
            if a.cue.start >= a.content.end {
                a.cue.start..sentence_end
            } else {
                a.cue.start.min(a.source.start)..a.content.start
            }
        });
        roles.time = doc
            .times
            .iter()
            .filter(|t| t.value.is_some() && t.start >= sentence_start && t.end <= sentence_end)
            .filter(|t| !told_after.as_ref().is_some_and(|r| r.contains(&t.start)))
            .min_by_key(|t| {
                let outside = content
                    .as_ref()
                    .is_some_and(|c| t.start < c.start || t.end > c.end);
                let distance = if t.end <= trigger_start {
                    trigger_start - t.end
                } else {
                    t.start.saturating_sub(trigger_start)
                };
                (outside, distance)
            })
            .map(|t| RoleTime {
                value: t.value.clone(),
            });
        roles
    }
}

/// Event types whose patients are people.
fn to_people(t: ClaimType) -> bool {
    matches!(
        t,
        ClaimType::Kill
            | ClaimType::Injure
            | ClaimType::Detain
            | ClaimType::Release
            | ClaimType::Transfer
            | ClaimType::Escape
            | ClaimType::Surrender
    )
}

#[cfg(test)]
mod tests;
