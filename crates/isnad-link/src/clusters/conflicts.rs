//! Where the accounts of one event disagree: for each role (count, agent, origin,
//! destination, location, time), the values members give that cannot be one value told more
//! or less precisely, each with the members behind it, when they come from different
//! accounts (documents, or sources quoted in one document).

use std::collections::BTreeSet;

use isnad_core::{ClaimType, Conflict, ConflictValue, RoleValue, SourceKind};
use isnad_kb::Kb;
use isnad_text::fold;

use super::agreement::{
    actors_agree, dates_agree, figures_agree, names_a_place, places_agree, same_link, site_in_town,
    value_agrees,
};
use super::{day_number, DocInfo, Member};

/// Whether two members of documents published on different days each date the event to the
/// day their own document came out: the running toll of a flood "today", reported on three
/// days, is three reports, not three accounts of its date.
fn each_on_its_day(a: &Member, b: &Member, docs: &[DocInfo]) -> bool {
    let on_its_day = |m: &Member| {
        let date = m.claim.roles.time.as_ref().and_then(|t| t.value.as_deref());
        docs[m.doc].day.is_some() && date.and_then(|d| day_number(Some(d))) == docs[m.doc].day
    };
    docs[a.doc].day != docs[b.doc].day && on_its_day(a) && on_its_day(b)
}

/// Whether two members' dates are told to the same precision (both days, both months). A
/// month or a year named beside a day is mostly background (`منذ 2011`, `اتفاق حزيران
/// الماضي`) that the cluster took in with the event, not another account of its date.
fn same_precision(a: &Member, b: &Member) -> bool {
    let len = |m: &Member| {
        m.claim
            .roles
            .time
            .as_ref()
            .and_then(|t| t.value.as_ref())
            .map(|v| v.len())
    };
    len(a).is_some() && len(a) == len(b)
}

/// An account: a member's document and the source it tells the event on (the origin of its
/// chain, folded), for comparing who gives which value.
type Account = (usize, String);

/// A member's account and its key in the report.
type Keyed = (Account, String);

/// The account a member gives: its document and the origin of its chain.
fn account_of(m: &Member) -> Account {
    let origin = m
        .origin
        .kb_id
        .clone()
        .or_else(|| m.origin.text.as_deref().map(fold))
        .unwrap_or_default();
    (m.doc, origin)
}

/// Whether distinct values of a role come from different accounts: one source giving two
/// figures in one article is its own business; two outlets, or two sources quoted in one
/// article (a ministry's toll beside a monitor's), giving different ones is a conflict
/// between accounts. Two sets of accounts that each give every value (both outlets name the
/// day of the attack and the year the war began) do not disagree either.
fn across_accounts(groups: &[Vec<Keyed>]) -> bool {
    let accounts: Vec<BTreeSet<&Account>> = groups
        .iter()
        .map(|members| members.iter().map(|(account, _)| account).collect())
        .collect();
    accounts.len() > 1 && accounts.iter().any(|d| d != &accounts[0])
}

/// How one role is compared across the members of a cluster.
struct RoleCheck<'a, T> {
    role: &'static str,
    /// The member's values of the role that can be compared at all.
    values: &'a dyn Fn(&Member) -> Vec<T>,
    /// Whether two values can be the same thing told more or less precisely.
    agree: &'a dyn Fn(&T, &T) -> bool,
    /// Whether two members' values of this role are accounts of the same thing that can
    /// contradict each other.
    comparable: &'a dyn Fn(&Member, &Member) -> bool,
    show: &'a dyn Fn(&T) -> serde_json::Value,
    /// How precise a member's values are: the most precise start the groups of values, so
    /// that a vaguer value joins the precise one it fits (`حمص` the group of a site in
    /// Homs) and two precise values that differ stay apart.
    precision: &'a dyn Fn(&[T]) -> u8,
}

/// The values of one role across a cluster's members, when they disagree: two members in
/// different documents give values of which none agree, and the documents do not each give
/// the same values. Values that are merely more or less specific agree.
fn role_conflict<T>(
    check: &RoleCheck<'_, T>,
    ms: &[&Member],
    key: &dyn Fn(&Member) -> String,
) -> Option<Conflict> {
    let mut given: Vec<(&Member, Vec<T>)> = ms
        .iter()
        .map(|m| (*m, (check.values)(m)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    given.sort_by_key(|(_, v)| std::cmp::Reverse((check.precision)(v)));
    // Worked out once a member: the pairs below are many in a large cluster.
    let accounts: Vec<Account> = given.iter().map(|(m, _)| account_of(m)).collect();
    let compatible = |a: &[T], b: &[T]| a.iter().any(|x| b.iter().any(|y| (check.agree)(x, y)));
    let disagree = given.iter().enumerate().any(|(x, (a, va))| {
        given[x + 1..].iter().enumerate().any(|(k, (b, vb))| {
            accounts[x] != accounts[x + 1 + k] && !compatible(va, vb) && (check.comparable)(a, b)
        })
    });
    if !disagree {
        return None;
    }
    // Each member joins the first value it agrees with.
    let mut groups: Vec<(&[T], Vec<Keyed>)> = Vec::new();
    for ((m, vals), account) in given.iter().zip(accounts) {
        match groups.iter_mut().find(|(g, _)| compatible(g, vals)) {
            Some((_, members)) => members.push((account, key(m))),
            None => groups.push((vals, vec![(account, key(m))])),
        }
    }
    let members: Vec<Vec<Keyed>> = groups.iter().map(|(_, m)| m.clone()).collect();
    if !across_accounts(&members) {
        return None;
    }
    Some(Conflict {
        role: check.role.to_owned(),
        values: groups
            .into_iter()
            .map(|(vals, members)| ConflictValue {
                value: (check.show)(&vals[0]),
                members: members.into_iter().map(|(_, k)| k).collect(),
            })
            .collect(),
    })
}

/// A member's places without those a site it names lies in (`حمص` beside `مغارة في حمص`):
/// the site is where the member puts the event, and the town would agree with any other
/// site of that town.
fn most_precise(places: Vec<RoleValue>, kb: &Kb) -> Vec<RoleValue> {
    let sites: Vec<&RoleValue> = places
        .iter()
        .filter(|v| site_in_town(v, kb).is_some())
        .collect();
    places
        .iter()
        .filter(|v| site_in_town(v, kb).is_some() || !sites.iter().any(|s| value_agrees(v, s, kb)))
        .cloned()
        .collect()
}

/// Whether a linked actor could be the one who did it: not a news outlet and not a source
/// the member's own chain cites (extraction sometimes takes the speaker for the actor).
fn actor_of(m: &Member, v: &RoleValue, kb: &Kb) -> bool {
    let Some(id) = v.kb_id.as_deref() else {
        return false;
    };
    let outlet = kb
        .id_of(id)
        .and_then(|e| kb.kind_of_source(e))
        .is_some_and(|k| k == SourceKind::Outlet);
    let speaker = m
        .cited
        .iter()
        .chain(std::iter::once(&m.origin))
        .any(|l| l.kb_id.as_deref() == Some(id));
    !outlet && !speaker
}

/// The roles whose members disagree: figures, places, actors and dates.
pub(super) fn conflicts(
    ms: &[&Member],
    key: &dyn Fn(&Member) -> String,
    docs: &[DocInfo],
    kb: &Kb,
) -> Vec<Conflict> {
    let any = |_: &Member, _: &Member| true;
    let text = |v: &RoleValue| serde_json::Value::String(v.text.clone());
    let place_agree = |x: &RoleValue, y: &RoleValue| places_agree(x, y, kb);
    let mut out = Vec::new();
    out.extend(role_conflict(
        &RoleCheck {
            role: "count",
            values: &|m| m.claim.roles.count.iter().cloned().collect(),
            agree: &figures_agree,
            comparable: &any,
            show: &|c| serde_json::json!({"value": c.value, "approx": c.approx}),
            precision: &|_| 0,
        },
        ms,
        key,
    ));
    // Who did it is disputed when different sources name different actors: the actors must
    // be known entries and neither a party to the other account (an exchange between two
    // sides names each as agent somewhere).
    let agents = |m: &Member| -> Vec<RoleValue> {
        m.claim
            .roles
            .agent
            .iter()
            .filter(|v| actor_of(m, v, kb))
            .cloned()
            .collect()
    };
    let parties = |m: &Member| -> Vec<String> {
        m.claim
            .roles
            .parties()
            .filter_map(|v| v.kb_id.clone())
            .collect()
    };
    // Sources blame different actors only where we know who the sources are.
    let known_source = |m: &Member| m.claim.attribution.is_some() && m.origin.kb_id.is_some();
    // Only for events one side does to another: in talks, agreements and the like every
    // party is an agent somewhere, and a different name is another party, not a dispute.
    let one_sided = matches!(
        ms[0].claim.claim_type,
        ClaimType::Attack
            | ClaimType::Kill
            | ClaimType::Injure
            | ClaimType::Detain
            | ClaimType::Seize
    );
    out.extend(role_conflict(
        &RoleCheck {
            role: "agent",
            values: &agents,
            agree: &|x, y| actors_agree(x, y, kb),
            comparable: &|a, b| {
                let (pa, pb) = (parties(a), parties(b));
                one_sided
                    && known_source(a)
                    && known_source(b)
                    && !same_link(&a.origin, &b.origin)
                    && !agents(a)
                        .iter()
                        .any(|v| pb.contains(v.kb_id.as_ref().unwrap()))
                    && !agents(b)
                        .iter()
                        .any(|v| pa.contains(v.kb_id.as_ref().unwrap()))
            },
            show: &text,
            precision: &|_| 0,
        },
        ms,
        key,
    ));
    for (role, get) in [
        (
            "origin",
            (|m: &Member| m.claim.roles.origin.clone()) as fn(&Member) -> Vec<RoleValue>,
        ),
        ("destination", |m: &Member| {
            m.claim.roles.destination.clone()
        }),
        ("location", |m: &Member| m.claim.roles.location.clone()),
    ] {
        let places = |m: &Member| -> Vec<RoleValue> {
            most_precise(get(m).into_iter().filter(names_a_place).collect(), kb)
        };
        out.extend(role_conflict(
            &RoleCheck {
                role,
                values: &places,
                agree: &place_agree,
                comparable: &any,
                show: &text,
                precision: &|vs| u8::from(vs.iter().any(|v| site_in_town(v, kb).is_some())),
            },
            ms,
            key,
        ));
    }
    out.extend(role_conflict(
        &RoleCheck {
            role: "time",
            values: &|m| {
                m.claim
                    .roles
                    .time
                    .iter()
                    .filter_map(|t| t.value.clone())
                    .collect()
            },
            agree: &|x: &String, y: &String| dates_agree(x, y),
            comparable: &|a, b| same_precision(a, b) && !each_on_its_day(a, b, docs),
            show: &|t| serde_json::Value::String(t.clone()),
            precision: &|_| 0,
        },
        ms,
        key,
    ));
    out
}

#[cfg(test)]
mod tests {
    use isnad_core::{Approx, ClaimType, Roles};

    use super::super::fixtures::{
        article, attack_in_deir_ez_zor, conflict_roles, count, day, known, unknown, with_second,
    };
    use super::*;

    #[test]
    fn two_tolls_for_one_attack_are_a_count_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(26.0, Approx::Exact), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(35.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["count"]]);
    }

    #[test]
    fn days_that_differ_conflict_but_a_month_beside_a_day_does_not() {
        let on = |d: &str| attack_in_deir_ez_zor(None, day(d));
        let docs = [
            article("a", "فرانس 24", ClaimType::Attack, on("2018-05-23"), None),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                on("2018-05-24"),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["time"]]);
        let background = [
            article("a", "فرانس 24", ClaimType::Attack, on("2018-04"), None),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                on("2018-05-24"),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&background), [Vec::<String>::new()]);
    }

    #[test]
    fn reports_of_different_days_each_dating_the_event_today_do_not_conflict() {
        let today = |id: &str, outlet: &str, d: &str| {
            let mut doc = article(
                id,
                outlet,
                ClaimType::Kill,
                attack_in_deir_ez_zor(None, day(d)),
                None,
            );
            doc.published = Some(d.to_owned());
            doc
        };
        let docs = [
            today("a", "فرانس 24", "2018-05-26"),
            today("b", "سكاي نيوز عربية", "2018-05-27"),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        // One of them dates it to another day than its own: that is a disagreement.
        let mut earlier = today("b", "سكاي نيوز عربية", "2018-05-27");
        earlier.claims[0].roles.time = day("2018-05-24");
        let docs = [today("a", "فرانس 24", "2018-05-26"), earlier];
        assert_eq!(conflict_roles(&docs), [["time"]]);
    }

    /// A strike on an air base near Homs by `agent`.
    fn strike(agent: RoleValue) -> Roles {
        Roles {
            agent: vec![agent],
            patient: vec![known("قاعدة تي فور", "isnad:t4")],
            location: vec![known("حمص", "geonames:169577")],
            ..Roles::default()
        }
    }

    #[test]
    fn sources_blaming_different_states_are_an_agent_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الولايات المتحدة", "isnad:us")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["agent"]]);
        // A state and one of its bodies are one actor.
        let army = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الجيش الإسرائيلي", "isnad:il-army")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&army), [Vec::<String>::new()]);
    }

    #[test]
    fn the_speaker_taken_for_the_actor_or_an_unknown_source_is_no_agent_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let asserted = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الولايات المتحدة", "isnad:us")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&asserted), [Vec::<String>::new()]);
    }

    #[test]
    fn two_sources_in_one_article_giving_two_places_disagree() {
        let homs = |text: &str| known(text, "geonames:169577");
        let at = |place: RoleValue, later: &str| Roles {
            patient: vec![unknown("نجل القائد")],
            location: vec![place],
            means: vec![unknown(later)],
            ..attack_in_deir_ez_zor(None, None)
        };
        // The first article gives the monitor's place and then the ministry's, of the same
        // killing; the second only names the town.
        let both = with_second(
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                at(homs("مغارة في حمص"), "غارة"),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                at(homs("المحطة الحرارية بحمص"), "الهجوم ذاته"),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
        );
        let town = article(
            "b",
            "سكاي نيوز عربية",
            ClaimType::Kill,
            at(homs("حمص"), "غارة"),
            None,
        );
        assert_eq!(conflict_roles(&[both, town]), [["location"]]);
    }
}
