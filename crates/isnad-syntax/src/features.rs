//! What the models see of a word, worked out once per word: hashes of its folded form, stem,
//! affixes, shape and word classes, from which the tagger's and the parser's templates are
//! combined by hashing ([`mix`]).
//!
//! Everything is folded first (harakat, alef forms, ة/ه, ى/ي), so vocalised PADT and plain
//! news text look alike. Word classes come from the news corpus ([`Clusters`]): the fine and
//! coarse cluster of the word's stem and the shares of its occurrences the entity tagger's
//! context model took for a name; they carry what the small treebanks teach about a word to
//! the many words they never saw.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::clusters::Clusters;

/// A 64-bit hash of a string.
pub fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

/// Combines a template number and its values into one feature key. Keys are 32 bits: a
/// model has a few million features, and the few collisions among 2^32 keys cost nothing
/// measurable, while the tables and the model file are half the size of 64-bit ones.
#[inline]
pub fn mix(template: u32, values: &[u64]) -> u32 {
    (mix64(template, values) >> 32) as u32
}

/// [`mix`] before it is cut to 32 bits, for atoms that are combined again.
#[inline]
pub fn mix64(template: u32, values: &[u64]) -> u64 {
    let mut x = u64::from(template).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5851_F42D_4C95_7F2D;
    for &v in values {
        x = (x ^ v).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
    }
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A value standing for "no word here" (before the first word, after the last).
pub const NONE: u64 = 0x6E6F_6E65;
/// A value standing for the root.
pub const ROOT: u64 = 0x726F_6F74;

/// The hashed views of one word.
#[derive(Debug, Clone, Copy)]
pub struct Atoms {
    /// The folded form (the article restored after ل: لل → ل + ال).
    pub form: u64,
    /// The form without the article.
    pub stem: u64,
    /// The first one, two and three letters of the form.
    pub prefix: [u64; 3],
    /// The last one, two, three and four letters.
    pub suffix: [u64; 4],
    /// Script, digits, punctuation, length.
    pub shape: u64,
    /// The fine cluster of the stem, or the stem itself for words outside the clusters.
    pub cluster: u64,
    /// The coarse cluster, or [`NONE`].
    pub coarse: u64,
    /// The name priors of the stem (four buckets), or [`NONE`].
    pub priors: u64,
    /// Whether the form starts with the article.
    pub article: bool,
}

/// The key the cluster file uses for a folded form: the stem without the article.
pub fn stem_of(folded: &str) -> &str {
    match folded.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => folded,
    }
}

/// The shape of a folded form: its script and size.
fn shape(folded: &str) -> u64 {
    let mut kind = 0u64;
    for c in folded.chars() {
        kind |= match c {
            '\u{0600}'..='\u{06FF}' => 1,
            c if c.is_ascii_digit() => 2,
            c if c.is_alphabetic() => 4,
            c if c.is_numeric() => 2,
            _ => 8,
        };
    }
    let len = folded.chars().count().min(8) as u64;
    kind << 8 | len
}

impl Atoms {
    /// The atoms of a folded form.
    pub fn new(folded: &str, clusters: &Clusters) -> Atoms {
        let chars: Vec<(usize, char)> = folded.char_indices().collect();
        let n = chars.len();
        let cut = |k: usize| chars.get(k).map_or(folded.len(), |(b, _)| *b);
        let prefix = std::array::from_fn(|k| {
            if k < n {
                hash_str(&folded[..cut(k + 1)])
            } else {
                NONE
            }
        });
        let suffix = std::array::from_fn(|k| {
            if k < n {
                hash_str(&folded[cut(n - k - 1)..])
            } else {
                NONE
            }
        });
        let stem = stem_of(folded);
        let looked = clusters.lookup(stem);
        let (cluster, coarse) = match looked.ids {
            Some((fine, coarse)) => (mix64(1, &[u64::from(fine)]), mix64(2, &[u64::from(coarse)])),
            None => (hash_str(stem), NONE),
        };
        let priors = looked.priors.map_or(NONE, |p| {
            mix64(
                3,
                &[
                    u64::from(p[0]),
                    u64::from(p[1]),
                    u64::from(p[2]),
                    u64::from(p[3]),
                ],
            )
        });
        Atoms {
            form: hash_str(folded),
            stem: hash_str(stem),
            prefix,
            suffix,
            shape: shape(folded),
            cluster,
            coarse,
            priors,
            article: stem.len() != folded.len(),
        }
    }

    /// The atoms of a missing word (before the first, after the last).
    pub fn none() -> Atoms {
        Atoms {
            form: NONE,
            stem: NONE,
            prefix: [NONE; 3],
            suffix: [NONE; 4],
            shape: NONE,
            cluster: NONE,
            coarse: NONE,
            priors: NONE,
            article: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_tells_templates_and_values_apart() {
        assert_ne!(mix(1, &[5]), mix(2, &[5]));
        assert_ne!(mix(1, &[5, 6]), mix(1, &[6, 5]));
        assert_eq!(mix(7, &[hash_str("قال")]), mix(7, &[hash_str("قال")]));
    }

    #[test]
    fn vocalised_and_plain_forms_look_alike() {
        let c = Clusters::default();
        let a = Atoms::new(&isnad_text::fold("اَلبَصرَةَ"), &c);
        let b = Atoms::new(&isnad_text::fold("البصرة"), &c);
        assert_eq!(a.form, b.form);
        assert!(a.article);
        assert_eq!(a.stem, hash_str("بصره"));
        assert_eq!(a.suffix[1], hash_str("ره"));
    }

    #[test]
    fn the_stem_keeps_short_words_whole() {
        assert_eq!(stem_of("الوزاره"), "وزاره");
        assert_eq!(stem_of("ال"), "ال");
    }
}
