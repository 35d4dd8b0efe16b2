//! The contextual layer: one-vs-rest logistic regression over hashed features
//! (`features.rs`), trained in Rust, quantised to `i8` and committed as `models/framing.bin`.
//!
//! **Why this model.** The training set is small (2,427 paragraphs and tweets of ArAIEval 2023
//! task 1), most labels have a few dozen examples, and the engine must read well over 1 MB/s per
//! core. A linear model over word and character n-grams is the strongest thing that fits those
//! three facts: it trains in seconds, scores with one table lookup per feature, and each weight
//! can be read back as "this n-gram pushes towards that label".
//!
//! **Training** (`train`): L2-normalised count vectors, AdaGrad on the logistic loss, a fixed
//! number of epochs, examples shuffled by a fixed-seed xorshift generator, labels with fewer
//! than `min_positives` training examples left out (the lexicons cover some of them). Same
//! data and config give the same bytes.
//!
//! **Thresholds** are chosen on development data, never on a test file, in two steps. The gate
//! (`tune_gate`) comes first and alone: its threshold maximises the *accuracy* of the task 1A
//! decision on ArAIEval 1A dev, the decision being "some lexicon hit, or the gate at or above
//! its threshold" (`decides_yes`; a lexicon hit is right for "has a technique" 95% of the time
//! on train). Then the techniques (`tune_thresholds`), with the gate fixed, maximise micro-F1
//! of the whole stage on 1B and ArMPro dev: first one threshold for all labels, then one per
//! label for labels with enough development examples. An open gate always yields a label (the
//! likeliest, when none is above its threshold), so what the stage emits agrees with the
//! decision. The gate used to be tuned with the techniques, for multi-label micro-F1, which
//! pushed it down until nearly every paragraph passed.
//!
//! **Format**, little-endian: `ISNF`, format version, feature version, buckets, label count;
//! per label its name (u8 length + UTF-8), bias, scale and threshold (f32); then the weights as
//! `i8`, bucket-major (the weights of one feature for every label lie side by side, so scoring
//! touches one cache line per feature).

use std::cell::RefCell;
use std::collections::HashSet;

use isnad_text::TextLayer;

use super::features::{counted, Featurizer, BUCKETS, FEATURE_VERSION};
use super::lexicon::Keys;

const MAGIC: &[u8; 4] = b"ISNF";

/// The model's extra output: whether a paragraph uses any technique at all (ArAIEval task 1A).
/// It is a gate, never a span: below its threshold no classifier label of the paragraph is
/// reported (lexicon hits still are).
pub const ANY: &str = "any";
const FORMAT: u32 = 1;

/// A loaded classifier. Immutable; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Model {
    /// This model's number among those made by the process, for the featurizer's per-word
    /// weight sums ([`Featurizer::sentence_weighed`]).
    id: u64,
    /// Technique labels, one per output.
    pub labels: Vec<String>,
    /// Bias per label.
    pub bias: Vec<f32>,
    /// Dequantisation scale per label.
    pub scale: Vec<f32>,
    /// Decision threshold on the probability, per label.
    pub threshold: Vec<f32>,
    weights: Vec<i8>,
}

/// Models are equal when their labels, calibration and weights are (whatever their number).
impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.labels == other.labels
            && self.bias == other.bias
            && self.scale == other.scale
            && self.threshold == other.threshold
            && self.weights == other.weights
    }
}

/// A number for a new model ([`Model::id`]).
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Why model bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "framing model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.at + n;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| ModelError("truncated".into()))?;
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The classifier's view of one paragraph.
#[derive(Debug, Clone)]
pub struct ParagraphScores {
    /// Probability per model label for the whole paragraph.
    pub paragraph: Vec<f32>,
    /// Per label: the index (into the sentences given) of the sentence that scores highest,
    /// and its probability.
    pub best_sentence: Vec<(usize, f32)>,
}

impl Model {
    /// Reads a model from its bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(ModelError("not a framing model (bad magic)".into()));
        }
        let format = r.u32()?;
        if format != FORMAT {
            return Err(ModelError(format!("format {format}, expected {FORMAT}")));
        }
        let fv = r.u32()?;
        if fv != FEATURE_VERSION {
            return Err(ModelError(format!(
                "feature version {fv}, this build computes {FEATURE_VERSION}: retrain with `isnad train framing`"
            )));
        }
        let buckets = r.u32()? as usize;
        if buckets != BUCKETS {
            return Err(ModelError(format!("{buckets} buckets, expected {BUCKETS}")));
        }
        let n = r.u32()? as usize;
        let mut m = Model {
            id: next_id(),
            labels: Vec::with_capacity(n),
            bias: Vec::with_capacity(n),
            scale: Vec::with_capacity(n),
            threshold: Vec::with_capacity(n),
            weights: Vec::new(),
        };
        for _ in 0..n {
            let len = r.take(1)?[0] as usize;
            let name = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError("label is not UTF-8".into()))?;
            m.labels.push(name.to_owned());
            m.bias.push(r.f32()?);
            m.scale.push(r.f32()?);
            m.threshold.push(r.f32()?);
        }
        let w = r.take(n * buckets)?;
        m.weights = w.iter().map(|&b| b as i8).collect();
        Ok(m)
    }

    /// The model's bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.weights.len() + 1024);
        out.extend_from_slice(MAGIC);
        for v in [
            FORMAT,
            FEATURE_VERSION,
            BUCKETS as u32,
            self.labels.len() as u32,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (i, l) in self.labels.iter().enumerate() {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
            for v in [self.bias[i], self.scale[i], self.threshold[i]] {
                out.extend_from_slice(&v.to_bits().to_le_bytes());
            }
        }
        out.extend(self.weights.iter().map(|&w| w as u8));
        out
    }

    /// Adds the weights of every bucket of `feats` to `acc`. A bucket occurring `c` times
    /// adds its weights `c` times: integer sums, so the same as adding `c` times them once.
    fn add_weights(&self, feats: &[u32], acc: &mut [i32]) {
        let n = self.labels.len();
        for &b in feats {
            let row = &self.weights[b as usize * n..b as usize * n + n];
            for (a, &w) in acc.iter_mut().zip(row) {
                *a += i32::from(w);
            }
        }
    }

    /// Scores a paragraph whose sentences are the token ranges `sentences` of `toks`.
    pub(crate) fn score(
        &self,
        fz: &Featurizer,
        toks: &[isnad_text::Token],
        keys: &Keys,
        mask: &[u8],
        sentences: &[std::ops::Range<usize>],
    ) -> ParagraphScores {
        let n = self.labels.len();
        let mut total = vec![0i32; n];
        let mut all: Vec<u32> = Vec::new();
        let mut best = vec![(0usize, f32::NEG_INFINITY); n];
        let mut feats: Vec<u32> = Vec::new();
        let mut loose: Vec<u32> = Vec::new();
        let mut acc = vec![0i32; n];
        let weigh = |grams: &[u32]| {
            let mut sums = vec![0i32; n];
            self.add_weights(grams, &mut sums);
            sums.into_boxed_slice()
        };
        for (si, range) in sentences.iter().enumerate() {
            feats.clear();
            loose.clear();
            acc.iter_mut().for_each(|a| *a = 0);
            fz.sentence_weighed(
                (toks, keys, mask),
                range.clone(),
                (&mut feats, &mut loose, &mut acc),
                self.id,
                &weigh,
            );
            if feats.is_empty() {
                continue;
            }
            all.extend_from_slice(&feats);
            self.add_weights(&loose, &mut acc);
            let norm = count_norm(&mut feats);
            for l in 0..n {
                total[l] += acc[l];
                let p = sigmoid(self.bias[l] + self.scale[l] * acc[l] as f32 / norm);
                if p > best[l].1 {
                    best[l] = (si, p);
                }
            }
        }
        let norm = count_norm(&mut all).max(1.0);
        let paragraph = (0..n)
            .map(|l| sigmoid(self.bias[l] + self.scale[l] * total[l] as f32 / norm))
            .collect();
        ParagraphScores {
            paragraph,
            best_sentence: best,
        }
    }

    /// Probabilities per label of a text taken as one paragraph.
    pub fn predict_text(&self, fz: &Featurizer, text: &str) -> Vec<f32> {
        let layer = TextLayer::new(text);
        let keys = Keys::new(&layer);
        let mask = fz.side_mask(&layer.tokens, &keys);
        let sents = sentence_token_ranges(&layer, 0..text.len());
        self.score(fz, &layer.tokens, &keys, &mask, &sents)
            .paragraph
    }
}

/// The token ranges of the sentences of `layer` that start inside `span` (bytes).
pub(crate) fn sentence_token_ranges(
    layer: &TextLayer,
    span: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for s in &layer.sentences {
        if s.start < span.start || s.start >= span.end {
            continue;
        }
        let from = layer.tokens.partition_point(|t| t.span.start < s.start);
        let to = layer
            .tokens
            .partition_point(|t| t.span.start < s.end.min(span.end));
        if to > from {
            out.push(from..to);
        }
    }
    out
}

/// One training example.
#[derive(Debug, Clone)]
pub struct Example {
    /// The paragraph or tweet.
    pub text: String,
    /// Its technique labels (`no_technique` or none for a clean one).
    pub labels: Vec<String>,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Shuffling seed.
    pub seed: u64,
    /// Labels with fewer training examples get no output.
    pub min_positives: usize,
    /// Initial threshold of every label.
    pub threshold: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            learning_rate: 0.3,
            l2: 1e-6,
            seed: 20_231_201,
            min_positives: 20,
            threshold: 0.5,
        }
    }
}

thread_local! {
    /// A count per bucket for [`count_norm`], all zero between its calls (512 KiB a thread,
    /// allocated once rather than once a paragraph).
    static COUNTS: RefCell<Vec<u32>> = RefCell::new(vec![0; BUCKETS]);
}

/// The norm of the count vector of `feats` (how often each bucket occurs), as `f32`.
///
/// Scoring used to sort the features to count them ([`counted`]) and sum `(c * c) as f32`
/// bucket by bucket; here the sum of squares is an exact integer, counted in a scratch table
/// without sorting. Below 2^24 every partial sum is exact in `f32`, so the two agree bit for
/// bit; above it (never seen: a bucket 4,096 times in one paragraph) the old way is taken.
fn count_norm(feats: &mut [u32]) -> f32 {
    let sq = COUNTS.with_borrow_mut(|counts| {
        let mut sq = 0u64;
        for &f in feats.iter() {
            let c = &mut counts[f as usize];
            sq += 2 * u64::from(*c) + 1;
            *c += 1;
        }
        for &f in feats.iter() {
            counts[f as usize] = 0;
        }
        sq
    });
    if sq < 1 << 24 {
        return (sq as f32).sqrt();
    }
    let sq: f32 = counted(feats).iter().map(|&(_, k)| (k * k) as f32).sum();
    sq.sqrt()
}

/// The L2-normalised feature vector of a text taken as one paragraph.
pub(crate) fn vectorise(fz: &Featurizer, text: &str) -> Vec<(u32, f32)> {
    let layer = TextLayer::new(text);
    let keys = Keys::new(&layer);
    let mask = fz.side_mask(&layer.tokens, &keys);
    let mut feats = Vec::new();
    for r in sentence_token_ranges(&layer, 0..text.len()) {
        fz.sentence(&layer.tokens, &keys, &mask, r, &mut feats);
    }
    let c = counted(&mut feats);
    let norm = c
        .iter()
        .map(|&(_, k)| (k * k) as f32)
        .sum::<f32>()
        .sqrt()
        .max(1.0);
    c.into_iter().map(|(b, k)| (b, k as f32 / norm)).collect()
}

/// Trains a model on `examples` (thresholds all `cfg.threshold`; tune them afterwards).
pub fn train(fz: &Featurizer, examples: &[Example], cfg: &TrainConfig) -> Model {
    let labels: Vec<String> = super::TECHNIQUES
        .iter()
        .filter(|t| {
            examples
                .iter()
                .filter(|e| e.labels.iter().any(|l| l == *t))
                .count()
                >= cfg.min_positives
        })
        .map(|t| (*t).to_owned())
        .chain(std::iter::once(ANY.to_owned()))
        .collect();
    let n = labels.len();
    let xs: Vec<Vec<(u32, f32)>> = examples.iter().map(|e| vectorise(fz, &e.text)).collect();
    let ys: Vec<Vec<f32>> = examples
        .iter()
        .map(|e| {
            let set: HashSet<&str> = e
                .labels
                .iter()
                .map(String::as_str)
                .filter(|l| *l != "no_technique")
                .collect();
            labels
                .iter()
                .map(|l| {
                    let yes = if l == ANY {
                        !set.is_empty()
                    } else {
                        set.contains(l.as_str())
                    };
                    f32::from(u8::from(yes))
                })
                .collect()
        })
        .collect();
    let mut w = vec![0f32; BUCKETS * n];
    let mut g = vec![1e-6f32; BUCKETS * n];
    let mut b = vec![0f32; n];
    let mut gb = vec![1e-6f32; n];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = cfg.seed.max(1);
    let mut z = vec![0f32; n];
    for _epoch in 0..cfg.epochs {
        // Fisher-Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let x = &xs[e];
            z.copy_from_slice(&b);
            for &(f, v) in x {
                let row = &w[f as usize * n..f as usize * n + n];
                for (zl, &wl) in z.iter_mut().zip(row) {
                    *zl += v * wl;
                }
            }
            for l in 0..n {
                let grad = sigmoid(z[l]) - ys[e][l];
                gb[l] += grad * grad;
                b[l] -= cfg.learning_rate * grad / gb[l].sqrt();
                for &(f, v) in x {
                    let i = f as usize * n + l;
                    let gi = grad * v + cfg.l2 * w[i];
                    g[i] += gi * gi;
                    w[i] -= cfg.learning_rate * gi / g[i].sqrt();
                }
            }
        }
    }
    let mut scale = vec![0f32; n];
    for (l, s) in scale.iter_mut().enumerate() {
        let max = (0..BUCKETS)
            .map(|f| w[f * n + l].abs())
            .fold(0f32, f32::max);
        *s = if max > 0.0 { max / 127.0 } else { 1.0 };
    }
    let weights = (0..BUCKETS * n)
        .map(|i| (w[i] / scale[i % n]).round().clamp(-127.0, 127.0) as i8)
        .collect();
    Model {
        id: next_id(),
        labels,
        bias: b,
        scale,
        threshold: vec![cfg.threshold; n],
        weights,
    }
}

/// One development document for threshold tuning.
#[derive(Debug, Clone)]
pub struct TuneDoc {
    /// Gold techniques.
    pub gold: HashSet<String>,
    /// Techniques the lexicon finds (kept whatever the thresholds).
    pub lexicon: HashSet<String>,
    /// The classifier's highest paragraph probability per model label.
    pub probs: Vec<f32>,
}

/// Micro-averaged (tp, fp, fn) of the stage on `docs` with `thresholds`.
pub fn counts(labels: &[String], thresholds: &[f32], docs: &[TuneDoc]) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for d in docs {
        let mut pred: HashSet<&str> = d.lexicon.iter().map(String::as_str).collect();
        let open = labels
            .iter()
            .position(|l| l == ANY)
            .is_none_or(|a| d.probs[a] >= thresholds[a]);
        for (l, name) in labels.iter().enumerate() {
            if open && name != ANY && d.probs[l] >= thresholds[l] {
                pred.insert(name);
            }
        }
        if open && pred.is_empty() {
            if let Some(l) = likeliest(labels, &d.probs) {
                pred.insert(&labels[l]);
            }
        }
        let gold: HashSet<&str> = d.gold.iter().map(String::as_str).collect();
        tp += pred.intersection(&gold).count();
        fp += pred.difference(&gold).count();
        fn_ += gold.difference(&pred).count();
    }
    (tp, fp, fn_)
}

/// The technique output (not the gate) with the highest probability in `probs`.
pub(crate) fn likeliest(labels: &[String], probs: &[f32]) -> Option<usize> {
    (0..labels.len())
        .filter(|&l| labels[l] != ANY)
        .max_by(|&a, &b| probs[a].total_cmp(&probs[b]).then(b.cmp(&a)))
}

/// The task 1A decision of the stage on one document: some lexicon hit, or the gate at or
/// above `gate_threshold` (the stage then reports at least one classifier label).
pub fn decides_yes(doc: &TuneDoc, gate: usize, gate_threshold: f32) -> bool {
    !doc.lexicon.is_empty() || doc.probs[gate] >= gate_threshold
}

/// Accuracy, positive-class F1 and always-yes accuracy of the 1A decision on `docs` (gold:
/// non-empty means "has a technique").
pub fn binary_scores(docs: &[TuneDoc], gate: usize, gate_threshold: f32) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for d in docs {
        match (!d.gold.is_empty(), decides_yes(d, gate, gate_threshold)) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let n = docs.len().max(1) as f64;
    (
        (tp + tn) as f64 / n,
        f1((tp, fp, fn_)),
        (tp + fn_) as f64 / n,
    )
}

/// Chooses the gate's threshold maximising the accuracy of the task 1A decision
/// ([`decides_yes`]) on `docs`; ties go to the lower threshold. Returns the accuracy reached,
/// or `None` when the model has no gate.
pub fn tune_gate(model: &mut Model, docs: &[TuneDoc]) -> Option<f64> {
    let gate = model.labels.iter().position(|l| l == ANY)?;
    let mut best = (f64::NEG_INFINITY, 0.0f32);
    for t in (0..=95).map(|i| i as f32 * 0.01) {
        let acc = binary_scores(docs, gate, t).0;
        if acc > best.0 + 1e-9 {
            best = (acc, t);
        }
    }
    model.threshold[gate] = best.1;
    Some(best.0)
}

/// F1 of micro counts.
pub fn f1((tp, fp, fn_): (usize, usize, usize)) -> f64 {
    if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (2 * tp + fp + fn_) as f64
    }
}

/// Chooses thresholds maximising micro-F1 on `docs`: one for all labels, then one per label
/// that has at least `min_dev` gold examples in `docs`. Returns the F1 reached.
pub fn tune_thresholds(model: &mut Model, docs: &[TuneDoc], min_dev: usize) -> f64 {
    let grid: Vec<f32> = (1..60).map(|i| i as f32 * 0.0125 + 0.1).collect();
    let n = model.labels.len();
    let mut best_t = model.threshold.clone();
    let mut best = f1(counts(&model.labels, &best_t, docs));
    // The gate keeps the threshold it has (tuned for task 1A by `tune_gate`).
    let gate = model.labels.iter().position(|l| l == ANY);
    for &t in &grid {
        let mut th = vec![t; n];
        if let Some(a) = gate {
            th[a] = best_t[a];
        }
        let f = f1(counts(&model.labels, &th, docs));
        if f > best {
            best = f;
            best_t = th;
        }
    }
    for _pass in 0..2 {
        for l in 0..n {
            let support = docs
                .iter()
                .filter(|d| d.gold.contains(&model.labels[l]))
                .count();
            if Some(l) == gate || support < min_dev {
                continue;
            }
            let mut th = best_t.clone();
            for &t in grid.iter().chain([1.01f32].iter()) {
                th[l] = t;
                let f = f1(counts(&model.labels, &th, docs));
                if f > best + 1e-9 {
                    best = f;
                    best_t[l] = t;
                }
            }
        }
    }
    model.threshold = best_t;
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::Lexicon;

    fn tiny() -> (Featurizer, Vec<Example>) {
        let fz = Featurizer::new(Lexicon::bundled(), HashSet::new());
        let ex = |t: &str, l: &[&str]| Example {
            text: t.to_owned(),
            labels: l.iter().map(|s| (*s).to_owned()).collect(),
        };
        let mut v = Vec::new();
        for _ in 0..20 {
            v.push(ex("هجوم وحشي جبان وجريمة نكراء", &["Loaded_Language"]));
            v.push(ex("عقد الاجتماع في موعده يوم الاثنين", &[]));
        }
        (fz, v)
    }

    #[test]
    fn training_is_reproducible_and_the_bytes_round_trip() {
        let (fz, v) = tiny();
        let cfg = TrainConfig {
            epochs: 3,
            ..TrainConfig::default()
        };
        let a = train(&fz, &v, &cfg);
        let b = train(&fz, &v, &cfg);
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert_eq!(Model::from_bytes(&a.to_bytes()).unwrap(), a);
        assert_eq!(a.labels, ["Loaded_Language", ANY]);
        let p = a.predict_text(&fz, "هجوم وحشي جبان");
        let q = a.predict_text(&fz, "عقد الاجتماع يوم الاثنين");
        assert!(p[0] > 0.5 && q[0] < 0.5, "{p:?} {q:?}");
    }

    #[test]
    fn the_gate_is_tuned_for_accuracy_and_lexicon_hits_count_as_yes() {
        let labels = vec!["Loaded_Language".to_owned(), ANY.to_owned()];
        let doc = |yes: bool, gate: f32, lexicon: bool| TuneDoc {
            gold: if yes {
                HashSet::from([ANY.to_owned()])
            } else {
                HashSet::new()
            },
            lexicon: if lexicon {
                HashSet::from(["Loaded_Language".to_owned()])
            } else {
                HashSet::new()
            },
            probs: vec![0.1, gate],
        };
        // Three in four say yes; the gate separates them at 0.6, and a lexicon hit is a yes
        // whatever the gate says.
        let docs = [
            doc(true, 0.9, false),
            doc(true, 0.7, false),
            doc(true, 0.2, true),
            doc(false, 0.5, false),
        ];
        let mut m = Model {
            id: next_id(),
            labels: labels.clone(),
            bias: vec![0.0; 2],
            scale: vec![1.0; 2],
            threshold: vec![0.5; 2],
            weights: Vec::new(),
        };
        assert_eq!(tune_gate(&mut m, &docs), Some(1.0));
        assert!(
            m.threshold[1] > 0.5 && m.threshold[1] <= 0.7,
            "{:?}",
            m.threshold
        );
        let (acc, f, always) = binary_scores(&docs, 1, m.threshold[1]);
        assert_eq!((acc, f, always), (1.0, 1.0, 0.75));
        // An open gate reports the likeliest technique even under its threshold.
        let (tp, fp, fn_) = counts(&labels, &[0.9, m.threshold[1]], &docs[..2]);
        assert_eq!((tp, fp, fn_), (0, 2, 2));
    }

    #[test]
    fn bad_bytes_are_an_error_not_a_panic() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"ISNF\x09\0\0\0").is_err());
    }
}
