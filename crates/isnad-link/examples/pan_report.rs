//! Builds an `isnad-report/1` report of text reuse over a PAN-style plagiarism folder, for
//! `python3 ../shared/eval/score.py pan DIR/pairs report.json`.
//!
//! `cargo run --release -p isnad-link --example pan_report -- DIR > report.json`
//!
//! `DIR/docs` holds the source and suspicious documents as `.txt` files; each becomes a
//! document whose id is the file name without `.txt`, as the scorer expects. Documents are
//! added in file-name order, so the output is the same on every run. The report's documents
//! carry their ids only (empty texts), to keep it small: the scorer reads ids and passages.

use std::path::{Path, PathBuf};

use isnad_core::{Document, Report};
use isnad_link::{Params, ReuseIndex};

/// The documents of `dir/docs`, in file-name order.
pub fn read_folder(dir: &Path) -> std::io::Result<Vec<Document>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("docs"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)?;
            let id = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            Ok(Document::new(id, p.display().to_string(), text))
        })
        .collect()
}

/// The report over a PAN folder: documents (ids only) and reuse pairs.
pub fn pan_report(dir: &Path, params: Params) -> std::io::Result<Report> {
    let docs = read_folder(dir)?;
    let mut index = ReuseIndex::new(params);
    index.add_all(&docs);
    let reuse = index.finish();
    let mut report = Report::new(
        docs.into_iter()
            .map(|d| Document::new(d.id, d.source, String::new()))
            .collect(),
    );
    report.reuse = reuse;
    Ok(report)
}

#[allow(dead_code)]
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: pan_report DIR  (DIR holds docs/ with the .txt files)");
        std::process::exit(2);
    };
    let params = match std::env::var("ISNAD_LINK_PARAMS") {
        Ok(spec) => Params::default().with(&spec).unwrap_or_else(|e| {
            eprintln!("ISNAD_LINK_PARAMS: {e}");
            std::process::exit(2)
        }),
        Err(_) => Params::default(),
    };
    match pan_report(Path::new(&dir), params) {
        Ok(report) => println!("{}", serde_json::to_string(&report).expect("serialise")),
        Err(e) => {
            eprintln!("cannot read {dir}/docs: {e}");
            std::process::exit(2);
        }
    }
}
