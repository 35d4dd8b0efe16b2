//! Reuse detection end to end: small articles written for the tests, then the real data
//! (`../shared/data`): the gold articles and the PAN-style development set, each skipped with a
//! message when absent.

use std::path::{Path, PathBuf};

use isnad_core::{Document, Reuse, ReuseDirection};
use isnad_link::{Params, ReuseIndex};

#[allow(dead_code)]
#[path = "../examples/pan_report.rs"]
mod pan_report;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel)
}

fn doc(id: &str, text: &str, outlet: &str, published: Option<&str>) -> Document {
    let mut d = Document::new(id, format!("{id}.txt"), text);
    d.outlet = Some(outlet.to_owned());
    d.published = published.map(str::to_owned);
    d
}

fn reuse_of(docs: &[Document]) -> Vec<Reuse> {
    let mut index = ReuseIndex::new(Params::default());
    for d in docs {
        index.add(d);
    }
    index.finish()
}

/// `text[start..end]` in code points, as the report contract reads offsets.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

mod examples {
    use super::*;

    const AGENCY_PARAGRAPH: &str = "وأضاف المرصد أن قوات النظام نقلت ١٢٣ معتقلاً من سجن صيدنايا إلى \
        مطار المزة العسكري بواسطة حافلات تابعة للهلال الأحمر، في خطوة تأتي بعد أسابيع من \
        المفاوضات بين الطرفين، وأكد أن عملية النقل جرت تحت حراسة أمنية مشددة وسط تكتم إعلامي كامل";

    /// The paragraph as a second outlet filed it: alefs without hamza, 123 became 130, the
    /// clause about the negotiations dropped, a full stop for a comma.
    const COPIED_PARAGRAPH: &str = "واضاف المرصد ان قوات النظام نقلت 130 معتقلا من سجن صيدنايا الى \
        مطار المزة العسكري بواسطة حافلات تابعة للهلال الاحمر. واكد ان عملية النقل جرت تحت حراسة \
        امنية مشددة وسط تكتم اعلامي كامل";

    fn agency() -> String {
        format!(
            "دمشق - وكالات\nقال المرصد السوري لحقوق الإنسان إن اشتباكات عنيفة دارت ليل الأحد في \
             ريف حلب الشمالي.\n{AGENCY_PARAGRAPH}.\nوفي سياق آخر، أعلنت الأمم المتحدة عن إرسال \
             قافلة مساعدات إنسانية إلى مخيم الركبان على الحدود الأردنية."
        )
    }

    fn copy() -> String {
        format!(
            "بيروت - خاص\nتتواصل حالة الترقب في الأوساط الحقوقية بعد ورود أنباء عن تحركات جديدة \
             للأجهزة الأمنية.\n{COPIED_PARAGRAPH}.\nويذكر أن عائلات المعتقلين تطالب منذ سنوات \
             بالكشف عن مصير أبنائها."
        )
    }

    const UNRELATED: &str = "أعلن الاتحاد الدولي لكرة القدم اليوم عن مواعيد مباريات الدور \
        الثاني من البطولة، وقال رئيس الاتحاد إن الملاعب الجديدة ستكون جاهزة قبل نهاية الصيف، مشيراً \
        إلى أن بيع التذاكر يبدأ الأسبوع المقبل عبر الموقع الرسمي.";

    #[test]
    fn a_copied_paragraph_is_one_passage_slicing_both_texts() {
        let (a, b) = (agency(), copy());
        let pairs = reuse_of(&[
            doc("agency", &a, "وكالة", Some("2018-06-14")),
            doc("copy", &b, "موقع", Some("2018-06-15")),
        ]);
        assert_eq!(pairs.len(), 1, "{pairs:#?}");
        let r = &pairs[0];
        assert_eq!((r.a.as_str(), r.b.as_str()), ("agency", "copy"));
        assert_eq!(r.passages.len(), 1, "{:#?}", r.passages);
        let p = r.passages[0];
        assert_eq!(slice(&a, p.a_start, p.a_end), AGENCY_PARAGRAPH);
        assert_eq!(slice(&b, p.b_start, p.b_end), COPIED_PARAGRAPH);
        // The shorter text is the copy; the paragraph is most of it.
        let expected = COPIED_PARAGRAPH.chars().count() as f64 / b.chars().count() as f64;
        assert!((r.score - expected).abs() < 0.001, "score {}", r.score);
        assert_eq!(r.direction, Some(ReuseDirection::AToB));
        assert!(!r.same_outlet);
    }

    #[test]
    fn unrelated_texts_are_no_pair() {
        let pairs = reuse_of(&[
            doc("agency", &agency(), "وكالة", None),
            doc("sport", UNRELATED, "وكالة", None),
        ]);
        assert!(pairs.is_empty(), "{pairs:#?}");
    }

    #[test]
    fn the_same_story_filed_twice_by_one_outlet_is_marked() {
        let pairs = reuse_of(&[
            doc("first", &agency(), "سكاي نيوز عربية", Some("2018-06-14")),
            doc("again", &copy(), "سكاي نيوز عربية ", Some("2018-06-14")),
        ]);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].same_outlet);
        assert_eq!(pairs[0].direction, None, "equal dates do not tell");
    }

    #[test]
    fn direction_follows_the_dates() {
        let direction = |da: Option<&str>, db: Option<&str>| {
            let pairs = reuse_of(&[doc("x", &agency(), "أ", da), doc("y", &copy(), "ب", db)]);
            pairs[0].direction
        };
        assert_eq!(
            direction(Some("2018-06-14"), Some("2018-06-15")),
            Some(ReuseDirection::AToB)
        );
        assert_eq!(
            direction(Some("2018-06-16"), Some("2018-06-15")),
            Some(ReuseDirection::BToA)
        );
        assert_eq!(direction(Some("2018-06-15"), None), None);
        assert_eq!(direction(None, None), None);
    }

    #[test]
    fn pairs_for_answers_for_one_document() {
        let mut index = ReuseIndex::new(Params::default());
        index.add(&doc("agency", &agency(), "وكالة", None));
        index.add(&doc("sport", UNRELATED, "وكالة", None));
        let k = index.add(&doc("copy", &copy(), "موقع", None));
        let pairs = index.pairs_for(k);
        assert_eq!(pairs.len(), 1);
        assert_eq!(
            (pairs[0].a.as_str(), pairs[0].b.as_str()),
            ("agency", "copy")
        );
        assert_eq!(index.pairs_for(1), []);
        assert_eq!(index.finish(), pairs, "finish gives the same pair once");
    }
}

/// Who copied whom, one kind of evidence at a time. The texts are a wire story about an
/// invented flood and the paragraphs outlets add to it.
mod direction {
    use super::*;
    use isnad_core::{Credit, DirectionReason};

    const WIRE: &str = "أعلن المجلس المحلي في بلدة الصفصاف شمال المحافظة، مساء الثلاثاء، أن \
        سيولاً جارفة اجتاحت ثلاثة أحياء سكنية بعد أمطار غزيرة استمرت ست ساعات متواصلة، ما أدى \
        إلى انهيار جسر خشبي قديم فوق الوادي وغرق عشرات المنازل، فيما تعمل فرق الدفاع المدني على \
        إجلاء العائلات العالقة إلى مدرسة البلدة.";

    /// Background an outlet adds after the wire.
    const BACKGROUND: &str = "وتشهد المنطقة منذ مطلع الشهر موجة من الطقس العاصف لم تعرفها منذ \
        عقدين، بحسب خبراء الأرصاد الذين حذروا من ارتفاع منسوب المياه في السدود الصغيرة المحيطة \
        بالبلدة وطالبوا السكان بالابتعاد عن مجاري الأودية.";

    /// What another outlet adds instead.
    const DEMANDS: &str = "ويطالب سكان البلدة منذ سنوات ببناء جسر إسمنتي بديل، إلا أن المشروع \
        توقف بسبب نقص التمويل وخلافات بين الجهات المعنية حول كلفته، وفق ما يقول أعضاء في المجلس \
        المحلي الذين يتهمون الحكومة بالتقصير.";

    fn article(parts: &[&str]) -> String {
        parts.join("\n")
    }

    /// Direction and reason of the one pair of `docs`.
    fn decided(docs: &[Document]) -> (Option<ReuseDirection>, String) {
        let pairs = reuse_of(docs);
        assert_eq!(pairs.len(), 1, "{pairs:#?}");
        let reason = pairs[0]
            .direction_reason
            .expect("every new pair has a reason");
        (pairs[0].direction, reason.to_string())
    }

    fn at(mut d: Document, time: &str) -> Document {
        d.published_at = Some(time.to_owned());
        d
    }

    const DAY: Option<&str> = Some("2026-02-03");

    #[test]
    fn different_dates_decide_first() {
        // The longer article is dated first, though the texts alone would point the other way.
        let long = doc(
            "long",
            &article(&[WIRE, BACKGROUND, DEMANDS]),
            "أ",
            Some("2026-02-02"),
        );
        let short = doc("short", WIRE, "ب", DAY);
        assert_eq!(
            decided(&[long, short]),
            (Some(ReuseDirection::AToB), "published".into())
        );
    }

    #[test]
    fn on_one_day_the_time_of_day_decides() {
        let a = at(doc("a", WIRE, "أ", DAY), "2026-02-03T10:30:00+03:00");
        let b = at(
            doc("b", &article(&[WIRE, BACKGROUND]), "ب", DAY),
            "2026-02-03T07:00:00Z",
        );
        // 10:30 in Damascus is 07:30 UTC: b, at 07:00 UTC, came first.
        assert_eq!(
            decided(&[a.clone(), b.clone()]),
            (Some(ReuseDirection::BToA), "time_of_day".into())
        );
        let b = at(b, "2026-02-03T08:00:00Z");
        assert_eq!(
            decided(&[a, b]),
            (Some(ReuseDirection::AToB), "time_of_day".into())
        );
    }

    #[test]
    fn wall_clocks_without_offsets_are_ordered_only_far_apart() {
        let a = at(doc("a", WIRE, "أ", DAY), "2026-02-03 14:00");
        let b = doc("b", &article(&[WIRE, BACKGROUND]), "ب", DAY);
        // Two hours apart may be one instant in London and Abu Dhabi.
        let (direction, reason) = decided(&[a.clone(), at(b.clone(), "2026-02-03 12:00")]);
        assert_eq!(
            direction,
            Some(ReuseDirection::AToB),
            "containment decides then"
        );
        assert_eq!(reason, "containment");
        let (direction, reason) = decided(&[a, at(b, "2026-02-03 06:00")]);
        assert_eq!(
            (direction, reason.as_str()),
            (Some(ReuseDirection::BToA), "time_of_day")
        );
    }

    #[test]
    fn a_document_crediting_the_others_outlet_copied_it() {
        // The copy is the shorter text: containment alone would call it the original.
        let copy = doc(
            "copy",
            &article(&[WIRE, "نقلاً عن سبوتنيك."]),
            "عربي اليوم",
            DAY,
        );
        let original = doc("original", &article(&[WIRE, BACKGROUND]), "سبوتنيك", DAY);
        assert_eq!(
            decided(&[copy.clone(), original.clone()]),
            (Some(ReuseDirection::BToA), "credit".into())
        );
        assert_eq!(
            decided(&[original, copy]),
            (Some(ReuseDirection::AToB), "credit".into())
        );
    }

    #[test]
    fn a_credited_outlet_from_the_source_line_counts_too() {
        let mut copy = doc("copy", WIRE, "عربي اليوم", DAY);
        copy.credited = Some(Credit {
            text: "أ ف ب".into(),
            kb_id: None,
            evidence: "المصدر: أ ف ب".into(),
        });
        let agency = doc(
            "agency",
            &article(&[WIRE, BACKGROUND]),
            "وكالة فرانس برس",
            DAY,
        );
        assert_eq!(
            decided(&[agency, copy]),
            (Some(ReuseDirection::AToB), "credit".into())
        );
    }

    #[test]
    fn both_crediting_one_agency_copied_it_not_each_other() {
        let a = doc(
            "a",
            &article(&[WIRE, "وذكرت وكالة فرانس برس أن الأمطار ستتواصل."]),
            "عربي اليوم",
            DAY,
        );
        let b = doc(
            "b",
            &article(&[WIRE, BACKGROUND, DEMANDS, "بحسب ما أوردت وكالة فرانس برس."]),
            "شبكة النهر",
            DAY,
        );
        assert_eq!(
            decided(&[a, b]),
            (None, "undecided: same day, both credit one source".into())
        );
    }

    #[test]
    fn the_shorter_text_inside_the_longer_came_first() {
        let wire = doc("wire", WIRE, "أ", DAY);
        let article = doc("article", &article(&[BACKGROUND, WIRE, DEMANDS]), "ب", DAY);
        assert_eq!(
            decided(&[article.clone(), wire.clone()]),
            (Some(ReuseDirection::BToA), "containment".into())
        );
        assert_eq!(
            decided(&[wire, article]),
            (Some(ReuseDirection::AToB), "containment".into())
        );
    }

    #[test]
    fn nothing_decides_two_texts_that_each_add_or_neither() {
        let a = doc("a", &article(&[WIRE, BACKGROUND]), "أ", DAY);
        let b = doc("b", &article(&[WIRE, DEMANDS]), "ب", DAY);
        assert_eq!(
            decided(&[a.clone(), b]),
            (
                None,
                "undecided: same day, no credit, each adds text".into()
            )
        );
        let respelt = WIRE.replace(['أ', 'إ'], "ا");
        let c = doc("c", &article(&[&respelt, BACKGROUND]), "ب", None);
        let (direction, reason) = decided(&[a, c]);
        assert_eq!(direction, None);
        assert_eq!(
            reason,
            "undecided: no date, no credit, near-identical texts"
        );
        let parsed: DirectionReason = reason.parse().unwrap();
        assert!(!parsed.is_decided());
    }
}

mod api {
    use super::*;

    #[test]
    fn output_does_not_depend_on_threads_or_batching() {
        let docs: Vec<Document> = (0..6)
            .map(|i| {
                let text = if i % 2 == 0 {
                    examples_text::AGENCY
                } else {
                    examples_text::COPY
                };
                doc(
                    &format!("d{i}"),
                    &format!("مقدمة رقم {i}.\n{text}"),
                    "و",
                    None,
                )
            })
            .collect();
        let mut one = ReuseIndex::new(Params::default());
        docs.iter().for_each(|d| {
            one.add(d);
        });
        let mut all = ReuseIndex::new(Params::default());
        all.add_all(&docs);
        let (x, y) = (one.finish(), all.finish());
        assert_eq!(x, y);
        assert_eq!(x.len(), 15, "every pair of six copies");
        let order: Vec<(&str, &str)> = x.iter().map(|r| (r.a.as_str(), r.b.as_str())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }

    #[test]
    fn parameter_overrides() {
        let p = Params::default().with("min_words=10, max_gap=8").unwrap();
        assert_eq!((p.min_words, p.max_gap), (10, 8));
        let e = Params::default().with("min_wrds=10").unwrap_err();
        assert!(e.to_string().contains("min_wrds"), "{e}");
        assert!(Params::default().with("min_words").is_err());
    }

    mod examples_text {
        pub const AGENCY: &str = "قالت وزارة الدفاع في بيان صدر مساء الخميس إن وحداتها أسقطت \
            ثلاث طائرات مسيرة قرب قاعدة حميميم الجوية دون وقوع إصابات أو أضرار مادية في المعدات.";
        pub const COPY: &str = "قالت وزارة الدفاع في بيان صدر مساء الخميس ان وحداتها اسقطت \
            ثلاث طائرات مسيرة قرب قاعدة حميميم الجوية دون وقوع اصابات او اضرار مادية.";
    }
}

mod gold {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn every_expected_pair_and_no_other() {
        let (input, gold) = (data("gold/dev.input.jsonl"), data("gold/dev.gold.json"));
        if !input.exists() || !gold.exists() {
            eprintln!(
                "skipping: gold articles not found under {}",
                data("gold").display()
            );
            return;
        }
        let docs: Vec<Document> = std::fs::read_to_string(&input)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let s = |k: &str| v[k].as_str().map(str::to_owned);
                let mut d = Document::new(s("id").unwrap(), "gold", s("text").unwrap());
                d.outlet = s("outlet");
                d.published = s("published");
                d
            })
            .collect();
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&gold).unwrap()).unwrap();
        let key = |a: &str, b: &str| {
            let mut k = [a.to_owned(), b.to_owned()];
            k.sort();
            k
        };
        let expected: HashMap<[String; 2], bool> = gold["reuse"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    key(r["a"].as_str().unwrap(), r["b"].as_str().unwrap()),
                    r["expected"].as_bool().unwrap(),
                )
            })
            .collect();
        let found: HashSet<[String; 2]> = reuse_of(&docs).iter().map(|r| key(&r.a, &r.b)).collect();
        let missed: Vec<_> = expected
            .iter()
            .filter(|(k, &e)| e && !found.contains(*k))
            .collect();
        let unexpected: Vec<_> = expected
            .iter()
            .filter(|(k, &e)| !e && found.contains(*k))
            .collect();
        assert!(missed.is_empty(), "expected pairs not found: {missed:?}");
        assert!(
            unexpected.is_empty(),
            "pairs that share only the topic: {unexpected:?}"
        );
        assert_eq!(expected.values().filter(|&&e| e).count(), 8);
    }
}

mod pan {
    use super::*;

    /// Pairs recall and character-level F1 on the development set, by the project's scorer.
    #[test]
    fn development_set_meets_the_floors() {
        let dir = data("reuse/kau_arabplagdet_dev");
        let scorer = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/score.py");
        if !dir.join("pairs").exists() || !scorer.exists() {
            eprintln!("skipping: {} or the scorer not found", dir.display());
            return;
        }
        let report = pan_report::pan_report(&dir, Params::default()).unwrap();
        let out = std::env::temp_dir().join(format!("isnad-link-pan-{}.json", std::process::id()));
        std::fs::write(&out, serde_json::to_string(&report).unwrap()).unwrap();
        let run = std::process::Command::new("python3")
            .arg(&scorer)
            .arg("pan")
            .arg(dir.join("pairs"))
            .arg(&out)
            .arg("--json")
            .output();
        let _ = std::fs::remove_file(&out);
        let Ok(run) = run else {
            eprintln!("skipping: python3 not available to run the scorer");
            return;
        };
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        let recall = v["pairs"]["r"].as_f64().unwrap();
        let f1 = v["chars_on_found_pairs"]["f1"].as_f64().unwrap();
        eprintln!("PAN dev: {v}");
        assert!(recall >= 0.95, "pairs recall {recall} < 0.95: {v}");
        assert!(f1 >= 0.85, "character F1 {f1} < 0.85: {v}");
    }
}
