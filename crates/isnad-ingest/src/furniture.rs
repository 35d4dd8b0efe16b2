//! Page furniture: lines of a web page that are not the article.
//!
//! Readability-style extraction drops most of a page's chrome, but cookie notices, "read also"
//! links, share bars, breaking-news labels and copyright lines still end up inside the text of
//! scraped corpora and of extracted pages. They would give false entities and false text reuse
//! (every article of an outlet shares its copyright line), so they are removed from the analysed
//! text, and every removal is listed in the document's diagnostics.
//!
//! The patterns live in `data/furniture.txt` (STYLE.md, point 10) and match *whole lines* after
//! folding, so that a pattern for the button "شارك" cannot remove a sentence that merely
//! contains the verb.

use std::sync::OnceLock;

use regex::RegexSet;

/// Lines longer than this are never furniture; it keeps the patterns from eating paragraphs.
const MAX_FURNITURE_CHARS: usize = 300;

static PATTERNS: &str = include_str!("../data/furniture.txt");

/// The compiled furniture patterns.
#[derive(Debug)]
pub struct Furniture {
    set: RegexSet,
}

impl Furniture {
    /// Compiles patterns in the format of `data/furniture.txt`.
    ///
    /// # Errors
    ///
    /// Returns the regex error of the first pattern that does not compile.
    pub fn from_patterns(text: &str) -> std::result::Result<Self, regex::Error> {
        let patterns: Vec<String> = isnad_text::lexicon::entries(text)
            .map(|e| e.text)
            // A Unicode `\b` keeps the regex engine off its fast DFA on Arabic text (it falls
            // back to the slow PikeVM on every line), so the end of a word is spelled out.
            .map(|l| fold_arabic_letters(l).replace(r"\b", r"(?:$|[^\p{L}\p{N}\p{M}])"))
            .map(|l| format!("^(?i:{l})$"))
            .collect();
        Ok(Furniture {
            set: RegexSet::new(patterns)?,
        })
    }

    /// The built-in patterns of `data/furniture.txt`.
    pub fn builtin() -> &'static Furniture {
        static BUILTIN: OnceLock<Furniture> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Furniture::from_patterns(PATTERNS).expect("data/furniture.txt compiles (tested)")
        })
    }

    /// Whether one line (without its newline) is page furniture.
    pub fn is_furniture(&self, line: &str) -> bool {
        let line = line.trim();
        if line.is_empty() || line.chars().count() > MAX_FURNITURE_CHARS {
            return false;
        }
        let folded = isnad_text::fold(line);
        self.set.is_match(folded.trim())
    }

    /// Removes furniture lines from `text`; returns the kept text and the removed lines.
    pub fn strip(&self, text: &str) -> (String, Vec<String>) {
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        for line in text.lines() {
            if self.is_furniture(line) {
                removed.push(line.trim().to_owned());
            } else {
                kept.push(line);
            }
        }
        (kept.join("\n"), removed)
    }
}

/// Folds only the Arabic letters of a pattern, leaving regex syntax (`\S`, `\b`) alone.
fn fold_arabic_letters(pattern: &str) -> String {
    pattern
        .chars()
        .filter_map(|c| {
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                isnad_text::fold_char(c)
            } else {
                Some(c)
            }
        })
        .collect()
}

/// A removed line as diagnostics quote it: trimmed to 80 characters.
pub fn quote(line: &str) -> String {
    let mut chars = line.chars();
    let head: String = chars.by_ref().take(80).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expect: bool) {
        assert_eq!(
            Furniture::builtin().is_furniture(line),
            expect,
            "furniture({line:?}) should be {expect}"
        );
    }

    #[test]
    fn removes_labels_links_buttons_banners_and_copyright() {
        for line in [
            "عاجل",
            "  عاجل:  ",
            "إقرأ أيضاً: الجيش يعلن السيطرة على قرية جديدة",
            "اقرأ أيضا",
            "اقرأ ايضاً - وفد أممي يزور المخيم",
            "شارك",
            "شارك هذا المقال",
            "Share",
            "تابعونا على تويتر وفيسبوك",
            "فيسبوك | تويتر | واتساب",
            "Facebook Twitter WhatsApp",
            "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك، بمتابعة التصفح فإنك توافق على ذلك.",
            "This site uses cookies to improve your experience.",
            "جميع الحقوق محفوظة © 2018",
            "© 2018 سكاي نيوز عربية",
            "أخبار ذات صلة",
            "** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
            "لمتابعة المباراة على الحواسيب اللوحية، اضغط هنا...",
            "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم المحمول.",
            "---------------------------------------",
            "للمزيد: ضربات جوية تستهدف مطارا عسكريا",
        ] {
            check(line, true);
        }
    }

    #[test]
    fn keeps_sentences_that_merely_contain_the_words() {
        for line in [
            "شارك في الاجتماع وزراء خارجية خمس دول عربية.",
            "وشارك المئات في تشييع القتلى في مدينة درعا.",
            "قال مصدر عاجل الرد إن الوفد سيصل غدا.",
            "تابعوا سيرهم نحو المدينة رغم القصف.",
            "وأكدت الشركة أنه فور تحميل تطبيق المراسلة على الهاتف يبدأ في جمع البيانات.",
            "وأكد أن الحقوق محفوظة للجميع بموجب الدستور الجديد، وفق ما قال.",
            "",
        ] {
            check(line, false);
        }
    }

    #[test]
    fn strip_reports_each_removed_line() {
        let (text, removed) = Furniture::builtin()
            .strip("عاجل\nقتل ثلاثة مدنيين في قصف على ريف إدلب.\nشارك\nجميع الحقوق محفوظة");
        assert_eq!(text, "قتل ثلاثة مدنيين في قصف على ريف إدلب.");
        assert_eq!(removed, vec!["عاجل", "شارك", "جميع الحقوق محفوظة"]);
    }

    #[test]
    fn very_long_lines_are_never_furniture() {
        let long = format!("جميع الحقوق محفوظة {}", "كلمة ".repeat(80));
        check(&long, false);
    }
}
