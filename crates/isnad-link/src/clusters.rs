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

use std::collections::{BTreeMap, HashMap};

use isnad_core::{
    ChainLink, Claim, ClaimType, Cluster, Conflict, ConflictValue, Document, Reuse, RoleValue,
    SourceKind,
};
use isnad_kb::Kb;
use isnad_text::fold;

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

/// Blocking keys of a claim: the KB ids and the longest word of each participant or place, so
/// that only claims sharing one are compared. A store keeps them to find, for a new claim,
/// the stored claims it may cluster with.
pub fn blocking_keys(claim: &Claim) -> Vec<String> {
    let r = &claim.roles;
    let mut out = Vec::new();
    for v in r
        .agent
        .iter()
        .chain(&r.patient)
        .chain(&r.origin)
        .chain(&r.destination)
        .chain(&r.location)
    {
        if let Some(id) = &v.kb_id {
            out.push(id.clone());
        }
        if let Some(w) = words(&v.text)
            .into_iter()
            .filter(|w| w.chars().count() >= 3)
            .max_by_key(|w| w.chars().count())
        {
            out.push(w);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A key shared by more claims than this (`قوات`) is too common to block on.
pub const MAX_BLOCK: usize = 300;

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
        for claim in &doc.claims {
            let chain = claim
                .attribution
                .as_ref()
                .and_then(|id| doc.attributions.iter().find(|a| &a.id == id))
                .map(|a| a.chain.clone())
                .unwrap_or_default();
            let origin = chain.last().cloned().unwrap_or_else(|| publisher.clone());
            let cited = chain.into_iter().skip(1).collect();
            self.members.push(Member {
                doc: index,
                claim: claim.clone(),
                origin,
                cited,
            });
        }
    }

    /// Clusters the claims, using the reuse pairs as evidence of copying.
    pub fn finish(&self, reuse: &[Reuse], kb: &Kb) -> Vec<Cluster> {
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
        // Candidate pairs: claims of one type that share a blocking key, and claims of one
        // type in two documents that copy each other.
        let mut blocks: HashMap<(ClaimType, String), Vec<usize>> = HashMap::new();
        let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, m) in self.members.iter().enumerate() {
            by_doc.entry(m.doc).or_default().push(i);
            for key in blocking_keys(&m.claim) {
                blocks.entry((m.claim.claim_type, key)).or_default().push(i);
            }
        }
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for members in blocks.values().filter(|m| m.len() <= MAX_BLOCK) {
            for (x, &i) in members.iter().enumerate() {
                candidates.extend(members[x + 1..].iter().map(|&j| (i, j)));
            }
        }
        for &(a, b) in copies.keys() {
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
        let mut sets = UnionFind::new(self.members.len());
        let mut best: HashMap<(usize, usize), (u32, usize)> = HashMap::new();
        let mut scored = Vec::new();
        for (i, j) in candidates {
            let Some(score) = self.same_event(i, j, &copies, kb) else {
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
        for (i, j) in scored {
            let (di, dj) = (self.members[i].doc, self.members[j].doc);
            if best.get(&(i, dj)).map(|b| b.1) == Some(j)
                && best.get(&(j, di)).map(|b| b.1) == Some(i)
            {
                sets.union(i, j);
            }
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

    /// How strongly claims `i` and `j` look like one event, or `None` when they are not.
    fn same_event(
        &self,
        i: usize,
        j: usize,
        copies: &HashMap<(usize, usize), &Reuse>,
        kb: &Kb,
    ) -> Option<u32> {
        let (a, b) = (&self.members[i], &self.members[j]);
        let (ra, rb) = (&a.claim.roles, &b.claim.roles);
        let counts_differ =
            matches!((&ra.count, &rb.count), (Some(x), Some(y)) if x.value != y.value);
        // Within one document, two mentions of one event (`الهجوم` taking up `هجوم شنه
        // التنظيم`) share their roles; a different figure there means another event (the
        // first exchange of 200, the second of 15).
        if a.doc == b.doc && counts_differ {
            return None;
        }
        if let (Some(x), Some(y)) = (self.docs[a.doc].day, self.docs[b.doc].day) {
            if (x - y).abs() > MAX_DAYS_APART {
                return None;
            }
        }
        if a.doc != b.doc && copied_sentence(a, b, copies) {
            return Some(100);
        }
        let pairs = [
            (&ra.agent, &rb.agent),
            (&ra.patient, &rb.patient),
            (&ra.origin, &rb.origin),
            (&ra.destination, &rb.destination),
            (&ra.location, &rb.location),
        ];
        let agree = pairs
            .iter()
            .filter(|(x, y)| roles_agree(x, y, kb) == Some(true))
            .count();
        let same_count = matches!((&ra.count, &rb.count), (Some(x), Some(y)) if x.value == y.value);
        // The same uncommon figure for the same kind of event in two reports of the same or
        // the next day is itself the evidence (`مصرع 18` and `مقتل 18`).
        let distinctive = matches!(&ra.count, Some(x) if x.value >= 5.0)
            && same_count
            && a.doc != b.doc
            && matches!((self.docs[a.doc].day, self.docs[b.doc].day), (Some(x), Some(y)) if (x - y).abs() <= 1);
        let linked = agree >= 2 || (agree >= 1 && same_count) || distinctive;
        let score = agree as u32 * 10 + u32::from(same_count) * 5 + u32::from(distinctive) * 3;
        // Two articles that copy each other, naming an event of one kind with the same word
        // (`صفقة`/`صفقات`, `قصف`/`القصف`), report that event even where the sentence was
        // rewritten around it.
        let copy_pair =
            copies.contains_key(&(a.doc, b.doc)) || copies.contains_key(&(b.doc, a.doc));
        let same_word =
            a.doc != b.doc && copy_pair && same_root(&a.claim.trigger.text, &b.claim.trigger.text);
        match (linked, same_word) {
            (true, _) => Some(score + u32::from(same_word) * 4),
            (false, true) => Some(score.max(15)),
            (false, false) => None,
        }
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
        let mut origins: Vec<ChainLink> = Vec::new();
        for m in &ms {
            if !origins.iter().any(|o| same_link(o, &m.origin)) {
                origins.push(m.origin.clone());
            }
        }
        let mut groups = UnionFind::new(ms.len());
        for x in 0..ms.len() {
            for y in x + 1..ms.len() {
                let (a, b) = (ms[x], ms[y]);
                let copied =
                    copies.contains_key(&(a.doc, b.doc)) || copies.contains_key(&(b.doc, a.doc));
                let same_origin = same_link(&a.origin, &b.origin);
                let shared_relay = a.cited.iter().any(|l| {
                    l.kind != SourceKind::Anonymous && b.cited.iter().any(|k| same_link(l, k))
                });
                let cites_other = |p: &Member, q: &Member| {
                    let outlet = self.docs[q.doc].outlet.as_deref().map(fold);
                    outlet.is_some()
                        && p.cited
                            .iter()
                            .any(|l| l.text.as_deref().map(fold) == outlet)
                };
                if copied || same_origin || shared_relay || cites_other(a, b) || cites_other(b, a) {
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
            conflicts: conflicts(&ms, &key, kb),
            first_appearance: ms
                .iter()
                .filter_map(|m| self.docs[m.doc].day.map(|d| (d, m.doc, key(m))))
                .min()
                .map(|(_, _, k)| k),
        }
    }
}

/// Both triggers sit at matching offsets of one aligned passage of a reuse pair.
fn copied_sentence(a: &Member, b: &Member, copies: &HashMap<(usize, usize), &Reuse>) -> bool {
    let check = |x: &Member, y: &Member, r: &Reuse| {
        let (tx, ty) = (x.claim.trigger.start, y.claim.trigger.start);
        r.passages.iter().any(|p| {
            (p.a_start..p.a_end).contains(&tx)
                && (p.b_start..p.b_end).contains(&ty)
                && ((tx - p.a_start) as i64 - (ty - p.b_start) as i64).abs() < 80
        })
    };
    copies.get(&(a.doc, b.doc)).is_some_and(|r| check(a, b, r))
        || copies.get(&(b.doc, a.doc)).is_some_and(|r| check(b, a, r))
}

/// Whether two trigger words share their first three letters once folded and stripped of
/// conjunction, preposition and article: the same verbal noun in another number or case.
fn same_root(a: &str, b: &str) -> bool {
    let stem = |s: &str| -> String {
        let f = fold(s);
        let f = f.trim_start_matches(['و', 'ف', 'ب', 'ل']);
        let f = f.strip_prefix("ال").unwrap_or(f);
        f.chars().take(3).collect()
    };
    let (x, y) = (stem(a), stem(b));
    x.chars().count() == 3 && x == y
}

/// Folded words of a role value without leading clitics, for containment.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w
                .strip_prefix('و')
                .filter(|r| r.chars().count() > 2)
                .unwrap_or(w);
            let w = w
                .strip_prefix("ال")
                .filter(|r| r.chars().count() > 1)
                .unwrap_or(w);
            w.to_owned()
        })
        .collect()
}

fn value_agrees(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if let (Some(a), Some(b)) = (&x.kb_id, &y.kb_id) {
        if a == b {
            return true;
        }
        if let (Some(a), Some(b)) = (kb.id_of(a), kb.id_of(b)) {
            return kb.compatible_places(a, b);
        }
        return false;
    }
    let (a, b) = (words(&x.text), words(&y.text));
    !a.is_empty()
        && !b.is_empty()
        && (a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
}

/// `None` when either side is empty; otherwise whether some values agree.
fn roles_agree(a: &[RoleValue], b: &[RoleValue], kb: &Kb) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().any(|x| b.iter().any(|y| value_agrees(x, y, kb))))
}

fn same_link(a: &ChainLink, b: &ChainLink) -> bool {
    match (&a.kb_id, &b.kb_id) {
        (Some(x), Some(y)) => x == y,
        _ => a.text.as_deref().map(fold) == b.text.as_deref().map(fold),
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

/// Whether distinct values of a role come from different documents: one outlet giving two
/// figures in one article is its own business; two outlets giving different ones is a
/// conflict between accounts.
fn across_documents<'a>(groups: impl Iterator<Item = &'a Vec<String>>) -> bool {
    let docs: Vec<std::collections::BTreeSet<&str>> = groups
        .map(|members| {
            members
                .iter()
                .map(|m| m.split('#').next().unwrap_or(m))
                .collect()
        })
        .collect();
    docs.len() > 1 && docs.iter().any(|d| d != &docs[0])
}

/// The roles whose members disagree: figures, places and dates.
fn conflicts(ms: &[&Member], key: &dyn Fn(&Member) -> String, kb: &Kb) -> Vec<Conflict> {
    let mut out = Vec::new();
    // Figures: distinct values.
    let mut counts: Vec<(f64, serde_json::Value, Vec<String>)> = Vec::new();
    for m in ms {
        if let Some(c) = &m.claim.roles.count {
            match counts.iter_mut().find(|(v, _, _)| *v == c.value) {
                Some((_, _, members)) => members.push(key(m)),
                None => counts.push((
                    c.value,
                    serde_json::json!({"value": c.value, "approx": c.approx}),
                    vec![key(m)],
                )),
            }
        }
    }
    if across_documents(counts.iter().map(|(_, _, m)| m)) {
        out.push(Conflict {
            role: "count".to_owned(),
            values: counts
                .into_iter()
                .map(|(_, value, members)| ConflictValue { value, members })
                .collect(),
        });
    }
    // Places: values that are neither the same nor one inside the other.
    for (role, get) in [
        (
            "origin",
            (|m: &Member| m.claim.roles.origin.clone()) as fn(&Member) -> Vec<RoleValue>,
        ),
        ("destination", |m: &Member| {
            m.claim.roles.destination.clone()
        }),
    ] {
        let mut values: Vec<(RoleValue, Vec<String>)> = Vec::new();
        for m in ms {
            if let Some(v) = get(m).into_iter().next() {
                match values.iter_mut().find(|(w, _)| value_agrees(w, &v, kb)) {
                    Some((_, members)) => members.push(key(m)),
                    None => values.push((v, vec![key(m)])),
                }
            }
        }
        if across_documents(values.iter().map(|(_, m)| m)) {
            out.push(Conflict {
                role: role.to_owned(),
                values: values
                    .into_iter()
                    .map(|(v, members)| ConflictValue {
                        value: serde_json::Value::String(v.text),
                        members,
                    })
                    .collect(),
            });
        }
    }
    // Dates: distinct resolved days.
    let mut times: Vec<(String, Vec<String>)> = Vec::new();
    for m in ms {
        if let Some(t) = m.claim.roles.time.as_ref().and_then(|t| t.value.clone()) {
            match times
                .iter_mut()
                .find(|(v, _)| v.starts_with(&t) || t.starts_with(v.as_str()))
            {
                Some((_, members)) => members.push(key(m)),
                None => times.push((t, vec![key(m)])),
            }
        }
    }
    if across_documents(times.iter().map(|(_, m)| m)) {
        out.push(Conflict {
            role: "time".to_owned(),
            values: times
                .into_iter()
                .map(|(v, members)| ConflictValue {
                    value: serde_json::Value::String(v),
                    members,
                })
                .collect(),
        });
    }
    out
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
