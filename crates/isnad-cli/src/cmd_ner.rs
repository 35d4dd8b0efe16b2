//! `isnad tag` and `isnad train ner` (being written).

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

/// Arguments of `isnad tag`.
#[derive(Args)]
pub struct TagArgs {}

/// Arguments of `isnad train ner`.
#[derive(Args)]
pub struct TrainNerArgs {}

/// Runs `isnad tag`.
pub fn tag(_args: TagArgs) -> Result<ExitCode> {
    bail!("isnad tag is not built yet")
}

/// Runs `isnad train ner`.
pub fn train(_args: TrainNerArgs) -> Result<ExitCode> {
    bail!("isnad train ner is not built yet")
}
