//! How many and when: the figure counting the patient, and the date of the event.

use isnad_core::{ClaimType, RoleCount, RoleTime, Roles};
use isnad_syntax::{Deprel, Upos};

use super::{Event, RoleReader};
use crate::claims::lexicon::QUANTIFIER_PRONOUNS;

/// The number of patients: the figure inside the patient's phrase (`750 معتقلاً`), or, for
/// an event done to people, the first figure of people in the clause.
pub(crate) struct Count;

/// Events whose patients are people counted in news (`قتل 26`, `نقل 750 معتقلاً`).
pub(crate) fn to_people(t: ClaimType) -> bool {
    matches!(
        t,
        ClaimType::Transfer
            | ClaimType::Escape
            | ClaimType::Release
            | ClaimType::Detain
            | ClaimType::Kill
            | ClaimType::Injure
    )
}

impl RoleReader for Count {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        let doc = event.doc;
        let inside = |text: &str| {
            doc.quantities.iter().find(|(span, q)| {
                let t = &doc.text[span.clone()];
                !t.is_empty() && text.contains(t) && q.unit.as_deref() != Some("percent")
            })
        };
        let found = roles
            .patient
            .iter()
            .find_map(|v| inside(&v.text))
            .or_else(|| {
                if !to_people(event.claim_type()) {
                    return None;
                }
                let p = event.parse;
                event
                    .scope
                    .iter()
                    .filter(|&&w| p.upos(w) == Upos::Num || p.rel(w) == Deprel::Nummod)
                    .find_map(|&w| {
                        let span = &p.words[w].span;
                        doc.quantities.iter().find(|(q, quantity)| {
                            q.start <= span.start
                                && span.end <= q.end
                                && quantity.unit.as_deref() == Some("person")
                        })
                    })
            });
        // `وصل نحو 200 مقاتل، وانتشر معظمهم`: a quantifier with a pronoun counts the people
        // last counted before it.
        let quantifier = [&roles.agent, &roles.patient].iter().any(|values| {
            values
                .first()
                .is_some_and(|v| QUANTIFIER_PRONOUNS.contains(&isnad_text::fold(v.text.trim())))
        });
        let found = found.or_else(|| {
            if !quantifier {
                return None;
            }
            let p = event.parse;
            let sentence = p.span(0..p.len());
            let before = p.words[event.trigger].span.start;
            doc.quantities.iter().rev().find(|(q, quantity)| {
                q.start >= sentence.start
                    && q.end <= before
                    && quantity.unit.as_deref() == Some("person")
            })
        });
        // `عملية التبادل ... وشملت 200 مسلح`: for an event done to people, the first figure of
        // people after the trigger in the sentence counts them, and names them when nothing
        // else did.
        let found = found.or_else(|| {
            if !to_people(event.claim_type()) {
                return None;
            }
            let p = event.parse;
            let sentence = p.span(0..p.len());
            let trigger = &p.words[event.trigger].span;
            let people = |(q, quantity): &&(std::ops::Range<usize>, &isnad_core::Quantity)| {
                q.start >= sentence.start
                    && q.end <= sentence.end
                    && quantity.unit.as_deref() == Some("person")
            };
            // After the trigger first (`قتل 12 مدنيا`), else the last before it (`14 عنصرا
            // ... لقوا حتفهم`).
            doc.quantities
                .iter()
                .filter(people)
                .find(|(q, _)| q.start >= trigger.end)
                .or_else(|| {
                    doc.quantities
                        .iter()
                        .filter(people)
                        .rfind(|(q, _)| q.end <= trigger.start)
                })
        });
        if let Some((span, q)) = found {
            // The people counted are patients too, beside whatever the clause named: the figure
            // and the phrase of the noun it counts (`نحو 120 محتجزاً من عناصر التنظيم`).
            let p = event.parse;
            let counted_noun = p.word_at(span.end.saturating_sub(1));
            let counted = match counted_noun.filter(|&w| p.upos(w).is_nominal()) {
                Some(w) => {
                    let phrase = event.phrase(w);
                    let end = p.words[phrase.end.max(w + 1) - 1].span.end.max(span.end);
                    doc.text[span.start..end].to_owned()
                }
                None => doc.text[span.clone()].to_owned(),
            };
            if to_people(event.claim_type())
                && !roles
                    .patient
                    .iter()
                    .any(|v| v.text.contains(&counted) || counted.contains(&v.text))
            {
                roles.patient.push(isnad_core::RoleValue {
                    text: counted,
                    kb_id: None,
                });
            }
            roles.count = Some(RoleCount {
                value: q.value,
                approx: q.approx,
            });
            // `معظمهم`: a quantifier with a pronoun stands for the people counted.
            for values in [&mut roles.patient, &mut roles.agent] {
                if values
                    .first()
                    .is_some_and(|v| QUANTIFIER_PRONOUNS.contains(&isnad_text::fold(v.text.trim())))
                {
                    values[0].text = doc.text[span.clone()].to_owned();
                    values[0].kb_id = None;
                }
            }
        }
    }
}

/// The date of the event: the date in the trigger's clause, else the nearest in the sentence
/// that is not the day of the telling (right after an attribution cue).
pub(crate) struct When;

impl RoleReader for When {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        let p = event.parse;
        let doc = event.doc;
        let clause: Vec<std::ops::Range<usize>> = event
            .scope
            .iter()
            .map(|&w| p.words[w].span.clone())
            .collect();
        let sentence = p.span(0..p.len());
        let trigger = p.words[event.trigger].span.start;
        let told = |span: &std::ops::Range<usize>| {
            doc.cues
                .iter()
                .any(|c| c.end <= span.start && span.start - c.end < 40)
        };
        let in_clause = doc.times.iter().find(|(span, value)| {
            value.is_some()
                && clause
                    .iter()
                    .any(|w| w.start <= span.start && span.start < w.end)
        });
        let nearest = || {
            doc.times
                .iter()
                .filter(|(span, value)| {
                    value.is_some()
                        && sentence.start <= span.start
                        && span.end <= sentence.end
                        && !told(span)
                })
                .min_by_key(|(span, _)| span.start.abs_diff(trigger))
        };
        if let Some((_, Some(value))) = in_clause.or_else(nearest) {
            roles.time = Some(RoleTime {
                value: Some(value.clone()),
            });
        }
    }
}
