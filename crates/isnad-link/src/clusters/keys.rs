//! Blocking keys: which claims are compared at all. Comparing every claim of a corpus with
//! every other of its type is quadratic, so two claims are compared only when they share a
//! key (or their documents copy each other). A store keeps the keys of every stored claim, in
//! the spelling [`BlockingKey`]'s `Display` gives, to find a new claim's stored neighbours.

use std::fmt;

use isnad_core::Claim;

use super::agreement::words;

/// One thing a claim can share with another report of its event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockingKey {
    /// A figure of ten or more (`750` fighters moved), as the bits of its value: every such
    /// figure is a finite number above zero, so equal bits are equal figures. Spelt `#750`.
    Figure(u64),
    /// The knowledge-base entry a participant or place is linked to, spelt as its id
    /// (`isnad:isis`, `geonames:99072`).
    Entity(String),
    /// The longest word of a participant or place, folded and without its article (`موصل`),
    /// spelt as it is. Words are letters and digits only, so no word is spelt as an id or a
    /// figure.
    Word(String),
}

impl BlockingKey {
    /// The key of a figure.
    pub fn figure(value: f64) -> Self {
        BlockingKey::Figure(value.to_bits())
    }
}

impl fmt::Display for BlockingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockingKey::Figure(bits) => write!(f, "#{}", f64::from_bits(*bits)),
            BlockingKey::Entity(id) => f.write_str(id),
            BlockingKey::Word(w) => f.write_str(w),
        }
    }
}

/// Blocking keys of a claim: the KB ids and the longest word of each participant or place,
/// and its figure, so that only claims sharing one are compared (the same figure with one
/// agreeing role is evidence of one event, whatever words the roles were told in). A store
/// keeps them to find, for a new claim, the stored claims it may cluster with.
pub fn blocking_keys(claim: &Claim) -> Vec<BlockingKey> {
    let r = &claim.roles;
    let mut out = Vec::new();
    // A figure points to one event only when it is not one of the small numbers every other
    // report carries (two wounded, three raids): those would make blocks of unrelated claims.
    if let Some(count) = r.count.as_ref().filter(|c| c.value >= MIN_BLOCKING_FIGURE) {
        out.push(BlockingKey::figure(count.value));
    }
    for v in r.parties_and_places() {
        if let Some(id) = &v.kb_id {
            out.push(BlockingKey::Entity(id.clone()));
        }
        if let Some(w) = words(&v.text)
            .iter()
            .filter(|w| w.chars().count() >= 3)
            .max_by_key(|w| w.chars().count())
        {
            out.push(BlockingKey::Word(w.clone()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The smallest figure that is a blocking key.
const MIN_BLOCKING_FIGURE: f64 = 10.0;

/// A key shared by more claims than this (`قوات`) is too common to block on.
pub const MAX_BLOCK: usize = 300;

#[cfg(test)]
mod tests {
    use isnad_core::{Approx, ClaimType, Roles};

    use super::super::fixtures::{article, count, known, unknown};
    use super::*;

    /// A claim of `claim_type` with the given roles.
    fn claim(claim_type: ClaimType, roles: Roles) -> Claim {
        article("a", "سانا", claim_type, roles, None)
            .claims
            .remove(0)
    }

    /// The keys of a claim as a store spells them.
    fn spelt(claim: &Claim) -> Vec<String> {
        blocking_keys(claim).iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn a_distinctive_figure_is_a_blocking_key_a_small_one_is_not() {
        let moved = |n: f64| {
            let roles = Roles {
                count: count(n, Approx::About),
                ..Roles::default()
            };
            claim(ClaimType::Transfer, roles)
        };
        assert_eq!(blocking_keys(&moved(750.0)), [BlockingKey::figure(750.0)]);
        assert_eq!(blocking_keys(&moved(2.0)), []);
    }

    #[test]
    fn each_participant_and_place_gives_its_entry_and_its_longest_word() {
        let roles = Roles {
            agent: vec![known("تنظيم الدولة الإسلامية", "isnad:isis")],
            destination: vec![unknown("بادية دير الزور")],
            count: count(12.5, Approx::Exact),
            ..Roles::default()
        };
        // Words are folded and lose their article: `الإسلامية` is `اسلاميه`.
        assert_eq!(
            spelt(&claim(ClaimType::Transfer, roles)),
            ["#12.5", "isnad:isis", "اسلاميه", "باديه"]
        );
    }
}
