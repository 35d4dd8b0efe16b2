//! `isnad train framing` (being written).

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

/// Arguments of `isnad train framing`.
#[derive(Args)]
pub struct TrainFramingArgs {}

/// Runs `isnad train framing`.
pub fn train(_args: TrainFramingArgs) -> Result<ExitCode> {
    bail!("isnad train framing is not built yet")
}
