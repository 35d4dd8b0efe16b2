//! The usual pipeline in one value: normalise once, segment the shadow text, and map every span
//! back to the original, so that stages read sentences and tokens without repeating that work.

use std::ops::Range;

use crate::{normalize, sentences, tokens, FoldedText, Normalized, Token};

/// Sentences and tokens of one text, all spans in **original** byte offsets.
#[derive(Debug, Clone)]
pub struct TextLayer {
    /// The shadow form the segmenters saw, with its map back to the original.
    pub shadow: Normalized,
    /// Sentences covering the original text, in order.
    pub sentences: Vec<Range<usize>>,
    /// Tokens in order; their pieces' spans are original offsets too.
    pub tokens: Vec<Token>,
    /// The original folded once: `folded.of(span)` is the fold of any span of it.
    pub folded: FoldedText,
}

impl TextLayer {
    /// Normalises and segments `original`.
    pub fn new(original: &str) -> Self {
        let shadow = normalize(original);
        let mut sentences = sentences(&shadow.text);
        let mut tokens = tokens(&shadow.text);
        if !shadow.is_unchanged() {
            for s in &mut sentences {
                *s = shadow.span_to_original(s.clone());
            }
            // Removed marks between two sentences go to the first of them, and those that end
            // the text to the last, so that sentences still cover the original exactly.
            for i in 1..sentences.len() {
                sentences[i - 1].end = sentences[i].start;
            }
            if let Some(last) = sentences.last_mut() {
                last.end = original.len();
            }
            for t in &mut tokens {
                t.span = shadow.span_to_original(t.span.clone());
                for p in &mut t.pieces {
                    p.span = shadow.span_to_original(p.span.clone());
                }
            }
        }
        TextLayer {
            shadow,
            sentences,
            tokens,
            folded: FoldedText::new(original),
        }
    }

    /// The tokens that lie inside `span` (original byte offsets).
    pub fn tokens_in(&self, span: Range<usize>) -> &[Token] {
        let from = self.tokens.partition_point(|t| t.span.start < span.start);
        let to = self.tokens.partition_point(|t| t.span.end <= span.end);
        &self.tokens[from..to.max(from)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_into_the_original_even_with_tatweel_and_marks() {
        let original = "قالـــت المصادر\u{200F} إن القافلة وصلت. ثم عادت.";
        let layer = TextLayer::new(original);
        let words: Vec<&str> = layer
            .tokens
            .iter()
            .map(|t| &original[t.span.clone()])
            .collect();
        assert_eq!(words[0], "قالـــت");
        assert_eq!(layer.sentences.len(), 2);
        let joined: String = layer
            .sentences
            .iter()
            .map(|s| &original[s.clone()])
            .collect();
        assert_eq!(joined, original);
    }

    #[test]
    fn sentences_cover_the_original_when_marks_sit_between_them() {
        let original = "وصلت القافلة.\u{200F}\u{200F} ثم عادت\u{0640}.\u{200E}";
        let layer = TextLayer::new(original);
        let joined: String = layer
            .sentences
            .iter()
            .map(|s| &original[s.clone()])
            .collect();
        assert_eq!(joined, original);
    }

    #[test]
    fn tokens_fold_as_they_would_alone() {
        let original = "وقالـــت المصادرُ\u{200F} للوكالة";
        let layer = TextLayer::new(original);
        for t in &layer.tokens {
            assert_eq!(layer.folded.of(t.span.clone()), t.folded(original));
            assert_eq!(layer.folded.of(t.stem_span()), t.folded_stem(original));
        }
    }

    #[test]
    fn tokens_in_a_sentence() {
        let original = "وصلت القافلة. ثم عادت إلى المدينة.";
        let layer = TextLayer::new(original);
        let second = layer.tokens_in(layer.sentences[1].clone());
        assert_eq!(second[0].text(original), "ثم");
    }
}
