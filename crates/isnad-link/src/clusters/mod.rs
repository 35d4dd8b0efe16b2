//! Claim clusters: claims in different documents that report the same event, the origins
//! they rest on, how many of those are independent, and where the accounts disagree.
//!
//! Two claims are linked when they have the same type, were published within a few days of
//! each other, and the texts give evidence that they are one event:
//!
//! - the sentence was copied: both triggers sit at matching places of one aligned passage of a
//!   reuse pair (an edited copy still reports the same event, whatever figure it changed);
//! - or two of their place and participant roles agree (agent, patient, origin, destination,
//!   location), or one agrees and the figure is the same. Roles agree when they link to one
//!   knowledge-base entry, when one place lies inside the other (`بادية دير الزور` and
//!   `البادية`), or when one phrase contains the other after folding.
//!
//! A different figure or date never separates claims that the rest ties together: that is a
//! conflict, reported with the members behind each value. Different events with different
//! figures stay apart because nothing else ties them.
//!
//! Origins are the last link of each member's chain (or the outlet, for claims it asserts).
//! Members whose documents copy one another, or whose chains pass through the same cited
//! outlet or agency, rest on one origin: several outlets repeating one agency's report from
//! one set of anonymous sources count as one independent source.
//!
//! The module is the builder and four parts it calls on:
//!
//! - [`keys`]: which claims are compared at all (blocking keys), also kept by a store to find
//!   a new claim's stored neighbours;
//! - `same_event`: whether two claims are one event, and how strongly; inside one article,
//!   which later mentions take up an event told before;
//! - `agreement`: whether two values of a role can be one thing told more or less precisely
//!   (places, actors, figures, dates, sources);
//! - `conflicts`: the roles whose members disagree, and on whose word each value is given.

mod agreement;
mod conflicts;
#[cfg(test)]
mod fixtures;
pub mod keys;
mod same_event;

use std::collections::{BTreeMap, HashMap};

use isnad_core::{ChainLink, Claim, ClaimType, Cluster, Document, Reuse, RoleValue, SourceKind};
use isnad_kb::Kb;
use isnad_text::fold;

use crate::told::{self, BackReference};

use agreement::{folded, same_folded_link};
pub use keys::{blocking_keys, BlockingKey, MAX_BLOCK};

/// Days two members may be apart in publication.
pub const MAX_DAYS_APART: i64 = 3;

/// What clustering keeps of one claim: small, so a large corpus fits.
#[derive(Debug, Clone)]
struct Member {
    doc: usize,
    claim: Claim,
    /// The last link of the claim's chain, or the publisher.
    origin: ChainLink,
    /// The cited links of the chain (after the publisher).
    cited: Vec<ChainLink>,
    /// Whether its words take up an event told before in the article, and which.
    back: BackReference,
    /// An adjective of the trigger that makes it another kind of event (`الهجوم الكيماوي`).
    kind: Option<String>,
    /// The attack the sentence tells as the cause of this death or injury, a member index.
    cause: Option<usize>,
}

#[derive(Debug, Clone)]
struct DocInfo {
    id: String,
    outlet: Option<String>,
    day: Option<i64>,
}

/// Collects claims document by document and clusters them at the end.
#[derive(Default)]
pub struct ClusterBuilder {
    docs: Vec<DocInfo>,
    members: Vec<Member>,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn day_number(published: Option<&str>) -> Option<i64> {
    let date: jiff::civil::Date = published?.parse().ok()?;
    Some(i64::from(
        date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days(),
    ))
}

impl ClusterBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        ClusterBuilder::default()
    }

    /// Keeps the claims of `doc`.
    pub fn add(&mut self, doc: &Document) {
        let index = self.docs.len();
        self.docs.push(DocInfo {
            id: doc.id.clone(),
            outlet: doc.outlet.clone(),
            day: day_number(doc.published.as_deref()),
        });
        let publisher = ChainLink {
            text: doc.outlet.clone(),
            kind: SourceKind::Outlet,
            kb_id: None,
        };
        let first = self.members.len();
        let mentions = told::mentions(doc);
        for (claim, mention) in doc.claims.iter().zip(mentions) {
            let chain = doc
                .attribution_of(claim)
                .map(|a| a.chain.clone())
                .unwrap_or_default();
            let origin = chain.last().cloned().unwrap_or_else(|| publisher.clone());
            let cited = chain.into_iter().skip(1).collect();
            self.members.push(Member {
                doc: index,
                claim: claim.clone(),
                origin,
                cited,
                back: match mention.back {
                    BackReference::Continues(p) => BackReference::Continues(first + p),
                    other => other,
                },
                kind: mention.kind,
                cause: mention.cause.map(|p| first + p),
            });
        }
    }

    /// Clusters the claims, using the reuse pairs as evidence of copying.
    pub fn finish(&self, reuse: &[Reuse], kb: &Kb) -> Vec<Cluster> {
        let copies = self.copies(reuse);
        let links = self.links(&copies, kb, 0);
        let mut sets = UnionFind::new(self.members.len());
        for (i, j) in links {
            sets.union(i, j);
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..self.members.len() {
            groups.entry(sets.find(i)).or_default().push(i);
        }
        let mut clusters = Vec::new();
        for members in groups.into_values() {
            let docs: std::collections::BTreeSet<usize> =
                members.iter().map(|&i| self.members[i].doc).collect();
            if docs.len() < 2 {
                continue;
            }
            clusters.push(self.cluster(clusters.len() + 1, &members, &copies, kb));
        }
        clusters
    }

    /// Reuse pairs between the collected documents, by document index.
    fn copies<'r>(&self, reuse: &'r [Reuse]) -> HashMap<(usize, usize), &'r Reuse> {
        let by_id: HashMap<&str, usize> = self
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let mut copies: HashMap<(usize, usize), &Reuse> = HashMap::new();
        for r in reuse {
            if let (Some(&a), Some(&b)) = (by_id.get(r.a.as_str()), by_id.get(r.b.as_str())) {
                copies.insert((a, b), r);
            }
        }
        copies
    }

    /// The documents (by the order they were added) whose claims link to a claim of a
    /// document added at position `first` or later, and those later documents' own links.
    /// Links are decided by the two documents alone, so a store that collects new documents
    /// after their stored neighbours learns here which stored clusters the new claims join,
    /// without comparing the stored claims among themselves.
    pub fn linked_to_new(&self, first: usize, reuse: &[Reuse], kb: &Kb) -> Vec<usize> {
        let copies = self.copies(reuse);
        let mut docs: Vec<usize> = self
            .links(&copies, kb, first)
            .into_iter()
            .flat_map(|(i, j)| [self.members[i].doc, self.members[j].doc])
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Pairs of members that join: same event, and each the other's best match in its
    /// document. Only pairs with a member in a document at position `first` or later.
    fn links(
        &self,
        copies: &HashMap<(usize, usize), &Reuse>,
        kb: &Kb,
        first: usize,
    ) -> Vec<(usize, usize)> {
        // Candidate pairs: claims of one type that share a blocking key, and claims of one
        // type in two documents that copy each other.
        let mut blocks: HashMap<(ClaimType, BlockingKey), Vec<usize>> = HashMap::new();
        let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, m) in self.members.iter().enumerate() {
            by_doc.entry(m.doc).or_default().push(i);
            for key in blocking_keys(&m.claim) {
                blocks.entry((m.claim.claim_type, key)).or_default().push(i);
            }
        }
        let is_new = |i: usize| self.members[i].doc >= first;
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for members in blocks.values().filter(|m| m.len() <= MAX_BLOCK) {
            for (x, &i) in members.iter().enumerate() {
                let later = members[x + 1..].iter().copied();
                if is_new(i) {
                    candidates.extend(later.map(|j| (i, j)));
                } else {
                    candidates.extend(later.filter(|&j| is_new(j)).map(|j| (i, j)));
                }
            }
        }
        for &(a, b) in copies.keys() {
            if a.max(b) < first {
                continue;
            }
            for &i in by_doc.get(&a).into_iter().flatten() {
                for &j in by_doc.get(&b).into_iter().flatten() {
                    if self.members[i].claim.claim_type == self.members[j].claim.claim_type {
                        candidates.push((i.min(j), i.max(j)));
                    }
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // Each claim links to its best match in each other document, and two claims join when
        // each is the other's best: a chain of merely similar claims (every attack by the same
        // group in the same province) does not grow into one cluster.
        let mut best: HashMap<(usize, usize), (u32, usize)> = HashMap::new();
        let mut scored = Vec::new();
        for (i, j) in candidates {
            let Some(score) = self.same_event(i, j, copies, kb) else {
                continue;
            };
            let (di, dj) = (self.members[i].doc, self.members[j].doc);
            for (from, to, doc) in [(i, j, dj), (j, i, di)] {
                let slot = best.entry((from, doc)).or_insert((score, to));
                if score > slot.0 || (score == slot.0 && to < slot.1) {
                    *slot = (score, to);
                }
            }
            scored.push((i, j));
        }
        let mut out: Vec<(usize, usize)> = scored
            .into_iter()
            .filter(|&(i, j)| {
                let (di, dj) = (self.members[i].doc, self.members[j].doc);
                best.get(&(i, dj)).map(|b| b.1) == Some(j)
                    && best.get(&(j, di)).map(|b| b.1) == Some(i)
            })
            .collect();
        for (&doc, members) in &by_doc {
            if doc >= first {
                out.extend(self.same_event_anaphors(members));
                out.extend(self.back_references(members, kb));
            }
        }
        // One death has one cause: when two accounts of a death are one event, the attacks
        // they tell it was caused by are one event too, however each tells it (a Russian
        // raid in one, a clash with soldiers in the other).
        let causes: Vec<(usize, usize)> = out
            .iter()
            .filter_map(|&(i, j)| Some((self.members[i].cause?, self.members[j].cause?)))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        out.extend(causes);
        out
    }

    fn cluster(
        &self,
        n: usize,
        members: &[usize],
        copies: &HashMap<(usize, usize), &Reuse>,
        kb: &Kb,
    ) -> Cluster {
        let ms: Vec<&Member> = members.iter().map(|&i| &self.members[i]).collect();
        let key = |m: &Member| format!("{}#{}", self.docs[m.doc].id, m.claim.id);
        // Origins, and the groups of members that rest on one of them.
        // Every pair of members is compared below, so each text is folded once here.
        let origin_folded: Vec<Option<String>> = ms.iter().map(|m| folded(&m.origin)).collect();
        let cited_folded: Vec<Vec<Option<String>>> = ms
            .iter()
            .map(|m| m.cited.iter().map(folded).collect())
            .collect();
        let outlet_folded: Vec<Option<String>> = ms
            .iter()
            .map(|m| self.docs[m.doc].outlet.as_deref().map(fold))
            .collect();
        let mut origins: Vec<(ChainLink, &Option<String>)> = Vec::new();
        for (m, f) in ms.iter().zip(&origin_folded) {
            if !origins
                .iter()
                .any(|(o, of)| same_folded_link(o, of, &m.origin, f))
            {
                origins.push((m.origin.clone(), f));
            }
        }
        let origins: Vec<ChainLink> = origins.into_iter().map(|(o, _)| o).collect();
        let cites_other = |p: usize, q: usize| {
            outlet_folded[q].is_some() && cited_folded[p].iter().any(|t| *t == outlet_folded[q])
        };
        let mut groups = UnionFind::new(ms.len());
        for x in 0..ms.len() {
            for y in x + 1..ms.len() {
                let (a, b) = (ms[x], ms[y]);
                let copied =
                    copies.contains_key(&(a.doc, b.doc)) || copies.contains_key(&(b.doc, a.doc));
                let same_origin =
                    same_folded_link(&a.origin, &origin_folded[x], &b.origin, &origin_folded[y]);
                let shared_relay = a.cited.iter().zip(&cited_folded[x]).any(|(l, lf)| {
                    l.kind != SourceKind::Anonymous
                        && b.cited
                            .iter()
                            .zip(&cited_folded[y])
                            .any(|(k, kf)| same_folded_link(l, lf, k, kf))
                });
                if copied || same_origin || shared_relay || cites_other(x, y) || cites_other(y, x) {
                    groups.union(x, y);
                }
            }
        }
        let independent = (0..ms.len()).filter(|&x| groups.find(x) == x).count();
        Cluster {
            id: format!("k{n}"),
            claim_type: ms[0].claim.claim_type,
            members: ms.iter().map(|m| key(m)).collect(),
            summary: summary(&ms),
            origins,
            independent_sources: independent,
            conflicts: conflicts::conflicts(&ms, &key, &self.docs, kb),
            first_appearance: ms
                .iter()
                .filter_map(|m| self.docs[m.doc].day.map(|d| (d, m.doc, key(m))))
                .min()
                .map(|(_, _, k)| k),
        }
    }
}

/// One line from the merged roles: the most frequent value of each role.
fn summary(ms: &[&Member]) -> String {
    fn top<'a>(values: impl Iterator<Item = &'a RoleValue>) -> Option<&'a str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for v in values {
            *counts.entry(v.text.as_str()).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(t, n)| (n, std::cmp::Reverse(t)))
            .map(|(t, _)| t)
    }
    let mut line = ms[0].claim.claim_type.arabic_name().to_owned();
    let roles = |f: fn(&Member) -> &Vec<RoleValue>| top(ms.iter().flat_map(move |m| f(m).iter()));
    if let Some(agent) = roles(|m| &m.claim.roles.agent) {
        line.push_str(&format!(" — {agent}"));
    }
    // The figure most members give.
    let mut figures: Vec<(f64, usize)> = Vec::new();
    for c in ms.iter().filter_map(|m| m.claim.roles.count.as_ref()) {
        match figures.iter_mut().find(|(v, _)| *v == c.value) {
            Some((_, n)) => *n += 1,
            None => figures.push((c.value, 1)),
        }
    }
    if let Some((value, _)) = figures.iter().max_by_key(|(_, n)| *n) {
        line.push_str(&format!(" — {value}"));
    }
    if let Some(patient) = roles(|m| &m.claim.roles.patient) {
        line.push_str(&format!(" {patient}"));
    }
    if let Some(origin) = roles(|m| &m.claim.roles.origin) {
        line.push_str(&format!(" من {origin}"));
    }
    if let Some(destination) = roles(|m| &m.claim.roles.destination) {
        line.push_str(&format!(" إلى {destination}"));
    }
    if let Some(location) = roles(|m| &m.claim.roles.location) {
        line.push_str(&format!(" في {location}"));
    }
    if let Some(time) = ms
        .iter()
        .find_map(|m| m.claim.roles.time.as_ref().and_then(|t| t.value.as_deref()))
    {
        line.push_str(&format!(" ({time})"));
    }
    line
}

/// Disjoint sets with path halving.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use isnad_core::Roles;

    use super::fixtures::{known, told, unknown};
    use super::*;

    /// A killing of an officer in `place`, caused by the attack told with `cause`.
    fn officer_killed(place: RoleValue, cause: &str) -> Roles {
        Roles {
            patient: vec![unknown("ضابط كبير")],
            location: vec![place],
            means: vec![unknown(cause)],
            ..Roles::default()
        }
    }

    #[test]
    fn the_attacks_two_accounts_of_one_death_were_caused_by_are_one_event() {
        let homs = || known("حمص", "geonames:169577");
        let by = |id: &str, text: &str, cause: &str, attack: Roles| {
            told(
                id,
                "فرانس 24",
                text,
                vec![
                    ("قتل", ClaimType::Kill, officer_killed(homs(), cause)),
                    (cause, ClaimType::Attack, attack),
                ],
            )
        };
        let raid = by(
            "a",
            "قتل ضابط كبير في حمص في غارة روسية.",
            "غارة",
            Roles {
                agent: vec![known("روسي", "isnad:ru")],
                ..Roles::default()
            },
        );
        let clash = by(
            "b",
            "قتل ضابط كبير في حمص في مواجهة مع مسلحين.",
            "مواجهة",
            Roles::default(),
        );
        let mut builder = ClusterBuilder::new();
        builder.add(&raid);
        builder.add(&clash);
        let types: Vec<ClaimType> = builder
            .finish(&[], &Kb::bundled())
            .into_iter()
            .map(|c| c.claim_type)
            .collect();
        assert_eq!(types, [ClaimType::Kill, ClaimType::Attack]);
    }
}
