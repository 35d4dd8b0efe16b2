//! The committed model on the real treebanks (`../shared/data/ud`, skipped with a message when
//! absent): every file reads, and the model tags and parses the project's held-out slices at
//! least as well as a floor well under the figures in `docs/accuracy.md` (the committed model
//! has seen these sentences; the held-out figures there come from a model that has not).

use std::path::Path;

use isnad_syntax::train::{evaluate, Split};
use isnad_syntax::treebank::{self, Scheme, TreeSentence};
use isnad_syntax::Syntax;

fn read(name: &str, scheme: Scheme) -> Option<Vec<TreeSentence>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} is missing (the UD treebanks live in ../shared/data/ud)",
            path.display()
        );
        return None;
    };
    Some(treebank::read(&text, scheme).expect("the shared treebanks read"))
}

fn split() -> Option<Split> {
    Some(Split::standard(
        read("ar_padt_v1_dev.conllu", Scheme::Padt)?,
        read("ar_padt_v1_test.conllu", Scheme::Padt)?,
        read("ar_pud_800.conllu", Scheme::Ud)?,
    ))
}

#[test]
fn the_treebanks_split_as_the_docs_say() {
    let Some(split) = split() else { return };
    assert_eq!(split.train.len(), 786 + 304 + 600);
    assert_eq!(split.dev.len(), 200);
    assert_eq!(split.test.len(), 200);
    assert!(split.test[..100].iter().all(|s| s.scheme == Scheme::Padt));
    assert!(split.test[100..].iter().all(|s| s.scheme == Scheme::Ud));
}

#[test]
fn the_committed_model_tags_and_parses_both_schemes() {
    let Some(split) = split() else { return };
    let syntax = Syntax::bundled();
    for scheme in Scheme::ALL {
        let part: Vec<TreeSentence> = split
            .test
            .iter()
            .filter(|s| s.scheme == scheme)
            .cloned()
            .collect();
        let scores = evaluate(syntax, &part);
        eprintln!("{scheme}: {scores:?}");
        assert!(scores.upos >= 0.90, "{scheme}: {scores:?}");
        assert!(scores.uas >= 0.75, "{scheme}: {scores:?}");
        assert!(scores.las >= 0.68, "{scheme}: {scores:?}");
    }
}
