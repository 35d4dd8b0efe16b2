//! Whether two values of a role can be one thing told more or less precisely: places by the
//! knowledge base's hierarchy or by their words, actors by entry or by state, figures by
//! their approximators, dates by precision, sources by entry or folded name. Same-event
//! evidence and conflicts both ask these questions.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use isnad_core::{Approx, ChainLink, RoleCount, RoleValue};
use isnad_kb::Kb;
use isnad_text::{fold, strip_clitic};

/// The folded word lists below are asked for the same role values over and over (once for
/// every candidate pair a value is in), so each thread keeps the lists it made.
fn memo(
    table: &'static std::thread::LocalKey<WordMemo>,
    s: &str,
    make: fn(&str) -> Vec<String>,
) -> Rc<Vec<String>> {
    table.with(|t| {
        if let Some(v) = t.borrow().get(s) {
            return v.clone();
        }
        let v = Rc::new(make(s));
        let mut t = t.borrow_mut();
        if t.len() >= 100_000 {
            t.clear();
        }
        t.insert(s.to_owned(), v.clone());
        v
    })
}

/// A thread's folded word lists, by the text they were made from.
type WordMemo = RefCell<HashMap<String, Rc<Vec<String>>>>;

thread_local! {
    static WORDS: WordMemo = RefCell::new(HashMap::new());
    static BARE_WORDS: WordMemo = RefCell::new(HashMap::new());
}

/// Folded words of a role value without leading clitics, for containment.
pub(super) fn words(s: &str) -> Rc<Vec<String>> {
    memo(&WORDS, s, make_words)
}

fn make_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = strip_clitic(w, &['و'], 3).unwrap_or(w);
            let w = w
                .strip_prefix("ال")
                .filter(|r| r.chars().count() > 1)
                .unwrap_or(w);
            w.to_owned()
        })
        .collect()
}

pub(super) fn value_agrees(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if let Some(same) = sites_agree(x, y, kb) {
        return same;
    }
    if let (Some(a), Some(b)) = (&x.kb_id, &y.kb_id) {
        if a == b {
            return true;
        }
        let known = match (kb.id_of(a), kb.id_of(b)) {
            (Some(a), Some(b)) => kb.compatible_places(a, b),
            _ => false,
        };
        // The linker gives a list (`روسيا وأذربيجان وطاجيكستان`) the id of one of its
        // items, so a list is compared by its words as well.
        if known || !(is_list(&x.text) || is_list(&y.text)) {
            return known;
        }
    }
    let (a, b) = (words(&x.text), words(&y.text));
    !a.is_empty()
        && !b.is_empty()
        && (a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
}

/// The head noun of a value that names one site by its kind, in a town the KB knows
/// (`المحطة الحرارية بحمص`, `مغارة في حمص`), folded; not a site the KB knows by name.
pub(super) fn site_in_town(v: &RoleValue, kb: &Kb) -> Option<String> {
    let head = bare_words(&v.text).first().cloned()?;
    let known_site = v
        .kb_id
        .as_deref()
        .and_then(|id| kb.get(id))
        .is_some_and(|e| e.entity_type == isnad_core::EntityType::Fac);
    (isnad_kb::is_site_head(&head) && !known_site).then_some(head)
}

/// Whether two sites in towns can be one site, or `None` when they are not both such: the
/// town the KB links them to says nothing of which site it is, so two sites are one only
/// under one head noun and when one's words hold the other's (`المحطة الحرارية بحمص` and
/// `المحطة الحرارية بولاية حمص`; a cave and a power station of Homs are two places).
fn sites_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> Option<bool> {
    let (a, b) = (site_in_town(x, kb)?, site_in_town(y, kb)?);
    if a != b {
        return Some(false);
    }
    let (wx, wy) = (bare_words(&x.text), bare_words(&y.text));
    Some(wx.iter().all(|w| wy.contains(w)) || wy.iter().all(|w| wx.contains(w)))
}

/// Whether a role value names several things joined by `و` after its first word.
fn is_list(s: &str) -> bool {
    fold(s)
        .split_whitespace()
        .skip(1)
        .any(|w| w.starts_with('و') && w.chars().count() > 3)
}

/// Folded words of a place or actor without any leading clitic (`بحمص` is `حمص`).
fn bare_words(s: &str) -> Rc<Vec<String>> {
    memo(&BARE_WORDS, s, make_bare_words)
}

fn make_bare_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = strip_clitic(w, &['و', 'ف'], 3).unwrap_or(w);
            let w = strip_clitic(w, &['ب', 'ل', 'ك'], 3).unwrap_or(w);
            w.strip_prefix("ال")
                .filter(|r| r.chars().count() > 1)
                .unwrap_or(w)
                .to_owned()
        })
        .collect()
}

/// Nouns that stand for a place named before them (`في المنطقة`, `داخل المدينة`): they say
/// where only through that place, so they are never a place of their own that disagrees
/// (`data/place_anaphors.txt`, folded, without the article).
static PLACE_ANAPHORS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    isnad_text::lexicon::words(include_str!("../../data/place_anaphors.txt")).collect()
});

/// Whether two places can be one place, when looking for conflicts. Places the KB knows go
/// by its hierarchy; a place it does not know is shown to differ from another only when
/// they share no word (`نقطة جنوب غرب الميادين` and a clipped `نقطة جنوب غرب مدينة` are one
/// place; `مغارة في حمص` and `المحطة الحرارية بحمص` may be).
pub(super) fn places_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if value_agrees(x, y, kb) {
        return true;
    }
    if x.kb_id.is_some() && y.kb_id.is_some() {
        return false;
    }
    // A place and its adjective are one word here (`اليمن` in `العاصمة اليمنية صنعاء`).
    let stems = |v: &RoleValue| -> Vec<String> {
        bare_words(&v.text)
            .iter()
            .map(|w| {
                // `سورية` and `سوريا`, `التركية` and `تركيا`: a state and its adjective.
                let stem = w
                    .strip_suffix("يه")
                    .or_else(|| w.strip_suffix("يا"))
                    .or_else(|| w.strip_suffix('ي'));
                match stem {
                    Some(s) if s.chars().count() >= 3 => s.to_owned(),
                    _ => w.clone(),
                }
            })
            .collect()
    };
    let b = stems(y);
    stems(x).iter().any(|w| b.contains(w))
}

/// A place value that says where on its own: not a bare anaphor, and, when the KB does not
/// know it, not a phrase headed by one (`مواقع متفرقة`, `قرية حدودية`), which places
/// vaguely and clashes with any precise place.
pub(super) fn names_a_place(v: &RoleValue) -> bool {
    let words = bare_words(&v.text);
    let generic = |w: &String| PLACE_ANAPHORS.contains(&w.as_str());
    // A site named by its kind, with the article and no town (`القاعدة`, `المطار القريب`),
    // is one told before, not a place of its own.
    let definite = fold(&v.text)
        .split_whitespace()
        .next()
        // Takes off any run of clitic letters, not the one letter of `strip_clitic`: a swap
        // would change which places count as definite, so it stays for now.
        .is_some_and(|w| w.trim_start_matches(['و', 'ب', 'ل', 'ف']).starts_with("ال"));
    let site_told = (words.len() == 1 || v.kb_id.is_none() && definite)
        && words.first().is_some_and(|w| isnad_kb::is_site_head(w));
    match words.first() {
        None => false,
        _ if site_told => false,
        Some(head) if v.kb_id.is_none() => !generic(head),
        Some(_) => !words.iter().all(generic),
    }
}

/// `None` when either side is empty; otherwise whether some values agree.
pub(super) fn roles_agree(a: &[RoleValue], b: &[RoleValue], kb: &Kb) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().any(|x| b.iter().any(|y| value_agrees(x, y, kb))))
}

pub(super) fn same_link(a: &ChainLink, b: &ChainLink) -> bool {
    same_folded_link(a, &folded(a), b, &folded(b))
}

/// A link's text, folded.
pub(super) fn folded(l: &ChainLink) -> Option<String> {
    l.text.as_deref().map(fold)
}

/// [`same_link`] for links whose folded texts are `fa` and `fb`.
pub(super) fn same_folded_link(
    a: &ChainLink,
    fa: &Option<String>,
    b: &ChainLink,
    fb: &Option<String>,
) -> bool {
    match (&a.kb_id, &b.kb_id) {
        (Some(x), Some(y)) => x == y,
        _ => fa == fb,
    }
}

/// Whether two figures can be the same figure told more or less exactly: equal, or one a
/// bound or an estimate the other fits (`نحو 750` and `750`, `أكثر من 10` and `12`).
pub(super) fn figures_agree(x: &RoleCount, y: &RoleCount) -> bool {
    fn fits(bound: &RoleCount, v: f64) -> bool {
        let b = bound.value;
        match bound.approx {
            Approx::Exact => v == b,
            // An estimate covers what rounds to it: a tenth either way.
            Approx::About => (v - b).abs() <= b.abs() * 0.1,
            Approx::MoreThan => v > b,
            Approx::AtLeast | Approx::Range => v >= b,
            Approx::LessThan => v < b,
            Approx::AtMost => v <= b,
        }
    }
    x.value == y.value || fits(x, y.value) || fits(y, x.value)
}

/// Whether two dates can be one date told more or less precisely (`2018-04` and
/// `2018-04-29`).
pub(super) fn dates_agree(x: &str, y: &str) -> bool {
    x.starts_with(y) || y.starts_with(x)
}

/// Whether two actors can be one actor named more or less precisely: the same entry, one
/// belonging to the other (a ministry and its government), or a state and one of its bodies
/// (إسرائيل and الجيش الإسرائيلي).
pub(super) fn actors_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if value_agrees(x, y, kb) {
        return true;
    }
    let entry = |v: &RoleValue| v.kb_id.as_deref().and_then(|id| kb.id_of(id));
    let (Some(a), Some(b)) = (entry(x), entry(y)) else {
        return false;
    };
    let (ea, eb) = (kb.entry(a), kb.entry(b));
    let state = |e: &isnad_kb::Entry| e.role == Some(isnad_kb::Role::Country);
    (state(ea) || state(eb)) && ea.country.is_some() && ea.country == eb.country
}

#[cfg(test)]
mod tests {
    use isnad_core::{ClaimType, Roles};

    use super::super::fixtures::{
        article, attack_in_deir_ez_zor, conflict_roles, count, known, unknown,
    };
    use super::*;

    #[test]
    fn an_estimate_that_fits_the_figure_is_no_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(750.0, Approx::About), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(750.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let more_than = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(10.0, Approx::MoreThan), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(12.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&more_than), [Vec::<String>::new()]);
    }

    /// Fighters moved by the Syrian army from `origin` to `destination`.
    fn evacuation(origin: RoleValue, destination: RoleValue) -> Roles {
        Roles {
            agent: vec![known("قوات النظام", "isnad:sy-army")],
            patient: vec![known("تنظيم الدولة الإسلامية", "isnad:isis")],
            origin: vec![origin],
            destination: vec![destination],
            ..Roles::default()
        }
    }

    #[test]
    fn a_place_inside_the_other_is_no_conflict_but_two_places_are() {
        let from = || known("الموصل", "geonames:99072");
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(from(), known("البادية", "isnad:sy-badia")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(from(), known("بادية دير الزور", "isnad:badia-deir-ez-zor")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let elsewhere = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(from(), known("البادية", "isnad:sy-badia")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(from(), known("تلعفر", "geonames:90393")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&elsewhere), [["destination"]]);
    }

    #[test]
    fn a_list_agrees_with_its_items_and_unknown_places_differ_only_without_a_shared_word() {
        let to = || known("تلعفر", "geonames:90393");
        // The linker gave the list the id of its last item.
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(known("روسيا وأذربيجان", "isnad:az"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(known("روسيا", "isnad:ru"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let clipped = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("نقطة جنوب غرب البلدة"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(unknown("نقطة قرب البلدة الحدودية"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&clipped), [Vec::<String>::new()]);
        let apart = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("مخيم الهول"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(unknown("سجن غويران"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&apart), [["origin"]]);
        // A place and its adjective are one place; a vague phrase clashes with nothing.
        let yemen = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("العاصمة اليمنية"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(known("اليمن", "isnad:ye"), to()),
                None,
            ),
            article(
                "c",
                "بي بي سي عربي",
                ClaimType::Transfer,
                evacuation(unknown("مواقع متفرقة"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&yemen), [Vec::<String>::new()]);
    }

    #[test]
    fn two_sites_of_one_town_are_two_places_and_a_site_stands_for_its_town() {
        let homs = |text: &str| known(text, "geonames:169577");
        let killed = |id: &str, outlet: &str, places: Vec<RoleValue>| {
            let mut roles = attack_in_deir_ez_zor(None, None);
            roles.patient = vec![unknown("نجل القائد")];
            roles.location = places;
            article(id, outlet, ClaimType::Kill, roles, None)
        };
        let cave = killed("a", "فرانس 24", vec![homs("حمص"), homs("مغارة في حمص")]);
        let station = killed("b", "سكاي نيوز عربية", vec![homs("المحطة الحرارية بحمص")]);
        assert_eq!(conflict_roles(&[cave, station.clone()]), [["location"]]);
        let same = killed(
            "a",
            "فرانس 24",
            vec![known("المحطة الحرارية بولاية حمص", "isnad:isis-homs")],
        );
        assert_eq!(conflict_roles(&[same, station]), [Vec::<String>::new()]);
    }
}
