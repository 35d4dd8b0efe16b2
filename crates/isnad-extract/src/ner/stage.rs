//! The entity stage: recognition per sentence, then linking across the document.
//!
//! # Linking rules
//!
//! * A mention whose words are a knowledge-base alias gets that entry's id, canonical name and,
//!   for places and facilities, coordinates. All spellings and aliases of one entry share it.
//! * An unknown name gets a corpus id from its key, `isnad:name:<key>` (spaces as `_`), so the
//!   same name in two documents is one entity; its `name` is the mention's text.
//! * A person named by part of a name already seen in the document (`عبد الرحمن` after
//!   `رامي عبد الرحمن`, `الطراونة` after `غيث الطراونة`) takes the earlier person's id: the
//!   part must be the end or the start of the earlier name, in whole words.
//! * A generic head noun of `data/ner/generic_heads.txt` (`التنظيم`, `المرصد`, `الوكالة`)
//!   that is not inside a name links to the most recent preceding mention in the document
//!   whose canonical name or one of whose aliases begins with the same noun, article aside
//!   (`التنظيم` → `داعش`, whose canonical name is `تنظيم الدولة الإسلامية`). Without such an
//!   antecedent it is not a mention at all: generic references are not entities on their own.

use std::collections::HashSet;
use std::sync::Arc;

use isnad_core::{Document, Entity, EntityType};
use isnad_kb::{Entry, Kb};
use isnad_syntax::Syntax;
use isnad_text::{CharIndex, TextLayer};

use super::words::Word;
use super::{Candidate, Recognizer};
use crate::syntax::Parses;
use crate::Stage;

const GENERIC: &str = include_str!("../../data/ner/generic_heads.txt");

/// Finds and links named entities (fills `Document::entities`).
///
/// Build it once (it indexes the knowledge base) and share it: `EntityStage::new(kb)`, or
/// [`EntityStage::bundled`] for the bundled knowledge base.
pub struct EntityStage {
    recognizer: Recognizer,
    /// Generic head nouns, keyed, without the article.
    generic: HashSet<String>,
}

impl std::fmt::Debug for EntityStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityStage").finish_non_exhaustive()
    }
}

/// A mention seen earlier in the document, for back-references.
struct Seen {
    kb_id: String,
    name: Option<String>,
    entity_type: EntityType,
    lat: Option<f64>,
    lon: Option<f64>,
    /// Keyed first words of its names, article removed.
    heads: Vec<String>,
    /// Keyed words of its text.
    words: Vec<String>,
}

fn strip_article(k: &str) -> &str {
    k.strip_prefix("ال")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(k)
}

fn head_of(name: &str) -> Option<String> {
    let k = isnad_kb::key(name);
    k.split(' ').next().map(|w| strip_article(w).to_owned())
}

fn heads_of_entry(e: &Entry) -> Vec<String> {
    std::iter::once(e.name_ar.as_str())
        .chain(e.aliases.iter().map(String::as_str))
        .filter_map(head_of)
        .collect()
}

impl EntityStage {
    /// A stage linking to `kb`.
    pub fn new(kb: Arc<Kb>) -> EntityStage {
        EntityStage {
            recognizer: Recognizer::new(kb),
            generic: isnad_text::lexicon::entries(GENERIC)
                .map(|e| strip_article(&isnad_kb::key(e.text)).to_owned())
                .collect(),
        }
    }

    /// A stage over the bundled knowledge base.
    pub fn bundled() -> EntityStage {
        EntityStage::new(Arc::new(Kb::bundled()))
    }

    /// The recogniser it uses.
    pub fn recognizer(&self) -> &Recognizer {
        &self.recognizer
    }

    fn entity(&self, text: &str, ci: &CharIndex<'_>, span: std::ops::Range<usize>) -> Entity {
        let (start, end) = ci.char_span(span.clone());
        Entity {
            start,
            end,
            text: text[span].to_owned(),
            entity_type: EntityType::Misc,
            kb_id: None,
            name: None,
            lat: None,
            lon: None,
        }
    }
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        self.run_with(doc, &Parses::new(layer, Syntax::bundled()));
    }

    /// Recognises and links; a sentence's tags, where the model reads them, are made through
    /// `parses`, so that a later stage parsing the sentence starts from them.
    fn run_with(&self, doc: &mut Document, parses: &Parses<'_>) {
        let layer = parses.layer();
        if !self.recognizer.has_model() {
            doc.diagnostics.push(
                "entities: the NER model could not be read; only knowledge-base names and \
                 patterns were used"
                    .to_owned(),
            );
        }
        let kb = self.recognizer.kb();
        let text = doc.text.as_str();
        let ci = CharIndex::new(text);
        let mut seen: Vec<Seen> = Vec::new();
        let mut out: Vec<Entity> = Vec::new();
        for (s, sentence) in layer.sentences.iter().enumerate() {
            let tokens = layer.tokens_in(sentence.clone());
            if tokens.is_empty() {
                continue;
            }
            let mut words: Vec<Word> = tokens
                .iter()
                .map(|t| Word::new(t, text, &layer.folded))
                .collect();
            let first = layer
                .tokens
                .partition_point(|t| t.span.start < sentence.start);
            self.recognizer
                .read_pos(&mut words, layer, first, || parses.tagging(s));
            let candidates: Vec<Candidate> = self.recognizer.recognize(&words);
            let mut next = candidates.iter().peekable();
            let mut i = 0;
            while i < words.len() {
                if let Some(c) = next.next_if(|c| c.start == i) {
                    let span = words[c.start].mention_start..words[c.end - 1].span.end;
                    let mut e = self.entity(text, &ci, span);
                    e.entity_type = c.entity_type;
                    let key = isnad_kb::key(&e.text);
                    if let Some(id) = c.entry {
                        let entry = kb.entry(id);
                        e.kb_id = Some(entry.id.clone());
                        e.name = Some(entry.name_ar.clone());
                        if matches!(e.entity_type, EntityType::Loc | EntityType::Fac) {
                            e.lat = entry.lat;
                            e.lon = entry.lon;
                        }
                    } else if let Some(s) = (e.entity_type == EntityType::Per)
                        .then(|| part_of_earlier_person(&seen, &key))
                        .flatten()
                    {
                        e.kb_id = Some(s.kb_id.clone());
                        e.name = s.name.clone();
                    } else if !key.is_empty() {
                        e.kb_id = Some(format!("isnad:name:{}", key.replace(' ', "_")));
                        e.name = Some(e.text.clone());
                    }
                    let heads = match c.entry {
                        Some(id) => heads_of_entry(kb.entry(id)),
                        None => head_of(&e.text).into_iter().collect(),
                    };
                    if let Some(kb_id) = &e.kb_id {
                        seen.push(Seen {
                            kb_id: kb_id.clone(),
                            name: e.name.clone(),
                            entity_type: e.entity_type,
                            lat: e.lat,
                            lon: e.lon,
                            heads,
                            words: key.split(' ').map(str::to_owned).collect(),
                        });
                    }
                    out.push(e);
                    i = c.end;
                    continue;
                }
                // A generic head noun outside any name: a back-reference, or nothing.
                let w = &words[i];
                if w.pre.contains('a') && self.generic.contains(strip_article(&w.bare)) {
                    let head = strip_article(&w.bare);
                    if let Some(s) = seen
                        .iter()
                        .rev()
                        .find(|s| s.heads.iter().any(|h| h == head))
                    {
                        let mut e = self.entity(text, &ci, w.mention_start..w.span.end);
                        e.entity_type = s.entity_type;
                        e.kb_id = Some(s.kb_id.clone());
                        e.name = s.name.clone();
                        e.lat = s.lat;
                        e.lon = s.lon;
                        out.push(e);
                    }
                }
                i += 1;
            }
        }
        doc.entities = out;
    }
}

/// The earlier person whose name begins or ends with the words of `key`.
fn part_of_earlier_person<'a>(seen: &'a [Seen], key: &str) -> Option<&'a Seen> {
    let part: Vec<&str> = key.split(' ').collect();
    seen.iter().rev().find(|s| {
        s.entity_type == EntityType::Per
            && s.words.len() > part.len()
            && (s.words[s.words.len() - part.len()..]
                .iter()
                .zip(&part)
                .all(|(a, b)| a == b)
                || s.words[..part.len()].iter().zip(&part).all(|(a, b)| a == b))
    })
}
