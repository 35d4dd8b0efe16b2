//! Where from, where to, where, and an attack's target: the obliques and nominal modifiers of
//! the trigger's clause, by their preposition.
//!
//! | preposition | role |
//! |---|---|
//! | `من` | origin of a movement, when a place |
//! | `إلى`، `نحو`، `باتجاه`، `صوب` | destination of a movement or a deployment, when a place |
//! | `في`، `داخل`، `قرب`، `بمحيط`، `ب` | location, when a place |
//! | `على`، `ضد` | the target of an attack (its patient), of a seizure where a place |
//!
//! A phrase the parser hung on the object rather than on the verb (`نقلت 750 معتقلاً من
//! تنظيم داعش من سجن الصناعة`) is still in the trigger's clause, so it is read all the same;
//! the nearest one to the trigger wins, direct dependents first.

use isnad_core::{ClaimType, Roles};
use isnad_syntax::{Deprel, Upos};

use super::{Event, RoleReader};

/// Origin, destination, location and target.
pub(crate) struct Places;

/// Events that move people or things from one place to another.
fn moves(t: ClaimType) -> bool {
    matches!(
        t,
        ClaimType::Transfer
            | ClaimType::Withdraw
            | ClaimType::Escape
            | ClaimType::Deploy
            | ClaimType::Release
    )
}

/// The role a preposition gives a place, for an event of type `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Origin,
    Destination,
    Location,
    Target,
}

fn slot(preposition: &str, head_form: &str, t: ClaimType) -> Option<Slot> {
    match (preposition, head_form) {
        ("من", _) if moves(t) => Some(Slot::Origin),
        ("الي" | "نحو" | "باتجاه" | "صوب" | "لي", _) if moves(t) => {
            Some(Slot::Destination)
        }
        ("علي" | "ضد", _) if matches!(t, ClaimType::Attack | ClaimType::Seize) => {
            Some(Slot::Target)
        }
        ("في" | "داخل" | "قرب" | "ب" | "عند" | "بمحيط" | "امام" | "علي", _) => {
            Some(Slot::Location)
        }
        _ => None,
    }
}

impl RoleReader for Places {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        let p = event.parse;
        let t = event.claim_type();
        // Candidates: every nominal in the clause with a preposition, nearest first, the
        // trigger's own dependents before the rest.
        let mut candidates: Vec<usize> = event
            .scope
            .iter()
            .copied()
            .filter(|&w| !event.is_trigger(w) && p.preposition(w).is_some())
            .filter(|&w| {
                matches!(
                    p.upos(w),
                    Upos::Noun | Upos::Propn | Upos::X | Upos::Adj | Upos::Num
                )
            })
            .collect();
        candidates.sort_by_key(|&w| (p.head(w) != Some(event.trigger), w.abs_diff(event.trigger)));
        for w in candidates {
            let prep = p.preposition(w).unwrap_or("");
            // `داخل`, `قرب`, `بالقرب من`: the place is the noun after them.
            let Some(slot) = slot(prep, p.form(w), t) else {
                continue;
            };
            let target = slot == Slot::Target;
            if !target && !event.is_place(w) {
                continue;
            }
            // A place inside another place's phrase (`سجن الصناعة في الحسكة`) belongs to it.
            if p.head(w)
                .is_some_and(|h| p.rel(w) == Deprel::Nmod && roles_has(roles, event, h))
            {
                continue;
            }
            let values = event.place_values(w);
            let list = match slot {
                Slot::Origin => &mut roles.origin,
                Slot::Destination => &mut roles.destination,
                Slot::Location => &mut roles.location,
                // An attack on a place was done to it and happened there: both.
                Slot::Target if event.is_place(w) && !event.is_actor(w) => {
                    if roles.location.is_empty() {
                        roles.location = values.clone();
                    }
                    if t == ClaimType::Seize {
                        continue;
                    }
                    &mut roles.patient
                }
                Slot::Target if t == ClaimType::Seize => continue,
                Slot::Target => &mut roles.patient,
            };
            if list.is_empty() {
                *list = values;
            }
        }
    }
}

/// When the clause named no place: the place of the sentence nearest the trigger that
/// follows `في`، `قرب`، `داخل`، `ب` (`قتل 5 مدنيين ... في مدينة دوما`). A report tells where a
/// sentence's events happened once, not for each of them.
pub(crate) struct SentencePlace;

impl RoleReader for SentencePlace {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        if !roles.location.is_empty() {
            return;
        }
        let p = event.parse;
        let taken = |w: usize| {
            let text = event.value(event.phrase(w)).text;
            [
                &roles.origin,
                &roles.destination,
                &roles.patient,
                &roles.agent,
            ]
            .iter()
            .any(|vs| {
                vs.iter()
                    .any(|v| v.text.contains(&text) || text.contains(&v.text))
            })
        };
        let nearest = (0..p.len())
            .filter(|&w| {
                !event.is_trigger(w)
                    && matches!(
                        p.preposition(w),
                        Some("في" | "قرب" | "داخل" | "ب" | "عند" | "بمحيط")
                    )
                    && event.is_place(w)
                    && p.head(w).is_none_or(|h| !event.is_place(h) || p.rel(w) != Deprel::Nmod)
                    // Not the place of another event told in the sentence (`الغارات وسط تقارير
                    // عن اشتباكات في منبج`), unless that event is inside this one.
                    && !event.others.iter().any(|&o| {
                        o != event.trigger
                            && !p.dominates(o, event.trigger)
                            && !p.dominates(event.trigger, o)
                            && p.dominates(o, w)
                    })
            })
            .min_by_key(|&w| w.abs_diff(event.trigger));
        if let Some(w) = nearest.filter(|&w| !taken(w)) {
            roles.location = event.place_values(w);
        }
    }
}

/// Whether a role already holds the phrase headed by `h`.
fn roles_has(roles: &Roles, event: &Event<'_>, h: usize) -> bool {
    let text = event.value(event.phrase(h)).text;
    [&roles.origin, &roles.destination, &roles.location]
        .iter()
        .any(|vs| vs.iter().any(|v| v.text == text))
}
