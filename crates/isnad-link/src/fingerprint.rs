//! What the index keeps of a document: a compact fingerprint.
//!
//! A document is cut into tokens by [`isnad_text::tokens`]; every word, Latin word and number
//! becomes a **token id**, a 32-bit hash of its folded, clitic-stripped stem (بالحسكة, الحسكة
//! and والحسكةِ share one id; ١٢٣ and 123 too). Punctuation and symbols are dropped, so
//! different punctuation never breaks a match. Each token also keeps its code-point span in
//! the document's `text`, so that aligned token ranges map straight back to report offsets.
//!
//! Why hashes rather than an interned vocabulary: a dictionary shared by all documents would
//! have to be locked while documents are fingerprinted in parallel, and its ids would depend
//! on the order documents arrive. A hash depends on the word alone, costs no memory, and two
//! different stems colliding on 32 bits (about one pair in four billion) would at worst join
//! two words in an alignment. The ids are stable across runs and versions of this crate as
//! long as folding and the hash below stay the same, so they may be stored.
//!
//! A fingerprint costs 12 bytes per word plus the id and outlet strings: the 31,523 articles of
//! the news corpus (8.6 million words) take about 100 MB.

use isnad_core::Document;
use isnad_text::{fold_char, tokens, CharIndex, TextLayer, Token, TokenKind};

use crate::direction::Evidence;

/// A document reduced to what reuse detection needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The document's id, printed as `a`/`b` in the report.
    pub id: String,
    /// The outlet, trimmed, when known.
    pub outlet: Option<String>,
    /// The publication date as `yyyymmdd`, when `published` starts with a `YYYY-MM-DD` date.
    pub date: Option<u32>,
    /// Length of `text` in code points.
    pub chars: u32,
    /// Token ids, in text order.
    pub tokens: Vec<u32>,
    /// Code-point span `[start, end)` of each token in `text`.
    pub spans: Vec<[u32; 2]>,
    /// What the document says of when it was published and where its copy came from, for
    /// the direction of its pairs ([`crate::direction`]).
    pub evidence: Evidence,
}

impl Fingerprint {
    /// Fingerprints `doc`: its id, outlet, date, the ids and spans of its words, and the
    /// evidence of direction.
    pub fn new(doc: &Document) -> Self {
        Fingerprint::of_tokens(doc, &tokens(&doc.text))
    }

    /// [`Fingerprint::new`], reusing the tokens of `layer` (the text layer of `doc.text`, as
    /// analysis made it) instead of tokenising again when they are the text's own: when
    /// normalisation left the text unchanged, the layer's tokens are `tokens(&doc.text)`
    /// (the text is compared too, in case a stage changed it after the layer was made).
    pub fn with_layer(doc: &Document, layer: &TextLayer) -> Self {
        if layer.shadow.is_unchanged() && layer.shadow.text == doc.text {
            Fingerprint::of_tokens(doc, &layer.tokens)
        } else {
            Fingerprint::new(doc)
        }
    }

    fn of_tokens(doc: &Document, toks: &[Token]) -> Self {
        let text = doc.text.as_str();
        let index = CharIndex::new(text);
        let mut ids = Vec::with_capacity(toks.len());
        let mut spans = Vec::with_capacity(toks.len());
        let mut words = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            if !matches!(
                t.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            ) {
                continue;
            }
            let Some(id) = token_id(&text[t.stem_span()]) else {
                continue;
            };
            let (s, e) = index.char_span(t.span.clone());
            ids.push(id);
            spans.push([s as u32, e as u32]);
            words.push((i as u32, id));
        }
        ids.shrink_to_fit();
        spans.shrink_to_fit();
        Fingerprint {
            id: doc.id.clone(),
            outlet: doc
                .outlet
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned),
            date: doc.published.as_deref().and_then(parse_date),
            chars: index.char_offset(text.len()) as u32,
            tokens: ids,
            spans,
            evidence: Evidence::with_words(doc, toks, &words),
        }
    }

    /// Number of words kept.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the document has no words.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The id of a stem: FNV-1a over its folded characters, finished by a mixer. `None` when
/// folding leaves nothing (a token of marks alone).
pub(crate) fn token_id(stem: &str) -> Option<u32> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    for c in stem.chars() {
        let Some(f) = fold_char(c) else { continue };
        any = true;
        h ^= f as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    any.then(|| (mix(h) >> 32) as u32)
}

/// The splitmix64 finaliser: spreads every input bit over the whole word.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hashes of the word `n`-grams of `tokens`, sorted and without repeats.
pub fn shingles(tokens: &[u32], n: usize) -> Vec<u64> {
    if n == 0 || tokens.len() < n {
        return Vec::new();
    }
    let mut out: Vec<u64> = tokens.windows(n).map(shingle_hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The hash of one n-gram of token ids.
pub(crate) fn shingle_hash(gram: &[u32]) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for &t in gram {
        h = mix(h ^ t as u64);
    }
    h
}

/// `YYYY-MM-DD` (possibly followed by a time) as `yyyymmdd`.
fn parse_date(s: &str) -> Option<u32> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + (d - b'0') as u32)
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10_000 + m * 100 + d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_and_clitics_share_an_id() {
        let doc = Document::new("d", "s", "والحسكةِ بالحسكة الحسكة، حسكة. إلى الى ١٢٣ 123");
        let fp = Fingerprint::new(&doc);
        assert_eq!(fp.len(), 8, "punctuation is dropped");
        assert!(fp.tokens[..4].iter().all(|&t| t == fp.tokens[0]));
        assert_eq!(fp.tokens[4], fp.tokens[5]);
        assert_eq!(fp.tokens[6], fp.tokens[7]);
        assert_ne!(fp.tokens[0], fp.tokens[4]);
    }

    #[test]
    fn spans_are_code_points() {
        let text = "قال «المرصد» 2018";
        let fp = Fingerprint::new(&Document::new("d", "s", text));
        let chars: Vec<char> = text.chars().collect();
        let words: Vec<String> = fp
            .spans
            .iter()
            .map(|&[s, e]| chars[s as usize..e as usize].iter().collect())
            .collect();
        assert_eq!(words, ["قال", "المرصد", "2018"]);
        assert_eq!(fp.chars as usize, chars.len());
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2018-06-15"), Some(20180615));
        assert_eq!(parse_date("2018-06-15T10:00:00Z"), Some(20180615));
        assert_eq!(parse_date("2018-06"), None);
        assert_eq!(parse_date("15/06/2018"), None);
    }

    #[test]
    fn shingles_are_distinct() {
        assert_eq!(shingles(&[1, 2, 1, 2, 1], 2).len(), 2);
        assert!(shingles(&[1, 2], 3).is_empty());
    }
}
