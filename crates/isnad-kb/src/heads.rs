//! Kinds of place named by a common noun rather than a name: the head nouns of phrases that
//! name one site (`المحطة الحرارية`, `مغارة`), which the KB cannot list one by one.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Folded head nouns of site phrases, from `data/site_heads.txt`.
fn site_heads() -> &'static HashSet<String> {
    static HEADS: OnceLock<HashSet<String>> = OnceLock::new();
    HEADS.get_or_init(|| {
        isnad_text::lexicon::entries(include_str!("../data/site_heads.txt"))
            .map(|e| isnad_text::fold(e.text))
            .collect()
    })
}

/// Whether a word (any spelling, with or without the article) is the head noun of a phrase
/// naming one site: a station, a cave, a hospital, a base (`المحطة`, `مغارة`).
pub fn is_site_head(word: &str) -> bool {
    let folded = isnad_text::fold(word);
    let bare = folded.strip_prefix("ال").unwrap_or(&folded);
    site_heads().contains(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buildings_and_facilities_are_sites_but_areas_are_not() {
        assert!(is_site_head("المحطة"));
        assert!(is_site_head("مغارة"));
        assert!(is_site_head("مستشفى"));
        assert!(!is_site_head("حي"));
        assert!(!is_site_head("المنطقة"));
        assert!(!is_site_head("مدينة"));
    }
}
