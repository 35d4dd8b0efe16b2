//! Language identification of the document, from its first 1.5 KB.
//!
//! whatlang is small, fast and right on Arabic, Persian and Urdu news (crates.md, section 1).
//! The report wants a BCP-47 tag, so whatlang's ISO 639-3 codes are mapped to the two-letter
//! codes where those exist; a text too short or too mixed to tell is reported as `und` with a
//! diagnostic, never guessed.

use isnad_core::Document;
use isnad_text::TextLayer;
use whatlang::Lang;

use crate::Stage;

/// Sets `Document::language`.
pub struct LanguageStage;

/// Below this many letters a language guess is not worth printing.
const MIN_LETTERS: usize = 12;

impl Stage for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }

    fn run(&self, doc: &mut Document, _layer: &TextLayer) {
        // Only whether there are enough letters matters: stop counting there.
        let letters = doc
            .text
            .chars()
            .filter(|&c| isnad_text::is_alphabetic(c))
            .take(MIN_LETTERS)
            .count();
        if letters < MIN_LETTERS {
            doc.language = "und".to_owned();
            if !doc.text.trim().is_empty() {
                doc.diagnostics
                    .push("text too short to identify its language".to_owned());
            }
            return;
        }
        let sample = sample(&doc.text);
        if is_plainly_arabic(sample) {
            doc.language = "ar".to_owned();
            return;
        }
        match whatlang::detect(sample) {
            Some(info) => {
                doc.language = bcp47(info.lang()).to_owned();
                if !info.is_reliable() {
                    doc.diagnostics.push(format!(
                        "language identified as {} with low confidence ({:.2})",
                        doc.language,
                        info.confidence()
                    ));
                }
            }
            None => {
                doc.language = "und".to_owned();
                doc.diagnostics
                    .push("language could not be identified".to_owned());
            }
        }
    }
}

/// Whether `sample` is Arabic by its letters alone: most of its letters are in Arabic script,
/// every one of those is a letter of the Arabic alphabet proper (U+0621–U+064A, ٱ), none of
/// the letters Persian, Urdu, Kurdish, Pashto and the others add (پ چ ژ گ ک ی ے ...), no ZWNJ
/// (which those languages write and Arabic does not), and it has a ة, a ى or a word starting
/// with ال. Persian always writes ی and ک, so a text without them is not Persian; whatlang's
/// trigrams decide everything else. Besides sparing the trigram count on nearly every news
/// article, this settles short Arabic headlines the trigrams get wrong (one on 8,000 corpus
/// articles was taken for Persian, with no Persian letter in it).
fn is_plainly_arabic(sample: &str) -> bool {
    let (mut arabic, mut other, mut marked) = (0usize, 0usize, false);
    let mut word_start = true;
    let mut after_alef = false;
    for c in sample.chars() {
        match c {
            '\u{0621}'..='\u{064A}' | '\u{0671}' => {
                arabic += 1;
                marked |= matches!(c, 'ة' | 'ى') || (after_alef && c == 'ل');
                after_alef = word_start && c == 'ا';
                word_start = false;
                continue;
            }
            // Harakat, tatweel, Arabic digits and punctuation: neither letters nor breaks.
            '\u{064B}'..='\u{066D}' | '\u{060C}' | '\u{061B}' | '\u{061F}' => {}
            '\u{200C}' => return false,
            c if (('\u{0600}'..='\u{08FF}').contains(&c)
                || ('\u{FB50}'..='\u{FEFF}').contains(&c))
                && isnad_text::is_alphabetic(c) =>
            {
                return false;
            }
            c if isnad_text::is_alphabetic(c) => other += 1,
            _ => {}
        }
        after_alef = false;
        word_start = !isnad_text::is_alphanumeric(c);
    }
    marked && arabic > other
}

/// How much of a text language identification reads: whatlang counts trigrams over all it is
/// given, and some seven hundred letters settle the language as well as a whole article (on
/// 8,000 corpus articles the language found was the same for every one).
const SAMPLE_BYTES: usize = 1536;

/// The start of `text`, up to [`SAMPLE_BYTES`], ending at a space so that no word is cut.
fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => &text[..space],
        _ => &text[..end],
    }
}

/// The shortest BCP-47 primary tag for a whatlang language.
fn bcp47(lang: Lang) -> &'static str {
    match lang {
        Lang::Ara => "ar",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Heb => "he",
        Lang::Tur => "tr",
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Rus => "ru",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        Lang::Hin => "hi",
        Lang::Ukr => "uk",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language_of(text: &str) -> String {
        let mut doc = Document::new("t", "t", text);
        LanguageStage.run(&mut doc, &TextLayer::new(text));
        doc.language
    }

    #[test]
    fn tells_arabic_from_english_and_persian() {
        assert_eq!(
            language_of("قالت مصادر محلية إن قافلة من الشاحنات وصلت إلى المدينة صباح اليوم"),
            "ar"
        );
        assert_eq!(
            language_of("Local sources said a convoy of trucks reached the town this morning"),
            "en"
        );
        assert_eq!(
            language_of(
                "منابع محلی گفتند که کاروانی از کامیون‌ها امروز صبح به شهر رسید و مردم خوشحال شدند"
            ),
            "fa"
        );
    }

    #[test]
    fn a_long_text_is_read_from_its_start_to_a_word_end() {
        let long = "قالت مصادر محلية إن قافلة وصلت ".repeat(300);
        let start = sample(&long);
        assert!(start.len() <= SAMPLE_BYTES && start.len() > SAMPLE_BYTES - 40);
        assert!(long[start.len()..].starts_with(' '), "ends before a space");
        assert_eq!(language_of(&long), "ar");
        assert_eq!(sample("قصير"), "قصير");
    }

    #[test]
    fn arabic_letters_alone_make_arabic_and_any_other_letter_asks_whatlang() {
        assert!(is_plainly_arabic(
            "أفادت مصادر بسقوط جرحى في مدينة تورونتو في كندا."
        ));
        assert!(is_plainly_arabic(
            "قالت الوزارة في بيان (Reuters) إن القافلة وصلت"
        ));
        // Persian, and Persian written with Arabic ي and ك but a ZWNJ.
        assert!(!is_plainly_arabic("منابع محلی گفتند که کاروانی امروز رسید"));
        assert!(!is_plainly_arabic("منابع محلي گفتند"));
        assert!(!is_plainly_arabic("كاميون\u{200C}ها رسيدند"));
        // No ة, ى or ال: the letters do not settle it.
        assert!(!is_plainly_arabic("كان يوم امس"));
        // Mostly Latin.
        assert!(!is_plainly_arabic(
            "Sources said on Monday that the convoy of the army (الجيش)"
        ));
    }

    #[test]
    fn a_short_text_is_undetermined_not_guessed() {
        assert_eq!(language_of("عاجل"), "und");
    }
}
