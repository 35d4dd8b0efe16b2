//! Per-document analysis: an ordered list of small stages, each filling part of a
//! [`Document`]'s report fields.
//!
//! Analysis does not fail; it reports (STYLE.md, point 6). A stage that is unsure writes a
//! diagnostic on the document instead of returning an error. The [`Analyzer`] is built once,
//! holds whatever its stages loaded (lexicons, models, gazetteers) and is shared across threads.
//!
//! Someone adding a stage finds exactly one place to add it: [`Analyzer::standard`].

use std::sync::Arc;

use isnad_core::Document;
use isnad_kb::Kb;
use isnad_syntax::Syntax;
use isnad_text::TextLayer;

use crate::syntax::Parses;

pub mod attribution;
mod calendar;
pub mod claims;
mod figures;
pub mod framing;
mod hash;
mod language;
pub mod ner;
pub mod quantity;
mod scan;
pub mod syntax;
pub mod time;
pub mod topic;
mod words;

pub use attribution::AttributionStage;
pub use claims::ClaimStage;
pub use figures::{FiguresStage, QuantityStage, TimeStage};
pub use framing::FramingStage;
pub use language::LanguageStage;
pub use ner::EntityStage;
pub use topic::TopicStage;

/// One step of per-document analysis.
pub trait Stage: Send + Sync {
    /// Short name used in diagnostics and benchmarks.
    fn name(&self) -> &'static str;

    /// Fills this stage's fields of `doc`, reading the sentences and tokens of its text from
    /// `layer` (computed once per document); never fails, writes diagnostics instead.
    fn run(&self, doc: &mut Document, layer: &TextLayer);

    /// [`Stage::run`] with the sentence parses the [`Analyzer`] shares between stages (made
    /// when a stage first asks for a sentence). Stages that read syntax override it; the
    /// others run as `run` does.
    fn run_with(&self, doc: &mut Document, parses: &Parses<'_>) {
        self.run(doc, parses.layer());
    }
}

/// The per-document pipeline: stages run in order on each document.
pub struct Analyzer {
    stages: Vec<Box<dyn Stage>>,
    syntax: &'static Syntax,
    print_syntax: bool,
}

impl Analyzer {
    /// The standard pipeline with the bundled knowledge base.
    pub fn standard() -> Self {
        Analyzer::with_kb(Arc::new(Kb::bundled()))
    }

    /// The standard pipeline, in the order stages depend on each other, linking to `kb`.
    pub fn with_kb(kb: Arc<Kb>) -> Self {
        Analyzer {
            syntax: Syntax::bundled(),
            print_syntax: false,
            stages: vec![
                Box::new(LanguageStage),
                Box::new(TopicStage),
                Box::new(EntityStage::new(kb.clone())),
                Box::new(FiguresStage),
                Box::new(AttributionStage::new(kb.clone())),
                Box::new(ClaimStage::new(kb)),
                Box::new(FramingStage::new()),
            ],
        }
    }

    /// A pipeline of exactly these stages (for tests and benchmarks of one stage).
    pub fn with_stages(stages: Vec<Box<dyn Stage>>) -> Self {
        Analyzer {
            stages,
            syntax: Syntax::bundled(),
            print_syntax: false,
        }
    }

    /// Whether every sentence's syntax is written into the document ([`Document::syntax`],
    /// off by default: it is large, and the stages parse only the sentences they need).
    pub fn print_syntax(mut self, on: bool) -> Self {
        self.print_syntax = on;
        self
    }

    /// The names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The stages, in the order they run (for benchmarks that time each one).
    pub fn stages(&self) -> impl Iterator<Item = &dyn Stage> {
        self.stages.iter().map(|s| &**s)
    }

    /// Runs every stage on `doc`.
    pub fn analyze(&self, doc: &mut Document) {
        self.analyze_keeping_layer(doc);
    }

    /// Runs every stage on `doc` and hands back the text layer they read, for steps after
    /// analysis that would otherwise segment the same text again (the reuse fingerprint).
    pub fn analyze_keeping_layer(&self, doc: &mut Document) -> TextLayer {
        let layer = TextLayer::new(&doc.text);
        {
            let parses = Parses::new(&layer, self.syntax);
            for stage in &self.stages {
                stage.run_with(doc, &parses);
            }
            if self.print_syntax {
                doc.syntax = syntax::report(&doc.text, &layer, &parses);
            }
        }
        layer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_pipeline_starts_with_language() {
        assert_eq!(Analyzer::standard().stage_names()[0], "language");
    }
}
