//! Context patterns that make names the knowledge base does not have: `سجن X`, `مدينة X`,
//! `الرئيس X`, `أبو X`, `المعروف بـ X`.
//!
//! The rules live in `data/ner/patterns.txt` (one a line, each with its reason); this file
//! only reads them and applies them. A pattern proposes a mention; the stage decides (a
//! pattern loses to a knowledge-base name covering the same words and wins over the model's
//! type, since `سجن X` is a facility whatever the model thinks of `X`).
//!
//! Where the name after a pattern word ends is told by, in order: a knowledge-base name that
//! starts there, a model entity that starts there, and otherwise one word (`head`, `cue`) or
//! the name-like words that follow (`title`: up to three words with no و/ب clitic, the first
//! without the article, not function words; a nisba adjective right after the title, as in
//! `الرئيس الأمريكي دونالد ترامب`, is skipped).

use isnad_core::EntityType;
use isnad_text::TokenKind;

use super::words::Word;
use crate::framing::lexicon::demonym_columns;
use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const PATTERNS: &str = include_str!("../../data/ner/patterns.txt");

/// The nisba adjectives of states and peoples (the second column of the framing layer's
/// demonyms), for `state` patterns.
const DEMONYMS: &str = include_str!("../../data/framing/demonyms.txt");

/// A mention proposed by a pattern, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Proposal {
    /// First word.
    pub start: usize,
    /// One past the last word.
    pub end: usize,
    /// Its type.
    pub entity_type: EntityType,
}

/// The parsed pattern file.
#[derive(Debug, Default)]
pub(crate) struct Patterns {
    heads: HashMap<String, EntityType>,
    cues: HashMap<String, EntityType>,
    /// Titles as keyed word sequences.
    titles: Vec<Vec<String>>,
    title_starts: HashSet<String>,
    kunyas: HashSet<String>,
    aliases: HashSet<String>,
    stop: HashSet<String>,
    /// `state` heads: with the article and a nisba of nationality they name a state's body.
    state_heads: HashMap<String, EntityType>,
    /// Nisba adjectives of nationality, folded, masculine singular without the article.
    nisbas: HashSet<String>,
}

impl Patterns {
    /// The bundled patterns.
    pub fn bundled() -> Patterns {
        Patterns::parse(PATTERNS)
    }

    /// Reads the pattern format (see the data file's header); unknown lines are skipped.
    pub fn parse(text: &str) -> Patterns {
        let mut p = Patterns {
            nisbas: isnad_text::lexicon::entries(DEMONYMS)
                .flat_map(|e| {
                    demonym_columns(e.text)
                        .into_iter()
                        .nth(1)
                        .unwrap_or_default()
                })
                .map(isnad_text::fold)
                .collect(),
            ..Patterns::default()
        };
        for entry in isnad_text::lexicon::entries(text) {
            let mut cells = entry.text.split_whitespace();
            let (Some(kind), Some(ty)) = (cells.next(), cells.next()) else {
                continue;
            };
            let words: Vec<String> = cells.map(isnad_kb::key).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            let ty = isnad_kb::parse_type(ty);
            match (kind, ty) {
                ("head", Some(t)) => {
                    p.heads.insert(first, t);
                }
                ("cue", Some(t)) => {
                    p.cues.insert(first, t);
                }
                ("state", Some(t)) => {
                    p.state_heads.insert(first, t);
                }
                ("title", _) => {
                    p.title_starts.insert(first);
                    p.titles.push(words);
                }
                ("kunya", _) => {
                    p.kunyas.insert(first);
                }
                ("alias", _) => {
                    p.aliases.insert(first);
                }
                ("stop", _) => p.stop.extend(words),
                _ => {}
            }
        }
        p
    }

    /// The trigger class of a word, for the tagger's features.
    pub fn trigger(&self, w: &Word) -> Option<&'static str> {
        if !w.pre.contains('a') {
            if let Some(t) = self.heads.get(&*w.bare) {
                return Some(match t {
                    EntityType::Fac => "hF",
                    EntityType::Loc => "hL",
                    EntityType::Org => "hO",
                    _ => "h",
                });
            }
        }
        if self.cues.contains_key(&*w.bare) {
            return Some("cue");
        }
        if self.title_starts.contains(&*w.bare) {
            return Some("title");
        }
        if self.kunyas.contains(&*w.bare) {
            return Some("kunya");
        }
        if self.stop.contains(&*w.whole) {
            return Some("stop");
        }
        None
    }

    /// Whether a word is a function word (a `stop` line of the file).
    pub fn is_stop(&self, w: &Word) -> bool {
        self.stop.contains(&*w.whole) || self.stop.contains(&*w.bare)
    }

    /// Whether a word can be part of a person's name a title introduces.
    fn name_like(&self, w: &Word) -> bool {
        w.kind == TokenKind::Word
            && !w.pre.contains('w')
            && !w.pre.contains('b')
            && !self.is_stop(w)
            && self.trigger(w).is_none()
            && !self.aliases.contains(&*w.bare)
            && w.stem.chars().count() >= 2
    }

    /// Mentions the patterns propose. `ends_at(i)` gives the end of a knowledge-base or model
    /// name starting at word `i`, when there is one.
    pub fn propose(
        &self,
        words: &[Word],
        ends_at: &dyn Fn(usize) -> Option<usize>,
    ) -> Vec<Proposal> {
        let mut out = Vec::new();
        let n = words.len();
        let word_ok =
            |j: usize| j < n && words[j].kind == TokenKind::Word && !self.is_stop(&words[j]);
        let mut i = 0;
        while i < n {
            let w = &words[i];
            // state: `السفارة الفرنسية`, `النيابة العامة الإسرائيلية`.
            if let Some(end) = self.state_body(words, i) {
                out.push(Proposal {
                    start: i,
                    end,
                    entity_type: self.state_heads[&*isnad_kb::key(&w.stem)],
                });
                i = end;
                continue;
            }
            // head X: the head belongs to the name.
            if !w.pre.contains('a') {
                if let Some(&t) = self.heads.get(&*w.bare) {
                    if word_ok(i + 1)
                        && self.trigger(&words[i + 1]).is_none()
                        && !is_indefinite_nisba(&words[i + 1])
                    {
                        let end = ends_at(i + 1).unwrap_or(i + 2);
                        out.push(Proposal {
                            start: i,
                            end,
                            entity_type: t,
                        });
                        i = end;
                        continue;
                    }
                }
            }
            // cue X: X alone.
            if let Some(&t) = self.cues.get(&*w.bare) {
                if word_ok(i + 1) && self.trigger(&words[i + 1]).is_none() {
                    let end = ends_at(i + 1).unwrap_or(i + 2);
                    out.push(Proposal {
                        start: i + 1,
                        end,
                        entity_type: t,
                    });
                    i = end;
                    continue;
                }
            }
            // kunya: أبو X (Y).
            if self.kunyas.contains(&*w.bare) && word_ok(i + 1) {
                let mut end = i + 2;
                if end < n && self.name_like(&words[end]) && words[end].pre == "a" {
                    end += 1;
                }
                out.push(Proposal {
                    start: i,
                    end,
                    entity_type: EntityType::Per,
                });
                i = end;
                continue;
            }
            // alias: المعروف بـ X.
            if self.aliases.contains(&*w.bare) && i + 1 < n {
                let next = &words[i + 1];
                let start = if next.whole == "ب" {
                    Some(i + 2)
                } else if next.pre.starts_with('b') && next.kind == TokenKind::Word {
                    Some(i + 1)
                } else {
                    None
                };
                if let Some(s) = start.filter(|&s| s < n && words[s].kind == TokenKind::Word) {
                    let mut end = ends_at(s).unwrap_or(s + 1);
                    if self.kunyas.contains(&*words[s].bare) && end == s + 1 && word_ok(s + 1) {
                        end = s + 2;
                    }
                    out.push(Proposal {
                        start: s,
                        end,
                        entity_type: EntityType::Per,
                    });
                    i = end;
                    continue;
                }
            }
            // title X Y: a person.
            if self.title_starts.contains(&*w.bare) {
                if let Some(len) = self.title_len(words, i) {
                    let mut s = i + len;
                    // A body after `باسم` (المتحدث باسم الخارجية), a nisba after the title.
                    if self.titles_end_with_body(words, i, len) && s < n {
                        s = ends_at(s).unwrap_or(s + 1);
                    }
                    if s < n && words[s].pre == "a" && words[s].stem.ends_with('ي') {
                        s += 1;
                    }
                    if s < n && self.name_like(&words[s]) && !words[s].pre.contains('a') {
                        let mut end = ends_at(s).unwrap_or(s + 1);
                        while end < n && end < s + 3 && self.name_like(&words[end]) {
                            end += 1;
                            if words[end - 1].pre.contains('a') {
                                break;
                            }
                        }
                        out.push(Proposal {
                            start: s,
                            end,
                            entity_type: EntityType::Per,
                        });
                        i = end;
                        continue;
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Where a state's body named by a `state` head at word `i` ends: the head with the
    /// article, at most one more definite adjective, and a definite nisba of nationality.
    fn state_body(&self, words: &[Word], i: usize) -> Option<usize> {
        let w = &words[i];
        if !w.pre.contains('a') || !self.state_heads.contains_key(&*isnad_kb::key(&w.stem)) {
            return None;
        }
        let definite = |j: usize| {
            words
                .get(j)
                .filter(|x| x.kind == TokenKind::Word && x.pre == "a" && !self.is_stop(x))
        };
        let nisba = |x: &Word| {
            let stem = &*x.stem;
            self.nisbas.contains(stem)
                || stem
                    .strip_suffix('ه')
                    .is_some_and(|m| self.nisbas.contains(m))
        };
        (i + 1..=i + 2)
            .take_while(|&j| definite(j).is_some())
            .find(|&j| definite(j).is_some_and(nisba))
            .map(|j| j + 1)
    }

    /// The length in words of the longest title starting at word `i`.
    fn title_len(&self, words: &[Word], i: usize) -> Option<usize> {
        self.titles
            .iter()
            .filter(|t| {
                t.len() <= words.len() - i
                    && t.iter().enumerate().all(|(k, tw)| {
                        let w = &words[i + k];
                        if k == 0 {
                            &*w.bare == tw
                        } else {
                            &*w.whole == tw
                        }
                    })
            })
            .map(Vec::len)
            .max()
    }

    fn titles_end_with_body(&self, words: &[Word], i: usize, len: usize) -> bool {
        words[i + len - 1].whole == isnad_kb::key("باسم")
    }
}

/// An adjective like `بريطانية`, `جوية`, `محلي` (no article, nisba ending): after a head noun
/// it describes (`صحيفة بريطانية`, `قاعدة جوية`) rather than names.
fn is_indefinite_nisba(w: &Word) -> bool {
    !w.pre.contains('a') && (w.stem.ends_with("يه") || w.stem.ends_with('ي'))
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

    fn proposals(s: &str) -> Vec<(String, EntityType)> {
        let w = words(s);
        Patterns::bundled()
            .propose(&w, &|_| None)
            .into_iter()
            .map(|p| {
                let text = &s[w[p.start].mention_start..w[p.end - 1].span.end];
                (text.to_owned(), p.entity_type)
            })
            .collect()
    }

    #[test]
    fn heads_make_facilities_and_places() {
        assert_eq!(
            proposals("نقلوا السجناء إلى سجن الصناعة في حي غويران"),
            vec![
                ("سجن الصناعة".to_owned(), EntityType::Fac),
                ("حي غويران".to_owned(), EntityType::Loc)
            ]
        );
        // The generic reference is not a name, nor is a head with an adjective.
        assert!(proposals("خرجوا من السجن أمس").is_empty());
        assert!(proposals("نقلتهم إلى قاعدة جوية قريبة").is_empty());
        // A clitic stays outside the mention.
        assert_eq!(proposals("وصلوا بمخيم الهول")[0].0, "مخيم الهول");
    }

    #[test]
    fn a_state_body_is_its_kind_and_its_nisba() {
        assert_eq!(
            proposals("وقالت السفارة الفرنسية إن"),
            vec![("السفارة الفرنسية".to_owned(), EntityType::Org)]
        );
        assert_eq!(
            proposals("وطالبت النيابة العامة الإسرائيلية بسجنه"),
            vec![("النيابة العامة الإسرائيلية".to_owned(), EntityType::Org)]
        );
        // Feminine agreement with a plural head, and a clitic left outside.
        assert_eq!(
            proposals("أفرجت عنهم السلطات السودانية")[0].0,
            "السلطات السودانية"
        );
        // Without a nisba, or without the article, it is no one body.
        assert!(proposals("وقالت السفارة الجديدة").is_empty());
        assert!(proposals("وصلت قوات عراقية").is_empty());
    }

    #[test]
    fn titles_kunyas_and_aliases_make_people() {
        assert_eq!(
            proposals("قال الرئيس الأمريكي دونالد ترامب إن")[0].0,
            "دونالد ترامب"
        );
        assert_eq!(proposals("وظهر أبو محمد الجولاني")[0].0, "أبو محمد الجولاني");
        let p = proposals("القيادي عمر المعروف بأبي حفص قتل");
        assert!(p.iter().any(|x| x.0 == "أبي حفص"), "{p:?}");
    }

    #[test]
    fn a_cue_stays_outside_the_place() {
        assert_eq!(proposals("في مدينة هجين شرقي")[0].0, "هجين");
    }
}
