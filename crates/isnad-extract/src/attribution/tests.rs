//! Attribution rules, one example each: the sentence, the chain, the kind, the content.

use std::sync::{Arc, OnceLock};

use super::*;

fn kb() -> Arc<Kb> {
    static KB: OnceLock<Arc<Kb>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(Kb::bundled())).clone()
}

fn attributions(outlet: Option<&str>, credited: Option<&str>, text: &str) -> Vec<Attribution> {
    let mut doc = Document::new("t", "t", text);
    doc.outlet = outlet.map(str::to_owned);
    doc.credited = credited.map(|c| isnad_core::Credit {
        text: c.to_owned(),
        kb_id: None,
        evidence: format!("المصدر: {c}"),
    });
    let layer = TextLayer::new(text);
    crate::TimeStage.run(&mut doc, &layer);
    AttributionStage::new(kb()).run(&mut doc, &layer);
    for a in &doc.attributions {
        let chars: Vec<char> = text.chars().collect();
        let slice: String = chars[a.source.start..a.source.end].iter().collect();
        assert_eq!(slice, a.source.text, "source span slices the text");
        let cue: String = chars[a.cue.start..a.cue.end].iter().collect();
        assert_eq!(cue, a.cue.text, "cue span slices the text");
    }
    doc.attributions
}

fn chain(a: &Attribution) -> Vec<&str> {
    a.chain
        .iter()
        .map(|l| l.text.as_deref().unwrap_or("?"))
        .collect()
}

fn content(text: &str, a: &Attribution) -> String {
    text.chars()
        .skip(a.content.start)
        .take(a.content.end - a.content.start)
        .collect()
}

#[test]
fn an_agency_citing_anonymous_sources_is_a_chain_of_three() {
    let text =
        "نقلت وكالة سبوتنيك عن مصادر خاصة أن القوات الأمريكية نقلت نحو 750 محتجزاً من سجن الصناعة.";
    let a = attributions(Some("RT"), None, text);
    assert_eq!(a.len(), 1);
    assert_eq!(chain(&a[0]), ["RT", "وكالة سبوتنيك", "مصادر خاصة"]);
    assert_eq!(a[0].source.text, "مصادر خاصة");
    assert_eq!(a[0].source.kind, SourceKind::Anonymous);
    assert_eq!(a[0].cue.text, "نقلت");
    assert!(content(text, &a[0]).starts_with("أن القوات الأمريكية"));
}

#[test]
fn the_sources_speaking_again_continue_the_same_chain() {
    let text = "نقلت وكالة سبوتنيك عن مصادر خاصة أن القوات نقلت المحتجزين.\nوقالت المصادر للوكالة إن العملية جرت ليلاً.";
    let a = attributions(Some("RT"), None, text);
    assert_eq!(a.len(), 2);
    assert_eq!(chain(&a[1]), ["RT", "وكالة سبوتنيك", "مصادر خاصة"]);
    assert_eq!(a[1].source.text, "المصادر");
    assert_eq!(a[1].source.kind, SourceKind::Anonymous);
}

#[test]
fn a_verb_without_subject_continues_the_latest_attribution() {
    let text = "قالت مصادر محلية إن القافلة وصلت.\nوأضافت أن الطريق أغلق.";
    let a = attributions(Some("قناة المدار"), None, text);
    assert_eq!(a.len(), 2);
    assert_eq!(a[1].cue.text, "أضافت");
    assert_eq!(a[1].source.text, "مصادر محلية");
    assert_eq!(chain(&a[1]), ["قناة المدار", "مصادر محلية"]);
}

#[test]
fn a_credited_outlet_is_the_first_cited_link_of_every_chain() {
    let text = "قالت مصادر أهلية إن الحافلات غادرت السجن.";
    let a = attributions(Some("عربي اليوم"), Some("سبوتنيك"), text);
    assert_eq!(chain(&a[0]), ["عربي اليوم", "سبوتنيك", "مصادر أهلية"]);
}

#[test]
fn a_prepositional_cue_attributes_the_clause_before_it() {
    let text = "سيطر التنظيم على أجزاء من المدينة، وفق ما أفاد المرصد السوري لحقوق الإنسان.";
    let a = attributions(Some("سكاي نيوز عربية"), None, text);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].cue.text, "وفق ما أفاد");
    assert_eq!(a[0].source.text, "المرصد السوري لحقوق الإنسان");
    assert_eq!(a[0].source.kind, SourceKind::Organization);
    assert_eq!(content(text, &a[0]), "سيطر التنظيم على أجزاء من المدينة");
}

#[test]
fn a_prepositional_cue_opening_the_sentence_attributes_what_follows() {
    let text = "وبحسب الناشطين، فإن المنقولين من جنسيات عربية وأجنبية.";
    let a = attributions(Some("الجسر نت"), None, text);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].source.kind, SourceKind::Anonymous);
    assert!(content(text, &a[0]).starts_with("المنقولين"));
}

#[test]
fn sources_that_told_an_agency_put_the_agency_in_the_chain() {
    let text = "نقلت القوات نحو 120 محتجزاً، وفق ما أفادت مصادر محلية لوكالة أنباء السنديان.";
    let elsewhere = attributions(Some("قناة المدار"), None, text);
    assert_eq!(
        chain(&elsewhere[0]),
        ["قناة المدار", "وكالة أنباء السنديان", "مصادر محلية"]
    );
    // In the agency's own report the agency is the publisher, not a relay.
    let own = attributions(Some("وكالة أنباء السنديان"), None, text);
    assert_eq!(chain(&own[0]), ["وكالة أنباء السنديان", "مصادر محلية"]);
}

#[test]
fn a_role_noun_with_a_name_is_a_person_and_an_accusing_state_is_official() {
    let text = "وقال مدير المرصد رامي عبد الرحمن إن الهجوم هو الأكبر.\nواتهمت سوريا إسرائيل بالوقوف وراء القصف.";
    let a = attributions(Some("فرانس 24"), None, text);
    assert_eq!(a[0].source.text, "مدير المرصد رامي عبد الرحمن");
    assert_eq!(a[0].source.kind, SourceKind::Person);
    assert_eq!(a[1].source.text, "سوريا");
    assert_eq!(a[1].source.kind, SourceKind::Official);
}

#[test]
fn a_denial_by_a_spokesperson_is_official() {
    let text = "نفى المتحدث باسم التحالف الدولي نقل أي محتجزين من السجن.";
    let a = attributions(Some("شبكة الفرات الإخبارية"), None, text);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].cue.text, "نفى");
    assert_eq!(a[0].source.kind, SourceKind::Official);
}

#[test]
fn words_that_only_look_like_cues_are_not_attributions() {
    let text = "وقعت اشتباكات بين الطرفين في المدينة.\nوذكر التقرير ...";
    let a = attributions(Some("قناة المدار"), None, text);
    assert!(a.is_empty(), "{a:?}");
}

#[test]
fn a_subject_before_the_verb_is_the_speaker() {
    let text = "وكانت الولايات المتحدة وفرنسا قد هددتا بالرد على الهجوم.";
    let a = attributions(Some("بي بي سي عربي"), None, text);
    assert_eq!(a.len(), 1, "{a:?}");
    assert!(
        a[0].source.text.starts_with("الولايات المتحدة"),
        "{:?}",
        a[0].source
    );
    assert_eq!(a[0].source.kind, SourceKind::Official);
}

#[test]
fn a_noun_of_saying_carries_its_speaker() {
    let text = "وتأتي هذه الخطوة بعد تهديدات تركيا بشن عملية عسكرية في المنطقة.";
    let a = attributions(Some("فرانس 24"), None, text);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].cue.text, "تهديدات");
    assert_eq!(a[0].source.text, "تركيا");
    assert_eq!(a[0].source.kind, SourceKind::Official);
}

#[test]
fn a_conjunction_the_splitter_left_on_the_verb_is_still_read() {
    let text = "وأوضحت الصحيفة أن العملية تمت في أبريل.";
    let a = attributions(Some("سكاي نيوز عربية"), None, text);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].source.kind, SourceKind::Outlet);
}

#[test]
fn a_vocalised_passive_has_no_speaker_and_a_relative_pronoun_ends_no_subject() {
    let text = "وأكد مسؤول عراقي أن البغدادي الذي أُعلن مقتله مرات عدة لا يزال حياً، مضيفا أن البغدادي يتنقل بالخفاء.";
    let a = attributions(Some("فرانس 24"), None, text);
    let sources: Vec<&str> = a.iter().map(|a| a.source.text.as_str()).collect();
    assert_eq!(sources, ["مسؤول عراقي", "مسؤول عراقي"], "{a:?}");
}

#[test]
fn a_relative_clause_on_the_source_holds_an_attribution_of_its_own() {
    let text = "وأعلنت وحدات حماية الشعب، التي تعتبرها أنقرة منظمة معادية وتخشى أن تتوسع، أنها قررت سحب مستشاريها.";
    let a = attributions(Some("فرانس 24"), None, text);
    let sources: Vec<&str> = a.iter().map(|a| a.source.text.as_str()).collect();
    assert_eq!(sources, ["وحدات حماية الشعب", "أنقرة"], "{a:?}");
    assert!(
        content(text, &a[0]).starts_with("أنها قررت"),
        "{}",
        content(text, &a[0])
    );
}

#[test]
fn a_relay_between_commas_extends_the_chain() {
    let text = "وكانت وكالة أنباء السنديان قد ذكرت، نقلاً عن مصادر محلية، أن القوات نقلت المحتجزين.";
    let a = attributions(Some("شبكة الفرات الإخبارية"), None, text);
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(
        chain(&a[0]),
        [
            "شبكة الفرات الإخبارية",
            "وكالة أنباء السنديان",
            "مصادر محلية"
        ]
    );
}

#[test]
fn a_date_after_the_source_is_when_it_spoke_not_who() {
    let text = "قال وزير الداخلية سامر الحلبي الأحد إن قوات الأمن اعتقلت خمسة أشخاص.";
    let a = attributions(Some("قناة المدار"), None, text);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].source.text, "وزير الداخلية سامر الحلبي");
}

#[test]
fn a_definite_head_names_the_organisation_named_before_it() {
    let text = "التقى الوفد مسؤولين في وزارة الصحة اللبنانية أمس. وقالت الوزارة إن عدد المصابين بلغ عشرين.";
    let mut doc = Document::new("t", "t", text);
    doc.outlet = Some("قناة المدار".to_owned());
    let layer = TextLayer::new(text);
    crate::EntityStage::new(kb()).run(&mut doc, &layer);
    crate::TimeStage.run(&mut doc, &layer);
    AttributionStage::new(kb()).run(&mut doc, &layer);
    let a = doc
        .attributions
        .iter()
        .find(|a| a.source.text == "الوزارة")
        .expect("the ministry is quoted");
    // The entity stage's mention, as far as it reaches.
    assert!(
        chain(a)
            .last()
            .is_some_and(|l| l.starts_with("وزارة الصحة")),
        "{:?}",
        chain(a)
    );
    assert_eq!(a.source.kind, SourceKind::Official);
}
