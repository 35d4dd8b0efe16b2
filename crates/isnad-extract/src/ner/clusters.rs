//! Word clusters learnt from unlabelled news, the tagger's answer to words it never saw tagged.
//!
//! ANERcorp has 125K training words; most names in new text are not among them. Words that
//! occur in the same contexts (`دمشق` and `بغداد` both follow `في` and precede `،`) share a
//! cluster, so the tagger's weights for a cluster carry over to unseen members.
//!
//! # How they are built
//!
//! [`build`] is a cheap distributional clustering, not Brown clustering (which is quadratic in
//! the number of clusters and too slow to rerun here):
//!
//! 1. every Arabic word of the corpus is reduced to its folded stem (clitics and article off,
//!    [`isnad_text::Token::folded_stem`]), other tokens to a class (`<num>`, `<lat>`, `<p>`);
//! 2. the `vocab` most frequent stems get a context vector: counts of the `contexts` most
//!    frequent stems directly left and directly right (two blocks);
//! 3. counts become positive PMI with context-distribution smoothing (α = 0.75);
//! 4. rows are projected to 256 dimensions with a seeded sparse random projection and
//!    L2-normalised;
//! 5. spherical k-means (cosine) with 1024 clusters, initialised deterministically from words
//!    spread over the frequency ranking, 15 rounds; then the 1024 centroids are clustered again
//!    into 128 coarse clusters, so every word has a fine and a coarse id (a two-level
//!    hierarchy, as Brown-cluster prefixes give).
//!
//! Everything is deterministic (fixed seed, fixed initialisation, single thread), so the same
//! corpus gives the same file. The committed file (`isnad-syntax/models/word_clusters.tsv`,
//! read by [`Clusters`], which lives in isnad-syntax because its tagger and parser use it
//! too) holds `stem<TAB>fine<TAB>coarse` for the top words of the 31,523-article ANT news
//! corpus: a derived fact, not the corpus. A fourth column gives the [`CUES`] buckets: how often the
//! word follows a title (`الرئيس`, `الشيخ`), a place word (`مدينة`) or an organisation word
//! (`حزب`, `حركة`) in the corpus, relative to its frequency; a fifth its label priors
//! (`priors.rs`), written by `isnad train ner --priors` after the clusters.

use std::collections::HashMap;

use isnad_text::TokenKind;

pub use isnad_syntax::clusters::{Clusters, Stem};

/// The unit a text is reduced to for clustering.
fn units(text: &str) -> Vec<String> {
    isnad_text::tokens(text)
        .iter()
        .map(|t| match t.kind {
            TokenKind::Word => t.folded_stem(text),
            TokenKind::Number => "<num>".to_owned(),
            TokenKind::Latin => "<lat>".to_owned(),
            _ => "<p>".to_owned(),
        })
        .collect()
}

/// A small deterministic generator (xorshift64*), so the projection needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Cue words (folded stems) whose next word is likely a person, a place or an organisation:
/// how often a word follows them, over its frequency, is a weak name lexicon learnt from the
/// corpus (distant supervision), written as a fourth column of three digits.
pub const CUES: [&[&str]; 3] = [
    &[
        "سيد",
        "شيخ",
        "دكتور",
        "لواء",
        "عميد",
        "عقيد",
        "امير",
        "ملك",
        "رئيس",
        "وزير",
        "جنرال",
        "نائب",
        "فنان",
        "فنانه",
        "لاعب",
        "مدرب",
        "زميل",
        "سيده",
        "قيادي",
        "مستشار",
    ],
    &[
        "مدينه",
        "بلده",
        "قريه",
        "محافظه",
        "عاصمه",
        "منطقه",
        "ولايه",
        "جزيره",
        "دوله",
    ],
    &[
        "وزاره",
        "حزب",
        "حركه",
        "شركه",
        "جامعه",
        "منظمه",
        "نادي",
        "وكاله",
        "صحيفه",
        "جماعه",
        "هيئه",
    ],
];

fn bucket(ratio: f64) -> u8 {
    match ratio {
        r if r >= 0.2 => 3,
        r if r >= 0.05 => 2,
        r if r >= 0.01 => 1,
        _ => 0,
    }
}

const DIM: usize = 256;
const FINE: usize = 1024;
const COARSE: usize = 128;

/// Builds clusters from texts and returns the file content (see the module docs).
///
/// `vocab` words are clustered, with `contexts` context words on each side.
pub fn build<I: IntoIterator<Item = String>>(texts: I, vocab: usize, contexts: usize) -> String {
    // Pass 1 keeps the reduced corpus in memory as ids (a few tens of millions of u32).
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut corpus: Vec<u32> = Vec::new();
    let boundary = u32::MAX;
    for text in texts {
        for u in units(&text) {
            let id = *ids.entry(u.clone()).or_insert_with(|| {
                names.push(u);
                counts.push(0);
                (names.len() - 1) as u32
            });
            counts[id as usize] += 1;
            corpus.push(id);
        }
        corpus.push(boundary);
    }
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then_with(|| names[a as usize].cmp(&names[b as usize]))
    });
    // Clustered words are real stems of two letters or more.
    let words: Vec<u32> = order
        .iter()
        .copied()
        .filter(|&i| {
            let n = &names[i as usize];
            !n.starts_with('<') && n.chars().count() >= 2
        })
        .take(vocab)
        .collect();
    let ctx: Vec<u32> = order.iter().copied().take(contexts).collect();
    let mut row_of = vec![u32::MAX; names.len()];
    for (r, &w) in words.iter().enumerate() {
        row_of[w as usize] = r as u32;
    }
    let mut col_of = vec![u32::MAX; names.len()];
    for (c, &w) in ctx.iter().enumerate() {
        col_of[w as usize] = c as u32;
    }
    let mut cue_ids: Vec<Vec<u32>> = Vec::new();
    for list in CUES {
        cue_ids.push(list.iter().filter_map(|c| ids.get(*c).copied()).collect());
    }
    let mut after_cue = vec![[0u32; 3]; words.len()];
    for i in 1..corpus.len() {
        let w = corpus[i];
        if w == boundary || row_of[w as usize] == u32::MAX {
            continue;
        }
        for (k, list) in cue_ids.iter().enumerate() {
            if list.contains(&corpus[i - 1]) {
                after_cue[row_of[w as usize] as usize][k] += 1;
            }
        }
    }
    let width = 2 * contexts;
    let mut m = vec![0f32; words.len() * width];
    for i in 0..corpus.len() {
        let w = corpus[i];
        if w == boundary || row_of[w as usize] == u32::MAX {
            continue;
        }
        let row = row_of[w as usize] as usize * width;
        if i > 0 && corpus[i - 1] != boundary {
            let c = col_of[corpus[i - 1] as usize];
            if c != u32::MAX {
                m[row + c as usize] += 1.0;
            }
        }
        if i + 1 < corpus.len() && corpus[i + 1] != boundary {
            let c = col_of[corpus[i + 1] as usize];
            if c != u32::MAX {
                m[row + contexts + c as usize] += 1.0;
            }
        }
    }
    // PPMI with smoothed context probabilities.
    let total: f64 = m.iter().map(|&x| x as f64).sum();
    let mut col_sum = vec![0f64; width];
    for row in m.chunks(width) {
        for (s, &x) in col_sum.iter_mut().zip(row) {
            *s += x as f64;
        }
    }
    let smoothed: Vec<f64> = col_sum.iter().map(|&s| s.powf(0.75)).collect();
    let smoothed_total: f64 = smoothed.iter().sum();
    for row in m.chunks_mut(width) {
        let row_sum: f64 = row.iter().map(|&x| x as f64).sum();
        if row_sum == 0.0 {
            continue;
        }
        for (j, x) in row.iter_mut().enumerate() {
            if *x > 0.0 {
                let pmi = ((*x as f64 / total)
                    / ((row_sum / total) * (smoothed[j] / smoothed_total)))
                    .ln();
                *x = pmi.max(0.0) as f32;
            }
        }
    }
    // Sparse random projection: each context column adds ±1 to 4 output dimensions.
    let mut rng = Rng(0x1a2b_3c4d_5e6f_7081);
    let proj: Vec<[(u16, f32); 4]> = (0..width)
        .map(|_| {
            std::array::from_fn(|_| {
                let r = rng.next();
                (
                    (r % DIM as u64) as u16,
                    if r >> 63 == 0 { 1.0 } else { -1.0 },
                )
            })
        })
        .collect();
    let mut vecs = vec![0f32; words.len() * DIM];
    for (r, row) in m.chunks(width).enumerate() {
        let v = &mut vecs[r * DIM..(r + 1) * DIM];
        for (j, &x) in row.iter().enumerate() {
            if x > 0.0 {
                for &(d, s) in &proj[j] {
                    v[d as usize] += s * x;
                }
            }
        }
        normalise(v);
    }
    drop(m);
    let fine = kmeans(&vecs, DIM, FINE.min(words.len()), 15);
    let mut centroids = vec![0f32; fine.k * DIM];
    centroids.copy_from_slice(&fine.centroids);
    let coarse = kmeans(&centroids, DIM, COARSE.min(fine.k), 15);
    let mut out = String::from(
        "# Word clusters for the NER tagger: folded stem, fine cluster (of 1024), coarse cluster \
         (of 128), cue buckets (person, place, organisation; see CUES), label priors (person, place, organisation, other; see priors.rs, `--priors`).\n# Built by `isnad train ner --clusters` from the ANT news corpus (31,523 \
         articles, Apache-2.0); see ner/clusters.rs.\n",
    );
    for (r, &w) in words.iter().enumerate() {
        let f = fine.assign[r];
        let c = coarse.assign[f];
        let freq = counts[w as usize] as f64;
        let k: String = after_cue[r]
            .iter()
            .map(|&n| char::from(b'0' + bucket(n as f64 / freq)))
            .collect();
        out.push_str(&format!("{}\t{f}\t{c}\t{k}\n", names[w as usize]));
    }
    out
}

fn normalise(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

struct KMeans {
    k: usize,
    centroids: Vec<f32>,
    assign: Vec<usize>,
}

/// Spherical k-means over unit rows of `data`; the initial centroids are rows spread evenly
/// over the (frequency-ordered) rows, so the result is deterministic.
fn kmeans(data: &[f32], dim: usize, k: usize, rounds: usize) -> KMeans {
    let n = data.len() / dim;
    let mut centroids = vec![0f32; k * dim];
    for c in 0..k {
        let r = c * n / k;
        centroids[c * dim..(c + 1) * dim].copy_from_slice(&data[r * dim..(r + 1) * dim]);
    }
    let mut assign = vec![0usize; n];
    for _ in 0..rounds {
        for (r, a) in assign.iter_mut().enumerate() {
            let v = &data[r * dim..(r + 1) * dim];
            let mut best = (f32::MIN, 0);
            for (c, cen) in centroids.chunks(dim).enumerate() {
                let s: f32 = v.iter().zip(cen).map(|(a, b)| a * b).sum();
                if s > best.0 {
                    best = (s, c);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![0f32; k * dim];
        for (r, &a) in assign.iter().enumerate() {
            for (s, x) in sums[a * dim..(a + 1) * dim]
                .iter_mut()
                .zip(&data[r * dim..(r + 1) * dim])
            {
                *s += x;
            }
        }
        for c in 0..k {
            let s = &mut sums[c * dim..(c + 1) * dim];
            if s.iter().any(|&x| x != 0.0) {
                normalise(s);
                centroids[c * dim..(c + 1) * dim].copy_from_slice(s);
            }
        }
    }
    KMeans {
        k,
        centroids,
        assign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_file_format() {
        let c = Clusters::parse("# comment\nدمشق\t3\t1\t020\t0400\nحلب\t3\t1\nbad line\n");
        assert_eq!(c.get("دمشق"), Some((3, 1)));
        assert_eq!(c.priors("دمشق"), Some([0, 4, 0, 0]));
        assert_eq!(c.priors("حلب"), None);
        assert_eq!(c.cues("دمشق"), [0, 2, 0]);
        assert_eq!(c.cues("حلب"), [0, 0, 0]);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut texts = Vec::new();
        for _ in 0..30 {
            texts.push("وصل الوفد إلى دمشق ، ثم غادر".to_owned());
            texts.push("وصل الوفد إلى بغداد ، ثم غادر".to_owned());
            texts.push("قال الرئيس إن الوضع صعب".to_owned());
        }
        let file = build(texts, 50, 50);
        let c = Clusters::parse(&file);
        assert_eq!(c.get("دمشق").map(|x| x.0), c.get("بغداد").map(|x| x.0));
    }
}
