//! The readable layer: phrase lists in `data/framing/*.txt`, matched on folded, clitic-aware
//! tokens.
//!
//! Every entry word is cut by the same tokenizer as the text, so an entry and a token are
//! compared as equals: a token matches an entry word when its folded stem, or the whole folded
//! token, equals the entry word's (or starts with it, for a word written with a final `*`).
//! `الاحتلال` therefore matches `والاحتلال`, `للاحتلال` and `احتلال`; `ميليشي*` matches
//! `ميليشيا`, `الميليشيات` and `وميليشياته`.
//!
//! Matching walks the tokens once and looks each one up by its folded stem and whole folded
//! form in a hash map of first words; prefix entries are indexed by their first two letters.
//! A hit spans whole tokens (clitics included, as the ArMPro annotators mark them). Where two
//! entries of one technique overlap, the longer wins.

use crate::hash::FxHashMap as HashMap;
use std::ops::Range;

use isnad_text::{fold, tokens, FoldedText, TextLayer, Token, TokenKind};

use super::TECHNIQUES;

/// The bundled lexicon files, in the order they are read: `(file name, contents)`.
pub const BUNDLED: [(&str, &str); 7] = [
    ("labels.txt", include_str!("../../data/framing/labels.txt")),
    ("loaded.txt", include_str!("../../data/framing/loaded.txt")),
    ("doubt.txt", include_str!("../../data/framing/doubt.txt")),
    (
        "exaggeration.txt",
        include_str!("../../data/framing/exaggeration.txt"),
    ),
    (
        "appeals.txt",
        include_str!("../../data/framing/appeals.txt"),
    ),
    (
        "slogans.txt",
        include_str!("../../data/framing/slogans.txt"),
    ),
    ("sides.txt", include_str!("../../data/framing/sides.txt")),
];

/// One word of an entry, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The folded stem as the tokenizer cuts the entry word.
    stem: String,
    /// The whole folded entry word.
    whole: String,
    /// Whether the word ends in `*` (matches any continuation).
    prefix: bool,
}

impl Word {
    fn parse(raw: &str) -> Option<Word> {
        let (body, prefix) = match raw.strip_suffix('*') {
            Some(b) => (b, true),
            None => (raw, false),
        };
        let toks = tokens(body);
        let t = toks.first()?;
        Some(Word {
            stem: t.folded_stem(body),
            whole: fold(body),
            prefix,
        })
    }

    /// Whether a token with this folded stem and whole form matches the word.
    pub(crate) fn matches(&self, stem: &str, whole: &str) -> bool {
        if self.prefix {
            stem.starts_with(&self.stem) || whole.starts_with(&self.whole)
        } else {
            stem == self.stem || whole == self.whole
        }
    }
}

/// One lexicon entry: a phrase and the technique it signals.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry as written in the file (shown in notes).
    pub phrase: String,
    /// The technique label.
    pub technique: &'static str,
    /// The file it came from.
    pub file: String,
    words: Vec<Word>,
}

/// A lexicon hit: token range and entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Indices of the first and one past the last token matched.
    pub tokens: Range<usize>,
    /// Index of the entry in [`Lexicon::entries`].
    pub entry: usize,
}

/// A problem in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// The tokens' folded stems and whole forms, slices of the text's fold.
pub(crate) struct Keys<'a> {
    pub(crate) stems: Vec<&'a str>,
    pub(crate) wholes: Vec<&'a str>,
}

impl<'a> Keys<'a> {
    pub(crate) fn new(layer: &'a TextLayer) -> Keys<'a> {
        Keys::of_tokens(&layer.tokens, &layer.folded)
    }

    /// The keys of `toks`, whose spans point into the text `folded` folds.
    pub(crate) fn of_tokens(toks: &[Token], folded: &'a FoldedText) -> Keys<'a> {
        let mut stems = Vec::with_capacity(toks.len());
        let mut wholes = Vec::with_capacity(toks.len());
        for t in toks {
            if t.kind == TokenKind::Word || t.kind == TokenKind::Latin {
                stems.push(folded.of(t.stem_span()));
            } else {
                stems.push("");
            }
            wholes.push(folded.of(t.span.clone()));
        }
        Keys { stems, wholes }
    }
}

/// Phrase lists by technique, with an index for matching. Immutable once built; `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// First word (exact, folded stem and whole form) → entries.
    exact: HashMap<String, Vec<usize>>,
    /// First two letters of a prefix first word → entries.
    prefix: HashMap<TwoLetters, Vec<usize>>,
    /// Side names to mask in classifier features (from `sides.txt`).
    sides: Sides,
}

/// The side names, indexed: they are asked about at every token of every text, so the exact
/// words are in sets and the prefixes (`امريكي*`) listed under their first letter.
#[derive(Debug, Clone, Default)]
struct Sides {
    stems: crate::hash::FxHashSet<String>,
    wholes: crate::hash::FxHashSet<String>,
    /// Prefixes of stems and of whole words, by first letter (`None` for an empty prefix,
    /// which every word starts with).
    stem_prefixes: HashMap<Option<char>, Vec<String>>,
    whole_prefixes: HashMap<Option<char>, Vec<String>>,
}

impl Sides {
    fn add(&mut self, w: Word) {
        if w.prefix {
            let list = |map: &mut HashMap<Option<char>, Vec<String>>, p: String| {
                map.entry(p.chars().next()).or_default().push(p)
            };
            list(&mut self.stem_prefixes, w.stem);
            list(&mut self.whole_prefixes, w.whole);
        } else {
            self.stems.insert(w.stem);
            self.wholes.insert(w.whole);
        }
    }

    /// Whether a token with this folded stem and whole form is a side name: some word of the
    /// list matches it ([`Word::matches`]).
    fn matches(&self, stem: &str, whole: &str) -> bool {
        let starts = |map: &HashMap<Option<char>, Vec<String>>, s: &str| {
            [s.chars().next(), None]
                .into_iter()
                .filter_map(|c| map.get(&c))
                .flatten()
                .any(|p| s.starts_with(p.as_str()))
        };
        self.stems.contains(stem)
            || self.wholes.contains(whole)
            || starts(&self.stem_prefixes, stem)
            || starts(&self.whole_prefixes, whole)
    }
}

/// The first two letters of a word (fewer for a shorter one), the prefix index's key: a pair
/// of chars rather than a string, since it is taken at every token.
type TwoLetters = (Option<char>, Option<char>);

fn two_letters(s: &str) -> TwoLetters {
    let mut chars = s.chars();
    (chars.next(), chars.next())
}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> Lexicon {
        let mut lex = Lexicon::default();
        for (name, text) in BUNDLED {
            lex.add_file(name, text)
                .expect("the bundled lexicons parse (checked by the tests)");
        }
        lex
    }

    /// Adds the entries of one lexicon file (see `data/framing/README.txt` for the format).
    /// `sides.txt` is read as a list of side names to mask, one or more per line.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), LexiconError> {
        let err = |line: usize, message: String| LexiconError {
            file: name.to_owned(),
            line,
            message,
        };
        if name.ends_with("sides.txt") {
            for raw in text
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(str::split_whitespace)
            {
                if let Some(w) = Word::parse(raw) {
                    self.sides.add(w);
                }
            }
            return Ok(());
        }
        let mut technique: Option<&'static str> = None;
        let mut commented = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('#') {
                commented = true;
                continue;
            }
            if let Some(label) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let Some(&t) = TECHNIQUES.iter().find(|t| **t == label) else {
                    return Err(err(i + 1, format!("unknown technique {label:?}")));
                };
                if !commented {
                    return Err(err(
                        i + 1,
                        format!("the group [{label}] needs a # comment saying why"),
                    ));
                }
                technique = Some(t);
                commented = false;
                continue;
            }
            let Some(t) = technique else {
                return Err(err(i + 1, "an entry before any [Technique] header".into()));
            };
            let words: Vec<Word> = line.split_whitespace().filter_map(Word::parse).collect();
            if words.is_empty() {
                return Err(err(i + 1, "an entry without a word".into()));
            }
            let idx = self.entries.len();
            let first = &words[0];
            if first.prefix {
                self.prefix
                    .entry(two_letters(&first.stem))
                    .or_default()
                    .push(idx);
                if two_letters(&first.whole) != two_letters(&first.stem) {
                    self.prefix
                        .entry(two_letters(&first.whole))
                        .or_default()
                        .push(idx);
                }
            } else {
                self.exact.entry(first.stem.clone()).or_default().push(idx);
                if first.whole != first.stem {
                    self.exact.entry(first.whole.clone()).or_default().push(idx);
                }
            }
            self.entries.push(Entry {
                phrase: line.to_owned(),
                technique: t,
                file: name.to_owned(),
                words,
            });
        }
        Ok(())
    }

    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many entries (phrases) there are, side names not counted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether token `i` is a side name to mask.
    pub(crate) fn is_side(&self, keys: &Keys, i: usize) -> bool {
        let (s, w) = (&keys.stems[i], &keys.wholes[i]);
        !s.is_empty() && self.sides.matches(s, w)
    }

    /// The hits in `text` (whose tokens are `toks`, keys `keys`): for each technique, the
    /// longest non-overlapping matches.
    pub(crate) fn find(&self, keys: &Keys) -> Vec<Hit> {
        let n = keys.stems.len();
        let mut hits: Vec<Hit> = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        for i in 0..n {
            let (s, w) = (keys.stems[i], keys.wholes[i]);
            if s.is_empty() && w.is_empty() {
                continue;
            }
            cands.clear();
            for key in [s, w] {
                if let Some(v) = self.exact.get(key) {
                    cands.extend(v);
                }
                if let Some(v) = self.prefix.get(&two_letters(key)) {
                    cands.extend(v);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            for &e in &cands {
                let words = &self.entries[e].words;
                if i + words.len() > n {
                    continue;
                }
                let ok = words
                    .iter()
                    .enumerate()
                    .all(|(k, word)| word.matches(keys.stems[i + k], keys.wholes[i + k]));
                if ok {
                    hits.push(Hit {
                        tokens: i..i + words.len(),
                        entry: e,
                    });
                }
            }
        }
        // Longest first within a technique; drop hits overlapping a kept one of the same label.
        hits.sort_by_key(|h| {
            (
                self.entries[h.entry].technique,
                h.tokens.start,
                std::cmp::Reverse(h.tokens.len()),
            )
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            let t = self.entries[h.entry].technique;
            let overlaps = kept
                .iter()
                .rev()
                .take_while(|k| self.entries[k.entry].technique == t)
                .any(|k| k.tokens.start < h.tokens.end && h.tokens.start < k.tokens.end);
            if !overlaps {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| (h.tokens.start, h.tokens.end));
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index answers as a walk over every listed word would.
    #[test]
    fn the_side_index_agrees_with_the_list() {
        let text = include_str!("../../data/framing/sides.txt");
        let words: Vec<Word> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter_map(Word::parse)
            .collect();
        let lex = Lexicon::bundled();
        let mut probes: Vec<(String, String)> = words
            .iter()
            .flat_map(|w| {
                [
                    (w.stem.clone(), w.whole.clone()),
                    (format!("{}ين", w.stem), format!("ال{}ين", w.whole)),
                    (w.stem.chars().skip(1).collect(), w.whole.clone()),
                ]
            })
            .collect();
        let sentence = "قال الجيش الأمريكيون إن قوات المعارضة والروس وصلوا إلى المدينة";
        for t in tokens(sentence) {
            probes.push((t.folded_stem(sentence), t.folded(sentence)));
        }
        for (stem, whole) in &probes {
            let listed = words.iter().any(|x| x.matches(stem, whole));
            assert_eq!(lex.sides.matches(stem, whole), listed, "{stem} {whole}");
        }
        assert!(lex.sides.matches("امريكيون", "الامريكيون"));
        assert!(!lex.sides.matches("مدينه", "المدينه"));
    }
}
