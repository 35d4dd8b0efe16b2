//! The knowledge base and its builder.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use isnad_core::{EntityType, SourceKind};

use crate::entry::{Entry, EntryId, Role};
use crate::error::{Error, Result};
use crate::format::{parse_line, Origin, Record};
use crate::geonames;

/// The data compiled into the crate, in the order it is loaded: the GeoNames-derived places
/// first, then the curated entries, which may refine them (a canonical name, more aliases).
pub const BUNDLED: [(&str, &str); 2] = [
    ("places.tsv", include_str!("../data/places.tsv")),
    ("entities.tsv", include_str!("../data/entities.tsv")),
];

/// The matching key of a name: [`isnad_text::fold()`], then every character that is neither a
/// letter nor a digit becomes a space, then runs of spaces collapse and the ends are trimmed.
///
/// `أ.ف.ب` and `أ ف ب` share a key, as do `قوات سوريا الديمقراطية` and
/// `قوات  سوريا الديمقراطيّة`. Text matched against [`Kb::aliases`] must be keyed the same way.
pub fn key(s: &str) -> String {
    key_of_folded(&isnad_text::fold(s)).into_owned()
}

/// [`key`] of a string already folded (a slice of [`isnad_text::FoldedText`]): the same key,
/// without folding again, borrowing `folded` when it is its own key (a single word: nearly
/// every token).
pub fn key_of_folded(folded: &str) -> std::borrow::Cow<'_, str> {
    if folded.chars().all(isnad_text::is_alphanumeric) {
        return std::borrow::Cow::Borrowed(folded);
    }
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if isnad_text::is_alphanumeric(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How a record meets an entry that already has its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// The record's fields replace the entry's (user and bundled files).
    Override,
    /// The record only fills fields the entry lacks (GeoNames dumps: curated data wins).
    Fill,
}

#[derive(Debug)]
struct Draft {
    entry: Entry,
    origin: Origin,
    parents_origin: Origin,
}

/// Builds a [`Kb`]: collects entries from the bundled data, the user's files and GeoNames
/// dumps, in the order the calls are made, then checks and indexes them in [`KbBuilder::build`].
#[derive(Debug, Default)]
pub struct KbBuilder {
    drafts: Vec<Draft>,
    by_id: HashMap<String, usize>,
    countries: Option<HashSet<String>>,
}

impl KbBuilder {
    /// An empty builder.
    pub fn new() -> KbBuilder {
        KbBuilder::default()
    }

    /// Adds the data compiled into the crate.
    ///
    /// # Panics
    ///
    /// Never with the data as shipped: the crate's tests load it.
    pub fn bundled(self) -> KbBuilder {
        let mut b = self;
        for (name, text) in BUNDLED {
            b = b
                .text(&format!("bundled:{name}"), text)
                .expect("the bundled data parses (checked by the crate's tests)");
        }
        b
    }

    /// Adds the entries of a file in the entity format (see the crate docs). An entry whose id
    /// is already known overrides the fields it fills and adds its aliases.
    pub fn file(self, path: impl AsRef<Path>) -> Result<KbBuilder> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.text(&path.display().to_string(), &text)
    }

    /// Adds entries from text in the entity format; `name` stands for the file in errors.
    pub fn text(mut self, name: &str, text: &str) -> Result<KbBuilder> {
        let file: Arc<str> = Arc::from(name);
        for entry in isnad_text::lexicon::entries(text) {
            let origin = Origin {
                file: file.clone(),
                line: entry.line,
            };
            if let Some(record) = parse_line(origin, entry.text)? {
                self.merge(record, Merge::Override)?;
            }
        }
        Ok(self)
    }

    /// Keeps only places of these countries (ISO codes such as `SY`, `IQ`) from the GeoNames
    /// dumps loaded after this call; useful with `allCountries.txt`.
    pub fn geonames_countries<S: AsRef<str>>(mut self, codes: &[S]) -> KbBuilder {
        self.countries = Some(codes.iter().map(|c| c.as_ref().to_string()).collect());
        self
    }

    /// Adds the places of a GeoNames dump (`allCountries.txt`, `SY.txt`, `cities500.txt`:
    /// 19 tab-separated columns), streamed line by line, with their Arabic names from
    /// `alternateNamesV2.txt` when it is given. Places already known keep their curated fields;
    /// the dump only fills what they lack and adds aliases.
    pub fn geonames(
        mut self,
        path: impl AsRef<Path>,
        alternate_names: Option<&Path>,
    ) -> Result<KbBuilder> {
        let records = geonames::load(path.as_ref(), alternate_names, self.countries.as_ref())?;
        for record in records {
            self.merge(record, Merge::Fill)?;
        }
        Ok(self)
    }

    fn merge(&mut self, r: Record, mode: Merge) -> Result<()> {
        let index = match self.by_id.get(&r.id) {
            Some(&i) => i,
            None => {
                let entity_type = r
                    .entity_type
                    .ok_or_else(|| r.origin.error(format!("new entry {} needs a type", r.id)))?;
                let name_ar = r.name_ar.clone().ok_or_else(|| {
                    r.origin
                        .error(format!("new entry {} needs an Arabic name (name_ar)", r.id))
                })?;
                self.by_id.insert(r.id.clone(), self.drafts.len());
                self.drafts.push(Draft {
                    entry: Entry {
                        id: r.id.clone(),
                        entity_type,
                        role: None,
                        name_ar,
                        name_en: None,
                        aliases: Vec::new(),
                        wikidata: None,
                        lat: None,
                        lon: None,
                        precision: None,
                        parents: Vec::new(),
                        country: None,
                        admin1: None,
                        population: None,
                        feature: None,
                        metonym_of: None,
                    },
                    origin: r.origin.clone(),
                    parents_origin: r.origin.clone(),
                });
                self.drafts.len() - 1
            }
        };
        let draft = &mut self.drafts[index];
        let e = &mut draft.entry;
        fn set<T>(slot: &mut T, value: Option<T>, mode: Merge, empty: bool) {
            if let Some(v) = value {
                if mode == Merge::Override || empty {
                    *slot = v;
                }
            }
        }
        if mode == Merge::Override {
            if let Some(t) = r.entity_type {
                e.entity_type = t;
            }
            if let Some(n) = r.name_ar {
                e.name_ar = n;
            }
        }
        let empty = e.role.is_none();
        set(&mut e.role, r.role.map(Some), mode, empty);
        let empty = e.name_en.is_none();
        set(&mut e.name_en, r.name_en.map(Some), mode, empty);
        let empty = e.wikidata.is_none();
        set(&mut e.wikidata, r.wikidata.map(Some), mode, empty);
        if let Some((lat, lon, p)) = r.coords {
            if mode == Merge::Override || e.lat.is_none() {
                e.lat = Some(lat);
                e.lon = Some(lon);
                e.precision = Some(p);
            }
        }
        if let Some(parents) = r.parents {
            if mode == Merge::Override || e.parents.is_empty() {
                e.parents = parents;
                draft.parents_origin = r.origin.clone();
            }
        }
        let empty = e.country.is_none();
        set(&mut e.country, r.country.map(Some), mode, empty);
        let empty = e.admin1.is_none();
        set(&mut e.admin1, r.admin1.map(Some), mode, empty);
        let empty = e.population.is_none();
        set(&mut e.population, r.population.map(Some), mode, empty);
        let empty = e.feature.is_none();
        set(&mut e.feature, r.feature.map(Some), mode, empty);
        let empty = e.metonym_of.is_none();
        set(&mut e.metonym_of, r.metonym_of.map(Some), mode, empty);
        for a in r.aliases_add {
            if !e.aliases.contains(&a) {
                e.aliases.push(a);
            }
        }
        if !r.aliases_remove.is_empty() {
            let removed: HashSet<String> = r.aliases_remove.iter().map(|a| key(a)).collect();
            e.aliases.retain(|a| !removed.contains(&key(a)));
        }
        if let Some(role) = e.role {
            if !role.fits(e.entity_type) {
                return Err(r.origin.error(format!(
                    "role {role:?} does not fit type {:?} of {}",
                    e.entity_type, e.id
                )));
            }
        }
        Ok(())
    }

    /// Checks the entries (every parent and `metonym_of` exists, no cycles), gives places
    /// without parents their governorate or country from `admin1`/`country`, and indexes the
    /// aliases.
    pub fn build(self) -> Result<Kb> {
        let KbBuilder {
            mut drafts, by_id, ..
        } = self;

        // Places that say where they are only by GeoNames codes get a parent from them.
        let mut by_admin1: HashMap<String, String> = HashMap::new();
        let mut by_country: HashMap<String, String> = HashMap::new();
        for d in &drafts {
            let e = &d.entry;
            match (e.role, &e.admin1, &e.country) {
                (Some(Role::Governorate), Some(a), _) => {
                    by_admin1.entry(a.clone()).or_insert_with(|| e.id.clone());
                }
                (Some(Role::Country), _, Some(c)) => {
                    by_country.entry(c.clone()).or_insert_with(|| e.id.clone());
                }
                _ => {}
            }
        }
        for d in &mut drafts {
            let e = &mut d.entry;
            if !e.parents.is_empty() || !e.is_place() {
                continue;
            }
            let up = match e.role {
                Some(Role::Country) => None,
                Some(Role::Governorate) => e.country.as_ref().and_then(|c| by_country.get(c)),
                _ => e
                    .admin1
                    .as_ref()
                    .and_then(|a| by_admin1.get(a))
                    .or_else(|| e.country.as_ref().and_then(|c| by_country.get(c))),
            };
            if let Some(up) = up.filter(|up| **up != e.id) {
                e.parents.push(up.clone());
            }
        }

        let mut parents = Vec::with_capacity(drafts.len());
        for d in &drafts {
            let mut ids = Vec::new();
            for p in &d.entry.parents {
                let &i = by_id.get(p).ok_or_else(|| {
                    d.parents_origin
                        .error(format!("parent {p} of {} is not an entry", d.entry.id))
                })?;
                ids.push(EntryId(i as u32));
            }
            if let Some(m) = &d.entry.metonym_of {
                if !by_id.contains_key(m) {
                    return Err(d
                        .origin
                        .error(format!("metonym_of {m} of {} is not an entry", d.entry.id)));
                }
            }
            parents.push(ids);
        }
        check_cycles(&drafts, &parents)?;

        let entries: Vec<Entry> = drafts.into_iter().map(|d| d.entry).collect();
        let mut index: HashMap<String, Vec<EntryId>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let names = std::iter::once(&e.name_ar)
                .chain(&e.name_en)
                .chain(&e.aliases);
            for name in names {
                let k = key(name);
                if k.is_empty() {
                    continue;
                }
                let ids = index.entry(k).or_default();
                if !ids.contains(&EntryId(i as u32)) {
                    ids.push(EntryId(i as u32));
                }
            }
        }
        for (k, ids) in &mut index {
            let multiword = k.contains(' ');
            ids.sort_by_key(|id| {
                let e = &entries[id.index()];
                (
                    type_rank(e.entity_type, multiword),
                    key(&e.name_ar) != *k,
                    std::cmp::Reverse(e.population.unwrap_or(0)),
                    id.0,
                )
            });
        }
        let mut keys: Vec<String> = index.keys().cloned().collect();
        keys.sort();
        let by_id = by_id
            .into_iter()
            .map(|(k, v)| (k, EntryId(v as u32)))
            .collect();
        Ok(Kb {
            entries,
            by_id,
            index,
            keys,
            parents,
        })
    }
}

/// Candidates for one alias, best first: for a name of several words an organisation or a
/// facility (`سجن الصناعة`, `مجلس منبج العسكري`) is meant more often than a place of that
/// name; for a single word, the place (`الميادين` the town before the channel).
fn type_rank(t: EntityType, multiword: bool) -> u8 {
    match (multiword, t) {
        (true, EntityType::Fac) => 0,
        (true, EntityType::Org) => 1,
        (true, EntityType::Loc) => 2,
        (false, EntityType::Loc) => 0,
        (false, EntityType::Fac) => 1,
        (false, EntityType::Org) => 2,
        (_, EntityType::Per) => 3,
        (_, EntityType::Misc) => 4,
    }
}

fn check_cycles(drafts: &[Draft], parents: &[Vec<EntryId>]) -> Result<()> {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; parents.len()];
    for start in 0..parents.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&p) = parents[node].get(*next) {
                *next += 1;
                match state[p.index()] {
                    0 => {
                        state[p.index()] = 1;
                        stack.push((p.index(), 0));
                    }
                    1 => {
                        let d = &drafts[p.index()];
                        return Err(Error::Cycle {
                            file: d.parents_origin.file.to_string(),
                            line: d.parents_origin.line,
                            id: d.entry.id.clone(),
                        });
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    Ok(())
}

/// The knowledge base: immutable after [`KbBuilder::build`], `Send + Sync`, meant to be built
/// once and shared by every analyser thread.
#[derive(Debug)]
pub struct Kb {
    entries: Vec<Entry>,
    by_id: HashMap<String, EntryId>,
    index: HashMap<String, Vec<EntryId>>,
    keys: Vec<String>,
    parents: Vec<Vec<EntryId>>,
}

impl Kb {
    /// The bundled knowledge base alone.
    pub fn bundled() -> Kb {
        KbBuilder::new()
            .bundled()
            .build()
            .expect("the bundled data is consistent (checked by the crate's tests)")
    }

    /// The entry with this id (`geonames:173811`, `isnad:isis`).
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.id_of(id).map(|i| self.entry(i))
    }

    /// The handle of the entry with this id.
    pub fn id_of(&self, id: &str) -> Option<EntryId> {
        self.by_id.get(id).copied()
    }

    /// The entry behind a handle.
    ///
    /// # Panics
    ///
    /// When the handle comes from another knowledge base with more entries.
    pub fn entry(&self, id: EntryId) -> &Entry {
        &self.entries[id.index()]
    }

    /// Every entry, in load order; an entry's [`EntryId`] is its position.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries one of whose names has the same [`key`] as `alias`, best candidate first
    /// (see the crate docs for the ranking). Only exact keys match: stripping clitics
    /// (`والحسكة`) and descriptors (`مدينة الحسكة`) is the caller's job.
    pub fn lookup(&self, alias: &str) -> &[EntryId] {
        self.index.get(&key(alias)).map_or(&[], Vec::as_slice)
    }

    /// Like [`Kb::lookup`], for a string that is already a [`key`].
    pub fn lookup_key(&self, key: &str) -> &[EntryId] {
        self.index.get(key).map_or(&[], Vec::as_slice)
    }

    /// Every `(key, entry)` pair of the index, keys in sorted order and the candidates of one
    /// key best first: the patterns of a multi-pattern matcher (aho-corasick) over keyed text.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, EntryId)> + '_ {
        self.keys
            .iter()
            .flat_map(move |k| self.index[k].iter().map(move |&id| (k.as_str(), id)))
    }

    /// The entries `id` lies in directly.
    pub fn parents(&self, id: EntryId) -> &[EntryId] {
        &self.parents[id.index()]
    }

    /// Whether `inner` is `outer` or lies inside it, following parents up (all of them, when
    /// an entry has several).
    pub fn is_within(&self, inner: EntryId, outer: EntryId) -> bool {
        if inner == outer {
            return true;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![inner];
        while let Some(node) = stack.pop() {
            for &p in self.parents(node) {
                if p == outer {
                    return true;
                }
                if seen.insert(p) {
                    stack.push(p);
                }
            }
        }
        false
    }

    /// Whether two places can be the same place told more or less precisely: the same entry,
    /// or one inside the other (البادية and بادية دير الزور are; الرقة and دير الزور are not).
    pub fn compatible_places(&self, a: EntryId, b: EntryId) -> bool {
        self.is_within(a, b) || self.is_within(b, a)
    }

    /// The news outlets (agencies, channels, papers, sites).
    pub fn outlets(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| e.role == Some(Role::Outlet))
    }

    /// The attribution kind of a source linked to this entry: `outlet` for outlets, `official`
    /// for states' bodies and courts and for countries, capitals and seats of power speaking
    /// for their state (`قالت أنقرة`, `أعلن البيت الأبيض`), `person` for people, `organization` for every other organisation.
    /// `None` for other places, facilities and miscellany, which do not speak.
    pub fn kind_of_source(&self, id: EntryId) -> Option<SourceKind> {
        let e = self.entry(id);
        match (e.entity_type, e.role) {
            (EntityType::Per, _) => Some(SourceKind::Person),
            (EntityType::Org, Some(Role::Outlet)) => Some(SourceKind::Outlet),
            (EntityType::Org, Some(Role::Official | Role::Court)) => Some(SourceKind::Official),
            (EntityType::Org, _) => Some(SourceKind::Organization),
            (EntityType::Loc, Some(Role::Country)) => Some(SourceKind::Official),
            (EntityType::Loc | EntityType::Fac, _) if e.metonym_of.is_some() => {
                Some(SourceKind::Official)
            }
            _ => None,
        }
    }
}
