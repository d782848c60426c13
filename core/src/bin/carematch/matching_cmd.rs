//! `match`, `validate`, `shortlist` and `sample`.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::{Error, Result};

/// Arguments of `carematch match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Write the result here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `carematch validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
}

/// Arguments of `carematch shortlist`.
#[derive(Debug, clap::Args)]
pub struct ShortlistArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// The person to shortlist options for.
    #[arg(long)]
    pub person: Option<String>,
}

/// Arguments of `carematch sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Number of people.
    #[arg(long, default_value_t = 100)]
    pub people: usize,
    /// Number of households.
    #[arg(long, default_value_t = 40)]
    pub households: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run_match(_a: MatchArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_validate(_a: ValidateArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_shortlist(_a: ShortlistArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
pub fn run_sample(_a: SampleArgs) -> Result<ExitCode> {
    Err(Error::Internal("not yet implemented"))
}
