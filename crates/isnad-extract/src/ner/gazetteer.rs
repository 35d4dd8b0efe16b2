//! Knowledge-base names found in token sequences, longest first.
//!
//! Every alias of the knowledge base is indexed by its [`isnad_kb::key`], and so is every
//! word-boundary prefix of it. A match starts at a token whose clitic-free form (`بالحسكة` is
//! read as `الحسكة`) or whole form begins an alias, and grows one token at a time while the
//! words so far are still a prefix; the longest alias wins, then matching resumes after it.
//! This is a word-level trie walk: the same leftmost-longest result as aho-corasick over keyed
//! text, without mapping byte offsets of a rebuilt string back to tokens.
//!
//! Only the first token of a name loses its clitics: inside a name (`قوات سوريا
//! الديمقراطية`) words are matched whole.
//!
//! Aliases listed in `data/ner/gazetteer_stop.txt` (ordinary words that are also names, such
//! as the outlets `العربية` and `الجزيرة`) are not matched on their own.

use std::collections::HashSet;

use isnad_kb::{EntryId, Kb};

use super::words::Word;
use crate::hash::{FxHashMap, FxHashSet};

const STOP: &str = include_str!("../../data/ner/gazetteer_stop.txt");

/// A knowledge-base name found in a sequence of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    /// First word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// The best candidate entry.
    pub entry: EntryId,
}

/// The alias index.
#[derive(Debug)]
pub(crate) struct Gazetteer {
    names: FxHashMap<String, EntryId>,
    prefixes: FxHashSet<String>,
}

impl Gazetteer {
    /// Indexes every alias of `kb` but the stop-listed ones.
    pub fn new(kb: &Kb) -> Gazetteer {
        let stop: HashSet<String> = isnad_text::lexicon::entries(STOP)
            .map(|e| isnad_kb::key(e.text))
            .collect();
        let mut names = FxHashMap::default();
        let mut prefixes = FxHashSet::default();
        for (key, id) in kb.aliases() {
            if stop.contains(key) || key.chars().count() < 3 {
                continue;
            }
            if !key.chars().any(|c| c.is_alphabetic()) {
                continue;
            }
            names.entry(key.to_owned()).or_insert(id);
            let mut at = 0;
            while let Some(i) = key[at..].find(' ') {
                prefixes.insert(key[..at + i].to_owned());
                at += i + 1;
            }
        }
        Gazetteer { names, prefixes }
    }

    /// The entry a whole key names.
    pub fn get(&self, key: &str) -> Option<EntryId> {
        self.names.get(key).copied()
    }

    /// Non-overlapping longest matches, left to right.
    pub fn find(&self, words: &[Word]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut buf = String::new();
        while i < words.len() {
            let mut best: Option<Match> = None;
            let first = [&*words[i].bare, &*words[i].whole];
            for (n, form) in first.iter().enumerate() {
                if n == 1 && words[i].whole == words[i].bare {
                    break;
                }
                buf.clear();
                buf.push_str(form);
                let mut j = i + 1;
                loop {
                    if let Some(&entry) = self.names.get(&buf) {
                        if best.is_none_or(|b| j > b.end) {
                            best = Some(Match {
                                start: i,
                                end: j,
                                entry,
                            });
                        }
                    }
                    if j >= words.len() || !self.prefixes.contains(&buf) {
                        break;
                    }
                    if words[j].whole.is_empty() {
                        break;
                    }
                    buf.push(' ');
                    buf.push_str(&words[j].whole);
                    j += 1;
                }
            }
            match best {
                Some(m) => {
                    out.push(m);
                    i = m.end;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word<'static>> {
        let folded = isnad_text::FoldedText::new(s);
        isnad_text::tokens(s)
            .iter()
            .map(|t| Word::new(t, s, &folded).into_owned())
            .collect()
    }

    #[test]
    fn longest_name_wins_and_clitics_come_off() {
        let kb = Kb::bundled();
        let g = Gazetteer::new(&kb);
        let w = words("وصلت إلى بالحسكة قوات سوريا الديمقراطية");
        let m = g.find(&w);
        assert_eq!(m.len(), 2, "{m:?}");
        assert_eq!(m[0].start, 2);
        assert_eq!(m[1].end - m[1].start, 3);
    }
}
