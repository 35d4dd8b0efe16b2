//! Coverage of the development gold set's entity aliases. The figure is printed (run with
//! `--nocapture`); the floor below only guards against losing what the data already covers.
//! Entries are added because they are actors of the domain, never because a gold alias lacks
//! one: the held-out set names others.

use super::{kb, shared};
use isnad_kb::key;

/// The scorer's `strip_clitic` (shared/eval/score.py), on one folded token.
fn strip_clitic(tok: &str) -> String {
    let mut chars = tok.chars();
    let first = chars.next();
    let rest: String = chars.collect();
    match first {
        Some(c @ ('و' | 'ف' | 'ب' | 'ل' | 'ك')) if tok.chars().count() > 3 => {
            if c == 'ل' && rest.starts_with('ل') && !rest.starts_with("ال") {
                format!("ا{rest}")
            } else {
                rest
            }
        }
        _ => tok.to_string(),
    }
}

/// Head nouns that introduce a place name (folded); the knowledge base does not index them.
const DESCRIPTORS: [&str; 6] = ["مدينه", "بلده", "منطقه", "قريه", "ناحيه", "قضاء"];

#[test]
fn gold_entity_aliases_resolve() {
    let path = shared("gold/dev.gold.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: missing {}", path.display());
        return;
    };
    let gold: serde_json::Value = serde_json::from_str(&text).unwrap();
    let kb = kb();
    let (mut total, mut resolved, mut with_descriptor) = (0, 0, 0);
    let mut missing = std::collections::BTreeSet::new();
    for doc in gold["documents"].as_array().unwrap() {
        for entity in doc["entities"].as_array().unwrap() {
            for alias in entity["aliases"].as_array().unwrap() {
                let alias = alias.as_str().unwrap();
                let stripped: Vec<String> = key(alias).split(' ').map(strip_clitic).collect();
                total += 1;
                if !kb.lookup(alias).is_empty() || !kb.lookup(&stripped.join(" ")).is_empty() {
                    resolved += 1;
                    with_descriptor += 1;
                } else if DESCRIPTORS.contains(&stripped[0].as_str())
                    && !kb.lookup(&stripped[1..].join(" ")).is_empty()
                {
                    // What an extractor that drops a leading descriptor would also link.
                    with_descriptor += 1;
                    missing.insert(format!("{} {alias}", entity["type"].as_str().unwrap()));
                } else {
                    missing.insert(format!("{} {alias}", entity["type"].as_str().unwrap()));
                }
            }
        }
    }
    let share = resolved as f64 / total as f64;
    println!(
        "gold entity aliases resolved: {resolved}/{total} = {:.1}%",
        100.0 * share
    );
    println!(
        "with a leading descriptor (مدينة، بلدة، منطقة ...) dropped: {with_descriptor}/{total} = {:.1}%",
        100.0 * with_descriptor as f64 / total as f64
    );
    println!("unresolved: {missing:?}");
    assert!(share >= 0.75, "coverage fell to {share:.3}");
}
