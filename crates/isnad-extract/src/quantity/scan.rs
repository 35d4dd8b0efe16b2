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
}

impl Tok<'_> {
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
    (c.is_alphabetic() && !is_digit(c)) || is_mark(c)
}

/// Separators that may sit inside a digit run when a digit follows them.
fn is_num_sep(c: char) -> bool {
    matches!(c, ',' | '.' | '٫' | '٬' | '،')
}

/// Scans `text` into tokens.
pub(crate) fn scan(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut last_end = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let kind;
        let mut j = i + 1;
        if is_digit(c)
            || (c == '.' || c == '٫') && chars.get(i + 1).is_some_and(|&(_, d)| is_digit(d))
        {
            kind = Kind::Num;
            while j < chars.len() {
                let d = chars[j].1;
                if is_digit(d)
                    || is_num_sep(d) && chars.get(j + 1).is_some_and(|&(_, e)| is_digit(e))
                {
                    j += 1;
                } else {
                    break;
                }
            }
        } else if is_letter(c) {
            kind = Kind::Word;
            while j < chars.len() && is_letter(chars[j].1) {
                j += 1;
            }
        } else if matches!(c, '%' | '٪' | '$' | '€' | '¢' | '£') {
            kind = Kind::Sym;
        } else {
            i += 1;
            continue;
        }
        let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
        out.push(Tok {
            start: b,
            end,
            kind,
            f: isnad_text::fold(&text[b..end]),
            gap: &text[last_end..b],
        });
        last_end = end;
        i = j;
    }
    out
}

/// The forms of a folded word with its proclitics taken off, the word itself first:
/// `وبنحو` gives `وبنحو`, `بنحو`, `نحو`; `للمسلحين` also gives `المسلحين`.
pub(crate) fn unclitic(f: &str) -> Vec<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let mut v = vec![Cow::Borrowed(f)];
    let mut rest = f;
    for set in ["وف", "بلك"] {
        if let Some(c) = rest.chars().next() {
            if set.contains(c) && rest.chars().count() > 2 {
                if c == 'ل' && rest.starts_with("لل") {
                    v.push(Cow::Owned(format!("ا{}", &rest[c.len_utf8()..])));
                }
                rest = &rest[c.len_utf8()..];
                v.push(Cow::Borrowed(rest));
            }
        }
    }
    v
}

/// `f` without a leading definite article, if it has one.
pub(crate) fn undefinite(f: &str) -> Option<&str> {
    f.strip_prefix("ال").filter(|r| r.chars().count() >= 2)
}

/// Converts byte offsets into code-point offsets for many positions at once.
pub(crate) struct CharIndex {
    starts: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        CharIndex {
            starts: text.char_indices().map(|(b, _)| b).collect(),
        }
    }

    /// The code-point offset of byte offset `b` (which must be a char boundary).
    pub fn cp(&self, b: usize) -> usize {
        self.starts.partition_point(|&s| s < b)
    }
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
    fn strips_clitics() {
        assert_eq!(unclitic("وبنحو"), ["وبنحو", "بنحو", "نحو"]);
        assert_eq!(unclitic("بين"), ["بين", "ين"]);
    }
}
