//! The stored form of a reuse fingerprint: little-endian `u32`s, no text.
//!
//! Layout: a format byte (1), then the number of tokens `n`, the text length in code points,
//! the date as `yyyymmdd` (0 when unknown), `n` token ids and `n` spans (start, end). The id
//! and outlet are columns of the document's row. Token ids are hashes of folded stems, stable
//! across runs (see `isnad_link::fingerprint`), so a stored fingerprint stays comparable with
//! new ones as long as that module's folding and hash do not change.

use isnad_link::Fingerprint;

use crate::{Error, Result};

const FORMAT: u8 = 1;

/// Encodes the token part of a fingerprint.
pub fn encode(fp: &Fingerprint) -> Vec<u8> {
    let n = fp.tokens.len();
    let mut out = Vec::with_capacity(1 + 12 + n * 12);
    out.push(FORMAT);
    for v in [n as u32, fp.chars, fp.date.unwrap_or(0)] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for t in &fp.tokens {
        out.extend_from_slice(&t.to_le_bytes());
    }
    for [s, e] in &fp.spans {
        out.extend_from_slice(&s.to_le_bytes());
        out.extend_from_slice(&e.to_le_bytes());
    }
    out
}

/// Decodes what [`encode`] wrote, with the id and outlet from the document's row.
pub fn decode(bytes: &[u8], id: String, outlet: Option<String>) -> Result<Fingerprint> {
    let damaged = || Error::Corrupt(format!("fingerprint of document {id}"));
    if bytes.first() != Some(&FORMAT) || bytes.len() < 13 {
        return Err(damaged());
    }
    let words: Vec<u32> = bytes[1..]
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let n = words[0] as usize;
    if words.len() != 3 + 3 * n {
        return Err(damaged());
    }
    let tokens = words[3..3 + n].to_vec();
    let spans = words[3 + n..]
        .chunks_exact(2)
        .map(|c| [c[0], c[1]])
        .collect();
    Ok(Fingerprint {
        id,
        outlet,
        date: (words[2] != 0).then_some(words[2]),
        chars: words[1],
        tokens,
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_core::Document;

    #[test]
    fn a_fingerprint_survives_the_round_trip() {
        let mut doc = Document::new(
            "d1",
            "d1.txt",
            "نقلت وكالة سبوتنيك عن مصادر خاصة أن القوات نقلت ٧٥٠ محتجزاً",
        );
        doc.outlet = Some("سانا".into());
        doc.published = Some("2026-03-09".into());
        let fp = Fingerprint::new(&doc);
        assert!(fp.tokens.len() > 5);
        let back = decode(&encode(&fp), fp.id.clone(), fp.outlet.clone()).unwrap();
        assert_eq!(back, fp);
    }

    #[test]
    fn a_truncated_fingerprint_is_reported_as_damaged() {
        let fp = Fingerprint::new(&Document::new(
            "d2",
            "d2.txt",
            "قال المرصد إن الاشتباكات تجددت",
        ));
        let mut bytes = encode(&fp);
        bytes.truncate(bytes.len() - 3);
        let err = decode(&bytes, "d2".into(), None).unwrap_err();
        assert!(err.to_string().contains("d2"), "{err}");
    }
}
