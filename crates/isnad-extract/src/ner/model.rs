//! The committed CRF model, loaded once, and the tagger that runs it.
//!
//! `models/ner.crfsuite` is a CRFsuite-format file written by `crfs` (`isnad train ner`),
//! compiled into the binary with `include_bytes!` so tagging needs no file at run time. It is
//! read on first use and shared by every thread. A missing or unreadable model (an empty
//! file) makes the tagger answer `O` everywhere, and the entity stage says so in a diagnostic.
//!
//! # Why not `crfs::Tagger`
//!
//! crfs' tagger takes each word's attributes as owned `String`s and looks every one up in the
//! model's string table (a CQDB: hashing, then a probe through the file's buckets), and reads
//! each weight out of the file's bytes again for every word. With about fifty attributes a
//! word, that was most of tagging's time. [`Crf`] reads the file once, at load: each
//! attribute name is split into its template ([`super::features::TEMPLATES`]) and values,
//! the values are numbered, and a hash table maps (template, value numbers) to the run of
//! the attribute's state weights; the transition matrix is kept transposed. Tagging then
//! numbers each word's values once ([`super::features::emit`]: the word, its stem, affixes,
//! cluster, ...), and each feature is one integer-keyed lookup whose weights are added to the
//! word's label scores directly: no string or vector is built per feature or per word.
//!
//! The arithmetic is crfs': a label's score is the sum of its weights over the word's
//! attributes (each weight times the attribute's value, always 1), and Viterbi keeps the first
//! best predecessor (strict `<`), as crfs does. So the tags are crfs' tags: a test here
//! compares the two on ANERcorp test (where the data is present), and `isnad tag` and
//! `isnad analyze` gave byte-identical output before and after each change.
//!
//! # The per-word memo
//!
//! About fifty features a word are fifty look-ups in a table larger than the cache, and as
//! many runs of weights read from all over the state table; but most features depend on the
//! word's forms alone, and news text repeats its words. So each word form is resolved once
//! a thread (`MEMO`): its values numbered, and the weights of the features it gives itself
//! and those it lends each context slot of a neighbour summed into rows of label scores
//! (all but the features that read the sentence: gazetteer codes, edges and bigrams). A
//! word's scores are then its own row plus its neighbours' rows plus the few sentence
//! features looked up. The sum is the same as crfs' but in another order, so it agrees to
//! rounding (about 1e-15), and the tags are crfs' tags (the tests compare both, on ANERcorp
//! test where the data is present). The memo is emptied when another model tags on the
//! thread, and when it would hold more than [`MEMO_CAP`] forms.

use std::cell::RefCell;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

use super::features::{self, FeatureContext, Local, Sink};
use super::gazetteer::Match;
use super::words::Word;
use crate::hash::FxHashMap;

static BYTES: &[u8] = include_bytes!("../../models/ner.crfsuite");

static BUNDLED: LazyLock<Option<Arc<Crf>>> = LazyLock::new(|| Crf::new(BYTES).ok().map(Arc::new));

/// The bundled model, if the committed file could be read.
pub(crate) fn bundled() -> Option<Arc<Crf>> {
    BUNDLED.clone()
}

/// A linear-chain CRF read out of a CRFsuite file, ready to tag (see the module docs).
#[derive(Clone)]
pub(crate) struct Crf {
    /// This model's number among those read by the process, for the per-word memo.
    id: u64,
    /// Label names by id.
    labels: Vec<Box<str>>,
    /// Every value the model's attributes name (see [`features::TEMPLATES`]), numbered.
    values: FxHashMap<Box<str>, u32>,
    /// An attribute, as its template and value numbers ([`key`]), to its run `start..end` in
    /// `state` (attributes without state features are left out: they add nothing).
    attrs: FxHashMap<u64, (u32, u32)>,
    /// State features, (label, weight), in the file's order for each attribute.
    state: Vec<(u32, f64)>,
    /// Transition weights, transposed: `trans_t[j * L + i]` is the weight of `i → j`.
    trans_t: Vec<f64>,
    /// The id of the label `O`, if the model has one.
    outside: Option<usize>,
    /// How much is taken off every word's `O` score before decoding ([`OUTSIDE_MARGIN`]).
    outside_margin: f64,
    /// Whether any feature reads the syntax tagger's reading of a word
    /// ([`features::reads_pos`]).
    reads_pos: bool,
}

/// What decoding takes off each word's score for `O`, so that the tagger proposes a name
/// where the model is nearly undecided. A CRF trained by likelihood on text that is mostly
/// `O` is cautious: on ANERcorp it finds four names in five it proposes right but only two
/// in three of those there are. Shifting the `O` score trades the one for the other (Minkov
/// et al. 2006, "NER systems that suit user's preferences: adjusting the recall-precision
/// trade-off"). The margin was chosen on the dev split (the last tenth of ANERcorp train,
/// model trained on the rest; `isnad train ner` prints the dev score at several margins):
/// see the module docs of `ner`.
pub(crate) const OUTSIDE_MARGIN: f64 = 0.6;

impl std::fmt::Debug for Crf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Crf")
            .field("labels", &self.labels)
            .field("attributes", &self.attrs.len())
            .field("values", &self.values.len())
            .field("state_features", &self.state.len())
            .finish()
    }
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("CRF model: {what} out of range"),
    )
}

fn u32_at(buf: &[u8], at: usize) -> io::Result<u32> {
    buf.get(at..at.wrapping_add(4))
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| corrupt("offset"))
}

fn f64_at(buf: &[u8], at: usize) -> io::Result<f64> {
    let b = buf
        .get(at..at.wrapping_add(8))
        .ok_or_else(|| corrupt("weight"))?;
    Ok(f64::from_le_bytes([
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
    ]))
}

/// The parts of a CRFsuite file crfs does not expose: the header's offsets of the feature
/// table and of the label and attribute reference lists (each a 12-byte chunk header, then one
/// offset a label or attribute, each pointing at a count and that many feature ids; a feature
/// is type, source, target and weight, 20 bytes).
struct Raw<'a> {
    buf: &'a [u8],
    features: usize,
    label_refs: usize,
    attr_refs: usize,
}

const CHUNK: usize = 12;
const FEATURE: usize = 20;

impl Raw<'_> {
    fn new(buf: &[u8]) -> io::Result<Raw<'_>> {
        Ok(Raw {
            buf,
            features: u32_at(buf, 28)? as usize,
            label_refs: u32_at(buf, 40)? as usize,
            attr_refs: u32_at(buf, 44)? as usize,
        })
    }

    /// The (target, weight) of each feature in the reference list `id` at `refs`, in order.
    fn features(&self, refs: usize, id: u32, mut f: impl FnMut(u32, f64)) -> io::Result<()> {
        let at = u32_at(self.buf, refs + CHUNK + 4 * id as usize)? as usize;
        let count = u32_at(self.buf, at)? as usize;
        for r in 0..count {
            let fid = u32_at(self.buf, at + 4 + 4 * r)? as usize;
            let feature = self.features + CHUNK + FEATURE * fid;
            f(
                u32_at(self.buf, feature + 8)?,
                f64_at(self.buf, feature + 12)?,
            );
        }
        Ok(())
    }
}

impl Crf {
    /// Reads a CRFsuite model (as crfs and `isnad train ner` write it).
    pub fn new(bytes: &[u8]) -> io::Result<Crf> {
        let model = crfs::Model::new(bytes)?;
        let raw = Raw::new(bytes)?;
        let l = model.num_labels() as usize;
        let labels = (0..l as u32)
            .map(|i| {
                model
                    .to_label(i)
                    .map(Box::from)
                    .ok_or_else(|| corrupt("label"))
            })
            .collect::<io::Result<Vec<_>>>()?;
        let mut bad_target = false;
        let mut trans_t = vec![0.0; l * l];
        for i in 0..l {
            raw.features(raw.label_refs, i as u32, |j, w| {
                match trans_t.get_mut(j as usize * l + i) {
                    Some(t) if (j as usize) < l => *t = w,
                    _ => bad_target = true,
                }
            })?;
        }
        let templates: FxHashMap<&str, (u8, u8)> = (0u8..)
            .zip(features::TEMPLATES)
            .map(|(t, (name, arity))| (name, (t, arity)))
            .collect();
        let n = model.num_attrs();
        let mut values: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut intern = |v: &str| -> io::Result<u32> {
            if let Some(&id) = values.get(v) {
                return Ok(id);
            }
            let id = values.len() as u32;
            if id >= 1 << 28 {
                return Err(corrupt("number of attribute values"));
            }
            values.insert(Box::from(v), id);
            Ok(id)
        };
        let mut attrs = FxHashMap::default();
        attrs.reserve(n as usize);
        let mut state = Vec::new();
        for a in 0..n {
            let start = state.len() as u32;
            raw.features(raw.attr_refs, a, |j, w| {
                bad_target |= j as usize >= l;
                state.push((j, w));
            })?;
            let end = state.len() as u32;
            if end == start {
                continue;
            }
            let name = model.to_attr(a).ok_or_else(|| corrupt("attribute"))?;
            let (head, rest) = match name.split_once('=') {
                Some((head, rest)) => (head, Some(rest)),
                None => (name, None),
            };
            // An attribute no template writes is never asked for: it is left out.
            match (templates.get(head), rest) {
                (Some(&(t, 0)), None) => {
                    attrs.insert(key(t, 0, 0), (start, end));
                }
                (Some(&(t, 1)), Some(v)) => {
                    attrs.insert(key(t, intern(v)?, 0), (start, end));
                }
                (Some(&(t, 2)), Some(v)) => {
                    // Values may hold `|` themselves: the attribute answers to every split.
                    for (i, _) in v.match_indices('|') {
                        let (a, b) = (intern(&v[..i])?, intern(&v[i + 1..])?);
                        attrs.insert(key(t, a, b), (start, end));
                    }
                }
                _ => {}
            }
        }
        if bad_target {
            return Err(corrupt("label of a feature"));
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let outside = labels.iter().position(|l| &**l == "O");
        let reads_pos = attrs.keys().any(|&k| features::reads_pos((k >> 56) as u8));
        Ok(Crf {
            reads_pos,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            labels,
            values,
            attrs,
            state,
            outside,
            outside_margin: OUTSIDE_MARGIN,
            trans_t,
        })
    }

    /// Whether the model reads the syntax tagger's part of speech and features: if not, its
    /// words need no [`Word::pos`].
    pub fn reads_pos(&self) -> bool {
        self.reads_pos
    }

    /// The same model, decoded with margin `margin` instead of [`OUTSIDE_MARGIN`].
    pub fn with_outside_margin(mut self, margin: f64) -> Crf {
        self.outside_margin = margin;
        self
    }

    #[cfg(test)]
    /// The labels of one sentence of words (empty for no words).
    pub fn tag(&self, ctx: &FeatureContext<'_>, words: &[Word]) -> Vec<&str> {
        self.tag_found(ctx, words, &ctx.gazetteer.find(words))
    }

    /// [`Crf::tag`] with the gazetteer's matches in `words` already found.
    pub fn tag_found(
        &self,
        ctx: &FeatureContext<'_>,
        words: &[Word],
        found: &[Match],
    ) -> Vec<&str> {
        let n = words.len();
        if n == 0 || self.labels.is_empty() {
            return vec!["O"; n];
        }
        let scores = MEMO.with_borrow_mut(|memo| self.scores(memo, ctx, words, found));
        self.labels_of(scores, n)
    }

    /// The labels of one sentence of words for a model of the context features alone
    /// ([`features::emit_context`]), summed feature by feature.
    pub fn tag_context(&self, ctx: &FeatureContext<'_>, words: &[Word]) -> Vec<&str> {
        if words.is_empty() || self.labels.is_empty() {
            return vec!["O"; words.len()];
        }
        let mut scorer = Scorer {
            crf: self,
            scores: vec![0.0; words.len() * self.labels.len()],
            row: 0,
        };
        features::emit_context(ctx, words, &mut scorer);
        self.labels_of(scorer.scores, words.len())
    }

    /// The labels for state scores `scores` of `n` words.
    fn labels_of(&self, mut scores: Vec<f64>, n: usize) -> Vec<&str> {
        if let Some(o) = self.outside.filter(|_| self.outside_margin != 0.0) {
            for row in scores.chunks_exact_mut(self.labels.len()) {
                row[o] -= self.outside_margin;
            }
        }
        self.viterbi(&scores, n)
            .into_iter()
            .map(|id| &*self.labels[id as usize])
            .collect()
    }

    /// The state scores of a sentence (one row of label scores a word), as [`features::emit`]
    /// into a [`Scorer`] would sum them, from the word forms' resolved features in `memo`.
    fn scores(
        &self,
        memo: &mut Memo,
        ctx: &FeatureContext<'_>,
        words: &[Word],
        found: &[Match],
    ) -> Vec<f64> {
        let l = self.labels.len();
        memo.make_room(self, words.len());
        let forms: Vec<u32> = words.iter().map(|w| memo.form(self, ctx, w)).collect();
        let gaz: Vec<u32> = features::gazetteer_codes(ctx, words.len(), found)
            .into_iter()
            .map(|g| self.value(g.unwrap_or("O")))
            .collect();
        // A form's values, its gazetteer code left 0: the bigrams do not read the code.
        let local = |i: usize| &memo.forms[forms[i] as usize];
        let mut scores = vec![0.0; words.len() * l];
        for (i, row) in scores.chunks_exact_mut(l).enumerate() {
            let rows = memo.rows_of(forms[i], l);
            row.copy_from_slice(&rows[..l]);
            let this = local(i);
            features::own_gazetteer_features(gaz[i], this, &mut |t, a, b| self.add(row, t, a, b));
            for (slot, d) in (0u8..).zip(features::SLOTS) {
                let Some(j) = i.checked_add_signed(d).filter(|&j| j < words.len()) else {
                    self.add(row, features::edge_template(slot), 0, 0);
                    continue;
                };
                let lent = &memo.rows_of(forms[j], l)[l * (1 + slot as usize)..][..l];
                for (r, x) in row.iter_mut().zip(lent) {
                    *r += x;
                }
                features::neighbour_gazetteer_feature(slot, gaz[j], &mut |t, a, b| {
                    self.add(row, t, a, b)
                });
            }
            let before = i.checked_sub(1).map(local);
            let after = (i + 1 < words.len()).then(|| local(i + 1));
            features::bigram_features(before, this, after, &mut |t, a, b| self.add(row, t, a, b));
        }
        scores
    }

    /// The number of value `s`, [`UNKNOWN`] when no attribute names it.
    #[inline]
    fn value(&self, s: &str) -> u32 {
        self.values.get(s).copied().unwrap_or(UNKNOWN)
    }

    /// The run of state weights of template `t` with values `a` and `b`, if the model has it.
    #[inline]
    fn run(&self, t: u8, a: u32, b: u32) -> Option<(u32, u32)> {
        if a == UNKNOWN || b == UNKNOWN {
            return None;
        }
        self.attrs.get(&key(t, a, b)).copied()
    }

    /// Adds feature (`t`, `a`, `b`)'s state weights to a word's label scores `row`.
    #[inline]
    fn add(&self, row: &mut [f64], t: u8, a: u32, b: u32) {
        if let Some((start, end)) = self.run(t, a, b) {
            for &(label, weight) in &self.state[start as usize..end as usize] {
                row[label as usize] += weight;
            }
        }
    }

    /// The best label sequence for state scores `state` (`n` rows of one score a label),
    /// exactly as crfs' Viterbi finds it.
    fn viterbi(&self, state: &[f64], n: usize) -> Vec<u32> {
        let l = self.labels.len();
        let mut alpha = vec![0.0; n * l];
        let mut back = vec![0u32; n * l];
        alpha[..l].copy_from_slice(&state[..l]);
        for t in 1..n {
            let (prev, current) = alpha.split_at_mut(l * t);
            let prev = &prev[l * (t - 1)..];
            let state_t = &state[l * t..l * (t + 1)];
            let back_t = &mut back[l * t..l * (t + 1)];
            for j in 0..l {
                let trans = &self.trans_t[l * j..l * (j + 1)];
                let mut best = f64::MIN;
                let mut arg = 0;
                for (i, (p, tr)) in prev.iter().zip(trans).enumerate() {
                    let score = p + tr;
                    if best < score {
                        best = score;
                        arg = i;
                    }
                }
                back_t[j] = arg as u32;
                current[j] = best + state_t[j];
            }
        }
        let mut labels = vec![0u32; n];
        let mut best = f64::MIN;
        for (i, &a) in alpha[l * (n - 1)..].iter().enumerate() {
            if best < a {
                best = a;
                labels[n - 1] = i as u32;
            }
        }
        for t in (0..n - 1).rev() {
            labels[t] = back[l * (t + 1) + labels[t + 1] as usize];
        }
        labels
    }
}

/// A value the model has no attribute with.
const UNKNOWN: u32 = u32::MAX;

/// The table key of template `t` with value numbers `a` and `b` (each under 2^28).
#[inline]
fn key(t: u8, a: u32, b: u32) -> u64 {
    (u64::from(t) << 56) | (u64::from(a) << 28) | u64::from(b)
}

/// How many word forms the per-word memo holds before it starts afresh.
const MEMO_CAP: usize = 1 << 16;

/// How many label-score rows a form keeps: its own, then what it lends each context slot.
const ROWS: usize = 1 + features::SLOTS.len();

/// Word forms to their resolved features, for one model, on one thread.
#[derive(Default)]
struct Memo {
    /// [`Crf::id`] of the model the forms are resolved against.
    crf: u64,
    /// The forms of a word, in one string: the lookup key, reused.
    key: String,
    ids: FxHashMap<Box<str>, u32>,
    /// Each form's values (the gazetteer code left 0), numbered as `ids` says.
    forms: Vec<Local>,
    /// [`ROWS`] rows of label scores a form, in the order of `forms`: the weights of its
    /// features that do not read the sentence, summed.
    rows: Vec<f64>,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

impl Memo {
    /// Empties the memo if it is another model's, or if `words` more forms would not fit.
    fn make_room(&mut self, crf: &Crf, words: usize) {
        if self.crf != crf.id || self.forms.len() + words > MEMO_CAP {
            self.ids.clear();
            self.forms.clear();
            self.rows.clear();
            self.crf = crf.id;
        }
    }

    /// The [`ROWS`] rows of form `id`, for `l` labels.
    fn rows_of(&self, id: u32, l: usize) -> &[f64] {
        &self.rows[id as usize * ROWS * l..][..ROWS * l]
    }

    /// The index in [`Memo::forms`] of `word`'s form, resolved on first sight.
    fn form(&mut self, crf: &Crf, ctx: &FeatureContext<'_>, word: &Word) -> u32 {
        // Every form the values and the own features read, NUL-separated.
        self.key.clear();
        for form in [&*word.whole, &*word.bare, &*word.stem, word.pre.as_str()] {
            self.key.push_str(form);
            self.key.push('\0');
        }
        self.key.push_str(features::kind_code(word.kind));
        self.key.push(if word.pronoun { 'p' } else { '-' });
        if let Some(t) = word.pos {
            // The part of speech and each feature group's class, one character each.
            self.key.push(char::from(b'A' + t.upos.index() as u8));
            for c in t.feats.classes() {
                self.key.push(char::from(b'0' + c as u8));
            }
        }
        if let Some(&id) = self.ids.get(self.key.as_str()) {
            return id;
        }
        let local = features::word_values(ctx, word, &mut Numbering(crf));
        let l = crf.labels.len();
        let start = self.rows.len();
        self.rows.resize(start + ROWS * l, 0.0);
        let (own, lent) = self.rows[start..].split_at_mut(l);
        let mut own_feature = |t, a, b| {
            if !features::reads_gazetteer(t) {
                crf.add(own, t, a, b)
            }
        };
        features::own_features(&local, word.pronoun, &mut own_feature);
        features::gazetteer_features(&local, &mut own_feature);
        features::own_pos_features(&local, &mut own_feature);
        for (slot, row) in (0u8..).zip(lent.chunks_exact_mut(l)) {
            features::neighbour_features(slot, &local, &mut |t, a, b| {
                if !features::reads_gazetteer(t) {
                    crf.add(row, t, a, b)
                }
            });
        }
        let id = self.forms.len() as u32;
        self.forms.push(local);
        self.ids.insert(Box::from(self.key.as_str()), id);
        id
    }
}

/// Numbers values through a model's value table (for [`features::word_values`]).
struct Numbering<'m>(&'m Crf);

impl Sink for Numbering<'_> {
    fn value(&mut self, s: &str) -> u32 {
        self.0.value(s)
    }
    fn word(&mut self, _: usize) {}
    fn feature(&mut self, _: u8, _: u32, _: u32) {}
}

/// Adds each feature's state weights to the current word's label scores: the tagger's
/// arithmetic spelt out feature by feature, which [`Crf::scores`] must equal, and how the
/// context model (which the memo does not know) tags.
struct Scorer<'m> {
    crf: &'m Crf,
    scores: Vec<f64>,
    row: usize,
}

impl Sink for Scorer<'_> {
    fn value(&mut self, s: &str) -> u32 {
        self.crf.value(s)
    }

    fn word(&mut self, i: usize) {
        self.row = i * self.crf.labels.len();
    }

    fn feature(&mut self, template: u8, a: u32, b: u32) {
        let row = &mut self.scores[self.row..self.row + self.crf.labels.len()];
        self.crf.add(row, template, a, b);
    }
}

/// Tags one sentence's words; `O` everywhere without a model.
pub(crate) fn tag_with(
    model: Option<&Crf>,
    ctx: &FeatureContext<'_>,
    words: &[Word],
) -> Vec<String> {
    match model {
        Some(m) => m
            .tag_found(ctx, words, &ctx.gazetteer.find(words))
            .into_iter()
            .map(str::to_owned)
            .collect(),
        None => vec!["O".to_owned(); words.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_reads() {
        let crf = bundled().expect("the committed model reads");
        assert!(crf.labels.iter().any(|l| &**l == "B-LOC"));
        assert!(
            crf.attrs.contains_key(&key(0, 0, 0)),
            "the bias feature `b`"
        );
    }

    /// ANERcorp test's sentences (where the data is present) and a few of our own.
    fn sentences() -> Vec<Vec<String>> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ner/anercorp/test.conll"
        );
        let mut sentences: Vec<Vec<String>> = std::fs::read_to_string(path)
            .map(|t| super::super::conll::read_words(&t))
            .unwrap_or_default();
        for text in [
            "قال الرئيس الأمريكي دونالد ترامب إن قوات سوريا الديمقراطية وصلت بالحسكة .",
            "وأعلنت وزارة الدفاع في دمشق عن 12 قتيلا وكتبوه في الحسكة | و CNN .",
            "الحسكة",
        ] {
            sentences.push(text.split(' ').map(str::to_owned).collect());
        }
        sentences
    }

    /// The words of sentence `s`, read by the syntax tagger if `crf` reads its tags.
    fn words_for(crf: &Crf, s: &[String]) -> Vec<Word<'static>> {
        super::super::pos::words(s, crf.reads_pos())
    }

    /// The tags of the model in `bytes` are crfs' own: its tagger over the feature strings,
    /// and [`Crf`] (without its `O` margin) over the same features as numbers.
    fn tags_as_crfs_does(bytes: &[u8]) {
        let recognizer = super::super::Recognizer::bundled();
        let ctx = recognizer.context();
        // crfs decodes with no margin.
        let crf = Crf::new(bytes).unwrap().with_outside_margin(0.0);
        let model = crfs::Model::new(bytes).unwrap();
        let tagger = model.tagger().unwrap();
        for s in &sentences() {
            let words = words_for(&crf, s);
            let want = tagger
                .tag(&features::sentence(&ctx, &words, features::Features::All))
                .unwrap();
            assert_eq!(crf.tag(&ctx, &words), want, "{s:?}");
        }
    }

    /// The memo's rows sum the weights the features, written one by one, sum: the same
    /// weights, added in another order, so the same scores to rounding and the same tags.
    fn memo_sums_what_the_features_sum(crf: &Crf) {
        let recognizer = super::super::Recognizer::bundled();
        let ctx = recognizer.context();
        for s in &sentences() {
            let words = words_for(crf, s);
            let mut scorer = Scorer {
                crf,
                scores: vec![0.0; words.len() * crf.labels.len()],
                row: 0,
            };
            features::emit(&ctx, &words, &mut scorer);
            let found = ctx.gazetteer.find(&words);
            let memo = MEMO.with_borrow_mut(|memo| crf.scores(memo, &ctx, &words, &found));
            for (a, b) in memo.iter().zip(&scorer.scores) {
                assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} {b} in {s:?}");
            }
            assert_eq!(
                crf.labels_of(memo, words.len()),
                crf.labels_of(scorer.scores, words.len()),
                "{s:?}"
            );
        }
    }

    /// On some sentences and, where the data is there, ANERcorp test.
    #[test]
    fn the_tags_are_those_of_crfs() {
        tags_as_crfs_does(BYTES);
    }

    #[test]
    fn the_memo_sums_what_the_features_sum() {
        memo_sums_what_the_features_sum(&bundled().expect("the committed model reads"));
    }

    /// A model that reads the syntax tagger's tags (`isnad train ner --pos`, here on a few
    /// sentences of our own): the memo keys a form by its reading too, and the tags are
    /// still crfs'.
    #[test]
    fn a_model_reading_the_part_of_speech_tags_as_crfs_does() {
        let mut conll = String::new();
        for (name, place) in [("زيد", "دمشق"), ("عمرو", "حلب"), ("خالد", "بغداد")]
        {
            conll.push_str(&format!(
                "وقال O\nالرئيس O\n{name} B-PERS\nفي O\n{place} B-LOC\nإن O\nالوضع O\nصعب O\n\n"
            ));
        }
        let settings = super::super::train::Settings {
            c1: 0.0,
            c2: 0.1,
            iterations: 30,
            full: true,
            gazetteers: None,
            pos: true,
        };
        let out = std::env::temp_dir().join(format!("isnad-pos-{}.crfsuite", std::process::id()));
        super::super::train::train(&conll, "", &settings, &out).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        let _ = std::fs::remove_file(&out);
        let crf = Crf::new(&bytes).unwrap();
        assert!(crf.reads_pos());
        tags_as_crfs_does(&bytes);
        memo_sums_what_the_features_sum(&crf);
    }

    /// The margin on `O` never makes a sentence's best labelling hold more `O`s: every
    /// labelling loses the margin once an `O`, so the new best has no more of them than the
    /// old (which scored at least as high before). Overall it finds more name words.
    #[test]
    fn the_outside_margin_never_takes_names_away() {
        let recognizer = super::super::Recognizer::bundled();
        let ctx = recognizer.context();
        let plain = Crf::new(BYTES).unwrap().with_outside_margin(0.0);
        let eager = Crf::new(BYTES).unwrap();
        const { assert!(OUTSIDE_MARGIN > 0.0) };
        let outside = |tags: &[&str]| tags.iter().filter(|t| **t == "O").count();
        let (mut before, mut after) = (0, 0);
        let sentences = sentences();
        for s in &sentences {
            let words = words_for(&plain, s);
            let (a, b) = (plain.tag(&ctx, &words), eager.tag(&ctx, &words));
            assert!(outside(&b) <= outside(&a), "{s:?}: {a:?} against {b:?}");
            (before, after) = (before + outside(&a), after + outside(&b));
        }
        // On ANERcorp test, where the data is present.
        assert!(
            sentences.len() < 100 || after < before,
            "the margin changes nothing"
        );
    }

    #[test]
    fn a_broken_file_is_an_error() {
        assert!(Crf::new(b"").is_err());
        assert!(Crf::new(b"not a CRFsuite model, only text").is_err());
    }
}
