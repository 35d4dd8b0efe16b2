//! Whether two claims report one event, and how strongly the texts say so; inside one
//! article, which later mentions take up an event told before.
//!
//! Across documents, a copied sentence is the strongest evidence (both triggers at matching
//! places of one aligned passage), then agreeing roles and an agreeing figure, then the same
//! event word in two articles that copy each other. The score orders a claim's candidates in
//! another document, so that each claim joins its best match there.

use std::collections::HashMap;

use isnad_core::{Claim, Reuse, RoleValue};
use isnad_kb::Kb;
use isnad_text::fold;

use super::agreement::{names_a_place, places_agree, roles_agree, value_agrees, words};
use super::{ClusterBuilder, Member, UnionFind, MAX_DAYS_APART};
use crate::told::BackReference;

/// What the texts say of two claims that look like one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SameEvent {
    /// How strongly: 100 or more for a copied sentence, up to 62 for agreeing roles and figure
    /// and the same event word.
    pub score: u32,
    /// Whether the sentence was copied: both triggers sit at matching places of one aligned
    /// passage of a reuse pair.
    pub copied: bool,
}

impl ClusterBuilder {
    /// Links within one document from each claim whose words take up an event told before
    /// (`القصف`, `مقتله`, `الهجمات التي استهدفت`) to that event: for a relative clause the
    /// noun it is on, otherwise the nearest earlier claim of its type that fits it, of the
    /// same kind (a chemical attack is taken up as one) and with no place or known patient
    /// that clashes with any claim already joined to it.
    pub(super) fn back_references(&self, members: &[usize], kb: &Kb) -> Vec<(usize, usize)> {
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
    pub(super) fn same_event_anaphors(&self, members: &[usize]) -> Vec<(usize, usize)> {
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
    pub(super) fn same_event(
        &self,
        i: usize,
        j: usize,
        copies: &HashMap<(usize, usize), &Reuse>,
        kb: &Kb,
    ) -> Option<SameEvent> {
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
            return Some(SameEvent {
                score: 100 + u32::from(same_word) * 20 + score + near,
                copied: true,
            });
        }
        let score = match (linked, same_word) {
            (true, _) => score + u32::from(same_word) * 4,
            (false, true) => score.max(15),
            (false, false) => return None,
        };
        Some(SameEvent {
            score,
            copied: false,
        })
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
        // Takes off any run of clitic letters, with no length guard, not the one letter of
        // `strip_clitic`: a swap would change which triggers share a root, so it stays for now.
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
        isnad_text::lexicon::entries(include_str!("../../data/same_event.txt"))
            .map(|e| fold(e.text))
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

#[cfg(test)]
mod tests {
    use isnad_core::{Approx, ClaimType, Document, Passage, Roles};

    use super::super::fixtures::{
        article, attack_in_deir_ez_zor, conflict_roles, count, day, known, told, unknown,
        with_second,
    };
    use super::*;

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

    #[test]
    fn a_noun_with_a_word_of_sameness_names_an_event_told_before() {
        assert_eq!(anaphoric_noun("الهجوم ذاته").as_deref(), Some("الهجوم"));
        assert_eq!(anaphoric_noun("ذات الغارة").as_deref(), Some("الغاره"));
        assert_eq!(anaphoric_noun("الغارة نفسها").as_deref(), Some("الغاره"));
        assert_eq!(anaphoric_noun("هجوم شنه التنظيم"), None);
        assert_eq!(anaphoric_noun("الهجوم"), None);
    }
}
