//! The bundled knowledge base, read as examples of what it resolves.

use super::{best, entry, id, kb};
use isnad_core::{EntityType, SourceKind};
use isnad_kb::{Kb, Precision, Role};

/// Every alias resolves, as its best candidate, to `expect`.
fn all_resolve_to(aliases: &[&str], expect: &str) {
    for alias in aliases {
        assert_eq!(best(kb(), alias).as_deref(), Some(expect), "{alias}");
    }
}

#[test]
fn every_name_of_the_islamic_state_is_one_entry() {
    all_resolve_to(
        &[
            "داعش",
            "تنظيم داعش",
            "تنظيم الدولة الإسلامية",
            "تنظيم الدولة",
            "الدولة الإسلامية",
            "الدولة الاسلامية",
            "دولة الخلافة",
            "ISIS",
            "ISIL",
            "isis",
        ],
        "isnad:isis",
    );
}

#[test]
fn the_sdf_in_all_its_spellings() {
    all_resolve_to(
        &[
            "قسد",
            "قوات سوريا الديمقراطية",
            "قوات سوريا الديموقراطية",
            "سوريا الديمقراطية",
            "SDF",
        ],
        "isnad:sdf",
    );
    // The YPG is its own entry, a component of the SDF.
    let ypg = id(kb(), "isnad:ypg");
    assert_eq!(best(kb(), "YPG").as_deref(), Some("isnad:ypg"));
    assert!(kb().is_within(ypg, id(kb(), "isnad:sdf")));
}

#[test]
fn sana_is_one_outlet_by_its_long_and_short_names() {
    all_resolve_to(
        &[
            "سانا",
            "وكالة الأنباء السورية",
            "وكالة الانباء السورية الرسمية",
            "SANA",
        ],
        "isnad:sana",
    );
    let sana = entry(kb(), "سانا");
    assert_eq!(sana.role, Some(Role::Outlet));
    assert_eq!(
        kb().kind_of_source(kb().lookup("سانا")[0]),
        Some(SourceKind::Outlet)
    );
}

#[test]
fn outlets_by_all_their_names() {
    all_resolve_to(&["RT", "روسيا اليوم", "آر تي"], "isnad:rt");
    all_resolve_to(
        &[
            "فرانس برس",
            "أ ف ب",
            "أ.ف.ب",
            "وكالة الصحافة الفرنسية",
            "AFP",
        ],
        "isnad:afp",
    );
    all_resolve_to(&["بي بي سي", "بي بي سي عربي", "BBC"], "isnad:bbc");
    all_resolve_to(&["ديلي تلغراف", "دايلي تلغراف"], "isnad:telegraph");
    all_resolve_to(&["إن بى سى نيوز", "إن بي سي"], "isnad:nbc");
    assert!(kb().outlets().count() >= 60);
    assert!(kb().outlets().all(|e| e.entity_type == EntityType::Org));
}

#[test]
fn the_ghwayran_prison_is_one_facility_inside_hasakah() {
    let kb = kb();
    let sinaa = kb.lookup("سجن الصناعة")[0];
    assert_eq!(kb.lookup("سجن غويران")[0], sinaa);
    assert_eq!(kb.lookup("سجن الحسكة المركزي")[0], sinaa);
    let prison = kb.entry(sinaa);
    assert_eq!(prison.entity_type, EntityType::Fac);
    assert_eq!(prison.role, Some(Role::Prison));
    assert_eq!(prison.precision, Some(Precision::Approximate));
    let hasakah = kb.lookup("الحسكة")[0];
    assert!(kb.is_within(sinaa, hasakah));
    assert!(kb.is_within(sinaa, kb.lookup("غويران")[0]));
    assert!(kb.is_within(sinaa, id(kb, "isnad:sy-gov-hasakah")));
    assert!(kb.is_within(sinaa, id(kb, "isnad:sy")));
    assert!(!kb.is_within(sinaa, id(kb, "isnad:iq")));
}

#[test]
fn the_desert_of_deir_ez_zor_is_in_the_desert_and_the_governorate() {
    let kb = kb();
    let part = kb.lookup("بادية دير الزور")[0];
    let badia = kb.lookup("البادية")[0];
    assert_eq!(kb.lookup("البادية السورية")[0], badia);
    assert!(kb.is_within(part, badia));
    assert!(kb.is_within(part, id(kb, "isnad:sy-gov-deir-ez-zor")));
    assert!(kb.compatible_places(badia, part));
    assert!(kb.compatible_places(part, badia));
    // Two deserts side by side are not the same place told differently.
    assert!(!kb.compatible_places(part, kb.lookup("بادية حمص")[0]));
    // The eastern countryside lies in the countryside, which lies in the governorate.
    let east = kb.lookup("ريف دير الزور الشرقي")[0];
    assert!(kb.is_within(east, kb.lookup("ريف دير الزور")[0]));
    assert!(kb.is_within(east, id(kb, "isnad:sy-gov-deir-ez-zor")));
}

#[test]
fn hasakah_has_geonames_coordinates_and_lies_in_its_governorate() {
    let kb = kb();
    let hasakah = entry(kb, "الحسكة");
    assert_eq!(hasakah.id, "geonames:173811");
    assert_eq!(hasakah.precision, Some(Precision::Exact));
    assert!((hasakah.lat.unwrap() - 36.50237).abs() < 1e-6);
    assert!((hasakah.lon.unwrap() - 40.74772).abs() < 1e-6);
    assert_eq!(hasakah.parents, ["isnad:sy-gov-hasakah"]);
    assert_eq!(entry(kb, "Al-Hasakah").id, "geonames:173811");
}

#[test]
fn a_city_ranks_before_its_governorate_and_both_are_compatible() {
    let kb = kb();
    let ids = kb.lookup("دير الزور");
    assert_eq!(kb.entry(ids[0]).id, "geonames:170794");
    assert!(ids.contains(&id(kb, "isnad:sy-gov-deir-ez-zor")));
    assert!(kb.compatible_places(ids[0], ids[1]));
    assert!(!kb.compatible_places(ids[0], kb.lookup("الرقة")[0]));
}

#[test]
fn a_multiword_name_prefers_the_facility_a_single_word_the_place() {
    let kb = kb();
    assert_eq!(entry(kb, "مطار حماة").id, "isnad:hama-airport");
    assert_eq!(entry(kb, "الميادين").entity_type, EntityType::Loc);
    assert_eq!(entry(kb, "قناة الميادين").id, "isnad:al-mayadeen");
    assert_eq!(kb.lookup("الميادين").len(), 2);
}

#[test]
fn ordinary_words_are_not_place_names() {
    for word in [
        "السجن",
        "المدينة",
        "بلد",
        "الحي",
        "العلم",
        "الدور",
        "الكرامة",
        "القاعدة",
        "الزهور",
        "التضامن",
        "الحدث",
        "الخضراء",
        "واع",
        "الشام",
        "الحشد",
    ] {
        assert!(
            kb().lookup(word).is_empty(),
            "{word} resolves to {:?}",
            best(kb(), word)
        );
    }
}

#[test]
fn attribution_kinds() {
    let kb = kb();
    let kind = |alias: &str| kb.kind_of_source(kb.lookup(alias)[0]);
    assert_eq!(kind("وزارة الدفاع الروسية"), Some(SourceKind::Official));
    assert_eq!(kind("البنتاغون"), Some(SourceKind::Official));
    assert_eq!(kind("قوات النظام"), Some(SourceKind::Official));
    assert_eq!(
        kind("المرصد السوري لحقوق الإنسان"),
        Some(SourceKind::Organization)
    );
    assert_eq!(kind("مجلس منبج العسكري"), Some(SourceKind::Organization));
    assert_eq!(kind("رويترز"), Some(SourceKind::Outlet));
    assert_eq!(kind("رامي عبد الرحمن"), Some(SourceKind::Person));
    assert_eq!(kind("أنقرة"), Some(SourceKind::Official));
    assert_eq!(kind("روسيا"), Some(SourceKind::Official));
    assert_eq!(kind("دمشق"), Some(SourceKind::Official));
    assert_eq!(
        kind("المحكمة الجنائية العراقية"),
        Some(SourceKind::Official)
    );
    assert_eq!(kind("البيت الأبيض"), Some(SourceKind::Official));
    assert_eq!(kind("مخيم الهول"), None);
    assert_eq!(kind("الحسكة"), None);
}

#[test]
fn capitals_speak_for_their_states() {
    let kb = kb();
    let washington = entry(kb, "واشنطن");
    assert_eq!(washington.entity_type, EntityType::Loc);
    assert_eq!(washington.metonym_of.as_deref(), Some("isnad:us"));
    all_resolve_to(&["الولايات المتحدة", "أمريكا", "أميركا"], "isnad:us");
}

#[test]
fn aliases_feed_an_aho_corasick_matcher() {
    let kb = kb();
    let patterns: Vec<(&str, _)> = kb.aliases().collect();
    assert!(patterns.len() > 2000);
    let matcher = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(patterns.iter().map(|(k, _)| *k))
        .unwrap();
    let text = isnad_kb::key("أعلنت قوات سوريا الديمقراطية أن سجن غويران في الحسكة");
    // Whole words only: a match must start and end at a space or an end of the text.
    let whole = |m: &aho_corasick::Match| {
        (m.start() == 0 || text[..m.start()].ends_with(' '))
            && (m.end() == text.len() || text[m.end()..].starts_with(' '))
    };
    let found: Vec<&str> = matcher
        .find_iter(&text)
        .filter(whole)
        .map(|m| kb.entry(patterns[m.pattern().as_usize()].1).id.as_str())
        .collect();
    assert_eq!(
        found,
        ["isnad:sdf", "isnad:ghwayran-prison", "geonames:173811"]
    );
}

#[test]
fn the_knowledge_base_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Kb>();
    let kb = kb();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| assert_eq!(best(kb, "داعش").as_deref(), Some("isnad:isis")));
        }
    });
}
