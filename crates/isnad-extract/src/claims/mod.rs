//! Claims: the events a text reports, with who did what to whom, how many, from where to
//! where, by what means and when.
//!
//! A claim starts at a trigger: a word whose lemma the lexicon lists for its part of speech
//! (`data/claims/triggers.txt`: `نقل` as a verb covers `نقلت`، `ينقلون`، `سينقل`; `غارة` as a
//! noun covers `غارات`). Only a sentence with a word that may be a trigger is parsed; its roles
//! are then read from the tree by the readers of [`roles`], in order (participants, places,
//! means, a subject carried from the verb before, count, date, and last the nearest named
//! actor when the tree gave no agent).
//!
//! Modality: inside an attribution's content the claim is `reported` (and points to it); a
//! negation on the trigger (`لم`، `لن`، `لا`، `عدم`) or a denial cue before it make it
//! `negated`; a hedge (`قد` before the present, `ربما`، `يبدو`، `يُزعم`، `المزعوم`) makes it
//! `hedged`.
//!
//! A word that is an attribution cue (`نقلت وكالة ... عن`) is not also a transfer, and a word
//! inside a date (`فجر الإثنين`) is no trigger.

pub mod classifier;
pub(crate) mod lexicon;
mod roles;

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use isnad_core::{
    Claim, ClaimType, Document, Modality, RoleCount, RoleValue, Roles, SourceKind, Span, TextSpan,
    Topic,
};
use isnad_kb::Kb;
use isnad_syntax::{Deprel, Syntax, Upos};
use isnad_text::{fold, CharIndex, TextLayer, TokenKind};

use crate::hash::FxHashSet as HashSet;
use crate::syntax::{Parse, Parses};
use crate::words::{byte_offsets, word_set};
use crate::Stage;
use lexicon::Triggers;
use roles::{DocView, Event, READERS};

/// Fills `Document::claims`; runs after entities, figures, dates and attributions.
pub struct ClaimStage {
    kb: Arc<Kb>,
    triggers: Triggers,
    /// The entries of the triggers the classifier proposes, by class and part of speech.
    learnt: Vec<[lexicon::Trigger; 2]>,
    /// How far a proposal must outscore "no event" ([`classifier::THRESHOLD`]).
    threshold: f32,
}

impl ClaimStage {
    /// A stage that links role fillers with `kb`.
    pub fn new(kb: Arc<Kb>) -> Self {
        let learnt = classifier::CLASSES
            .iter()
            .map(|c| {
                let entry = |pos| lexicon::Trigger {
                    claim_type: c.unwrap_or(ClaimType::Other),
                    pos,
                    second: None,
                    passive: false,
                    motion: None,
                };
                [entry(lexicon::Pos::Verb), entry(lexicon::Pos::Noun)]
            })
            .collect();
        ClaimStage {
            kb,
            triggers: Triggers::bundled(),
            learnt,
            threshold: classifier::THRESHOLD,
        }
    }

    /// Whether sentence `s` of `layer` has a word that may be a trigger (before parsing it).
    fn may_hold(&self, syntax: &Syntax, layer: &TextLayer, s: usize) -> bool {
        layer.tokens_in(layer.sentences[s].clone()).iter().any(|t| {
            t.kind == TokenKind::Word
                && self.triggers.may_be(syntax, layer.folded.of(t.stem_span()))
        })
    }
}

/// Negations before a trigger.
const NEGATIONS: &[&str] = &["لم", "لن", "لا", "ليس", "عدم", "دون", "لما"];

/// Hedges before a trigger (`قد` only before the present: `قد يكون`), from
/// `data/claims/hedges.txt`.
static HEDGES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../data/claims/hedges.txt")));

/// Pronouns that, as a subject, stand for whoever is quoted (`قالت إنها نقلت`), from
/// `data/claims/speaker_pronouns.txt`.
static SPEAKER_PRONOUNS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../data/claims/speaker_pronouns.txt")));

/// Words that open a part of a counted group or an addition to it (`35 مقاتلاً بينهم 9
/// روس`, `إضافة إلى 9 روس`).
const SUBSETS: &[&str] = &["بين", "بينهم", "بينهن", "منهم", "منهن", "اضافه", "علاوه"];

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        self.run_with(doc, &Parses::new(layer, Syntax::bundled()));
    }

    fn run_with(&self, doc: &mut Document, parses: &Parses<'_>) {
        let layer = parses.layer();
        let index = CharIndex::new(&doc.text);
        let byte_of = byte_offsets(&doc.text);
        let bytes = |start: usize, end: usize| byte_of(start)..byte_of(end);
        let view = DocView {
            text: &doc.text,
            kb: &self.kb,
            entities: doc
                .entities
                .iter()
                .map(|e| (bytes(e.start, e.end), e.entity_type, e.kb_id.clone()))
                .collect(),
            quantities: doc
                .quantities
                .iter()
                .map(|q| (bytes(q.start, q.end), q))
                .collect(),
            times: doc
                .times
                .iter()
                .map(|t| (bytes(t.start, t.end), t.value.clone()))
                .collect(),
            cues: doc
                .attributions
                .iter()
                .map(|a| bytes(a.cue.start, a.cue.end))
                .collect(),
        };
        let contents: Vec<(Range<usize>, &isnad_core::Attribution)> = doc
            .attributions
            .iter()
            .map(|a| (bytes(a.content.start, a.content.end), a))
            .collect();
        let time_spans: Vec<Range<usize>> = view.times.iter().map(|(s, _)| s.clone()).collect();
        parses.mark_nominal(|| time_spans.clone());
        let mut claims: Vec<Claim> = Vec::new();
        let sport = doc.topic == Some(Topic::Sport);
        for s in 0..layer.sentences.len() {
            // A sports story keeps only claims an armed party takes part in (below): a
            // sentence that names none is not read.
            let sentence = &layer.sentences[s];
            if sport
                && !view.entities.iter().any(|(span, _, id)| {
                    sentence.start <= span.start
                        && span.end <= sentence.end
                        && id.as_deref().is_some_and(|id| self.is_armed(id))
                })
            {
                continue;
            }
            if !self.may_hold(Syntax::bundled(), layer, s) {
                continue;
            }
            let parse = parses.sentence(s);
            let found = self.triggers_of(parse, &view.cues, &time_spans);
            let firsts: Vec<usize> = found.iter().map(|(i, _, _)| *i).collect();
            let first_claim = claims.len();
            for &(i, entry, width) in &found {
                let event = Event::new(&view, parse, i, width, entry, &firsts);
                let mut roles = Roles::default();
                for reader in READERS {
                    reader.read(&event, &mut roles);
                }
                let span = parse.span(i..i + width);
                // The attribution whose content holds the trigger (the narrowest).
                let attribution = contents
                    .iter()
                    .filter(|(c, _)| c.start <= span.start && span.end <= c.end)
                    .min_by_key(|(c, _)| c.len())
                    .map(|(_, a)| *a);
                speaker_for_pronoun(&mut roles.agent, attribution);
                let modality = modality(parse, i, &view, attribution.is_some());
                let (ts, te) = index.char_span(span.clone());
                let (ss, se) = index.char_span(layer.sentences[s].clone());
                claims.push(Claim {
                    id: String::new(),
                    claim_type: entry.claim_type,
                    cameo: entry.claim_type.cameo().to_owned(),
                    trigger: TextSpan {
                        start: ts,
                        end: te,
                        text: doc.text[span].to_owned(),
                    },
                    sentence: Span::new(ss, se),
                    roles,
                    attribution: attribution.map(|a| a.id.clone()),
                    modality,
                    summary: String::new(),
                });
                if let Some(second) = sub_count(&event, claims.last().expect("just pushed")) {
                    claims.push(second);
                }
            }
            caused_by_attacks(parse, &found, &mut claims[first_claim..]);
        }
        if doc.topic == Some(Topic::Sport) {
            // A side attacks, seizes the ball, withdraws from a cup; a club transfers, keeps
            // (`احتفظ`) or snatches (`خطف`) a player or a title: in a sports story the event
            // words are figures of speech, unless an armed party takes part.
            let entities = std::mem::take(&mut doc.entities);
            claims.retain(|c| self.armed_party(c, &entities));
            doc.entities = entities;
        }
        for (n, c) in claims.iter_mut().enumerate() {
            c.id = format!("c{}", n + 1);
            let roles = c.roles.render();
            c.summary = if roles.is_empty() {
                format!("{}: {}", c.claim_type.arabic_name(), c.trigger.text)
            } else {
                format!("{}: {roles}", c.claim_type.arabic_name())
            };
        }
        doc.claims = claims;
    }
}

impl ClaimStage {
    /// The triggers of a parsed sentence: first word, entry, width. Not a word of an
    /// attribution cue or of a date, and not the second word of a two-word trigger.
    fn triggers_of<'s>(
        &'s self,
        parse: &Parse,
        cues: &[Range<usize>],
        times: &[Range<usize>],
    ) -> Vec<(usize, &'s lexicon::Trigger, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < parse.len() {
            let span = &parse.words[i].span;
            let inside = |r: &Range<usize>| r.start <= span.start && span.end <= r.end;
            if cues.iter().any(inside) || times.iter().any(inside) {
                i += 1;
                continue;
            }
            match self.triggers.at(Syntax::bundled(), parse, i) {
                Some((entry, width)) if !is_state(parse, i, entry) => {
                    out.push((i, entry, width));
                    i += width;
                }
                Some(_) => i += 1,
                None => {
                    if let Some(entry) = self.learnt_at(parse, i) {
                        out.push((i, entry, 1));
                    }
                    i += 1;
                }
            }
        }
        out
    }
}

impl ClaimStage {
    /// Whether the KB entry `id` is an army or a security body, an armed group or a military
    /// coalition.
    fn is_armed(&self, id: &str) -> bool {
        use isnad_kb::Role;
        self.kb.get(id).is_some_and(|e| {
            matches!(
                e.role,
                Some(Role::ArmedGroup | Role::Official | Role::Coalition)
            )
        })
    }

    /// Whether an armed party takes part in a claim: its agent or patient is, or holds a
    /// mention of, an army or a security body, an armed group or a military coalition of the
    /// knowledge base. An armed group's attack on a stadium is an attack even in a sports story.
    fn armed_party(&self, claim: &Claim, entities: &[isnad_core::Entity]) -> bool {
        let armed = |id: &str| self.is_armed(id);
        let sentence = &claim.sentence;
        claim.roles.parties().any(|v| {
            v.kb_id.as_deref().is_some_and(armed)
                || entities.iter().any(|e| {
                    sentence.start <= e.start
                        && e.end <= sentence.end
                        && v.text.contains(e.text.as_str())
                        && e.kb_id.as_deref().is_some_and(armed)
                })
        })
    }

    /// The trigger the classifier proposes at word `i`, if any outscores "no event" enough.
    fn learnt_at(&self, parse: &Parse, i: usize) -> Option<&lexicon::Trigger> {
        let model = classifier::TriggerModel::bundled()?;
        let clusters = isnad_syntax::shared_clusters();
        let (t, margin) = model.propose(parse, i, &clusters)?;
        (margin > self.threshold).then(|| {
            let pos = usize::from(parse.upos(i) != Upos::Verb);
            &self.learnt[classifier::class_of(Some(t))][pos]
        })
    }
}

/// Whether a word of seizing tells a state of control, not an event: the present (`المناطق
/// التي تسيطر عليها`, `يسيطر التنظيم على`) or the noun under `تحت` or `ل` (`تحت سيطرة`,
/// `الخاضعة لسيطرة`). News reports a seizure in the past or as a verbal noun of its own
/// (`بعد سيطرة القوات على`).
fn is_state(parse: &Parse, i: usize, entry: &lexicon::Trigger) -> bool {
    if entry.claim_type != ClaimType::Seize {
        return false;
    }
    let imperfect = parse.analysis[i].feats.aspect == Some(isnad_syntax::Aspect::Imp)
        || (parse.upos(i) == Upos::Verb
            && matches!(parse.form(i).chars().next(), Some('ي' | 'ت' | 'ن')));
    match entry.pos {
        lexicon::Pos::Verb => imperfect,
        lexicon::Pos::Noun => {
            matches!(parse.preposition(i), Some("تحت" | "ل"))
                || (i > 0 && matches!(parse.form(i - 1), "تحت" | "ل"))
        }
    }
}

/// A subject that is only a pronoun (`قالت إنها نقلت`) is whoever the attribution quotes.
fn speaker_for_pronoun(agent: &mut Vec<RoleValue>, attribution: Option<&isnad_core::Attribution>) {
    let is_pronoun = agent
        .first()
        .is_some_and(|v| SPEAKER_PRONOUNS.contains(fold(v.text.trim()).as_str()));
    if !is_pronoun {
        return;
    }
    *agent = attribution
        .filter(|a| a.source.kind != SourceKind::Unspecified)
        .map(|a| RoleValue {
            text: a.source.text.clone(),
            kb_id: a.source.kb_id.clone(),
        })
        .into_iter()
        .collect();
}

/// How a claim is put (module docs).
fn modality(parse: &Parse, i: usize, view: &DocView<'_>, reported: bool) -> Modality {
    let negated_child = parse.children(i).iter().any(|&c| {
        matches!(parse.rel(c), Deprel::Advmod | Deprel::Aux | Deprel::Mark)
            && NEGATIONS.contains(&parse.form(c))
    });
    let before = i.saturating_sub(3)..i;
    let trigger = &parse.words[i].span;
    let denied = view.cues.iter().any(|c| {
        view.text[c.clone()].starts_with("نف")
            && c.end <= trigger.start
            && trigger.start - c.end < 400
    });
    if negated_child || before.clone().any(|k| NEGATIONS.contains(&parse.form(k))) || denied {
        return Modality::Negated;
    }
    let hedge = |k: usize| {
        let w = parse.form(k);
        if w == "قد" {
            parse.upos(k + 1) == Upos::Verb && parse.form(k + 1).starts_with('ي')
        } else {
            HEDGES.contains(w)
        }
    };
    if before.clone().any(hedge)
        || (i + 1 < parse.len() && parse.form(i + 1).starts_with("المزعوم"))
    {
        return Modality::Hedged;
    }
    if reported {
        Modality::Reported
    } else {
        Modality::Asserted
    }
}

/// `قتل 35 مقاتلاً بينهم 9 روس`: the part (or the addition) counted on its own is a second
/// event of the same kind, with its own figure and patient and the same doer, place and time.
fn sub_count(event: &Event<'_>, claim: &Claim) -> Option<Claim> {
    if !roles::figures::to_people(claim.claim_type) || claim.roles.count.is_none() {
        return None;
    }
    let p = event.parse;
    let doc = event.doc;
    let opener = event
        .scope
        .iter()
        .copied()
        .find(|&w| SUBSETS.contains(&p.form(w)))?;
    let after = p.words.get(opener + 1..)?.iter().take(3);
    let (span, q) = after.into_iter().find_map(|w| {
        doc.quantities.iter().find(|(q, quantity)| {
            q.start == w.span.start && quantity.unit.as_deref() == Some("person")
        })
    })?;
    let mut second = claim.clone();
    second.roles.count = Some(RoleCount {
        value: q.value,
        approx: q.approx,
    });
    second.roles.patient = vec![RoleValue {
        text: doc.text[span.clone()].to_owned(),
        kb_id: None,
    }];
    Some(second)
}

/// A death or an injury caused by an attack told in its clause (`قتل 35 في هجوم شنه
/// التنظيم`, `قتلوا بغارة`) was done by the attacker, by the attack's means.
fn caused_by_attacks(
    parse: &Parse,
    found: &[(usize, &lexicon::Trigger, usize)],
    claims: &mut [Claim],
) {
    // Claims and triggers line up, except for the second claims of counted parts: match by
    // trigger text and order.
    let mut k = 0;
    let mut trigger_of_claim = Vec::with_capacity(claims.len());
    for c in claims.iter() {
        while k + 1 < found.len()
            && parse.span(found[k].0..found[k].0 + found[k].2).len() != c.trigger.text.len()
        {
            k += 1;
        }
        trigger_of_claim.push(found.get(k).map(|f| f.0));
    }
    for n in 0..claims.len() {
        if !matches!(claims[n].claim_type, ClaimType::Kill | ClaimType::Injure) {
            continue;
        }
        let Some(death) = trigger_of_claim[n] else {
            continue;
        };
        let attack = (0..claims.len()).find(|&a| {
            claims[a].claim_type == ClaimType::Attack
                && trigger_of_claim[a].is_some_and(|t| t != death && parse.dominates(death, t))
        });
        let Some(a) = attack else { continue };
        let agent = claims[a].roles.agent.clone();
        let means = RoleValue {
            text: claims[a].trigger.text.clone(),
            kb_id: None,
        };
        let death = &mut claims[n];
        if death.roles.agent.is_empty() {
            death.roles.agent = agent;
        }
        if death.roles.means.is_empty() {
            death.roles.means.push(means);
        }
    }
}

#[cfg(test)]
mod tests;
