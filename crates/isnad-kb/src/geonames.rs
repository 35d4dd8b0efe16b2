//! GeoNames: the loader for the standard dumps, and the converter that derives the bundled
//! `data/places.tsv` from the shared extract.
//!
//! A dump line has 19 tab-separated columns: geonameid, name, asciiname, alternatenames,
//! latitude, longitude, feature class, feature code, country code, cc2, admin1, admin2,
//! admin3, admin4, population, elevation, dem, timezone, modification date. Dumps are read line
//! by line, so `allCountries.txt` (12 million lines) streams through without being held whole;
//! [`crate::KbBuilder::geonames_countries`] keeps only the countries wanted.
//!
//! `alternateNamesV2.txt` (alternateNameId, geonameid, isolanguage, alternate name,
//! isPreferredName, isShortName, isColloquial, isHistoric, from, to) gives the Arabic names
//! (`ar`, preferred ones first; historic and colloquial ones become aliases only) and, through
//! its `wkdt` pseudo-language, Wikidata ids that GeoNames itself asserts.
//!
//! Place data from GeoNames is CC BY 4.0: credit GeoNames (<https://www.geonames.org/>).

use std::collections::HashMap;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

use isnad_core::EntityType;
use unicode_normalization::UnicodeNormalization;

use crate::entry::{Precision, Role};
use crate::error::{Error, Result};
use crate::format::{Origin, Record};

/// Streams the lines of a file, handing each (1-based number, text) to `f`.
fn each_line(path: &Path, mut f: impl FnMut(usize, &str) -> Result<()>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(io)?);
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(io)? == 0 {
            return Ok(());
        }
        n += 1;
        f(n, line.trim_end_matches(['\n', '\r']))?;
    }
}

/// Role of a GeoNames feature (class and code).
fn role_of(class: &str, code: &str) -> (EntityType, Role) {
    use EntityType::{Fac, Loc};
    match (class, code) {
        ("A", c) if c.starts_with("PCL") => (Loc, Role::Country),
        ("A", "ADM1") => (Loc, Role::Governorate),
        ("A", c) if c.starts_with("ADM") => (Loc, Role::District),
        ("A", _) | ("L", _) | ("T", _) => (Loc, Role::Region),
        ("P", "PPLX") => (Loc, Role::Neighbourhood),
        ("P", _) => (Loc, Role::City),
        ("H", "DAM") => (Fac, Role::Dam),
        ("H", _) => (Loc, Role::Water),
        ("S", "AIRP" | "AIRF" | "AIRB" | "AIRH") => (Fac, Role::Airport),
        ("S", "MILB" | "INSM") => (Fac, Role::Base),
        ("S", "PRN") => (Fac, Role::Prison),
        ("S", "CMP" | "CMPRF" | "CMPLA") => (Fac, Role::Camp),
        ("S", "BCKP" | "PSTB" | "PSTC") => (Fac, Role::Crossing),
        ("S", "DAM" | "DAMQ") => (Fac, Role::Dam),
        ("S", _) => (Fac, Role::Building),
        _ => (Loc, Role::Other),
    }
}

/// Whether a name is written in the Arabic alphabet of Arabic (no Persian or Kurdish letters,
/// no Latin), so that it can serve as an Arabic name or alias.
pub fn is_arabic_name(s: &str) -> bool {
    s.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        && s.chars().all(
            |c| matches!(c, '\u{0621}'..='\u{064A}' | '\u{064B}'..='\u{0652}' | '\u{0670}' | ' '),
        )
}

/// Whether a name is plain ASCII with at least one letter.
fn is_ascii_name(s: &str) -> bool {
    s.is_ascii() && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A Latin name without its accents and transliteration marks: `Ālbū Kamāl` → `Albu Kamal`.
pub fn ascii_form(s: &str) -> String {
    s.nfd()
        .filter(char::is_ascii)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Picks the canonical Arabic name among GeoNames' Arabic names: one without a stray
/// one-letter word (`دمشق` over `د مشق`) or a ة inside a word (a Kurdish spelling such as
/// `كةربالا`), then one with the article (`الموصل` over `موصل`), else the first. The curated
/// `entities.tsv` corrects the few it gets wrong.
pub fn pick_canonical<'a>(names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .enumerate()
        .min_by_key(|(i, n)| {
            let odd = n
                .split(' ')
                .any(|w| w.chars().count() == 1 || w.trim_end_matches('ة').contains('ة'));
            (odd, !n.starts_with("ال"), *i)
        })
        .map(|(_, n)| *n)
}

#[derive(Default)]
struct AltNames {
    arabic: Vec<(String, u8)>,
    wikidata: Option<String>,
}

/// Reads a dump (and its alternate names) into records.
pub(crate) fn load(
    path: &Path,
    alternate_names: Option<&Path>,
    countries: Option<&HashSet<String>>,
) -> Result<Vec<Record>> {
    let file: Arc<str> = Arc::from(path.display().to_string());
    let mut records = Vec::new();
    let mut row_of: HashMap<u64, usize> = HashMap::new();
    each_line(path, |n, line| {
        if line.is_empty() || line.starts_with('#') {
            return Ok(());
        }
        let origin = Origin {
            file: file.clone(),
            line: n,
        };
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 19 {
            return Err(origin.error(format!(
                "{} tab-separated columns where a GeoNames dump has 19",
                c.len()
            )));
        }
        if countries.is_some_and(|set| !set.contains(c[8])) {
            return Ok(());
        }
        let gid: u64 = c[0]
            .parse()
            .map_err(|_| origin.error(format!("geonameid {:?} is not a number", c[0])))?;
        let lat: f64 = c[4]
            .parse()
            .map_err(|_| origin.error(format!("latitude {:?} is not a number", c[4])))?;
        let lon: f64 = c[5]
            .parse()
            .map_err(|_| origin.error(format!("longitude {:?} is not a number", c[5])))?;
        let (entity_type, role) = role_of(c[6], c[7]);
        let arabic: Vec<&str> = c[3]
            .split(',')
            .map(str::trim)
            .filter(|a| is_arabic_name(a))
            .collect();
        let mut r = Record::new(origin, format!("geonames:{gid}"));
        r.entity_type = Some(entity_type);
        r.role = Some(role);
        r.name_ar = Some(pick_canonical(&arabic).unwrap_or(c[1]).to_string());
        r.name_en = Some(c[1].to_string());
        r.aliases_add = arabic.iter().map(|a| a.to_string()).collect();
        // Latin names: the name, its ASCII form, and the alternate names written in plain
        // ASCII (transliterations such as `Hassake`); other scripts and accented European
        // spellings are left out.
        let ascii_alternates = c[3].split(',').map(str::trim).filter(|a| is_ascii_name(a));
        for latin in [c[1], c[2]].into_iter().chain(ascii_alternates) {
            if !latin.is_empty() && !r.aliases_add.iter().any(|a| a == latin) {
                r.aliases_add.push(latin.to_string());
            }
        }
        r.coords = Some((lat, lon, Precision::Exact));
        r.country = Some(c[8].to_string()).filter(|s| !s.is_empty());
        r.admin1 = Some(format!("{}.{}", c[8], c[10])).filter(|_| !c[10].is_empty());
        r.population = c[14].parse().ok().filter(|&p| p > 0);
        r.feature = Some(format!("{}.{}", c[6], c[7]));
        row_of.insert(gid, records.len());
        records.push(r);
        Ok(())
    })?;

    if let Some(alt) = alternate_names {
        let alt_file: Arc<str> = Arc::from(alt.display().to_string());
        let mut found: HashMap<u64, AltNames> = HashMap::new();
        each_line(alt, |n, line| {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 4 {
                let origin = Origin {
                    file: alt_file.clone(),
                    line: n,
                };
                return Err(origin.error(format!(
                    "{} tab-separated columns where alternateNames has at least 4",
                    c.len()
                )));
            }
            if c[2] != "ar" && c[2] != "wkdt" {
                return Ok(());
            }
            let Ok(gid) = c[1].parse::<u64>() else {
                let origin = Origin {
                    file: alt_file.clone(),
                    line: n,
                };
                return Err(origin.error(format!("geonameid {:?} is not a number", c[1])));
            };
            if !row_of.contains_key(&gid) {
                return Ok(());
            }
            let flag = |i: usize| c.get(i).is_some_and(|v| *v == "1");
            let names = found.entry(gid).or_default();
            if c[2] == "wkdt" {
                names.wikidata.get_or_insert_with(|| c[3].to_string());
            } else if is_arabic_name(c[3].trim()) {
                // Preferred names first, then ordinary ones, colloquial and historic last.
                let rank = if flag(4) {
                    0
                } else if flag(6) || flag(7) {
                    2
                } else {
                    1
                };
                names.arabic.push((c[3].trim().to_string(), rank));
            }
            Ok(())
        })?;
        for (gid, mut names) in found {
            let r = &mut records[row_of[&gid]];
            names.arabic.sort_by_key(|(_, rank)| *rank);
            if let Some((first, rank)) = names.arabic.first() {
                if *rank < 2 {
                    r.name_ar = Some(first.clone());
                }
            }
            for (a, _) in names.arabic {
                if !r.aliases_add.contains(&a) {
                    r.aliases_add.push(a);
                }
            }
            if let Some(q) = names
                .wikidata
                .filter(|q| crate::format::check_id(&format!("wikidata:{q}")).is_ok())
            {
                r.wikidata = Some(q);
            }
        }
    }
    Ok(records)
}

/// The header of the derived `data/places.tsv`.
const PLACES_HEADER: &str = "\
# Places of Syria and Iraq, derived from GeoNames (https://www.geonames.org/), CC BY 4.0:
# the populated places with 500 or more inhabitants, as the shared extract
# `shared/data/gazetteer/geonames_sy_iq_cities500.tsv` carries them. Do not edit by hand:
# regenerate with
#   ISNAD_KB_REGENERATE=1 cargo test -p isnad-kb --test kb places_file_is_reproducible
# and correct names or add aliases in entities.tsv, which is loaded after this file.
# Format: the entity format of the crate docs. Arabic names are the Arabic-alphabet ones of
# GeoNames (Persian and Kurdish spellings left out); the canonical one is picked by
# isnad_kb::geonames::pick_canonical. The extract has no feature codes: `feature=P` is the
# class of every row. Parents come at load time from admin1 (the governorates of entities.tsv).
";

/// Derives the content of `data/places.tsv` from the shared extract (a TSV whose header names
/// the columns `geonameid`, `country`, `admin1`, `name`, `lat`, `lon`, `population` and
/// `arabic_script_names`, the last separated by `|`).
pub fn places_from_extract(name: &str, text: &str) -> Result<String> {
    let file: Arc<str> = Arc::from(name);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |want: &str| {
        header
            .iter()
            .position(|h| *h == want)
            .ok_or_else(|| Error::Line {
                file: name.to_string(),
                line: 1,
                what: format!("the header has no column {want:?}"),
            })
    };
    let [gid, cc, admin1, en, lat, lon, pop, ar] = [
        "geonameid",
        "country",
        "admin1",
        "name",
        "lat",
        "lon",
        "population",
        "arabic_script_names",
    ]
    .map(col);
    let (gid, cc, admin1, en, lat, lon, pop, ar) = (gid?, cc?, admin1?, en?, lat?, lon?, pop?, ar?);
    let mut out = String::from(PLACES_HEADER);
    out.push_str(&crate::format::COLUMNS.join("\t"));
    out.push('\n');
    for (i, line) in lines.enumerate() {
        let origin = Origin {
            file: file.clone(),
            line: i + 2,
        };
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != header.len() {
            return Err(origin.error(format!(
                "{} columns, the header has {}",
                c.len(),
                header.len()
            )));
        }
        let arabic: Vec<&str> = c[ar]
            .split('|')
            .map(str::trim)
            .filter(|a| is_arabic_name(a))
            .collect();
        let name_ar = pick_canonical(&arabic).unwrap_or(c[en]);
        let mut aliases: Vec<String> = arabic
            .iter()
            .filter(|a| **a != name_ar)
            .map(|a| a.to_string())
            .collect();
        let ascii = ascii_form(c[en]);
        if ascii != c[en] && !ascii.is_empty() {
            aliases.push(ascii);
        }
        let lat: f64 = c[lat]
            .parse()
            .map_err(|_| origin.error("latitude is not a number"))?;
        let lon: f64 = c[lon]
            .parse()
            .map_err(|_| origin.error("longitude is not a number"))?;
        let mut attrs = format!("country={};admin1={}.{}", c[cc], c[cc], c[admin1]);
        if let Ok(p) = c[pop].parse::<u64>() {
            if p > 0 {
                attrs.push_str(&format!(";population={p}"));
            }
        }
        attrs.push_str(";feature=P");
        out.push_str(&format!(
            "geonames:{}\tLOC\tcity\t{}\t{}\t{}\t\t{},{}\t\t{}\n",
            c[gid],
            name_ar,
            c[en],
            aliases.join("|"),
            lat,
            lon,
            attrs
        ));
    }
    Ok(out)
}
