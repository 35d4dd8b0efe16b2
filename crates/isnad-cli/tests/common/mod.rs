//! Helpers shared by the end-to-end test binaries.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared/data").join(rel);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is missing (the shared data set lives beside the repository)",
            path.display()
        );
        None
    }
}

pub fn isnad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("the isnad binary runs")
}

pub fn isnad_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the isnad binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

pub fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON report ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
