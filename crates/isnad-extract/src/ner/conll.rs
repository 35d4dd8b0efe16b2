//! CoNLL reading and entity-level scoring, for `isnad tag`, training and the accuracy tests.
//!
//! The format: one token per line, its tag in the last column (ignored when only the words
//! are wanted), a blank line between sentences. Scoring is CoNLL entity-level micro F1 over
//! IOB2 spans, as `shared/eval/score.py conll` computes it.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// A tagged sentence: words and their IOB2 tags.
pub type Sentence = (Vec<String>, Vec<String>);

/// Sentences of words and tags (the last column; `O` when a line has one column).
pub fn read(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let (mut words, mut tags) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut cells = line.split_whitespace();
        let Some(word) = cells.next() else {
            if !words.is_empty() {
                out.push((std::mem::take(&mut words), std::mem::take(&mut tags)));
            }
            continue;
        };
        words.push(word.to_owned());
        tags.push(cells.last().unwrap_or("O").to_owned());
    }
    if !words.is_empty() {
        out.push((words, tags));
    }
    out
}

/// Sentences of words only (extra columns ignored).
pub fn read_words(text: &str) -> Vec<Vec<String>> {
    read(text).into_iter().map(|(w, _)| w).collect()
}

/// Entity spans `(start, end, type)` of an IOB2 sequence; an `I-` without a matching
/// opening starts a span (the CoNLL convention).
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (bio, ty) = t.split_once('-').unwrap_or((t, ""));
        let continues = bio == "I" && open.as_ref().is_some_and(|(_, o)| o == ty);
        if continues {
            continue;
        }
        if let Some((s, o)) = open.take() {
            out.push((s, i, o));
        }
        if bio == "B" || bio == "I" {
            open = Some((i, ty.to_owned()));
        }
    }
    if let Some((s, o)) = open {
        out.push((s, tags.len(), o));
    }
    out
}

/// Precision, recall and F1 counts of one type or of all.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Predicted spans that are gold.
    pub tp: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Gold spans.
    pub gold: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.predicted)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Entity-level scores, overall and per type.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// All types together (micro).
    pub all: Counts,
    /// Per type.
    pub by_type: BTreeMap<String, Counts>,
}

impl Score {
    /// Adds one sentence's gold and predicted tags.
    pub fn add<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], predicted: &[T]) {
        let g: HashSet<_> = spans(gold).into_iter().collect();
        let p: HashSet<_> = spans(predicted).into_iter().collect();
        for s in &g {
            self.all.gold += 1;
            self.by_type.entry(s.2.clone()).or_default().gold += 1;
        }
        for s in &p {
            self.all.predicted += 1;
            let c = self.by_type.entry(s.2.clone()).or_default();
            c.predicted += 1;
            if g.contains(s) {
                c.tp += 1;
                self.all.tp += 1;
            }
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{name:6} P {:.3} R {:.3} F1 {:.3} (gold {}, predicted {})",
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold,
                c.predicted
            )
        };
        line(f, "all", &self.all)?;
        for (t, c) in &self.by_type {
            line(f, t, c)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_and_spans() {
        let s = read("أمر O\nالملك O\nعبدالله B-PERS\nالثاني I-PERS\n\nفي O\nعمان B-LOC\n");
        assert_eq!(s.len(), 2);
        assert_eq!(spans(&s[0].1), vec![(2, 4, "PERS".to_owned())]);
        assert_eq!(spans(&["I-LOC", "I-ORG"]).len(), 2);
    }

    #[test]
    fn scores_exact_spans_only() {
        let mut score = Score::default();
        score.add(&["B-PERS", "I-PERS", "O"], &["B-PERS", "O", "O"]);
        assert_eq!(score.all.tp, 0);
        score.add(&["B-LOC"], &["B-LOC"]);
        assert_eq!(score.all.tp, 1);
        assert!((score.all.precision() - 0.5).abs() < 1e-9);
    }
}
