//! The model file: tagger, lemmatiser and parser weights in one gzip-compressed binary, with
//! the licence of the treebanks it was learnt from written inside it (a model trained on PADT
//! carries PADT's licence, CC BY-NC-SA 3.0).
//!
//! Layout (little-endian): `ISNS`, a version, the licence text, the tagger's weights, the
//! lemmatiser (dictionary, scripts, weights), the parser's labels and weights. Weights are rows
//! of (feature, cells of class, scheme slot, weight).

use std::fmt;
use std::io::{Read, Write};

use rustc_hash::FxHashMap;

use crate::lemma::{Lemmatizer, Script};
use crate::parser::Moves;
use crate::perceptron::Weights;
use crate::tags::{Deprel, Upos};

const MAGIC: &[u8; 4] = b"ISNS";
const VERSION: u32 = 1;

/// Everything the model file holds.
#[derive(Debug)]
pub struct Model {
    /// What the model was learnt from, and under which licence it may be used.
    pub licence: String,
    /// The tagger's weights.
    pub tagger: Weights,
    /// The lemmatiser.
    pub lemmatizer: Lemmatizer,
    /// The parser's moves (its labels).
    pub moves: Moves,
    /// The parser's weights.
    pub parser: Weights,
}

/// A model file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a usable syntax model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.u8((v as u8) | 0x80);
            v >>= 7;
        }
        self.u8(v as u8);
    }
    /// Rows sorted by key, each key as the difference from the one before; each cell's class
    /// and scheme slot as one number; weights as 16-bit steps of a scale (the largest weight
    /// over 32,767): finer than any weight that changes a decision.
    fn weights(&mut self, w: &Weights) {
        let max = w
            .rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().map(|c| c.2.abs()))
            .fold(0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        self.u32(w.rows.len() as u32);
        self.f32(scale);
        let mut last = 0u32;
        for (f, cells) in &w.rows {
            self.varint(u64::from(f - last));
            last = *f;
            self.varint(cells.len() as u64);
            for &(class, slot, weight) in cells {
                self.varint(u64::from(class) * 4 + u64::from(slot));
                self.u16(((weight / scale).round() as i16) as u16);
            }
        }
    }
}

struct In<'a> {
    bytes: &'a [u8],
}

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError("the file ends too early".into()));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| ModelError("a string is not UTF-8".into()))
    }
    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError("a number runs on too long".into()))
    }
    fn weights(&mut self) -> Result<Weights, ModelError> {
        let n = self.u32()? as usize;
        let scale = self.f32()?;
        let mut rows = Vec::with_capacity(n.min(1 << 24));
        let mut key = 0u32;
        for _ in 0..n {
            key = u32::try_from(u64::from(key) + self.varint()?)
                .map_err(|_| ModelError("a feature key out of range".into()))?;
            let k = self.varint()? as usize;
            let mut cells = Vec::with_capacity(k.min(1 << 12));
            for _ in 0..k {
                let code = self.varint()?;
                let class = u16::try_from(code / 4)
                    .map_err(|_| ModelError("a class out of range".into()))?;
                let weight = f32::from(self.u16()? as i16) * scale;
                cells.push((class, (code % 4) as u8, weight));
            }
            rows.push((key, cells));
        }
        Ok(Weights { rows })
    }
}

impl Weights {
    /// The weights alone as bytes (the model file's encoding, uncompressed), for other models
    /// built on the same perceptron.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Out(Vec::new());
        out.weights(self);
        out.0
    }

    /// Weights read back from [`Weights::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, ModelError> {
        In { bytes }.weights()
    }
}

impl Model {
    /// The model as file bytes (gzip-compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Out(Vec::new());
        out.0.extend_from_slice(MAGIC);
        out.u32(VERSION);
        out.str(&self.licence);
        out.weights(&self.tagger);
        let mut forms: Vec<(&String, &Vec<(Upos, String)>)> =
            self.lemmatizer.dictionary.iter().collect();
        forms.sort();
        out.u32(forms.len() as u32);
        for (form, lemmas) in forms {
            out.str(form);
            out.u8(lemmas.len() as u8);
            for (upos, lemma) in lemmas {
                out.u8(upos.index() as u8);
                out.str(lemma);
            }
        }
        out.u32(self.lemmatizer.scripts.len() as u32);
        for s in &self.lemmatizer.scripts {
            out.u8(s.drop_front);
            out.str(&s.add_front);
            out.u8(s.drop_back);
            out.str(&s.add_back);
        }
        out.weights(&self.lemmatizer.weights);
        out.u32(self.moves.labels.len() as u32);
        for l in &self.moves.labels {
            out.str(l.as_str());
        }
        out.weights(&self.parser);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&out.0).expect("writing to memory");
        gz.finish().expect("writing to memory")
    }

    /// Reads a model from file bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut raw)
            .map_err(|e| ModelError(format!("not gzip ({e})")))?;
        let mut r = In { bytes: &raw };
        if r.take(4)? != MAGIC {
            return Err(ModelError("bad magic".into()));
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError(format!(
                "version {version}; this isnad reads version {VERSION}"
            )));
        }
        let licence = r.str()?;
        let tagger = r.weights()?;
        let n = r.u32()? as usize;
        let mut dictionary = FxHashMap::default();
        dictionary.reserve(n.min(1 << 20));
        for _ in 0..n {
            let form = r.str()?;
            let k = r.u8()? as usize;
            let mut lemmas = Vec::with_capacity(k);
            for _ in 0..k {
                let upos = Upos::from_index(r.u8()? as usize)
                    .ok_or_else(|| ModelError("an unknown part of speech".into()))?;
                lemmas.push((upos, r.str()?));
            }
            dictionary.insert(form, lemmas);
        }
        let n = r.u32()? as usize;
        let mut scripts = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            scripts.push(Script {
                drop_front: r.u8()?,
                add_front: r.str()?,
                drop_back: r.u8()?,
                add_back: r.str()?,
            });
        }
        let lemma_weights = r.weights()?;
        let n = r.u32()? as usize;
        let mut labels = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            let name = r.str()?;
            labels.push(
                name.parse::<Deprel>()
                    .map_err(|e| ModelError(e.to_string()))?,
            );
        }
        let parser = r.weights()?;
        Ok(Model {
            licence,
            tagger,
            lemmatizer: Lemmatizer::new(dictionary, scripts, lemma_weights),
            moves: Moves::new(labels),
            parser,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_reads_back_as_written() {
        let words = vec![("نقلت".to_owned(), Upos::Verb, "نقل".to_owned())];
        let model = Model {
            licence: "test".into(),
            tagger: Weights {
                rows: vec![
                    (7, vec![(1, 0, 0.5), (2, 1, -1.0)]),
                    (300, vec![(90, 2, 0.25)]),
                ],
            },
            lemmatizer: Lemmatizer::train(&words, 2, 1),
            moves: Moves::new(vec![Deprel::Nsubj, Deprel::Root]),
            parser: Weights {
                rows: vec![(9, vec![(0, 2, 2.0)])],
            },
        };
        let back = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(back.licence, "test");
        // Weights come back to within a step of the scale (the largest over 32,767).
        let close = |a: &Weights, b: &Weights| {
            a.rows.len() == b.rows.len()
                && a.rows.iter().zip(&b.rows).all(|((fa, ca), (fb, cb))| {
                    fa == fb
                        && ca.len() == cb.len()
                        && ca.iter().zip(cb).all(|(x, y)| {
                            x.0 == y.0 && x.1 == y.1 && (x.2 - y.2).abs() <= 1.0 / 32767.0
                        })
                })
        };
        assert!(close(&back.tagger, &model.tagger), "{:?}", back.tagger);
        assert!(close(&back.parser, &model.parser));
        assert_eq!(back.moves.labels, model.moves.labels);
        assert_eq!(back.lemmatizer.dictionary, model.lemmatizer.dictionary);
        assert_eq!(back.lemmatizer.scripts, model.lemmatizer.scripts);
    }

    #[test]
    fn other_bytes_are_refused() {
        assert!(Model::from_bytes(b"not a model").is_err());
    }
}
