//! Integration tests of the knowledge base, one binary, a module per area (STYLE.md, point 11).

#[path = "kb/bundled.rs"]
mod bundled;
#[path = "kb/data.rs"]
mod data;
#[path = "kb/geonames.rs"]
mod geonames;
#[path = "kb/gold.rs"]
mod gold;
#[path = "kb/user.rs"]
mod user;

use isnad_kb::{Entry, EntryId, Kb};
use std::sync::OnceLock;

/// The bundled knowledge base, built once for all tests.
fn kb() -> &'static Kb {
    static KB: OnceLock<Kb> = OnceLock::new();
    KB.get_or_init(Kb::bundled)
}

/// The single best candidate for an alias, as its id.
fn best(kb: &Kb, alias: &str) -> Option<String> {
    kb.lookup(alias).first().map(|&i| kb.entry(i).id.clone())
}

/// The handle of an id that must exist.
fn id(kb: &Kb, id: &str) -> EntryId {
    kb.id_of(id).unwrap_or_else(|| panic!("no entry {id}"))
}

/// The entry of the best candidate for an alias.
fn entry<'k>(kb: &'k Kb, alias: &str) -> &'k Entry {
    let ids = kb.lookup(alias);
    assert!(!ids.is_empty(), "{alias} does not resolve");
    kb.entry(ids[0])
}

/// Where the shared data lives, relative to the crate.
fn shared(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path)
}
