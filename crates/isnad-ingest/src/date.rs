//! Publication dates: metadata strings and datelines, normalised to `YYYY-MM-DD`.
//!
//! Dates reach ingest in many shapes: ISO datetimes with offsets from HTML meta tags and WARC
//! headers, `YYYY/MM/DD` and `DD/MM/YYYY` from CMS exports, and Arabic dates whose month may be
//! named in the Egyptian/Gulf style (يونيو), the Levantine style (حزيران) or both
//! (`حزيران/يونيو`), with Western or Arabic-Indic digits. The calendar day *as written* is kept:
//! an ISO datetime's offset is not applied, because the outlet's local day is the one its text
//! means by "today". A date that parses but does not exist (`2018-02-30`) is an error the caller
//! turns into a diagnostic; it never fails a document.
//!
//! The time of day, when metadata gives one, is kept apart ([`time_of_day`], the document's
//! `published_at`): two articles of one day are ordered by it when reuse direction asks who
//! came first. The offset is kept as written, so that the instant can be computed when it is
//! known. A crawl's capture time ([`CAPTURE_TIME`]) is not a publication time, and a time of
//! exactly midnight is what systems that know only the date write, so neither is kept.

use std::sync::OnceLock;

use regex::Regex;

/// Months by folded name (see `isnad_text::fold`): Gulf/Egyptian, Levantine, Maghrebi, English.
const MONTHS: [(&str, u32); 56] = [
    ("يناير", 1),
    ("كانون الثاني", 1),
    ("جانفي", 1),
    ("فبراير", 2),
    ("شباط", 2),
    ("فيفري", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("ابريل", 4),
    ("نيسان", 4),
    ("افريل", 4),
    ("مايو", 5),
    ("ايار", 5),
    ("ماي", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("حزيران", 6),
    ("جوان", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("تموز", 7),
    ("جويليه", 7),
    ("اغسطس", 8),
    ("اب", 8),
    ("اوت", 8),
    ("سبتمبر", 9),
    ("ايلول", 9),
    ("اكتوبر", 10),
    ("تشرين الاول", 10),
    ("نوفمبر", 11),
    ("تشرين الثاني", 11),
    ("ديسمبر", 12),
    ("كانون الاول", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Weekday names, folded, for recognising pure datelines.
const WEEKDAYS: [&str; 14] = [
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعه",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
];

fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.join("|")
}

struct Patterns {
    iso: Regex,
    ymd_slash: Regex,
    dmy: Regex,
    day_month_year: Regex,
    month_day_year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let months = month_alternation();
        Patterns {
            iso: Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:\b|[tT])").unwrap(),
            ymd_slash: Regex::new(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b").unwrap(),
            dmy: Regex::new(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b").unwrap(),
            day_month_year: Regex::new(&format!(
                r"(?i)\b(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({months})\b\.?(?:\s*[/(-]\s*(?:{months})\b\.?\s*\)?)?\s*,?\s*(?:عام\s+|سنه\s+)?(\d{{4}})\b"
            ))
            .unwrap(),
            month_day_year: Regex::new(&format!(
                r"(?i)\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
            ))
            .unwrap(),
        }
    })
}

fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DD` for a calendar date, or why it is not one.
fn validate(year: &str, month: u32, day: &str) -> std::result::Result<String, String> {
    let year: i32 = year.parse().map_err(|_| format!("year {year}"))?;
    let day: u32 = day.parse().map_err(|_| format!("day {day}"))?;
    if !(1800..=2200).contains(&year) {
        return Err(format!("year {year} out of range"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("no month {month}"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("no day {day} in {year}-{month:02}"));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

/// A date found in some text: its value (or why it is invalid) and where it was found in the
/// folded text (byte range).
struct Found {
    value: std::result::Result<String, String>,
    range: std::ops::Range<usize>,
}

fn find(folded: &str) -> Option<Found> {
    // Every pattern needs a digit (folding made them ASCII); most lines have none, and the
    // Unicode word boundaries below make the regexes slow to run for nothing.
    if !folded.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let p = patterns();
    let mut best: Option<Found> = None;
    let mut consider = |found: Found| {
        if best
            .as_ref()
            .is_none_or(|b| found.range.start < b.range.start)
        {
            best = Some(found);
        }
    };
    if let Some(c) = p.iso.captures(folded) {
        let month = c[2].parse().unwrap_or(0);
        consider(Found {
            value: validate(&c[1], month, &c[3]),
            range: c.get(0).unwrap().range(),
        });
    }
    if let Some(c) = p.ymd_slash.captures(folded) {
        let month = c[2].parse().unwrap_or(0);
        consider(Found {
            value: validate(&c[1], month, &c[3]),
            range: c.get(0).unwrap().range(),
        });
    }
    if let Some(c) = p.dmy.captures(folded) {
        let month = c[2].parse().unwrap_or(0);
        consider(Found {
            value: validate(&c[3], month, &c[1]),
            range: c.get(0).unwrap().range(),
        });
    }
    if let Some(c) = p.day_month_year.captures(folded) {
        let month = month_number(&c[2]).unwrap_or(0);
        consider(Found {
            value: validate(&c[3], month, &c[1]),
            range: c.get(0).unwrap().range(),
        });
    }
    if let Some(c) = p.month_day_year.captures(folded) {
        let month = month_number(&c[1]).unwrap_or(0);
        consider(Found {
            value: validate(&c[3], month, &c[2]),
            range: c.get(0).unwrap().range(),
        });
    }
    best
}

/// Where a WARC record's date came from: the crawler's capture time, which may stand in for the
/// publication date when a page gives none, but says nothing of the time of day it appeared.
pub const CAPTURE_TIME: &str = "WARC-Date";

/// The time of publication in a metadata date that gives a time of day, as
/// `YYYY-MM-DDTHH:MM:SS` followed by `Z` or the offset (`+03:00`) when it gives one:
/// ISO 8601 (`2018-06-15T10:30:00+03:00`, `2018-06-15 10:30`) and the RFC 2822 form of feeds
/// and HTTP headers (`Fri, 15 Jun 2018 10:30:00 GMT`).
///
/// `None` when `s` gives no time of day, an impossible one, or exactly midnight (`T00:00:00`),
/// which is how a system that knows only the date writes it.
pub fn time_of_day(s: &str) -> Option<String> {
    static P: OnceLock<[Regex; 2]> = OnceLock::new();
    let [iso, rfc] = P.get_or_init(|| {
        [
            Regex::new(
                r"(?i)\b(\d{4})-(\d{1,2})-(\d{1,2})[t ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?",
            )
            .unwrap(),
            Regex::new(
                r"(?i)\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(z|utc|ut|gmt|[+-]\d{4})?\b",
            )
            .unwrap(),
        ]
    });
    let folded = isnad_text::fold(s.trim());
    let (date, c) = if let Some(c) = iso.captures(&folded) {
        (validate(&c[1], c[2].parse().unwrap_or(0), &c[3]).ok()?, c)
    } else {
        let c = rfc.captures(&folded)?;
        (
            validate(&c[3], month_number(&c[2]).unwrap_or(0), &c[1]).ok()?,
            c,
        )
    };
    let number = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
    let (hour, minute, second) = (number(4)?, number(5)?, number(6)?);
    if hour > 23 || minute > 59 || second > 60 || (hour, minute, second) == (0, 0, 0) {
        return None;
    }
    let zone = match c.get(7).map(|m| m.as_str().to_ascii_lowercase()) {
        None => String::new(),
        Some(z) if matches!(z.as_str(), "z" | "utc" | "ut" | "gmt") => "Z".to_owned(),
        Some(z) => {
            let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            let (h, m) = digits.split_at(2.min(digits.len()));
            let (h, m): (u32, u32) = (
                h.parse().ok()?,
                if m.is_empty() { 0 } else { m.parse().ok()? },
            );
            if h > 14 || m > 59 {
                return None;
            }
            format!("{}{h:02}:{m:02}", &z[..1])
        }
    };
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}{zone}"))
}

/// Normalises a metadata date to `YYYY-MM-DD`.
///
/// # Errors
///
/// Returns a plain-words reason when `s` holds no date or an impossible one.
pub fn normalize(s: &str) -> std::result::Result<String, String> {
    let folded = isnad_text::fold(s.trim());
    match find(&folded) {
        Some(found) => found.value,
        None => Err("not a recognised date".to_owned()),
    }
}

/// A date read from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDate {
    /// `YYYY-MM-DD`.
    pub value: String,
    /// Index (in `text.lines()`) of the line it was read from.
    pub line: usize,
    /// Whether that line is a pure dateline (only the date, a weekday, a time and labels), so
    /// that it can be removed from the text.
    pub pure: bool,
}

/// Looks for a dateline in the first two and last two lines of `text`.
///
/// A date inside an ordinary sentence is not a publication date, so outside pure datelines only
/// a date within the first 40 characters of one of the first two lines counts (a byline such
/// as `دمشق - الجمعة 15 حزيران 2018 - ...`).
pub fn from_text(text: &str) -> Option<TextDate> {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    let mut candidates: Vec<usize> = (0..n.min(2)).collect();
    for i in n.saturating_sub(2)..n {
        if !candidates.contains(&i) {
            candidates.push(i);
        }
    }
    for i in candidates {
        let line = lines[i].trim();
        if line.is_empty() || line.chars().count() > 200 {
            continue;
        }
        let folded = isnad_text::fold(line);
        let Some(found) = find(&folded) else {
            continue;
        };
        let Ok(value) = found.value else {
            continue;
        };
        let pure = is_pure_dateline(&folded, found.range.clone());
        let early = folded[..found.range.start].chars().count() <= 40 && i < 2;
        if pure || early {
            return Some(TextDate {
                value,
                line: i,
                pure,
            });
        }
    }
    None
}

fn is_pure_dateline(folded: &str, date: std::ops::Range<usize>) -> bool {
    static LABELS: OnceLock<Regex> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\b({})\b|تاريخ النشر|نشر في|نشر بتاريخ|اخر تحديث|تم التحديث|بتاريخ|تحديث|published|updated|on|\b\d{{1,2}}:\d{{2}}(:\d{{2}})?\s*(ص|م|am|pm|gmt|utc)?\b|بتوقيت \S+|gmt|utc",
            WEEKDAYS.join("|")
        ))
        .unwrap()
    });
    let rest = format!("{} {}", &folded[..date.start], &folded[date.end..]);
    let rest = labels.replace_all(&rest, " ");
    rest.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation() || "،|•–—".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_metadata_dates() {
        for (input, expect) in [
            ("2018-06-15", "2018-06-15"),
            ("2018-06-15T23:30:00+03:00", "2018-06-15"),
            ("2018-06-15T08:00:00Z", "2018-06-15"),
            ("2018/06/15", "2018-06-15"),
            ("15/06/2018", "2018-06-15"),
            ("15 يونيو 2018", "2018-06-15"),
            ("15 حزيران 2018", "2018-06-15"),
            ("الجمعة 15 حزيران/يونيو 2018", "2018-06-15"),
            ("الجمعة ١٥ حزيران/يونيو ٢٠١٨", "2018-06-15"),
            ("1 تشرين الأول 2017", "2017-10-01"),
            ("3 آب 2016", "2016-08-03"),
            ("June 15, 2018", "2018-06-15"),
            ("Fri, 15 Jun 2018 10:00:00 GMT", "2018-06-15"),
            ("29/02/2016", "2016-02-29"),
        ] {
            assert_eq!(normalize(input).as_deref(), Ok(expect), "{input}");
        }
    }

    #[test]
    fn a_time_of_day_is_kept_with_its_offset() {
        for (input, expect) in [
            (
                "2018-06-15T23:30:00+03:00",
                Some("2018-06-15T23:30:00+03:00"),
            ),
            ("2018-06-15T08:05:09.250Z", Some("2018-06-15T08:05:09Z")),
            ("2018-06-15 14:32", Some("2018-06-15T14:32:00")),
            (
                "2018-06-15T14:32:00-0500",
                Some("2018-06-15T14:32:00-05:00"),
            ),
            (
                "٢٠١٨-٠٦-١٥T١٤:٣٢:٠٠+٠٣:٠٠",
                Some("2018-06-15T14:32:00+03:00"),
            ),
            (
                "Fri, 15 Jun 2018 10:00:00 GMT",
                Some("2018-06-15T10:00:00Z"),
            ),
            (
                "15 June 2018 10:00 +0300",
                Some("2018-06-15T10:00:00+03:00"),
            ),
            // A date alone, midnight, and impossible times give no time of day.
            ("2018-06-15", None),
            ("15 حزيران 2018", None),
            ("2018-06-15T00:00:00Z", None),
            ("2018-06-15T25:10:00Z", None),
            ("2018-02-30T10:00:00Z", None),
        ] {
            assert_eq!(time_of_day(input).as_deref(), expect, "{input}");
        }
    }

    #[test]
    fn impossible_and_unparsable_dates_are_errors() {
        assert!(normalize("2018-02-30").is_err());
        assert!(normalize("29/02/2018").is_err());
        assert!(normalize("قبل يومين").is_err());
        assert!(normalize("").is_err());
    }

    #[test]
    fn reads_pure_datelines_and_early_bylines() {
        let t = "الجمعة 15 حزيران 2018\nقتل خمسة مدنيين في قصف على ريف حماة.";
        assert_eq!(
            from_text(t),
            Some(TextDate {
                value: "2018-06-15".into(),
                line: 0,
                pure: true
            })
        );
        let t = "قتل خمسة مدنيين في قصف على ريف حماة.\nتاريخ النشر: 2018/06/15 10:30";
        assert_eq!(from_text(t).map(|d| (d.line, d.pure)), Some((1, true)));
        let t = "دمشق - 15 حزيران 2018 - قتل خمسة مدنيين في قصف.";
        assert_eq!(from_text(t).map(|d| d.pure), Some(false));
        // A date deep inside a sentence is what the article is about, not when it was published.
        let t = "قال المتحدث إن الهجوم الذي وقع على القرية الواقعة شمال المدينة في 15 حزيران 2014 أودى بحياة العشرات.";
        assert_eq!(from_text(t), None);
    }
}
