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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use isnad_core::{
    Approx, ChainLink, Claim, ClaimType, Cluster, Conflict, ConflictValue, Document, Reuse,
    RoleCount, RoleValue, SourceKind,
};
use isnad_kb::Kb;
use isnad_text::fold;

use crate::told::{self, BackReference};

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

/// Blocking keys of a claim: the KB ids and the longest word of each participant or place,
/// and its figure, so that only claims sharing one are compared (the same figure with one
/// agreeing role is evidence of one event, whatever words the roles were told in). A store
/// keeps them to find, for a new claim, the stored claims it may cluster with.
pub fn blocking_keys(claim: &Claim) -> Vec<String> {
    let r = &claim.roles;
    let mut out = Vec::new();
    // A figure points to one event only when it is not one of the small numbers every other
    // report carries (two wounded, three raids): those would make blocks of unrelated claims.
    if let Some(count) = r.count.as_ref().filter(|c| c.value >= MIN_BLOCKING_FIGURE) {
        out.push(format!("#{}", count.value));
    }
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
            .iter()
            .filter(|w| w.chars().count() >= 3)
            .max_by_key(|w| w.chars().count())
        {
            out.push(w.clone());
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
        let mut blocks: HashMap<(ClaimType, String), Vec<usize>> = HashMap::new();
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

    /// Links within one document from each claim whose words take up an event told before
    /// (`القصف`, `مقتله`, `الهجمات التي استهدفت`) to that event: for a relative clause the
    /// noun it is on, otherwise the nearest earlier claim of its type that fits it, of the
    /// same kind (a chemical attack is taken up as one) and with no place or known patient
    /// that clashes with any claim already joined to it.
    fn back_references(&self, members: &[usize], kb: &Kb) -> Vec<(usize, usize)> {
        let mut events = UnionFind::new(members.len());
        let mut out = Vec::new();
        for (y, &j) in members.iter().enumerate() {
            let b = &self.members[j];
            let referent = match b.back {
                BackReference::New => None,
                BackReference::Continues(i) => members.iter().position(|&m| m == i),
                BackReference::Told => (0..y).rev().find(|&x| {
                    let a = &self.members[members[x]];
                    a.claim.claim_type == b.claim.claim_type
                        && a.claim.trigger.start < b.claim.trigger.start
                        && a.kind == b.kind
                        && (0..members.len())
                            .filter(|&z| events.find(z) == events.find(x))
                            .all(|z| !clashes(&self.members[members[z]], b, kb))
                }),
            };
            if let Some(x) = referent {
                events.union(x, y);
                out.push((members[x].min(j), members[x].max(j)));
            }
        }
        out
    }

    /// Links within one document from a claim whose means names an event told before
    /// (`مقتل 4 جنود جراء الهجوم ذاته`) to the nearest earlier claim of its type whose
    /// means or trigger is that noun: one event, even where another source gives it another
    /// figure.
    fn same_event_anaphors(&self, members: &[usize]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for &j in members {
            let b = &self.members[j].claim;
            let Some(noun) = b.roles.means.iter().find_map(|v| anaphoric_noun(&v.text)) else {
                continue;
            };
            let names = |c: &Claim| {
                same_root(&c.trigger.text, &noun)
                    || c.roles
                        .means
                        .iter()
                        .any(|v| words(&v.text).first().is_some_and(|w| same_root(w, &noun)))
            };
            let referent = members
                .iter()
                .copied()
                .filter(|&i| i != j)
                .filter(|&i| {
                    let a = &self.members[i].claim;
                    a.claim_type == b.claim_type
                        && a.trigger.start < b.trigger.start
                        && anaphoric_noun_of(a).is_none()
                        && names(a)
                })
                .max_by_key(|&i| self.members[i].claim.trigger.start);
            if let Some(i) = referent {
                out.push((i.min(j), i.max(j)));
            }
        }
        out
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
        let copied = if a.doc != b.doc {
            copied_sentence(a, b, copies)
        } else {
            None
        };
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
        // A long copied paragraph holds several events of one type, and an edited copy shifts
        // its sentences: among the triggers at matching places, the one named with the same
        // word and the same roles is the match, and the nearer one after that.
        if let Some(shift) = copied {
            let near = (COPY_WINDOW - shift) / 16;
            return Some(100 + u32::from(same_word) * 20 + score + near);
        }
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
            conflicts: conflicts(&ms, &key, &self.docs, kb),
            first_appearance: ms
                .iter()
                .filter_map(|m| self.docs[m.doc].day.map(|d| (d, m.doc, key(m))))
                .min()
                .map(|(_, _, k)| k),
        }
    }
}

/// How far (in characters) two triggers may sit from matching offsets of an aligned passage.
const COPY_WINDOW: u32 = 80;

/// How far apart both triggers sit from matching offsets of one aligned passage of a reuse
/// pair, when they sit within [`COPY_WINDOW`] of them.
fn copied_sentence(
    a: &Member,
    b: &Member,
    copies: &HashMap<(usize, usize), &Reuse>,
) -> Option<u32> {
    let check = |x: &Member, y: &Member, r: &Reuse| {
        let (tx, ty) = (x.claim.trigger.start, y.claim.trigger.start);
        r.passages
            .iter()
            .filter(|p| (p.a_start..p.a_end).contains(&tx) && (p.b_start..p.b_end).contains(&ty))
            .map(|p| ((tx - p.a_start) as i64 - (ty - p.b_start) as i64).unsigned_abs())
            .filter(|&shift| shift < u64::from(COPY_WINDOW))
            .min()
            .map(|shift| shift as u32)
    };
    let ab = copies.get(&(a.doc, b.doc)).and_then(|r| check(a, b, r));
    let ba = copies.get(&(b.doc, a.doc)).and_then(|r| check(b, a, r));
    ab.into_iter().chain(ba).min()
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

/// Words that mark an event noun as one told before (`الهجوم ذاته`), folded.
fn same_event_words() -> &'static [String] {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        include_str!("../data/same_event.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(fold)
            .collect()
    })
}

/// The event noun of a phrase that names an event told before, two words with a word of
/// sameness (`الهجوم ذاته`, `نفس الغارة`), or `None`.
fn anaphoric_noun(text: &str) -> Option<String> {
    let ws: Vec<String> = fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let same = |w: &String| same_event_words().contains(w);
    match ws.as_slice() {
        [noun, mark, ..] if same(mark) && !same(noun) => Some(noun.clone()),
        [mark, noun, ..] if same(mark) && !same(noun) => Some(noun.clone()),
        _ => None,
    }
}

/// The anaphoric event noun of a claim's means, if any.
fn anaphoric_noun_of(c: &Claim) -> Option<String> {
    c.roles.means.iter().find_map(|v| anaphoric_noun(&v.text))
}

/// The folded word lists below are asked for the same role values over and over (once for
/// every candidate pair a value is in), so each thread keeps the lists it made.
fn memo(
    table: &'static std::thread::LocalKey<WordMemo>,
    s: &str,
    make: fn(&str) -> Vec<String>,
) -> Rc<Vec<String>> {
    table.with(|t| {
        if let Some(v) = t.borrow().get(s) {
            return v.clone();
        }
        let v = Rc::new(make(s));
        let mut t = t.borrow_mut();
        if t.len() >= 100_000 {
            t.clear();
        }
        t.insert(s.to_owned(), v.clone());
        v
    })
}

/// A thread's folded word lists, by the text they were made from.
type WordMemo = RefCell<HashMap<String, Rc<Vec<String>>>>;

thread_local! {
    static WORDS: WordMemo = RefCell::new(HashMap::new());
    static BARE_WORDS: WordMemo = RefCell::new(HashMap::new());
}

/// Folded words of a role value without leading clitics, for containment.
fn words(s: &str) -> Rc<Vec<String>> {
    memo(&WORDS, s, make_words)
}

fn make_words(s: &str) -> Vec<String> {
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
    if let Some(same) = sites_agree(x, y, kb) {
        return same;
    }
    if let (Some(a), Some(b)) = (&x.kb_id, &y.kb_id) {
        if a == b {
            return true;
        }
        let known = match (kb.id_of(a), kb.id_of(b)) {
            (Some(a), Some(b)) => kb.compatible_places(a, b),
            _ => false,
        };
        // The linker gives a list (`روسيا وأذربيجان وطاجيكستان`) the id of one of its
        // items, so a list is compared by its words as well.
        if known || !(is_list(&x.text) || is_list(&y.text)) {
            return known;
        }
    }
    let (a, b) = (words(&x.text), words(&y.text));
    !a.is_empty()
        && !b.is_empty()
        && (a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
}

/// The head noun of a value that names one site by its kind, in a town the KB knows
/// (`المحطة الحرارية بحمص`, `مغارة في حمص`), folded; not a site the KB knows by name.
fn site_in_town(v: &RoleValue, kb: &Kb) -> Option<String> {
    let head = bare_words(&v.text).first().cloned()?;
    let known_site = v
        .kb_id
        .as_deref()
        .and_then(|id| kb.get(id))
        .is_some_and(|e| e.entity_type == isnad_core::EntityType::Fac);
    (isnad_kb::is_site_head(&head) && !known_site).then_some(head)
}

/// Whether two sites in towns can be one site, or `None` when they are not both such: the
/// town the KB links them to says nothing of which site it is, so two sites are one only
/// under one head noun and when one's words hold the other's (`المحطة الحرارية بحمص` and
/// `المحطة الحرارية بولاية حمص`; a cave and a power station of Homs are two places).
fn sites_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> Option<bool> {
    let (a, b) = (site_in_town(x, kb)?, site_in_town(y, kb)?);
    if a != b {
        return Some(false);
    }
    let (wx, wy) = (bare_words(&x.text), bare_words(&y.text));
    Some(wx.iter().all(|w| wy.contains(w)) || wy.iter().all(|w| wx.contains(w)))
}

/// Whether a role value names several things joined by `و` after its first word.
fn is_list(s: &str) -> bool {
    fold(s)
        .split_whitespace()
        .skip(1)
        .any(|w| w.starts_with('و') && w.chars().count() > 3)
}

/// Folded words of a place or actor without any leading clitic (`بحمص` is `حمص`).
fn bare_words(s: &str) -> Rc<Vec<String>> {
    memo(&BARE_WORDS, s, make_bare_words)
}

fn make_bare_words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut w = w;
            if let Some(r) = w.strip_prefix(['و', 'ف']).filter(|r| r.chars().count() > 2) {
                w = r;
            }
            if let Some(r) = w
                .strip_prefix(['ب', 'ل', 'ك'])
                .filter(|r| r.chars().count() > 2)
            {
                w = r;
            }
            w.strip_prefix("ال")
                .filter(|r| r.chars().count() > 1)
                .unwrap_or(w)
                .to_owned()
        })
        .collect()
}

/// Nouns that stand for a place named before them (`في المنطقة`, `داخل المدينة`): they say
/// where only through that place, so they are never a place of their own that disagrees.
const PLACE_ANAPHORS: &[&str] = &[
    "منطقه",
    "مدينه",
    "بلده",
    "قريه",
    "مكان",
    "موقع",
    "بلاد",
    "هناك",
    "محافظه",
    "ناحيه",
    "مناطق",
    "مواقع",
    "اماكن",
    "انحاء",
];

/// Whether two places can be one place, when looking for conflicts. Places the KB knows go
/// by its hierarchy; a place it does not know is shown to differ from another only when
/// they share no word (`نقطة جنوب غرب الميادين` and a clipped `نقطة جنوب غرب مدينة` are one
/// place; `مغارة في حمص` and `المحطة الحرارية بحمص` may be).
fn places_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if value_agrees(x, y, kb) {
        return true;
    }
    if x.kb_id.is_some() && y.kb_id.is_some() {
        return false;
    }
    // A place and its adjective are one word here (`اليمن` in `العاصمة اليمنية صنعاء`).
    let stems = |v: &RoleValue| -> Vec<String> {
        bare_words(&v.text)
            .iter()
            .map(|w| {
                // `سورية` and `سوريا`, `التركية` and `تركيا`: a state and its adjective.
                let stem = w
                    .strip_suffix("يه")
                    .or_else(|| w.strip_suffix("يا"))
                    .or_else(|| w.strip_suffix('ي'));
                match stem {
                    Some(s) if s.chars().count() >= 3 => s.to_owned(),
                    _ => w.clone(),
                }
            })
            .collect()
    };
    let b = stems(y);
    stems(x).iter().any(|w| b.contains(w))
}

/// A place value that says where on its own: not a bare anaphor, and, when the KB does not
/// know it, not a phrase headed by one (`مواقع متفرقة`, `قرية حدودية`), which places
/// vaguely and clashes with any precise place.
fn names_a_place(v: &RoleValue) -> bool {
    let words = bare_words(&v.text);
    let generic = |w: &String| PLACE_ANAPHORS.contains(&w.as_str());
    // A site named by its kind, with the article and no town (`القاعدة`, `المطار القريب`),
    // is one told before, not a place of its own.
    let definite = fold(&v.text)
        .split_whitespace()
        .next()
        .is_some_and(|w| w.trim_start_matches(['و', 'ب', 'ل', 'ف']).starts_with("ال"));
    let site_told = (words.len() == 1 || v.kb_id.is_none() && definite)
        && words.first().is_some_and(|w| isnad_kb::is_site_head(w));
    match words.first() {
        None => false,
        _ if site_told => false,
        Some(head) if v.kb_id.is_none() => !generic(head),
        Some(_) => !words.iter().all(generic),
    }
}

/// Whether two claims cannot be one event: they put it in places that cannot be one, name
/// known patients of which none agree (`المرصد` and `قاعدة التيفور`), or count it apart.
fn clashes(a: &Member, b: &Member, kb: &Kb) -> bool {
    let places = |m: &Member| -> Vec<RoleValue> {
        m.claim
            .roles
            .location
            .iter()
            .filter(|v| names_a_place(v))
            .cloned()
            .collect()
    };
    let (pa, pb) = (places(a), places(b));
    let apart = !pa.is_empty()
        && !pb.is_empty()
        && !pa.iter().any(|x| pb.iter().any(|y| places_agree(x, y, kb)));
    let known = |m: &Member| -> Vec<RoleValue> {
        m.claim
            .roles
            .patient
            .iter()
            .filter(|v| v.kb_id.is_some())
            .cloned()
            .collect()
    };
    let (ka, kb_) = (known(a), known(b));
    let others = !ka.is_empty()
        && !kb_.is_empty()
        && !ka
            .iter()
            .any(|x| kb_.iter().any(|y| value_agrees(x, y, kb)));
    // Within one article another figure is another event (the first exchange of 200, the
    // second of 15), as in `same_event`.
    let counted_apart = matches!((&a.claim.roles.count, &b.claim.roles.count), (Some(x), Some(y)) if x.value != y.value);
    apart || others || counted_apart
}

/// `None` when either side is empty; otherwise whether some values agree.
fn roles_agree(a: &[RoleValue], b: &[RoleValue], kb: &Kb) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().any(|x| b.iter().any(|y| value_agrees(x, y, kb))))
}

fn same_link(a: &ChainLink, b: &ChainLink) -> bool {
    same_folded_link(a, &folded(a), b, &folded(b))
}

/// A link's text, folded.
fn folded(l: &ChainLink) -> Option<String> {
    l.text.as_deref().map(fold)
}

/// [`same_link`] for links whose folded texts are `fa` and `fb`.
fn same_folded_link(
    a: &ChainLink,
    fa: &Option<String>,
    b: &ChainLink,
    fb: &Option<String>,
) -> bool {
    match (&a.kb_id, &b.kb_id) {
        (Some(x), Some(y)) => x == y,
        _ => fa == fb,
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

/// Whether two figures can be the same figure told more or less exactly: equal, or one a
/// bound or an estimate the other fits (`نحو 750` and `750`, `أكثر من 10` and `12`).
fn figures_agree(x: &RoleCount, y: &RoleCount) -> bool {
    fn fits(bound: &RoleCount, v: f64) -> bool {
        let b = bound.value;
        match bound.approx {
            Approx::Exact => v == b,
            // An estimate covers what rounds to it: a tenth either way.
            Approx::About => (v - b).abs() <= b.abs() * 0.1,
            Approx::MoreThan => v > b,
            Approx::AtLeast | Approx::Range => v >= b,
            Approx::LessThan => v < b,
            Approx::AtMost => v <= b,
        }
    }
    x.value == y.value || fits(x, y.value) || fits(y, x.value)
}

/// Whether two dates can be one date told more or less precisely (`2018-04` and
/// `2018-04-29`).
fn dates_agree(x: &str, y: &str) -> bool {
    x.starts_with(y) || y.starts_with(x)
}

/// Whether two members of documents published on different days each date the event to the
/// day their own document came out: the running toll of a flood "today", reported on three
/// days, is three reports, not three accounts of its date.
fn each_on_its_day(a: &Member, b: &Member, docs: &[DocInfo]) -> bool {
    let on_its_day = |m: &Member| {
        let date = m.claim.roles.time.as_ref().and_then(|t| t.value.as_deref());
        docs[m.doc].day.is_some() && date.and_then(|d| day_number(Some(d))) == docs[m.doc].day
    };
    docs[a.doc].day != docs[b.doc].day && on_its_day(a) && on_its_day(b)
}

/// Whether two members' dates are told to the same precision (both days, both months). A
/// month or a year named beside a day is mostly background (`منذ 2011`, `اتفاق حزيران
/// الماضي`) that the cluster took in with the event, not another account of its date.
fn same_precision(a: &Member, b: &Member) -> bool {
    let len = |m: &Member| {
        m.claim
            .roles
            .time
            .as_ref()
            .and_then(|t| t.value.as_ref())
            .map(|v| v.len())
    };
    len(a).is_some() && len(a) == len(b)
}

/// An account: a member's document and the source it tells the event on (the origin of its
/// chain, folded), for comparing who gives which value.
type Account = (usize, String);

/// A member's account and its key in the report.
type Keyed = (Account, String);

/// The account a member gives: its document and the origin of its chain.
fn account_of(m: &Member) -> Account {
    let origin = m
        .origin
        .kb_id
        .clone()
        .or_else(|| m.origin.text.as_deref().map(fold))
        .unwrap_or_default();
    (m.doc, origin)
}

/// Whether distinct values of a role come from different accounts: one source giving two
/// figures in one article is its own business; two outlets, or two sources quoted in one
/// article (a ministry's toll beside a monitor's), giving different ones is a conflict
/// between accounts. Two sets of accounts that each give every value (both outlets name the
/// day of the attack and the year the war began) do not disagree either.
fn across_accounts(groups: &[Vec<Keyed>]) -> bool {
    let accounts: Vec<BTreeSet<&Account>> = groups
        .iter()
        .map(|members| members.iter().map(|(account, _)| account).collect())
        .collect();
    accounts.len() > 1 && accounts.iter().any(|d| d != &accounts[0])
}

/// How one role is compared across the members of a cluster.
struct RoleCheck<'a, T> {
    role: &'static str,
    /// The member's values of the role that can be compared at all.
    values: &'a dyn Fn(&Member) -> Vec<T>,
    /// Whether two values can be the same thing told more or less precisely.
    agree: &'a dyn Fn(&T, &T) -> bool,
    /// Whether two members' values of this role are accounts of the same thing that can
    /// contradict each other.
    comparable: &'a dyn Fn(&Member, &Member) -> bool,
    show: &'a dyn Fn(&T) -> serde_json::Value,
    /// How precise a member's values are: the most precise start the groups of values, so
    /// that a vaguer value joins the precise one it fits (`حمص` the group of a site in
    /// Homs) and two precise values that differ stay apart.
    precision: &'a dyn Fn(&[T]) -> u8,
}

/// The values of one role across a cluster's members, when they disagree: two members in
/// different documents give values of which none agree, and the documents do not each give
/// the same values. Values that are merely more or less specific agree.
fn role_conflict<T>(
    check: &RoleCheck<'_, T>,
    ms: &[&Member],
    key: &dyn Fn(&Member) -> String,
) -> Option<Conflict> {
    let mut given: Vec<(&Member, Vec<T>)> = ms
        .iter()
        .map(|m| (*m, (check.values)(m)))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    given.sort_by_key(|(_, v)| std::cmp::Reverse((check.precision)(v)));
    // Worked out once a member: the pairs below are many in a large cluster.
    let accounts: Vec<Account> = given.iter().map(|(m, _)| account_of(m)).collect();
    let compatible = |a: &[T], b: &[T]| a.iter().any(|x| b.iter().any(|y| (check.agree)(x, y)));
    let disagree = given.iter().enumerate().any(|(x, (a, va))| {
        given[x + 1..].iter().enumerate().any(|(k, (b, vb))| {
            accounts[x] != accounts[x + 1 + k] && !compatible(va, vb) && (check.comparable)(a, b)
        })
    });
    if !disagree {
        return None;
    }
    // Each member joins the first value it agrees with.
    let mut groups: Vec<(&[T], Vec<Keyed>)> = Vec::new();
    for ((m, vals), account) in given.iter().zip(accounts) {
        match groups.iter_mut().find(|(g, _)| compatible(g, vals)) {
            Some((_, members)) => members.push((account, key(m))),
            None => groups.push((vals, vec![(account, key(m))])),
        }
    }
    let members: Vec<Vec<Keyed>> = groups.iter().map(|(_, m)| m.clone()).collect();
    if !across_accounts(&members) {
        return None;
    }
    Some(Conflict {
        role: check.role.to_owned(),
        values: groups
            .into_iter()
            .map(|(vals, members)| ConflictValue {
                value: (check.show)(&vals[0]),
                members: members.into_iter().map(|(_, k)| k).collect(),
            })
            .collect(),
    })
}

/// A member's places without those a site it names lies in (`حمص` beside `مغارة في حمص`):
/// the site is where the member puts the event, and the town would agree with any other
/// site of that town.
fn most_precise(places: Vec<RoleValue>, kb: &Kb) -> Vec<RoleValue> {
    let sites: Vec<&RoleValue> = places
        .iter()
        .filter(|v| site_in_town(v, kb).is_some())
        .collect();
    places
        .iter()
        .filter(|v| site_in_town(v, kb).is_some() || !sites.iter().any(|s| value_agrees(v, s, kb)))
        .cloned()
        .collect()
}

/// Whether a linked actor could be the one who did it: not a news outlet and not a source
/// the member's own chain cites (extraction sometimes takes the speaker for the actor).
fn actor_of(m: &Member, v: &RoleValue, kb: &Kb) -> bool {
    let Some(id) = v.kb_id.as_deref() else {
        return false;
    };
    let outlet = kb
        .id_of(id)
        .and_then(|e| kb.kind_of_source(e))
        .is_some_and(|k| k == SourceKind::Outlet);
    let speaker = m
        .cited
        .iter()
        .chain(std::iter::once(&m.origin))
        .any(|l| l.kb_id.as_deref() == Some(id));
    !outlet && !speaker
}

/// Whether two actors can be one actor named more or less precisely: the same entry, one
/// belonging to the other (a ministry and its government), or a state and one of its bodies
/// (إسرائيل and الجيش الإسرائيلي).
fn actors_agree(x: &RoleValue, y: &RoleValue, kb: &Kb) -> bool {
    if value_agrees(x, y, kb) {
        return true;
    }
    let entry = |v: &RoleValue| v.kb_id.as_deref().and_then(|id| kb.id_of(id));
    let (Some(a), Some(b)) = (entry(x), entry(y)) else {
        return false;
    };
    let (ea, eb) = (kb.entry(a), kb.entry(b));
    let state = |e: &isnad_kb::Entry| e.role == Some(isnad_kb::Role::Country);
    (state(ea) || state(eb)) && ea.country.is_some() && ea.country == eb.country
}

/// The roles whose members disagree: figures, places, actors and dates.
fn conflicts(
    ms: &[&Member],
    key: &dyn Fn(&Member) -> String,
    docs: &[DocInfo],
    kb: &Kb,
) -> Vec<Conflict> {
    let any = |_: &Member, _: &Member| true;
    let text = |v: &RoleValue| serde_json::Value::String(v.text.clone());
    let place_agree = |x: &RoleValue, y: &RoleValue| places_agree(x, y, kb);
    let mut out = Vec::new();
    out.extend(role_conflict(
        &RoleCheck {
            role: "count",
            values: &|m| m.claim.roles.count.iter().cloned().collect(),
            agree: &figures_agree,
            comparable: &any,
            show: &|c| serde_json::json!({"value": c.value, "approx": c.approx}),
            precision: &|_| 0,
        },
        ms,
        key,
    ));
    // Who did it is disputed when different sources name different actors: the actors must
    // be known entries and neither a party to the other account (an exchange between two
    // sides names each as agent somewhere).
    let agents = |m: &Member| -> Vec<RoleValue> {
        m.claim
            .roles
            .agent
            .iter()
            .filter(|v| actor_of(m, v, kb))
            .cloned()
            .collect()
    };
    let parties = |m: &Member| -> Vec<String> {
        let r = &m.claim.roles;
        r.agent
            .iter()
            .chain(&r.patient)
            .filter_map(|v| v.kb_id.clone())
            .collect()
    };
    // Sources blame different actors only where we know who the sources are.
    let known_source = |m: &Member| m.claim.attribution.is_some() && m.origin.kb_id.is_some();
    // Only for events one side does to another: in talks, agreements and the like every
    // party is an agent somewhere, and a different name is another party, not a dispute.
    let one_sided = matches!(
        ms[0].claim.claim_type,
        ClaimType::Attack
            | ClaimType::Kill
            | ClaimType::Injure
            | ClaimType::Detain
            | ClaimType::Seize
    );
    out.extend(role_conflict(
        &RoleCheck {
            role: "agent",
            values: &agents,
            agree: &|x, y| actors_agree(x, y, kb),
            comparable: &|a, b| {
                let (pa, pb) = (parties(a), parties(b));
                one_sided
                    && known_source(a)
                    && known_source(b)
                    && !same_link(&a.origin, &b.origin)
                    && !agents(a)
                        .iter()
                        .any(|v| pb.contains(v.kb_id.as_ref().unwrap()))
                    && !agents(b)
                        .iter()
                        .any(|v| pa.contains(v.kb_id.as_ref().unwrap()))
            },
            show: &text,
            precision: &|_| 0,
        },
        ms,
        key,
    ));
    for (role, get) in [
        (
            "origin",
            (|m: &Member| m.claim.roles.origin.clone()) as fn(&Member) -> Vec<RoleValue>,
        ),
        ("destination", |m: &Member| {
            m.claim.roles.destination.clone()
        }),
        ("location", |m: &Member| m.claim.roles.location.clone()),
    ] {
        let places = |m: &Member| -> Vec<RoleValue> {
            most_precise(get(m).into_iter().filter(names_a_place).collect(), kb)
        };
        out.extend(role_conflict(
            &RoleCheck {
                role,
                values: &places,
                agree: &place_agree,
                comparable: &any,
                show: &text,
                precision: &|vs| u8::from(vs.iter().any(|v| site_in_town(v, kb).is_some())),
            },
            ms,
            key,
        ));
    }
    out.extend(role_conflict(
        &RoleCheck {
            role: "time",
            values: &|m| {
                m.claim
                    .roles
                    .time
                    .iter()
                    .filter_map(|t| t.value.clone())
                    .collect()
            },
            agree: &|x: &String, y: &String| dates_agree(x, y),
            comparable: &|a, b| same_precision(a, b) && !each_on_its_day(a, b, docs),
            show: &|t| serde_json::Value::String(t.clone()),
            precision: &|_| 0,
        },
        ms,
        key,
    ));
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

#[cfg(test)]
mod tests {
    use isnad_core::{Attribution, Modality, Passage, RoleTime, Roles, Source, Span, TextSpan};

    use super::*;

    fn known(text: &str, id: &str) -> RoleValue {
        RoleValue {
            text: text.to_owned(),
            kb_id: Some(id.to_owned()),
        }
    }

    fn unknown(text: &str) -> RoleValue {
        RoleValue {
            text: text.to_owned(),
            kb_id: None,
        }
    }

    fn count(value: f64, approx: Approx) -> Option<RoleCount> {
        Some(RoleCount { value, approx })
    }

    fn day(value: &str) -> Option<RoleTime> {
        Some(RoleTime {
            value: Some(value.to_owned()),
        })
    }

    /// An article of `outlet` with one claim of `claim_type`, told on the word of `source`
    /// (a name and its KB id) when one is given.
    fn article(
        id: &str,
        outlet: &str,
        claim_type: ClaimType,
        roles: Roles,
        source: Option<(&str, &str)>,
    ) -> Document {
        let mut doc = Document::new(id, id, "نص");
        doc.outlet = Some(outlet.to_owned());
        doc.published = Some("2018-05-27".to_owned());
        let attribution = source.map(|(text, kb_id)| {
            let link = |text: &str, kind, kb_id: Option<&str>| ChainLink {
                text: Some(text.to_owned()),
                kind,
                kb_id: kb_id.map(str::to_owned),
            };
            doc.attributions.push(Attribution {
                id: "a1".to_owned(),
                cue: TextSpan {
                    start: 0,
                    end: 1,
                    text: "قال".to_owned(),
                },
                source: Source {
                    start: 0,
                    end: 1,
                    text: text.to_owned(),
                    kind: SourceKind::Official,
                    kb_id: Some(kb_id.to_owned()),
                },
                chain: vec![
                    link(outlet, SourceKind::Outlet, None),
                    link(text, SourceKind::Official, Some(kb_id)),
                ],
                content: Span::new(0, 1),
            });
            "a1".to_owned()
        });
        doc.claims.push(Claim {
            id: "c1".to_owned(),
            claim_type,
            cameo: String::new(),
            trigger: TextSpan {
                start: 0,
                end: 1,
                text: "هجوم".to_owned(),
            },
            sentence: Span::new(0, 1),
            roles,
            attribution,
            modality: Modality::Reported,
            summary: String::new(),
        });
        doc
    }

    /// The clusters of the articles, each as its conflicting roles.
    fn conflict_roles(docs: &[Document]) -> Vec<Vec<String>> {
        let mut builder = ClusterBuilder::new();
        for doc in docs {
            builder.add(doc);
        }
        builder
            .finish(&[], &Kb::bundled())
            .into_iter()
            .map(|c| c.conflicts.into_iter().map(|c| c.role).collect())
            .collect()
    }

    /// An attack by the Islamic State in Deir ez-Zor, with the given count, time and place.
    fn attack_in_deir_ez_zor(count: Option<RoleCount>, time: Option<RoleTime>) -> Roles {
        Roles {
            agent: vec![known("تنظيم الدولة الإسلامية", "isnad:isis")],
            location: vec![known("محافظة دير الزور", "isnad:sy-gov-deir-ez-zor")],
            count,
            time,
            ..Roles::default()
        }
    }

    #[test]
    fn a_distinctive_figure_is_a_blocking_key_a_small_one_is_not() {
        let claim = |n: f64| {
            let roles = Roles {
                count: count(n, Approx::About),
                ..Roles::default()
            };
            article("a", "سانا", ClaimType::Transfer, roles, None).claims[0].clone()
        };
        assert!(blocking_keys(&claim(750.0)).contains(&"#750".to_owned()));
        assert!(!blocking_keys(&claim(2.0))
            .iter()
            .any(|k| k.starts_with('#')));
    }

    #[test]
    fn two_tolls_for_one_attack_are_a_count_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(26.0, Approx::Exact), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(35.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["count"]]);
    }

    #[test]
    fn an_estimate_that_fits_the_figure_is_no_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(750.0, Approx::About), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(750.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let more_than = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(10.0, Approx::MoreThan), None),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Kill,
                attack_in_deir_ez_zor(count(12.0, Approx::Exact), None),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&more_than), [Vec::<String>::new()]);
    }

    #[test]
    fn days_that_differ_conflict_but_a_month_beside_a_day_does_not() {
        let on = |d: &str| attack_in_deir_ez_zor(None, day(d));
        let docs = [
            article("a", "فرانس 24", ClaimType::Attack, on("2018-05-23"), None),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                on("2018-05-24"),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["time"]]);
        let background = [
            article("a", "فرانس 24", ClaimType::Attack, on("2018-04"), None),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                on("2018-05-24"),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&background), [Vec::<String>::new()]);
    }

    #[test]
    fn reports_of_different_days_each_dating_the_event_today_do_not_conflict() {
        let today = |id: &str, outlet: &str, d: &str| {
            let mut doc = article(
                id,
                outlet,
                ClaimType::Kill,
                attack_in_deir_ez_zor(None, day(d)),
                None,
            );
            doc.published = Some(d.to_owned());
            doc
        };
        let docs = [
            today("a", "فرانس 24", "2018-05-26"),
            today("b", "سكاي نيوز عربية", "2018-05-27"),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        // One of them dates it to another day than its own: that is a disagreement.
        let mut earlier = today("b", "سكاي نيوز عربية", "2018-05-27");
        earlier.claims[0].roles.time = day("2018-05-24");
        let docs = [today("a", "فرانس 24", "2018-05-26"), earlier];
        assert_eq!(conflict_roles(&docs), [["time"]]);
    }

    /// Fighters moved by the Syrian army from `origin` to `destination`.
    fn evacuation(origin: RoleValue, destination: RoleValue) -> Roles {
        Roles {
            agent: vec![known("قوات النظام", "isnad:sy-army")],
            patient: vec![known("تنظيم الدولة الإسلامية", "isnad:isis")],
            origin: vec![origin],
            destination: vec![destination],
            ..Roles::default()
        }
    }

    #[test]
    fn a_place_inside_the_other_is_no_conflict_but_two_places_are() {
        let from = || known("الموصل", "geonames:99072");
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(from(), known("البادية", "isnad:sy-badia")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(from(), known("بادية دير الزور", "isnad:badia-deir-ez-zor")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let elsewhere = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(from(), known("البادية", "isnad:sy-badia")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(from(), known("تلعفر", "geonames:90393")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&elsewhere), [["destination"]]);
    }

    #[test]
    fn a_list_agrees_with_its_items_and_unknown_places_differ_only_without_a_shared_word() {
        let to = || known("تلعفر", "geonames:90393");
        // The linker gave the list the id of its last item.
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(known("روسيا وأذربيجان", "isnad:az"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(known("روسيا", "isnad:ru"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let clipped = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("نقطة جنوب غرب البلدة"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(unknown("نقطة قرب البلدة الحدودية"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&clipped), [Vec::<String>::new()]);
        let apart = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("مخيم الهول"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(unknown("سجن غويران"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&apart), [["origin"]]);
        // A place and its adjective are one place; a vague phrase clashes with nothing.
        let yemen = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Transfer,
                evacuation(unknown("العاصمة اليمنية"), to()),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Transfer,
                evacuation(known("اليمن", "isnad:ye"), to()),
                None,
            ),
            article(
                "c",
                "بي بي سي عربي",
                ClaimType::Transfer,
                evacuation(unknown("مواقع متفرقة"), to()),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&yemen), [Vec::<String>::new()]);
    }

    /// A strike on an air base near Homs by `agent`.
    fn strike(agent: RoleValue) -> Roles {
        Roles {
            agent: vec![agent],
            patient: vec![known("قاعدة تي فور", "isnad:t4")],
            location: vec![known("حمص", "geonames:169577")],
            ..Roles::default()
        }
    }

    #[test]
    fn sources_blaming_different_states_are_an_agent_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الولايات المتحدة", "isnad:us")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&docs), [["agent"]]);
        // A state and one of its bodies are one actor.
        let army = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الجيش الإسرائيلي", "isnad:il-army")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&army), [Vec::<String>::new()]);
    }

    #[test]
    fn the_speaker_taken_for_the_actor_or_an_unknown_source_is_no_agent_conflict() {
        let docs = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
        ];
        assert_eq!(conflict_roles(&docs), [Vec::<String>::new()]);
        let asserted = [
            article(
                "a",
                "فرانس 24",
                ClaimType::Attack,
                strike(known("إسرائيل", "isnad:il")),
                None,
            ),
            article(
                "b",
                "سكاي نيوز عربية",
                ClaimType::Attack,
                strike(known("الولايات المتحدة", "isnad:us")),
                None,
            ),
        ];
        assert_eq!(conflict_roles(&asserted), [Vec::<String>::new()]);
    }

    /// `doc` with the claim of `other` added after its own, as `c2` told on `a2`.
    fn with_second(mut doc: Document, mut other: Document) -> Document {
        let mut claim = other.claims.remove(0);
        claim.id = "c2".to_owned();
        claim.trigger.start = 10;
        if let Some(mut attribution) = other.attributions.pop() {
            attribution.id = "a2".to_owned();
            claim.attribution = Some("a2".to_owned());
            doc.attributions.push(attribution);
        }
        doc.claims.push(claim);
        doc
    }

    /// An article giving a monitor's toll of an attack and then a ministry's toll of it,
    /// `later` naming the attack as the means of the second.
    fn two_tolls(id: &str, outlet: &str, later: &str) -> Document {
        let first = Roles {
            means: vec![unknown("هجوم شنه التنظيم")],
            patient: vec![unknown("9 مقاتلين روس")],
            ..attack_in_deir_ez_zor(count(9.0, Approx::Exact), None)
        };
        let second = Roles {
            patient: vec![unknown("4 جنود روس")],
            means: vec![unknown(later)],
            count: count(4.0, Approx::Exact),
            ..Roles::default()
        };
        with_second(
            article(
                id,
                outlet,
                ClaimType::Kill,
                first,
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
            article(
                id,
                outlet,
                ClaimType::Kill,
                second,
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
        )
    }

    #[test]
    fn the_same_attack_told_with_another_toll_by_another_source_is_a_count_conflict() {
        // Both articles give both tolls, each on the word of a different source.
        let docs = [
            two_tolls("a", "فرانس 24", "الهجوم ذاته"),
            two_tolls("b", "سكاي نيوز عربية", "نفس الهجوم"),
        ];
        assert_eq!(conflict_roles(&docs), [["count"]]);
        // Without words saying it is the same attack, another toll is another event.
        let apart = [
            two_tolls("a", "فرانس 24", "هجوم"),
            two_tolls("b", "سكاي نيوز عربية", "هجوم"),
        ];
        assert_eq!(
            conflict_roles(&apart),
            [Vec::<String>::new(), Vec::<String>::new()]
        );
    }

    /// A sentence of life terms for `who`, by `court`, on `on`.
    fn sentence(court: RoleValue, who: &str, on: &str) -> Roles {
        Roles {
            agent: vec![court],
            patient: vec![unknown(who)],
            count: count(29.0, Approx::Exact),
            time: day(on),
            ..Roles::default()
        }
    }

    #[test]
    fn the_same_figure_and_one_agreeing_role_join_whatever_words_tell_them() {
        let court = || known("المحكمة الجنائية", "isnad:iq-criminal-court");
        let judiciary = || known("القضاء العراقي", "isnad:iq-judiciary");
        // The first article tells the sentence twice, in words that share no long word; the
        // second dates it to another day.
        let first = with_second(
            article(
                "a",
                "فرانس 24",
                ClaimType::Detain,
                sentence(judiciary(), "نساء", "2018-04-24"),
                None,
            ),
            article(
                "a",
                "فرانس 24",
                ClaimType::Detain,
                sentence(court(), "نساء أجنبيات", "2018-04-29"),
                None,
            ),
        );
        let second = article(
            "b",
            "سكاي نيوز عربية",
            ClaimType::Detain,
            sentence(court(), "نساء أجنبيات", "2018-04-29"),
            None,
        );
        assert_eq!(conflict_roles(&[first, second]), [["time"]]);
    }

    #[test]
    fn in_a_copied_passage_the_trigger_named_with_the_same_word_is_the_match() {
        // An attack told with `word` at offset `at`, by `agent` in `place`.
        let told = |id: &str, word: &str, at: usize, agent: RoleValue, place: RoleValue| {
            let roles = Roles {
                agent: vec![agent],
                location: vec![place],
                ..Roles::default()
            };
            let mut doc = article(id, "فرانس 24", ClaimType::Attack, roles, None);
            doc.claims[0].trigger.text = word.to_owned();
            doc.claims[0].trigger.start = at;
            doc
        };
        let turkey = || known("تركيا", "isnad:tr");
        let israel = || known("إسرائيل", "isnad:il");
        let afrin = || unknown("عفرين");
        let homs = || known("حمص", "geonames:169577");
        let pair = |id: &str, raid: usize, shelling: usize| {
            let mut doc = with_second(
                told(id, "غارة", raid, turkey(), afrin()),
                told(id, "قصفت", shelling, israel(), homs()),
            );
            doc.claims[1].trigger.start = shelling;
            doc
        };
        // The copy moved the raid after the shelling: in the aligned passage the shelling of
        // `b` sits nearer the raid of `a` than the shelling of `a`.
        let a = pair("a", 10, 60);
        let mut b = pair("b", 110, 20);
        b.claims.swap(0, 1);
        b.claims[0].id = "c1".to_owned();
        b.claims[1].id = "c2".to_owned();
        let reuse = Reuse {
            a: "a".to_owned(),
            b: "b".to_owned(),
            score: 0.9,
            direction: None,
            direction_reason: None,
            passages: vec![Passage {
                a_start: 0,
                a_end: 200,
                b_start: 0,
                b_end: 200,
            }],
            same_outlet: false,
        };
        let mut builder = ClusterBuilder::new();
        builder.add(&a);
        builder.add(&b);
        let members: Vec<Vec<String>> = builder
            .finish(&[reuse], &Kb::bundled())
            .into_iter()
            .map(|c| c.members)
            .collect();
        assert_eq!(members, [["a#c2", "b#c1"]]);
    }

    /// An article of `outlet` with `text` and one claim at each trigger word, in order.
    fn told(id: &str, outlet: &str, text: &str, claims: Vec<(&str, ClaimType, Roles)>) -> Document {
        let mut doc = Document::new(id, id, text);
        doc.outlet = Some(outlet.to_owned());
        doc.published = Some("2018-05-28".to_owned());
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        for (n, (word, claim_type, roles)) in claims.into_iter().enumerate() {
            let w: Vec<char> = word.chars().collect();
            let start = (from..chars.len())
                .find(|&s| chars[s..].starts_with(&w))
                .expect("trigger in text");
            from = start + w.len();
            doc.claims.push(Claim {
                id: format!("c{}", n + 1),
                claim_type,
                cameo: String::new(),
                trigger: TextSpan {
                    start,
                    end: from,
                    text: word.to_owned(),
                },
                sentence: Span::new(0, chars.len()),
                roles,
                attribution: None,
                modality: Modality::Reported,
                summary: String::new(),
            });
        }
        doc
    }

    /// A raid by Turkey on a village, on `on` if given.
    fn raid(on: Option<&str>) -> Roles {
        Roles {
            agent: vec![known("تركيا", "isnad:tr")],
            location: vec![unknown("قرية الشيخ")],
            time: on.and_then(day),
            ..Roles::default()
        }
    }

    #[test]
    fn a_mention_told_before_joins_its_event_and_brings_its_date() {
        // The later mention names no one and no place: only `القصف` ties it to the raid.
        let monday = || Roles {
            time: day("2018-05-28"),
            ..Roles::default()
        };
        let first = told(
            "a",
            "فرانس 24",
            "شنت الطائرات غارة على قرية الشيخ، وقال الأهالي إن القصف وقع فجر الاثنين.",
            vec![
                ("غارة", ClaimType::Attack, raid(None)),
                ("القصف", ClaimType::Attack, monday()),
            ],
        );
        let second = told(
            "b",
            "سكاي نيوز عربية",
            "شنت الطائرات غارة على قرية الشيخ الأحد.",
            vec![("غارة", ClaimType::Attack, raid(Some("2018-05-27")))],
        );
        assert_eq!(conflict_roles(&[first, second.clone()]), [["time"]]);
        // A chemical attack taken up later is not the raid.
        let chemical = told(
            "a",
            "فرانس 24",
            "شنت الطائرات غارة على قرية الشيخ، ثم أدان الهجوم الكيماوي على دوما.",
            vec![
                ("غارة", ClaimType::Attack, raid(None)),
                ("الهجوم", ClaimType::Attack, monday()),
            ],
        );
        assert_eq!(conflict_roles(&[chemical, second]), [Vec::<String>::new()]);
    }

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

    #[test]
    fn two_sites_of_one_town_are_two_places_and_a_site_stands_for_its_town() {
        let homs = |text: &str| known(text, "geonames:169577");
        let killed = |id: &str, outlet: &str, places: Vec<RoleValue>| {
            let mut roles = attack_in_deir_ez_zor(None, None);
            roles.patient = vec![unknown("نجل القائد")];
            roles.location = places;
            article(id, outlet, ClaimType::Kill, roles, None)
        };
        let cave = killed("a", "فرانس 24", vec![homs("حمص"), homs("مغارة في حمص")]);
        let station = killed("b", "سكاي نيوز عربية", vec![homs("المحطة الحرارية بحمص")]);
        assert_eq!(conflict_roles(&[cave, station.clone()]), [["location"]]);
        let same = killed(
            "a",
            "فرانس 24",
            vec![known("المحطة الحرارية بولاية حمص", "isnad:isis-homs")],
        );
        assert_eq!(conflict_roles(&[same, station]), [Vec::<String>::new()]);
    }

    #[test]
    fn two_sources_in_one_article_giving_two_places_disagree() {
        let homs = |text: &str| known(text, "geonames:169577");
        let at = |place: RoleValue, later: &str| Roles {
            patient: vec![unknown("نجل القائد")],
            location: vec![place],
            means: vec![unknown(later)],
            ..attack_in_deir_ez_zor(None, None)
        };
        // The first article gives the monitor's place and then the ministry's, of the same
        // killing; the second only names the town.
        let both = with_second(
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                at(homs("مغارة في حمص"), "غارة"),
                Some(("المرصد السوري لحقوق الإنسان", "isnad:sohr")),
            ),
            article(
                "a",
                "فرانس 24",
                ClaimType::Kill,
                at(homs("المحطة الحرارية بحمص"), "الهجوم ذاته"),
                Some(("وزارة الدفاع الروسية", "isnad:ru-mod")),
            ),
        );
        let town = article(
            "b",
            "سكاي نيوز عربية",
            ClaimType::Kill,
            at(homs("حمص"), "غارة"),
            None,
        );
        assert_eq!(conflict_roles(&[both, town]), [["location"]]);
    }

    #[test]
    fn a_noun_with_a_word_of_sameness_names_an_event_told_before() {
        assert_eq!(anaphoric_noun("الهجوم ذاته").as_deref(), Some("الهجوم"));
        assert_eq!(anaphoric_noun("ذات الغارة").as_deref(), Some("الغاره"));
        assert_eq!(anaphoric_noun("الغارة نفسها").as_deref(), Some("الغاره"));
        assert_eq!(anaphoric_noun("هجوم شنه التنظيم"), None);
        assert_eq!(anaphoric_noun("الهجوم"), None);
    }
}
