//! The `isnad` command.
//!
//! `isnad analyze PATH...` reads articles (plain text, HTML, JSON Lines, WARC, gzip of these),
//! analyses each one and prints the `isnad-report/1` report. The binary owns only what a user
//! touches: arguments, progress, output formats and exit codes; everything else lives in the
//! library crates.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

mod analyze;
mod cmd_framing;
mod cmd_ner;
mod cmd_syntax;
mod cmd_topic;
mod cmd_triggers;
mod library;
mod output;
mod progress;
mod query;
mod sources;

/// Who claims what in Arabic news, on whose word, and who copied whom.
#[derive(Parser)]
#[command(name = "isnad", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print the report.
    Analyze(analyze::AnalyzeArgs),
    /// Analyse articles and add them to the store in a data directory.
    Ingest(library::IngestArgs),
    /// Print the stored corpus's report, in the format `analyze` prints.
    Report(library::ReportArgs),
    /// Search the stored articles (Arabic-aware: clitics, spellings, endings folded).
    Search(query::SearchArgs),
    /// An entity's mentions, the claims it takes part in, and who appears with it.
    Entity(query::EntityArgs),
    /// Stored claims by type, source kind or entity.
    Claims(query::ClaimsArgs),
    /// Who cites whom across a corpus, through which anonymous formulas; framing per outlet.
    Sources(sources::SourcesArgs),
    /// Tag CoNLL tokens with named entities (IOB2, ANERcorp types).
    Tag(cmd_ner::TagArgs),
    /// Parts of speech, features, lemmas and dependency trees, as CoNLL-U.
    Parse(cmd_syntax::ParseArgs),
    /// Rebuild a bundled model from its training data.
    #[command(subcommand)]
    Train(Train),
}

#[derive(Subcommand)]
enum Train {
    /// The named-entity tagger, from ANERcorp.
    Ner(cmd_ner::TrainNerArgs),
    /// The persuasion-technique classifier, from ArAIEval.
    Framing(cmd_framing::TrainFramingArgs),
    /// The tagger, lemmatiser and dependency parser, from the UD treebanks.
    Syntax(cmd_syntax::TrainSyntaxArgs),
    /// The trigger classifier, from the gold claims of dev and dev2_fit.
    Triggers(cmd_triggers::TrainTriggersArgs),
    /// The topic classifier, from the news corpus' sections.
    Topic(cmd_topic::TrainTopicArgs),
}

/// mimalloc rather than the system allocator: analysis makes many small, short-lived strings
/// and vectors a word (folded forms, keys, spans), and glibc's malloc and free were about 12%
/// of its time; the choice of allocator changes no output.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome: Result<ExitCode> = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => library::ingest(args),
        Command::Report(args) => library::report(args),
        Command::Search(args) => query::search(args),
        Command::Entity(args) => query::entity(args),
        Command::Claims(args) => query::claims(args),
        Command::Sources(args) => sources::run(args),
        Command::Tag(args) => cmd_ner::tag(args),
        Command::Parse(args) => cmd_syntax::parse(args),
        Command::Train(Train::Ner(args)) => cmd_ner::train(args),
        Command::Train(Train::Framing(args)) => cmd_framing::train(args),
        Command::Train(Train::Syntax(args)) => cmd_syntax::train(args),
        Command::Train(Train::Triggers(args)) => cmd_triggers::train(args),
        Command::Train(Train::Topic(args)) => cmd_topic::train(args),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            let mut message = format!("isnad: error: {err}");
            for cause in err.chain().skip(1) {
                message.push_str(&format!("\n  caused by: {cause}"));
            }
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

/// Whether standard output is a terminal a person reads.
fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}
