//! Roles read from the tree: one reader per family of roles, run in the order of [`READERS`],
//! each filling what it can of a claim's roles and leaving the rest to the next.
//!
//! A role is found by its relation to the trigger, not by its place in the sentence: the agent
//! is the subject (or the genitive of a verbal noun that names a doer), the patient the object
//! or the passive subject, the origin an oblique under `من`. What the parser may attach a level
//! too high or too low (a prepositional phrase hung on the object instead of the verb) is
//! looked for in the whole clause of the trigger ([`Event::scope`]), never in another event's.
//! Fillers are whole phrases (the subtree, without its conjuncts, which are fillers of their
//! own), linked to the knowledge base.

pub(crate) mod figures;
mod means;
mod participants;
mod places;

use std::ops::Range;

use isnad_core::{ClaimType, EntityType, RoleValue, Roles};
use isnad_kb::Kb;
use isnad_syntax::{Deprel, Upos};
use isnad_text::fold;

use super::lexicon::{nationality, Pos, Trigger, NOT_PLACES, PLACE_HEADS};
use crate::syntax::Parse;
use crate::words::without_article;

/// What the document says around a claim, in bytes: the rule stages' results the role readers
/// consult.
pub(crate) struct DocView<'a> {
    /// The document's text.
    pub text: &'a str,
    /// The knowledge base.
    pub kb: &'a Kb,
    /// Entity mentions: span, type, KB id.
    pub entities: Vec<(Range<usize>, EntityType, Option<String>)>,
    /// Figures: span, value, approximator, unit.
    pub quantities: Vec<(Range<usize>, &'a isnad_core::Quantity)>,
    /// Dates with a value: span and value.
    pub times: Vec<(Range<usize>, Option<String>)>,
    /// Attribution cues.
    pub cues: Vec<Range<usize>>,
}

/// The most words a role filler takes.
const MAX_WORDS: usize = 5;

/// One trigger in its parsed sentence: what the readers read.
pub(crate) struct Event<'a> {
    /// The document around it.
    pub doc: &'a DocView<'a>,
    /// The sentence's parse.
    pub parse: &'a Parse,
    /// The trigger's first word.
    pub trigger: usize,
    /// How many words the trigger takes.
    pub width: usize,
    /// Its lexicon entry.
    pub entry: &'a Trigger,
    /// Whether its subject is the patient (a passive, or a verb of undergoing).
    pub passive: bool,
    /// The words of its clause: the trigger's subtree (or, for a verbal noun that is the object
    /// of a light verb such as `شن`, that verb's), without the subtrees of the sentence's other
    /// triggers.
    pub scope: Vec<usize>,
    /// The sentence's other triggers' first words.
    pub others: &'a [usize],
}

/// A reader of one family of roles.
pub(crate) trait RoleReader: Sync {
    /// Fills what it can of `roles`; never empties what an earlier reader filled.
    fn read(&self, event: &Event<'_>, roles: &mut Roles);
}

/// The readers, in order: participants first (the places need to know what is already the
/// patient), the figures last (the count counts the patient).
pub(crate) static READERS: &[&dyn RoleReader] = &[
    &participants::Arguments,
    &places::Places,
    &means::Means,
    &participants::Carried,
    &participants::Adjacent,
    &figures::Count,
    &places::SentencePlace,
    &figures::When,
    &participants::Nearest,
];

impl<'a> Event<'a> {
    /// Builds the event of the trigger at `trigger` (see the fields).
    pub fn new(
        doc: &'a DocView<'a>,
        parse: &'a Parse,
        trigger: usize,
        width: usize,
        entry: &'a Trigger,
        others: &'a [usize],
    ) -> Event<'a> {
        // A verb with an object is active, whatever the tagger guessed of its voice (`قتل`,
        // `استهدفت` are both voices unvocalised).
        let has_object = parse
            .child(trigger, |r| matches!(r, Deprel::Obj | Deprel::Iobj))
            .is_some();
        let passive =
            entry.passive || (entry.pos == Pos::Verb && !has_object && parse.is_passive(trigger));
        let root = light_verb(parse, trigger, entry).unwrap_or(trigger);
        // Another event cuts the clause where it is told as an event of its own (a verb, or
        // a noun under a preposition: `في غارة`, `خلال معركة`), not where it names this
        // event's participants (`نقلت 120 محتجزاً`: the detainees are the patient).
        let cuts = |o: usize| {
            o != trigger
                && o != root
                && (parse.upos(o) == Upos::Verb || parse.preposition(o).is_some())
        };
        let scope = parse
            .subtree(root)
            .into_iter()
            .filter(|&w| {
                !others.iter().any(|&o| {
                    cuts(o)
                        && !parse.dominates(o, trigger)
                        && parse.dominates(o, w)
                        && !parse.dominates(w, trigger)
                })
            })
            .collect();
        Event {
            doc,
            parse,
            trigger,
            width,
            entry,
            passive,
            scope,
            others,
        }
    }

    /// The type of the claim.
    pub fn claim_type(&self) -> ClaimType {
        self.entry.claim_type
    }

    /// Whether the trigger is a verb.
    pub fn is_verb(&self) -> bool {
        self.entry.pos == Pos::Verb
    }

    /// Whether word `w` lies inside a date (`الأحد`, `الشهر الماضي`): no participant.
    pub fn is_time(&self, w: usize) -> bool {
        let span = &self.parse.words[w].span;
        self.doc
            .times
            .iter()
            .any(|(t, _)| t.start <= span.start && span.end <= t.end)
    }

    /// Whether word `w` is one of the trigger's own words.
    pub fn is_trigger(&self, w: usize) -> bool {
        (self.trigger..self.trigger + self.width).contains(&w)
    }

    /// The filler headed by word `head`: its phrase (with its conjuncts when `with_conjuncts`),
    /// without clauses of their own or punctuation, and at most [`MAX_WORDS`] words from its
    /// start (the head kept). A noun phrase in news runs on through relative clauses and
    /// prepositional phrases; a reader names the first few words of it.
    pub fn phrase_of(&self, head: usize, with_conjuncts: bool) -> Range<usize> {
        let p = self.parse;
        let range = p.phrase(head, |p, c| {
            !matches!(
                p.rel(c),
                Deprel::Advcl | Deprel::Ccomp | Deprel::Parataxis | Deprel::Punct
            ) && (with_conjuncts || !matches!(p.rel(c), Deprel::Conj | Deprel::Cc))
                && !self.is_trigger(c)
                // Another event told inside the phrase is not part of it (`جنديا في غارة`).
                && !(self.others.contains(&c)
                    && (p.upos(c) == Upos::Verb && p.rel(c) != Deprel::AclRelcl
                        || p.preposition(c).is_some()))
        });
        let mut end = range.end.min((range.start + MAX_WORDS).max(head + 1));
        // Not inside a name (`دير الزور`) or a construct (`ريف حلب`), and not on a dangling
        // preposition or conjunction.
        while end < range.end
            && (matches!(p.rel(end), Deprel::Flat | Deprel::Fixed | Deprel::Compound)
                || p.head(end) == Some(end - 1)
                    && p.rel(end) == Deprel::Nmod
                    && p.preposition(end).is_none())
        {
            end += 1;
        }
        while end > head + 1
            && (matches!(
                p.rel(end - 1),
                Deprel::Case | Deprel::Cc | Deprel::Mark | Deprel::Punct
            ) || p.upos(end - 1) == Upos::Adp)
        {
            end -= 1;
        }
        range.start..end
    }

    /// [`Event::phrase_of`] without conjuncts.
    pub fn phrase(&self, head: usize) -> Range<usize> {
        self.phrase_of(head, false)
    }

    /// The fillers a word heads: its whole phrase with its conjuncts (`مدنيين ومسلحي
    /// المعارضة`), then each conjunct alone, each linked to the knowledge base.
    pub fn values(&self, head: usize) -> Vec<RoleValue> {
        let whole = self.value(self.phrase_of(head, true));
        let mut out = vec![whole];
        let first = self.value(self.phrase(head));
        let mut conjuncts = Vec::new();
        let mut stack: Vec<usize> = self.parse.children(head).to_vec();
        while let Some(c) = stack.pop() {
            if self.parse.rel(c) == Deprel::Conj
                && self.parse.upos(c) != Upos::Verb
                && !self.others.contains(&c)
            {
                conjuncts.push(c);
                stack.extend_from_slice(self.parse.children(c));
            }
        }
        if !conjuncts.is_empty() {
            out.push(first);
            conjuncts.sort_unstable();
            for c in conjuncts {
                out.push(self.value(self.phrase(c)));
            }
        }
        out.dedup();
        out
    }

    /// The filler of a place headed by `w`: its values, and for a single site (`مستودع الوقود`,
    /// `المحطة`) the town after it too (`مستودع الوقود بحماة`): two sites of one town are two
    /// places, so a site keeps its town.
    pub fn place_values(&self, w: usize) -> Vec<RoleValue> {
        let p = self.parse;
        let phrase = self.phrase(w);
        // A site the KB names (`سجن غويران`) needs no town.
        let named = self.value(phrase.clone()).kb_id.is_some();
        if isnad_kb::is_site_head(p.form(w)) && !named && phrase.end < p.len() {
            let town = phrase.end + usize::from(p.upos(phrase.end) == Upos::Adp);
            if town < p.len()
                && matches!(p.preposition(town), Some("ب" | "في"))
                && self.is_place(town)
            {
                let with_town = phrase.start..self.phrase(town).end;
                let mut out = vec![self.value(with_town)];
                out.extend(self.values(w));
                return out;
            }
        }
        self.values(w)
    }

    /// A role filler for the words `range`, linked to the KB by the longest known name it ends
    /// with (`عناصر تنظيم داعش` → داعش), or by a nationality (`الروس`).
    pub fn value(&self, range: Range<usize>) -> RoleValue {
        let span = self.parse.span(range);
        let text = self.doc.text[span].to_owned();
        let words: Vec<&str> = text.split_whitespace().collect();
        let kb = self.doc.kb;
        let kb_id = (0..words.len()).find_map(|k| {
            let tail = words[k..].join(" ");
            let bare = tail.trim_start_matches(['و', 'ب', 'ل']);
            kb.lookup(&tail)
                .first()
                .or_else(|| kb.lookup(bare).first())
                .map(|&e| kb.entry(e).id.clone())
        });
        let kb_id = kb_id.or_else(|| match words.as_slice() {
            [one] => nationality(fold(one).trim_start_matches(['و', 'ب', 'ل'])).map(str::to_owned),
            _ => None,
        });
        RoleValue { text, kb_id }
    }

    /// The entity mention over word `w`, if any.
    pub fn entity_at(&self, w: usize) -> Option<&(Range<usize>, EntityType, Option<String>)> {
        let span = &self.parse.words[w].span;
        self.doc
            .entities
            .iter()
            .find(|(e, _, _)| e.start < span.end && span.start < e.end)
    }

    /// Whether the phrase headed by `w` names a place: the entity stage or the KB says so,
    /// or its head noun names a kind of place (`سجن`, `مدينة`, `حي`).
    pub fn is_place(&self, w: usize) -> bool {
        let p = self.parse;
        if !matches!(p.upos(w), Upos::Noun | Upos::Propn | Upos::X | Upos::Adj) {
            return false;
        }
        let stem = without_article(p.form(w));
        if w + 1 < p.len() && NOT_PLACES.contains(&(stem.to_owned(), p.form(w + 1).to_owned())) {
            return false;
        }
        if PLACE_HEADS.contains(stem) || isnad_kb::is_site_head(stem) {
            return true;
        }
        if let Some((_, t, _)) = self.entity_at(w) {
            return matches!(t, EntityType::Loc | EntityType::Fac);
        }
        self.kb_names(w, |e| e.is_place())
    }

    /// Whether the phrase headed by `w` names an actor: a person, an organisation, a state's
    /// forces or a people (`الروس`).
    pub fn is_actor(&self, w: usize) -> bool {
        if let Some((_, t, _)) = self.entity_at(w) {
            if matches!(t, EntityType::Org | EntityType::Per) {
                return true;
            }
        }
        nationality(self.parse.form(w)).is_some()
            || self.kb_names(w, |e| {
                matches!(e.entity_type, EntityType::Org | EntityType::Per)
                    || e.role == Some(isnad_kb::Role::Country)
                    || e.metonym_of.is_some()
            })
    }

    /// Whether the phrase headed by `w` names a state or a capital speaking for one
    /// (`روسيا`، `واشنطن`), or a people (`الروس`).
    pub fn is_state(&self, w: usize) -> bool {
        nationality(self.parse.form(w)).is_some()
            || self.kb_names(w, |e| {
                e.role == Some(isnad_kb::Role::Country) || e.metonym_of.is_some()
            })
    }

    /// Whether a KB entry named by the words from `w` (up to four) passes `test`.
    fn kb_names(&self, w: usize, test: impl Fn(&isnad_kb::Entry) -> bool) -> bool {
        let p = self.parse;
        let kb = self.doc.kb;
        let mut name = String::new();
        for k in w..(w + 4).min(p.len()) {
            if p.upos(k) == Upos::Punct {
                break;
            }
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(p.form(k));
            let key = isnad_kb::key_of_folded(&name);
            if kb.lookup_key(&key).iter().any(|&id| test(kb.entry(id))) {
                return true;
            }
        }
        false
    }
}

/// The light verb a verbal noun is the object of (`شن التنظيم هجوماً`, `نفذت الطائرات
/// غارات`): its subject is the doer of the noun's event.
pub(crate) fn light_verb(parse: &Parse, noun: usize, entry: &Trigger) -> Option<usize> {
    if entry.pos != Pos::Noun {
        return None;
    }
    let head = parse.head(noun)?;
    (parse.upos(head) == Upos::Verb
        && matches!(
            parse.rel(noun),
            Deprel::Obj | Deprel::Nsubj | Deprel::NsubjPass
        ))
    .then_some(head)
}
