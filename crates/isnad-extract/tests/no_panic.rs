//! The finders never panic, and every span they report lies on character boundaries of the
//! input and prints exactly its slice.

use isnad_extract::quantity::find_quantities;
use isnad_extract::time::find_times;
use proptest::prelude::*;

/// Arabic-heavy text: letters, harakat, digits in three scripts, separators and punctuation,
/// with number words, months and approximators mixed in.
fn arabic() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "ثلاثة",
        "عشرون",
        "و",
        "مئة",
        "ألف",
        "آلاف",
        "نحو",
        "أكثر من",
        "على الأقل",
        "بين",
        "إلى",
        "من",
        "حزيران",
        "/",
        "يونيو",
        "الماضي",
        "الجمعة",
        "أمس",
        "عام",
        "هـ",
        "رمضان",
        "مروحيتين",
        "عشرات",
        "مقاتلا",
        "بالمئة",
        "٣",
        "٢٫٥",
        "۴",
        "1,500",
        "1.5",
        "-",
        "%",
        "$",
        "،",
        ".",
        " ",
        "  ",
        "ً",
        "ّ",
        "الحادي",
        "عشر",
        "السادس",
        "ليلة",
        "قبل",
        "أيام",
        "2018",
        "15",
        "0",
        "٬",
        "٫",
        "\n",
        "اف",
        "F",
    ]);
    prop::collection::vec(atoms, 0..30).prop_map(|v| v.join(" "))
}

fn check_spans(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for q in find_quantities(text) {
        assert!(q.start <= q.end && q.end <= chars.len());
        assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text);
        assert!(q.value.is_finite());
    }
    for t in find_times(text, "2018-06-15".parse().ok())
        .into_iter()
        .chain(find_times(text, None))
    {
        assert!(t.start <= t.end && t.end <= chars.len());
        assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
    }
}

proptest! {
    #[test]
    fn arbitrary_unicode(s in "\\PC{0,80}") {
        check_spans(&s);
    }

    #[test]
    fn arabic_heavy(s in arabic()) {
        check_spans(&s);
    }

    #[test]
    fn arabic_glued(v in prop::collection::vec(arabic(), 1..4)) {
        check_spans(&v.concat());
    }
}

#[test]
fn sorted_and_non_overlapping() {
    let text =
        "قتل نحو 15 مسلحا و3 مدنيين بين 8 و12 عاما، وآلاف المسلحين في حزيران/يونيو 2018 الجمعة";
    let q = find_quantities(text);
    assert!(q.windows(2).all(|w| w[0].end <= w[1].start), "{q:?}");
    let t = find_times(text, None);
    assert!(t.windows(2).all(|w| w[0].end <= w[1].start), "{t:?}");
}
