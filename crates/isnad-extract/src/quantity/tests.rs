//! Examples of what the figure finder reports, one sentence each.

use super::*;
use Approx::*;

/// Checks the figures found in `text` as (value, approx, unit).
#[track_caller]
fn check(text: &str, want: &[(f64, Approx, Option<&str>)]) {
    let got: Vec<(f64, Approx, Option<String>)> = find_quantities(text)
        .into_iter()
        .map(|q| (q.value, q.approx, q.unit))
        .collect();
    let want: Vec<(f64, Approx, Option<String>)> = want
        .iter()
        .map(|&(v, a, u)| (v, a, u.map(str::to_string)))
        .collect();
    assert_eq!(got, want, "in «{text}»");
}

/// Checks the one figure in `text`, and the text it covers.
#[track_caller]
fn check_span(text: &str, span: &str) {
    let q = find_quantities(text);
    assert_eq!(
        q.iter().map(|q| q.text.as_str()).collect::<Vec<_>>(),
        [span],
        "in «{text}»"
    );
}

#[test]
fn digits_with_counted_nouns() {
    check(
        "أفرجت السلطات عن نحو 750 محتجزاً في الحسكة.",
        &[(750.0, About, Some("person"))],
    );
    check(
        "قتل 26 مقاتلا على الأقل في الهجوم",
        &[(26.0, AtLeast, Some("person"))],
    );
    check("قتل على الأقل 26 مقاتلا", &[(26.0, AtLeast, Some("person"))]);
    check("وصلت ٣ حافلات إلى المعبر", &[(3.0, Exact, Some("bus"))]);
    check("أصيب 1,500 شخص", &[(1500.0, Exact, Some("person"))]);
    check("ارتفعت الأسعار 3.5 بالمئة", &[(3.5, Exact, Some("percent"))]);
    check(
        "بلغت النسبة نحو ثلاثة في المئة",
        &[(3.0, About, Some("percent"))],
    );
    check(
        "وخرج 40 من النساء والأطفال",
        &[(40.0, Exact, Some("person"))],
    );
    check(
        "رصدت 25 مليون دولار لمن يدلي بمعلومات",
        &[(25_000_000.0, Exact, Some("money:USD"))],
    );
    check("فرّ 12 ألفاً من السكان", &[(12000.0, Exact, None)]);
    check(
        "وصل عددهم إلى 2.5 مليون لاجئ",
        &[(2_500_000.0, Exact, Some("person"))],
    );
    check(
        "أرسل نحو 3000 جندي روسي",
        &[(3000.0, About, Some("person"))],
    );
    check("أطلقت بنحو15 صاروخا", &[(15.0, About, Some("missile"))]);
}

#[test]
fn number_words_in_every_gender_and_case() {
    check("نفذ ثلاث عمليات تبادل", &[(3.0, Exact, Some("operation"))]);
    check("اعتقل ثلاثة أسرى بريطانيين", &[(3.0, Exact, Some("person"))]);
    check("شارك خمسة وعشرون مقاتلا", &[(25.0, Exact, Some("person"))]);
    check("نقل مئة وعشرين جريحا", &[(120.0, Exact, Some("person"))]);
    check(
        "استهدفت أربع بسيارات مفخخة",
        &[(4.0, Exact, Some("vehicle"))],
    );
    check(
        "قتل سبعين شخصا على الأقل",
        &[(70.0, AtLeast, Some("person"))],
    );
    check(
        "وصل ثلاثمائة وخمسين نازحا",
        &[(350.0, Exact, Some("person"))],
    );
    check("أفرج عن اثنين من القتلى", &[(2.0, Exact, Some("person"))]);
}

#[test]
fn ranges() {
    check(
        "يتراوح عددهم بين 8 و12 مقاتلا",
        &[(8.0, Range, Some("person"))],
    );
    check("من 8 إلى 12 سيارة", &[(8.0, Range, Some("vehicle"))]);
    check("قتل 8-12 مدنيا", &[(8.0, Range, Some("person"))]);
    check(
        "رافقه أربعة إلى خمسة أشخاص",
        &[(4.0, Range, Some("person"))],
    );
    assert_eq!(find_quantities("بين 8 و12 مقاتلا")[0].value_max, Some(12.0));
    // The second number is smaller: two figures, not a range.
    check("بين 12 و8", &[(12.0, Exact, None), (8.0, Exact, None)]);
}

#[test]
fn duals_of_counted_nouns() {
    check("أسقطت مروحيتين", &[(2.0, Exact, Some("helicopter"))]);
    check("وصلت مروحيتان", &[(2.0, Exact, Some("helicopter"))]);
    check("أفرج عنهم على دفعتين", &[(2.0, Exact, None)]);
    check("قال مسؤولان أميركيان", &[(2.0, Exact, Some("person"))]);
    // A name, a country, a weekday, a plural: not duals.
    check("قال حسين إن البحرين رحبت يوم الاثنين بعودة المسلمين", &[]);
    check("قتل مقاتلين من التنظيم", &[]);
}

#[test]
fn vague_plurals_and_one() {
    check(
        "انضم آلاف المسلحين الأجانب",
        &[(1000.0, MoreThan, Some("person"))],
    );
    check(
        "يحملون عشرات الجنسيات",
        &[(10.0, MoreThan, Some("nationality"))],
    );
    check("نزح عشرات الآلاف من السكان", &[(10000.0, MoreThan, None)]);
    check(
        "خرج العشرات من مسلحي الفصيل",
        &[(10.0, MoreThan, Some("person"))],
    );
    check(
        "بينهم ألماني واحد على الأقل",
        &[(1.0, AtLeast, Some("person"))],
    );
    check("قال واحد من السكان", &[]);
    check("قتل الانتحاريون العشرة", &[(10.0, Exact, Some("person"))]);
    let q = find_quantities("بعد بضعة أيام");
    assert_eq!(
        (q[0].value, q[0].approx, q[0].value_max),
        (3.0, Range, Some(9.0))
    );
}

#[test]
fn approximators_with_clitics() {
    check(
        "وقدر عددهم وقرابة 200 مسلح",
        &[(200.0, About, Some("person"))],
    );
    check("بأكثر من 50 غارة", &[(50.0, MoreThan, Some("strike"))]);
    check("ما يزيد عن 100 قتيل", &[(100.0, MoreThan, Some("person"))]);
    check("أقل من 10 بالمئة", &[(10.0, LessThan, Some("percent"))]);
    check("لا يزيد عن 20 شخصا", &[(20.0, AtMost, Some("person"))]);
    check("لا يقل عن 20 شخصا", &[(20.0, AtLeast, Some("person"))]);
}

#[test]
fn not_quantities() {
    check(
        "في 15 يونيو 2018 عادت طائرات اف 16 وإس 300 إلى مطار تي فور",
        &[],
    );
    check("حصلت في عام 2014 على جائزة", &[]);
    check("صدر القرار 2254 عن مجلس الأمن", &[]);
    check("اتصلوا على 0991234567", &[]);
    check("وقع الهجوم في الساعة 3 فجرا", &[]);
    check("قاد طائرة F-16 في الحرب على كوفيد-19", &[]);
    check("المرحلة الأولى والجولة الثانية والقمة الثالثة", &[]);
    check("زار 13 نيسان الماضي", &[]);
    check("عقدت القمة يومي 20 و21 أيار/مايو", &[]);
    check("خلال الفترة من 1 إلى 15 آب", &[]);
    check("تعود الحادثة إلى يوم 15 من الشهر الجاري", &[]);
    check("فاز الفريق بنتيجة 3-1", &[]);
    check("في الأول من شهر 3", &[]);
    check("نشر بتاريخ 2018-06-14 و14.06.2018", &[]);
    check("اتصلوا على الرقم +963 11 2345678", &[]);
    check("في كلمته أمام الدورة 73 للجمعية العامة", &[]);
}

#[test]
fn four_digit_numbers_are_years_unless_they_count() {
    check("في 2011 اندلعت الاحتجاجات", &[]);
    check("حتى 2020", &[]);
    check("جرت الانتخابات في 2014 و2015", &[]);
    check("قال مراسل فرانس 24", &[]);
    check(
        "ارتفعت الحصيلة إلى 2000 وفاة",
        &[(2000.0, Exact, Some("death"))],
    );
    check("نشرت 2000 جندي", &[(2000.0, Exact, Some("person"))]);
    check("نحو 2000", &[(2000.0, About, None)]);
}

#[test]
fn halves_of_scales() {
    check(
        "نزح مليون ونصف المليون شخص",
        &[(1_500_000.0, Exact, Some("person"))],
    );
    check(
        "يعيش 24 مليون نسمة",
        &[(24_000_000.0, Exact, Some("person"))],
    );
}

#[test]
fn adjectival_one_and_two() {
    check("أطلق سراح الصحفيين الاثنين", &[(2.0, Exact, Some("person"))]);
    check("اعتقل سوريين اثنين", &[(2.0, Exact, Some("person"))]);
    check(
        "قتل أكثر من 60 فلسطينيا",
        &[(60.0, MoreThan, Some("person"))],
    );
}

#[test]
fn spans_cover_the_figure_and_its_noun() {
    check_span("أفرجت عن نحو 750 محتجزاً أمس", "نحو 750 محتجزاً");
    check_span("قتل 26 مقاتلا على الأقل", "26 مقاتلا على الأقل");
    check_span("انضم آلاف المسلحين الأجانب", "آلاف المسلحين");
}
