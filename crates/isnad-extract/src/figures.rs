//! The stages that put figures and dates into a document: thin wrappers over
//! [`crate::quantity::find_quantities`] and [`crate::time::find_times`], which work on the text
//! alone. Times resolve relative expressions against the document's `published` date. The
//! standard pipeline runs both as [`FiguresStage`], over one scan of the text.

use isnad_core::Document;
use isnad_text::{CharIndex, TextLayer};

use crate::scan::scan_folded;
use crate::{quantity, time, Stage};

/// Fills `Document::quantities` and `Document::times` from one scan of the text, which
/// both finders read (as [`QuantityStage`] then [`TimeStage`] would, each scanning it).
pub struct FiguresStage;

impl Stage for FiguresStage {
    fn name(&self) -> &'static str {
        "figures and dates"
    }

    fn run(&self, doc: &mut Document, layer: &TextLayer) {
        let reference = publication_date(doc);
        let toks = scan_folded(&doc.text, &layer.folded);
        let idx = CharIndex::new(&doc.text);
        doc.quantities = quantity::find_quantities_in(&doc.text, &toks, &idx);
        doc.times = time::find_times_in(&doc.text, &toks, &idx, reference);
    }
}

/// The date relative expressions resolve against; says so in a diagnostic when there is none.
fn publication_date(doc: &mut Document) -> Option<jiff::civil::Date> {
    let reference = doc
        .published
        .as_deref()
        .and_then(|p| p.parse::<jiff::civil::Date>().ok());
    if reference.is_none() {
        doc.diagnostics
            .push("no publication date: relative dates are left unresolved".to_owned());
    }
    reference
}

/// Fills `Document::quantities`.
pub struct QuantityStage;

impl Stage for QuantityStage {
    fn name(&self) -> &'static str {
        "quantities"
    }

    fn run(&self, doc: &mut Document, _layer: &TextLayer) {
        doc.quantities = quantity::find_quantities(&doc.text);
    }
}

/// Fills `Document::times`.
pub struct TimeStage;

impl Stage for TimeStage {
    fn name(&self) -> &'static str {
        "times"
    }

    fn run(&self, doc: &mut Document, _layer: &TextLayer) {
        let reference = publication_date(doc);
        doc.times = time::find_times(&doc.text, reference);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dates_resolve_against_the_publication_date() {
        let mut doc = Document::new(
            "d",
            "d",
            "وصلت القافلة أمس إلى المدينة وعلى متنها نحو 120 محتجزاً.",
        );
        doc.published = Some("2026-03-10".to_owned());
        let layer = TextLayer::new(&doc.text);
        TimeStage.run(&mut doc, &layer);
        QuantityStage.run(&mut doc, &layer);
        assert_eq!(doc.times[0].value.as_deref(), Some("2026-03-09"));
        assert_eq!(doc.quantities[0].value, 120.0);
        let mut both = Document::new("d", "d", doc.text.clone());
        both.published = doc.published.clone();
        FiguresStage.run(&mut both, &layer);
        assert_eq!(both.times, doc.times);
        assert_eq!(both.quantities, doc.quantities);
    }
}
