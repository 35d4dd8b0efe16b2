//! Who did it and to whom: the agent and the patient.
//!
//! - A verb's subject is its agent and its object its patient; a passive verb's subject is its
//!   patient, and its agent is named by `من قبل`, `على يد` or `بواسطة`.
//! - A verb of moving oneself (`غادر`، `انسحب`، `دخل`) has who moves as its subject: the
//!   patient of a transfer or an escape, the agent of a withdrawal or a deployment; its object
//!   is the place left (origin) or reached (destination, or location of a deployment).
//! - A vehicle as the subject (`غادرت حافلات تقل المدنيين`) is the means, and what it carries
//!   the patient.
//! - A verbal noun's genitive (`اعتقال الصحفي`, `انسحاب القوات`) is its patient when the event
//!   is done to someone (detaining, killing, moving, freeing), its agent when it is something
//!   one does (withdrawing, fleeing, meeting, seizing), and for an attack the agent when an
//!   actor is named (`هجوم التنظيم`), the patient otherwise (`قصف المدينة`); a place as the
//!   genitive is where the event happened, or the place left (`مغادرة البلدات`). An adjective
//!   of nationality is the agent (`غارة روسية`); so is the subject of the light verb the noun
//!   is the object of (`شن التنظيم هجوماً`), of `شنه`/`نفذه`, and what follows `من قبل`/`على
//!   يد`.
//! - The sides of a meeting, a deal or a clash follow `مع` or `بين` (`اشتباكات بين الجيش
//!   والتنظيم`): agents.
//! - A verb in a relative clause gives the noun it describes the role its clause lacks (`القوات
//!   التي نقلت المعتقلين`: the agent; `المعتقلين الذين نقلتهم القوات`: the patient); a
//!   relative pronoun as a subject stands for that noun; a participle describing a noun makes
//!   it the patient (`القوات المدعومة من روسيا`).
//! - A verb without a subject takes that of the verb it is coordinated with, or of the last
//!   verb before it in the sentence ([`Carried`]: the subject is dropped in Arabic when it
//!   stays the same). When the tree gives a verb neither subject nor object, the first noun
//!   phrases after it are read as subject and object (Arabic is verb-subject-object), and a
//!   noun's genitive as the word right after it ([`Adjacent`]).

use std::sync::LazyLock;

use isnad_core::{ClaimType, EntityType, RoleValue, Roles};
use isnad_syntax::{Deprel, Upos};

use super::{light_verb, Event, RoleReader};
use crate::claims::lexicon::{nationality, Motion, VEHICLES};
use crate::hash::FxHashSet as HashSet;
use crate::words::{without_article, word_set};

/// Subject, object, genitive and the other relations of the trigger itself.
pub(crate) struct Arguments;

/// The events whose genitive is the doer (`انسحاب القوات`), against those done to it.
fn genitive_is_doer(t: ClaimType) -> bool {
    matches!(
        t,
        ClaimType::Withdraw
            | ClaimType::Escape
            | ClaimType::Surrender
            | ClaimType::Deploy
            | ClaimType::Meet
            | ClaimType::Seize
    )
}

/// The events whose mover is their patient (a transfer, an escape), against those whose mover
/// is their agent (a withdrawal, a deployment).
fn mover_is_patient(t: ClaimType) -> bool {
    matches!(
        t,
        ClaimType::Transfer | ClaimType::Escape | ClaimType::Release
    )
}

/// Relative pronouns: as a subject they stand for the noun their clause describes
/// (`data/claims/relatives.txt`).
static RELATIVES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_set(include_str!("../../../data/claims/relatives.txt")));

/// Verbal nouns of leaving: their genitive place is the origin (`مغادرة البلدات`).
const LEAVING: &[&str] = &[
    "مغادره",
    "انسحاب",
    "خروج",
    "اجلاء",
    "نزوح",
    "فرار",
    "هروب",
    "اخلاء",
];

/// What names the doer after a passive or a verbal noun: `من قبل X`, `على يد X`, `بواسطة X`.
fn by_agent(event: &Event<'_>, of: usize) -> Option<usize> {
    let p = event.parse;
    for &c in p.children(of) {
        let named = matches!(
            (p.form(c), p.preposition(c)),
            ("قبل", Some("من")) | ("يد", Some("علي")) | ("بواسطه", _)
        );
        if named {
            return p.child(c, |r| matches!(r, Deprel::Nmod | Deprel::Obl));
        }
    }
    None
}

/// Personal pronouns of the third person, standing for an actor named before them (`قوات
/// الجيش وهي تدخل البلدات`).
const PERSONAL: &[&str] = &["هو", "هي", "هم", "هما", "هن"];

/// The word a subject stands for: a relative pronoun's noun, a personal pronoun's nearest
/// actor before it, or itself.
fn antecedent(event: &Event<'_>, subject: usize) -> usize {
    let p = event.parse;
    if RELATIVES.contains(p.form(subject)) {
        if let Some(verb) = p.head(subject) {
            if let Some(noun) = p.head(verb).filter(|&n| p.upos(n).is_nominal()) {
                return noun;
            }
        }
    }
    if PERSONAL.contains(&p.form(subject)) {
        if let Some(actor) = (0..subject)
            .rev()
            .find(|&w| event.is_actor(w) && p.upos(w).is_nominal())
        {
            // The head of the actor's phrase: walk up through its name.
            let mut head = actor;
            while let Some(h) = p.head(head).filter(|&h| {
                h < subject
                    && matches!(p.rel(head), Deprel::Nmod | Deprel::Flat | Deprel::Amod)
                    && p.upos(h).is_nominal()
            }) {
                head = h;
            }
            return head;
        }
    }
    subject
}

/// Whether word `w` can fill a participant role: a noun phrase, not a date.
fn participant(event: &Event<'_>, w: usize) -> bool {
    let p = event.parse;
    (p.upos(w).is_nominal() || p.upos(w) == Upos::Adj) && !event.is_time(w)
}

fn set(slot: &mut Vec<RoleValue>, values: Vec<RoleValue>) {
    if slot.is_empty() {
        *slot = values;
    }
}

impl RoleReader for Arguments {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        if event.is_verb() {
            verb_arguments(event, roles);
        } else {
            noun_arguments(event, roles);
        }
        sides(event, roles);
    }
}

fn verb_arguments(event: &Event<'_>, roles: &mut Roles) {
    let p = event.parse;
    let t = event.trigger;
    let carries_object = crate::claims::lexicon::carries_object_pronoun(p.form(t));
    let raw_subject = p.child(t, Deprel::is_subject);
    // `الجيش الذي تدعمه باريس`: with the object pronoun on the verb, the relative pronoun is
    // its object, not its subject.
    let relative_object =
        carries_object && raw_subject.is_some_and(|s| RELATIVES.contains(p.form(s)));
    // A place is no doer (`الحسكة - نقلت قوات ...`: a dateline the parser took for the
    // subject), unless it speaks for a state (`واشنطن`).
    let subject = raw_subject
        .filter(|_| !relative_object)
        .map(|s| antecedent(event, s))
        .filter(|&s| participant(event, s))
        .filter(|&s| !event.is_place(s) || event.is_actor(s) || event.passive);
    let mut object = p
        .child(t, |r| matches!(r, Deprel::Obj | Deprel::Iobj))
        .filter(|&o| participant(event, o));
    // `فصائل تدعمها أنقرة`: a verb that carries its object pronoun has its subject after it;
    // a noun the parser took for its object is its subject, and what the pronoun stands for
    // is the noun just before the verb.
    let mut subject = subject;
    if carries_object && subject.is_none() {
        subject = object.take();
    }
    if relative_object {
        if let Some(noun) = raw_subject.map(|s| antecedent(event, s)) {
            set(&mut roles.patient, event.values(noun));
        }
    }
    if carries_object && !event.passive {
        if let Some(noun) = (t.saturating_sub(4)..t).rev().find(|&w| {
            p.upos(w).is_nominal() && participant(event, w) && p.preposition(w).is_none()
        }) {
            set(&mut roles.patient, event.values(noun));
        }
    }
    let kind = event.claim_type();
    if let Some(s) = subject {
        if VEHICLES.contains(without_article(p.form(s))) {
            // `غادرت حافلات تقل المدنيين`: the vehicles are the means, what they carry moves.
            roles.means = event.values(s);
            if let Some(carried) = p
                .children(s)
                .iter()
                .filter(|&&c| matches!(p.rel(c), Deprel::Acl | Deprel::AclRelcl))
                .find_map(|&c| p.child(c, |r| matches!(r, Deprel::Obj | Deprel::Nsubj)))
            {
                set(&mut roles.patient, event.values(carried));
            }
        } else if event.entry.motion.is_some() {
            let mover = event.values(s);
            if mover_is_patient(kind) {
                set(&mut roles.patient, mover);
            } else {
                set(&mut roles.agent, mover);
            }
        } else if event.passive {
            set(&mut roles.patient, event.values(s));
        } else {
            set(&mut roles.agent, event.values(s));
        }
    }
    if event.passive {
        if let Some(a) = by_agent(event, t) {
            set(&mut roles.agent, event.values(a));
        }
    }
    if let Some(o) = object {
        match event.entry.motion {
            Some(Motion::Leave) if event.is_place(o) => set(&mut roles.origin, event.values(o)),
            Some(Motion::Enter) if event.is_place(o) => {
                let slot = if kind == ClaimType::Deploy {
                    &mut roles.location
                } else {
                    &mut roles.destination
                };
                set(slot, event.values(o));
            }
            _ if !event.passive => set(&mut roles.patient, event.values(o)),
            _ => {}
        }
    }
    // A relative clause or participle gives its noun the role the clause lacks.
    if let (Some(head), true) = (
        p.head(t),
        matches!(p.rel(t), Deprel::Acl | Deprel::AclRelcl | Deprel::Amod),
    ) {
        if p.upos(head).is_nominal() && !event.is_time(head) {
            let slot = if event.passive
                || subject.is_some()
                || event.entry.motion.is_some() && mover_is_patient(kind)
            {
                &mut roles.patient
            } else {
                &mut roles.agent
            };
            set(slot, event.values(head));
        }
    }
}

fn noun_arguments(event: &Event<'_>, roles: &mut Roles) {
    let p = event.parse;
    let t = event.trigger;
    let kind = event.claim_type();
    if let Some(head) = p.head(t) {
        // `القوات المدعومة`: a participle describing its noun (the noun undergoes it).
        if p.rel(t) == Deprel::Amod && p.upos(head).is_nominal() {
            set(&mut roles.patient, event.values(head));
        }
    }
    for &c in p.children(t) {
        if event.is_trigger(c) || event.others.contains(&c) {
            continue;
        }
        match p.rel(c) {
            Deprel::Amod => {
                // `غارات جوية تركية`: an adjective of nationality, after other adjectives.
                let mut adjective = Some(c);
                while let Some(a) = adjective {
                    if nationality(p.form(a)).is_some() {
                        set(&mut roles.agent, vec![event.value(a..a + 1)]);
                        break;
                    }
                    adjective = p.child(a, |r| r == Deprel::Amod);
                }
            }
            Deprel::Nmod | Deprel::Obl
                if p.preposition(c).is_none() && c > t && !launches(p, c) =>
            {
                genitive(event, c, roles);
            }
            Deprel::Nmod | Deprel::Obl
                if p.preposition(c) == Some("ل")
                    && kind == ClaimType::Attack
                    && event.is_actor(c) =>
            {
                // `هجوم للتنظيم`: the attacker.
                set(&mut roles.agent, event.values(c));
            }
            Deprel::Acl | Deprel::AclRelcl | Deprel::Nmod if launches(p, c) => {
                // `هجوم شنه التنظيم`, `غارات نفذتها طائرات`: the doer of the noun (the
                // parser may take `شنه` for a noun and its subject for its genitive).
                let doer = p
                    .child(c, |r| r == Deprel::Nsubj)
                    .or_else(|| p.child(c, |r| r == Deprel::Nmod))
                    .or_else(|| {
                        p.children(c)
                            .iter()
                            .copied()
                            .find(|&o| p.rel(o) == Deprel::Obj && p.upos(o) != Upos::Pron)
                    });
                if let Some(s) = doer {
                    set(&mut roles.agent, event.values(s));
                }
            }
            _ => {}
        }
    }
    if let Some(a) = by_agent(event, t) {
        set(&mut roles.agent, event.values(a));
    }
    // `غارات جوية تركية`: an adjective of nationality among the adjectives right after the
    // noun, wherever the parser hung it.
    if roles.agent.is_empty() {
        if let Some(a) = (t + 1..(t + 4).min(p.len()))
            .take_while(|&w| p.upos(w) == Upos::Adj || nationality(p.form(w)).is_some())
            .find(|&w| nationality(p.form(w)).is_some())
        {
            roles.agent = vec![event.value(a..a + 1)];
        }
    }
    // `فصائل مدعومة من طهران`: a passive participle's doer follows `من`.
    if roles.agent.is_empty() && p.form(t).starts_with(['م', 'ا']) && p.upos(t) == Upos::Adj {
        if let Some(w) = (t + 1..(t + 3).min(p.len()))
            .find(|&w| p.preposition(w) == Some("من") && event.is_actor(w))
        {
            roles.agent = event.values(w);
        }
    }
    // `الهجمات المتكررة لمسلحي المعارضة`: an actor under `ل` just after an attack noun,
    // wherever the parser hung it.
    if kind == ClaimType::Attack && roles.agent.is_empty() {
        if let Some(w) = (t + 1..(t + 4).min(p.len())).find(|&w| {
            p.preposition(w) == Some("ل")
                && participant(event, w)
                && (event.is_actor(w) || !event.is_place(w))
        }) {
            roles.agent = event.values(w);
        }
    }
    // `شن التنظيم هجوماً`, `تسعى الحكومة إلى إجلاء`, `وعدوا بعدم مهاجمة`: the subject of the
    // verb the noun depends on does the noun's event (a light verb, a verb of trying,
    // promising, starting), unless that verb tells another event or is passive.
    if roles.agent.is_empty() && !matches!(p.rel(t), Deprel::Nsubj | Deprel::NsubjPass) {
        let verb = light_verb(p, t, event.entry).or_else(|| {
            p.head(t).filter(|&h| {
                p.upos(h) == Upos::Verb && !event.others.contains(&h) && !p.is_passive(h)
            })
        });
        if let Some(verb) = verb {
            if let Some(s) = p
                .child(verb, |r| r == Deprel::Nsubj)
                .map(|s| antecedent(event, s))
                .filter(|&s| participant(event, s) && p.upos(s) != Upos::Pron && event.is_actor(s))
            {
                set(&mut roles.agent, event.values(s));
            }
        }
    }
}

/// Whether word `w` is a verb of launching or carrying out (`شن`، `نفذ`، `قاد`، `ارتكب`), in
/// any inflection, its object pronoun on it or not (`شنه`، `نفذتها`).
fn launches(p: &crate::syntax::Parse, w: usize) -> bool {
    const LAUNCH: &[&str] = &["شن", "نفذ", "قاد", "ارتكب"];
    LAUNCH.contains(&p.lemma(w))
        || crate::claims::lexicon::verb_stems(p.form(w))
            .iter()
            .any(|s| LAUNCH.contains(&s.as_str()))
}

/// The genitive `c` of a verbal noun: doer, undergoer or place, by the event.
fn genitive(event: &Event<'_>, c: usize, roles: &mut Roles) {
    if event.is_time(c) {
        return;
    }
    let kind = event.claim_type();
    let trigger = without_article(event.parse.form(event.trigger));
    if event.is_place(c) && !event.is_actor(c) {
        let slot = if LEAVING.contains(&trigger) {
            &mut roles.origin
        } else if kind == ClaimType::Attack {
            &mut roles.patient
        } else {
            &mut roles.location
        };
        set(slot, event.values(c));
        return;
    }
    let doer = match kind {
        ClaimType::Attack | ClaimType::Other => event.is_actor(c),
        // `دعم روسيا` is Russia's support, `دعم المقاتلين` support for the fighters.
        ClaimType::Supply => event.is_state(c),
        kind => genitive_is_doer(kind),
    };
    if doer {
        set(&mut roles.agent, event.values(c));
    } else {
        set(&mut roles.patient, event.values(c));
    }
}

/// The sides of a meeting, a deal, a clash or a talk, after `مع` or `بين`; and what a talk or
/// a deal is about, after `حول`، `بشأن`، `بخصوص` (its patient).
fn sides(event: &Event<'_>, roles: &mut Roles) {
    let p = event.parse;
    if roles.patient.is_empty() && matches!(event.claim_type(), ClaimType::Meet | ClaimType::Other)
    {
        if let Some(w) = (event.trigger + 1..(event.trigger + 8).min(p.len())).find(|&w| {
            matches!(p.preposition(w), Some("حول" | "بشان" | "بخصوص")) && participant(event, w)
        }) {
            roles.patient = event.values(w);
        }
    }
    if !roles.agent.is_empty() {
        return;
    }
    // `مع` names a side of a meeting or a deal only; `بين` the sides of any event between two
    // (a clash, an exchange, a deal), right after the trigger.
    let side = event
        .scope
        .iter()
        .copied()
        .filter(|&w| {
            let prep = p.preposition(w);
            participant(event, w)
                && w > event.trigger
                && (prep == Some("بين") && w <= event.trigger + event.width + 2
                    || prep == Some("مع")
                        && matches!(event.claim_type(), ClaimType::Meet | ClaimType::Other))
        })
        .min_by_key(|&w| w.abs_diff(event.trigger));
    if let Some(w) = side {
        let mut values = event.values(w);
        // `بين الجيش وبين التنظيم`: the second side repeats the preposition.
        for &c in p.children(w) {
            if p.rel(c) == Deprel::Conj && values.iter().all(|v| !v.text.is_empty()) {
                let extra = event.values(c);
                for v in extra {
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
        }
        roles.agent = values;
    }
}

/// The subject a verb shares with the verb it is coordinated with, or with the last verb
/// before it in its sentence, when it has none of its own.
pub(crate) struct Carried;

impl RoleReader for Carried {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        let p = event.parse;
        let t = event.trigger;
        if !event.is_verb() || p.child(t, Deprel::is_subject).is_some() {
            return;
        }
        let patient_moves = event.entry.motion.is_some() && mover_is_patient(event.claim_type());
        let slot = if event.passive || patient_moves {
            &mut roles.patient
        } else {
            &mut roles.agent
        };
        if !slot.is_empty() {
            return;
        }
        let mut from = None;
        if p.rel(t) == Deprel::Conj {
            from = p.head(t).filter(|&h| p.upos(h) == Upos::Verb);
        }
        if from.is_none() {
            from = (0..t)
                .rev()
                .find(|&v| p.upos(v) == Upos::Verb && p.child(v, |r| r == Deprel::Nsubj).is_some());
        }
        if let Some(s) = from.and_then(|v| p.child(v, |r| r == Deprel::Nsubj)) {
            let s = antecedent(event, s);
            if p.upos(s) != Upos::Pron && participant(event, s) {
                *slot = event.values(s);
            }
        }
    }
}

/// When the tree gave a verb neither subject nor object, or a noun no genitive: the noun
/// phrases right after it, in Arabic's verb-subject-object order.
pub(crate) struct Adjacent;

impl RoleReader for Adjacent {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        let p = event.parse;
        let t = event.trigger + event.width - 1;
        // Noun phrase heads after the trigger, before any preposition, punctuation or verb.
        let mut heads = Vec::new();
        let mut k = t + 1;
        while k < p.len() && heads.len() < 2 {
            let u = p.upos(k);
            // Dates and the commas around them (`نقلت القوات، فجر الإثنين، نحو 120 محتجزاً`)
            // stand between a verb and its object.
            let comma_before_date = u == Upos::Punct
                && (k + 1..(k + 4).min(p.len()))
                    .find(|&n| p.upos(n) != Upos::Punct)
                    .is_some_and(|n| event.is_time(n));
            let comma_after_date = u == Upos::Punct && k > 0 && event.is_time(k - 1);
            if event.is_time(k) || comma_before_date || comma_after_date {
                k += 1;
                continue;
            }
            if u == Upos::Punct
                || u == Upos::Verb
                || p.preposition(k).is_some()
                || matches!(u, Upos::Adp | Upos::Sconj | Upos::Cconj)
            {
                break;
            }
            if u.is_nominal() || u == Upos::Propn {
                let start_new = heads
                    .last()
                    .is_none_or(|&h| p.head(k) != Some(h) || p.rel(k) != Deprel::Nmod);
                if start_new {
                    heads.push(k);
                }
            }
            k += 1;
        }
        if event.is_verb() {
            // A subject read already: the next noun phrase is the object.
            if !roles.agent.is_empty()
                && roles.patient.is_empty()
                && !event.passive
                && event.entry.motion.is_none()
            {
                let taken = |w: usize| {
                    roles
                        .agent
                        .iter()
                        .any(|v| v.text.contains(&event.value(w..w + 1).text))
                };
                if let Some(&h) = heads.iter().find(|&&h| !taken(h)) {
                    roles.patient = event.values(h);
                }
                return;
            }
            if !roles.agent.is_empty() || !roles.patient.is_empty() {
                return;
            }
            let motion = event.entry.motion.is_some();
            // A verb of moving names the place left or reached right after it (`غادرت
            // الغوطة`): a place, not a participant.
            if let (Some(m), Some(&first)) = (event.entry.motion, heads.first()) {
                if event.is_place(first) && !event.is_actor(first) {
                    let slot = match m {
                        Motion::Leave => &mut roles.origin,
                        Motion::Enter if event.claim_type() == ClaimType::Deploy => {
                            &mut roles.location
                        }
                        Motion::Enter => &mut roles.destination,
                    };
                    set(slot, event.values(first));
                    heads.remove(0);
                }
            }
            match heads.as_slice() {
                [only] if event.passive || motion && mover_is_patient(event.claim_type()) => {
                    roles.patient = event.values(*only);
                }
                [only] if event.is_actor(*only) => roles.agent = event.values(*only),
                [only] => roles.patient = event.values(*only),
                [first, second, ..] => {
                    if event.passive {
                        roles.patient = event.values(*first);
                    } else {
                        roles.agent = event.values(*first);
                        roles.patient = event.values(*second);
                    }
                }
                [] => {}
            }
        } else if roles.agent.is_empty() && roles.patient.is_empty() {
            if let Some(&first) = heads.first().filter(|&&h| h == t + 1) {
                genitive(event, first, roles);
            }
        }
    }
}

/// When the tree gave no agent: the nearest named actor before the trigger in its clause.
pub(crate) struct Nearest;

impl RoleReader for Nearest {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        if !roles.agent.is_empty() || event.passive {
            return;
        }
        let p = event.parse;
        let taken =
            |v: &RoleValue, text: &str| v.text.contains(text) || text.contains(v.text.as_str());
        let used: Vec<&RoleValue> = roles
            .patient
            .iter()
            .chain(&roles.location)
            .chain(&roles.origin)
            .chain(&roles.destination)
            .collect();
        let found = event
            .scope
            .iter()
            .rev()
            .copied()
            .filter(|&w| w < event.trigger)
            .find(|&w| {
                matches!(
                    event.entity_at(w),
                    Some((_, EntityType::Org | EntityType::Per, _))
                ) && !used.iter().any(|v| taken(v, p.form(w)))
            });
        if let Some(w) = found {
            let (span, _, kb_id) = event.entity_at(w).expect("found by its entity");
            roles.agent.push(RoleValue {
                text: event.doc.text[span.clone()].to_owned(),
                kb_id: kb_id.clone(),
            });
        }
    }
}
