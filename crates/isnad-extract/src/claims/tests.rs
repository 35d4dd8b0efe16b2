//! Claims read from sentences, one rule per example.

use std::sync::{Arc, OnceLock};

use super::*;
use crate::{AttributionStage, EntityStage, QuantityStage, TimeStage};

fn kb() -> Arc<Kb> {
    static KB: OnceLock<Arc<Kb>> = OnceLock::new();
    KB.get_or_init(|| Arc::new(Kb::bundled())).clone()
}

fn claims(text: &str) -> Vec<Claim> {
    claims_on(text, Topic::News)
}

/// The claims of `text` in an article of `topic`.
fn claims_on(text: &str, topic: Topic) -> Vec<Claim> {
    let mut doc = Document::new("t", "t", text);
    doc.topic = Some(topic);
    doc.outlet = Some("قناة المدار".to_owned());
    doc.published = Some("2026-03-10".to_owned());
    let layer = TextLayer::new(text);
    EntityStage::new(kb()).run(&mut doc, &layer);
    QuantityStage.run(&mut doc, &layer);
    TimeStage.run(&mut doc, &layer);
    AttributionStage::new(kb()).run(&mut doc, &layer);
    ClaimStage::new(kb()).run(&mut doc, &layer);
    doc.claims
}

fn texts(values: &[RoleValue]) -> Vec<&str> {
    values.iter().map(|v| v.text.as_str()).collect()
}

#[test]
fn a_transfer_with_agent_count_origin_destination_and_means() {
    let c = claims("نقلت قوات التحالف الدولي، فجر الإثنين، نحو 120 محتجزاً من سجن غويران إلى قاعدة عسكرية في ريف دير الزور على متن ست حافلات.");
    let t = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Transfer)
        .expect("a transfer");
    assert_eq!(texts(&t.roles.agent), ["قوات التحالف الدولي"]);
    assert_eq!(t.roles.count.as_ref().map(|c| c.value), Some(120.0));
    assert_eq!(texts(&t.roles.origin), ["سجن غويران"]);
    assert_eq!(
        texts(&t.roles.destination),
        ["قاعدة عسكرية في ريف دير الزور"]
    );
    assert!(
        t.summary.starts_with("نقل: قوات التحالف الدولي"),
        "{}",
        t.summary
    );
    assert!(
        texts(&t.roles.means).iter().any(|m| m.contains("حافلات")),
        "{:?}",
        t.roles.means
    );
    assert_eq!(
        t.roles.time.as_ref().and_then(|t| t.value.as_deref()),
        Some("2026-03-09")
    );
    assert_eq!(t.modality, Modality::Asserted);
}

#[test]
fn a_claim_inside_reported_content_points_to_its_attribution() {
    let c = claims("قالت مصادر محلية إن القوات الأمريكية نقلت 150 محتجزاً إلى العراق.");
    let t = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Transfer)
        .expect("a transfer");
    assert_eq!(t.attribution.as_deref(), Some("a1"));
    assert_eq!(t.modality, Modality::Reported);
    assert_eq!(texts(&t.roles.destination), ["العراق"]);
}

#[test]
fn the_attribution_cue_naql_is_not_a_transfer() {
    let c = claims("نقلت وكالة سبوتنيك عن مصادر خاصة أن الطريق أغلق.");
    assert!(
        c.iter().all(|c| c.claim_type != ClaimType::Transfer),
        "{c:?}"
    );
}

#[test]
fn a_killing_counts_its_victims_and_a_denial_negates() {
    let c = claims("قتل 35 مقاتلا من قوات النظام في هجوم شنه تنظيم داعش على نقطة تجمع.");
    let kill = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Kill)
        .expect("a killing");
    assert_eq!(kill.roles.count.as_ref().map(|c| c.value), Some(35.0));
    let attack = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Attack)
        .expect("an attack");
    assert_eq!(texts(&attack.roles.agent), ["تنظيم داعش"]);
    let denied = claims("ولم تقصف الطائرات المدينة.");
    assert_eq!(denied[0].modality, Modality::Negated);
}

#[test]
fn qad_hedges_the_present_but_not_the_past() {
    let hedged = claims("وقد يقصف الطيران المدينة خلال الأيام المقبلة.");
    assert_eq!(hedged[0].modality, Modality::Hedged);
    let past = claims("وكانت الطائرات قد قصفت المدينة.");
    assert_eq!(past[0].modality, Modality::Asserted);
}

#[test]
fn a_relative_clause_verb_with_an_object_pronoun_supports_the_noun_before_it() {
    let c = claims("وتقاتل في المنطقة فصائل مسلحة محلية تدعمها أنقرة منذ سنوات.");
    let s = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Supply)
        .expect("support");
    assert_eq!(texts(&s.roles.agent), ["أنقرة"]);
    assert!(
        texts(&s.roles.patient).iter().any(|p| p.contains("فصائل")),
        "{:?}",
        s.roles.patient
    );
    let c = claims("وأعلن الجيش الوطني الذي تدعمه باريس، أمس، سيطرته على البلدة.");
    let s = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Supply)
        .expect("support");
    assert_eq!(texts(&s.roles.agent), ["باريس"]);
    assert!(
        texts(&s.roles.patient)
            .iter()
            .any(|p| p.contains("الجيش الوطني")),
        "{:?}",
        s.roles.patient
    );
}

#[test]
fn supported_from_a_capital_names_the_supporter() {
    let c = claims("وتسيطر على المدينة فصائل محلية مدعومة من طهران.");
    let s = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Supply)
        .expect("support");
    assert_eq!(texts(&s.roles.agent), ["طهران"]);
}

#[test]
fn a_transitive_verb_without_object_after_a_relative_pronoun_is_passive() {
    let c = claims("وكان شقيقها، الذي قتل في قصف على القرية، مقاتلا سابقا.");
    let k = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Kill)
        .expect("a killing");
    assert_eq!(texts(&k.roles.patient), ["شقيقها"]);
}

#[test]
fn a_death_caused_by_an_attack_takes_the_attacker_and_the_means() {
    let c = claims("قتل 12 جنديا في غارة شنتها طائرات حربية على معسكر للجيش.");
    let kill = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Kill)
        .expect("a killing");
    assert!(
        kill.roles
            .agent
            .iter()
            .any(|a| a.text.starts_with("طائرات حربية")),
        "{:?}",
        kill.roles.agent
    );
    assert!(
        texts(&kill.roles.means)
            .iter()
            .any(|m| m.starts_with("غارة")),
        "{:?}",
        kill.roles.means
    );
}

#[test]
fn the_lam_after_an_attack_noun_names_the_attacker() {
    let c = claims("وتصاعدت الهجمات المتكررة لمسلحي المعارضة على أطراف البلدة.");
    let attack = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Attack)
        .expect("an attack");
    assert_eq!(texts(&attack.roles.agent), ["مسلحي المعارضة"]);
}

#[test]
fn a_long_counted_subject_before_a_death_is_its_patient() {
    let c = claims("وأكدت المصادر أن 14 عنصرا من الشرطة المحلية وحرس الحدود لقوا حتفهم في الكمين.");
    let kill = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Kill)
        .expect("a killing");
    assert_eq!(kill.roles.count.as_ref().map(|c| c.value), Some(14.0));
    assert!(
        texts(&kill.roles.patient)
            .iter()
            .any(|p| p.contains("14 عنصرا")),
        "{:?}",
        kill.roles.patient
    );
}

#[test]
fn a_counted_part_of_the_victims_is_a_second_killing() {
    let c = claims("قتل 20 مدنيا بينهم 6 أطفال في قصف على السوق.");
    let counts: Vec<f64> = c
        .iter()
        .filter(|c| c.claim_type == ClaimType::Kill)
        .filter_map(|c| c.roles.count.as_ref().map(|n| n.value))
        .collect();
    assert_eq!(counts, [20.0, 6.0]);
    let c = claims("قتل قبل أيام 7 عمال في انفجار.");
    let kill = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Kill)
        .expect("a killing");
    assert!(kill.roles.agent.is_empty(), "{:?}", kill.roles.agent);
}

#[test]
fn a_place_keeps_the_noun_phrase_it_is_in() {
    let c = claims("وشن مسلحون هجوما على حاجز للشرطة في ريف حلب.");
    let attack = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Attack)
        .expect("an attack");
    assert!(
        texts(&attack.roles.location).contains(&"حاجز للشرطة في ريف حلب"),
        "{:?}",
        attack.roles.location
    );
    let c = claims("ودارت معارك عنيفة في وسط المدينة.");
    assert_eq!(texts(&c[0].roles.location), ["وسط المدينة"]);
}

#[test]
fn the_subject_of_a_passive_is_the_patient() {
    let c = claims("واقتيد المعتقلون إلى جهة مجهولة.");
    let t = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Transfer)
        .expect("a transfer");
    assert!(t.roles.agent.is_empty(), "{:?}", t.roles.agent);
    assert_eq!(texts(&t.roles.patient), ["المعتقلون"]);
    let c = claims("وأصيب الصحفي برصاص قناص.");
    let i = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Injure)
        .expect("an injury");
    assert_eq!(texts(&i.roles.patient), ["الصحفي"]);
}

#[test]
fn a_pronoun_subject_after_anna_is_the_speaker() {
    let c = claims("وقالت الشرطة في بيان إنها اعتقلت ثلاثة مهربين على الحدود.");
    let d = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Detain)
        .expect("an arrest");
    assert_eq!(texts(&d.roles.agent), ["الشرطة"]);
}

#[test]
fn the_genitive_of_a_taking_is_its_doer() {
    let c = claims("وجاء ذلك بعد استعادة الجيش الحكومي البلدة من المسلحين.");
    let s = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Seize)
        .expect("a seizure");
    assert!(
        texts(&s.roles.agent)
            .iter()
            .any(|a| a.starts_with("الجيش الحكومي")),
        "{:?}",
        s.roles.agent
    );
}

#[test]
fn a_claim_takes_the_date_nearest_its_trigger_inside_the_reported_content() {
    let c = claims("وقال المتحدث العسكري الاثنين إن الطائرات قصفت الأحد مواقع للمسلحين.");
    let a = c
        .iter()
        .find(|c| c.claim_type == ClaimType::Attack)
        .expect("an attack");
    // Published on Tuesday 2026-03-10: the Sunday before is the 8th, the Monday the 9th.
    assert_eq!(
        a.roles.time.as_ref().and_then(|t| t.value.as_deref()),
        Some("2026-03-08")
    );
}

fn first(c: &[Claim], t: ClaimType) -> &Claim {
    c.iter()
        .find(|c| c.claim_type == t)
        .unwrap_or_else(|| panic!("a claim of type {t:?} in {c:?}"))
}

#[test]
fn a_state_right_after_the_verb_is_its_subject() {
    let c = claims("قصفت تركيا مجدداً مواقع عسكرية للوحدات الكردية في ريف حلب.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(texts(&a.roles.agent), ["تركيا"]);
    assert_eq!(texts(&a.roles.patient), ["مواقع عسكرية للوحدات الكردية"]);
}

#[test]
fn a_plural_verb_has_its_subject_before_it_and_its_object_after() {
    let c =
        claims("وقال المرصد إن مسلحين من تنظيم داعش هاجموا الخميس قافلة لقوات النظام قرب تدمر.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(texts(&a.roles.agent), ["مسلحين من تنظيم داعش"]);
    assert!(
        texts(&a.roles.patient)[0].starts_with("قافلة لقوات النظام"),
        "{:?}",
        a.roles.patient
    );
}

#[test]
fn the_day_of_the_telling_is_not_the_day_of_the_event() {
    let c = claims("قتل 12 مدنياً في قصف على بلدة سراقب، وفق ما أفاد الدفاع المدني الثلاثاء.");
    let k = first(&c, ClaimType::Kill);
    assert_eq!(k.roles.time, None, "{:?}", k.roles);
}

#[test]
fn the_two_sides_of_a_deal_are_its_agents_and_its_topic_the_patient() {
    let c = claims("وجاء ذلك بموجب اتفاق بين روسيا وإيران حول مستقبل المنطقة.");
    let o = first(&c, ClaimType::Other);
    // The sides together, and each alone.
    assert_eq!(texts(&o.roles.agent), ["روسيا وإيران", "روسيا", "إيران"]);
    assert!(
        texts(&o.roles.patient).contains(&"مستقبل المنطقة"),
        "{:?}",
        o.roles
    );
}

#[test]
fn clashes_between_two_sides() {
    let c = claims("واندلعت اشتباكات بين الجيش التركي والوحدات الكردية قرب منبج.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(
        texts(&a.roles.agent),
        [
            "الجيش التركي والوحدات الكردية",
            "الجيش التركي",
            "الوحدات الكردية"
        ]
    );
}

#[test]
fn the_place_that_fell_is_where_it_happened() {
    let c = claims("وجاء الهجوم بعد أيام من سقوط الموصل.");
    let s = first(&c, ClaimType::Seize);
    assert_eq!(texts(&s.roles.location), ["الموصل"]);
}

#[test]
fn most_of_them_stands_for_the_people_counted_before() {
    let c = claims("ووصل نحو 200 مقاتل إلى المدينة، وانتشر معظمهم في الأحياء الشرقية.");
    let d = first(&c, ClaimType::Deploy);
    assert_eq!(texts(&d.roles.agent), ["نحو 200 مقاتل"]);
    assert_eq!(d.roles.count.as_ref().map(|c| c.value), Some(200.0));
}

#[test]
fn the_genitive_of_support_is_the_supported_unless_a_state() {
    // The genitive of support is who is supported; a state's is the supporter.
    let c = claims("وأشار المرصد إلى وصول المروحيات الأمريكية لدعم المقاتلين الأكراد.");
    let s = first(&c, ClaimType::Supply);
    assert_eq!(texts(&s.roles.patient), ["المقاتلين الأكراد"]);
    let c = claims("وأشار المرصد إلى دعم روسيا للقوات الحكومية.");
    let s = first(&c, ClaimType::Supply);
    assert_eq!(texts(&s.roles.agent), ["روسيا"]);
}

#[test]
fn an_adjective_of_nationality_after_an_attack_noun_is_its_agent() {
    let c = claims("وقالت مصادر محلية إن غارات جوية تركية استهدفت قرية قرب الحدود.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(texts(&a.roles.agent), ["تركية"]);
    assert_eq!(a.roles.agent[0].kb_id.as_deref(), Some("isnad:tr"));
    // The adjective ends the noun phrase: it is not also what was hit.
    let c = claims("ورجح المتحدث أنه هجوم إيراني.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(a.roles.agent[0].kb_id.as_deref(), Some("isnad:ir"));
    assert!(
        !texts(&a.roles.patient).contains(&"إيراني"),
        "{:?}",
        a.roles
    );
}

#[test]
fn a_people_named_alone_stands_for_its_state() {
    let c = claims("وأكد الشهود أن الموقع تعرض لضربة جوية للأتراك.");
    let a = first(&c, ClaimType::Attack);
    assert_eq!(a.roles.agent[0].kb_id.as_deref(), Some("isnad:tr"));
}

#[test]
fn amid_is_no_place() {
    let c = claims("وجاء القصف وسط مخاوف من تصعيد جديد.");
    let a = first(&c, ClaimType::Attack);
    assert!(a.roles.location.is_empty(), "{:?}", a.roles);
    let c = claims("وقتل ثلاثة مدنيين في وسط المدينة.");
    let k = first(&c, ClaimType::Kill);
    assert!(
        texts(&k.roles.location)
            .iter()
            .any(|l| l.contains("وسط المدينة")),
        "{:?}",
        k.roles
    );
}

#[test]
fn a_life_sentence_is_no_prison() {
    let c = claims("واعتقلت الشرطة 12 متهما صدرت بحقهم أحكام بالسجن المؤبد.");
    let d = first(&c, ClaimType::Detain);
    assert!(d.roles.location.is_empty(), "{:?}", d.roles);
}

#[test]
fn a_site_keeps_the_town_it_is_in() {
    let c = claims("وقتل حارسان في مستودع الوقود بحماة.");
    let k = first(&c, ClaimType::Kill);
    assert!(
        texts(&k.roles.location).contains(&"مستودع الوقود بحماة"),
        "{:?}",
        k.roles
    );
}

#[test]
fn a_place_past_another_event_of_the_sentence_is_that_event_s() {
    let c = claims("وجاءت الغارات وسط تقارير عن اشتباكات عنيفة في مدينة منبج.");
    let a = first(&c, ClaimType::Attack);
    assert!(a.roles.location.is_empty(), "{:?}", a.roles);
    // The event that caused it still lends its place.
    let c = claims("وقتل أربعة مدنيين جراء غارة في مدينة منبج.");
    let k = first(&c, ClaimType::Kill);
    assert!(
        texts(&k.roles.location).iter().any(|l| l.contains("منبج")),
        "{:?}",
        k.roles
    );
}

#[test]
fn a_site_in_a_province_keeps_its_province_and_frames_nothing() {
    let c = claims("وقتل ثلاثة عناصر في المستودع الرئيسي بولاية حماة.");
    let k = first(&c, ClaimType::Kill);
    assert_eq!(texts(&k.roles.location), ["المستودع الرئيسي بولاية حماة"]);
}

#[test]
fn a_sports_story_tells_no_conflict_event_unless_an_armed_party_takes_part() {
    let match_report = "شن الفريق هجوما قويا على مرمى منافسه وسيطر على الكرة في الشوط الثاني.";
    let as_news = claims(match_report);
    assert!(
        as_news.iter().any(|c| c.claim_type == ClaimType::Attack),
        "{as_news:?}"
    );
    assert!(claims_on(match_report, Topic::Sport).is_empty());
    let plot = "هاجم مسلحون من تنظيم داعش الملعب قبل المباراة.";
    let kept = claims_on(plot, Topic::Sport);
    assert!(
        kept.iter().any(|c| c.claim_type == ClaimType::Attack),
        "{kept:?}"
    );
}
