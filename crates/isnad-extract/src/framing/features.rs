//! Classifier features: hashed word and character n-grams over the tokens of one sentence, with
//! side names masked.
//!
//! Per token, after masking:
//! * `u` the key: the folded stem made gender-blind (`neutral`; `§S` for a side name, `§N`
//!   for a number, the character for punctuation), and `w` the whole folded token, its stem made
//!   gender-blind, when it differs from the stem;
//! * `b` the bigram of this key and the previous one (`^` at the start of a sentence);
//! * `c` character 3-, 4- and 5-grams of that whole word between `<` and `>`, for Arabic
//!   words that are not side names (morphology the stem key misses: plural endings, attached
//!   pronouns).
//!
//! n-grams never cross a sentence, so the feature vector of a paragraph is the sum of its
//! sentences' vectors, and one pass of scoring gives both the paragraph's and every sentence's
//! score (see `model.rs`).
//!
//! **Masking** is what makes the classifier even-handed by construction: every token that names
//! a side becomes the same placeholder and yields no character n-grams. A side's name is any
//! name of `isnad-kb` (states, cities, armies, armed groups, people; several words masked as
//! one), a name, nisba adjective or broken plural of `data/framing/demonyms.txt` in every
//! inflection (الأمريكي, الروسية, الإسرائيليين, الأتراك), or an actor word of
//! `data/framing/sides.txt` (النظام, المعارضة), with or without the article and clitics, even
//! where the tokenizer cut a letter wrongly (`Keys::tails`). Two sentences that differ only in
//! which side they name have identical features, hence identical scores.
//!
//! **Gender-blind keys** do the same for the words that agree with a side's name. A state takes
//! feminine agreement and an army or النظام masculine (سوريا المجرمة تقتل, النظام المجرم يقتل),
//! so the agreeing words told the classifier which kind of side a sentence was about; with the
//! feminine endings folded away they do not (feature version 4). On the development sets this
//! cost nothing measurable (task 1B dev micro-F1 0.573 without it, 0.578 with it; ArMPro dev
//! unseen 0.491 and 0.477; 1A dev accuracy 0.826 and 0.834: within the noise of a retrained,
//! re-tuned model on a few hundred paragraphs).
//!
//! Hashing is FNV-1a (64 bit) folded to [`BUCKETS`]; it is fixed here, not std's hasher, so a
//! committed model keeps its meaning across Rust versions.

use std::collections::HashSet;

use isnad_text::{Token, TokenKind};

use super::lexicon::{Keys, Lexicon};
use crate::hash::FxHashSet;

/// Number of hash buckets (features) of the model.
pub const BUCKETS: usize = 1 << 17;

/// Version of the feature definition; stored in the model and checked when it is loaded.
pub const FEATURE_VERSION: u32 = 4;

/// Mask value of a token that is not a side name.
pub(crate) const OPEN: u8 = 0;
/// Mask value of the first token of a side name: it becomes the placeholder.
pub(crate) const SIDE: u8 = 1;
/// Mask value of a later token of a multi-word side name: it yields no feature, so
/// `الولايات المتحدة` and `روسيا` both give one placeholder.
pub(crate) const SIDE_TAIL: u8 = 2;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[derive(Clone, Copy)]
struct Fnv(u64);

impl Fnv {
    fn new(tag: u8) -> Fnv {
        Fnv(FNV_OFFSET).byte(tag)
    }
    fn byte(self, b: u8) -> Fnv {
        Fnv((self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME))
    }
    fn bytes(mut self, s: &[u8]) -> Fnv {
        for &b in s {
            self = self.byte(b);
        }
        self
    }
    fn bucket(self) -> u32 {
        let h = self.0 ^ (self.0 >> 29);
        (h % BUCKETS as u64) as u32
    }
}

/// Turns sentences into bucket lists. Built once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Featurizer {
    lexicon: Lexicon,
    kb_names: FxHashSet<String>,
    /// Multi-word names (keys, words joined by one space), and the first words of them.
    kb_phrases: FxHashSet<String>,
    phrase_starts: FxHashSet<String>,
}

impl Featurizer {
    /// A featurizer masking the side names of `lexicon` (`sides.txt`, and the names, nisbas
    /// and broken plurals of `demonyms.txt`) and the names in `kb_names` (keys as
    /// [`isnad_kb::key`] makes them; up to four words). Names holding a lexicon word
    /// (`ميليشيا حزب الله`) are left out, so that masking never hides loaded wording.
    pub fn new(lexicon: Lexicon, kb_names: HashSet<String>) -> Featurizer {
        let loaded = |name: &str| {
            let toks = isnad_text::tokens(name);
            let folded = isnad_text::FoldedText::new(name);
            let keys = Keys::of_tokens(&toks, &folded);
            !lexicon.find(&keys, None).is_empty()
        };
        let mut single = FxHashSet::default();
        let mut phrases = FxHashSet::default();
        let mut starts = FxHashSet::default();
        let demonym_names = lexicon.side_phrases().to_vec();
        for k in kb_names.into_iter().chain(demonym_names) {
            if k.chars().count() < 2 || loaded(&k) {
                continue;
            }
            let words = k.split(' ').count();
            if words == 1 {
                single.insert(k);
            } else if words <= 4 {
                starts.insert(k.split(' ').next().unwrap_or("").to_owned());
                phrases.insert(k);
            }
        }
        Featurizer {
            lexicon,
            kb_names: single,
            kb_phrases: phrases,
            phrase_starts: starts,
        }
    }

    /// The names of the bundled knowledge base.
    pub fn bundled_kb_names() -> HashSet<String> {
        Featurizer::kb_names(&isnad_kb::Kb::bundled())
    }

    /// The names (keys) of a knowledge base, e.g. one the user extended: more names masked
    /// means more even-handedness. The committed model was trained with the bundled names;
    /// retrain (`isnad train framing`) after large changes to them.
    pub fn kb_names(kb: &isnad_kb::Kb) -> HashSet<String> {
        kb.aliases().map(|(k, _)| k.to_owned()).collect()
    }

    /// The lexicon whose side names are masked.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Hands `each` the keys under which token `i` may be listed as a name, until it returns
    /// true (and then returns true): its whole form, its stem, its tails (`Keys::tails`:
    /// وبالعراق without و, ب), its stem with the article when it has one (a key keeps the
    /// article: العراق, الولايات). `buf` is scratch space for the stem with the article.
    fn any_name_key(
        toks: &[Token],
        keys: &Keys,
        i: usize,
        buf: &mut String,
        mut each: impl FnMut(&str) -> bool,
    ) -> bool {
        let (s, w) = (keys.stems[i], keys.wholes[i]);
        if each(w) || each(s) || keys.tails(i).iter().any(|t| each(t)) {
            return true;
        }
        if toks[i].has(isnad_text::PieceKind::Article) {
            buf.clear();
            buf.push_str("ال");
            buf.push_str(s);
            return each(buf);
        }
        false
    }

    /// Whether token `i` names a side (`buf`: scratch space for the stem with the article).
    pub(crate) fn is_side(&self, toks: &[Token], keys: &Keys, i: usize, buf: &mut String) -> bool {
        if toks[i].kind != TokenKind::Word && toks[i].kind != TokenKind::Latin {
            return false;
        }
        Featurizer::any_name_key(toks, keys, i, buf, |k| self.kb_names.contains(k))
            || self.lexicon.is_side(keys, i)
    }

    /// The number of tokens of the longest multi-word name starting at token `i` (0 if none),
    /// whichever of the token's keys it starts with (`والجبهة`: `جبهه` starts جبهة النصرة,
    /// `الجبهه` الجبهة الوطنية للتحرير).
    fn phrase_at(&self, toks: &[Token], keys: &Keys, i: usize, buf: &mut String) -> usize {
        let mut best = 0;
        let mut phrase = String::new();
        Featurizer::any_name_key(toks, keys, i, buf, |start| {
            if !self.phrase_starts.contains(start) {
                return false;
            }
            phrase.clear();
            phrase.push_str(start);
            for (n, j) in (i + 1..toks.len().min(i + 4)).enumerate() {
                if toks[j].kind != TokenKind::Word && toks[j].kind != TokenKind::Latin {
                    break;
                }
                phrase.push(' ');
                phrase.push_str(keys.wholes[j]);
                if self.kb_phrases.contains(&phrase) {
                    best = best.max(n + 2);
                }
            }
            false
        });
        best
    }

    /// The side mask of every token ([`SIDE`], [`SIDE_TAIL`] or [`OPEN`]).
    pub(crate) fn side_mask(&self, toks: &[Token], keys: &Keys) -> Vec<u8> {
        let mut mask = vec![OPEN; toks.len()];
        let mut buf = String::new();
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind == TokenKind::Word || toks[i].kind == TokenKind::Latin {
                let n = self.phrase_at(toks, keys, i, &mut buf);
                if n > 0 {
                    mask[i] = SIDE;
                    for m in &mut mask[i + 1..i + n] {
                        *m = SIDE_TAIL;
                    }
                    i += n;
                    continue;
                }
                if self.is_side(toks, keys, i, &mut buf) {
                    mask[i] = SIDE;
                }
            }
            i += 1;
        }
        // A run of side words is one name (قوات قسد, حركة حماس, الجيش السوري).
        for i in 1..mask.len() {
            if mask[i] == SIDE && mask[i - 1] != OPEN {
                mask[i] = SIDE_TAIL;
            }
        }
        mask
    }

    /// Appends the buckets of the tokens `range` (one sentence) to `out`.
    pub(crate) fn sentence(
        &self,
        toks: &[Token],
        keys: &Keys,
        mask: &[u8],
        range: std::ops::Range<usize>,
        out: &mut Vec<u32>,
    ) {
        self.walk(toks, keys, mask, range, &mut |item| match item {
            Item::Bucket(b) => out.push(b),
            Item::Word(word) => out.extend_from_slice(&word.grams),
        });
    }

    /// [`Featurizer::sentence`] for scoring with the model numbered `model`: every bucket
    /// still goes to `out` (the norm counts them all), the buckets to weigh one by one to
    /// `loose`, and each word's n-grams, weighed once a word by `weigh` and kept with the word,
    /// are added to `acc` at once. Integer sums, so the same scores as weighing each bucket.
    pub(crate) fn sentence_weighed(
        &self,
        (toks, keys, mask): (&[Token], &Keys, &[u8]),
        range: std::ops::Range<usize>,
        (out, loose, acc): (&mut Vec<u32>, &mut Vec<u32>, &mut [i32]),
        model: u64,
        weigh: &dyn Fn(&[u32]) -> Box<[i32]>,
    ) {
        self.walk(toks, keys, mask, range, &mut |item| match item {
            Item::Bucket(b) => {
                out.push(b);
                loose.push(b);
            }
            Item::Word(word) => {
                out.extend_from_slice(&word.grams);
                if word.weighed_by != Some(model) {
                    word.weights = weigh(&word.grams);
                    word.weighed_by = Some(model);
                }
                for (a, w) in acc.iter_mut().zip(&word.weights) {
                    *a += w;
                }
            }
        });
    }

    /// Hands the features of the tokens `range` to `each`, in order.
    fn walk(
        &self,
        toks: &[Token],
        keys: &Keys,
        mask: &[u8],
        range: std::ops::Range<usize>,
        each: &mut dyn FnMut(Item<'_>),
    ) {
        let mut prev: Fnv = Fnv::new(b'^');
        for i in range {
            let t = &toks[i];
            if mask[i] == SIDE_TAIL {
                continue;
            }
            // The key, as the first letter to put in place of the key's own and the rest.
            let (head, key): (&str, &str) = if mask[i] == SIDE {
                ("", "§S")
            } else if t.kind == TokenKind::Number {
                ("", "§N")
            } else if t.kind == TokenKind::Word {
                neutral(keys.stems[i])
            } else if t.kind == TokenKind::Latin {
                ("", keys.stems[i])
            } else {
                ("", keys.wholes[i])
            };
            let (h, k) = (head.as_bytes(), key.as_bytes());
            each(Item::Bucket(Fnv::new(b'u').bytes(h).bytes(k).bucket()));
            // The bigram hashes the previous key's hash state with this key.
            each(Item::Bucket(
                Fnv::new(b'b')
                    .bytes(&prev.0.to_le_bytes())
                    .bytes(h)
                    .bytes(k)
                    .bucket(),
            ));
            prev = Fnv::new(b'k').bytes(h).bytes(k);
            if mask[i] == SIDE || t.kind != TokenKind::Word {
                continue;
            }
            let (whole, stem) = (keys.wholes[i], keys.stems[i]);
            WORD_BUCKETS.with_borrow_mut(|memo| {
                if memo.len() >= WORD_BUCKETS_CAP {
                    memo.clear();
                }
                let at = keys.stem_at[i] as usize;
                // The memo is keyed by the whole word, but its buckets are those of the word
                // with its stem made gender-blind, and one word may be cut into a different
                // stem elsewhere: a hit counts only for the same cut, or the buckets would
                // depend on which documents a thread read first.
                let same_cut = |w: &WordBuckets| {
                    w.cut.0 == at && w.cut.1 == head && &*w.cut.2 == key && w.cut.3 == stem.len()
                };
                if !memo.get(whole).is_some_and(same_cut) {
                    let blind = [&whole[..at], head, key, &whole[at + stem.len()..]].concat();
                    let mut buckets = word_buckets(&blind);
                    buckets.cut = (at, head, Box::from(key), stem.len());
                    memo.insert(Box::from(whole), buckets);
                }
                let word = memo.get_mut(whole).expect("just made");
                if whole != stem {
                    each(Item::Bucket(word.w));
                }
                each(Item::Word(word));
            });
        }
    }
}

/// The gender-blind key of a folded stem, as `(first letter to write in place of the stem's
/// own, what follows)`: the feminine ending ة (folded ه) or the perfect's ت is dropped
/// (`مجرمه` → `مجرم`, `واصلت` → `واصل`), and the imperfect's ت becomes ي (`تقتل` → `يقتل`),
/// where at least three letters remain. A state's name takes feminine agreement, an army's
/// masculine (العراق المجرم يقتل, سوريا المجرمة تقتل); without this, the words that agree with
/// a side's name would tell the classifier which kind of side it is. The key is for features
/// only: it also joins a noun with its pronoun ه (كتابه, كتاب) and makes forms that are no
/// word (تقرير → يقرير), which costs the classifier little.
fn neutral(stem: &str) -> (&'static str, &str) {
    let letters = |s: &str| s.chars().count();
    let mut body = stem;
    if letters(stem) >= 4 {
        if let Some(b) = stem.strip_suffix('ه') {
            body = b;
        } else if !stem.ends_with("ات") {
            body = stem.strip_suffix('ت').unwrap_or(stem);
        }
    }
    match body.strip_prefix('ت') {
        Some(rest) if letters(body) >= 4 => ("ي", rest),
        _ => ("", body),
    }
}

/// What [`Featurizer::walk`] hands on: a bucket, or a word's n-gram buckets.
enum Item<'a> {
    Bucket(u32),
    Word(&'a mut WordBuckets),
}

/// How many words [`WORD_BUCKETS`] holds before it starts afresh.
const WORD_BUCKETS_CAP: usize = 1 << 16;

/// A word's `w` bucket and its n-gram buckets ([`word_buckets`]), with the n-grams' weights
/// summed per label once a model scores the word.
struct WordBuckets {
    w: u32,
    grams: Box<[u32]>,
    /// Where the stem was cut and what it was made (start, gender-blind head and key, stem
    /// length): the buckets are those of that form.
    cut: (usize, &'static str, Box<str>, usize),
    /// The model whose weights `weights` sums ([`super::model::Model`]'s number).
    weighed_by: Option<u64>,
    weights: Box<[i32]>,
}

thread_local! {
    /// Each folded word's [`word_buckets`]: news repeats its words, and hashing a word's
    /// character n-grams was most of the featurizer's time.
    static WORD_BUCKETS: std::cell::RefCell<crate::hash::FxHashMap<Box<str>, WordBuckets>> =
        Default::default();
}

/// The buckets of a whole word: its `w` feature (written when it differs from the stem), and
/// its character 3-, 4- and 5-grams with `<` and `>` at its edges, in order.
fn word_buckets(whole: &str) -> WordBuckets {
    let mut chars: Vec<char> = Vec::with_capacity(whole.len() + 2);
    chars.push('<');
    chars.extend(whole.chars());
    chars.push('>');
    let mut buf = [0u8; 4];
    let mut grams = Vec::new();
    for n in 3..=5 {
        if chars.len() < n {
            break;
        }
        for win in chars.windows(n) {
            let mut h = Fnv::new(b'0' + n as u8);
            for c in win {
                h = h.bytes(c.encode_utf8(&mut buf).as_bytes());
            }
            grams.push(h.bucket());
        }
    }
    WordBuckets {
        w: Fnv::new(b'w').bytes(whole.as_bytes()).bucket(),
        grams: grams.into(),
        cut: (0, "", Box::default(), 0),
        weighed_by: None,
        weights: Box::default(),
    }
}

/// Sorts `feats` and merges duplicates into `(bucket, count)` pairs.
pub(crate) fn counted(feats: &mut [u32]) -> Vec<(u32, u32)> {
    feats.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(feats.len());
    for &f in feats.iter() {
        match out.last_mut() {
            Some((b, c)) if *b == f => *c += 1,
            _ => out.push((f, 1)),
        }
    }
    out
}
