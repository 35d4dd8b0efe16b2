//! A light word scanner shared by the figure and time finders.
//!
//! The text layer's tokenizer is not ready yet, and these finders need little: words split at
//! whitespace and punctuation, digit runs split from letters (`نحو15` is `نحو` + `15`,
//! `18جهاديا` is `18` + `جهاديا`), a folded form of each word for matching, and the raw text
//! between two words (the *gap*) so that a rule can tell `8-12` from `8 12` and refuse to cross
//! a full stop. Offsets are byte offsets here; the finders convert to code points at the end.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (with their harakat).
    Word,
    /// Digits, possibly with inner separators (`1,500`, `٢٫٥`).
    Num,
    /// One symbol that counts as a word for figures: `%`, `$`, `€`, `¢`.
    Sym,
}

/// One scanned token.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// What the token is made of.
    pub kind: Kind,
    /// Folded form (isnad_text::fold): alef forms, ى, ة, harakat, digits to ASCII.
    pub f: String,
    /// Raw text between the previous token and this one.
    pub gap: &'a str,
    /// Where in `f` the forms of [`unclitic`] after the first start (0 for none), and its
    /// `لل` form: computed once here because every matcher asks for them at every token.
    cuts: [u8; 2],
    article_form: Option<String>,
}

impl Tok<'_> {
    /// The forms of the folded word with its proclitics taken off, as [`unclitic`] gives.
    pub fn forms(&self) -> TokForms<'_> {
        ordered(&self.f, self.cuts, self.article_form.as_deref())
    }

    /// Whether the gap before this token holds one of `chars`.
    pub fn gap_has(&self, chars: &[char]) -> bool {
        self.gap.chars().any(|c| chars.contains(&c))
    }

    /// Whether a sentence-level break (full stop, question mark, semicolon, newline) lies
    /// before this token.
    pub fn hard_break(&self) -> bool {
        self.gap_has(&['.', '!', '?', '؟', '؛', ';', '\n', '\r', ':'])
    }

    /// Whether any punctuation but a hyphen or slash lies before this token: phrases such as
    /// `نحو 15` or `15 مقاتلا` never straddle a comma or a quote.
    pub fn any_break(&self) -> bool {
        self.gap
            .chars()
            .any(|c| !c.is_whitespace() && c != '-' && c != '/' && c != '–')
    }

    /// Whether nothing at all separates this token from the previous one.
    pub fn attached(&self) -> bool {
        self.gap.is_empty()
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{0660}'..='\u{0669}').contains(&c)
        || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// Marks that belong to the word they sit on (harakat, tatweel, shadda, Quranic signs).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

fn is_letter(c: char) -> bool {
    (isnad_text::is_alphabetic(c) && !is_digit(c)) || is_mark(c)
}

/// Separators that may sit inside a digit run when a digit follows them.
fn is_num_sep(c: char) -> bool {
    matches!(c, ',' | '.' | '٫' | '٬' | '،')
}

/// Scans `text` into tokens. It walks the text by byte offset, peeking at the next char,
/// rather than collecting the chars first: that vector (16 bytes a char) was a fresh large
/// allocation per document, twice (figures and dates).
pub(crate) fn scan(text: &str) -> Vec<Tok<'_>> {
    scan_folded(text, &isnad_text::FoldedText::new(text))
}

/// [`scan`] of a text already folded as `folded` (a [`TextLayer`](isnad_text::TextLayer)'s).
pub(crate) fn scan_folded<'t>(text: &'t str, folded: &isnad_text::FoldedText) -> Vec<Tok<'t>> {
    // About one token for every seven bytes of Arabic news text: growing the vector from
    // empty copied it a dozen times a document.
    let mut out = Vec::with_capacity(text.len() / 7 + 1);
    let char_at = |b: usize| text[b..].chars().next();
    let mut b = 0;
    let mut last_end = 0;
    while let Some(c) = char_at(b) {
        let kind;
        let mut end = b + c.len_utf8();
        if is_digit(c) || (c == '.' || c == '٫') && char_at(end).is_some_and(is_digit) {
            kind = Kind::Num;
            while let Some(d) = char_at(end) {
                let after = end + d.len_utf8();
                if is_digit(d) || is_num_sep(d) && char_at(after).is_some_and(is_digit) {
                    end = after;
                } else {
                    break;
                }
            }
        } else if is_letter(c) {
            kind = Kind::Word;
            while let Some(d) = char_at(end).filter(|&d| is_letter(d)) {
                end += d.len_utf8();
            }
        } else if matches!(c, '%' | '٪' | '$' | '€' | '¢' | '£') {
            kind = Kind::Sym;
        } else {
            b = end;
            continue;
        }
        let f = folded.of(b..end).to_owned();
        let (cuts, article_form) = clitic_cuts(&f);
        out.push(Tok {
            start: b,
            end,
            kind,
            f,
            gap: &text[last_end..b],
            cuts,
            article_form,
        });
        last_end = end;
        b = end;
    }
    out
}

/// The forms of a folded word with its proclitics taken off, the word itself first:
/// `وبنحو` gives `وبنحو`, `بنحو`, `نحو`; `للمسلحين` also gives `المسلحين`. At most one
/// conjunction (و، ف) then one preposition (ب، ل، ك) is taken off, and at least two letters
/// stay. Allocates only for the `لل` case. A scanned token keeps its own ([`Tok::forms`]).
pub(crate) fn unclitic(f: &str) -> Unclitic<'_> {
    let (cuts, article_form) = clitic_cuts(f);
    Unclitic {
        f,
        cuts,
        article_form,
    }
}

/// Where [`unclitic`]'s forms after the word itself start in `f` (the conjunction's cut, then
/// the preposition's, each at most two bytes in; 0 where there is none), and its `لل` form.
fn clitic_cuts(f: &str) -> ([u8; 2], Option<String>) {
    let mut cuts = [0u8; 2];
    let mut article_form = None;
    let mut at = 0;
    // Matched as chars, not with `str::contains`, and "more than two letters" as a third
    // char existing: this runs for every token.
    for (k, set) in [&['و', 'ف'][..], &['ب', 'ل', 'ك']].into_iter().enumerate() {
        let rest = &f[at..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if set.contains(&c) && chars.nth(1).is_some() {
                if c == 'ل' && rest.starts_with("لل") {
                    article_form = Some(format!("ا{}", &rest[c.len_utf8()..]));
                }
                at += c.len_utf8();
                cuts[k] = at as u8;
            }
        }
    }
    (cuts, article_form)
}

/// The forms of word `f` given its [`clitic_cuts`], in [`unclitic`]'s order: the word, then
/// after each cut what is left, the `لل` form just before the preposition's.
fn ordered<'a>(f: &'a str, cuts: [u8; 2], article_form: Option<&'a str>) -> TokForms<'a> {
    let mut out = TokForms {
        items: [f; 4],
        n: 1,
    };
    for (k, &cut) in cuts.iter().enumerate() {
        if cut == 0 {
            continue;
        }
        if let (1, Some(a)) = (k, article_form) {
            out.items[out.n] = a;
            out.n += 1;
        }
        out.items[out.n] = &f[cut as usize..];
        out.n += 1;
    }
    out
}

/// Forms of a word, as plain slices ([`Tok::forms`], [`Unclitic::forms`]).
#[derive(Clone, Copy)]
pub(crate) struct TokForms<'a> {
    items: [&'a str; 4],
    n: usize,
}

impl<'a> TokForms<'a> {
    /// The forms, the word itself first.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let TokForms { items, n } = *self;
        items.into_iter().take(n)
    }
}

/// What [`unclitic`] gives: a word and where its forms start, holding the `لل` form.
pub(crate) struct Unclitic<'a> {
    f: &'a str,
    cuts: [u8; 2],
    article_form: Option<String>,
}

impl Unclitic<'_> {
    /// The forms, the word itself first.
    pub fn forms(&self) -> TokForms<'_> {
        ordered(self.f, self.cuts, self.article_form.as_deref())
    }

    /// The forms, the word itself first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.forms().iter()
    }
}

/// Phrases of folded words indexed by their first word, for matching at a token: the first
/// word may carry proclitics (`وبنحو`), later words must follow without punctuation.
pub(crate) struct PhraseSet<T> {
    by_first: crate::hash::FxHashMap<String, Vec<(Vec<String>, T)>>,
}

impl<T> PhraseSet<T> {
    /// A set of `(words, value)` phrases.
    pub fn new(phrases: impl IntoIterator<Item = (Vec<String>, T)>) -> Self {
        let mut by_first: crate::hash::FxHashMap<String, Vec<(Vec<String>, T)>> =
            Default::default();
        for (w, v) in phrases {
            if let Some(first) = w.first() {
                by_first.entry(first.clone()).or_default().push((w, v));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        PhraseSet { by_first }
    }

    /// The first words of the phrases.
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        self.by_first.keys().map(String::as_str)
    }

    /// The longest phrase starting at token `i`, with its last token.
    pub fn at(&self, toks: &[Tok], i: usize) -> Option<(&T, usize)> {
        let t = toks.get(i)?;
        let mut best: Option<(&T, usize)> = None;
        for form in t.forms().iter() {
            let Some(list) = self.by_first.get(form) else {
                continue;
            };
            for (w, v) in list {
                let n = w.len();
                if i + n > toks.len() || best.is_some_and(|(_, l)| l >= i + n - 1) {
                    continue;
                }
                if w[1..].iter().enumerate().all(|(k, word)| {
                    let t = &toks[i + 1 + k];
                    !t.any_break() && t.f == *word
                }) {
                    best = Some((v, i + n - 1));
                }
            }
        }
        best
    }

    /// The phrases ending at token `last` (searching starts up to `max_len` tokens before),
    /// longest first: their first token and value.
    pub fn ending_at(&self, toks: &[Tok], last: usize, max_len: usize) -> Option<(&T, usize)> {
        (0..max_len.min(last + 1)).rev().find_map(|k| {
            let s = last - k;
            let t = toks.get(s)?;
            t.forms().iter().find_map(|form| {
                self.by_first.get(form)?.iter().find_map(|(w, v)| {
                    (w.len() == k + 1
                        && s + w.len() <= toks.len()
                        && w[1..].iter().enumerate().all(|(j, word)| {
                            let t = &toks[s + 1 + j];
                            !t.any_break() && t.f == *word
                        }))
                    .then_some((v, s))
                })
            })
        })
    }
}

/// The folded words of `s`, as a lexicon entry is matched against scanned tokens.
pub(crate) fn words(s: &str) -> Vec<String> {
    scan(s).into_iter().map(|t| t.f).collect()
}

/// `f` without a leading definite article, if it has one.
pub(crate) fn undefinite(f: &str) -> Option<&str> {
    f.strip_prefix("ال").filter(|r| r.chars().count() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_digits_from_letters_and_keeps_separators() {
        let t = scan("نحو15 مقاتلا، و1,500 شخص");
        let f: Vec<&str> = t.iter().map(|t| t.f.as_str()).collect();
        assert_eq!(f, ["نحو", "15", "مقاتلا", "و", "1,500", "شخص"]);
        assert!(t[3].any_break());
        assert!(t[1].attached());
    }

    #[test]
    fn a_token_knows_its_forms() {
        for word in ["وبنحو", "للمسلحين", "بين", "فللقوات", "نحو", "و", "ولل"]
        {
            let toks = scan(word);
            let cached: Vec<String> = toks[0].forms().iter().map(|c| c.to_string()).collect();
            let fresh: Vec<String> = unclitic(&toks[0].f).iter().map(|c| c.to_string()).collect();
            assert_eq!(cached, fresh, "{word}");
        }
    }

    #[test]
    fn strips_clitics() {
        let forms = |f| {
            unclitic(f)
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(forms("وبنحو"), ["وبنحو", "بنحو", "نحو"]);
        assert_eq!(forms("للمسلحين"), ["للمسلحين", "المسلحين", "لمسلحين"]);
        assert_eq!(forms("بين"), ["بين", "ين"]);
    }
}
