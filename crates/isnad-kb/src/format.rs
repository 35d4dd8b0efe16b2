//! The line format of the entity files (bundled and user-supplied alike).
//!
//! See the crate documentation for the format itself; this module turns one line into a
//! [`Record`], a partial entry that the builder merges into what it already has.

use std::sync::Arc;

use isnad_core::EntityType;

use crate::entry::{Precision, Role};
use crate::error::{Error, Result};

/// The column names, in order, as the header line spells them.
pub const COLUMNS: [&str; 10] = [
    "id", "type", "role", "name_ar", "name_en", "aliases", "wikidata", "coords", "parents", "attrs",
];

/// Where a record was read from.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub file: Arc<str>,
    pub line: usize,
}

impl Origin {
    pub fn error(&self, what: impl Into<String>) -> Error {
        Error::Line {
            file: self.file.to_string(),
            line: self.line,
            what: what.into(),
        }
    }
}

/// One line of an entity file: every field that the line gives, `None` for the empty cells.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub origin: Origin,
    pub id: String,
    pub entity_type: Option<EntityType>,
    pub role: Option<Role>,
    pub name_ar: Option<String>,
    pub name_en: Option<String>,
    pub aliases_add: Vec<String>,
    pub aliases_remove: Vec<String>,
    pub wikidata: Option<String>,
    pub coords: Option<(f64, f64, Precision)>,
    pub parents: Option<Vec<String>>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub population: Option<u64>,
    pub feature: Option<String>,
    pub metonym_of: Option<String>,
}

impl Record {
    pub fn new(origin: Origin, id: String) -> Record {
        Record {
            origin,
            id,
            entity_type: None,
            role: None,
            name_ar: None,
            name_en: None,
            aliases_add: Vec::new(),
            aliases_remove: Vec::new(),
            wikidata: None,
            coords: None,
            parents: None,
            country: None,
            admin1: None,
            population: None,
            feature: None,
            metonym_of: None,
        }
    }
}

/// Parses the data-file spelling of an entity type.
pub fn parse_type(s: &str) -> Option<EntityType> {
    Some(match s {
        "PER" => EntityType::Per,
        "ORG" => EntityType::Org,
        "LOC" => EntityType::Loc,
        "FAC" => EntityType::Fac,
        "MISC" => EntityType::Misc,
        _ => return None,
    })
}

/// Checks the shape of an id: `geonames:<digits>`, `wikidata:Q<digits>` or `isnad:<slug>`
/// (ASCII letters, digits, `-`, `_`, `.`).
pub fn check_id(id: &str) -> std::result::Result<(), String> {
    let Some((scheme, rest)) = id.split_once(':') else {
        return Err(format!(
            "id {id:?} has no scheme (geonames:, wikidata: or isnad:)"
        ));
    };
    let ok = match scheme {
        "geonames" => !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()),
        "wikidata" => is_qid(rest),
        "isnad" => {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        }
        _ => return Err(format!("id {id:?}: unknown scheme {scheme:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("id {id:?} is malformed for its scheme"))
    }
}

fn is_qid(s: &str) -> bool {
    s.len() > 1 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A cell's content, or `None` when it is empty or `-`.
fn cell(s: Option<&str>) -> Option<&str> {
    match s.map(str::trim) {
        None | Some("") | Some("-") => None,
        Some(s) => Some(s),
    }
}

/// Parses one entry of the file (a line without its comment, as `isnad_text::lexicon` reads
/// it); `Ok(None)` for the header.
pub(crate) fn parse_line(origin: Origin, line: &str) -> Result<Option<Record>> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() > COLUMNS.len() {
        return Err(origin.error(format!(
            "{} tab-separated cells, at most {} expected ({})",
            cells.len(),
            COLUMNS.len(),
            COLUMNS.join(", ")
        )));
    }
    let id = cells[0].trim();
    if id == "id" {
        return Ok(None);
    }
    check_id(id).map_err(|e| origin.error(e))?;
    let mut r = Record::new(origin.clone(), id.to_string());
    let get = |i: usize| cell(cells.get(i).copied());

    if let Some(t) = get(1) {
        r.entity_type = Some(parse_type(t).ok_or_else(|| {
            origin.error(format!("type {t:?} is not one of PER, ORG, LOC, FAC, MISC"))
        })?);
    }
    if let Some(role) = get(2) {
        r.role =
            Some(Role::parse(role).ok_or_else(|| origin.error(format!("unknown role {role:?}")))?);
    }
    r.name_ar = get(3).map(str::to_string);
    r.name_en = get(4).map(str::to_string);
    if let Some(aliases) = get(5) {
        for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
            match a.strip_prefix('-') {
                Some(removed) if !removed.trim().is_empty() => {
                    r.aliases_remove.push(removed.trim().to_string())
                }
                Some(_) => return Err(origin.error("an alias of only `-`")),
                None => r.aliases_add.push(a.to_string()),
            }
        }
    }
    if let Some(q) = get(6) {
        if !is_qid(q) {
            return Err(origin.error(format!("wikidata {q:?} is not of the form Q<digits>")));
        }
        r.wikidata = Some(q.to_string());
    }
    if let Some(c) = get(7) {
        r.coords = Some(parse_coords(c).map_err(|e| origin.error(e))?);
    }
    if let Some(p) = get(8) {
        let mut parents = Vec::new();
        for p in p.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            check_id(p).map_err(|e| origin.error(format!("parent: {e}")))?;
            parents.push(p.to_string());
        }
        r.parents = Some(parents);
    }
    if let Some(attrs) = get(9) {
        for kv in attrs.split(';').map(str::trim).filter(|kv| !kv.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .map(|(k, v)| (k.trim(), v.trim()))
                .ok_or_else(|| origin.error(format!("attribute {kv:?} is not key=value")))?;
            match k {
                "country" => r.country = Some(v.to_string()),
                "admin1" => r.admin1 = Some(v.to_string()),
                "population" => {
                    r.population = Some(v.parse().map_err(|_| {
                        origin.error(format!("population {v:?} is not a whole number"))
                    })?)
                }
                "feature" => r.feature = Some(v.to_string()),
                "metonym_of" => {
                    check_id(v).map_err(|e| origin.error(format!("metonym_of: {e}")))?;
                    r.metonym_of = Some(v.to_string())
                }
                _ => {
                    return Err(origin.error(format!(
                        "unknown attribute {k:?} (country, admin1, population, feature, metonym_of)"
                    )))
                }
            }
        }
    }
    Ok(Some(r))
}

/// Parses `lat,lon`, with a leading `~` for approximate coordinates.
fn parse_coords(s: &str) -> std::result::Result<(f64, f64, Precision), String> {
    let (precision, body) = match s.strip_prefix('~') {
        Some(rest) => (Precision::Approximate, rest),
        None => (Precision::Exact, s),
    };
    let (lat, lon) = body
        .split_once(',')
        .ok_or_else(|| format!("coords {s:?} are not lat,lon"))?;
    let lat: f64 = lat
        .trim()
        .parse()
        .map_err(|_| format!("latitude {lat:?} is not a number"))?;
    let lon: f64 = lon
        .trim()
        .parse()
        .map_err(|_| format!("longitude {lon:?} is not a number"))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coords {s:?} are out of range"));
    }
    Ok((lat, lon, precision))
}
