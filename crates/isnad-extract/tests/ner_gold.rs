//! The entity stage alone on the gold development articles: writes a report that
//! `shared/eval/score.py report` reads (entities only), and checks a floor on mention counts.
//!
//! `ISNAD_NER_REPORT=/tmp/report.json cargo test -p isnad-extract --test ner_gold` writes the
//! report there; then
//! `python3 ../shared/eval/score.py report ../shared/data/gold/dev.gold.json /tmp/report.json`.

use std::sync::Arc;

use isnad_core::Document;
use isnad_extract::ner::EntityStage;
use isnad_extract::Stage;
use isnad_kb::Kb;
use isnad_text::TextLayer;

#[test]
fn gold_articles_get_linked_entities() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/gold/dev.input.jsonl");
    let Ok(input) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} is not there (shared data missing)",
            path.display()
        );
        return;
    };
    let stage = EntityStage::new(Arc::new(Kb::bundled()));
    let mut docs = Vec::new();
    for line in input.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("gold input is JSONL");
        let mut doc = Document::new(
            v["id"].as_str().unwrap_or_default(),
            "gold",
            v["text"].as_str().unwrap_or_default(),
        );
        let layer = TextLayer::new(&doc.text);
        stage.run(&mut doc, &layer);
        assert!(!doc.entities.is_empty(), "{} has no entities", doc.id);
        assert!(doc.entities.iter().any(|e| e
            .kb_id
            .as_deref()
            .is_some_and(|k| !k.starts_with("isnad:name:"))));
        docs.push(doc);
    }
    if let Ok(out) = std::env::var("ISNAD_NER_REPORT") {
        let report = serde_json::json!({ "format": "isnad-report/1", "documents": docs });
        std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
        eprintln!("report written to {out}");
    }
}
