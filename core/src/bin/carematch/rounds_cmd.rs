//! `solomon`, `mankowska`, `sample-rounds` and `rounds`.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::{Error, Result};

/// Arguments of `carematch solomon`.
#[derive(Debug, clap::Args)]
pub struct SolomonArgs {
    /// Instance file.
    pub file: PathBuf,
}

/// Arguments of `carematch mankowska`.
#[derive(Debug, clap::Args)]
pub struct MankowskaArgs {
    /// Instance file.
    pub file: PathBuf,
}

/// Arguments of `carematch sample-rounds`.
#[derive(Debug, clap::Args)]
pub struct SampleRoundsArgs {
    /// Number of visits.
    #[arg(long, default_value_t = 200)]
    pub visits: usize,
}

/// Arguments of `carematch rounds`.
#[derive(Debug, clap::Args)]
pub struct RoundsArgs {
    /// Rounds file (JSON).
    pub file: PathBuf,
}

pub fn run_solomon(_a: SolomonArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_mankowska(_a: MankowskaArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_sample(_a: SampleRoundsArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_rounds(_a: RoundsArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
