//! The framing stage: lexicon hits and classifier labels as [`Framing`] spans.

use std::collections::HashSet;
use std::ops::Range;

use isnad_core::{Document, Framing};
use isnad_text::{CharIndex, TextLayer, TokenKind};

use super::features::Featurizer;
use super::lexicon::{Keys, Lexicon};
use super::model::{likeliest, sentence_token_ranges, Model, ANY};
use crate::Stage;

/// Paragraphs with fewer Arabic words are not given to the classifier (headings, captions,
/// other languages).
const MIN_ARABIC_WORDS: usize = 3;

/// Flags loaded language and persuasion techniques (see the module docs of `framing`).
///
/// Built once (it holds the lexicon, the side names and the model); `Send + Sync`.
#[derive(Debug, Clone)]
pub struct FramingStage {
    featurizer: Featurizer,
    model: Option<Model>,
    problem: Option<String>,
    floor: f32,
}

impl Default for FramingStage {
    fn default() -> Self {
        FramingStage::new()
    }
}

impl FramingStage {
    /// The bundled lexicons and the committed model.
    pub fn new() -> FramingStage {
        let (model, problem) = if super::BUNDLED_MODEL.is_empty() {
            (
                None,
                Some("framing: no classifier is bundled; lexicons only".to_owned()),
            )
        } else {
            match Model::from_bytes(super::BUNDLED_MODEL) {
                Ok(m) => (Some(m), None),
                Err(e) => (None, Some(format!("{e}; lexicons only"))),
            }
        };
        FramingStage {
            featurizer: Featurizer::new(Lexicon::bundled(), Featurizer::bundled_kb_names()),
            model,
            problem,
            floor: 0.0,
        }
    }

    /// A stage with these parts (`model: None` runs the lexicons alone).
    pub fn with_parts(featurizer: Featurizer, model: Option<Model>) -> FramingStage {
        FramingStage {
            featurizer,
            model,
            problem: None,
            floor: 0.0,
        }
    }

    /// The same stage reporting a classifier label only when its probability is also at least
    /// `p`. The committed thresholds are tuned to the benchmarks, whose annotators mark
    /// `Loaded_Language` in two paragraphs of three; a reader who wants fewer, surer spans
    /// raises the floor (0.8 keeps the classifier's confident calls, lexicon hits stay).
    pub fn with_min_probability(mut self, p: f32) -> FramingStage {
        self.floor = p;
        self
    }

    /// The bundled lexicons alone, without the classifier.
    pub fn lexicon_only() -> FramingStage {
        FramingStage::with_parts(
            Featurizer::new(Lexicon::bundled(), Featurizer::bundled_kb_names()),
            None,
        )
    }

    /// The classifier, when there is one.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The featurizer (lexicon and side names).
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    /// The framing spans of `text` (segmented in `layer`), in text order.
    pub fn find(&self, text: &str, layer: &TextLayer) -> Vec<Framing> {
        self.find_with_scores(text, layer, None)
    }

    /// Like [`FramingStage::find`]; also hands each paragraph's classifier probabilities to
    /// `scores` (for threshold tuning and evaluation).
    pub fn find_with_scores(
        &self,
        text: &str,
        layer: &TextLayer,
        mut scores: Option<&mut Vec<Vec<f32>>>,
    ) -> Vec<Framing> {
        let toks = &layer.tokens;
        let keys = Keys::new(layer);
        let idx = CharIndex::new(text);
        let mut out: Vec<Framing> = Vec::new();
        let lex = self.featurizer.lexicon();
        let make = |span: Range<usize>, technique: &str, note: String| {
            let (start, end) = idx.char_span(span.clone());
            Framing {
                start,
                end,
                text: text[span].to_owned(),
                technique: technique.to_owned(),
                note,
            }
        };
        let mask = self.featurizer.side_mask(toks, &keys);
        let hits = lex.find(&keys, Some(&mask));
        // (technique, byte span) of lexicon hits, to avoid a classifier span that repeats one.
        let mut lexicon_spans: Vec<(&str, Range<usize>)> = Vec::with_capacity(hits.len());
        for h in &hits {
            let e = &lex.entries()[h.entry];
            let span = toks[h.tokens.start].span.start..toks[h.tokens.end - 1].span.end;
            lexicon_spans.push((e.technique, span.clone()));
            out.push(make(
                span,
                e.technique,
                format!("lexicon {}: {}", e.file, e.phrase),
            ));
        }
        if let Some(model) = &self.model {
            for para in paragraphs(text) {
                let sents = sentence_token_ranges(layer, para.clone());
                let arabic = sents
                    .iter()
                    .flat_map(|r| &toks[r.clone()])
                    .filter(|t| t.kind == TokenKind::Word)
                    .count();
                if arabic < MIN_ARABIC_WORDS {
                    continue;
                }
                let s = model.score(&self.featurizer, toks, &keys, &mask, &sents);
                let gate = model.labels.iter().position(|l| l == ANY);
                let open = gate.is_none_or(|a| s.paragraph[a] >= model.threshold[a]);
                let flagged = lexicon_spans
                    .iter()
                    .any(|(_, ls)| ls.start < para.end && ls.end > para.start);
                let passes = |l: usize| {
                    Some(l) != gate
                        && s.paragraph[l] >= model.threshold[l]
                        && s.paragraph[l] >= self.floor
                };
                // The gate said "has a technique": when nothing else shows one, the likeliest
                // technique is reported under its threshold, so that the spans agree with the
                // decision.
                let forced =
                    if open && gate.is_some() && !flagged && !(0..s.paragraph.len()).any(passes) {
                        likeliest(&model.labels, &s.paragraph)
                            .filter(|&l| s.paragraph[l] >= self.floor)
                    } else {
                        None
                    };
                for (l, label) in model.labels.iter().enumerate() {
                    let p = s.paragraph[l];
                    if !open || Some(l) == gate || !(passes(l) || forced == Some(l)) {
                        continue;
                    }
                    let (si, sp) = s.best_sentence[l];
                    let r = &sents[si];
                    let span = toks[r.start].span.start..toks[r.end - 1].span.end;
                    let repeated = lexicon_spans
                        .iter()
                        .any(|(t, ls)| t == label && ls.start >= span.start && ls.end <= span.end);
                    if repeated {
                        continue;
                    }
                    let mut note = if sents.len() == 1 {
                        format!("classifier p={p:.2} for {label} (paragraph of one sentence)")
                    } else {
                        format!(
                            "classifier p={p:.2} for {label} (paragraph; span = its top sentence, p={sp:.2})"
                        )
                    };
                    if let (Some(a), true) = (gate, forced == Some(l)) {
                        note.push_str(&format!(
                            "; under its threshold, reported as the paragraph's likeliest technique (any p={:.2})",
                            s.paragraph[a]
                        ));
                    }
                    out.push(make(span, label, note));
                }
                if let Some(sc) = scores.as_deref_mut() {
                    sc.push(s.paragraph);
                }
            }
        }
        out.sort_by(|a, b| (a.start, a.end, &a.technique).cmp(&(b.start, b.end, &b.technique)));
        out
    }

    /// The set of techniques found in `text` (what the ArAIEval / ArMPro scorers compare).
    pub fn techniques(&self, text: &str) -> HashSet<String> {
        let layer = TextLayer::new(text);
        self.find(text, &layer)
            .into_iter()
            .map(|f| f.technique)
            .collect()
    }
}

/// The byte ranges of the paragraphs of `text`: runs between line breaks, blank ones left out.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if !text[start..i].trim().is_empty() {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(start..text.len());
    }
    out
}

impl Stage for FramingStage {
    fn name(&self) -> &'static str {
        "framing"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        doc.framing = self.find(&doc.text, layer);
        if let Some(p) = &self.problem {
            doc.diagnostics.push(p.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_the_non_blank_runs_between_line_breaks() {
        let text = "أول\n\n  \nثان ثالث\nرابع";
        let p: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(p, ["أول", "ثان ثالث", "رابع"]);
    }
}
