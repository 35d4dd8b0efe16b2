//! The per-token forms that matching and features read: the whole word folded, the word
//! without its leading clitics (article kept), and the bare stem.

use std::borrow::Cow;

use isnad_syntax::tagger::Tagged;
use isnad_text::{FoldedText, PieceKind, Token, TokenKind};

/// One token as recognition sees it. Its forms borrow the text layer's fold where they are
/// slices of it (nearly always), so making a sentence's words allocates little.
#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    /// Byte span of the whole token in the text it came from.
    pub span: std::ops::Range<usize>,
    /// Where a mention starting at this token starts: after و ف ب ل ك (بالحسكة → الحسكة).
    pub mention_start: usize,
    /// [`isnad_kb::key`] of the whole token.
    pub whole: Cow<'a, str>,
    /// Key of the token without conjunction and preposition, the article written `ال`.
    pub bare: Cow<'a, str>,
    /// The folded stem (no clitics, no article).
    pub stem: Cow<'a, str>,
    /// Proclitics, one letter each: `w` conjunction, `b` preposition, `s` future, `a` article.
    pub pre: String,
    /// Whether an attached pronoun was split off.
    pub pronoun: bool,
    /// What the token is.
    pub kind: TokenKind,
    /// The syntax tagger's part of speech and features of its stem (`pos.rs`), once the
    /// sentence is tagged.
    pub pos: Option<Tagged>,
}

impl<'a> Word<'a> {
    /// The forms of `token` (whose spans point into `text`, folded as `folded`).
    pub fn new(token: &Token, text: &str, folded: &'a FoldedText) -> Word<'a> {
        let mut pre = String::new();
        let mut article_start = None;
        let mut stem_start = token.span.start;
        let mut pronoun = false;
        for p in &token.pieces {
            match p.kind {
                PieceKind::Conjunction => pre.push('w'),
                PieceKind::Preposition => pre.push('b'),
                PieceKind::Future => pre.push('s'),
                PieceKind::Article => {
                    pre.push('a');
                    if folded.of(p.span.clone()) == "ال" {
                        article_start = Some(p.span.start);
                    }
                }
                PieceKind::Stem => stem_start = p.span.start,
                PieceKind::Pronoun => pronoun = true,
                _ => {}
            }
        }
        let stem = Cow::Borrowed(folded.of(token.stem_span()));
        let whole = isnad_kb::key_of_folded(folded.of(token.span.clone()));
        // The key of the word without conjunction and preposition, the article written `ال`:
        // the whole word's key when that is the same text (no clitic, or only `ال`).
        let rest = folded.of(stem_start..token.span.end);
        let before = &text[token.span.start..stem_start];
        let bare = if pre.contains('a') {
            if before == "ال" {
                whole.clone()
            } else {
                Cow::Owned(isnad_kb::key_of_folded(&format!("ال{rest}")).into_owned())
            }
        } else if before.is_empty() {
            whole.clone()
        } else {
            isnad_kb::key_of_folded(rest)
        };
        let mention_start = if pre.contains('a') {
            article_start.unwrap_or(stem_start)
        } else {
            stem_start
        };
        Word {
            span: token.span.clone(),
            mention_start,
            whole,
            bare,
            stem,
            pre,
            pronoun,
            kind: token.kind,
            pos: None,
        }
    }

    /// The forms of a word given alone (a CoNLL token): its first token, widened to the word.
    pub fn of_word(word: &str) -> Word<'static> {
        let tokens = isnad_text::tokens(word);
        match tokens.as_slice() {
            [t] => Word::new(t, word, &FoldedText::new(word)).into_owned(),
            _ => {
                let kind = tokens.first().map_or(TokenKind::Symbol, |t| t.kind);
                let whole = isnad_kb::key(word);
                Word {
                    span: 0..word.len(),
                    mention_start: 0,
                    bare: Cow::Owned(whole.clone()),
                    stem: Cow::Owned(isnad_text::fold(word)),
                    whole: Cow::Owned(whole),
                    pre: String::new(),
                    pronoun: false,
                    kind,
                    pos: None,
                }
            }
        }
    }
}

impl Word<'_> {
    /// The word with forms of its own, borrowing nothing.
    pub fn into_owned(self) -> Word<'static> {
        Word {
            whole: Cow::Owned(self.whole.into_owned()),
            bare: Cow::Owned(self.bare.into_owned()),
            stem: Cow::Owned(self.stem.into_owned()),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preposition_is_off_the_mention_and_the_article_stays() {
        let w = Word::of_word("بالحسكة");
        assert_eq!(w.bare, isnad_kb::key("الحسكة"));
        assert_eq!(&"بالحسكة"[w.mention_start..], "الحسكة");
        assert_eq!(w.pre, "ba");
        let w = Word::of_word("للوزارة");
        assert_eq!(w.bare, isnad_kb::key("الوزارة"));
        assert_eq!(&"للوزارة"[w.mention_start..], "وزارة");
    }
}
