//! By what means: `عبر`, `بواسطة`, `على متن`, or `ب` before a vehicle or weapon (`بحافلات`,
//! `بصواريخ`), in the trigger's clause; or a vehicle that is itself the subject of the event
//! (`نقلت حافلات المدنيين`).

use isnad_core::Roles;
use isnad_syntax::Deprel;

use super::{Event, RoleReader};
use crate::claims::lexicon::VEHICLES;
use crate::words::without_article;

/// The means of a movement or an attack.
pub(crate) struct Means;

impl RoleReader for Means {
    fn read(&self, event: &Event<'_>, roles: &mut Roles) {
        if !roles.means.is_empty() {
            return;
        }
        let p = event.parse;
        let vehicle = |w: usize| VEHICLES.contains(without_article(p.form(w)));
        let mut best: Option<usize> = None;
        for &w in &event.scope {
            if event.is_trigger(w) {
                continue;
            }
            let by_means = match p.preposition(w) {
                Some("عبر") => true,
                Some("ب") | Some("علي") | Some("في") => vehicle(w),
                _ => false,
            } || (p.form(w) == "متن" && p.preposition(w) == Some("علي"))
                || p.form(w) == "بواسطه";
            if by_means
                && best.is_none_or(|b| w.abs_diff(event.trigger) < b.abs_diff(event.trigger))
            {
                best = Some(w);
            }
        }
        // `على متن X`, `بواسطة X`: the means is X.
        let best = best.map(|w| {
            if matches!(p.form(w), "متن" | "بواسطه") {
                p.child(w, |r| matches!(r, Deprel::Nmod | Deprel::Obl))
                    .unwrap_or(w)
            } else {
                w
            }
        });
        if let Some(w) = best {
            // `بواسطة` before a person or a group names the doer, read with the participants.
            if !event.is_actor(w) {
                roles.means = event.values(w);
            }
        }
    }
}
