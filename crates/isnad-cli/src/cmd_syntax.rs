//! `isnad parse` (CoNLL-U or plain text in, CoNLL-U with parts of speech, features, lemmas
//! and trees out) and `isnad train syntax` (rebuilds the committed syntax model from the
//! treebanks).

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use isnad_syntax::conllu::{self, Line, Row};
use isnad_syntax::train::{self, Config, Split};
use isnad_syntax::treebank::{self, looks_vocalised, TreeSentence};
use isnad_syntax::{Model, Scheme, Syntax, Word};
use isnad_text::TextLayer;

/// Output formats of `isnad parse`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ParseFormat {
    /// CoNLL-U: the input's lines, with LEMMA, UPOS, FEATS, HEAD and DEPREL filled.
    Conllu,
}

/// What `isnad parse` reads.
#[derive(Clone, Copy, ValueEnum)]
pub enum ParseInput {
    /// CoNLL-U when the first word line is one, plain text otherwise.
    Auto,
    /// CoNLL-U: the FORM column of each word, one sentence a block.
    Conllu,
    /// Plain text: cut into sentences and syntactic words first.
    Text,
}

/// Which annotation scheme `isnad parse` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum SchemeArg {
    /// PADT's (UD v1) for vocalised input, as only PADT is; UD v2 otherwise.
    Auto,
    /// UD v2, as the Arabic PUD treebank applies it (the pipeline's scheme).
    Ud,
    /// PADT in UD v1: `CONJ`, `X` for unknown words, `nmod` for obliques.
    Padt,
}

/// Arguments of `isnad parse`.
#[derive(Args)]
pub struct ParseArgs {
    /// The file to read (`-` or nothing: standard input).
    input: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "conllu")]
    format: ParseFormat,
    /// Input format.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: ParseInput,
    /// Annotation scheme of the output.
    #[arg(long, value_enum, default_value = "auto")]
    scheme: SchemeArg,
    /// Use this model file (as `isnad train syntax` writes it) instead of the committed one.
    #[arg(long)]
    model: Option<PathBuf>,
}

/// Arguments of `isnad train syntax`.
#[derive(Args)]
pub struct TrainSyntaxArgs {
    /// The folder of the treebanks (`ar_padt_v1_dev.conllu`, `ar_padt_v1_test.conllu`,
    /// `ar_pud_800.conllu`).
    #[arg(long, default_value = "../shared/data/ud")]
    ud: PathBuf,
    /// Where the model is written (with `--full`; without it only when given).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Train on every sentence, held-out slices included, for the committed model (written to
    /// `crates/isnad-syntax/models/syntax.bin.gz` unless `--out` says otherwise).
    #[arg(long)]
    full: bool,
    /// Passes of the tagger.
    #[arg(long, default_value_t = Config::default().tagger_epochs)]
    tagger_epochs: usize,
    /// Passes of the parser.
    #[arg(long, default_value_t = Config::default().parser_epochs)]
    parser_epochs: usize,
    /// Also score the held-out slices (once, for the record; settings are chosen on dev).
    #[arg(long)]
    test: bool,
}

/// Runs `isnad parse`.
pub fn parse(args: ParseArgs) -> Result<ExitCode> {
    let mut input = String::new();
    match args.input.as_deref() {
        Some(p) if p != Path::new("-") => std::fs::File::open(p)
            .and_then(|mut f| f.read_to_string(&mut input))
            .with_context(|| format!("could not read {} as UTF-8 text", p.display()))?,
        _ => std::io::stdin()
            .lock()
            .read_to_string(&mut input)
            .context("could not read standard input as UTF-8 text")?,
    };
    let owned;
    let syntax: &Syntax = match &args.model {
        Some(path) => {
            owned = load(path)?;
            &owned
        }
        None => Syntax::bundled(),
    };
    let ParseFormat::Conllu = args.format;
    let conllu_input = match args.input_format {
        ParseInput::Conllu => true,
        ParseInput::Text => false,
        ParseInput::Auto => input
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .is_some_and(|l| {
                l.split_once('\t')
                    .is_some_and(|(id, _)| id.split(['-', '.']).all(|p| p.parse::<usize>().is_ok()))
            }),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut block = String::new();
    if conllu_input {
        let mut sentences =
            conllu::read(&input).context("the input is not CoNLL-U (use --input-format text)")?;
        let scheme = scheme_of(
            args.scheme,
            sentences.iter().flat_map(|s| s.words().map(Row::form)),
        );
        for sentence in &mut sentences {
            let forms: Vec<String> = sentence.words().map(|r| r.form().to_owned()).collect();
            let words = syntax.analyze(&forms, scheme);
            for (row, word) in sentence.words_mut().zip(&words) {
                fill(row, word, scheme);
            }
            block.clear();
            conllu::write(sentence, &mut block);
            out.write_all(block.as_bytes())?;
        }
    } else {
        let layer = TextLayer::new(&input);
        let scheme = scheme_of(args.scheme, [input.as_str()]);
        for (n, range) in layer.sentences.iter().enumerate() {
            let words = isnad_syntax::syntactic_words(&layer, range.clone());
            if words.is_empty() {
                continue;
            }
            let forms: Vec<String> = words.iter().map(|w| w.form.clone()).collect();
            let analysis = syntax.analyze_folded(&forms, scheme);
            let mut sentence = conllu::Sentence::default();
            sentence
                .lines
                .push(Line::Comment(format!(" sent_id = {}", n + 1)));
            sentence.lines.push(Line::Comment(format!(
                " text = {}",
                input[range.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            )));
            for (i, (w, a)) in words.iter().zip(&analysis).enumerate() {
                let joined = words
                    .get(i + 1)
                    .is_some_and(|next| next.span.start == w.span.end);
                let mut cols: [String; 10] = std::array::from_fn(|_| "_".to_owned());
                cols[0] = (i + 1).to_string();
                cols[1] = input[w.span.clone()].to_owned();
                if joined {
                    cols[9] = "SpaceAfter=No".to_owned();
                }
                let mut row = Row { cols };
                fill(&mut row, a, scheme);
                sentence.lines.push(Line::Word(Box::new(row)));
            }
            block.clear();
            conllu::write(&sentence, &mut block);
            out.write_all(block.as_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The scheme to write: as asked, or PADT's for vocalised input.
fn scheme_of<'a>(arg: SchemeArg, forms: impl IntoIterator<Item = &'a str>) -> Scheme {
    match arg {
        SchemeArg::Ud => Scheme::Ud,
        SchemeArg::Padt => Scheme::Padt,
        SchemeArg::Auto => {
            let words: Vec<&str> = forms
                .into_iter()
                .flat_map(str::split_whitespace)
                .take(2000)
                .collect();
            if looks_vocalised(words) {
                Scheme::Padt
            } else {
                Scheme::Ud
            }
        }
    }
}

/// Writes the analysis of one word into its row: LEMMA, UPOS, FEATS, HEAD, DEPREL (XPOS and
/// DEPS are not predicted: `_`).
fn fill(row: &mut Row, word: &Word, scheme: Scheme) {
    row.cols[2] = word.lemma.clone();
    row.cols[3] = scheme.upos(word.upos).to_string();
    row.cols[4] = "_".to_owned();
    row.cols[5] = word.feats.to_string();
    row.cols[6] = word.head.to_string();
    row.cols[7] = scheme.deprel(word.rel).to_owned();
    row.cols[8] = "_".to_owned();
}

fn load(path: &Path) -> Result<Syntax> {
    let bytes =
        std::fs::read(path).with_context(|| format!("could not read {}", path.display()))?;
    let model = Model::from_bytes(&bytes)
        .with_context(|| format!("{} is not a syntax model", path.display()))?;
    Ok(Syntax::new(model, isnad_syntax::shared_clusters()))
}

fn read_treebank(dir: &Path, name: &str, scheme: Scheme) -> Result<Vec<TreeSentence>> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "could not read {} (the UD treebanks are in ../shared/data/ud; see --ud)",
            path.display()
        )
    })?;
    treebank::read(&text, scheme)
        .with_context(|| format!("{} cannot be learnt from", path.display()))
}

/// Runs `isnad train syntax`.
pub fn train(args: TrainSyntaxArgs) -> Result<ExitCode> {
    let split = Split::standard(
        read_treebank(&args.ud, "ar_padt_v1_dev.conllu", Scheme::Padt)?,
        read_treebank(&args.ud, "ar_padt_v1_test.conllu", Scheme::Padt)?,
        read_treebank(&args.ud, "ar_pud_800.conllu", Scheme::Ud)?,
    );
    if split.train.is_empty() {
        bail!("no training sentences in {}", args.ud.display());
    }
    let config = Config {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        ..Config::default()
    };
    let clusters = isnad_syntax::shared_clusters();
    let log = |m: &str| eprintln!("isnad train syntax: {m}");
    if args.full {
        let all = split.all();
        let model = train::train(&all, &clusters, &config, log);
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from("crates/isnad-syntax/models/syntax.bin.gz"));
        write_model(&model, &out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let model = train::train(&split.train, &clusters, &config, log);
    if let Some(out) = &args.out {
        write_model(&model, out)?;
    }
    let syntax = Syntax::new(model, Arc::clone(&clusters));
    let mut report = vec![("dev", &split.dev)];
    if args.test {
        report.push(("held-out", &split.test));
    }
    for (name, sentences) in report {
        for scheme in Scheme::ALL {
            let part: Vec<TreeSentence> = sentences
                .iter()
                .filter(|s| s.scheme == scheme)
                .cloned()
                .collect();
            let s = train::evaluate(&syntax, &part);
            println!(
                "{name} {scheme}: {} words, UPOS {:.4}, UAS {:.4}, LAS {:.4}, lemma {:.4}, {:.0} words/s",
                s.words, s.upos, s.uas, s.las, s.lemma, s.words_per_second
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_model(model: &Model, out: &Path) -> Result<()> {
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("could not write {}", out.display()))?;
    eprintln!(
        "isnad train syntax: wrote {} ({} bytes)",
        out.display(),
        bytes.len()
    );
    Ok(())
}
