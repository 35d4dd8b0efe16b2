//! The commands that read a store: `isnad search`, `isnad entity`, `isnad claims`.
//!
//! Each prints a readable table by default and JSON with `--format json`; all take
//! `--data DIR`. Names are resolved through the knowledge base first (داعش, تنظيم الدولة and
//! ISIS are one id), then through the names the store's mentions carry.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use isnad_core::{ChainLink, ClaimType, SourceKind};
use isnad_kb::Kb;
use isnad_search::Filters;
use isnad_store::{ClaimQuery, SourceFilter};
use serde::Serialize;

use crate::library::{DataArgs, Library};

/// Output formats of the query commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// A readable list.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `isnad search`.
#[derive(Args)]
pub struct SearchArgs {
    /// The query: words (all must match; clitics and spellings are folded), "a phrase",
    /// OR, NOT, title:word. Empty with filters lists the filtered documents, newest first.
    #[arg(default_value = "")]
    query: String,

    #[command(flatten)]
    data: DataArgs,

    /// Only documents from this outlet.
    #[arg(long)]
    outlet: Option<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only documents that mention this entity (a KB id or a name).
    #[arg(long)]
    entity: Option<String>,
    /// Only documents with a claim of this type (transfer, attack, kill ...).
    #[arg(long = "type", value_name = "TYPE", value_parser = clap::value_parser!(ClaimType))]
    claim_type: Option<ClaimType>,
    /// Only documents citing a source of this kind (anonymous, official, outlet ...).
    #[arg(long, value_name = "KIND", value_parser = clap::value_parser!(SourceKind))]
    source_kind: Option<SourceKind>,
    /// Only documents that share text with one published earlier.
    #[arg(long)]
    copies: bool,
    /// How many hits to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: QueryFormat,
}

/// Runs `isnad search`.
pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let library = Library::open_for_reading(&args.data.dir()?)?;
    let kb = Kb::bundled();
    let filters = Filters {
        outlet: args.outlet.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        entity: args
            .entity
            .as_deref()
            .map(|e| resolve_entity(&kb, &library, e).unwrap_or_else(|| e.to_owned())),
        claim_type: args.claim_type,
        source_kind: args.source_kind,
        copies_only: args.copies,
    };
    let hits = library.index.search(&args.query, &filters, args.limit)?;
    let mut out = io::stdout().lock();
    match args.format {
        QueryFormat::Json => {
            serde_json::to_writer(&mut out, &hits)?;
            writeln!(out)?;
        }
        QueryFormat::Text => {
            writeln!(
                out,
                "{} document(s) match; showing {}",
                hits.total,
                hits.hits.len()
            )?;
            for h in &hits.hits {
                writeln!(
                    out,
                    "\n{}  {}  {}  ({:.2})",
                    h.id,
                    h.outlet.as_deref().unwrap_or("—"),
                    h.published.as_deref().unwrap_or("—"),
                    h.score
                )?;
                if let Some(t) = &h.title {
                    writeln!(out, "  {t}")?;
                }
                writeln!(out, "  {}", terminal_snippet(&h.snippet))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The snippet for a terminal: `<b>` as bold, HTML entities decoded.
fn terminal_snippet(html: &str) -> String {
    html.replace("<b>", "\x1b[1m")
        .replace("</b>", "\x1b[0m")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The id of an entity named by a KB id, a name or alias in the KB, or a name the store's
/// mentions carry.
fn resolve_entity(kb: &Kb, library: &Library, name: &str) -> Option<String> {
    if kb.get(name).is_some() {
        return Some(name.to_owned());
    }
    if let Some(&id) = kb.lookup(name).first() {
        return Some(kb.entry(id).id.clone());
    }
    library
        .store
        .ids_for_name(&isnad_kb::key(name))
        .ok()?
        .into_iter()
        .next()
}

/// Arguments of `isnad entity`.
#[derive(Args)]
pub struct EntityArgs {
    /// The entity: a name or alias (داعش, تنظيم الدولة), or a KB id.
    name: String,

    #[command(flatten)]
    data: DataArgs,

    /// How many mentions, claims and co-occurring entities to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: QueryFormat,
}

#[derive(Serialize)]
struct EntityReport {
    kb_id: String,
    name: Option<String>,
    mentions: Vec<isnad_store::MentionRow>,
    claims: Vec<isnad_store::ClaimRow>,
    cooccurring: Vec<isnad_store::Cooccurrence>,
}

/// Runs `isnad entity`.
pub fn entity(args: EntityArgs) -> Result<ExitCode> {
    let library = Library::open_for_reading(&args.data.dir()?)?;
    let kb = Kb::bundled();
    let Some(kb_id) = resolve_entity(&kb, &library, &args.name) else {
        anyhow::bail!(
            "no entity called \"{}\" in the knowledge base or the store",
            args.name
        );
    };
    let report = EntityReport {
        name: kb.get(&kb_id).map(|e| e.name_ar.clone()),
        mentions: library.store.mentions(&kb_id, args.limit)?,
        claims: library.store.claims(&ClaimQuery {
            entity: Some(kb_id.clone()),
            limit: args.limit,
            ..ClaimQuery::default()
        })?,
        cooccurring: library.store.cooccurring(&kb_id, args.limit)?,
        kb_id,
    };
    let mut out = io::stdout().lock();
    match args.format {
        QueryFormat::Json => {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        }
        QueryFormat::Text => {
            writeln!(
                out,
                "{} ({})",
                report.name.as_deref().unwrap_or(&args.name),
                report.kb_id
            )?;
            writeln!(out, "\nmentions ({} shown):", report.mentions.len())?;
            for m in &report.mentions {
                writeln!(
                    out,
                    "  {}  {}  {}  «{}» [{}..{}]",
                    m.doc,
                    m.outlet.as_deref().unwrap_or("—"),
                    m.published.as_deref().unwrap_or("—"),
                    m.text,
                    m.start,
                    m.end
                )?;
            }
            writeln!(
                out,
                "\nclaims with it in a role ({} shown):",
                report.claims.len()
            )?;
            print_claims(&mut out, &report.claims)?;
            writeln!(out, "\nmentioned in the same documents:")?;
            for c in &report.cooccurring {
                writeln!(out, "  {:>5}  {}  ({})", c.documents, c.name, c.kb_id)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `isnad claims`.
#[derive(Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    data: DataArgs,

    /// Only claims of this type (transfer, attack, kill ...).
    #[arg(long = "type", value_name = "TYPE", value_parser = clap::value_parser!(ClaimType))]
    claim_type: Option<ClaimType>,
    /// Only claims whose chain ends in a source of this kind (anonymous, official, person,
    /// outlet, document, unspecified), or `asserted` for claims an outlet makes itself.
    #[arg(long, value_name = "KIND", value_parser = clap::value_parser!(SourceFilter))]
    source_kind: Option<SourceFilter>,
    /// Only claims with this entity (a name or KB id) in a role.
    #[arg(long)]
    entity: Option<String>,
    /// How many claims to show, newest first.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: QueryFormat,
}

/// Runs `isnad claims`.
pub fn claims(args: ClaimsArgs) -> Result<ExitCode> {
    let library = Library::open_for_reading(&args.data.dir()?)?;
    let kb = Kb::bundled();
    let entity = match &args.entity {
        Some(name) => Some(resolve_entity(&kb, &library, name).with_context(|| {
            format!("no entity called \"{name}\" in the knowledge base or the store")
        })?),
        None => None,
    };
    let rows = library.store.claims(&ClaimQuery {
        claim_type: args.claim_type,
        source_kind: args.source_kind,
        entity,
        limit: args.limit,
    })?;
    let mut out = io::stdout().lock();
    match args.format {
        QueryFormat::Json => {
            serde_json::to_writer(&mut out, &rows)?;
            writeln!(out)?;
        }
        QueryFormat::Text => {
            writeln!(out, "{} claim(s)", rows.len())?;
            print_claims(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_claims(out: &mut impl Write, rows: &[isnad_store::ClaimRow]) -> io::Result<()> {
    for r in rows {
        writeln!(
            out,
            "  {}#{}  {}  {}  [{}] {}",
            r.doc,
            r.claim.id,
            r.outlet.as_deref().unwrap_or("—"),
            r.published.as_deref().unwrap_or("—"),
            r.claim.claim_type.arabic_name(),
            r.claim.summary
        )?;
        if !r.chain.is_empty() {
            writeln!(out, "      ← {}", chain_line(&r.chain))?;
        }
    }
    Ok(())
}

/// `RT ← سبوتنيك ← مصادر خاصة`.
fn chain_line(chain: &[ChainLink]) -> String {
    chain
        .iter()
        .map(|l| l.text.as_deref().unwrap_or("؟"))
        .collect::<Vec<_>>()
        .join(" ← ")
}
