//! Loading GeoNames dumps in their standard format, with alternate names.

use super::{best, id};
use isnad_core::EntityType;
use isnad_kb::{Error, KbBuilder, Precision, Role};

/// Three lines in the 19-column format of `allCountries.txt`: a village GeoNames has and the
/// bundled extract lacks, Hasakah itself (already bundled), and an Iraqi dam.
const DUMP: &str = "\
9999001\tTall Ghazal\tTall Ghazal\tTell Ghazal,تل غزال\t36.61\t40.81\tP\tPPL\tSY\t\t01\t\t\t\t850\t\t350\tAsia/Damascus\t2020-01-01
173811\tAl Ḩasakah\tAl Hasakah\tHassake,الحسكة\t36.50237\t40.74772\tP\tPPLA\tSY\t\t01\t\t\t\t188160\t\t305\tAsia/Damascus\t2023-01-01
9999002\tSadd Dukan\tSadd Dukan\t\t35.95\t44.95\tH\tDAM\tIQ\t\t05\t\t\t\t0\t\t600\tAsia/Baghdad\t2020-01-01
";

/// The matching `alternateNamesV2.txt` lines: a preferred and a colloquial Arabic name, a
/// Wikidata link, a French name that is ignored.
const ALT: &str = "\
1\t9999001\tar\tتل الغزال\t\t\t1\t\t\t
2\t9999001\tar\tتل غزال الكبير\t1\t\t\t\t\t
3\t9999001\twkdt\tQ123456789\t\t\t\t\t\t
4\t9999001\tfr\tTell Ghazal\t\t\t\t\t\t
5\t9999002\tar\tسد دوكان\t1\t\t\t\t\t
6\t5555555\tar\tمكان لا يعنينا\t\t\t\t\t\t
";

#[test]
fn a_dump_loads_with_its_alternate_names() {
    let dir = tempfile::tempdir().unwrap();
    let (dump, alt) = (
        dir.path().join("SY.txt"),
        dir.path().join("alternateNamesV2.txt"),
    );
    std::fs::write(&dump, DUMP).unwrap();
    std::fs::write(&alt, ALT).unwrap();
    let kb = KbBuilder::new()
        .bundled()
        .geonames(&dump, Some(&alt))
        .unwrap()
        .build()
        .unwrap();

    let village = kb.get("geonames:9999001").unwrap();
    assert_eq!(
        village.name_ar, "تل غزال الكبير",
        "the preferred Arabic name is canonical"
    );
    assert_eq!(village.name_en.as_deref(), Some("Tall Ghazal"));
    assert_eq!(village.wikidata.as_deref(), Some("Q123456789"));
    assert_eq!(village.population, Some(850));
    assert_eq!(village.role, Some(Role::City));
    assert_eq!(village.precision, Some(Precision::Exact));
    assert_eq!(
        village.parents,
        ["isnad:sy-gov-hasakah"],
        "admin1 01 of SY is Hasakah"
    );
    for alias in ["تل غزال", "تل الغزال", "Tell Ghazal", "تل غزال الكبير"]
    {
        assert_eq!(
            best(&kb, alias).as_deref(),
            Some("geonames:9999001"),
            "{alias}"
        );
    }

    // An entry already bundled keeps its curated fields and gains the dump's names.
    let hasakah = kb.get("geonames:173811").unwrap();
    assert_eq!(hasakah.name_ar, "الحسكة");
    assert_eq!(hasakah.population, Some(422445));
    assert_eq!(best(&kb, "Hassake").as_deref(), Some("geonames:173811"));

    // Feature classes map to the report's types.
    let dam = kb.get("geonames:9999002").unwrap();
    assert_eq!(
        (dam.entity_type, dam.role),
        (EntityType::Fac, Some(Role::Dam))
    );
    assert!(kb.is_within(id(&kb, "geonames:9999002"), id(&kb, "isnad:iq-kurdistan")));
    assert!(kb.get("geonames:5555555").is_none());
}

#[test]
fn a_country_filter_keeps_only_the_countries_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("allCountries.txt");
    std::fs::write(&dump, DUMP).unwrap();
    let kb = KbBuilder::new()
        .geonames_countries(&["IQ"])
        .geonames(&dump, None)
        .unwrap();
    let kb = kb.build().unwrap();
    assert_eq!(kb.len(), 1);
    assert_eq!(
        kb.entries()[0].name_ar,
        "Sadd Dukan",
        "without Arabic names the name stands in"
    );
}

#[test]
fn a_short_dump_line_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("SY.txt");
    std::fs::write(&dump, format!("{DUMP}123\tTruncated\n")).unwrap();
    match KbBuilder::new().geonames(&dump, None) {
        Err(Error::Line { line, what, .. }) => {
            assert_eq!(line, 4);
            assert!(what.contains("19"), "{what}");
        }
        other => panic!("{other:?}"),
    }
}
