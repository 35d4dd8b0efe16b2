//! The syntax tagger's part of speech and features as the entity tagger reads them.
//!
//! The entity tagger works on tokens with their clitics attached (`وبالحسكة` is one word, as in
//! ANERcorp); the syntax tagger on syntactic words, the clitics split off (`و` + `ب` +
//! `الحسكة`, see [`isnad_syntax::syntactic_words`]). A token's reading is that of its stem's
//! syntactic word (the article stays on it, an attached pronoun is a word after it): `وقال`
//! reads as `قال`, a verb; `منهم` as `من`, an adposition; `بالحسكة` as `الحسكة`, a proper
//! noun. The sentence is tagged whole, so the clitics and the words around lend the stem their
//! context.

use isnad_syntax::tagger::Tagged;
use isnad_syntax::Syntax;
use isnad_text::TextLayer;

use super::words::Word;
use crate::syntax::Tagging;

/// The words of a sentence given as words (a CoNLL sentence), each with its forms and, when
/// `read` says so, the syntax tagger's reading ([`of_words`]).
pub(crate) fn words<S: AsRef<str>>(words: &[S], read: bool) -> Vec<Word<'static>> {
    let mut out: Vec<Word<'static>> = words.iter().map(|s| Word::of_word(s.as_ref())).collect();
    if read {
        for (w, t) in out.iter_mut().zip(of_words(Syntax::bundled(), words)) {
            w.pos = t;
        }
    }
    out
}

/// The reading of each of the `n` text-layer tokens from token `first` on, whose sentence's
/// tags are `tagging`: the syntax tagger's tags for the syntactic word of the token's stem
/// (`None` only for a token that gave no syntactic word).
pub(crate) fn of_tagging(
    layer: &TextLayer,
    tagging: &Tagging,
    first: usize,
    n: usize,
) -> Vec<Option<Tagged>> {
    let mut out: Vec<Option<Tagged>> = vec![None; n];
    for (w, &tag) in tagging.words.iter().zip(&tagging.tags) {
        let Some(slot) = w.token.checked_sub(first).and_then(|k| out.get_mut(k)) else {
            continue;
        };
        // The stem's word ends where the stem does; a token that is not split is one word.
        if slot.is_none() || w.span.end == layer.tokens[w.token].stem_span().end {
            *slot = Some(tag);
        }
    }
    out
}

/// The reading of each word of a sentence given as words (a CoNLL sentence): the words are
/// joined by spaces and tagged as one text; a word the text layer cuts into several tokens
/// (`U.S.`) reads as its first.
pub(crate) fn of_words<S: AsRef<str>>(syntax: &Syntax, words: &[S]) -> Vec<Option<Tagged>> {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(words.len());
    for w in words {
        if !text.is_empty() {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(w.as_ref());
    }
    let layer = TextLayer::new(&text);
    let tagging = Tagging::new(syntax, &layer, 0..text.len());
    let tags = of_tagging(&layer, &tagging, 0, layer.tokens.len());
    let mut out: Vec<Option<Tagged>> = vec![None; words.len()];
    for (token, tag) in layer.tokens.iter().zip(tags) {
        let i = starts.partition_point(|&s| s <= token.span.start);
        if let (Some(slot), Some(tag)) = (i.checked_sub(1).and_then(|i| out.get_mut(i)), tag) {
            slot.get_or_insert(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use isnad_syntax::Upos;

    use super::*;

    fn upos(words: &[&str]) -> Vec<Option<Upos>> {
        of_words(Syntax::bundled(), words)
            .into_iter()
            .map(|t| t.map(|t| t.upos))
            .collect()
    }

    /// A token reads as its stem: the conjunction before a verb, the preposition before a
    /// name and the pronoun after a preposition are left out.
    #[test]
    fn a_token_reads_as_its_stem() {
        let got = upos(&[
            "وقال",
            "الرئيس",
            "إن",
            "عددا",
            "منهم",
            "قتلوا",
            "بالحسكة",
            ".",
        ]);
        eprintln!("{got:?}");
        assert_eq!(got[0], Some(Upos::Verb));
        assert_eq!(got[4], Some(Upos::Adp));
        assert_eq!(got[7], Some(Upos::Punct));
        assert_eq!(got.len(), 8);
    }

    /// A word the text layer cuts in two still reads as one, and no word is left without a
    /// reading.
    #[test]
    fn every_word_has_a_reading() {
        let got = upos(&["U.S.", "و", "12,5", "«", "دمشق»"]);
        assert!(got.iter().all(Option::is_some), "{got:?}");
    }
}
