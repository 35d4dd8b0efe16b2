//! Syntactic words of running text, cut from the text layer's tokens as the treebanks cut
//! them: a conjunction (`و`، `ف`), a preposition (`ب`، `ل`، `ك`), the future `س` and an
//! attached pronoun are words of their own; the article stays on its noun.
//!
//! `وللقوات` is three words, `و` + `ل` + `القوات`: the article's alef that `ل` swallowed is
//! put back in the form the models read (the treebanks write `ل` + `الوزارة`), while the span
//! stays the text's own.

use std::ops::Range;

use isnad_text::{PieceKind, TextLayer, TokenKind};

/// One syntactic word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynToken {
    /// Its bytes in the original text.
    pub span: Range<usize>,
    /// Its folded form as the models read it.
    pub form: String,
    /// The index of the text layer token it is part of.
    pub token: usize,
}

/// The syntactic words of the tokens of `layer` inside `range` (bytes of the original text).
pub fn syntactic_words(layer: &TextLayer, range: Range<usize>) -> Vec<SynToken> {
    let from = layer.tokens.partition_point(|t| t.span.start < range.start);
    let to = layer.tokens.partition_point(|t| t.span.end <= range.end);
    let mut out = Vec::new();
    for (k, token) in layer.tokens[from..to.max(from)].iter().enumerate() {
        let index = from + k;
        if token.kind != TokenKind::Word {
            out.push(SynToken {
                span: token.span.clone(),
                form: layer.folded.of(token.span.clone()).to_owned(),
                token: index,
            });
            continue;
        }
        let mut article: Option<Range<usize>> = None;
        for piece in &token.pieces {
            match piece.kind {
                PieceKind::Article => article = Some(piece.span.clone()),
                PieceKind::Stem => {
                    let (span, form) = match article.take() {
                        Some(a) => {
                            let art = layer.folded.of(a.clone());
                            let stem = layer.folded.of(piece.span.clone());
                            // `ل` alone is the article after `ل` (للوزارة): write it `ال`.
                            let form = if art == "ل" {
                                format!("ال{stem}")
                            } else {
                                format!("{art}{stem}")
                            };
                            (a.start..piece.span.end, form)
                        }
                        None => (
                            piece.span.clone(),
                            layer.folded.of(piece.span.clone()).to_owned(),
                        ),
                    };
                    out.push(SynToken {
                        span,
                        form,
                        token: index,
                    });
                }
                _ => out.push(SynToken {
                    span: piece.span.clone(),
                    form: layer.folded.of(piece.span.clone()).to_owned(),
                    token: index,
                }),
            }
        }
        if let Some(a) = article {
            // An article with no stem after it (not made by the splitter, but never lost).
            out.push(SynToken {
                form: layer.folded.of(a.clone()).to_owned(),
                span: a,
                token: index,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<String> {
        let layer = TextLayer::new(text);
        syntactic_words(&layer, 0..text.len())
            .into_iter()
            .map(|w| w.form)
            .collect()
    }

    #[test]
    fn clitics_are_words_and_the_article_stays() {
        assert_eq!(
            forms("وللقوات الأمريكية بالحسكة"),
            ["و", "ل", "القوات", "الامريكيه", "ب", "الحسكه"]
        );
        assert_eq!(forms("منهم 750."), ["من", "هم", "750", "."]);
    }

    #[test]
    fn spans_are_the_texts_own() {
        let text = "وللقوات";
        let layer = TextLayer::new(text);
        let words = syntactic_words(&layer, 0..text.len());
        let spans: Vec<&str> = words.iter().map(|w| &text[w.span.clone()]).collect();
        assert_eq!(spans, ["و", "ل", "لقوات"]);
        assert!(words.iter().all(|w| w.token == 0));
    }
}
