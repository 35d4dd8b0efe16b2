//! What the knowledge base knows about one real-world entity.

use isnad_core::EntityType;
use serde::Serialize;

/// A handle on an entry of one [`crate::Kb`]: small, `Copy`, and meaningful only for the
/// knowledge base that gave it out. The stable, printable id is [`Entry::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryId(pub(crate) u32);

impl EntryId {
    /// The position of the entry in [`crate::Kb::entries`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What kind of organisation, place or facility an entry is.
///
/// Organisations take the first group of roles; places (`LOC`) and facilities (`FAC`) the
/// second and third. `other` fits every type. The data files spell roles in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// A news agency, channel, paper or site.
    Outlet,
    /// A state body: a government, ministry, army, security or intelligence agency, embassy,
    /// or the office of a spokesperson.
    Official,
    /// A militia, insurgent or jihadist group, or a non-state armed force.
    ArmedGroup,
    /// A political party or movement that is not mainly armed.
    Party,
    /// A non-governmental organisation, monitor, charity or rescue group.
    Ngo,
    /// An alliance of states or armed forces (the international coalition, NATO).
    Coalition,
    /// A court or judiciary.
    Court,
    /// An intergovernmental organisation (the UN and its agencies).
    Intergovernmental,
    /// A sovereign state as a territory.
    Country,
    /// A first-level division: a Syrian governorate (محافظة), an Iraqi province.
    Governorate,
    /// A second-level division (منطقة, قضاء) or a named district of a governorate.
    District,
    /// A populated place: city, town, village.
    City,
    /// A part of a city: neighbourhood, quarter.
    Neighbourhood,
    /// A region without administrative borders: a desert, the countryside of a city, a plain.
    Region,
    /// A river, lake or sea.
    Water,
    /// A prison or detention centre.
    Prison,
    /// A military base or air base.
    Base,
    /// An airport, civil or military.
    Airport,
    /// A camp for displaced people or detainees' families.
    Camp,
    /// An oil or gas field, or a plant that processes its output.
    OilField,
    /// A dam.
    Dam,
    /// A border crossing.
    Crossing,
    /// A named building or compound.
    Building,
    /// Anything else.
    Other,
}

impl Role {
    /// Parses the data-file spelling.
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "outlet" => Role::Outlet,
            "official" => Role::Official,
            "armed_group" => Role::ArmedGroup,
            "party" => Role::Party,
            "ngo" => Role::Ngo,
            "coalition" => Role::Coalition,
            "court" => Role::Court,
            "intergovernmental" => Role::Intergovernmental,
            "country" => Role::Country,
            "governorate" => Role::Governorate,
            "district" => Role::District,
            "city" => Role::City,
            "neighbourhood" => Role::Neighbourhood,
            "region" => Role::Region,
            "water" => Role::Water,
            "prison" => Role::Prison,
            "base" => Role::Base,
            "airport" => Role::Airport,
            "camp" => Role::Camp,
            "oil_field" => Role::OilField,
            "dam" => Role::Dam,
            "crossing" => Role::Crossing,
            "building" => Role::Building,
            "other" => Role::Other,
            _ => return None,
        })
    }

    /// Whether the role makes sense for an entry of type `t`.
    pub fn fits(self, t: EntityType) -> bool {
        use Role::*;
        match self {
            Other => true,
            Outlet | Official | ArmedGroup | Party | Ngo | Coalition | Court
            | Intergovernmental => t == EntityType::Org,
            Country | Governorate | District | City | Neighbourhood | Region | Water => {
                t == EntityType::Loc
            }
            Prison | Base | Airport | Camp | OilField | Dam | Crossing | Building => {
                t == EntityType::Fac
            }
        }
    }
}

/// How far an entry's coordinates can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precision {
    /// Surveyed coordinates, as GeoNames gives them.
    Exact,
    /// Written from general knowledge (`~` in the data files): within a few kilometres for a
    /// facility, the rough centre of a region. Good for a map, not for measuring.
    Approximate,
}

/// One real-world entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Entry {
    /// Stable id, as the report prints it: `geonames:<n>`, `wikidata:Q<n>` or `isnad:<slug>`.
    pub id: String,
    /// The report's entity type.
    pub entity_type: EntityType,
    /// What kind of organisation, place or facility it is, when known.
    pub role: Option<Role>,
    /// Canonical Arabic name, for display (never folded).
    pub name_ar: String,
    /// English name, when known.
    pub name_en: Option<String>,
    /// Other names and spellings as written in the data (Arabic and Latin); the canonical names
    /// are indexed too but not repeated here.
    pub aliases: Vec<String>,
    /// Wikidata id (`Q...`), only where it is certain.
    pub wikidata: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// How exact `lat`/`lon` are; `None` when there are none.
    pub precision: Option<Precision>,
    /// Ids of the entries it lies in or belongs to (several are allowed: بادية دير الزور lies
    /// in البادية and in محافظة دير الزور).
    pub parents: Vec<String>,
    /// ISO 3166 country code, for places and for states' bodies.
    pub country: Option<String>,
    /// GeoNames first-level division, `CC.nn` (`SY.01` is الحسكة).
    pub admin1: Option<String>,
    /// Population, for populated places.
    pub population: Option<u64>,
    /// GeoNames feature class and code (`P.PPLA`), or the class alone (`P`).
    pub feature: Option<String>,
    /// For a capital or a country that stands for a state's government in reporting
    /// (`قالت واشنطن`), the entry it stands for.
    pub metonym_of: Option<String>,
}

impl Entry {
    /// Whether the entry is a place or a facility, the things that have coordinates and
    /// containment.
    pub fn is_place(&self) -> bool {
        matches!(self.entity_type, EntityType::Loc | EntityType::Fac)
    }
}
