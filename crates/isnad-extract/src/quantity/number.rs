//! Reading one number at a token: digits with their separators, or a phrase of number words.
//!
//! Number words follow a small grammar over the lexicon in `data/number_words.txt`: a value is
//! built from units, teens, tens and hundreds joined with و (`خمسة وعشرون`, `مئة وعشرين`), then
//! multiplied by a scale (`ثلاثة آلاف`, `12 ألفاً`, `2.5 مليون`). The colloquial order without
//! و after a hundred (`متين تلاتة وستين`) is accepted too. A و is only taken when the word after
//! it fills an empty place of the number (`ثلاثة وعشرون` = 23, but `ثلاثة وخمسة` is two numbers).

use crate::hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use crate::scan::{Kind, Tok};
use crate::words::data_lines;

/// The grammatical role of a number word (see the header of `data/number_words.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordKind {
    Zero,
    One,
    Unit,
    TeenHead,
    TenTail,
    Teen,
    Ten,
    Hundred,
    Hundreds,
    Scale,
    Scale2,
}

struct Lexicon {
    words: HashMap<String, (f64, WordKind)>,
    vague: HashMap<String, f64>,
    few: HashMap<String, f64>,
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut words = HashMap::default();
    let mut vague = HashMap::default();
    let mut few = HashMap::default();
    for line in data_lines(include_str!("../../data/number_words.txt")) {
        let mut it = line.split_whitespace();
        let (Some(w), Some(v), Some(k)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let Ok(v) = v.parse::<f64>() else { continue };
        let w = isnad_text::fold(w);
        let kind = match k {
            "zero" => WordKind::Zero,
            "one" => WordKind::One,
            "unit" => WordKind::Unit,
            "teen_head" => WordKind::TeenHead,
            "ten_tail" => WordKind::TenTail,
            "teen" => WordKind::Teen,
            "ten" => WordKind::Ten,
            "hundred" => WordKind::Hundred,
            "hundreds" => WordKind::Hundreds,
            "scale" => WordKind::Scale,
            "scale2" => WordKind::Scale2,
            "vague" => {
                vague.insert(w, v);
                continue;
            }
            "few" => {
                few.insert(w, v);
                continue;
            }
            _ => continue,
        };
        words.entry(w).or_insert((v, kind));
    }
    Lexicon { words, vague, few }
});

/// The value and role of a folded number word.
pub(crate) fn word(f: &str) -> Option<(f64, WordKind)> {
    LEX.words.get(f).copied()
}

/// The round value of a vague plural (`عشرات` → 10), folded form.
pub(crate) fn vague(f: &str) -> Option<f64> {
    LEX.vague.get(f).copied()
}

/// The lower bound of "a few" (`بضعة` → 3), folded form.
pub(crate) fn few(f: &str) -> Option<f64> {
    LEX.few.get(f).copied()
}

/// Parses a folded digit run (`1,500`, `2.5`, `١٬٠٠٠٫٥` folded to ASCII digits).
///
/// `٫` is always the decimal separator and `٬` the thousands separator. A `,` or `.` is a
/// thousands separator when every group after it has three digits and the number does not
/// start with 0 (`1,500` and `1.500` are 1500; `3.5`, `0.002` and `1.10` are decimals); when
/// both occur, the last one is the decimal separator. A run that fits no rule (`1.2.3`, a date
/// written `15.06.2018`) is not a number.
pub(crate) fn parse_digits(s: &str) -> Option<f64> {
    let s = s.replace('٬', "");
    let (int, frac) = if let Some((a, b)) = s.split_once('٫') {
        (a.replace([',', '.'], ""), b.to_string())
    } else {
        let last_comma = s.rfind(',');
        let last_dot = s.rfind('.');
        match (last_comma, last_dot) {
            (None, None) => (s.clone(), String::new()),
            (Some(c), Some(d)) => {
                let (dec, th) = if c > d { (c, '.') } else { (d, ',') };
                let (a, b) = s.split_at(dec);
                if !groups_of_three(a, th) {
                    return None;
                }
                (a.replace(th, ""), b[1..].to_string())
            }
            (Some(_), None) => one_separator(&s, ',')?,
            (None, Some(_)) => one_separator(&s, '.')?,
        }
    };
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let int = if int.is_empty() { "0" } else { int.as_str() };
    let frac = if frac.is_empty() { "0" } else { frac.as_str() };
    format!("{int}.{frac}").parse().ok()
}

fn groups_of_three(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first = parts.next().unwrap_or("");
    !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
}

fn one_separator(s: &str, sep: char) -> Option<(String, String)> {
    let n = s.matches(sep).count();
    let thousands = groups_of_three(s, sep) && !s.starts_with('0');
    if thousands {
        Some((s.replace(sep, ""), String::new()))
    } else if n == 1 {
        let (a, b) = s.split_once(sep)?;
        Some((a.to_string(), b.to_string()))
    } else {
        None
    }
}

/// A number read at some token.
#[derive(Debug, Clone)]
pub(crate) struct NumMatch {
    /// The value.
    pub value: f64,
    /// Index of the last token read (the first is the one asked for).
    pub last: usize,
    /// Whether it was written in words (at least in part).
    pub words: bool,
    /// Whether it is a lone واحد/واحدة, which is a figure only after a counted noun.
    pub lone_one: bool,
    /// Whether it is a plain integer of digits without separators (a candidate year).
    pub plain_int: bool,
}

/// The word at token `j` as a number word, taking off a proclitic when it is the first word
/// (`وثلاثة`, `بخمسة`); a stripped form must keep three letters (`لست` is not 6).
fn word_at(t: &Tok, first: bool) -> Option<(f64, WordKind)> {
    if t.kind != Kind::Word {
        return None;
    }
    if let Some(w) = word(&t.f) {
        return Some(w);
    }
    if !first {
        return None;
    }
    t.forms()
        .iter()
        .skip(1)
        .filter(|c| c.chars().count() >= 3)
        .find_map(word)
}

fn fits(cur: f64, v: f64) -> bool {
    let c = cur as u64 % 1000;
    let v = v as u64;
    match v {
        0..=9 => c.is_multiple_of(10) && !(11..=19).contains(&(c % 100)),
        10..=19 => c.is_multiple_of(100),
        20..=99 => c % 100 < 10,
        _ => c < 100,
    }
}

/// Reads the number starting at token `i`, if one starts there.
pub(crate) fn number_at(toks: &[Tok], i: usize) -> Option<NumMatch> {
    let t = toks.get(i)?;
    let mut m = if t.kind == Kind::Num {
        digits_at(toks, i)?
    } else {
        words_at(toks, i)?
    };
    // مليون ونصف (المليون), ألف ونصف: half the scale the number ends with.
    if let Some((s, WordKind::Scale)) = (m.last > i || t.kind == Kind::Word)
        .then(|| word_at(&toks[m.last], m.last == i))
        .flatten()
    {
        let half = match toks
            .get(m.last + 1)
            .filter(|n| !n.any_break())
            .map(|n| n.f.as_str())
        {
            Some("ونصف") => Some(m.last + 1),
            Some("و")
                if toks
                    .get(m.last + 2)
                    .is_some_and(|n| n.f == "نصف" && !n.any_break()) =>
            {
                Some(m.last + 2)
            }
            _ => None,
        };
        if let Some(h) = half {
            m.value += s / 2.0;
            m.last = h;
            if toks.get(h + 1).is_some_and(|n| {
                !n.any_break()
                    && n.f
                        .strip_prefix("ال")
                        .and_then(word)
                        .is_some_and(|w| w.1 == WordKind::Scale)
            }) {
                m.last = h + 1;
            }
        }
    }
    Some(m)
}

fn digits_at(toks: &[Tok], i: usize) -> Option<NumMatch> {
    let t = &toks[i];
    let mut value = parse_digits(&t.f)?;
    let mut last = i;
    let plain_int = t.f.bytes().all(|b| b.is_ascii_digit());
    // `1 فاصلة 5`: the spelt-out decimal point.
    if toks
        .get(i + 1)
        .is_some_and(|n| n.f == "فاصله" && !n.any_break())
        && toks.get(i + 2).is_some_and(|n| {
            n.kind == Kind::Num && !n.any_break() && n.f.bytes().all(|b| b.is_ascii_digit())
        })
        && plain_int
    {
        value = format!("{}.{}", t.f, toks[i + 2].f).parse().ok()?;
        last = i + 2;
    }
    // A negative sign standing alone before the digits (not a hyphen joining a name: كوفيد-19).
    if t.gap.ends_with('-')
        && (i == 0 && t.gap.trim() == "-"
            || t.gap.trim() == "-" && t.gap.starts_with(char::is_whitespace))
    {
        let prev_num = i > 0 && toks[i - 1].kind == Kind::Num;
        if !prev_num {
            value = -value;
        }
    }
    let mut n_scales = 0;
    while let Some(n) = toks.get(last + 1) {
        if n.any_break() || n_scales == 2 {
            break;
        }
        match word(&n.f) {
            Some((s, WordKind::Scale)) => {
                value *= s;
                last += 1;
                n_scales += 1;
            }
            _ => break,
        }
    }
    Some(NumMatch {
        value,
        last,
        words: false,
        lone_one: false,
        plain_int: plain_int && last == i,
    })
}

fn words_at(toks: &[Tok], i: usize) -> Option<NumMatch> {
    let (mut total, mut cur) = (0.0f64, 0.0f64);
    let mut last_scale = f64::INFINITY;
    let mut prev: Option<WordKind> = None;
    let mut last = i;
    let mut j = i;
    let mut kinds = 0;
    loop {
        let first = j == i;
        let Some(t) = toks.get(j) else { break };
        if !first && t.any_break() {
            break;
        }
        // The word and whether it was joined to the previous one with و.
        let (w, joined, next_j) = if first {
            match word_at(t, true) {
                Some(w) => (w, false, j),
                None => break,
            }
        } else if t.f == "و" {
            match toks
                .get(j + 1)
                .filter(|n| !n.any_break())
                .and_then(|n| word_at(n, false))
            {
                Some(w) => (w, true, j + 1),
                None => break,
            }
        } else if let Some(w) = word_at(t, false) {
            (w, false, j)
        } else if let Some(w) = t.f.strip_prefix('و').and_then(word) {
            (w, true, j)
        } else {
            break;
        };
        let (v, kind) = w;
        let after_big = matches!(
            prev,
            Some(WordKind::Hundred | WordKind::Hundreds | WordKind::Scale | WordKind::Scale2)
        );
        if !first && !joined {
            // Juxtaposition: a multiplier after its count, or anything after a hundred or scale.
            let ok = match kind {
                WordKind::Hundred => {
                    prev == Some(WordKind::Unit) && cur < 10.0 || after_big && fits(cur, 100.0)
                }
                WordKind::Scale | WordKind::Scale2 => kind == WordKind::Scale,
                _ => after_big && fits(cur, v),
            };
            if !ok {
                break;
            }
        }
        match kind {
            WordKind::Zero => {
                if !first {
                    break;
                }
                last = next_j;
                kinds += 1;
                break;
            }
            WordKind::TeenHead | WordKind::Unit | WordKind::One
                if toks.get(next_j + 1).is_some_and(|n| {
                    !n.any_break() && matches!(word(&n.f), Some((_, WordKind::TenTail)))
                }) =>
            {
                if joined && !fits(cur, v + 10.0) {
                    break;
                }
                cur += v + 10.0;
                last = next_j + 1;
                prev = Some(WordKind::Teen);
                j = next_j + 2;
                kinds += 1;
                continue;
            }
            WordKind::TeenHead => break,
            WordKind::Hundred
                if !joined && prev == Some(WordKind::Unit) && cur > 0.0 && cur < 10.0 =>
            {
                cur *= 100.0;
            }
            WordKind::Scale | WordKind::Scale2 => {
                if first && vague(&t.f).is_some() {
                    // آلاف alone is "thousands of".
                    return None;
                }
                if kind == WordKind::Scale2 && (cur > 0.0 || total > 0.0) {
                    break;
                }
                let m = if kind == WordKind::Scale2 {
                    2.0
                } else if cur == 0.0 {
                    1.0
                } else {
                    cur
                };
                if v > last_scale {
                    total = (total + m) * v;
                } else {
                    total += m * v;
                }
                last_scale = v;
                cur = 0.0;
            }
            _ => {
                if (joined || !first) && !fits(cur, v) {
                    break;
                }
                cur += v;
            }
        }
        prev = Some(kind);
        last = next_j;
        j = next_j + 1;
        kinds += 1;
    }
    if kinds == 0 {
        return None;
    }
    let mut value = total + cur;
    // `واحد فاصلة واحد`: a spelt-out decimal point between two small numbers.
    if toks
        .get(last + 1)
        .is_some_and(|n| n.f == "فاصله" && !n.any_break())
    {
        if let Some(fr) = toks
            .get(last + 2)
            .filter(|n| !n.any_break())
            .and_then(|n| word_at(n, false))
        {
            if fr.0 < 10.0 && value.fract() == 0.0 {
                value += fr.0 / 10.0;
                last += 2;
                kinds += 1;
            }
        }
    }
    let lone_one =
        kinds == 1 && last == i && matches!(word_at(&toks[i], true), Some((_, WordKind::One)));
    Some(NumMatch {
        value,
        last,
        words: true,
        lone_one,
        plain_int: false,
    })
}

/// Parses a whole string as one number (`ثلاثمائة وخمسين`, `2.5 مليون`, `١٬٠٠٠`), for callers
/// that hold a number already cut out of its sentence.
pub fn parse_number(s: &str) -> Option<f64> {
    let toks = crate::scan::scan(s);
    let m = number_at(&toks, 0)?;
    (m.last + 1 == toks.len()).then_some(m.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_follow_the_group_of_three_rule() {
        assert_eq!(parse_digits("1,500"), Some(1500.0));
        assert_eq!(parse_digits("1.500"), Some(1500.0));
        assert_eq!(parse_digits("3.5"), Some(3.5));
        assert_eq!(parse_digits("0.002"), Some(0.002));
        assert_eq!(parse_digits("1,000,000.50"), Some(1_000_000.5));
        assert_eq!(parse_digits("1.2.3"), None);
        assert_eq!(parse_digits(&isnad_text::fold("١٬٠٠٠٫٥")), Some(1000.5));
    }

    #[test]
    fn words_compose() {
        for (s, v) in [
            ("خمسة وعشرون", 25.0),
            ("مئة وعشرين", 120.0),
            ("ثلاث مئة", 300.0),
            ("ثلاثمائة وخمسين", 350.0),
            ("ثلاثة آلاف وخمسمئة", 3500.0),
            ("إحدى عشرة", 11.0),
            ("اثنا عشر", 12.0),
            ("12 ألفاً", 12000.0),
            ("2.5 مليون", 2_500_000.0),
            ("ألفين", 2000.0),
            ("مئتي ألف", 200_000.0),
            ("متين تلاتة وستين", 263.0),
            ("واحد فاصلة واحد", 1.1),
            ("مليون ونصف المليون", 1_500_000.0),
            ("3 آلاف ونصف", 3500.0),
        ] {
            assert_eq!(parse_number(s), Some(v), "{s}");
        }
        assert_eq!(parse_number("ثلاثة وخمسة"), None);
        assert_eq!(parse_number("أحد"), None);
    }
}
