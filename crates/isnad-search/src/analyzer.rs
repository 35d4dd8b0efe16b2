//! The Arabic analyser: the terms a text is indexed and queried under.
//!
//! Both analysers start from [`isnad_text::tokens`], so words, clitics and offsets are cut the
//! same way as in the rest of isnad. Every term keeps the byte span of its whole token in the
//! original text (clitics included), which is what the snippet generator highlights: a hit on
//! `حسكه` highlights `بالحَسَكةِ` as written. Punctuation and symbols give no term and take no
//! position; stop words give no term but keep their position, so a phrase query reads the same
//! gaps in the query as in the text.
//!
//! * [`ArabicTokenizer::stemmed`] (the `title` and `text` fields): the token's stem without
//!   proclitics, article and attached pronoun, folded (alef forms, ى/ي, ة/ه, harakat, tatweel,
//!   Arabic-Indic digits, Latin case), then light-stemmed by [`light_stem`]; stop words from
//!   `data/stopwords.txt` are dropped.
//! * [`ArabicTokenizer::exact`] (the `exact` field): the whole token folded, clitics kept and
//!   nothing dropped, for phrases that must match as written (`exact:"وزارة الصحة"`).
//!
//! Snowball's Arabic stemmer is not used: it merges وزارة with زار and does not make وزارة
//! match الوزارة (`../shared/notes/crates.md` §1). [`light_stem`] removes only plural and
//! feminine endings and leaves at least three letters (four for ون/ين).

use std::collections::HashSet;
use std::sync::OnceLock;

use isnad_text::{fold, PieceKind, TokenKind};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

const STOPWORDS: &str = include_str!("../data/stopwords.txt");

/// The name the stemmed analyser is registered under.
pub const STEMMED: &str = "isnad_ar";
/// The name the fold-only analyser is registered under.
pub const EXACT: &str = "isnad_ar_exact";

/// The terms of `text` as the `title` and `text` fields index them, in order.
///
/// Meant for tests and for other backends that must agree with the tantivy index (a PostgreSQL
/// `tsvector` built with the `simple` configuration from these terms).
pub fn analyze(text: &str) -> Vec<String> {
    terms(text, true).into_iter().map(|t| t.text).collect()
}

/// A tantivy tokenizer running isnad's Arabic analysis.
#[derive(Debug, Clone, Copy)]
pub struct ArabicTokenizer {
    stem: bool,
}

impl ArabicTokenizer {
    /// Clitic stripping, folding, light stemming and stop words.
    pub fn stemmed() -> Self {
        ArabicTokenizer { stem: true }
    }

    /// Folding only: every word as written, clitics included.
    pub fn exact() -> Self {
        ArabicTokenizer { stem: false }
    }
}

/// The tokens of one text, computed at once.
pub struct ArabicTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream {
        ArabicTokenStream {
            tokens: terms(text, self.stem).into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for ArabicTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = t;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

fn terms(text: &str, stem: bool) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut position = 0;
    for token in isnad_text::tokens(text) {
        let term = match token.kind {
            TokenKind::Word if stem => {
                let stem_text = token.stem(text);
                if is_stop(token.text(text)) || is_stop(stem_text) {
                    position += 1;
                    continue;
                }
                let folded = fold(stem_text);
                light_stem(&folded, token.has(PieceKind::Pronoun)).to_owned()
            }
            TokenKind::Word | TokenKind::Latin | TokenKind::Number => token.folded(text),
            _ => continue,
        };
        if term.is_empty() {
            continue;
        }
        out.push(Token {
            offset_from: token.span.start,
            offset_to: token.span.end,
            position,
            text: term,
            position_length: 1,
        });
        position += 1;
    }
    out
}

/// Removes one plural or feminine ending from a folded stem, keeping at least three letters
/// (four before ون/ين, which also end many names: حسين, البحرين stay whole; فلسطين becomes
/// فلسط, a key no other word reaches).
///
/// The feminine ة is folded to ه, and the spelling with ه is common, so a final ه goes
/// whatever it was written as; where it was a radical (اتجاه → اتجا) or a pronoun the splitter
/// left (رئيسه → رئيس) the key is still only ever reached from that word. `before_pronoun`:
/// a pronoun was split off, so a final ت stands for ة (وزارته → وزارت → وزار).
///
/// What is merged: وزارة, وزاره, وزارات, الوزارة, للوزارة, وزارته → وزار; مسلحون, مسلحين →
/// مسلح; فلسطيني, الفلسطينيين → فلسطيني. What is not: زار (3 letters, no ending) stays زار,
/// and زيارة gives زيار, so the ministry never meets "visited".
pub fn light_stem(folded: &str, before_pronoun: bool) -> &str {
    let letters = folded.chars().count();
    // Every ending stripped is made of two-byte Arabic letters.
    let strip = |n: usize| &folded[..folded.len() - 2 * n];
    let feminine_plural = letters >= 5 && folded.ends_with("ات");
    let masculine_plural = letters >= 6 && (folded.ends_with("ون") || folded.ends_with("ين"));
    if feminine_plural || masculine_plural {
        strip(2)
    } else if letters >= 4 && (folded.ends_with('ه') || (before_pronoun && folded.ends_with('ت')))
    {
        strip(1)
    } else {
        folded
    }
}

/// The form stop words are compared in: harakat and tatweel dropped, أ إ آ ٱ → ا, nothing
/// else folded (ى stays apart from ي).
fn stop_key(word: &str) -> String {
    word.chars()
        .filter(|&c| c != '\u{0640}' && !isnad_text::fold::is_arabic_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            c => c,
        })
        .collect()
}

fn stop_words() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        isnad_text::lexicon::words(STOPWORDS)
            .map(stop_key)
            .collect()
    })
}

fn is_stop(word: &str) -> bool {
    // Stop words are short; skip the allocation for the long words that make most of a text.
    word.len() <= 12 && stop_words().contains(&stop_key(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(analyze(input).join(" "), expected, "terms of {input:?}");
    }

    #[test]
    fn clitics_and_spelling_variants_give_one_term() {
        check(
            "الحسكة بالحسكة والحسكة وبالحسكةِ حسكه",
            "حسك حسك حسك حسك حسك",
        );
        check(
            "وزارة الوزارة للوزارة وزارات ووزارته",
            "وزار وزار وزار وزار وزار",
        );
        check("إلى غزّة الى غزة غزه", "غزه غزه غزه");
        check("مستشفى المستشفيات مستشفيات", "مستشفي مستشفي مستشفي");
        check("٢٠١٨ 2018 The U.N.", "2018 2018 the u n");
    }

    #[test]
    fn ministry_is_not_visited() {
        check("وزارة زار زيارة زارت", "وزار زار زيار زارت");
    }

    #[test]
    fn plural_endings_keep_short_words_and_names() {
        check("المسلحين مسلحون مسلح", "مسلح مسلح مسلح");
        check(
            "حسين البحرين الفلسطينيين فلسطيني",
            "حسين بحرين فلسطيني فلسطيني",
        );
        check("فلسطين بفلسطين", "فلسط فلسط");
        check("قوات ثقة بيت", "قوات ثقه بيت");
    }

    #[test]
    fn stop_words_are_dropped_but_keep_positions() {
        check("في وفي على منهم الذي", "");
        // علي the name is not على the preposition.
        check("علي على", "علي");
        let tokens = terms("وزير في الحكومة", true);
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 2]);
    }

    #[test]
    fn offsets_point_at_the_whole_original_word() {
        let text = "قالت «بالحَسَكةِ»";
        let t = &terms(text, true)[1];
        assert_eq!(t.text, "حسك");
        assert_eq!(&text[t.offset_from..t.offset_to], "بالحَسَكةِ");
    }

    #[test]
    fn exact_keeps_clitics_and_stop_words() {
        let got: Vec<String> = terms("وزارةُ الصحة في غزّة", false)
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(got, ["وزاره", "الصحه", "في", "غزه"]);
    }
}
