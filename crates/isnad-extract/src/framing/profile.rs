//! Framing profiles: how often each technique occurs per 1,000 words, and the lexicon terms
//! used most, for one document or for each outlet of a set.

use std::collections::{BTreeMap, HashMap};

use isnad_core::Document;
use serde::{Deserialize, Serialize};

/// How many terms a profile lists.
const TOP_TERMS: usize = 20;

/// The framing of a set of documents (one outlet's, or one document's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FramingProfile {
    /// The outlet, or `None` for documents without one.
    pub outlet: Option<String>,
    /// Documents counted.
    pub documents: usize,
    /// Words in them (whitespace-separated runs with a letter or digit).
    pub words: usize,
    /// Framing spans in them, all techniques.
    pub spans: usize,
    /// Per technique label: count and rate, labels in alphabetical order.
    pub techniques: BTreeMap<String, TechniqueRate>,
    /// The lexicon terms matched most (the entry, as written in the lexicon), most used first.
    pub loaded_terms: Vec<TermCount>,
}

/// How often one technique occurs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TechniqueRate {
    /// Spans with this technique.
    pub count: usize,
    /// Spans per 1,000 words.
    pub per_1000_words: f64,
}

/// A lexicon term and how often it was matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    /// The lexicon entry (`الاحتلال`, `ميليشي*`).
    pub term: String,
    /// Its technique.
    pub technique: String,
    /// Matches.
    pub count: usize,
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn build<'a>(outlet: Option<String>, docs: impl Iterator<Item = &'a Document>) -> FramingProfile {
    let mut p = FramingProfile {
        outlet,
        documents: 0,
        words: 0,
        spans: 0,
        techniques: BTreeMap::new(),
        loaded_terms: Vec::new(),
    };
    let mut terms: HashMap<(String, String), usize> = HashMap::new();
    for d in docs {
        p.documents += 1;
        p.words += word_count(&d.text);
        for f in &d.framing {
            p.spans += 1;
            p.techniques
                .entry(f.technique.clone())
                .or_insert(TechniqueRate {
                    count: 0,
                    per_1000_words: 0.0,
                })
                .count += 1;
            // Lexicon notes read `lexicon <file>: <entry>`.
            if let Some(rest) = f.note.strip_prefix("lexicon ") {
                if let Some((_, entry)) = rest.split_once(": ") {
                    *terms
                        .entry((entry.to_owned(), f.technique.clone()))
                        .or_default() += 1;
                }
            }
        }
    }
    for r in p.techniques.values_mut() {
        r.per_1000_words = if p.words == 0 {
            0.0
        } else {
            r.count as f64 * 1000.0 / p.words as f64
        };
    }
    let mut terms: Vec<TermCount> = terms
        .into_iter()
        .map(|((term, technique), count)| TermCount {
            term,
            technique,
            count,
        })
        .collect();
    terms.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    terms.truncate(TOP_TERMS);
    p.loaded_terms = terms;
    p
}

/// The profile of one analysed document.
pub fn document_profile(doc: &Document) -> FramingProfile {
    build(doc.outlet.clone(), std::iter::once(doc))
}

/// One profile per outlet of `docs` (analysed documents), outlets in alphabetical order and
/// documents without an outlet last.
pub fn profile(docs: &[Document]) -> Vec<FramingProfile> {
    let mut groups: BTreeMap<Option<&str>, Vec<&Document>> = BTreeMap::new();
    for d in docs {
        groups.entry(d.outlet.as_deref()).or_default().push(d);
    }
    let mut out: Vec<FramingProfile> = groups
        .into_iter()
        .map(|(o, ds)| build(o.map(str::to_owned), ds.into_iter()))
        .collect();
    // BTreeMap puts None first; the brief order is outlets first.
    out.sort_by(|a, b| match (&a.outlet, &b.outlet) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.cmp(y),
    });
    out
}
