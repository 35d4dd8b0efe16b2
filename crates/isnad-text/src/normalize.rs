//! Lossless normalisation: a *shadow form* of the text for analysis, with a map back to the
//! original.
//!
//! The shadow form is the original with
//! * canonical composition (NFC) applied,
//! * tatweel (U+0640) removed,
//! * bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C) removed,
//! * other invisible format characters (U+200B, U+FEFF) removed.
//!
//! ZWNJ and ZWJ are kept: they change how Persian and Urdu words are written and joined.
//!
//! Nothing else changes, so the shadow form may be displayed, but the report always prints the
//! original and all offsets point into it. [`Normalized`] maps shadow byte offsets back.
//!
//! # How the map is built
//!
//! NFC can reorder and merge characters, so it is applied per *chunk*: a run that starts at a
//! stable starter (combining class 0 and NFC quick-check `Yes`, so nothing before it can
//! compose with it) and runs up to the next one. Removable characters are skipped before the
//! chunking, so removing a tatweel between a letter and its harakat cannot leave the shadow text
//! out of canonical order (this keeps `normalize` idempotent). A chunk that comes out
//! byte-identical is copied and mapped byte for byte; any other chunk is mapped as a whole:
//! an offset inside it maps to the chunk's start (or, for the end of a span, its end). Arabic
//! chunks are short (a letter and its marks), so the map stays precise to the letter.
//!
//! Text that is already NFC and holds no removable characters takes a fast path: the map is
//! empty and offsets map to themselves.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whether `normalize` removes `c` from the shadow form (tatweel, bidi and invisible format
/// characters).
pub const fn is_removable(c: char) -> bool {
    matches!(
        c,
        '\u{0640}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `c` is, by its range alone, a stable starter that `normalize` keeps: below the
/// combining marks, or Arabic letters, digits and punctuation, or general punctuation. Nearly
/// every character of Arabic news is one, and the range test spares the Unicode tables (a
/// test checks each character of these ranges against them).
fn is_plain_starter(c: char) -> bool {
    (c as u32) < 0x300
        || matches!(
            c,
            '\u{0600}'..='\u{060F}'
                | '\u{061B}'
                | '\u{061D}'..='\u{063F}'
                | '\u{0641}'..='\u{064A}'
                | '\u{0660}'..='\u{066F}'
                | '\u{0671}'..='\u{06D3}'
                | '\u{2010}'..='\u{2027}'
                | '\u{2030}'..='\u{205E}'
        )
}

/// The NFC quick check of `s` answering `Yes` ([`is_nfc_quick`]), with plain starters passed
/// by their range: the same algorithm (each character's quick-check property, and marks in
/// canonical order), the tables read only for the few other characters.
fn is_nfc(s: &str) -> bool {
    let mut last_class = 0;
    for c in s.chars() {
        if is_plain_starter(c) {
            last_class = 0;
            continue;
        }
        let class = canonical_combining_class(c);
        if class != 0 && last_class > class {
            return false;
        }
        if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return false;
        }
        last_class = class;
    }
    true
}

/// Whether a chunk boundary may be placed before `c`: nothing before it composes with it or is
/// reordered across it.
fn is_stable_starter(c: char) -> bool {
    if is_plain_starter(c) {
        return true;
    }
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// One stretch of the shadow text and the stretch of the original it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    /// Start in the shadow text; the segment ends where the next one starts.
    shadow: usize,
    /// Start in the original.
    orig: usize,
    /// End in the original (removed characters after it are not included).
    orig_end: usize,
    /// The bytes are identical to the original, so offsets inside map one to one.
    verbatim: bool,
}

/// The shadow form of a text and the map from its offsets to the original's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The shadow text: NFC, without tatweel, bidi controls or invisible format characters.
    pub text: String,
    /// Empty when the text is unchanged (no allocation) or when everything was removed.
    segments: Vec<Segment>,
    /// Length of the original in bytes.
    orig_len: usize,
}

impl Normalized {
    /// Whether the shadow text is identical to the original.
    pub fn is_unchanged(&self) -> bool {
        // No segments and a shorter text: everything was removed.
        self.segments.is_empty() && self.text.len() == self.orig_len
    }

    /// The segment holding shadow byte `offset` (which must be below `text.len()`).
    fn segment_at(&self, offset: usize) -> &Segment {
        let i = self.segments.partition_point(|s| s.shadow <= offset) - 1;
        &self.segments[i]
    }

    /// Maps a byte offset of the shadow text to the original: the start of the original
    /// character(s) the shadow character at `offset` came from. `text.len()` maps to the
    /// original's length. An offset inside a recomposed chunk maps to the chunk's start.
    pub fn to_original(&self, offset: usize) -> usize {
        if self.is_unchanged() {
            return offset.min(self.orig_len);
        }
        if offset >= self.text.len() {
            return self.orig_len;
        }
        let seg = self.segment_at(offset);
        if seg.verbatim {
            seg.orig + (offset - seg.shadow)
        } else {
            seg.orig
        }
    }

    /// Maps an end offset of the shadow text to the original: the end of the original
    /// character(s) the shadow character before `offset` came from, so removed characters after
    /// a span are not pulled into it.
    fn end_to_original(&self, offset: usize) -> usize {
        if self.is_unchanged() {
            return offset.min(self.orig_len);
        }
        if offset == 0 || self.text.is_empty() {
            return self.to_original(0);
        }
        let offset = offset.min(self.text.len());
        let seg = self.segment_at(offset - 1);
        if seg.verbatim {
            seg.orig + (offset - seg.shadow)
        } else {
            // The end of, or a point inside, a recomposed chunk: take the whole chunk.
            seg.orig_end
        }
    }

    /// Maps a byte range of the shadow text to the smallest range of the original that holds
    /// everything the range came from. An empty range maps to an empty range.
    pub fn span_to_original(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_original(span.start);
        if span.end <= span.start {
            return start..start;
        }
        let end = self.end_to_original(span.end).max(start);
        start..end
    }
}

/// Normalises `original` into its shadow form (see the module docs).
pub fn normalize(original: &str) -> Normalized {
    if !original.chars().any(is_removable) && is_nfc(original) {
        return Normalized {
            text: original.to_owned(),
            segments: Vec::new(),
            orig_len: original.len(),
        };
    }

    let mut b = Builder {
        text: String::with_capacity(original.len()),
        segments: Vec::new(),
        chunk: String::new(),
        chunk_start: 0,
        chunk_end: 0,
        chunk_gap: false,
    };
    for (i, c) in original.char_indices() {
        if is_removable(c) {
            if !b.chunk.is_empty() {
                b.chunk_gap = true;
            }
            continue;
        }
        if is_stable_starter(c) {
            b.flush(original);
            b.chunk_start = i;
        } else if b.chunk.is_empty() {
            b.chunk_start = i;
        }
        b.chunk.push(c);
        b.chunk_end = i + c.len_utf8();
    }
    b.flush(original);

    if b.text == original {
        b.segments.clear();
        b.segments.shrink_to_fit();
    }
    Normalized {
        text: b.text,
        segments: b.segments,
        orig_len: original.len(),
    }
}

struct Builder {
    text: String,
    segments: Vec<Segment>,
    /// The current chunk, removable characters already skipped.
    chunk: String,
    chunk_start: usize,
    chunk_end: usize,
    /// A removable character sat inside the chunk.
    chunk_gap: bool,
}

impl Builder {
    fn flush(&mut self, original: &str) {
        if self.chunk.is_empty() {
            return;
        }
        let shadow = self.text.len();
        let (start, end) = (self.chunk_start, self.chunk_end);
        let mut verbatim = !self.chunk_gap;
        if is_nfc(&self.chunk) {
            self.text.push_str(&self.chunk);
        } else {
            self.text.extend(self.chunk.nfc());
            verbatim &= self.text[shadow..] == self.chunk;
        }
        debug_assert!(!verbatim || original[start..end] == self.text[shadow..]);
        match self.segments.last_mut() {
            // Extend a verbatim segment that this chunk continues without a gap.
            Some(last) if verbatim && last.verbatim && last.orig_end == start => {
                last.orig_end = end;
            }
            _ => self.segments.push(Segment {
                shadow,
                orig: start,
                orig_end: end,
                verbatim,
            }),
        }
        self.chunk.clear();
        self.chunk_gap = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_agrees_with_the_crates() {
        for s in [
            "قالـــت المصادرُ",
            "e\u{0301}",
            "\u{0627}\u{0653}",
            "\u{064E}\u{0651}",
            "\u{0651}\u{064E}",
            "Ω",
            "\u{2126}",
            "\u{2000} x",
            "بِسْمِ",
        ] {
            assert_eq!(
                is_nfc(s),
                is_nfc_quick(s.chars()) == IsNormalized::Yes,
                "{s:?}"
            );
        }
    }

    #[test]
    fn plain_starters_are_stable_starters_by_the_unicode_tables() {
        let plain = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_plain_starter(c));
        for c in plain {
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            assert!(!is_removable(c), "U+{:04X}", c as u32);
        }
    }

    /// Normalises `input` and checks the shadow text, written with `|` where a character was
    /// removed so the expectation reads as an example.
    fn check(input: &str, expected: &str) {
        let n = normalize(input);
        assert_eq!(n.text, expected, "shadow of {input:?}");
        assert_eq!(n.is_unchanged(), input == expected);
    }

    #[test]
    fn shadow_forms() {
        check("قال الوزير", "قال الوزير");
        check("وأضافـــت", "وأضافت");
        check("\u{200F}الحسكة\u{200E}", "الحسكة");
        check("a\u{202B}b\u{202C}c\u{2067}d\u{2069}", "abcd");
        check("\u{FEFF}نص\u{200B}", "نص");
        check("\u{200F}\u{0640}", "");
        // ZWNJ stays: it is part of Persian spelling.
        check("می\u{200C}خواهم", "می\u{200C}خواهم");
        // Alef + madda above composes to آ; shadda before fatha is reordered.
        check("\u{0627}\u{0653}", "آ");
        check("غزّ\u{064E}ة", "غز\u{064E}\u{0651}ة");
        check("e\u{0301}", "é");
        // Tatweel between a letter and its marks: the marks still end in canonical order.
        check("د\u{0651}\u{0640}\u{064E}", "د\u{064E}\u{0651}");
    }

    #[test]
    fn unchanged_input_has_no_map() {
        let n = normalize("نص عادي 123");
        assert!(n.is_unchanged());
        assert_eq!(n.segments.capacity(), 0);
        assert_eq!(n.span_to_original(2..6), 2..6);
    }

    #[test]
    fn offsets_map_back() {
        let orig = "قالـــت \u{200F}«غزة»";
        let n = normalize(orig);
        assert_eq!(n.text, "قالت «غزة»");
        let at = n.text.find('ت').unwrap();
        let span = n.span_to_original(at..at + 'ت'.len_utf8());
        assert_eq!(&orig[span], "ت");
        let q = n.text.find('«').unwrap();
        let span = n.span_to_original(q..n.text.len());
        assert_eq!(&orig[span], "«غزة»");
        // A span ending before removed characters does not take them in.
        let span = n.span_to_original(0..n.text.find(' ').unwrap());
        assert_eq!(&orig[span], "قالـــت");
        assert_eq!(n.to_original(n.text.len()), orig.len());
    }

    #[test]
    fn recomposed_chunk_maps_as_a_whole() {
        let orig = "xe\u{0301}y";
        let n = normalize(orig);
        assert_eq!(n.text, "xéy");
        let e = n.text.find('é').unwrap();
        assert_eq!(n.span_to_original(e..e + 2), 1..4);
        assert_eq!(n.to_original(e + 2), 4);
    }
}
