//! Figures stated in the text: `نحو 750 محتجزاً`, `ثلاث حافلات`, `دفعتين`, `عشرات الجنسيات`.
//!
//! [`find_quantities`] reads numbers in digits (ASCII, Arabic-Indic, Persian, with `,` `.`
//! `٫` `٬` separators) and in words (`data/number_words.txt`, grammar in `number.rs`), then
//! looks around each one for what qualifies it:
//!
//! * an approximator before or after it (`data/approximators.txt`: `نحو`, `أكثر من`,
//!   `على الأقل` ...), giving [`Approx`];
//! * a range (`بين 8 و12`, `من 8 إلى 12`, `8-12`, `أربعة إلى خمسة`), reported as
//!   [`Approx::Range`] with the lower bound in `value` and the upper in `value_max`, when the
//!   second number is the larger;
//! * the counted noun after it, mapped to a unit by `data/units.txt` (`مقاتلا` → `person`,
//!   `حافلات` → `bus`, `بالمئة` → `percent`, `دولار` → `money:USD`), also behind `من`
//!   (`40 من النساء`).
//!
//! Figures without a number word are found too: the dual of a listed counted noun
//! (`مروحيتين` = 2 helicopters; the oblique dual `-ين` of a noun with a sound plural is
//! skipped, since `مقاتلين` is the plural), the vague plurals `عشرات`/`مئات`/`آلاف`
//! (reported as *more than* 10/100/1000, and `عشرات الآلاف` as more than 10000), `بضعة`
//! (the range 3-9), and a definite number after a definite noun (`الانتحاريون العشرة`).
//!
//! What is not a quantity: years and the day number of a date (the time finder reports those,
//! also in ranges of days such as `يومي 20 و21 أيار`), clock times, figures in names
//! (`اف 16`, `إس 300`, `F-16`, `كوفيد-19`, `فرانس 24`), numbers naming a thing after a definite
//! noun (`الدورة 73`, `القرار 2254`), phone numbers and scores (two bare numbers side by side,
//! `3-1`), ordinals (not in the lexicon), `الاثنين` as a weekday, and a lone `واحد` that does
//! not follow a counted noun. A four-digit number from 1800 to 2100 is a year when a year cue
//! stands before it (`في`, `منذ`, `عام`, a month) or when no word that could be its counted
//! noun follows it; `نحو 3000 جندي` and `إلى 2000 وفاة` are counts.
//!
//! Units are reported as the text states them and never converted (`45 ألف كيلومتر` is
//! 45000 `km`); `مليون ونصف المليون` is 1500000. A nisba noun after a figure (`60 فلسطينيا`)
//! counts people.

mod number;

use crate::hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use isnad_core::{Approx, Quantity};

use crate::calendar::{is_year_word, month_after, month_at};
use crate::scan::{scan, unclitic, undefinite, Kind, PhraseSet, Tok, TokForms};
use crate::words::data_lines;
use isnad_text::CharIndex;
pub use number::parse_number;
use number::{number_at, NumMatch, WordKind};

/// The unit tables of `data/units.txt`, expanded by morphology.
pub(crate) struct Units {
    /// One-word forms (singulars, plurals, accusatives) → unit (None: counted, no unit).
    single: HashMap<String, Option<String>>,
    /// Dual forms → unit.
    dual: HashMap<String, Option<String>>,
    /// Multi-word forms, longest first.
    phrases: PhraseSet<Option<String>>,
}

pub(crate) static UNITS: LazyLock<Units> = LazyLock::new(|| {
    let mut phrases = Vec::new();
    let mut u = Units {
        single: HashMap::default(),
        dual: HashMap::default(),
        phrases: PhraseSet::new([]),
    };
    for line in data_lines(include_str!("../../data/units.txt")) {
        let mut it = line.splitn(3, char::is_whitespace);
        let (Some(unit), Some(dual), Some(forms)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let unit = (unit != "-").then(|| unit.to_string());
        for (k, form) in forms
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .enumerate()
        {
            let words: Vec<String> = scan(form).into_iter().map(|t| t.f).collect();
            if words.len() > 1 {
                phrases.push((words, unit.clone()));
                continue;
            }
            let Some(s) = words.into_iter().next() else {
                continue;
            };
            if k == 0 {
                let add = |m: &mut HashMap<String, Option<String>>, w: String| {
                    m.entry(w).or_insert_with(|| unit.clone());
                };
                match dual {
                    "sound" => {
                        for suf in ["ا", "ون", "ين", "ي"] {
                            add(&mut u.single, format!("{s}{suf}"));
                        }
                        add(&mut u.dual, format!("{s}ان"));
                    }
                    "broken" => {
                        add(&mut u.single, format!("{s}ا"));
                        add(&mut u.dual, format!("{s}ين"));
                        add(&mut u.dual, format!("{s}ان"));
                    }
                    "fem" => {
                        if let Some(stem) = s.strip_suffix('ه') {
                            add(&mut u.single, format!("{stem}ات"));
                            for suf in ["تين", "تان", "تا"] {
                                add(&mut u.dual, format!("{stem}{suf}"));
                            }
                        }
                    }
                    _ => {}
                }
            }
            u.single.entry(s).or_insert_with(|| unit.clone());
        }
    }
    u.phrases = PhraseSet::new(phrases);
    u
});

impl Units {
    /// The unit of a one-word counted noun, trying it without proclitics (`بسيارات`).
    fn noun(&self, f: &str) -> Option<Option<String>> {
        unclitic(f).iter().find_map(|c| self.single.get(c).cloned())
    }

    /// The unit of the dual noun `f`, if it is one.
    pub(crate) fn dual(&self, f: &str) -> Option<Option<String>> {
        self.dual_of(unclitic(f).forms())
    }

    /// [`Units::dual`] of a word whose forms are worked out (a scanned token's).
    pub(crate) fn dual_of(&self, forms: TokForms) -> Option<Option<String>> {
        forms.iter().find_map(|c| self.dual.get(c).cloned())
    }

    /// A unit phrase or noun at token `i`: its last token and unit.
    pub(crate) fn at(&self, toks: &[Tok], i: usize) -> Option<(usize, Option<String>)> {
        let t = toks.get(i)?;
        if t.hard_break() || t.gap_has(&['،', ',', '"', '«', '»', '(', ')']) {
            return None;
        }
        if let Some((unit, last)) = self.phrases.at(toks, i) {
            return Some((last, unit.clone()));
        }
        self.noun(&t.f).map(|u| (i, u))
    }
}

/// Approximators standing before a figure and after it, by kind.
struct Approximators {
    before: PhraseSet<Approx>,
    after: PhraseSet<Approx>,
}

static APPROX: LazyLock<Approximators> = LazyLock::new(|| {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for line in data_lines(include_str!("../../data/approximators.txt")) {
        let mut it = line.splitn(3, char::is_whitespace);
        let (Some(kind), Some(pos), Some(phrase)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let approx = match kind {
            "about" => Approx::About,
            "more_than" => Approx::MoreThan,
            "less_than" => Approx::LessThan,
            "at_least" => Approx::AtLeast,
            "at_most" => Approx::AtMost,
            _ => continue,
        };
        let words: Vec<String> = scan(phrase).into_iter().map(|t| t.f).collect();
        if pos == "before" {
            before.push((words, approx));
        } else {
            after.push((words, approx));
        }
    }
    Approximators {
        before: PhraseSet::new(before),
        after: PhraseSet::new(after),
    }
});

static NAME_PREFIXES: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/name_prefixes.txt"))
        .map(isnad_text::fold)
        .collect()
});

/// Adverbs in -يا that follow figures without naming people (`500 برميل يوميا` aside, `300 حاليا`).
const NISBA_ADVERBS: &[&str] = &[
    "حاليا",
    "يوميا",
    "سنويا",
    "شهريا",
    "اسبوعيا",
    "رسميا",
    "فعليا",
    "جزئيا",
    "كليا",
    "نهائيا",
    "مبدئيا",
    "اضافيا",
    "اجماليا",
    "تقريبيا",
    "مجانيا",
    "عالميا",
    "محليا",
    "دوليا",
    "شخصيا",
];

/// Small words after which a lone `واحد` is not a count ("one of", "no one").
const NOT_BEFORE_ONE: &[&str] = &[
    "من", "في", "الي", "علي", "عن", "او", "و", "ان", "لا", "كل", "اي", "هو", "هي", "قال", "كان",
    "ولا",
];

/// The approximator phrase ending just before token `i`: its first token and kind.
fn approx_before(toks: &[Tok], i: usize) -> Option<(usize, Approx)> {
    if toks.get(i)?.any_break() || i == 0 {
        return None;
    }
    APPROX
        .before
        .ending_at(toks, i - 1, 4)
        .map(|(a, s)| (s, *a))
}

/// The approximator phrase starting at token `i`: its last token and kind.
fn approx_after(toks: &[Tok], i: usize) -> Option<(usize, Approx)> {
    if toks.get(i)?.any_break() {
        return None;
    }
    APPROX.after.at(toks, i).map(|(a, e)| (e, *a))
}

fn is_latin(t: &Tok) -> bool {
    t.kind == Kind::Word && t.f.chars().all(|c| c.is_ascii_alphabetic())
}

/// Whether the number `m` read at token `i` is part of something else: a name, a date, a
/// clock time, a reference or phone number.
fn not_a_count(toks: &[Tok], i: usize, m: &NumMatch) -> bool {
    let t = &toks[i];
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let next = toks.get(m.last + 1);
    let gap = t.gap.trim();
    if let Some(p) = prev {
        let joined = t.attached() || gap == "-" && !t.gap.starts_with(char::is_whitespace);
        // F-16, S300, كوفيد-19, كي 1.
        if joined && (is_latin(p) || p.kind == Kind::Word && gap == "-") {
            return true;
        }
        if !t.any_break()
            && p.forms()
                .iter()
                .any(|c| NAME_PREFIXES.iter().any(|n| n == c))
            && t.kind == Kind::Num
        {
            return true;
        }
        // 21/09, 12:30, 2/2013.
        if p.kind == Kind::Num && (gap.ends_with('/') || gap.ends_with(':')) {
            return true;
        }
        if !t.any_break() && p.forms().iter().any(|c| c == "الساعه" || c == "ساعه") && !m.words
        {
            return true;
        }
    }
    if let Some(n) = toks.get(i + 1) {
        if n.kind == Kind::Num && matches!(n.gap.trim(), "/" | ":" | ".") && !m.words {
            return true;
        }
        if n.attached() && is_latin(n) && UNITS.noun(&n.f).is_none() {
            return true;
        }
    }
    if t.kind == Kind::Num
        && (t.gap.trim_end().ends_with('+') || t.f.starts_with('0') && t.f.len() >= 7)
    {
        return true;
    }
    // The day of a date: 15 يونيو, 13 نيسان الماضي; a year or day after a month: يونيو 2017.
    if next.is_some_and(|n| !n.any_break() && month_at(toks, m.last + 1).is_some()) {
        return true;
    }
    if next.is_some_and(|n| n.f == "من" && !n.any_break())
        && month_at(toks, m.last + 2).is_some()
        && m.value <= 31.0
    {
        return true;
    }
    if let Some(p) = prev {
        if !t.any_break() && (month_after(toks, i) || is_year_word(&p.f) && t.kind == Kind::Num) {
            return true;
        }
    }
    // شهر 3: a month by its number.
    if prev.is_some_and(|p| p.forms().iter().any(|c| c == "شهر"))
        && !t.any_break()
        && (1.0..=12.0).contains(&m.value)
        && m.last == i
    {
        return true;
    }
    // A number word right after digits is not a second count: 10 صفر 1440 هـ (a Hijri month).
    if m.words && prev.is_some_and(|p| p.kind == Kind::Num) && !t.any_break() {
        return true;
    }
    // A year, unless it reads as a count.
    if m.plain_int && is_year_at(toks, i) {
        return true;
    }
    if t.kind == Kind::Num && !m.words {
        // Two bare numbers side by side are a phone number, an ID or a score: +963 11 2345678.
        let side_by_side = |n: &Tok| {
            n.kind == Kind::Num
                && (n.gap.trim().is_empty() || n.gap.trim() == "-" && !n.gap.contains(' '))
        };
        if prev.is_some_and(|p| p.kind == Kind::Num) && side_by_side(t) && !t.gap.is_empty() {
            return true;
        }
        if let Some(n) = toks.get(m.last + 1).filter(|n| side_by_side(n)) {
            // 3-1: a score, unless it is a rising range (8-12).
            let rising =
                n.gap.trim() == "-" && number::parse_digits(&n.f).is_some_and(|v| v > m.value);
            if !rising {
                return true;
            }
        }
        // الدورة 73, اللواء 93: a number after a definite noun names it.
        if let Some(p) = prev.filter(|p| p.kind == Kind::Word && !t.any_break()) {
            let definite_noun = undefinite(&p.f).is_some_and(|r| UNITS.noun(r).is_none())
                && UNITS.noun(&p.f).is_none();
            if definite_noun
                && UNITS.at(toks, m.last + 1).is_none()
                && approx_before(toks, i).is_none()
            {
                return true;
            }
        }
    }
    // The day of a range of days: يومي 20 و21 أيار, من 1 إلى 15 آب.
    if let Some((_, e)) = range_tail(toks, m, true) {
        if month_at(toks, e + 1).is_some() && toks[e + 1..].first().is_some_and(|n| !n.any_break())
        {
            return true;
        }
    }
    // The day of the current month: 15 من الشهر الجاري.
    if next.is_some_and(|n| n.f == "من")
        && toks
            .get(m.last + 2)
            .is_some_and(|n| matches!(n.f.as_str(), "الشهر" | "الجاري" | "الحالي" | "هذا"))
        && m.value <= 31.0
    {
        return true;
    }
    false
}

/// The value and last token of the number at token `i`, if one starts there.
pub(crate) fn number_value_at(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    number_at(toks, i).map(|m| (m.value, m.last))
}

/// Words before a four-digit number that make it a year: في 2011, منذ 2014, مطلع 2019.
const YEAR_CUES: &[&str] = &[
    "في",
    "منذ",
    "عام",
    "العام",
    "سنه",
    "السنه",
    "حتي",
    "خلال",
    "قبل",
    "بعد",
    "مطلع",
    "بدايه",
    "نهايه",
    "اواخر",
    "اوائل",
    "منتصف",
    "اواسط",
    "ربيع",
    "صيف",
    "خريف",
    "شتاء",
    "عامي",
    "مع",
];

/// Small words after a four-digit number that leave it a year (`في 2011 و2012`, `2016 من`).
const AFTER_YEAR: &[&str] = &[
    "و",
    "او",
    "ثم",
    "من",
    "الي",
    "حتي",
    "في",
    "علي",
    "عن",
    "مع",
    "الذي",
    "التي",
    "حين",
    "عندما",
    "اذ",
];

/// Whether the four-digit number at token `i` is a year: 1800-2100, no counted noun after it,
/// and either a year cue before it (في، منذ، عام, a month) or no indefinite word after it that
/// could be its counted noun (`إلى 2000 وفاة` is a count, `في 2011 اندلعت` a year).
pub(crate) fn is_year_at(toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    let plain = t.kind == Kind::Num && t.f.len() == 4 && t.f.bytes().all(|b| b.is_ascii_digit());
    let Ok(y) = t.f.parse::<u32>() else {
        return false;
    };
    if !plain || !(1800..=2100).contains(&y) || UNITS.at(toks, i + 1).is_some() {
        return false;
    }
    if toks.get(i + 1).is_some_and(|n| {
        !n.any_break() && number::word(&n.f).is_some_and(|w| w.1 == WordKind::Scale)
    }) {
        return false;
    }
    // في 2014 و2015: the second of two years.
    if i >= 2
        && toks[i - 1].f == "و"
        && !t.any_break()
        && toks[i - 2].kind == Kind::Num
        && toks[i - 2].f.len() == 4
    {
        return true;
    }
    let cue = i > 0
        && !t.any_break()
        && (toks[i - 1].forms().iter().any(|c| YEAR_CUES.contains(&c)) || month_after(toks, i));
    if cue {
        return true;
    }
    if approx_before(toks, i).is_some() {
        return false;
    }
    match toks.get(i + 1) {
        Some(n) if !n.any_break() && n.kind == Kind::Word => {
            n.f.starts_with("ال")
                || n.f.chars().count() < 3
                || AFTER_YEAR.contains(&n.f.as_str())
                || month_at(toks, i + 1).is_some()
        }
        _ => true,
    }
}

/// Finds the figures stated in `text`, sorted by start and non-overlapping.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    find_quantities_in(text, &scan(text), &CharIndex::new(text))
}

/// [`find_quantities`] over `text` already scanned (`toks`) and indexed (`idx`).
pub(crate) fn find_quantities_in(text: &str, toks: &[Tok], idx: &CharIndex) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut free = 0; // first token not yet used by a figure
    let mut i = 0;
    while i < toks.len() {
        match quantity_at(toks, i, free) {
            Some(q) => {
                let (mut s, e) = (toks[q.first].start, toks[q.last].end);
                // The minus sign of a negative figure belongs to its span.
                if q.value < 0.0
                    && toks[q.first].kind == Kind::Num
                    && toks[q.first].gap.ends_with('-')
                {
                    s -= 1;
                }
                out.push(Quantity {
                    start: idx.char_offset(s),
                    end: idx.char_offset(e),
                    text: text[s..e].to_string(),
                    value: q.value,
                    approx: q.approx,
                    value_max: q.value_max,
                    unit: q.unit,
                });
                free = q.last + 1;
                i = q.last + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// A figure found at token level.
struct Found {
    first: usize,
    last: usize,
    value: f64,
    approx: Approx,
    value_max: Option<f64>,
    unit: Option<String>,
}

fn quantity_at(toks: &[Tok], i: usize, free: usize) -> Option<Found> {
    let t = &toks[i];
    if let Some(m) = number_at(toks, i) {
        if !m.value.is_finite() || not_a_count(toks, i, &m) {
            return None;
        }
        if m.lone_one {
            return lone_one(toks, i, free);
        }
        if m.last == i && m.words && m.value == 2.0 {
            // سوريين اثنين: two, after the noun it counts.
            if let Some(f) = lone_one(toks, i, free)
                .filter(|f| f.unit.is_some() || UNITS.noun(&toks[f.first].f).is_some())
            {
                return Some(Found { value: 2.0, ..f });
            }
        }
        return Some(with_context(toks, i, m, free));
    }
    if t.kind != Kind::Word {
        return None;
    }
    let forms = t.forms();
    // Vague plurals: عشرات، مئات، آلاف، العشرات; عشرات الآلاف.
    if let Some(v) = forms
        .iter()
        .find_map(|c| number::vague(c).or_else(|| undefinite(c).and_then(number::vague)))
    {
        let mut value = v;
        let mut last = i;
        if let Some(n) = toks.get(i + 1).filter(|n| !n.any_break()) {
            if let Some(v2) =
                number::vague(&n.f).or_else(|| undefinite(&n.f).and_then(number::vague))
            {
                if v2 > v {
                    value *= v2;
                    last = i + 1;
                }
            }
        }
        let (last, unit) = counted_after(toks, last, true);
        let (first, approx) = match approx_before(toks, i).filter(|(s, _)| *s >= free) {
            Some((s, a)) => (s, a),
            None => (i, Approx::MoreThan),
        };
        return Some(Found {
            first,
            last,
            value,
            approx,
            value_max: None,
            unit,
        });
    }
    // بضعة أيام: three to nine.
    if let Some(v) = forms.iter().find_map(number::few) {
        let (last, unit) = counted_after(toks, i, false);
        return Some(Found {
            first: i,
            last,
            value: v,
            approx: Approx::Range,
            value_max: Some(9.0),
            unit,
        });
    }
    // Duals of counted nouns: دفعتين، مروحيتان، بسيارتين.
    if let Some(unit) = UNITS.dual_of(forms) {
        let mut last = i;
        if toks.get(i + 1).is_some_and(|n| {
            !n.any_break() && matches!(number::word(&n.f), Some((v, _)) if v == 2.0)
        }) {
            last = i + 1;
        }
        let (first, approx) = approx_before(toks, i)
            .filter(|(s, _)| *s >= free)
            .unwrap_or((i, Approx::Exact));
        return Some(Found {
            first,
            last,
            value: 2.0,
            approx,
            value_max: None,
            unit,
        });
    }
    // A definite number after a definite plural: الانتحاريون العشرة.
    if let Some(rest) = undefinite(&t.f) {
        let small =
            matches!(number::word(rest), Some((v, WordKind::Unit | WordKind::TenTail)) if v >= 2.0);
        let prev = i.checked_sub(1).filter(|&p| p >= free).map(|p| &toks[p]);
        if let Some(p) = prev.filter(|p| small && !t.any_break() && p.f.starts_with("ال")) {
            let plural = p.f.ends_with("ون") || p.f.ends_with("ين") || p.f.ends_with("ات");
            let unit = undefinite(&p.f).and_then(|n| UNITS.noun(n));
            let next_is_min = toks.get(i + 1).is_some_and(|n| n.f == "من");
            if (plural || unit.is_some()) && !next_is_min {
                let value = number::word(rest).map_or(0.0, |w| w.0);
                return Some(Found {
                    first: i - 1,
                    last: i,
                    value,
                    approx: Approx::Exact,
                    value_max: None,
                    unit: unit.flatten(),
                });
            }
        }
    }
    None
}

/// `ألماني واحد`, `مرة واحدة`: one, after the noun it counts.
fn lone_one(toks: &[Tok], i: usize, free: usize) -> Option<Found> {
    let p = i.checked_sub(1).filter(|&p| p >= free)?;
    let pt = &toks[p];
    if toks[i].any_break() || pt.kind != Kind::Word {
        return None;
    }
    let unit = UNITS.noun(&pt.f);
    let general = !pt.f.starts_with("ال")
        && pt.f.chars().count() >= 3
        && !NOT_BEFORE_ONE.contains(&pt.f.as_str())
        && toks.get(i + 1).is_none_or(|n| n.f != "من");
    if unit.is_none() && !general {
        return None;
    }
    let mut last = i;
    let mut approx = Approx::Exact;
    if let Some((e, a)) = approx_after(toks, i + 1) {
        last = e;
        approx = a;
    }
    Some(Found {
        first: p,
        last,
        value: 1.0,
        approx,
        value_max: None,
        unit: unit.flatten(),
    })
}

/// The counted noun after token `last`: `15 مقاتلا`, `40 من النساء`, `آلاف المسلحين`
/// (`definite`: a vague plural takes its noun in the genitive, with the article).
fn counted_after(toks: &[Tok], last: usize, definite: bool) -> (usize, Option<String>) {
    if let Some((e, u)) = UNITS.at(toks, last + 1) {
        return (e, u);
    }
    let Some(n) = toks.get(last + 1).filter(|n| !n.any_break()) else {
        return (last, None);
    };
    if definite {
        if let Some(u) = undefinite(&n.f).and_then(|r| UNITS.noun(r)) {
            return (last + 1, u);
        }
    }
    if n.f == "من" {
        if let Some(n2) = toks.get(last + 2).filter(|n2| !n2.any_break()) {
            if let Some(u) = undefinite(&n2.f)
                .and_then(|r| UNITS.noun(r))
                .or_else(|| UNITS.noun(&n2.f))
            {
                return (last + 2, u);
            }
        }
    }
    // 60 فلسطينيا, 20 صحفيين: a nisba noun after a count names people.
    if !definite
        && n.kind == Kind::Word
        && n.f.chars().count() >= 5
        && (n.f.ends_with("يا") || n.f.ends_with("يين") || n.f.ends_with("يون"))
        && !n.f.starts_with("ال")
        && !NISBA_ADVERBS.contains(&n.f.as_str())
    {
        return (last + 1, Some("person".to_string()));
    }
    if definite {
        // آلاف المسلحين: the genitive noun belongs to the figure even when it is not listed.
        if n.kind == Kind::Word && n.f.starts_with("ال") {
            return (last + 1, None);
        }
    }
    (last, None)
}

/// Completes a figure read at token `i` with its approximator, range and counted noun.
fn with_context(toks: &[Tok], i: usize, m: NumMatch, free: usize) -> Found {
    let mut first = i;
    let mut approx = Approx::Exact;
    let mut value_max = None;
    let mut last = m.last;
    // A range cue before: بين / ما بين / من.
    let cue = i
        .checked_sub(1)
        .filter(|&p| p >= free && !toks[i].any_break())
        .and_then(|p| {
            let forms = toks[p].forms();
            if forms.iter().any(|c| c == "بين") {
                Some((p, true))
            } else if forms.iter().any(|c| c == "من") {
                Some((p, false))
            } else {
                None
            }
        });
    if let Some((upper, e)) = range_tail(toks, &m, cue.is_some_and(|c| c.1)) {
        value_max = Some(upper);
        approx = Approx::Range;
        last = e;
        if let Some((p, _)) = cue {
            first = p;
            if p > 0 && toks[p - 1].f == "ما" && !toks[p].any_break() && p > free {
                first = p - 1;
            }
        }
    }
    if approx == Approx::Exact {
        if let Some((s, a)) = approx_before(toks, i).filter(|(s, _)| *s >= free) {
            first = s;
            approx = a;
        }
    }
    // Money signs around the figure: $10, 10$.
    let mut unit = None;
    if i > 0 && toks[i - 1].kind == Kind::Sym && i > free && !toks[i].any_break() {
        if let Some((_, u)) = UNITS.at(toks, i - 1) {
            unit = u;
            first = first.min(i - 1);
        }
    }
    let (e, u) = counted_after(toks, last, false);
    if e > last {
        unit = u;
        last = e;
    }
    // An approximator after the figure, its noun, or up to two words describing it.
    if approx == Approx::Exact {
        for k in 1..=3 {
            if toks.get(last + k).is_none_or(|t| t.any_break()) {
                break;
            }
            if let Some((e, a)) = approx_after(toks, last + k) {
                approx = a;
                last = e;
                break;
            }
        }
    }
    Found {
        first,
        last,
        value: m.value,
        approx,
        value_max,
        unit,
    }
}

/// The upper bound of a range after the number `m`: `و12` (after بين), `إلى 12`, `-12`,
/// `أو خمسة`; only when it is larger.
fn range_tail(toks: &[Tok], m: &NumMatch, after_bayna: bool) -> Option<(f64, usize)> {
    let n = toks.get(m.last + 1)?;
    if n.hard_break() {
        return None;
    }
    let second = if n.kind == Kind::Num && matches!(n.gap.trim(), "-" | "–") && !m.words {
        number_at(toks, m.last + 1)
    } else if !n.any_break()
        && (matches!(n.f.as_str(), "الي" | "حتي" | "او") || n.f == "و" && after_bayna)
    {
        toks.get(m.last + 2)
            .filter(|t| !t.any_break())
            .and_then(|_| number_at(toks, m.last + 2))
    } else if !n.any_break()
        && (n.f.starts_with('و') && after_bayna || n.f.starts_with('ل'))
        && n.kind == Kind::Word
    {
        number_at(toks, m.last + 1).filter(|s| s.words)
    } else {
        None
    }?;
    let upper = second.value.abs();
    (upper > m.value && m.value >= 0.0).then_some((upper, second.last))
}

#[cfg(test)]
mod tests;
