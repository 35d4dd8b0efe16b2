//! Month names and year words, which both finders read: the time finder to build dates, the
//! figure finder to tell the day number or year of a date from a count (`13 نيسان`,
//! `عام 2014`). They live here, beside the shared [scanner](crate::scan), so that `quantity`
//! reads them without importing `time`: the dependency runs one way, scanner and calendar ←
//! `quantity` ← `time`.

use std::sync::LazyLock;

use crate::scan::{unclitic, words, PhraseSet, Tok};
use crate::words::data_lines;

/// A month name in the lexicon.
pub(crate) struct Month {
    number: i8,
    hijri: bool,
    ambiguous: bool,
}

/// The month names of `data/months.txt`, in every series.
pub(crate) static MONTHS: LazyLock<PhraseSet<Month>> = LazyLock::new(|| {
    let mut months = Vec::new();
    for line in data_lines(include_str!("../data/months.txt")) {
        let mut it = line.splitn(4, char::is_whitespace);
        let (Some(n), Some(series), Some(flag), Some(name)) =
            (it.next(), it.next(), it.next(), it.next())
        else {
            continue;
        };
        let Ok(number) = n.parse() else { continue };
        months.push((
            words(name),
            Month {
                number,
                hijri: series == "hijri",
                ambiguous: flag == "ambiguous",
            },
        ));
    }
    PhraseSet::new(months)
});

/// A month name read at a token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MonthAt {
    /// The month's number in its calendar, 1 to 12.
    pub number: i8,
    /// Whether it is a Hijri month.
    pub hijri: bool,
    /// Whether the name is also a common word (`صفر`, `رجب`) and needs a day or year.
    pub ambiguous: bool,
    /// The month name's last token.
    pub last: usize,
}

/// The month name at token `i`, with its pair if it has one (`تشرين الثاني/نوفمبر`).
pub(crate) fn month_at(toks: &[Tok], i: usize) -> Option<MonthAt> {
    let m = MONTHS.at(toks, i)?;
    let mut at = MonthAt {
        number: m.0.number,
        hijri: m.0.hijri,
        ambiguous: m.0.ambiguous,
        last: m.1,
    };
    // The pair: same month in another series, after a slash, in brackets or after a space.
    if toks.get(at.last + 1).is_some_and(|n| !n.hard_break()) {
        let pair = MONTHS.at(toks, at.last + 1);
        if let Some((p, last)) = pair.filter(|(p, _)| p.number == at.number && p.hijri == at.hijri)
        {
            let _ = p;
            at.last = last;
            at.ambiguous = false;
        }
    }
    Some(at)
}

/// Whether the token before `i` ends a month name (`يونيو 2017`, `تموز 13`).
pub(crate) fn month_after(toks: &[Tok], i: usize) -> bool {
    (1..=3).any(|k| {
        i.checked_sub(k)
            .and_then(|s| month_at(toks, s))
            .is_some_and(|m| m.last + 1 == i)
    })
}

/// Whether `f` is a word that introduces a year (`عام`, `العام`, `سنة`).
pub(crate) fn is_year_word(f: &str) -> bool {
    unclitic(f)
        .iter()
        .any(|c| matches!(c, "عام" | "العام" | "سنه" | "السنه" | "عامي"))
}
