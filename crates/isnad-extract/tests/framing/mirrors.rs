//! Mirrored pairs generated from the knowledge base: template sentences with every state, army
//! and armed group of `isnad-kb` and every demonym of `data/framing/demonyms.txt` swapped in,
//! so that even-handedness is tested on sides nobody wrote a pair for.
//!
//! A template has slots: `{n}` a side's name, `{m}` its nisba adjective (الروسي), `{f}` the
//! feminine (الروسية), `{fi}` the feminine without the article (روسية), `{p}` the people
//! (الروس, السوريون), `{pg}` the sound plural in the genitive (الروسيين), `{fp}` the feminine
//! plural (الروسيات), `{d}` the dual (الروسيان); a `2` after the slot (`{m2}`) is a second side
//! in the same sentence. `{masculine|feminine}` is wording that agrees with the side's name
//! (النظام المجرم, الحكومة المجرمة), chosen by the name's gender.
//!
//! Every filling of a template is analysed once, and two fillings agree when both layers give
//! them the same multiset of `(layer, technique)` labels. Every pair of fillings of a template
//! is a mirrored pair (one sentence, another side named); they are counted, with the fillings
//! that leave their template's majority, and printed (`cargo test -p isnad-extract --test
//! framing mirrors -- --nocapture`).

use std::collections::BTreeMap;

use isnad_kb::{Kb, Role};
use isnad_text::TextLayer;

use super::{lexicon_hits, stage};

/// Templates whose slot is a side's name (states, armies and armed groups of the knowledge
/// base, and the names of `demonyms.txt`).
const NAME_TEMPLATES: [&str; 12] = [
    // Genitive and object positions: nothing agrees with the name.
    "قصفت طائرات {n} الأحياء السكنية بوحشية وارتكبت مجزرة مروعة بحق المدنيين.",
    "عملاء {n} يروجون الأكاذيب ويمارسون التضليل منذ سنوات.",
    "اتهم البيان {n} بشن عدوان غاشم على القرى الآمنة في الريف الشرقي.",
    "ميليشيات {n} تعتقل عشرات الشبان وتنهب البيوت في ريف المدينة.",
    "قال مسؤول في {n} إن الهجوم غير مسبوق وإن الحصيلة كارثية.",
    "الإعلام المقرب من {n} يصف الاتهامات بأنها مزاعم مفبركة.",
    // Loaded adjectives after the name, agreeing with it (the lexicon lists one form).
    "{n} {المجرم|المجرمة} {يقتل|تقتل} المدنيين بدم بارد منذ سنوات.",
    "{n} {الإرهابي|الإرهابية} {يتبنى|تتبنى} الهجوم الجبان على الحاجز.",
    "حذر المسؤول من عواقب وخيمة إذا {واصل|واصلت} {n} {الغادر|الغادرة} تصعيده.",
    "{n} {الدموي|الدموية} {يرتكب|ترتكب} جرائم بشعة ضد الشعب.",
    // A slogan whose verb agrees with the name.
    "وهتف المتظاهرون في الساحة: {يحيا|تحيا} {n}.",
    // Two sides in one sentence.
    "{n} و{n2} يتبادلان الاتهامات بارتكاب مجازر وحشية بحق المدنيين.",
];

/// Templates whose slots are demonyms.
const DEMONYM_TEMPLATES: [&str; 11] = [
    "القصف {m} الهمجي دمر المدينة بأسرها.",
    "الطائرات {f} ارتكبت مجزرة بشعة بحق المدنيين في السوق.",
    "الغزاة {p} نهبوا البيوت وأحرقوا المحاصيل في القرى.",
    "شنت طائرات {fi} غارات وحشية على الأسواق الشعبية المزدحمة.",
    "قتل عشرات المسلحين {pg} في الهجوم الإرهابي على الحاجز.",
    "تظاهرت النساء {fp} ضد الاحتلال وممارساته الوحشية.",
    "قتل الجنديان {d} في هجوم جبان على الدورية.",
    // Two nationality adjectives in one sentence.
    "القصف {m} و{m2} الوحشي استهدف القرى الآمنة.",
    "اتهم المسؤولون {p} نظراءهم {p2} بترويج الأكاذيب والتضليل.",
    "المرتزقة {p} يقاتلون إلى جانب الميليشيات {f2} في الريف.",
    "وصف الإعلام {m} الغارات {f2} بأنها عدوان غاشم وجريمة نكراء.",
];

/// A side as a template names it.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    feminine: bool,
}

/// A demonym as templates inflect it.
#[derive(Debug, Clone)]
struct Demonym {
    nisba: String,
    broken_plural: Option<String>,
}

/// The first Arabic name of `e` with no lexicon word in it (`الميليشيات الإيرانية` is loaded
/// wording, not a name to mirror) and at most four words (what the classifier masks as one).
fn usable_name(e: &isnad_kb::Entry) -> Option<String> {
    std::iter::once(&e.name_ar)
        .chain(&e.aliases)
        .find(|n| {
            n.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
                && n.split_whitespace().count() <= 4
                && lexicon_hits(n).is_empty()
        })
        .cloned()
}

/// States whose names take masculine agreement (العراق يعلن); the others take feminine.
const MASCULINE_STATES: [&str; 6] = ["العراق", "الأردن", "لبنان", "اليمن", "المغرب", "السودان"];

/// Whether a name that is not a state's takes feminine agreement: its head word ends in ة or is
/// a plural of things (قوات, وحدات, كتائب), or it is one of the single-word names of a
/// movement or a force (حماس is حركة حماس, قسد is قوات سوريا الديمقراطية).
fn feminine_name(name: &str) -> bool {
    let head = name.split_whitespace().next().unwrap_or("");
    let head = head.strip_prefix("ال").unwrap_or(head);
    head.ends_with('ة')
        || head.ends_with("ات")
        || ["كتائب", "سرايا", "فصائل", "عصائب"].contains(&head)
        || ["حماس", "قسد", "أسايش", "آسايش"].contains(&head)
}

/// The states, armies and armed groups of the bundled knowledge base. An army is a state body
/// (role `official`) whose name is that of a force: الجيش, القوات, القوة, الحرس, فيلق,
/// الفرقة, البشمركة.
fn kb_sides(kb: &Kb) -> Vec<Named> {
    const ARMY_HEADS: [&str; 8] = [
        "الجيش",
        "القوات",
        "قوات",
        "القوة",
        "الحرس",
        "فيلق",
        "الفرقة",
        "البشمركة",
    ];
    let mut out = Vec::new();
    for e in kb.entries() {
        let feminine = match e.role {
            Some(Role::Country) => !MASCULINE_STATES.contains(&e.name_ar.as_str()),
            Some(Role::ArmedGroup) => feminine_name(&e.name_ar),
            Some(Role::Official)
                if ARMY_HEADS.contains(&e.name_ar.split_whitespace().next().unwrap_or("")) =>
            {
                feminine_name(&e.name_ar)
            }
            _ => continue,
        };
        if let Some(name) = usable_name(e) {
            out.push(Named { name, feminine });
        }
    }
    out
}

/// `(names, demonyms)` of `demonyms.txt`: every name and every nisba spelling, each with the
/// line's first broken plural.
fn demonym_file() -> (Vec<String>, Vec<Demonym>) {
    let text = include_str!("../../data/framing/demonyms.txt");
    let (mut names, mut demonyms) = (Vec::new(), Vec::new());
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let cols: Vec<Vec<String>> = line
            .split('|')
            .map(|c| {
                c.split('/')
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && *s != "-")
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        names.extend(cols[0].iter().cloned());
        let plural = cols.get(2).and_then(|c| c.first()).cloned();
        for nisba in &cols[1] {
            demonyms.push(Demonym {
                nisba: nisba.clone(),
                broken_plural: plural.clone(),
            });
        }
    }
    (names, demonyms)
}

/// Every side a name template is filled with: the knowledge base's, then the names of the
/// demonym file that it does not hold (states count as feminine unless listed masculine).
fn all_names() -> Vec<Named> {
    let mut sides = kb_sides(&Kb::bundled());
    let (names, _) = demonym_file();
    for n in names {
        if !sides.iter().any(|s| s.name == n) && lexicon_hits(&n).is_empty() {
            let feminine = !MASCULINE_STATES.contains(&n.as_str()) && !n.starts_with("ال");
            sides.push(Named { name: n, feminine });
        }
    }
    sides
}

/// The template with `{...}` slots filled by `slot` and `{a|b}` choices made by `feminine`.
fn fill(template: &str, feminine: bool, slot: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closed slot");
        let inner = &rest[open + 1..close];
        match inner.split_once('|') {
            Some((m, f)) => out.push_str(if feminine { f } else { m }),
            None => out.push_str(&slot(inner)),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The form a demonym slot asks for.
fn inflect(d: &Demonym, slot: &str) -> String {
    let n = &d.nisba;
    match slot.trim_end_matches('2') {
        "m" => format!("ال{n}"),
        "f" => format!("ال{n}ة"),
        "fi" => format!("{n}ة"),
        "p" => match &d.broken_plural {
            Some(b) => format!("ال{b}"),
            None => format!("ال{n}ون"),
        },
        "pg" => format!("ال{n}ين"),
        "fp" => format!("ال{n}ات"),
        "d" => format!("ال{n}ان"),
        other => panic!("unknown slot {other}"),
    }
}

/// What both layers say about a sentence: sorted `layer:technique` labels, one per span.
fn labels(text: &str) -> Vec<String> {
    let layer = TextLayer::new(text);
    let mut out: Vec<String> = stage()
        .find(text, &layer)
        .into_iter()
        .map(|f| {
            let layer = f.note.split(' ').next().unwrap_or("").to_owned();
            format!("{layer}:{}", f.technique)
        })
        .collect();
    out.sort();
    out
}

/// The fillings of one template and how they agree.
struct Tally {
    template: &'static str,
    fillings: usize,
    pairs: usize,
    agreeing: usize,
    /// Fillings outside the majority, with their labels and the majority's.
    outliers: Vec<String>,
    /// Fillings whose classifier probabilities differ from the first filling's.
    scored_apart: usize,
}

fn tally(template: &'static str, sentences: &[String]) -> Tally {
    let mut classes: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
    for s in sentences {
        classes.entry(labels(s)).or_default().push(s);
    }
    // The classifier alone: masking and gender-blind keys make every filling's features, hence
    // every probability, the same.
    let probs = |s: &str| {
        stage()
            .model()
            .map(|m| m.predict_text(stage().featurizer(), s))
            .unwrap_or_default()
    };
    let first = probs(&sentences[0]);
    let scored_apart = sentences[1..]
        .iter()
        .filter(|s| {
            probs(s)
                .iter()
                .zip(&first)
                .any(|(x, y)| (x - y).abs() > 1e-6)
        })
        .count();
    let n = sentences.len();
    let pairs = n * (n - 1) / 2;
    let agreeing = classes.values().map(|v| v.len() * (v.len() - 1) / 2).sum();
    let (majority, _) = classes
        .iter()
        .max_by_key(|(_, v)| v.len())
        .expect("a filling");
    let outliers = classes
        .iter()
        .filter(|(k, _)| *k != majority)
        .flat_map(|(k, v)| v.iter().map(move |s| format!("{s}  {k:?}")))
        .map(|s| format!("{s}  (majority {majority:?})"))
        .collect();
    Tally {
        template,
        fillings: n,
        pairs,
        agreeing,
        outliers,
        scored_apart,
    }
}

/// Every template filled with every side: name templates with every name (two-name templates
/// with each name beside the next, both ways round), demonym templates with every nisba
/// spelling (two-slot ones likewise).
fn tallies() -> Vec<Tally> {
    let names = all_names();
    let (_, demonyms) = demonym_file();
    let mut out = Vec::new();
    for t in NAME_TEMPLATES {
        let sentences: Vec<String> = if t.contains("{n2}") {
            (0..names.len())
                .flat_map(|i| {
                    let (a, b) = (&names[i], &names[(i + 1) % names.len()]);
                    [(a, b), (b, a)]
                })
                .map(|(a, b)| {
                    fill(t, a.feminine && b.feminine, &|s| {
                        if s == "n" { &a.name } else { &b.name }.clone()
                    })
                })
                .collect()
        } else {
            names
                .iter()
                .map(|a| fill(t, a.feminine, &|_| a.name.clone()))
                .collect()
        };
        out.push(tally(t, &sentences));
    }
    for t in DEMONYM_TEMPLATES {
        let two = t.contains("2}");
        let sentences: Vec<String> = if two {
            (0..demonyms.len())
                .flat_map(|i| {
                    let (a, b) = (&demonyms[i], &demonyms[(i + 1) % demonyms.len()]);
                    [(a, b), (b, a)]
                })
                .map(|(a, b)| {
                    fill(t, false, &|s| {
                        inflect(if s.ends_with('2') { b } else { a }, s)
                    })
                })
                .collect()
        } else {
            demonyms
                .iter()
                .map(|d| fill(t, false, &|s| inflect(d, s)))
                .collect()
        };
        out.push(tally(t, &sentences));
    }
    out
}

#[test]
fn every_state_of_the_knowledge_base_has_a_demonym() {
    let kb = Kb::bundled();
    let (names, _) = demonym_file();
    let keys: Vec<String> = names.iter().map(|n| isnad_kb::key(n)).collect();
    let missing: Vec<&str> = kb
        .entries()
        .iter()
        .filter(|e| e.role == Some(Role::Country))
        .filter(|e| {
            !std::iter::once(&e.name_ar)
                .chain(&e.aliases)
                .any(|n| keys.contains(&isnad_kb::key(n)))
        })
        .map(|e| e.name_ar.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no line in demonyms.txt for {missing:?}"
    );
}

#[test]
fn generated_mirrored_pairs_get_the_same_labels_from_both_layers() {
    let tallies = tallies();
    let (mut pairs, mut agreeing, mut fillings, mut apart) = (0, 0, 0, 0);
    for t in &tallies {
        pairs += t.pairs;
        agreeing += t.agreeing;
        fillings += t.fillings;
        apart += t.scored_apart;
        println!(
            "{:>6} of {:>6} pairs agree ({} fillings, {} outside the majority, {} scored apart): {}",
            t.agreeing,
            t.pairs,
            t.fillings,
            t.outliers.len(),
            t.scored_apart,
            t.template
        );
        for o in t.outliers.iter().take(5) {
            println!("    {o}");
        }
    }
    println!(
        "generated mirrored pairs: {agreeing} of {pairs} agree ({:.2}%), from {fillings} \
         sentences of {} templates",
        100.0 * agreeing as f64 / pairs as f64,
        tallies.len()
    );
    println!("fillings whose classifier probabilities differ from their template's first: {apart}");
    assert!(pairs > 10_000, "only {pairs} pairs were generated");
    assert_eq!(agreeing, pairs, "some generated mirrored pairs disagree");
    assert_eq!(apart, 0, "some fillings are scored apart by the classifier");
}
