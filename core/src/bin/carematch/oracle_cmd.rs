//! `oracle`: solve the oracle instance formats.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::{Error, Result};

/// Arguments of `carematch oracle`.
#[derive(Debug, clap::Args)]
pub struct OracleArgs {
    /// Instance file (`carematch.anchor.capacitated/v1` or `carematch.anchor.dense/v1`).
    pub file: PathBuf,
    /// Objective for capacitated instances.
    #[arg(long, default_value = "max-score")]
    pub objective: String,
}

pub fn run(_a: OracleArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
