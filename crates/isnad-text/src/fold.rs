//! Lossy folding for matching: alef forms, ى/ي, ة/ه, diacritics, tatweel, digits, punctuation
//! variants, presentation forms, case. Never shown to a reader; only compared (gazetteer keys,
//! index terms, fingerprints).
//!
//! Folding works character by character, so [`fold_with_map`] can say where each folded
//! character came from. Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) are expanded by their
//! compatibility decomposition (NFKC's job for them: ﻻ → لا) and the result folded again;
//! everything else is left in its script, so folding stays cheap and does not need full NFKC.
//!
//! The input is expected in NFC (the shadow form of [`crate::normalize()`]); on decomposed input
//! hamza and madda marks are dropped like harakat, so أ folds to ا either way. Hamza on
//! ؤ and ئ is kept: writers rarely drop it and it separates different words.
//!
//! Folding is idempotent: `fold(fold(s)) == fold(s)`.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

/// Folds one character for matching, or drops it (`None`) when it carries no matching weight
/// (harakat, tatweel, bidi and invisible format characters).
///
/// Characters whose fold is more than one character (presentation ligatures such as ﻻ, a few
/// Latin capitals) fold to their first character here; [`fold`] handles them in full.
pub fn fold_char(c: char) -> Option<char> {
    let mut first = None;
    fold_into(c, &mut |f| {
        first.get_or_insert(f);
    });
    first
}

/// Whether `c` is an Arabic diacritic or Quranic annotation mark that folding strips.
pub const fn is_arabic_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06DC}'
            | '\u{06DF}'..='\u{06E8}'
            | '\u{06EA}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08E1}'
            | '\u{08E3}'..='\u{08FF}'
    )
}

/// Folds a single character that is not a presentation form.
const fn fold_simple(c: char) -> Option<char> {
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        '\u{0640}' => return None,
        c if is_arabic_mark(c) => return None,
        c if crate::normalize::is_removable(c) => return None,
        '\u{0660}'..='\u{0669}' => (b'0' + (c as u32 - 0x0660) as u8) as char,
        '\u{06F0}'..='\u{06F9}' => (b'0' + (c as u32 - 0x06F0) as u8) as char,
        '“' | '”' | '«' | '»' | '„' | '‟' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        c => c,
    })
}

/// [`fold_simple`] of each character of the Arabic block U+0600–U+06FF, worked out at compile
/// time: nearly every character of Arabic text passes here, several times over.
static ARABIC_BLOCK: [Option<char>; 0x100] = {
    let mut table = [None; 0x100];
    let mut o = 0;
    while o < 0x100 {
        if let Some(c) = char::from_u32(0x0600 + o as u32) {
            table[o] = fold_simple(c);
        }
        o += 1;
    }
    table
};

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Folds `c` and hands each resulting character to `emit`.
fn fold_into(c: char, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else if let Some(offset) = (c as u32).checked_sub(0x0600).filter(|&o| o < 0x100) {
        // Arabic has no case; its block is folded by a table made from `fold_simple`.
        if let Some(f) = ARABIC_BLOCK[offset as usize] {
            emit(f);
        }
    } else if is_presentation_form(c) {
        decompose_compatible(c, |d| {
            if let Some(f) = fold_simple(d) {
                emit_lower(f, emit);
            }
        });
    } else if let Some(f) = fold_simple(c) {
        emit_lower(f, emit);
    }
}

fn emit_lower(c: char, emit: &mut impl FnMut(char)) {
    if c.is_uppercase() {
        c.to_lowercase().for_each(emit);
    } else {
        emit(c);
    }
}

/// Folds a string for matching.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_into(c, &mut |f| out.push(f));
    }
    out
}

/// A folded string that remembers where each of its characters came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The folded text, as [`fold`] returns it.
    pub text: String,
    /// For each folded character: its byte offset in `text` and the byte range of the input
    /// character it came from.
    origins: Vec<(usize, Range<usize>)>,
    input_len: usize,
}

impl Folded {
    /// Maps a byte offset of the folded text to the input: the start of the input character
    /// the folded character at `offset` came from (`text.len()` maps to the input's length).
    pub fn to_input(&self, offset: usize) -> usize {
        if offset >= self.text.len() {
            return self.input_len;
        }
        let i = self.origins.partition_point(|(o, _)| *o <= offset) - 1;
        self.origins[i].1.start
    }

    /// Maps a byte range of the folded text to the input range it came from. Characters that
    /// folding dropped inside the range (harakat) are included; those at its edges are not.
    pub fn span_to_input(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_input(span.start);
        if span.end <= span.start || span.end == 0 {
            return start..start;
        }
        let end = span.end.min(self.text.len());
        let i = self.origins.partition_point(|(o, _)| *o < end) - 1;
        start..self.origins[i].1.end.max(start)
    }
}

/// Folds `s` like [`fold`] and keeps a map from folded offsets back to `s`.
pub fn fold_with_map(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut origins = Vec::with_capacity(s.len() / 2);
    for (i, c) in s.char_indices() {
        let src = i..i + c.len_utf8();
        fold_into(c, &mut |f| {
            origins.push((text.len(), src.clone()));
            text.push(f);
        });
    }
    Folded {
        text,
        origins,
        input_len: s.len(),
    }
}

/// A text folded once, so that the fold of any span of it is a slice: folding works character
/// by character, so folding `input[span]` gives the same string as slicing the whole fold.
/// Stages that fold every token, several times over, read it from here instead.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoldedText {
    /// [`fold`] of the input.
    text: String,
    /// For each byte offset of the input, and its end, the offset in `text` where the fold of
    /// the character there starts (a character's inner bytes share its start).
    at: Vec<u32>,
}

impl FoldedText {
    /// Folds `input`. Inputs of 4 GiB or more are folded only up to that length.
    pub fn new(input: &str) -> FoldedText {
        let mut text = String::with_capacity(input.len());
        let mut at = Vec::with_capacity(input.len() + 1);
        for c in input.chars() {
            let start = u32::try_from(text.len()).unwrap_or(u32::MAX);
            for _ in 0..c.len_utf8() {
                at.push(start);
            }
            fold_into(c, &mut |f| text.push(f));
        }
        at.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        FoldedText { text, at }
    }

    /// The fold of `input[span]`, as [`fold`] would return it; `span` must lie on character
    /// boundaries of the input.
    #[inline]
    pub fn of(&self, span: Range<usize>) -> &str {
        let offset = |i: usize| self.at.get(i).map_or(self.text.len(), |&o| o as usize);
        &self.text[offset(span.start)..offset(span.end).max(offset(span.start))]
    }

    /// The whole fold.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(fold(input), expected, "fold of {input:?}");
        assert_eq!(fold_with_map(input).text, expected);
        assert_eq!(fold(expected), expected, "fold is idempotent");
    }

    #[test]
    fn folds() {
        check("إلى الحسكةِ", "الي الحسكه");
        check("أحمد إبراهيم آمنة ٱلله", "احمد ابراهيم امنه الله");
        check("مستشفى", "مستشفي");
        check("غَزَّةُ", "غزه");
        check("وأضافـــت", "واضافت");
        check("\u{200F}نص\u{202B}", "نص");
        check("٧٥٠ و۱۲۳", "750 و123");
        check("«قال» “x” „y‟ ‘z’", "\"قال\" \"x\" \"y\" 'z'");
        check("نعم، لا؛ لماذا؟", "نعم, لا; لماذا?");
        check("ﻻ ﷲ ﺑﺴﻢ", "لا الله بسم");
        check("The U.S. ÉTAT", "the u.s. état");
        check("ؤ ئ", "ؤ ئ");
    }

    #[test]
    fn a_span_of_the_folded_text_is_the_fold_of_the_span() {
        let input = "قالـــت «المصادرُ» للوكالة ﻻ ٧٥٠ U.S.";
        let folded = FoldedText::new(input);
        assert_eq!(folded.as_str(), fold(input));
        let bounds: Vec<usize> = input
            .char_indices()
            .map(|(i, _)| i)
            .chain([input.len()])
            .collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k..] {
                assert_eq!(folded.of(a..b), fold(&input[a..b]), "{a}..{b}");
            }
        }
    }

    #[test]
    fn fold_char_drops_and_maps() {
        assert_eq!(fold_char('\u{064E}'), None);
        assert_eq!(fold_char('\u{0640}'), None);
        assert_eq!(fold_char('إ'), Some('ا'));
        assert_eq!(fold_char('٣'), Some('3'));
        assert_eq!(fold_char('ﻻ'), Some('ل'));
    }

    #[test]
    fn map_points_into_input() {
        let input = "«غَزّة» ﻻ";
        let f = fold_with_map(input);
        assert_eq!(f.text, "\"غزه\" لا");
        let g = f.text.find('غ').unwrap();
        let h = f.text.find('ه').unwrap() + 'ه'.len_utf8();
        assert_eq!(&input[f.span_to_input(g..h)], "غَزّة");
        // Both letters of a ligature map to the ligature.
        let l = f.text.find('ل').unwrap();
        assert_eq!(&input[f.span_to_input(l..l + 2)], "ﻻ");
        assert_eq!(&input[f.span_to_input(l + 2..f.text.len())], "ﻻ");
        assert_eq!(f.to_input(f.text.len()), input.len());
    }
}
