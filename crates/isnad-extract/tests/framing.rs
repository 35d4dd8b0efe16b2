//! The framing stage: lexicon examples, even-handedness on mirrored pairs, span invariants,
//! profiles, and (when `../shared/data/framing` is there) the scores on the development sets.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use isnad_core::Document;
use isnad_extract::framing::{self, FramingStage, Lexicon};
use isnad_extract::Stage;
use isnad_text::TextLayer;

#[path = "framing/mirrors.rs"]
mod mirrors;

fn stage() -> &'static FramingStage {
    static STAGE: OnceLock<FramingStage> = OnceLock::new();
    STAGE.get_or_init(FramingStage::new)
}

fn lexicon_stage() -> &'static FramingStage {
    static STAGE: OnceLock<FramingStage> = OnceLock::new();
    STAGE.get_or_init(FramingStage::lexicon_only)
}

/// `technique «span»` for every lexicon hit of `text`.
fn lexicon_hits(text: &str) -> Vec<String> {
    let layer = TextLayer::new(text);
    lexicon_stage()
        .find(text, &layer)
        .into_iter()
        .map(|f| format!("{} «{}»", f.technique, f.text))
        .collect()
}

fn check(text: &str, expect: &[&str]) {
    assert_eq!(lexicon_hits(text), expect, "in {text:?}");
}

#[test]
fn the_bundled_model_loads() {
    assert!(
        stage().model().is_some(),
        "models/framing.bin is missing or stale: run `isnad train framing`"
    );
}

#[test]
fn loaded_labels_match_through_clitics() {
    check(
        "وقصفت قوات الاحتلال الأمريكي القرية",
        &["Name_Calling-Labeling «الاحتلال»"],
    );
    check(
        "اعتقلت ميليشيا قسد عشرات الشبان",
        &["Name_Calling-Labeling «ميليشيا»"],
    );
    check(
        "وقتل الجيش عشرات من إرهابيي داعش",
        &["Name_Calling-Labeling «إرهابيي»"],
    );
    check(
        "الحكومة المزعومة وعملائها",
        &[
            "Loaded_Language «المزعومة»",
            "Name_Calling-Labeling «وعملائها»",
        ],
    );
    check("هذه النوايا الخبيثة", &["Loaded_Language «الخبيثة»"]);
    check("اجتمع ما يسمى بالمجلس", &["Doubt «ما يسمى»"]);
}

#[test]
fn phrases_and_appeals() {
    check(
        "وقد شهد شاهد من أهلها على ذلك",
        &["Appeal_to_Authority «شهد شاهد من أهلها»"],
    );
    check(
        "يجب التحرك قبل فوات الأوان",
        &["Appeal_to_Time «قبل فوات الأوان»"],
    );
    check(
        "ارتفاع غير مسبوق في الأسعار",
        &["Exaggeration-Minimisation «غير مسبوق»"],
    );
    check(
        "السيادة مسألة غير قابلة للنقاش",
        &["Conversation_Killer «غير قابلة للنقاش»"],
    );
}

#[test]
fn neutral_wording_is_not_flagged_by_the_lexicon() {
    check("قال زعيم الحزب إن الاجتماع عقد في دمشق يوم الاثنين", &[]);
    check("وأعلنت وزارة الصحة تسجيل 12 إصابة جديدة", &[]);
}

#[test]
fn every_bundled_lexicon_group_has_a_comment_and_a_known_label() {
    for (name, text) in framing::lexicon::BUNDLED {
        let mut lex = Lexicon::default();
        lex.add_file(name, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut bad = Lexicon::default();
    let err = bad
        .add_file("x.txt", "[Loaded_Language]\nالخبيثة\n")
        .unwrap_err();
    assert!(err.message.contains("comment"), "{err}");
    // Each entry is written once, in its lemma (the forms it matches are many more).
    assert!(Lexicon::bundled().len() > 140);
    let err = bad.add_file("demonyms.txt", "سوريا\n").unwrap_err();
    assert!(err.message.contains("nisba"), "{err}");
}

#[test]
fn loaded_words_match_in_every_gender_and_number() {
    // Written once in the lexicon, in the masculine singular.
    check("النظام الغاشم", &["Loaded_Language «الغاشم»"]);
    check("الحكومة الغاشمة", &["Loaded_Language «الغاشمة»"]);
    check(
        "شنوا عدوانا غاشما",
        &["Loaded_Language «عدوانا»", "Loaded_Language «غاشما»"],
    );
    check(
        "المجرمون والمجرمات",
        &[
            "Name_Calling-Labeling «المجرمون»",
            "Name_Calling-Labeling «والمجرمات»",
        ],
    );
    // A feminine noun with its dual, plural and a pronoun.
    check("مجزرتين في يوم", &["Loaded_Language «مجزرتين»"]);
    check("ذكرى مجزرتهم", &["Loaded_Language «مجزرتهم»"]);
    // A verb in both genders.
    check(
        "تحيا سوريا ويحيا العراق",
        &["Slogans «تحيا»", "Slogans «ويحيا»"],
    );
    // A listed word that carries its clitic needs it: أسرة (a family) is not بأسره.
    check("أسرة الضحية", &[]);
}

/// Sentences that differ only in the side they name, swapped: US/Russia, SDF/regime,
/// Israel/Iran, ISIS/other groups, government/opposition, and more.
const MIRRORED: [(&str, &str); 24] = [
    (
        "وقالت المصادر إن قوات الاحتلال الأمريكي قصفت المدينة بوحشية.",
        "وقالت المصادر إن قوات الاحتلال الروسي قصفت المدينة بوحشية.",
    ),
    (
        "اتهم الناشطون القوات الأمريكية بارتكاب مجزرة مروعة بحق المدنيين.",
        "اتهم الناشطون القوات الروسية بارتكاب مجزرة مروعة بحق المدنيين.",
    ),
    (
        "وصف البيان الغارات الأمريكية بأنها عدوان غاشم على الشعب.",
        "وصف البيان الغارات الروسية بأنها عدوان غاشم على الشعب.",
    ),
    (
        "الولايات المتحدة تزعم أن الهجوم كان دفاعا عن النفس.",
        "روسيا تزعم أن الهجوم كان دفاعا عن النفس.",
    ),
    (
        "ميليشيات قسد تعتقل عشرات الشبان في ريف دير الزور.",
        "ميليشيات النظام تعتقل عشرات الشبان في ريف دير الزور.",
    ),
    (
        "عناصر قسد المرتزقة نهبوا المحاصيل وأحرقوا البيوت.",
        "عناصر النظام المرتزقة نهبوا المحاصيل وأحرقوا البيوت.",
    ),
    (
        "أعلنت قوات قسد سيطرتها على القرية بعد معارك عنيفة.",
        "أعلنت قوات النظام سيطرتها على القرية بعد معارك عنيفة.",
    ),
    (
        "الاحتلال الإسرائيلي يواصل جرائمه البشعة في المنطقة.",
        "الاحتلال الإيراني يواصل جرائمه البشعة في المنطقة.",
    ),
    (
        "حذر المسؤول من عواقب وخيمة للتصعيد الإسرائيلي في المنطقة.",
        "حذر المسؤول من عواقب وخيمة للتصعيد الإيراني في المنطقة.",
    ),
    (
        "وسائل الإعلام الإسرائيلية تروج الأكاذيب عن الهجوم.",
        "وسائل الإعلام الإيرانية تروج الأكاذيب عن الهجوم.",
    ),
    (
        "عملاء إسرائيل في المنطقة يخططون لزعزعة الاستقرار.",
        "عملاء إيران في المنطقة يخططون لزعزعة الاستقرار.",
    ),
    (
        "إرهابيو داعش فجروا السوق الشعبي وقتلوا العشرات.",
        "إرهابيو هيئة تحرير الشام فجروا السوق الشعبي وقتلوا العشرات.",
    ),
    (
        "قتل الجيش عشرات من إرهابيي داعش في البادية.",
        "قتل الجيش عشرات من إرهابيي حزب العمال الكردستاني في البادية.",
    ),
    (
        "تنظيم داعش الإرهابي يتبنى الهجوم الجبان على الحاجز.",
        "تنظيم القاعدة الإرهابي يتبنى الهجوم الجبان على الحاجز.",
    ),
    (
        "الحكومة تمارس الكذب والتضليل بحق الشعب منذ سنوات.",
        "المعارضة تمارس الكذب والتضليل بحق الشعب منذ سنوات.",
    ),
    (
        "وصف الإعلام الموالي للحكومة الاتهامات بأنها مزاعم مفبركة.",
        "وصف الإعلام الموالي للمعارضة الاتهامات بأنها مزاعم مفبركة.",
    ),
    (
        "حان الوقت لكي تتحمل الحكومة مسؤولياتها قبل فوات الأوان.",
        "حان الوقت لكي تتحمل المعارضة مسؤولياتها قبل فوات الأوان.",
    ),
    (
        "القصف التركي الهمجي استهدف القرى الآمنة.",
        "القصف الكردي الهمجي استهدف القرى الآمنة.",
    ),
    (
        "قصفت الطائرات السعودية الأحياء السكنية بشكل غير مسبوق.",
        "قصفت الطائرات الحوثية الأحياء السكنية بشكل غير مسبوق.",
    ),
    (
        "عملاء واشنطن يروجون الشائعات عن الوضع الصحي للرئيس.",
        "عملاء طهران يروجون الشائعات عن الوضع الصحي للرئيس.",
    ),
    (
        "الغزاة الروس دمروا المدينة بأسرها.",
        "الغزاة الأوكرانيون دمروا المدينة بأسرها.",
    ),
    (
        "حركة حماس تزعم أن الاتفاق انهار بسبب الطرف الآخر.",
        "حركة فتح تزعم أن الاتفاق انهار بسبب الطرف الآخر.",
    ),
    (
        "الطاغية الأسد يقتل شعبه منذ سنوات.",
        "الطاغية أردوغان يقتل شعبه منذ سنوات.",
    ),
    (
        "يجب محاسبة الميليشيات الإيرانية على جرائمها في سوريا.",
        "يجب محاسبة الميليشيات التركية على جرائمها في سوريا.",
    ),
];

fn labels(text: &str) -> BTreeSet<String> {
    stage().techniques(text).into_iter().collect()
}

#[test]
fn mirrored_pairs_get_the_same_labels_from_both_layers() {
    let mut failures = Vec::new();
    for (a, b) in MIRRORED {
        let (la, lb) = (labels(a), labels(b));
        if la != lb {
            failures.push(format!("{a}\n  {la:?}\n{b}\n  {lb:?}"));
        }
        // The classifier alone: masking makes the two sentences' features, hence every
        // probability, the same.
        if let Some(m) = stage().model() {
            let pa = m.predict_text(stage().featurizer(), a);
            let pb = m.predict_text(stage().featurizer(), b);
            for (l, (x, y)) in m.labels.iter().zip(pa.iter().zip(&pb)) {
                if (x - y).abs() > 1e-6 {
                    failures.push(format!("{l}: p={x:.4} vs p={y:.4}\n  {a}\n  {b}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "asymmetric:\n{}", failures.join("\n"));
}

#[test]
fn the_same_kind_of_wording_is_flagged_whichever_side_it_targets() {
    // Not mirrored word for word, as in reporting: one militia, the other militias.
    for text in ["ميليشيا قسد تعتقل شبانا", "ميليشيات النظام تعتقل شبانا"]
    {
        assert!(
            labels(text).contains("Name_Calling-Labeling"),
            "{text}: {:?}",
            labels(text)
        );
    }
}

#[test]
fn spans_are_exact_slices_in_code_points() {
    let text = "قالــت المصادر\u{200F}: إن «ميليشيات» النظام ارتكبت مجزرة مروعة.\nوفي فقرة ثانية، الاحتلال المزعوم.";
    let mut doc = Document::new("d", "test", text);
    let layer = TextLayer::new(text);
    stage().run(&mut doc, &layer);
    assert!(!doc.framing.is_empty());
    let chars: Vec<char> = text.chars().collect();
    for f in &doc.framing {
        let slice: String = chars[f.start..f.end].iter().collect();
        assert_eq!(slice, f.text, "{f:?}");
        assert!(framing::TECHNIQUES.contains(&f.technique.as_str()), "{f:?}");
        assert!(!f.note.is_empty());
    }
}

#[test]
fn classifier_labels_sit_on_the_top_sentence_and_say_so() {
    let text = "أعلنت الوزارة افتتاح المدرسة. ويتهم الناشطون المسؤولين بالفساد ونهب أموال الشعب وتدمير مستقبل الأجيال.";
    let layer = TextLayer::new(text);
    let spans = stage().find(text, &layer);
    let from_model: Vec<_> = spans
        .iter()
        .filter(|f| f.note.starts_with("classifier"))
        .collect();
    assert!(!from_model.is_empty(), "{spans:#?}");
    for f in from_model {
        assert!(f.note.contains("top sentence"), "{f:?}");
        assert!(f.text.starts_with("ويتهم"), "{f:?}");
    }
}

#[test]
fn a_probability_floor_keeps_only_lexicon_hits_and_sure_calls() {
    let text = "ويتهم الناشطون المسؤولين بالفساد ونهب أموال الشعب، وقوات الاحتلال تواصل القصف.";
    let layer = TextLayer::new(text);
    let strict = FramingStage::new().with_min_probability(1.01);
    let spans = strict.find(text, &layer);
    assert!(
        spans.iter().all(|f| f.note.starts_with("lexicon")),
        "{spans:#?}"
    );
    assert!(spans.iter().any(|f| f.text == "الاحتلال"));
}

#[test]
fn profiles_count_per_outlet_and_per_thousand_words() {
    let mut docs = Vec::new();
    for (i, (outlet, text)) in [
        ("a.net", "الاحتلال الأمريكي يقصف. الاحتلال يواصل."),
        ("a.net", "أعلنت الوزارة افتتاح مدرسة جديدة اليوم"),
        ("b.com", "ميليشيات النظام تعتقل شبانا"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut d = Document::new(format!("d{i}"), "test", text);
        d.outlet = Some(outlet.to_owned());
        let layer = TextLayer::new(text);
        lexicon_stage().run(&mut d, &layer);
        docs.push(d);
    }
    let p = framing::profile(&docs);
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].outlet.as_deref(), Some("a.net"));
    assert_eq!(p[0].documents, 2);
    assert_eq!(p[0].words, 11);
    let nc = p[0].techniques["Name_Calling-Labeling"];
    assert_eq!(nc.count, 2);
    assert!((nc.per_1000_words - 2000.0 / 11.0).abs() < 1e-9);
    assert_eq!(p[0].loaded_terms[0].term, "الاحتلال");
    assert_eq!(p[0].loaded_terms[0].count, 2);
    assert_eq!(p[1].loaded_terms[0].term, "ميليشي*");
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("per_1000_words"));
}

/// The development sets, when `../shared/data/framing` is there: floors that a retrained model or
/// a lexicon edit must keep (figures in `docs/accuracy.md`).
mod dev_sets {
    use super::*;
    use std::collections::HashSet;

    fn data(name: &str) -> Option<Vec<serde_json::Value>> {
        let path = format!(
            "{}/../../../shared/data/framing/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {path} is not there");
            return None;
        };
        Some(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        )
    }

    fn gold(v: &serde_json::Value) -> HashSet<String> {
        v["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().or_else(|| x["technique"].as_str()))
                    .filter(|l| *l != "no_technique")
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Micro (tp, fp, fn) over documents.
    fn micro(pairs: impl Iterator<Item = (HashSet<String>, HashSet<String>)>) -> f64 {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (g, p) in pairs {
            tp += g.intersection(&p).count();
            fp += p.difference(&g).count();
            fn_ += g.difference(&p).count();
        }
        2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
    }

    /// Task 1A is scored by accuracy (micro-F1 over both classes), and always-yes already gets
    /// 0.780 on dev: the decision must beat it and must still say "no" to some paragraphs.
    #[test]
    fn araieval_task1a_dev_accuracy_beats_always_yes() {
        let Some(rows) = data("araieval2023_task1A_dev.jsonl") else {
            return;
        };
        let (mut right, mut yes, mut gold_yes) = (0, 0, 0);
        for v in &rows {
            let g = v["label"].as_str() == Some("true");
            let p = !stage().techniques(v["text"].as_str().unwrap()).is_empty();
            right += usize::from(g == p);
            yes += usize::from(p);
            gold_yes += usize::from(g);
        }
        let n = rows.len() as f64;
        let (acc, always) = (right as f64 / n, gold_yes as f64 / n);
        assert!(
            acc >= 0.81 && acc > always + 0.02,
            "task 1A dev accuracy {acc:.3}, always-yes {always:.3}"
        );
        assert!(
            (yes as f64) < 0.9 * n,
            "said yes to {yes} of {n} paragraphs"
        );
    }

    /// The spans agree with the gate: a paragraph the gate closes gets no classifier span, and
    /// one it opens gets at least one span.
    #[test]
    fn spans_follow_the_task1a_decision() {
        let Some(rows) = data("araieval2023_task1A_dev.jsonl") else {
            return;
        };
        let m = stage().model().expect("a bundled model");
        let gate = m.labels.iter().position(|l| l == "any").expect("a gate");
        for v in &rows {
            let text = v["text"].as_str().unwrap();
            let layer = TextLayer::new(text);
            let spans = stage().find(text, &layer);
            let p = m.predict_text(stage().featurizer(), text)[gate];
            let from_model = spans.iter().any(|f| f.note.starts_with("classifier"));
            if p < m.threshold[gate] {
                assert!(!from_model, "gate {p:.2} closed, yet {spans:#?}");
            } else if layer.tokens.len() >= 10 {
                assert!(!spans.is_empty(), "gate {p:.2} open, no span: {text}");
            }
        }
    }

    #[test]
    fn araieval_task1b_dev_micro_f1_is_at_least_0_55() {
        let Some(rows) = data("araieval2023_task1B_dev.jsonl") else {
            return;
        };
        let f = micro(
            rows.iter()
                .map(|v| (gold(v), stage().techniques(v["text"].as_str().unwrap()))),
        );
        assert!(f >= 0.55, "task 1B dev micro-F1 {f:.3}");
    }

    #[test]
    fn armpro_dev_micro_f1_is_at_least_0_55() {
        let (Some(input), Some(golds)) = (
            data("armpro_dev.input.jsonl"),
            data("armpro_dev.gold.jsonl"),
        ) else {
            return;
        };
        let f = micro(
            input
                .iter()
                .zip(&golds)
                .map(|(v, g)| (gold(g), stage().techniques(v["text"].as_str().unwrap()))),
        );
        assert!(f >= 0.55, "ArMPro dev micro-F1 {f:.3}");
    }
}
