//! Trains on this project's split of the treebanks and scores the dev slices, for choosing
//! settings: `cargo run --release -p isnad-syntax --example syntax_dev -- [tagger-epochs
//! parser-epochs] [--test] [--save MODEL | --load MODEL]`. `--test` scores the held-out slices instead (once, for the
//! record). The treebanks are read from `../shared/data/ud`.

use std::path::Path;

use isnad_syntax::train::{self, Config, Split};
use isnad_syntax::treebank::{self, Scheme, TreeSentence};
use isnad_syntax::{shared_clusters, Syntax};

fn read(dir: &Path, name: &str, scheme: Scheme) -> Vec<TreeSentence> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the treebanks live in ../shared/data/ud)",
            path.display()
        )
    });
    treebank::read(&text, scheme).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Nanoseconds this thread has run on a processor (Linux), so that speed is measured alike on
/// a busy machine.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let test = args.iter().any(|a| a == "--test");
    let numbers: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let mut config = Config::default();
    if let [t, p, ..] = numbers[..] {
        config.tagger_epochs = t;
        config.parser_epochs = p;
    }
    let dir = Path::new("../shared/data/ud");
    let split = Split::standard(
        read(dir, "ar_padt_v1_dev.conllu", Scheme::Padt),
        read(dir, "ar_padt_v1_test.conllu", Scheme::Padt),
        read(dir, "ar_pud_800.conllu", Scheme::Ud),
    );
    let clusters = shared_clusters();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let mut model = match flag("--load") {
        Some(path) => {
            isnad_syntax::Model::from_bytes(&std::fs::read(path).expect("reading the model"))
                .expect("a model")
        }
        None => train::train(&split.train, &clusters, &config, |m| eprintln!("{m}")),
    };
    if let Some(min) = flag("--prune").and_then(|x| x.parse::<f32>().ok()) {
        model.tagger.prune(min);
        model.parser.prune(min);
    }
    eprintln!(
        "tagger {} rows {} cells; parser {} rows {} cells; lemma dictionary {} forms",
        model.tagger.rows.len(),
        model.tagger.cells(),
        model.parser.rows.len(),
        model.parser.cells(),
        model.lemmatizer.dictionary.len()
    );
    if let Some(path) = flag("--save") {
        let bytes = model.to_bytes();
        eprintln!("model file: {} bytes", bytes.len());
        std::fs::write(path, &bytes).expect("writing the model");
    }
    let syntax = Syntax::new(model, clusters);
    let scored = if test { &split.test } else { &split.dev };
    let mut written = String::new();
    for s in scored {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let words = syntax.analyze(&forms, s.scheme);
        for (i, (g, p)) in s.words.iter().zip(&words).enumerate() {
            written.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                i + 1,
                g.form,
                s.scheme,
                g.upos,
                p.upos,
                g.head,
                p.head,
                g.rel,
                p.rel,
                g.lemma,
                p.lemma
            ));
        }
        written.push('\n');
    }
    std::fs::write("/tmp/syntax_dev.tsv", written).expect("writing /tmp/syntax_dev.tsv");
    for scheme in Scheme::ALL {
        let part: Vec<TreeSentence> = scored
            .iter()
            .filter(|s| s.scheme == scheme)
            .cloned()
            .collect();
        let _ = train::evaluate(&syntax, &part);
        let cpu = cpu_ns();
        let s = train::evaluate(&syntax, &part);
        let cpu_speed = s.words as f64 / ((cpu_ns() - cpu) as f64 / 1e9);
        println!(
            "{} {scheme}: {} words  UPOS {:.4}  UAS {:.4}  LAS {:.4}  lemma {:.4}  {:.0} words/s ({:.0} a CPU second)",
            if test { "test" } else { "dev" },
            s.words, s.upos, s.uas, s.las, s.lemma, s.words_per_second, cpu_speed
        );
    }
}
