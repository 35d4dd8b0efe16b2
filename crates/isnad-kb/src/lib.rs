//! The knowledge base of isnad: the people, organisations, outlets, places and facilities of
//! Syrian and Iraqi conflict reporting, with their names and spellings, coordinates, and which
//! place lies in which.
//!
//! It exists so that every mention of one real-world entity gets one `kb_id` in the report
//! (`داعش`, `تنظيم الدولة` and `ISIS` are `isnad:isis`), so that attribution can tell an outlet
//! from an official body (`kind_of_source`), and so that claims about `البادية` and
//! `بادية دير الزور` are seen as the same place told more or less precisely
//! (`compatible_places`).
//!
//! # Building
//!
//! ```
//! use isnad_kb::KbBuilder;
//! let kb = KbBuilder::new().bundled().build().unwrap();
//! let isis = kb.lookup("تنظيم الدولة")[0];
//! assert_eq!(kb.entry(isis).id, "isnad:isis");
//! ```
//!
//! `KbBuilder::new().bundled().file(path)?.geonames(dump, Some(alt_names))?.build()?` adds a
//! user's own entries and any GeoNames dump, in that order. The result is immutable and
//! `Send + Sync`: build it once and share it.
//!
//! # The entity format
//!
//! The bundled `data/entities.tsv`, the derived `data/places.tsv` and users' files share one
//! line format: UTF-8, one entry per line, ten tab-separated columns, trailing empty ones may
//! be left off; lines starting with `#` are comments (say why an entry is there), and a line
//! whose first cell is `id` is the header.
//!
//! | column | content |
//! |---|---|
//! | `id` | `geonames:<n>`, `wikidata:Q<n>` or `isnad:<slug>` (slug: ASCII letters, digits, `-_.`) |
//! | `type` | `PER`, `ORG`, `LOC`, `FAC` or `MISC` |
//! | `role` | organisations: `outlet`, `official`, `armed_group`, `party`, `ngo`, `coalition`, `court`, `intergovernmental`; places: `country`, `governorate`, `district`, `city`, `neighbourhood`, `region`, `water`; facilities: `prison`, `base`, `airport`, `camp`, `oil_field`, `dam`, `crossing`, `building`; `other` for any type |
//! | `name_ar` | canonical Arabic name, shown in the report |
//! | `name_en` | English name |
//! | `aliases` | other names and spellings, Arabic and Latin, separated by `\|`; `-name` removes an alias (in an override) |
//! | `wikidata` | `Q<n>`, only where certain: a wrong id is worse than none |
//! | `coords` | `lat,lon` in degrees; a leading `~` marks approximate values written from general knowledge |
//! | `parents` | ids of the places it lies in (or bodies it belongs to), separated by `\|` |
//! | `attrs` | `key=value` pairs separated by `;`: `country` (ISO code), `admin1` (GeoNames `CC.nn`), `population`, `feature` (GeoNames class.code), `metonym_of` (the entry a capital stands for when it "says" something) |
//!
//! A cell that is empty or `-` gives nothing. An entry whose id is already loaded is an
//! override: the cells it fills replace the old values, its aliases are added to the old ones,
//! the cells it leaves empty keep theirs. So a user line `isnad:isis\t\t\t\t\t\tالدواعش` only
//! adds an alias. A new entry needs at least `id`, `type` and `name_ar`. Any malformed line is
//! an [`Error::Line`] naming the file and the line.
//!
//! # Decisions
//!
//! * **Matching keys.** Names are indexed by [`key`]: [`isnad_text::fold()`] (alef forms, ى/ي,
//!   ة/ه, harakat, digits, case) with punctuation turned into spaces and spaces collapsed. Only
//!   exact keys match. The knowledge base does not strip clitics (`والحسكة`) or descriptors
//!   (`مدينة`, `بلدة`): the text layer knows the clitics, and the extractor decides whether
//!   `مدينة دير الزور` names the city. Aliases in the data are the clitic-free forms writers
//!   use, each spelling that folding does not already join (`الديمقراطية`/`الديموقراطية`,
//!   `أمريكا`/`أميركا`).
//! * **Ranking.** [`Kb::lookup`] gives candidates best first: for a name of several words
//!   facilities, then organisations, then places (`مطار حماة` the airport); for one word places
//!   first (`الميادين` the town, `قناة الميادين` the channel); then an entry whose canonical name
//!   is the alias over one that only has it as an alias (`دير الزور` the city before the
//!   governorate); then the larger population; then load order.
//! * **Places and containment.** Countries, governorates (`محافظة الحسكة`), regions that have no
//!   borders (`البادية`, `ريف دير الزور الشرقي`, `شرق الفرات`) and neighbourhoods are
//!   entries, with several parents where a region spans or belongs to more than one:
//!   `بادية دير الزور` ⊂ `البادية السورية` and ⊂ `محافظة دير الزور`. A place with no parents but
//!   an `admin1` gets the governorate with that code; with only a `country`, the country.
//!   A governorate and its capital share a bare name (`دير الزور`); the city ranks first, and
//!   the city lies within the governorate, so the two are [`Kb::compatible_places`].
//! * **Sources.** [`Kb::kind_of_source`] follows the report's attribution kinds. The Syrian
//!   Observatory for Human Rights is an `ngo`, not an outlet: it is a source that outlets quote,
//!   and the gold annotations call it an `organization`. Courts are `official`. A country or a
//!   capital that speaks (`قالت أنقرة`) is `official`; capitals carry `metonym_of` their state.
//!   Metonymy stays a note: the mention is still a `LOC` and links to the capital.
//! * **Ordinary words.** A name that is also a common word is indexed only in a form that is
//!   not: `حي الزهور`, `قناة العالم`, `بلد (صلاح الدين)`; `tests/kb/bundled.rs` lists words that
//!   must not resolve. Two outlets keep their one-word names, `العربية` and `الجزيرة`, because
//!   bylines and metadata use them bare; an extractor should want a cue (a byline, `قناة`,
//!   a reporting verb) before it links them in running text.
//! * **Coordinates.** Cities and towns take GeoNames' coordinates. Facilities and regions carry
//!   approximate ones (`~`, a few kilometres for a base or prison, the rough centre of a region)
//!   or none where they are not known well enough.
//!
//! # What is bundled
//!
//! About a thousand entries: the 477 GeoNames places and some 540 curated ones (33
//! governorates, 80 regions and countrysides, 36 countries, 20 capitals and seats of power, 65
//! facilities, 80 outlets, 55 official bodies, 50 armed groups, NGOs, courts and international
//! bodies, 50 people). `cargo run -p isnad-kb --example kb_stats` prints the counts by type and
//! role and every alias that names several entries.
//!
//! # The bundled places
//!
//! `data/places.tsv` is derived from the GeoNames extract in `shared/data/gazetteer/` (477
//! populated places of Syria and Iraq; GeoNames, CC BY 4.0). The test
//! `places_file_is_reproducible` checks that it matches the extract, and rewrites it with
//! `ISNAD_KB_REGENERATE=1 cargo test -p isnad-kb --test kb places_file_is_reproducible`.

mod entry;
mod error;
mod format;
pub mod geonames;
mod heads;
mod kb;

pub use entry::{Entry, EntryId, Precision, Role};
pub use error::{Error, Result};
pub use format::{parse_type, COLUMNS};
pub use heads::is_site_head;
pub use kb::{key, key_of_folded, Kb, KbBuilder, BUNDLED};
