//! Inflection by rule: the gender, number and case forms of a word written once, so that a
//! lexicon entry or a demonym is listed in one form and matches all of them.
//!
//! Why: loaded adjectives were listed in the forms someone thought of, so `الغاشم` after النظام
//! was flagged and `الغاشمة` after الحكومة was not. A state's name takes feminine agreement, an
//! army's masculine, so a form missing from a list is a side that is flagged less.
//!
//! **Forms are made, not stripped.** The other way, a lemma key that cuts ة, ون, ين, ات off every
//! word of the text, over-strips short and foreign words (أفيون, سكان, بنات, names) and makes
//! two unrelated words one. Here only the listed words are inflected, once, when a lexicon is
//! read; the forms are then looked up as exact words, and the text is never cut.
//!
//! The rules (on the written word; the article and clitics are the tokenizer's business):
//!
//! * [`nominal`], an adjective or noun written in the masculine singular (`غاشم`, `سوري`):
//!   feminine `ة`, dual `ان`/`ين` and feminine dual `تان`/`تين`, sound plurals `ون`/`ين` and
//!   `ات`, the indefinite accusative `ا` (`عدوانا غاشما`), and the construct plurals `و`/`ي`
//!   (`مجرمو الحرب`, `إرهابيي داعش`).
//! * A word written with `ة` is taken as a feminine noun (`مجزرة`): its dual `تان`/`تين`, its
//!   plural `ات`, and `ت`, the stem the tokenizer leaves when it cuts a pronoun off (`مجزرتهم`
//!   → مجزرت + هم). Its masculine is not made: write an adjective in the masculine.
//! * Words that end in `ا`, `ى`, `ء`, `و` or `ات` (عملاء, نكراء, a plural already), words of fewer
//!   than three letters, and particles ([`PARTICLES`]) keep their one form: their endings do not
//!   follow the sound pattern, or they do not inflect.
//! * [`verb`], a verb in the third person masculine singular: the perfect (`زعم`) gives
//!   `زعمت`, `زعموا`, `زعما`, `زعمتا`, `زعمن`; the imperfect (`يحيا`, `يزعم`) gives the
//!   feminine `ت` prefix and the dual and plural endings. Final weak verbs (`ادعى`, `يحيا`) get
//!   the prefix swap and, in the perfect, the `ت`/`وا` endings only.
//!
//! Broken plurals (روس, أتراك, مجازر) follow no rule; they are listed where they are wanted.

/// Particles and prepositions inside phrases (`غير قابل للتفاوض`, `على الإطلاق`): never
/// inflected, since على + ه would be عليه.
pub const PARTICLES: [&str; 24] = [
    "من", "في", "عن", "علي", "الي", "ما", "لا", "لم", "لن", "ان", "قد", "غير", "بين", "قبل", "بعد",
    "عند", "حتي", "مع", "او", "ثم", "كما", "ولا", "الا", "منذ",
];

/// The number of letters of `s`.
fn letters(s: &str) -> usize {
    s.chars().count()
}

/// `word` without a leading article when at least three letters remain (الزم stays whole).
fn without_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if letters(rest) >= 3 => rest,
        _ => word,
    }
}

/// Every gender, number and case form of an adjective or noun written as `word` (itself
/// included, first), by the rules of the module docs.
pub fn nominal(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let bare = without_article(word);
    if letters(bare) < 3 || PARTICLES.contains(&isnad_text::fold(word).as_str()) {
        return out;
    }
    if let Some(stem) = word.strip_suffix('ة') {
        for end in ["ت", "تان", "تين", "ات"] {
            out.push(format!("{stem}{end}"));
        }
        return out;
    }
    let last = word.chars().last().unwrap_or(' ');
    if matches!(last, 'ا' | 'ى' | 'ء' | 'و' | 'آ') || word.ends_with("ات") {
        return out;
    }
    for end in ["ة", "ان", "ين", "تان", "تين", "ون", "ات", "ا", "و", "ي"] {
        out.push(format!("{word}{end}"));
    }
    out
}

/// Every third-person form of a verb written as `word` in the masculine singular, perfect or
/// (starting with ي) imperfect, itself included, first.
pub fn verb(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    let last = word.chars().last().unwrap_or(' ');
    let weak = matches!(last, 'ا' | 'ى' | 'ي' | 'و');
    if let Some(core) = word.strip_prefix('ي').filter(|c| letters(c) >= 2) {
        out.push(format!("ت{core}"));
        if !weak {
            for form in ["ي{}ون", "ي{}وا", "ي{}ان", "ت{}ان", "ي{}ن"] {
                out.push(form.replace("{}", core));
            }
        }
        return out;
    }
    if letters(word) < 3 {
        return out;
    }
    if weak {
        let stem: String = {
            let mut c: Vec<char> = word.chars().collect();
            c.pop();
            c.into_iter().collect()
        };
        for end in ["ت", "وا", "تا"] {
            out.push(format!("{stem}{end}"));
        }
    } else {
        for end in ["ت", "وا", "ا", "تا", "ن"] {
            out.push(format!("{word}{end}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masculine_adjective_gives_every_gender_and_number() {
        let forms = nominal("الغاشم");
        for f in [
            "الغاشم",
            "الغاشمة",
            "الغاشمان",
            "الغاشمتين",
            "الغاشمون",
            "الغاشمين",
            "الغاشمات",
        ] {
            assert!(forms.iter().any(|x| x == f), "{f} missing from {forms:?}");
        }
        assert!(nominal("وحشي").iter().any(|x| x == "وحشيا"));
        assert!(nominal("إرهابي").iter().any(|x| x == "إرهابيي"));
    }

    #[test]
    fn a_feminine_noun_gives_its_dual_plural_and_construct_stem() {
        assert_eq!(
            nominal("مجزرة"),
            ["مجزرة", "مجزرت", "مجزرتان", "مجزرتين", "مجزرات"]
        );
    }

    #[test]
    fn short_words_particles_and_irregular_endings_keep_one_form() {
        for w in ["من", "على", "غير", "عملاء", "نكراء", "عصابات"] {
            assert_eq!(nominal(w), [w]);
        }
    }

    #[test]
    fn verbs_agree_in_gender_and_number() {
        assert_eq!(nominal("يحيا"), ["يحيا"]);
        assert_eq!(verb("يحيا"), ["يحيا", "تحيا"]);
        assert_eq!(
            verb("يزعم"),
            [
                "يزعم",
                "تزعم",
                "يزعمون",
                "يزعموا",
                "يزعمان",
                "تزعمان",
                "يزعمن"
            ]
        );
        assert_eq!(
            verb("زعم"),
            ["زعم", "زعمت", "زعموا", "زعما", "زعمتا", "زعمن"]
        );
        assert_eq!(verb("ادعى"), ["ادعى", "ادعت", "ادعوا", "ادعتا"]);
    }
}
