//! The stages that put figures and dates into a document: thin wrappers over
//! [`crate::quantity::find_quantities`] and [`crate::time::find_times`], which work on the text
//! alone. Times resolve relative expressions against the document's `published` date.

use isnad_core::Document;
use isnad_text::TextLayer;

use crate::{quantity, time, Stage};

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
        let reference = doc
            .published
            .as_deref()
            .and_then(|p| p.parse::<jiff::civil::Date>().ok());
        if reference.is_none() {
            doc.diagnostics
                .push("no publication date: relative dates are left unresolved".to_owned());
        }
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
    }
}
