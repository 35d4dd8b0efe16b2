//! Tokens as the rule-based stages (attribution, claims) read them: each word with its
//! folded forms and clitics worked out once.

use crate::hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::ops::ControlFlow;
use std::ops::Range;

use isnad_text::{PieceKind, TextLayer, TokenKind};

/// One token as the attribution rules see it; its folded forms are slices of the text
/// layer's fold (see [`isnad_text::FoldedText`]), copied only where the article is restored.
pub(crate) struct Word<'a> {
    /// The whole token, bytes.
    pub span: Range<usize>,
    /// The whole token folded.
    pub whole: &'a str,
    /// The token without a leading conjunction or preposition (the article kept).
    pub core: Range<usize>,
    /// Folded token without its conjunction (`وقالت` → `قالت`, `لوكالة` stays).
    pub w: &'a str,
    /// Folded core, the article restored where ل ate its alef (`للوكالة` → `الوكاله`).
    pub c: Cow<'a, str>,
    /// The preposition clitic, if any.
    pub prep: Option<char>,
    /// Whether the token starts with the article.
    pub article: bool,
    /// The punctuation character, for punctuation tokens.
    pub punct: Option<char>,
}

/// `s` without its leading `ال` (every one, as `trim_start_matches("ال")` would strip them),
/// without building a substring searcher for each word.
pub(crate) fn without_article(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("ال") {
        s = rest;
    }
    s
}

pub(crate) struct Words<'a> {
    pub words: Vec<Word<'a>>,
}

impl<'a> Words<'a> {
    /// Reads the tokens of `layer` over `text`.
    pub fn new(text: &str, layer: &'a TextLayer) -> Words<'a> {
        let words = layer
            .tokens
            .iter()
            .map(|t| {
                let mut after_conj = t.span.start;
                let mut core = t.span.start;
                let mut prep = None;
                let mut article = None;
                for p in &t.pieces {
                    match p.kind {
                        PieceKind::Conjunction => {
                            after_conj = p.span.end;
                            core = p.span.end;
                        }
                        PieceKind::Preposition => {
                            prep = text[p.span.clone()].chars().next();
                            core = p.span.end;
                        }
                        PieceKind::Article => {
                            article = Some(p.span.clone());
                            break;
                        }
                        _ => break,
                    }
                }
                let folded = |span: Range<usize>| layer.folded.of(span);
                let c = match &article {
                    Some(a) => Cow::Owned(format!("ال{}", folded(a.end..t.span.end))),
                    None => Cow::Borrowed(folded(core..t.span.end)),
                };
                Word {
                    span: t.span.clone(),
                    whole: folded(t.span.clone()),
                    core: core..t.span.end,
                    w: folded(after_conj..t.span.end),
                    c,
                    prep,
                    article: article.is_some(),
                    punct: (t.kind == TokenKind::Punct)
                        .then(|| text[t.span.clone()].chars().next())
                        .flatten(),
                }
            })
            .collect();
        Words { words }
    }

    /// Hands `each` the KB key of the name words `i..=j` would make, for `j` from `i` up to
    /// `end` (exclusive), until it breaks: the first word's core (the article restored), then
    /// each later word whole, keyed as [`isnad_kb::key`] keys names (the words are folded
    /// already). Whether it broke.
    pub fn name_keys(
        &self,
        i: usize,
        end: usize,
        mut each: impl FnMut(usize, &str) -> ControlFlow<()>,
    ) -> bool {
        let Some(first) = self.words.get(i) else {
            return false;
        };
        let mut name = first.c.to_string();
        for j in i..end {
            if j > i {
                name.push(' ');
                name.push_str(self.words[j].whole);
            }
            if each(j, &isnad_kb::key_of_folded(&name)).is_break() {
                return true;
            }
        }
        false
    }

    /// The word whose span holds byte `at` (a mention may start after a word's clitics).
    pub fn at(&self, at: usize) -> Option<&Word<'a>> {
        let k = self.words.partition_point(|w| w.span.end <= at);
        self.words.get(k).filter(|w| w.span.start <= at)
    }

    /// The indices of the words inside `sentence` (bytes).
    pub fn range(&self, sentence: &Range<usize>) -> Range<usize> {
        let from = self
            .words
            .partition_point(|w| w.span.start < sentence.start);
        let to = self.words.partition_point(|w| w.span.end <= sentence.end);
        from..to.max(from)
    }
}

/// The set of the words of a word-list data file (folded forms, whitespace-separated, `#`
/// comments), for the lists the rules test every token against (hashing beats scanning a
/// slice of strings).
pub(crate) fn word_set(data: &'static str) -> HashSet<&'static str> {
    isnad_text::lexicon::words(data).collect()
}

/// The entries of a data file, comments and blank lines dropped (`isnad_text::lexicon` says
/// what a comment is).
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    isnad_text::lexicon::entries(text).map(|e| e.text)
}

/// The rows of a `|`-separated lexicon file: its entries cut at `|`, cells trimmed.
pub(crate) fn data_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    data_lines(text).map(|l| l.split('|').map(str::trim).collect())
}

/// A function from code-point offsets (the report's) to byte offsets of `text` (the rules').
pub(crate) fn byte_offsets(text: &str) -> impl Fn(usize) -> usize + '_ {
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    move |c| offsets.get(c).copied().unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_grow_a_word_at_a_time_from_the_core_of_the_first() {
        let text = "وللقوات الكردية، «قسد»";
        let layer = TextLayer::new(text);
        let words = Words::new(text, &layer);
        let mut keys = Vec::new();
        let broke = words.name_keys(0, words.words.len(), |_, key| {
            keys.push(key.to_owned());
            ControlFlow::Continue(())
        });
        assert!(!broke);
        assert_eq!(keys[0], "القوات");
        assert_eq!(keys[1], "القوات الكرديه");
        assert_eq!(keys.last().unwrap(), "القوات الكرديه قسد");
        let mut seen = 0;
        assert!(words.name_keys(0, words.words.len(), |j, _| {
            seen += 1;
            if j == 1 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }));
        assert_eq!(seen, 2);
    }
}
