//! `isnad sources`: the provenance graph of a corpus (who cites whom, how often, through which
//! anonymous formulas) and each outlet's framing profile, as a readable table, JSON or
//! Graphviz DOT.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use isnad_core::{Document, SourceKind};
use isnad_extract::framing::{self, FramingProfile};
use isnad_link::{ProvenanceBuilder, ProvenanceGraph};
use serde::Serialize;

use crate::analyze::{Corpus, CorpusArgs};

/// Output formats of `isnad sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    /// A readable table.
    Text,
    /// The graph and the framing profiles as one JSON object.
    Json,
    /// The graph in Graphviz DOT (`dot -Tsvg`).
    Dot,
}

/// Arguments of `isnad sources`.
#[derive(Args)]
pub struct SourcesArgs {
    #[command(flatten)]
    corpus: CorpusArgs,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: SourcesFormat,
}

#[derive(Serialize)]
struct SourcesReport<'a> {
    format: &'static str,
    graph: &'a ProvenanceGraph,
    framing: &'a [FramingProfile],
}

/// Runs `isnad sources`.
pub fn run(args: SourcesArgs) -> Result<ExitCode> {
    let corpus = Corpus::new(&args.corpus)?;
    let mut graph = ProvenanceBuilder::new();
    // Framing profiles need the spans and word counts only: keep the documents lean.
    let mut lean: Vec<Document> = Vec::new();
    let counts = corpus.run(|doc, _| {
        graph.add(doc);
        let mut kept = Document::new(doc.id.clone(), doc.source.clone(), doc.text.clone());
        kept.outlet = doc.outlet.clone();
        kept.framing = doc.framing.clone();
        lean.push(kept);
        Ok(())
    })?;
    let graph = graph.finish();
    let profiles = framing::profile(&lean);
    corpus.finish(&counts);

    let mut out = std::io::stdout().lock();
    match args.format {
        SourcesFormat::Json => {
            let report = SourcesReport {
                format: "isnad-sources/1",
                graph: &graph,
                framing: &profiles,
            };
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        SourcesFormat::Dot => out.write_all(graph.to_dot().as_bytes())?,
        SourcesFormat::Text => print_table(&mut out, &graph, &profiles).context("cannot write")?,
    }
    Ok(counts.exit_code())
}

fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Anonymous => "مجهول",
        SourceKind::Person => "شخص",
        SourceKind::Organization => "منظمة",
        SourceKind::Outlet => "وسيلة إعلام",
        SourceKind::Official => "جهة رسمية",
        SourceKind::Document => "وثيقة",
        SourceKind::Unspecified => "غير محدد",
    }
}

fn print_table(
    out: &mut impl Write,
    graph: &ProvenanceGraph,
    profiles: &[FramingProfile],
) -> std::io::Result<()> {
    writeln!(out, "الناشرون")?;
    let mut publishers: Vec<_> = graph.nodes.iter().filter(|n| n.documents > 0).collect();
    publishers.sort_by(|a, b| {
        b.documents
            .cmp(&a.documents)
            .then_with(|| a.label.cmp(&b.label))
    });
    for p in publishers {
        let cites: Vec<String> = graph
            .edges
            .iter()
            .filter(|e| e.from == p.id)
            .take(5)
            .map(|e| format!("{} ({})", graph.label(&e.to), e.count))
            .collect();
        writeln!(
            out,
            "  {} · {} وثيقة · ينقل عن: {}",
            p.label,
            p.documents,
            cites.join("، ")
        )?;
    }
    writeln!(out, "المصادر الأكثر استشهاداً")?;
    let mut cited: Vec<_> = graph.nodes.iter().filter(|n| n.cited > 0).collect();
    cited.sort_by(|a, b| b.cited.cmp(&a.cited).then_with(|| a.label.cmp(&b.label)));
    for n in cited.iter().take(25) {
        writeln!(
            out,
            "  {} ({}) · {} مرة",
            n.label,
            kind_name(n.kind),
            n.cited
        )?;
    }
    writeln!(out, "الصيغ المجهولة")?;
    for n in cited
        .iter()
        .filter(|n| n.kind == SourceKind::Anonymous)
        .take(15)
    {
        let via: Vec<String> = graph
            .edges
            .iter()
            .filter(|e| e.to == n.id)
            .take(4)
            .map(|e| format!("{} ({})", graph.label(&e.from), e.count))
            .collect();
        writeln!(
            out,
            "  «{}» · {} مرة · عبر: {}",
            n.label,
            n.cited,
            via.join("، ")
        )?;
    }
    writeln!(out, "التأطير (لكل ألف كلمة)")?;
    for p in profiles {
        let outlet = p.outlet.as_deref().unwrap_or("وسيلة غير معروفة");
        let mut rates: Vec<_> = p.techniques.iter().collect();
        rates.sort_by(|a, b| b.1.per_1000_words.total_cmp(&a.1.per_1000_words));
        let top: Vec<String> = rates
            .iter()
            .take(3)
            .map(|(t, r)| format!("{t} {:.1}", r.per_1000_words))
            .collect();
        let terms: Vec<&str> = p
            .loaded_terms
            .iter()
            .take(5)
            .map(|t| t.term.as_str())
            .collect();
        writeln!(
            out,
            "  {outlet} · {} · ألفاظ: {}",
            top.join("، "),
            terms.join("، ")
        )?;
    }
    Ok(())
}
