//! The bundled data files: reproducible, well-formed, consistent.

use super::{kb, shared};
use isnad_kb::geonames::places_from_extract;

#[test]
fn places_file_is_reproducible() {
    let extract = shared("gazetteer/geonames_sy_iq_cities500.tsv");
    let Ok(text) = std::fs::read_to_string(&extract) else {
        println!("skipped: missing {}", extract.display());
        return;
    };
    let derived = places_from_extract("geonames_sy_iq_cities500.tsv", &text).unwrap();
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/places.tsv");
    if std::env::var_os("ISNAD_KB_REGENERATE").is_some() {
        std::fs::write(&committed, &derived).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&committed).unwrap();
    assert!(
        current == derived,
        "data/places.tsv differs from what the extract gives; rerun with ISNAD_KB_REGENERATE=1"
    );
}

#[test]
fn every_bundled_line_parses_and_ids_are_unique_per_file() {
    // Kb::bundled() panics on a malformed line; building here reports it as an error instead.
    let mut builder = isnad_kb::KbBuilder::new();
    for (name, text) in isnad_kb::BUNDLED {
        builder = builder.text(name, text).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = std::collections::HashSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("id\t") {
                continue;
            }
            let id = line.split('\t').next().unwrap();
            assert!(seen.insert(id), "{name}:{}: {id} appears twice", i + 1);
        }
    }
    builder.build().unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_parent_exists_and_every_place_but_a_country_has_one() {
    let kb = kb();
    for e in kb.entries() {
        for p in &e.parents {
            assert!(kb.get(p).is_some(), "{}: parent {p} is missing", e.id);
        }
        if let Some(m) = &e.metonym_of {
            assert!(kb.get(m).is_some(), "{}: metonym_of {m} is missing", e.id);
        }
        let country = e.role == Some(isnad_kb::Role::Country);
        let in_sy_iq = matches!(e.country.as_deref(), Some("SY" | "IQ"));
        if e.is_place() && in_sy_iq && !country {
            assert!(!e.parents.is_empty(), "{} lies nowhere", e.id);
        }
    }
}

#[test]
fn coordinates_of_syrian_and_iraqi_entries_lie_in_their_country() {
    let kb = kb();
    let sy = kb.id_of("isnad:sy").unwrap();
    let iq = kb.id_of("isnad:iq").unwrap();
    // Bounding boxes with a little margin; the Golan lies inside Syria's.
    let in_sy = |lat: f64, lon: f64| (32.2..=37.4).contains(&lat) && (35.5..=42.5).contains(&lon);
    let in_iq = |lat: f64, lon: f64| (29.0..=37.5).contains(&lat) && (38.7..=48.7).contains(&lon);
    let mut checked = 0;
    for (i, e) in kb.entries().iter().enumerate() {
        let (Some(lat), Some(lon)) = (e.lat, e.lon) else {
            assert!(
                e.lat.is_none() && e.lon.is_none() && e.precision.is_none(),
                "{}",
                e.id
            );
            continue;
        };
        assert!(
            e.precision.is_some(),
            "{} has coordinates without a precision",
            e.id
        );
        let handle = kb.id_of(&e.id).unwrap();
        assert_eq!(handle.index(), i);
        let syrian = e.country.as_deref() == Some("SY") || kb.is_within(handle, sy);
        let iraqi = e.country.as_deref() == Some("IQ") || kb.is_within(handle, iq);
        if e.role == Some(isnad_kb::Role::Country) {
            continue;
        }
        if syrian && !iraqi {
            assert!(
                in_sy(lat, lon),
                "{} ({}) at {lat},{lon} is outside Syria",
                e.id,
                e.name_ar
            );
            checked += 1;
        } else if iraqi && !syrian {
            assert!(
                in_iq(lat, lon),
                "{} ({}) at {lat},{lon} is outside Iraq",
                e.id,
                e.name_ar
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} entries checked");
}

#[test]
fn facilities_written_from_knowledge_say_so() {
    for e in kb().entries() {
        if e.id.starts_with("isnad:") && e.lat.is_some() {
            assert_eq!(
                e.precision,
                Some(isnad_kb::Precision::Approximate),
                "{}",
                e.id
            );
        }
    }
}
