//! The outlet names the reader recognises in bylines and source tags.
//!
//! A bare tag such as `(سانا)` or `RT :` only reads as an outlet if the name is known, so the
//! reader needs a small lexicon. It lives in `data/outlets.txt` and is reached through
//! [`lookup`] alone, so that the knowledge base can replace it later without touching the rules.

use std::collections::HashMap;
use std::sync::OnceLock;

static OUTLETS: &str = include_str!("../data/outlets.txt");

/// Words that may precede an outlet's name without being part of it.
const GENERIC_PREFIXES: [&str; 6] = ["وكاله ", "قناه ", "صحيفه ", "موقع ", "شبكه ", "جريده "];

fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for entry in isnad_text::lexicon::entries(OUTLETS) {
            let mut names = entry
                .text
                .split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty());
            let Some(canonical) = names.next() else {
                continue;
            };
            map.entry(key(canonical)).or_insert(canonical);
            for alias in names {
                map.entry(key(alias)).or_insert(canonical);
            }
        }
        map
    })
}

fn key(name: &str) -> String {
    let folded = isnad_text::fold(name);
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation() && c != '.')
        .to_owned()
}

/// The canonical name of a known outlet written as `name` (`وكالة سبوتنيك` → `سبوتنيك`), or
/// `None` when the lexicon does not know it.
pub fn lookup(name: &str) -> Option<&'static str> {
    let key = key(name);
    if key.is_empty() {
        return None;
    }
    let table = table();
    if let Some(found) = table.get(&key) {
        return Some(found);
    }
    GENERIC_PREFIXES
        .iter()
        .find_map(|p| key.strip_prefix(p))
        .and_then(|rest| table.get(rest).copied())
}

/// Whether two names denote the same outlet: equal after folding, or one canonical entry.
pub fn same_outlet(a: &str, b: &str) -> bool {
    if key(a) == key(b) {
        return true;
    }
    match (lookup(a), lookup(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_aliases_and_prefixed_names() {
        assert_eq!(lookup("RT"), Some("RT"));
        assert_eq!(lookup("rt"), Some("RT"));
        assert_eq!(lookup("روسيا اليوم"), Some("RT"));
        assert_eq!(lookup("سانا"), Some("سانا"));
        assert_eq!(lookup("وكالة سبوتنيك"), Some("سبوتنيك"));
        assert_eq!(lookup("وكالة الاناضول"), Some("الأناضول"));
        assert_eq!(lookup("أ ف ب"), Some("فرانس برس"));
        assert_eq!(lookup("وزارة الدفاع"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn same_outlet_across_aliases() {
        assert!(same_outlet("RT", "روسيا اليوم"));
        assert!(same_outlet("سكاي نيوز عربية", "سكاي نيوز عربيه"));
        assert!(!same_outlet("RT", "سبوتنيك"));
    }
}
