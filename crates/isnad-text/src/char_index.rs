//! Byte offsets to code-point offsets.
//!
//! Spans are byte ranges everywhere inside the engine (slicing is free), but the report gives
//! code-point offsets. A [`CharIndex`]
//! answers many lookups on one text (every entity, figure, span of the report): it stores the
//! code-point count at every 16th byte, so a lookup counts at most 15 bytes, for a table a
//! quarter of the text's size. ASCII text needs no table at all.

use std::ops::Range;

const BLOCK: usize = 16;

/// Converts byte offsets of one text into code-point offsets.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    bytes: &'a [u8],
    /// Code points before byte `k * BLOCK`; empty for ASCII text.
    checkpoints: Vec<u32>,
}

fn is_char_start(b: u8) -> bool {
    // Continuation bytes are 0b10xx_xxxx.
    (b as i8) >= -0x40
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| is_char_start(b)).count()
}

impl<'a> CharIndex<'a> {
    /// Builds the index for `text` in one pass.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            checkpoints.reserve(bytes.len() / BLOCK + 1);
            let mut total = 0u32;
            for block in bytes.chunks(BLOCK) {
                checkpoints.push(total);
                total += count_chars(block) as u32;
            }
            checkpoints.push(total);
        }
        CharIndex { bytes, checkpoints }
    }

    /// The code-point offset of byte offset `byte` (the number of characters that start
    /// before it). Offsets past the end count as the end.
    #[inline]
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        if self.checkpoints.is_empty() {
            return byte;
        }
        let block = byte / BLOCK;
        self.checkpoints[block] as usize + count_chars(&self.bytes[block * BLOCK..byte])
    }

    /// The code-point offsets `(start, end)` of a byte range.
    #[inline]
    pub fn char_span(&self, span: Range<usize>) -> (usize, usize) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points() {
        let text = "قال: 3.5% «غزة» 😀 ok";
        let idx = CharIndex::new(text);
        for (n, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_offset(b), n);
        }
        assert_eq!(idx.char_offset(text.len()), text.chars().count());
        let g = text.find('غ').unwrap();
        assert_eq!(idx.char_span(g..g + "غزة".len()), (11, 14));
    }

    #[test]
    fn long_text_crosses_blocks() {
        let text = "ابجد".repeat(100) + "xyz";
        let idx = CharIndex::new(&text);
        assert_eq!(idx.char_offset(800), 400);
        assert_eq!(idx.char_offset(text.len()), 403);
        let ascii = CharIndex::new("plain ascii");
        assert_eq!(ascii.char_span(2..5), (2, 5));
        assert_eq!(ascii.char_offset(99), 11);
    }
}
