//! The readable layer: phrase lists in `data/framing/*.txt`, matched on folded, clitic-aware
//! tokens, each entry word in every form it inflects to.
//!
//! An entry word is written once and made into its forms by `inflect.rs`: a masculine
//! adjective gives its feminine, dual and plural (`الغاشم` matches `الغاشمة`, `غاشمين`,
//! `عدوانا غاشما`), a feminine noun its dual and plural (`مجزرة`, `مجزرتين`, `مجزرات`), a verb
//! marked `v:` its gender and number (`v:يحيا` matches `تحيا`). A word ending in `=` keeps its
//! one form (`المحتل=`: its feminine المحتلة is "occupied", not "occupier"); a word ending in
//! `*` matches any continuation (`ميليشي*` matches `ميليشيا`, `الميليشيات`, `وميليشياته`).
//!
//! A token matches an entry word when its folded stem equals one of the word's forms without
//! the article, or the whole folded token, or the token without one or more of its leading
//! clitics, equals one of the forms as written. `الاحتلال` therefore matches `والاحتلال`,
//! `للاحتلال` and `احتلال`; `بأسره` matches `بأسره` but not `الأسرة`, whose stem is the
//! `أسره` left when the tokenizer cuts the ب (an entry written with a clitic needs it).
//!
//! Matching walks the tokens once and looks each one up by its folded stem and whole forms in
//! a hash map of first-word forms; prefix entries are indexed by their first two letters. A
//! hit spans whole tokens (clitics included, as the ArMPro annotators mark them). Where two
//! entries of one technique overlap, the longer wins. No hit covers a side's name (the
//! featurizer's side mask): an entry describes wording, a name is not wording.
//!
//! The side names the classifier masks are read here too: `sides.txt` (actor words and groups
//! the knowledge base lacks) and `demonyms.txt` (names of states and peoples, and their nisba
//! adjectives in every inflection).

use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use isnad_text::{fold, lexicon, FoldedText, PieceKind, TextLayer, Token, TokenKind};

use super::inflect;
use super::TECHNIQUES;

/// The bundled lexicon files, in the order they are read: `(file name, contents)`.
pub const BUNDLED: [(&str, &str); 8] = [
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
    (
        "demonyms.txt",
        include_str!("../../data/framing/demonyms.txt"),
    ),
];

/// How an entry word is inflected (its marker in the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inflect {
    /// No marker: an adjective or noun, in every gender and number ([`inflect::nominal`]).
    Nominal,
    /// `v:` in front: a verb ([`inflect::verb`]).
    Verb,
    /// `=` at the end: this form only.
    Exact,
}

/// One word of an entry, folded, in every form it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The forms without the article, folded: what a token's stem is compared with.
    stems: Vec<String>,
    /// The forms as written, folded: what a whole token (or what is left of it without its
    /// leading clitics) is compared with.
    wholes: Vec<String>,
    /// Whether the word ends in `*` (its one form matches any continuation).
    prefix: bool,
}

/// `word` folded, without an article that leaves at least two letters (as the tokenizer
/// cuts it).
fn folded_stem(word: &str) -> String {
    let f = fold(word);
    match f.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest.to_owned(),
        _ => f,
    }
}

impl Word {
    /// A word as written in a lexicon file, markers included.
    fn parse(raw: &str) -> Option<Word> {
        let (body, prefix) = match raw.strip_suffix('*') {
            Some(b) => (b, true),
            None => (raw, false),
        };
        let (body, how) = if let Some(b) = body.strip_prefix("v:") {
            (b, Inflect::Verb)
        } else if let Some(b) = body.strip_suffix('=') {
            (b, Inflect::Exact)
        } else {
            (body, Inflect::Nominal)
        };
        if body.is_empty() {
            return None;
        }
        let forms = match (prefix, how) {
            (true, _) | (_, Inflect::Exact) => vec![body.to_owned()],
            (false, Inflect::Nominal) => inflect::nominal(body),
            (false, Inflect::Verb) => inflect::verb(body),
        };
        Some(Word::of_forms(&forms, prefix))
    }

    /// A word with these forms (as written, unfolded).
    fn of_forms(forms: &[String], prefix: bool) -> Word {
        let mut w = Word {
            stems: Vec::with_capacity(forms.len()),
            wholes: Vec::with_capacity(forms.len()),
            prefix,
        };
        for f in forms {
            let (stem, whole) = (folded_stem(f), fold(f));
            if !w.stems.contains(&stem) {
                w.stems.push(stem);
            }
            if !w.wholes.contains(&whole) {
                w.wholes.push(whole);
            }
        }
        w
    }

    /// Whether token `i` (its keys in `keys`) is one of the word's forms.
    pub(crate) fn matches(&self, keys: &Keys, i: usize) -> bool {
        let (stem, whole) = (keys.stems[i], keys.wholes[i]);
        if self.prefix {
            let (s, w) = (&self.stems[0], &self.wholes[0]);
            stem.starts_with(s.as_str())
                || whole.starts_with(w.as_str())
                || keys.tails(i).iter().any(|t| t.starts_with(w.as_str()))
        } else {
            self.stems.iter().any(|s| s == stem)
                || self.wholes.iter().any(|w| w == whole)
                || keys
                    .tails(i)
                    .iter()
                    .any(|t| self.wholes.iter().any(|w| w == t))
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

/// The tokens' folded stems and whole forms, slices of the text's fold, and their tails.
///
/// A token's *tails* are the token without one or more of its leading pieces (`وبريطانية`:
/// `بريطانية`, the stem the tokenizer should have left, and `ريطانية`, the one it left after
/// taking ب for a preposition). Matching a listed form against the tails as well as the stem
/// and the whole makes a wrong cut harmless: the stem is then compared with the wrong piece,
/// and one of the tails is the word.
pub(crate) struct Keys<'a> {
    pub(crate) stems: Vec<&'a str>,
    pub(crate) wholes: Vec<&'a str>,
    /// Where the stem starts in the whole form (bytes; 0 for a token without a stem).
    pub(crate) stem_at: Vec<u32>,
    tails: Vec<&'a str>,
    /// The tails of token `i` are `tails[tail_at[i]..tail_at[i + 1]]`.
    tail_at: Vec<u32>,
}

impl<'a> Keys<'a> {
    pub(crate) fn new(layer: &'a TextLayer) -> Keys<'a> {
        Keys::of_tokens(&layer.tokens, &layer.folded)
    }

    /// The keys of `toks`, whose spans point into the text `folded` folds.
    pub(crate) fn of_tokens(toks: &[Token], folded: &'a FoldedText) -> Keys<'a> {
        let mut stems = Vec::with_capacity(toks.len());
        let mut wholes = Vec::with_capacity(toks.len());
        let mut stem_at = Vec::with_capacity(toks.len());
        let mut tails = Vec::new();
        let mut tail_at = Vec::with_capacity(toks.len() + 1);
        for t in toks {
            tail_at.push(tails.len() as u32);
            if t.kind == TokenKind::Word || t.kind == TokenKind::Latin {
                let stem = t.stem_span();
                stems.push(folded.of(stem.clone()));
                stem_at.push(folded.of(t.span.start..stem.start).len() as u32);
                for p in t.pieces.iter().skip(1) {
                    if p.kind == PieceKind::Pronoun {
                        break;
                    }
                    tails.push(folded.of(p.span.start..t.span.end));
                    if p.kind == PieceKind::Stem {
                        break;
                    }
                }
            } else {
                stems.push("");
                stem_at.push(0);
            }
            wholes.push(folded.of(t.span.clone()));
        }
        tail_at.push(tails.len() as u32);
        Keys {
            stems,
            wholes,
            stem_at,
            tails,
            tail_at,
        }
    }

    /// The tails of token `i` (see the type's docs), longest first.
    pub(crate) fn tails(&self, i: usize) -> &[&'a str] {
        &self.tails[self.tail_at[i] as usize..self.tail_at[i + 1] as usize]
    }
}

/// Phrase lists by technique, with an index for matching. Immutable once built; `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// Every form of a first word (stems and wholes) → entries.
    exact: HashMap<String, Vec<usize>>,
    /// First two letters of a prefix first word → entries.
    prefix: HashMap<TwoLetters, Vec<usize>>,
    /// Side names to mask in classifier features (from `sides.txt` and `demonyms.txt`).
    sides: Sides,
}

/// The side names, indexed: they are asked about at every token of every text, so the exact
/// words are in sets and the prefixes (`نظامي*`) listed under their first letter.
#[derive(Debug, Clone, Default)]
struct Sides {
    stems: HashSet<String>,
    wholes: HashSet<String>,
    /// Prefixes of stems and of whole words, by first letter (`None` for an empty prefix,
    /// which every word starts with).
    stem_prefixes: HashMap<Option<char>, Vec<String>>,
    whole_prefixes: HashMap<Option<char>, Vec<String>>,
    /// Names of several words (keys as [`isnad_kb::key`] makes them), masked as one side.
    phrases: Vec<String>,
}

impl Sides {
    fn add(&mut self, w: Word) {
        if w.prefix {
            let list = |map: &mut HashMap<Option<char>, Vec<String>>, p: String| {
                map.entry(p.chars().next()).or_default().push(p)
            };
            for p in w.stems {
                list(&mut self.stem_prefixes, p);
            }
            for p in w.wholes {
                list(&mut self.whole_prefixes, p);
            }
        } else {
            self.stems.extend(w.stems);
            self.wholes.extend(w.wholes);
        }
    }

    /// Adds a name as written: one word to the word sets, several to the phrases.
    fn add_name(&mut self, name: &str) {
        if name.split_whitespace().nth(1).is_some() {
            self.phrases.push(isnad_kb::key(name));
        } else {
            self.add(Word::of_forms(&[name.to_owned()], false));
        }
    }

    /// Whether token `i` is a side name: some word of the list matches it ([`Word::matches`]).
    fn matches(&self, keys: &Keys, i: usize) -> bool {
        let starts = |map: &HashMap<Option<char>, Vec<String>>, s: &str| {
            [s.chars().next(), None]
                .into_iter()
                .filter_map(|c| map.get(&c))
                .flatten()
                .any(|p| s.starts_with(p.as_str()))
        };
        let (stem, whole) = (keys.stems[i], keys.wholes[i]);
        let tails = keys.tails(i);
        self.stems.contains(stem)
            || self.wholes.contains(whole)
            || tails.iter().any(|t| self.wholes.contains(*t))
            || starts(&self.stem_prefixes, stem)
            || starts(&self.whole_prefixes, whole)
            || tails.iter().any(|t| starts(&self.whole_prefixes, t))
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
    /// `sides.txt` is read as a list of side names to mask, one or more per line;
    /// `demonyms.txt` as names, nisba adjectives and broken plurals (see its header).
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), LexiconError> {
        let err = |line: usize, message: String| LexiconError {
            file: name.to_owned(),
            line,
            message,
        };
        if name.ends_with("sides.txt") {
            for raw in lexicon::words(text) {
                // Listed as written (`حكومه`, not its plural), or as a prefix (`نظامي*`).
                let raw = if raw.ends_with(['*', '=']) {
                    raw.to_owned()
                } else {
                    format!("{raw}=")
                };
                if let Some(w) = Word::parse(&raw) {
                    self.sides.add(w);
                }
            }
            return Ok(());
        }
        if name.ends_with("demonyms.txt") {
            return self.add_demonyms(text).map_err(|(line, m)| err(line, m));
        }
        let mut technique: Option<&'static str> = None;
        let mut commented = false;
        for entry in lexicon::lines(text) {
            let (n, line) = (entry.line, entry.text);
            if line.is_empty() {
                // A comment line before a group header says why the group is there.
                commented |= entry.comment.is_some();
                continue;
            }
            if let Some(label) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let Some(&t) = TECHNIQUES.iter().find(|t| **t == label) else {
                    return Err(err(n, format!("unknown technique {label:?}")));
                };
                if !commented && entry.comment.is_none() {
                    return Err(err(
                        n,
                        format!("the group [{label}] needs a # comment saying why"),
                    ));
                }
                technique = Some(t);
                commented = false;
                continue;
            }
            let Some(t) = technique else {
                return Err(err(n, "an entry before any [Technique] header".into()));
            };
            let words: Vec<Word> = line.split_whitespace().filter_map(Word::parse).collect();
            if words.is_empty() {
                return Err(err(n, "an entry without a word".into()));
            }
            let idx = self.entries.len();
            let first = &words[0];
            if first.prefix {
                let mut keys = vec![two_letters(&first.stems[0])];
                keys.push(two_letters(&first.wholes[0]));
                keys.dedup();
                for k in keys {
                    self.prefix.entry(k).or_default().push(idx);
                }
            } else {
                for form in first.stems.iter().chain(&first.wholes) {
                    let list = self.exact.entry(form.clone()).or_default();
                    if list.last() != Some(&idx) {
                        list.push(idx);
                    }
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

    /// Reads `demonyms.txt`: `names | nisba adjectives | broken plurals` a line.
    fn add_demonyms(&mut self, text: &str) -> Result<(), (usize, String)> {
        for entry in lexicon::entries(text) {
            let cols = demonym_columns(entry.text);
            if !(2..=3).contains(&cols.len()) || cols[1].is_empty() {
                return Err((
                    entry.line,
                    "expected `names | nisba adjectives | broken plurals`".into(),
                ));
            }
            for name in &cols[0] {
                self.sides.add_name(name);
            }
            for nisba in &cols[1] {
                self.sides
                    .add(Word::of_forms(&inflect::nominal(nisba), false));
            }
            for plural in cols.get(2).into_iter().flatten() {
                self.sides.add_name(plural);
            }
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

    /// Whether token `i` is a side name of `sides.txt` or `demonyms.txt`.
    pub(crate) fn is_side(&self, keys: &Keys, i: usize) -> bool {
        !keys.stems[i].is_empty() && self.sides.matches(keys, i)
    }

    /// The names of several words of `demonyms.txt` (keys as [`isnad_kb::key`] makes them).
    pub(crate) fn side_phrases(&self) -> &[String] {
        &self.sides.phrases
    }

    /// The hits among the tokens whose keys are `keys`: for each technique, the longest
    /// non-overlapping matches. A token `mask` marks as a side's name ([`super::features`])
    /// is never part of a hit.
    pub(crate) fn find(&self, keys: &Keys, mask: Option<&[u8]>) -> Vec<Hit> {
        let n = keys.stems.len();
        let open = |i: usize| mask.is_none_or(|m| m[i] == super::features::OPEN);
        let mut hits: Vec<Hit> = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        for i in 0..n {
            let (s, w) = (keys.stems[i], keys.wholes[i]);
            if (s.is_empty() && w.is_empty()) || !open(i) {
                continue;
            }
            cands.clear();
            for key in [s, w].into_iter().chain(keys.tails(i).iter().copied()) {
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
                    .all(|(k, word)| open(i + k) && word.matches(keys, i + k));
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

/// The columns of a line of `demonyms.txt` (`names | nisba adjectives | broken plurals`), each
/// a list of its `/`-separated spellings, a `-` (no name) left out.
pub(crate) fn demonym_columns(line: &str) -> Vec<Vec<&str>> {
    line.split('|')
        .map(|c| {
            c.split('/')
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "-")
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether each token of `text` is a side name of the bundled lists.
    fn sides_of(lex: &Lexicon, text: &str) -> Vec<(String, bool)> {
        let layer = TextLayer::new(text);
        let keys = Keys::new(&layer);
        (0..layer.tokens.len())
            .map(|i| (layer.tokens[i].text(text).to_owned(), lex.is_side(&keys, i)))
            .collect()
    }

    /// The prefix index answers as a walk over every listed prefix would.
    #[test]
    fn the_side_index_agrees_with_the_list() {
        let lex = Lexicon::bundled();
        let sides = &lex.sides;
        let all = |map: &HashMap<Option<char>, Vec<String>>| -> Vec<String> {
            map.values().flatten().cloned().collect()
        };
        let (stem_p, whole_p) = (all(&sides.stem_prefixes), all(&sides.whole_prefixes));
        assert!(!stem_p.is_empty());
        let mut text: String = stem_p.iter().map(|p| format!("{p}ين ال{p}ات ")).collect();
        text.push_str("قال الجيش الأمريكيون إن قوات المعارضة والروس وصلوا إلى المدينة النظامية");
        let layer = TextLayer::new(&text);
        let keys = Keys::new(&layer);
        for i in 0..layer.tokens.len() {
            let (s, w) = (keys.stems[i], keys.wholes[i]);
            let walk = sides.stems.contains(s)
                || sides.wholes.contains(w)
                || keys.tails(i).iter().any(|t| sides.wholes.contains(*t))
                || stem_p.iter().any(|p| s.starts_with(p.as_str()))
                || whole_p.iter().any(|p| w.starts_with(p.as_str()))
                || keys
                    .tails(i)
                    .iter()
                    .any(|t| whole_p.iter().any(|p| t.starts_with(p.as_str())));
            assert_eq!(sides.matches(&keys, i), walk, "{s} {w}");
        }
    }

    #[test]
    fn demonyms_are_sides_in_every_inflection_and_behind_clitics() {
        let lex = Lexicon::bundled();
        let text = "والسوريات للبريطانيين وبريطانية الأتراك بالروس الأمريكيتين وإسرائيليو \
                    العراقيين كالعراقي الجزائر والأميركان ومسيحيي الأكراد";
        for (word, side) in sides_of(&lex, text) {
            assert!(side, "{word} is not masked");
        }
        let text = "المدينة سنة الدعم المالي قمرا الأسرة سافر";
        for (word, side) in sides_of(&lex, text) {
            assert!(!side, "{word} is masked");
        }
    }

    #[test]
    fn an_entry_word_matches_its_forms_but_keeps_its_clitics() {
        let mut lex = Lexicon::default();
        let file = "# Why.\n[Loaded_Language]\nالغاشم\nبأسره\nالمحتل=\n# Why.\n[Slogans]\nv:يحيا\n";
        lex.add_file("t.txt", file).unwrap();
        let hits = |text: &str| {
            let layer = TextLayer::new(text);
            let keys = Keys::new(&layer);
            lex.find(&keys, None)
                .into_iter()
                .map(|h| layer.tokens[h.tokens.start].text(text).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hits("النظام الغاشم والحكومة الغاشمة وعدوانا غاشما"),
            ["الغاشم", "الغاشمة", "غاشما"]
        );
        assert_eq!(hits("العالم بأسره وأسرة الضحية"), ["بأسره"]);
        assert_eq!(hits("المحتل والأراضي المحتلة"), ["المحتل"]);
        assert_eq!(hits("تحيا سوريا يحيا العراق"), ["تحيا", "يحيا"]);
    }
}
