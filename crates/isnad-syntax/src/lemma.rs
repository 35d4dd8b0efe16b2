//! Lemmas: the dictionary form a word is listed under (`نقلت`، `ينقل`، `نقلوا` → `نقل`;
//! `الصحفيين` → `صحفي`), so that lexicons can name a word once for all its inflections.
//!
//! A form the treebanks hold takes the lemma they gave it most often with its part of
//! speech. Any other form is cut by an edit script learnt from them (Chrupała 2008): the
//! change from form to lemma as "drop so many letters in front and add these, drop so many at
//! the end and add those" (`يستهدف` → `استهدف`: drop `ي`, add `ا`). An averaged perceptron
//! picks the script from the word's affixes and part of speech. All forms and lemmas are
//! folded (no harakat: the treebanks' vocalised lemmas are folded before they are learnt).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use crate::features::{hash_str, mix};
use crate::perceptron::{best, Table, Trainer, Weights};
use crate::tags::Upos;
use crate::treebank::Scheme;

/// A change from a form to its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Script {
    /// Letters dropped from the front.
    pub drop_front: u8,
    /// Letters put in front of what remains.
    pub add_front: String,
    /// Letters dropped from the end.
    pub drop_back: u8,
    /// Letters put after what remains.
    pub add_back: String,
}

impl Script {
    /// The script that turns `form` into `lemma`, around their longest common run of letters;
    /// `None` when they share no letter.
    pub fn between(form: &str, lemma: &str) -> Option<Script> {
        let f: Vec<char> = form.chars().collect();
        let l: Vec<char> = lemma.chars().collect();
        let (mut len, mut end_f, mut end_l) = (0, 0, 0);
        let mut prev = vec![0usize; l.len() + 1];
        for i in 1..=f.len() {
            let mut row = vec![0usize; l.len() + 1];
            for j in 1..=l.len() {
                if f[i - 1] == l[j - 1] {
                    row[j] = prev[j - 1] + 1;
                    if row[j] > len {
                        (len, end_f, end_l) = (row[j], i, j);
                    }
                }
            }
            prev = row;
        }
        if len == 0 {
            return None;
        }
        let (start_f, start_l) = (end_f - len, end_l - len);
        Some(Script {
            drop_front: u8::try_from(start_f).ok()?,
            add_front: l[..start_l].iter().collect(),
            drop_back: u8::try_from(f.len() - end_f).ok()?,
            add_back: l[end_l..].iter().collect(),
        })
    }

    /// Whether a form of `letters` letters is long enough for it (a letter at least must
    /// remain).
    pub fn fits(&self, letters: usize) -> bool {
        usize::from(self.drop_front) + usize::from(self.drop_back) < letters
    }

    /// The lemma this script makes of `form`, if the form is long enough for it.
    pub fn apply(&self, form: &str) -> Option<String> {
        let chars: Vec<char> = form.chars().collect();
        let (front, back) = (usize::from(self.drop_front), usize::from(self.drop_back));
        if !self.fits(chars.len()) {
            return None;
        }
        let mut out = self.add_front.clone();
        out.extend(&chars[front..chars.len() - back]);
        out.push_str(&self.add_back);
        Some(out)
    }
}

/// The features the script classifier reads of a form.
fn features(form: &str, upos: Upos, out: &mut Vec<u32>) {
    out.clear();
    let chars: Vec<char> = form.chars().collect();
    let n = chars.len();
    let u = upos as u64 + 1;
    out.push(mix(300, &[u]));
    out.push(mix(301, &[n.min(10) as u64]));
    for k in 1..=4.min(n) {
        let suffix: String = chars[n - k..].iter().collect();
        let h = hash_str(&suffix);
        out.push(mix(310 + k as u32, &[h]));
        out.push(mix(320 + k as u32, &[h, u]));
    }
    for k in 1..=3.min(n) {
        let prefix: String = chars[..k].iter().collect();
        let h = hash_str(&prefix);
        out.push(mix(330 + k as u32, &[h]));
        out.push(mix(340 + k as u32, &[h, u]));
    }
    if n >= 2 {
        let edges: String = [chars[0], chars[n - 1]].iter().collect();
        out.push(mix(350, &[hash_str(&edges), u]));
    }
}

/// How many forms a thread's memo of scripted lemmas holds before it starts again.
const MEMO_LIMIT: usize = 100_000;

/// A thread's scripted lemmas, by form and part of speech, for one lemmatiser.
#[derive(Default)]
struct Memo {
    /// The lemmatiser they came from ([`Lemmatizer::id`]).
    owner: u64,
    lemmas: FxHashMap<Box<str>, Vec<(Upos, String)>>,
}

thread_local! {
    static SCRIPTED: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Numbers lemmatisers, so that a thread's memo never answers for another model.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The lemmatiser: the treebanks' dictionary and the script classifier.
#[derive(Debug, Default)]
pub struct Lemmatizer {
    /// Folded form → the lemma of each part of speech it was seen with, most frequent first.
    pub dictionary: FxHashMap<String, Vec<(Upos, String)>>,
    /// The scripts, by class number.
    pub scripts: Vec<Script>,
    /// The classifier's weights.
    pub weights: Weights,
    table: Table,
    /// This lemmatiser's number, unique in the process.
    id: u64,
}

impl Lemmatizer {
    /// A lemmatiser from its parts (as the model file stores them).
    pub fn new(
        dictionary: FxHashMap<String, Vec<(Upos, String)>>,
        scripts: Vec<Script>,
        weights: Weights,
    ) -> Lemmatizer {
        let table = weights.for_scheme(Scheme::Ud);
        Lemmatizer {
            dictionary,
            scripts,
            weights,
            table,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The lemma of a folded form with its part of speech.
    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        if matches!(upos, Upos::Punct | Upos::Num | Upos::Sym) || !has_arabic(form) {
            return form.to_owned();
        }
        if let Some(seen) = self.dictionary.get(form) {
            let same = seen
                .iter()
                .find(|(u, _)| *u == upos)
                .or_else(|| seen.first());
            if let Some((_, lemma)) = same {
                return lemma.clone();
            }
        }
        // A form the dictionary lacks is scored by the script classifier, the costly path:
        // news repeats its words, so each thread remembers what it gave.
        SCRIPTED.with_borrow_mut(|memo| {
            if memo.owner != self.id || memo.lemmas.len() >= MEMO_LIMIT {
                memo.lemmas.clear();
                memo.owner = self.id;
            }
            if let Some(seen) = memo.lemmas.get(form) {
                if let Some((_, lemma)) = seen.iter().find(|(u, _)| *u == upos) {
                    return lemma.clone();
                }
            }
            let lemma = self.scripted(form, upos);
            memo.lemmas
                .entry(form.into())
                .or_default()
                .push((upos, lemma.clone()));
            lemma
        })
    }

    /// The lemma the script classifier gives a form.
    fn scripted(&self, form: &str, upos: Upos) -> String {
        let mut feats = Vec::with_capacity(20);
        features(form, upos, &mut feats);
        let mut scores = vec![0f32; self.scripts.len()];
        self.table.score(&feats, &mut scores);
        let letters = form.chars().count();
        best(&scores, |k| self.scripts[k].fits(letters))
            .and_then(|k| self.scripts[k].apply(form))
            .unwrap_or_else(|| form.to_owned())
    }

    /// Learns from (folded form, part of speech, folded lemma) triples: every one goes into
    /// the dictionary; the scripts are learnt from the forms seen fewer than `rare` times,
    /// which are most like the forms the dictionary will lack.
    pub fn train(words: &[(String, Upos, String)], rare: usize, epochs: usize) -> Lemmatizer {
        let mut counts: FxHashMap<(&str, Upos, &str), usize> = FxHashMap::default();
        let mut form_counts: FxHashMap<&str, usize> = FxHashMap::default();
        for (form, upos, lemma) in words {
            if lemma.is_empty() || !has_arabic(form) {
                continue;
            }
            *counts.entry((form, *upos, lemma)).or_default() += 1;
            *form_counts.entry(form).or_default() += 1;
        }
        let mut entries: Vec<((&str, Upos, &str), usize)> = counts.into_iter().collect();
        // Most frequent first, ties by the strings, so the dictionary does not depend on the
        // hash order.
        entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut dictionary: FxHashMap<String, Vec<(Upos, String)>> = FxHashMap::default();
        for ((form, upos, lemma), _) in &entries {
            let seen = dictionary.entry((*form).to_owned()).or_default();
            if !seen.iter().any(|(u, _)| u == upos) {
                seen.push((*upos, (*lemma).to_owned()));
            }
        }
        let mut script_ids: FxHashMap<Script, usize> = FxHashMap::default();
        let mut scripts = Vec::new();
        let mut examples: Vec<(&str, Upos, usize)> = Vec::new();
        let mut rare_entries: Vec<&((&str, Upos, &str), usize)> = entries
            .iter()
            .filter(|((form, _, _), _)| form_counts[form] < rare)
            .collect();
        rare_entries.sort_by(|a, b| a.0.cmp(&b.0));
        for ((form, upos, lemma), _) in rare_entries {
            let Some(script) = Script::between(form, lemma) else {
                continue;
            };
            let id = *script_ids.entry(script.clone()).or_insert_with(|| {
                scripts.push(script);
                scripts.len() - 1
            });
            examples.push((form, *upos, id));
        }
        let mut trainer = Trainer::new();
        let mut feats = Vec::with_capacity(20);
        let mut scores = vec![0f32; scripts.len()];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = crate::Rng::new(7);
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &e in &order {
                let (form, upos, gold) = examples[e];
                features(form, upos, &mut feats);
                scores.fill(0.0);
                trainer.score(&feats, Scheme::Ud, &mut scores);
                let letters = form.chars().count();
                let guess = best(&scores, |k| scripts[k].fits(letters)).unwrap_or(gold);
                if guess != gold {
                    trainer.update(&feats, Scheme::Ud, gold, 1.0);
                    trainer.update(&feats, Scheme::Ud, guess, -1.0);
                }
                trainer.tick();
            }
        }
        Lemmatizer::new(dictionary, scripts, trainer.average())
    }
}

/// Whether a form has an Arabic letter (the others are their own lemma).
fn has_arabic(form: &str) -> bool {
    form.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_cut_around_the_shared_letters() {
        let s = Script::between("يستهدف", "استهدف").unwrap();
        assert_eq!((s.drop_front, s.add_front.as_str()), (1, "ا"));
        assert_eq!(s.apply("يستخدم").as_deref(), Some("استخدم"));
        let s = Script::between("نقلوا", "نقل").unwrap();
        assert_eq!(s.apply("قصفوا").as_deref(), Some("قصف"));
        assert_eq!(s.apply("وا"), None, "nothing would remain");
    }

    #[test]
    fn unseen_inflections_follow_the_seen_ones() {
        let mut words = Vec::new();
        for (form, lemma) in [
            ("نقلت", "نقل"),
            ("قتلت", "قتل"),
            ("اعتقلت", "اعتقل"),
            ("دخلت", "دخل"),
            ("نقلوا", "نقل"),
            ("قتلوا", "قتل"),
            ("دخلوا", "دخل"),
            ("خرجوا", "خرج"),
        ] {
            words.push((form.to_owned(), Upos::Verb, lemma.to_owned()));
        }
        let lemmatizer = Lemmatizer::train(&words, 5, 10);
        assert_eq!(
            lemmatizer.lemma("قتلت", Upos::Verb),
            "قتل",
            "from the dictionary"
        );
        assert_eq!(lemmatizer.lemma("غادرت", Upos::Verb), "غادر", "by a script");
        assert_eq!(lemmatizer.lemma("هاجموا", Upos::Verb), "هاجم");
        assert_eq!(lemmatizer.lemma("2018", Upos::Num), "2018");
    }
}
