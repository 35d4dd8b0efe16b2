//! Properties of the text layer on arbitrary and Arabic-heavy input: spans slice the input on
//! character boundaries, segments cover it, normalisation maps back and is idempotent, folding
//! is idempotent, and nothing panics.

use isnad_text::{clauses, fold, fold_with_map, normalize, sentences, tokens, CharIndex};
use proptest::prelude::*;

/// Pieces of text that exercise the rules: Arabic letters, harakat, tatweel, bidi and format
/// controls, digits of three systems, punctuation and quotes, line breaks, emoji, clitic-like
/// prefixes, URLs and abbreviations, and any character at all.
fn fragment() -> impl Strategy<Value = String> {
    let chars = |s: &'static str| {
        let v: Vec<char> = s.chars().collect();
        proptest::sample::select(v).prop_map(String::from)
    };
    prop_oneof![
        4 => proptest::char::range('\u{0621}', '\u{064A}').prop_map(String::from),
        2 => proptest::char::range('\u{064B}', '\u{065F}').prop_map(String::from),
        1 => chars("\u{0640}\u{0670}\u{0653}\u{0654}\u{0655}\u{06D6}\u{0610}"),
        1 => chars("\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}\u{200B}\u{FEFF}\u{200C}\u{200D}"),
        1 => chars("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"),
        2 => chars(".!?؟…،؛:;,\"'«»“”„‘’()-%"),
        2 => chars("  \n\r\t\u{2029}"),
        1 => chars("😀👍🏽\u{FE0F}ﻻﷲﺑ"),
        1 => chars("abcXYZéİ"),
        1 => proptest::sample::select(vec![
            "ال", "و", "لل", "بال", "وال", "س", "ت", "ه", "ها", "هم", "كان", "لبنان", "والد",
            "http://", "www.", "@", ".com", "..", "د.", "هـ.", "U.S.", "Dr.", "3.5", "ج.م.ع",
        ])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn arabic_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..80).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![arabic_text(), any::<String>()]
}

fn assert_span(text: &str, span: &std::ops::Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{span:?} out of {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{span:?}"
    );
}

fn check_tokens(text: &str) {
    let mut last_end = 0;
    for t in tokens(text) {
        assert_span(text, &t.span);
        assert!(t.span.start >= last_end && t.span.start < t.span.end);
        last_end = t.span.end;
        assert!(!t.pieces.is_empty());
        let mut at = t.span.start;
        for p in &t.pieces {
            assert_span(text, &p.span);
            assert_eq!(
                p.span.start,
                at,
                "pieces of {:?} are contiguous",
                t.text(text)
            );
            assert!(
                p.span.start < p.span.end,
                "empty piece in {:?}",
                t.text(text)
            );
            at = p.span.end;
        }
        assert_eq!(at, t.span.end, "pieces of {:?} cover it", t.text(text));
        assert_span(text, &t.stem_span());
        let _ = t.folded_stem(text);
    }
}

fn check_sentences(text: &str) {
    let ss = sentences(text);
    let mut at = 0;
    for s in &ss {
        assert_span(text, s);
        assert_eq!(s.start, at, "no gap or overlap");
        assert!(s.start < s.end, "no empty sentence");
        at = s.end;
        let cs = clauses(text, s.clone());
        let mut c_at = s.start;
        for c in &cs {
            assert_span(text, c);
            assert_eq!(c.start, c_at);
            c_at = c.end;
        }
        assert_eq!(c_at, s.end, "clauses cover the sentence");
    }
    assert_eq!(at, text.len(), "sentences cover the text");
    let joined: String = ss.iter().map(|s| &text[s.clone()]).collect();
    assert_eq!(joined, text);
}

fn check_normalize(text: &str) {
    let n = normalize(text);
    let mut last = 0;
    for (i, c) in n.text.char_indices().chain([(n.text.len(), ' ')]) {
        let o = n.to_original(i);
        assert!(text.is_char_boundary(o), "offset {i} maps into a character");
        assert!(o >= last, "the map is monotonic");
        last = o;
        if i < n.text.len() {
            let span = n.span_to_original(i..i + c.len_utf8());
            assert_span(text, &span);
            assert!(!span.is_empty(), "a shadow character comes from something");
        }
    }
    let again = normalize(&n.text);
    assert_eq!(again.text, n.text, "normalize is idempotent");
    assert!(again.is_unchanged());
    // The pipeline: segment the shadow text, map spans back.
    for t in tokens(&n.text) {
        assert_span(text, &n.span_to_original(t.span.clone()));
    }
    for s in sentences(&n.text) {
        assert_span(text, &n.span_to_original(s));
    }
}

fn check_fold(text: &str) {
    let f = fold(text);
    assert_eq!(fold(&f), f, "fold is idempotent");
    let m = fold_with_map(text);
    assert_eq!(m.text, f);
    for (i, c) in m.text.char_indices() {
        assert_span(text, &m.span_to_input(i..i + c.len_utf8()));
    }
    assert!(text.is_char_boundary(m.to_input(m.text.len())));
}

fn check_char_index(text: &str) {
    let idx = CharIndex::new(text);
    for (n, (b, _)) in text.char_indices().enumerate() {
        assert_eq!(idx.char_offset(b), n);
    }
    assert_eq!(idx.char_offset(text.len()), text.chars().count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn token_spans_are_sound(text in any_text()) { check_tokens(&text); }

    #[test]
    fn sentences_cover_the_text(text in any_text()) { check_sentences(&text); }

    #[test]
    fn normalize_maps_back_and_is_idempotent(text in any_text()) { check_normalize(&text); }

    #[test]
    fn fold_is_idempotent_and_maps_back(text in any_text()) { check_fold(&text); }

    #[test]
    fn char_index_counts_code_points(text in any_text()) { check_char_index(&text); }
}

#[test]
fn edge_cases() {
    for text in [
        "",
        " ",
        "\n",
        "\u{200F}",
        "ـ",
        "\u{064E}",
        "«",
        "\"",
        ".",
        "..",
        "و",
        "وال",
        "لل",
        "\u{0627}\u{0653}\u{0640}\u{0654}",
        "د\u{0651}\u{0640}\u{064E}",
        "«نص. \n",
        "ﻻ\u{064E}",
    ] {
        check_tokens(text);
        check_sentences(text);
        check_normalize(text);
        check_fold(text);
        check_char_index(text);
    }
}
