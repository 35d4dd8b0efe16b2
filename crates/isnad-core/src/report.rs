//! The report as a whole, and its JSON Lines form.
//!
//! `--format json` prints one [`Report`]; `--format jsonl` prints a stream of [`ReportLine`]s,
//! documents first, so that a large corpus never sits in memory as one object.

use serde::{Deserialize, Serialize};

use crate::{Cluster, Document, Reuse};

/// The value of the report's `format` field.
pub const REPORT_FORMAT: &str = "isnad-report/1";

/// The whole report of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The analysed documents, in input order.
    pub documents: Vec<Document>,
    /// Pairs of documents that share text.
    pub reuse: Vec<Reuse>,
    /// Claims across documents that report the same event.
    pub clusters: Vec<Cluster>,
}

impl Report {
    /// A report over `documents` with no cross-document results yet.
    pub fn new(documents: Vec<Document>) -> Self {
        Report {
            format: REPORT_FORMAT.to_owned(),
            documents,
            reuse: Vec::new(),
            clusters: Vec::new(),
        }
    }
}

/// One line of the JSON Lines report: `{"type": ..., "data": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "lowercase")]
pub enum ReportLine {
    /// A document; all documents come first.
    Document(Box<Document>),
    /// A reuse pair.
    Reuse(Reuse),
    /// A cluster.
    Cluster(Cluster),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jsonl_line_is_tagged_with_its_type() {
        let line = ReportLine::Document(Box::new(Document::new("d", "s", "t")));
        let v = serde_json::to_value(&line).unwrap();
        assert_eq!(v["type"], "document");
        assert_eq!(v["data"]["id"], "d");
    }
}
