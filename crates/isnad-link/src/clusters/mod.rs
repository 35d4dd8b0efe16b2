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
//! # How large a cluster may grow
//!
//! Links are made between two claims at a time, and clusters are what the links join, so a
//! chain of links, each right on its own (a strike on Douma with the next day's strike on
//! Douma, that one with the raid of the day after), could make one cluster of a whole war:
//! over the 31,523-article news corpus the largest held 437 documents over 18 days. A cluster
//! therefore holds at most [`MAX_CLUSTER_DOCS`] documents, published at most
//! [`MAX_CLUSTER_DAYS`] days apart, unless copied text joins more:
//!
//! - links are joined strongest first: a copied sentence or a mention its own article ties
//!   to an event told before, then the more roles agree and the same figure; links of one
//!   strength in the order their claims were added, so the result does not depend on the
//!   order the links were found in;
//! - a link that would take the two clusters it joins past either bound is left out: the two
//!   stay apart, each with the stronger links it already has, and the weaker link is the one
//!   lost (a cluster is never split once joined, and no claim leaves it);
//! - a link between two claims told in copied text (both triggers at matching places of one
//!   aligned passage of a reuse pair) is joined whatever the size: an agency's sentence
//!   carried by many outlets, or again on later days, is one report, and the copying is the
//!   evidence that role links lack. That the two documents copy each other somewhere is not
//!   enough: nearly every article of a long story shares a paragraph of background with
//!   another, and letting any link between such documents through left 59 clusters past the
//!   bounds on the corpus, the largest of 423 documents over 14 days; with copied claims
//!   alone, 3, each past them through copied claims and of at most 14 documents.
//!
//! Under the bounds nothing changes: the clusters are the connected sets of links, whatever
//! their order. A store re-forms only the clusters a new batch touches, so where a bound
//! left a link out, what it stores can differ from one run over the whole corpus.
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

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

use isnad_core::{ChainLink, Claim, ClaimType, Cluster, Document, Reuse, RoleValue, SourceKind};
use isnad_kb::Kb;
use isnad_text::fold;

use crate::told::{self, BackReference};

use agreement::{folded, same_folded_link};
pub use keys::{blocking_keys, BlockingKey, MAX_BLOCK};
use same_event::SameEvent;

/// Days two members may be apart in publication.
pub const MAX_DAYS_APART: i64 = 3;

/// The most documents a cluster holds, unless copied text joins more.
pub const MAX_CLUSTER_DOCS: usize = 60;

/// The most days from a cluster's first publication to its last, unless copied text joins
/// documents further apart.
pub const MAX_CLUSTER_DAYS: i64 = 10;

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
        let mut links = self.links(&copies, kb, 0);
        // Strongest first, and in one order whatever order the links were found in: which
        // links a bound leaves out depends on the order they are joined in.
        links.sort_unstable_by_key(|l| (Reverse(l.strength), l.a, l.b));
        let mut sets = Bounded::new(self);
        for l in links {
            sets.join(l.a, l.b, l.copied);
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
            .flat_map(|l| [self.members[l.a].doc, self.members[l.b].doc])
            .collect();
        docs.sort_unstable();
        docs.dedup();
        docs
    }

    /// Pairs of members that join: same event, and each the other's best match in its
    /// document; and, inside a document, mentions of an event told before. Only pairs with a
    /// member in a document at position `first` or later.
    fn links(&self, copies: &HashMap<(usize, usize), &Reuse>, kb: &Kb, first: usize) -> Vec<Link> {
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
            let Some(SameEvent { score, copied }) = self.same_event(i, j, copies, kb) else {
                continue;
            };
            let (di, dj) = (self.members[i].doc, self.members[j].doc);
            for (from, to, doc) in [(i, j, dj), (j, i, di)] {
                let slot = best.entry((from, doc)).or_insert((score, to));
                if score > slot.0 || (score == slot.0 && to < slot.1) {
                    *slot = (score, to);
                }
            }
            scored.push(Link {
                a: i,
                b: j,
                strength: score,
                copied,
            });
        }
        let mut out: Vec<Link> = scored
            .into_iter()
            .filter(|l| {
                let (da, db) = (self.members[l.a].doc, self.members[l.b].doc);
                best.get(&(l.a, db)).map(|b| b.1) == Some(l.b)
                    && best.get(&(l.b, da)).map(|b| b.1) == Some(l.a)
            })
            .collect();
        let told = |(a, b)| Link {
            a,
            b,
            strength: TOLD_IN_ARTICLE,
            copied: false,
        };
        for (&doc, members) in &by_doc {
            if doc >= first {
                out.extend(self.same_event_anaphors(members).into_iter().map(told));
                out.extend(self.back_references(members, kb).into_iter().map(told));
            }
        }
        // One death has one cause: when two accounts of a death are one event, the attacks
        // they tell it was caused by are one event too, however each tells it (a Russian
        // raid in one, a clash with soldiers in the other).
        let causes: Vec<Link> = out
            .iter()
            .filter_map(|l| {
                let (a, b) = (self.members[l.a].cause?, self.members[l.b].cause?);
                (a != b).then_some(Link {
                    a: a.min(b),
                    b: a.max(b),
                    strength: l.strength,
                    copied: false,
                })
            })
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

/// Two members that report one event, and how strongly the texts say so.
#[derive(Debug, Clone, Copy)]
struct Link {
    /// The earlier member (by the order claims were added).
    a: usize,
    b: usize,
    /// The same-event score of two documents' claims (a copied sentence 100 or more, agreeing
    /// roles and figure up to 62), or [`TOLD_IN_ARTICLE`].
    strength: u32,
    /// Whether the two claims sit in one copied passage: such a link may take a cluster past
    /// its bounds.
    copied: bool,
}

/// The strength of a link inside one article (a mention of an event told before): as strong
/// as a copied sentence, since the article's own words tie the two.
const TOLD_IN_ARTICLE: u32 = 100;

/// The sets of members joined so far, each knowing its documents and the first and last day
/// they were published, so that a join can be refused when it would take a cluster past
/// [`MAX_CLUSTER_DOCS`] or [`MAX_CLUSTER_DAYS`].
struct Bounded {
    sets: UnionFind,
    /// The documents of each set, kept at its root.
    docs: Vec<HashSet<usize>>,
    /// The first and last day of publication of each set's documents, at its root.
    days: Vec<Option<(i64, i64)>>,
}

impl Bounded {
    /// Every member in a set of its own.
    fn new(builder: &ClusterBuilder) -> Self {
        let members = &builder.members;
        Bounded {
            sets: UnionFind::new(members.len()),
            docs: members.iter().map(|m| HashSet::from([m.doc])).collect(),
            days: members
                .iter()
                .map(|m| builder.docs[m.doc].day.map(|d| (d, d)))
                .collect(),
        }
    }

    fn find(&mut self, x: usize) -> usize {
        self.sets.find(x)
    }

    /// Joins the sets of members `a` and `b` when the joined set stays within both bounds,
    /// or whatever its size when `copied` (the two claims sit in one copied passage).
    fn join(&mut self, a: usize, b: usize, copied: bool) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (small, large) = if self.docs[ra].len() <= self.docs[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let added = self.docs[small]
            .iter()
            .filter(|d| !self.docs[large].contains(d))
            .count();
        let days = match (self.days[ra], self.days[rb]) {
            (Some((f1, l1)), Some((f2, l2))) => Some((f1.min(f2), l1.max(l2))),
            (x, y) => x.or(y),
        };
        let within = self.docs[large].len() + added <= MAX_CLUSTER_DOCS
            && days.is_none_or(|(first, last)| last - first <= MAX_CLUSTER_DAYS);
        if !within && !copied {
            return;
        }
        self.sets.union(ra, rb);
        let root = self.find(ra);
        let moved = std::mem::take(&mut self.docs[small]);
        let mut docs = std::mem::take(&mut self.docs[large]);
        docs.extend(moved);
        self.docs[root] = docs;
        self.days[root] = days;
    }
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
    use isnad_core::{Passage, Roles};

    use super::fixtures::{article, attack_in_deir_ez_zor, known, told, unknown};
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

    /// An attack by the Islamic State in Deir ez-Zor reported by `outlet` on `published`,
    /// naming the T4 base as its target when `on_the_base`.
    fn report(outlet: &str, published: &str, on_the_base: bool) -> Document {
        let mut roles = attack_in_deir_ez_zor(None, None);
        if on_the_base {
            roles.patient = vec![known("قاعدة تي فور", "isnad:t4")];
        }
        let mut doc = article(outlet, outlet, ClaimType::Attack, roles, None);
        doc.published = Some(published.to_owned());
        doc
    }

    /// `b` copied from `a` the passage of each starting at `from`: the one holding their
    /// claims when `from` is 0, a paragraph after them otherwise.
    fn copied(a: &Document, b: &Document, from: usize) -> Reuse {
        Reuse {
            a: a.id.clone(),
            b: b.id.clone(),
            score: 0.9,
            direction: None,
            direction_reason: None,
            passages: vec![Passage {
                a_start: from,
                a_end: from + 200,
                b_start: from,
                b_end: from + 200,
            }],
            same_outlet: false,
        }
    }

    /// The documents of each cluster of `docs`.
    fn clusters_of(docs: &[Document], reuse: &[Reuse]) -> Vec<Vec<String>> {
        let mut builder = ClusterBuilder::new();
        for doc in docs {
            builder.add(doc);
        }
        builder
            .finish(reuse, &Kb::bundled())
            .into_iter()
            .map(|c| {
                let mut docs: Vec<String> = c
                    .members
                    .iter()
                    .map(|m| m.split('#').next().unwrap_or(m).to_owned())
                    .collect();
                docs.dedup();
                docs
            })
            .collect()
    }

    /// Reports of attacks in Deir ez-Zor every three days: each links to the next (three
    /// days apart at most), and the last two both name the base, so their link is the
    /// strongest.
    fn every_three_days() -> Vec<Document> {
        vec![
            report("a", "2018-05-01", false),
            report("b", "2018-05-04", false),
            report("c", "2018-05-07", false),
            report("d", "2018-05-10", true),
            report("e", "2018-05-13", true),
        ]
    }

    #[test]
    fn a_chain_of_reports_over_more_than_ten_days_is_cut_at_its_weakest_link() {
        // The five would span twelve days. Joined in the order they came, the first four
        // (nine days) would keep `e` out; strongest first, `d` and `e` join first, and it is
        // the weaker link of `c` and `d` that is left out.
        assert_eq!(
            clusters_of(&every_three_days(), &[]),
            [vec!["a", "b", "c"], vec!["d", "e"]]
        );
    }

    #[test]
    fn reports_whose_claims_were_copied_stay_one_cluster_over_any_span() {
        let docs = every_three_days();
        let reuse: Vec<Reuse> = docs.windows(2).map(|w| copied(&w[0], &w[1], 0)).collect();
        assert_eq!(clusters_of(&docs, &reuse), [vec!["a", "b", "c", "d", "e"]]);
        // Copied text elsewhere in the articles (a paragraph of background) does not say that
        // their claims are one report: the chain is cut as before.
        let elsewhere: Vec<Reuse> = docs.windows(2).map(|w| copied(&w[0], &w[1], 500)).collect();
        assert_eq!(
            clusters_of(&docs, &elsewhere),
            [vec!["a", "b", "c"], vec!["d", "e"]]
        );
    }

    #[test]
    fn a_cluster_holds_sixty_documents_unless_they_copy_one_report() {
        let docs: Vec<Document> = (0..=MAX_CLUSTER_DOCS)
            .map(|n| report(&format!("outlet{n:02}"), "2018-05-01", false))
            .collect();
        // Sixty-one outlets tell one attack in their own words: the first sixty are one
        // cluster and the last is left alone.
        let clusters = clusters_of(&docs, &[]);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].len(), MAX_CLUSTER_DOCS);
        assert!(!clusters[0].contains(&"outlet60".to_owned()));
        // Sixty of them copied the first one's report: all are one cluster.
        let reuse: Vec<Reuse> = docs[1..].iter().map(|d| copied(&docs[0], d, 0)).collect();
        let clusters = clusters_of(&docs, &reuse);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].len(), MAX_CLUSTER_DOCS + 1);
    }
}
