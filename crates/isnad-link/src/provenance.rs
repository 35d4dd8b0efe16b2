//! The provenance graph: who cites whom across a corpus, how often, and through which
//! anonymous-source formulas.
//!
//! Every attribution chain `publisher → cited outlet → ... → origin` adds one to each of its
//! edges. Nodes are outlets, agencies, officials, organisations and the anonymous formulas
//! themselves (`مصادر خاصة`, `ناشطون`), keyed by knowledge-base id when linked and by folded
//! text otherwise, so that `وكالة سانا` and `سانا` are one node when the KB knows them. The
//! graph is exported as JSON and as Graphviz DOT; `isnad sources` prints it as a table.

use std::collections::BTreeMap;

use isnad_core::{ChainLink, Document, SourceKind};
use isnad_text::fold;
use serde::Serialize;

/// A node of the graph.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Stable key: the KB id, or `text:` and the folded name.
    pub id: String,
    /// The name as most often written.
    pub label: String,
    /// Its kind as a source.
    pub kind: SourceKind,
    /// Documents it published (for publishers).
    pub documents: usize,
    /// Times it was cited as a link of a chain.
    pub cited: usize,
}

/// A citation edge: `from` reports on the word of `to`.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// The citing node.
    pub from: String,
    /// The cited node.
    pub to: String,
    /// How many attributions pass through this edge.
    pub count: usize,
}

/// The corpus-level graph of outlets, cited outlets and origins.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProvenanceGraph {
    /// Nodes, ordered by id.
    pub nodes: Vec<Node>,
    /// Edges, most used first.
    pub edges: Vec<Edge>,
}

/// Builds a [`ProvenanceGraph`] document by document.
#[derive(Default)]
pub struct ProvenanceBuilder {
    nodes: BTreeMap<String, (BTreeMap<String, usize>, SourceKind, usize, usize)>,
    edges: BTreeMap<(String, String), usize>,
}

fn key(link: &ChainLink) -> Option<String> {
    match (&link.kb_id, &link.text) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(text)) => Some(format!("text:{}", fold(text.trim()))),
        (None, None) => None,
    }
}

impl ProvenanceBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        ProvenanceBuilder::default()
    }

    fn node(&mut self, link: &ChainLink) -> Option<String> {
        let id = key(link)?;
        let entry = self
            .nodes
            .entry(id.clone())
            .or_insert_with(|| (BTreeMap::new(), link.kind, 0, 0));
        if let Some(text) = &link.text {
            *entry.0.entry(text.clone()).or_default() += 1;
        }
        Some(id)
    }

    /// Adds the chains of one document.
    pub fn add(&mut self, doc: &Document) {
        let publisher = ChainLink {
            text: doc.outlet.clone(),
            kind: SourceKind::Outlet,
            kb_id: None,
        };
        if let Some(id) = self.node(&publisher) {
            self.nodes.get_mut(&id).expect("just added").2 += 1;
        }
        for a in &doc.attributions {
            let mut previous: Option<String> = None;
            for (i, link) in a.chain.iter().enumerate() {
                // The publisher link is keyed by its name, as documents count it.
                let link = if i == 0 { &publisher } else { link };
                let Some(id) = self.node(link) else {
                    previous = None;
                    continue;
                };
                if i > 0 {
                    self.nodes.get_mut(&id).expect("just added").3 += 1;
                }
                if let Some(from) = previous.take() {
                    if from != id {
                        *self.edges.entry((from, id.clone())).or_default() += 1;
                    }
                }
                previous = Some(id);
            }
        }
    }

    /// The graph.
    pub fn finish(&self) -> ProvenanceGraph {
        let nodes = self
            .nodes
            .iter()
            .map(|(id, (labels, kind, documents, cited))| Node {
                id: id.clone(),
                label: labels
                    .iter()
                    .max_by_key(|(text, n)| (**n, std::cmp::Reverse((*text).clone())))
                    .map(|(text, _)| text.clone())
                    .unwrap_or_else(|| id.clone()),
                kind: *kind,
                documents: *documents,
                cited: *cited,
            })
            .collect();
        let mut edges: Vec<Edge> = self
            .edges
            .iter()
            .map(|((from, to), count)| Edge {
                from: from.clone(),
                to: to.clone(),
                count: *count,
            })
            .collect();
        edges.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
        });
        ProvenanceGraph { nodes, edges }
    }
}

impl ProvenanceGraph {
    /// The label of a node id.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id, |n| n.label.as_str())
    }

    /// The graph in Graphviz DOT, anonymous formulas drawn as dashed boxes.
    pub fn to_dot(&self) -> String {
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = String::from(
            "digraph provenance {\n  rankdir=LR;\n  node [fontname=\"Noto Naskh Arabic\"];\n",
        );
        for n in &self.nodes {
            let style = match n.kind {
                SourceKind::Anonymous => "shape=box, style=dashed",
                SourceKind::Outlet => "shape=ellipse",
                _ => "shape=box",
            };
            out.push_str(&format!(
                "  \"{}\" [label=\"{}\", {style}];\n",
                quote(&n.id),
                quote(&n.label)
            ));
        }
        for e in &self.edges {
            out.push_str(&format!(
                "  \"{}\" -> \"{}\" [label=\"{}\", penwidth={:.1}];\n",
                quote(&e.from),
                quote(&e.to),
                e.count,
                1.0 + (e.count as f64).ln()
            ));
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_core::{Attribution, Source, Span, TextSpan};

    fn link(text: &str, kind: SourceKind) -> ChainLink {
        ChainLink {
            text: Some(text.to_owned()),
            kind,
            kb_id: None,
        }
    }

    fn doc(outlet: &str, chains: &[&[(&str, SourceKind)]]) -> Document {
        let mut d = Document::new(outlet, outlet, "نص");
        d.outlet = Some(outlet.to_owned());
        for (i, c) in chains.iter().enumerate() {
            let mut chain = vec![link(outlet, SourceKind::Outlet)];
            chain.extend(c.iter().map(|(t, k)| link(t, *k)));
            let last = chain.last().unwrap().clone();
            d.attributions.push(Attribution {
                id: format!("a{i}"),
                cue: TextSpan {
                    start: 0,
                    end: 0,
                    text: String::new(),
                },
                source: Source {
                    start: 0,
                    end: 0,
                    text: last.text.clone().unwrap(),
                    kind: last.kind,
                    kb_id: None,
                },
                chain,
                content: Span::new(0, 0),
            });
        }
        d
    }

    #[test]
    fn outlets_citing_one_agency_meet_at_its_node() {
        let mut b = ProvenanceBuilder::new();
        let via_agency: &[(&str, SourceKind)] = &[
            ("سبوتنيك", SourceKind::Outlet),
            ("مصادر خاصة", SourceKind::Anonymous),
        ];
        b.add(&doc("RT", &[via_agency]));
        b.add(&doc(
            "عربي اليوم",
            &[via_agency, &[("ناشطون", SourceKind::Anonymous)]],
        ));
        let g = b.finish();
        let agency = g.nodes.iter().find(|n| n.label == "سبوتنيك").unwrap();
        assert_eq!(agency.cited, 2);
        let into_sources = g
            .edges
            .iter()
            .find(|e| g.label(&e.to) == "مصادر خاصة")
            .unwrap();
        assert_eq!(into_sources.count, 2);
        assert_eq!(g.label(&into_sources.from), "سبوتنيك");
        let dot = g.to_dot();
        assert!(dot.starts_with("digraph provenance"));
        assert!(dot.contains("style=dashed"));
    }
}
