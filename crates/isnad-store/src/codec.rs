//! The stored form of a reuse fingerprint: little-endian numbers, no text.
//!
//! Layout: a format byte, then `u32`s: the number of tokens `n`, the text length in code
//! points, the date as `yyyymmdd` (0 when unknown), `n` token ids and `n` spans (start, end).
//! Format 2 (from the store that decides reuse direction from more than dates) then adds the
//! evidence of direction ([`isnad_link::Evidence`]): a flags byte (1: a time of day follows,
//! 2: its offset follows), the time's wall clock as an `i64` of seconds, its offset as an `i32`,
//! the number of credits as a `u32`, and each credit as a `u32` byte length and its UTF-8
//! bytes. Format 1 has no evidence: [`decode`] says so, and the store reads it from the stored
//! document instead.
//!
//! The id and outlet are columns of the document's row. Token ids are hashes of folded stems,
//! stable across runs (see `isnad_link::fingerprint`), so a stored fingerprint stays comparable
//! with new ones as long as that module's folding and hash do not change.

use isnad_link::{Evidence, Fingerprint, Stamp};

use crate::{Error, Result};

/// The format [`encode`] writes.
const FORMAT: u8 = 2;

/// The format without evidence of direction, still read.
const FORMAT_1: u8 = 1;

/// Encodes the token part of a fingerprint and its evidence of direction.
pub fn encode(fp: &Fingerprint) -> Vec<u8> {
    let n = fp.tokens.len();
    let mut out = Vec::with_capacity(1 + 12 + n * 12 + 32);
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
    let ev = &fp.evidence;
    let offset = ev.time.and_then(|t| t.offset);
    out.push(u8::from(ev.time.is_some()) | u8::from(offset.is_some()) << 1);
    if let Some(t) = ev.time {
        out.extend_from_slice(&t.local.to_le_bytes());
    }
    if let Some(o) = offset {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&(ev.credits.len() as u32).to_le_bytes());
    for c in &ev.credits {
        out.extend_from_slice(&(c.len() as u32).to_le_bytes());
        out.extend_from_slice(c.as_bytes());
    }
    out
}

/// Decodes what [`encode`] wrote, with the id and outlet from the document's row, and whether
/// it held the evidence of direction (format 1 did not: the evidence is then empty).
pub fn decode(bytes: &[u8], id: String, outlet: Option<String>) -> Result<(Fingerprint, bool)> {
    let damaged = || Error::Corrupt(format!("fingerprint of document {id}"));
    let format = bytes.first().copied();
    if !matches!(format, Some(FORMAT | FORMAT_1)) || bytes.len() < 13 {
        return Err(damaged());
    }
    let word = |i: usize| -> u32 {
        let at = 1 + 4 * i;
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    let n = word(0) as usize;
    let end = n
        .checked_mul(12)
        .and_then(|b| b.checked_add(13))
        .ok_or_else(damaged)?;
    let tail = bytes.get(end..).ok_or_else(damaged)?;
    let tokens = (0..n).map(|i| word(3 + i)).collect();
    let spans = (0..n)
        .map(|i| [word(3 + n + 2 * i), word(4 + n + 2 * i)])
        .collect();
    let evidence = match format {
        Some(FORMAT) => read_evidence(tail).ok_or_else(damaged)?,
        _ if tail.is_empty() => Evidence::default(),
        _ => return Err(damaged()),
    };
    let fp = Fingerprint {
        id,
        outlet,
        date: (word(2) != 0).then_some(word(2)),
        chars: word(1),
        tokens,
        spans,
        evidence,
    };
    Ok((fp, format == Some(FORMAT)))
}

/// The evidence part of format 2, which must fill `tail` exactly.
fn read_evidence(mut tail: &[u8]) -> Option<Evidence> {
    fn take<const N: usize>(tail: &mut &[u8]) -> Option<[u8; N]> {
        let (head, rest) = tail.split_first_chunk::<N>()?;
        *tail = rest;
        Some(*head)
    }
    let [flags] = take::<1>(&mut tail)?;
    let local = (flags & 1 != 0)
        .then(|| take::<8>(&mut tail).map(i64::from_le_bytes))
        .flatten();
    let offset = (flags & 2 != 0)
        .then(|| take::<4>(&mut tail).map(i32::from_le_bytes))
        .flatten();
    if (flags & 1 != 0 && local.is_none()) || (flags & 2 != 0 && offset.is_none()) {
        return None;
    }
    let count = u32::from_le_bytes(take::<4>(&mut tail)?);
    let mut credits = Vec::new();
    for _ in 0..count {
        let len = u32::from_le_bytes(take::<4>(&mut tail)?) as usize;
        let (text, rest) = (tail.get(..len)?, tail.get(len..)?);
        credits.push(String::from_utf8(text.to_vec()).ok()?);
        tail = rest;
    }
    tail.is_empty().then_some(Evidence {
        time: local.map(|local| Stamp { local, offset }),
        credits,
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
        doc.published_at = Some("2026-03-09T10:30:00+03:00".into());
        let fp = Fingerprint::new(&doc);
        assert!(fp.tokens.len() > 5);
        assert_eq!(fp.evidence.credits, ["isnad:sputnik"]);
        assert!(fp.evidence.time.is_some());
        let back = decode(&encode(&fp), fp.id.clone(), fp.outlet.clone()).unwrap();
        assert_eq!(back, (fp, true));
    }

    #[test]
    fn a_format_1_fingerprint_reads_without_evidence() {
        let doc = Document::new(
            "d3",
            "d3.txt",
            "نقلت وكالة سبوتنيك أن القوات نقلت ٧٥٠ محتجزاً",
        );
        let fp = Fingerprint::new(&doc);
        let mut old = encode(&fp);
        old[0] = FORMAT_1;
        old.truncate(13 + 12 * fp.tokens.len());
        let (back, has_evidence) = decode(&old, fp.id.clone(), None).unwrap();
        assert!(!has_evidence);
        assert_eq!(back.tokens, fp.tokens);
        assert_eq!(back.evidence, isnad_link::Evidence::default());
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
