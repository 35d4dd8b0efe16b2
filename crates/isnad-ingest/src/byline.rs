//! Source lines and bylines: who the text says it comes from.
//!
//! Scraped Arabic news often says where its copy came from in the text itself rather than in
//! metadata: `RT :` opening the body, `المصدر: سبوتنيك` or `مصدر الأخبار: عربي اليوم + وكالات`
//! at the end, `إعداد: وكالة ...`, or an agency tag in the dateline (`دمشق - (سانا) -`). These
//! lines are not article text (they would become false entities and false attributions), so they
//! are removed, and what they say goes into the document: with no metadata outlet, the first
//! name becomes the outlet (`outlet_from: text`); when the metadata names a publisher and the
//! line credits another outlet, the publisher stays and the other becomes
//! [`isnad_core::Credit`], the first cited link of every chain.
//!
//! Only the first three and last three lines are examined: a source line in the middle of an
//! article is a quotation, not a byline.

use std::sync::OnceLock;

use regex::Regex;

use crate::outlets;

/// What the source lines of a text say.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SourceLines {
    /// The text with the source lines (or the tag prefix of a line) removed.
    pub text: String,
    /// Names read, in order, each with the original line it came from.
    pub names: Vec<(String, String)>,
    /// A person named by `إعداد:` / `تحرير:` when it is not an outlet.
    pub author: Option<String>,
    /// The removed lines or prefixes, as written.
    pub removed: Vec<String>,
}

struct Rules {
    /// `المصدر: X`, `مصدر الخبر: X`, `مصدر الأخبار: X + وكالات`, `*نقلاً عن X` (short).
    source_line: Regex,
    /// `إعداد: X`, `تحرير: X`, `إعداد وتحرير: X`.
    prepared_by: Regex,
    /// `RT :` or `سبوتنيك:` opening the body; the name must be a known outlet.
    name_colon: Regex,
    /// `(سانا)`, `دمشق - (سانا) -`, `دبي، الإمارات العربية المتحدة (CNN)--` opening the body.
    paren_tag: Regex,
    /// `دمشق - سانا -` opening the body.
    bare_tag: Regex,
    /// A first line that is only a byline: `مرصد الخابور - الحسكة`, `وكالة أنباء الشرق`.
    byline_only: Regex,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| Rules {
        source_line: Regex::new(
            r"^(?:ال)?(?:مصدر|مصادر)(?:\s+(?:الخبر|الأخبار|الاخبار|المقال|النص))?\s*[:：]\s*(.{1,80}?)[\s.]*$|^\*?\s*(?:نقلا|نقلاً) عن\s*[:：]?\s*(.{1,50}?)[\s.]*$|^(?i:source)\s*[:：]\s*(.{1,80}?)[\s.]*$",
        )
        .unwrap(),
        prepared_by: Regex::new(
            r"^(?:إعداد|اعداد|أعداد|تحرير|إعداد وتحرير|اعداد وتحرير|ترجمة وإعداد|ترجمة واعداد)\s*[:：]\s*(.{1,80}?)[\s.]*$",
        )
        .unwrap(),
        name_colon: Regex::new(r"^([^\s:：()\-–—][^:：()\-–—]{0,30}?)\s*[:：]\s*").unwrap(),
        paren_tag: Regex::new(
            r"^(?:([^\s()\-–—:][^()\-–—:]{0,40}?)\s*([-–—])?\s*)?\(([^()]{1,30})\)\s*([-–—:]+)?\s*",
        )
        .unwrap(),
        bare_tag: Regex::new(
            r"^(?:([^\s()\-–—:][^()\-–—:]{0,40}?)\s*[-–—]\s*)?([^\s()\-–—:][^()\-–—:]{0,30}?)\s*(?:[-–—:]+\s*|$)",
        )
        .unwrap(),
        byline_only: Regex::new(r"^([^\s:：()\-–—][^:：()\-–—]{1,40}?)(?:\s*[-–—]\s*([^:：()\-–—]{2,30}))?$")
            .unwrap(),
    })
}

/// Splits `عربي اليوم + وكالات` / `رويترز، فرانس برس` into names.
fn split_names(s: &str) -> Vec<String> {
    s.split(['+', '،', ',', '/', '&'])
        .flat_map(|part| part.split(" و "))
        .map(|n| n.trim().trim_matches(|c: char| c == '.' || c == '-').trim())
        .map(unquote)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `"الشرق الأوسط"` → `الشرق الأوسط`; `"الخليج" الإماراتية` stays as written.
fn unquote(name: &str) -> &str {
    let quotes = ['"', '«', '»', '“', '”'];
    match name
        .strip_prefix(quotes)
        .and_then(|n| n.strip_suffix(quotes))
    {
        Some(inner) if !inner.contains(quotes) => inner.trim(),
        _ => name,
    }
}

/// A signature line made only of known outlet names (`فرانس24/ أ ف ب/ رويترز`).
fn outlet_signature(line: &str) -> Option<Vec<String>> {
    if line.chars().count() > 80 {
        return None;
    }
    let names = split_names(line);
    (!names.is_empty() && names.iter().all(|n| outlets::lookup(n).is_some())).then_some(names)
}

/// Whether a `إعداد:` name is an outlet rather than a person.
fn looks_like_outlet(name: &str) -> bool {
    let folded = isnad_text::fold(name);
    outlets::lookup(name).is_some()
        || [
            "وكاله",
            "قناه",
            "صحيفه",
            "موقع",
            "شبكه",
            "جريده",
            "اذاعه",
            "تلفزيون",
            "مركز",
            "مرصد",
            "المرصد",
            "وكالات",
        ]
        .iter()
        .any(|w| folded.starts_with(w))
}

/// Reads and removes the source lines of `text`.
pub fn read(text: &str) -> SourceLines {
    let r = rules();
    let mut lines: Vec<Option<String>> = text.lines().map(|l| Some(l.to_owned())).collect();
    let mut out = SourceLines::default();
    let n = lines.len();
    let mut idx: Vec<usize> = (0..n.min(3)).collect();
    for i in n.saturating_sub(3)..n {
        if !idx.contains(&i) {
            idx.push(i);
        }
    }
    let first_nonempty = lines
        .iter()
        .position(|l| l.as_deref().is_some_and(|l| !l.trim().is_empty()));

    for i in idx {
        let Some(line) = lines[i].clone() else {
            continue;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(c) = r.source_line.captures(trimmed) {
            let names = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map_or("", |m| m.as_str());
            for name in split_names(names) {
                out.names.push((name, trimmed.to_owned()));
            }
            out.removed.push(trimmed.to_owned());
            lines[i] = None;
            continue;
        }
        if let Some(c) = r.prepared_by.captures(trimmed) {
            let names = split_names(&c[1]);
            for name in names {
                if looks_like_outlet(&name) {
                    out.names.push((name, trimmed.to_owned()));
                } else if out.author.is_none() {
                    out.author = Some(name);
                }
            }
            out.removed.push(trimmed.to_owned());
            lines[i] = None;
            continue;
        }
        if let Some(names) = outlet_signature(trimmed) {
            for name in names {
                out.names.push((name, trimmed.to_owned()));
            }
            out.removed.push(trimmed.to_owned());
            lines[i] = None;
            continue;
        }
        if Some(i) != first_nonempty {
            continue;
        }
        // A first line that is nothing but a byline, `NAME` or `NAME - PLACE`, where NAME
        // is a known outlet or is headed by an outlet noun (وكالة، قناة، صحيفة، مرصد ...).
        // Short lines only: a headline is longer, and a sentence does not start with them.
        if let Some(c) = r.byline_only.captures(trimmed) {
            let name = c[1].trim();
            let short = trimmed.split_whitespace().count() <= 6
                && c.get(2)
                    .is_none_or(|p| p.as_str().split_whitespace().count() <= 3);
            if short && name.split_whitespace().count() <= 4 && looks_like_outlet(name) {
                out.names.push((name.to_owned(), trimmed.to_owned()));
                out.removed.push(trimmed.to_owned());
                lines[i] = None;
                continue;
            }
        }
        // Tags opening the body: the name must be a known outlet.
        if let Some(c) = r.name_colon.captures(trimmed) {
            let name = c[1].trim();
            if outlets::lookup(name).is_some() {
                let prefix = c.get(0).unwrap().as_str();
                out.names.push((name.to_owned(), trimmed.to_owned()));
                out.removed.push(prefix.trim().to_owned());
                let rest = trimmed[prefix.len()..].trim();
                lines[i] = (!rest.is_empty()).then(|| rest.to_owned());
                continue;
            }
        }
        // `place (tag) text` reads as a dateline only when a dash or a comma shows the
        // structure (`دبي، الإمارات (CNN)`, `دمشق - (سانا)`, `(CNN)--`); otherwise the
        // parentheses are part of a sentence (`نقلت وكالة الأنباء السورية (سانا) عن ...`).
        let tag = r
            .paren_tag
            .captures(trimmed)
            .filter(|c| {
                let structured = c.get(1).is_none_or(|place| {
                    c.get(2).is_some() || c.get(4).is_some() || place.as_str().contains(['،', ','])
                });
                structured && outlets::lookup(&c[3]).is_some()
            })
            .map(|c| (c.get(0).unwrap().as_str(), c[3].trim().to_owned()))
            .or_else(|| {
                // A bare name needs a place before it or nothing after it to be a tag, not
                // the first words of a sentence.
                r.bare_tag
                    .captures(trimmed)
                    .filter(|c| {
                        outlets::lookup(&c[2]).is_some()
                            && (c.get(1).is_some() || c[0].len() == trimmed.len())
                    })
                    .map(|c| (c.get(0).unwrap().as_str(), c[2].trim().to_owned()))
            });
        if let Some((prefix, name)) = tag {
            let rest = trimmed[prefix.len()..].trim();
            out.names.push((name, trimmed.to_owned()));
            out.removed.push(prefix.trim().to_owned());
            lines[i] = (!rest.is_empty()).then(|| rest.to_owned());
        }
    }
    out.text = lines.into_iter().flatten().collect::<Vec<_>>().join("\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &SourceLines) -> Vec<&str> {
        s.names.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn rt_prefix_opening_the_text() {
        for t in [
            "RT : أعلنت وزارة الدفاع الروسية اليوم.",
            "RT: أعلنت وزارة الدفاع الروسية اليوم.",
        ] {
            let s = read(t);
            assert_eq!(names(&s), ["RT"]);
            assert_eq!(s.text, "أعلنت وزارة الدفاع الروسية اليوم.");
            assert!(s.removed[0].starts_with("RT"), "{:?}", s.removed);
        }
    }

    #[test]
    fn source_lines_at_the_end() {
        let s = read("قتل ثلاثة جنود في هجوم.\nالمصدر: سبوتنيك");
        assert_eq!(names(&s), ["سبوتنيك"]);
        assert_eq!(s.text, "قتل ثلاثة جنود في هجوم.");
        let s = read("قتل ثلاثة جنود في هجوم.\nمصدر الأخبار: عربي اليوم + وكالات");
        assert_eq!(names(&s), ["عربي اليوم", "وكالات"]);
        let s = read("قتل ثلاثة جنود في هجوم.\nالمصدر: وكالات");
        assert_eq!(names(&s), ["وكالات"]);
    }

    #[test]
    fn reprint_credits() {
        let s = read("أعلنت الشرطة توقيف شخصين.\n*نقلاً عن الرؤية الإماراتية");
        assert_eq!(names(&s), ["الرؤية الإماراتية"]);
        assert_eq!(s.text, "أعلنت الشرطة توقيف شخصين.");
        let s = read("أعلنت الشرطة توقيف شخصين.\n* نقلا عن \"الشرق الأوسط\"");
        assert_eq!(names(&s), ["الشرق الأوسط"]);
    }

    #[test]
    fn prepared_by_an_agency_or_a_person() {
        let s = read("قتل ثلاثة جنود في هجوم.\nإعداد: وكالة الأناضول");
        assert_eq!(names(&s), ["وكالة الأناضول"]);
        let s = read("قتل ثلاثة جنود في هجوم.\nإعداد: محمد الأحمد");
        assert!(s.names.is_empty());
        assert_eq!(s.author.as_deref(), Some("محمد الأحمد"));
        assert_eq!(s.text, "قتل ثلاثة جنود في هجوم.");
    }

    #[test]
    fn agency_tags_in_the_dateline() {
        let s = read("دمشق - (سانا) - أعلنت محافظة دمشق عن افتتاح جسر جديد.");
        assert_eq!(names(&s), ["سانا"]);
        assert_eq!(s.text, "أعلنت محافظة دمشق عن افتتاح جسر جديد.");
        let s = read("(سانا) أعلنت محافظة دمشق عن افتتاح جسر جديد.");
        assert_eq!(names(&s), ["سانا"]);
        assert_eq!(s.text, "أعلنت محافظة دمشق عن افتتاح جسر جديد.");
        let s = read("دمشق - سانا - أعلنت محافظة دمشق عن افتتاح جسر جديد.");
        assert_eq!(names(&s), ["سانا"]);
        let s = read("دبي، الإمارات العربية المتحدة (CNN)-- أعلنت الشرطة توقيف شخصين.");
        assert_eq!(names(&s), ["CNN"]);
        assert_eq!(s.text, "أعلنت الشرطة توقيف شخصين.");
        assert_eq!(s.removed, ["دبي، الإمارات العربية المتحدة (CNN)--"]);
    }

    #[test]
    fn signature_lines_of_outlet_names() {
        let s = read("أعلنت الشرطة توقيف شخصين.\nفرانس24/ أ ف ب/ رويترز");
        assert_eq!(names(&s), ["فرانس24", "أ ف ب", "رويترز"]);
        assert_eq!(s.text, "أعلنت الشرطة توقيف شخصين.");
        let s = read("أعلنت الشرطة توقيف شخصين.\nطاهر هاني");
        assert!(s.names.is_empty());
    }

    #[test]
    fn a_first_line_that_is_only_a_byline() {
        let s = read("مرصد الخابور - الحسكة\nقال المراسل إن القافلة وصلت.");
        assert_eq!(names(&s), ["مرصد الخابور"]);
        assert_eq!(s.text, "قال المراسل إن القافلة وصلت.");
        let s = read("وكالة أنباء الشرق\nوصلت القافلة إلى المدينة.");
        assert_eq!(names(&s), ["وكالة أنباء الشرق"]);
        // A headline headed by an outlet noun but long, or a sentence, is not a byline.
        let s = read("موقع التواصل الاجتماعي يحذف آلاف الحسابات المزيفة في حملة جديدة\nنص.");
        assert!(s.names.is_empty());
    }

    #[test]
    fn ordinary_sentences_are_left_alone() {
        for t in [
            "قال المرصد السوري: إن القصف استمر طوال الليل.",
            "وقالت الوكالة إن المصدر: مجهول حتى الآن وفق ما نقلت عنه الصحف المحلية في المدينة.",
            "(وزارة الدفاع) أعلنت عن مناورات.",
            "سانا هي الوكالة الرسمية.",
            "أعلن الاتحاد الدولي لكرة القدم (فيفا) عن موعد القرعة.",
            "نقلت وكالة الأنباء الرسمية السورية (سانا) عن مصدر عسكري قوله إن الضربات استهدفت مواقع.",
            "مُنعت مراسلة لشبكة (سي إن إن) الإخبارية الأمريكية من تغطية حدث في البيت الأبيض.",
            "وأضاف نقلا عن مصادر في الوزارة أن الاجتماع تأجل إلى الأسبوع المقبل بسبب خلافات.",
        ] {
            let s = read(t);
            assert!(s.names.is_empty(), "{t}: {:?}", s.names);
            assert_eq!(s.text, t);
        }
    }
}
