//! `carematch discharge`: Discharge to Assess options for a new package.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::{Error, Result};

/// Arguments of `carematch discharge`.
#[derive(Debug, clap::Args)]
pub struct DischargeArgs {
    /// Week plan (as written by `carematch rounds WEEK.json -o PLAN.json`).
    pub plan: PathBuf,
    /// The new care package (JSON).
    pub package: PathBuf,
    /// The first visit must start within this many hours of the discharge.
    #[arg(long, default_value_t = 48)]
    pub within_hours: i64,
}

pub fn run(_a: DischargeArgs) -> Result<ExitCode> {
    Err(Error::Internal("discharge is not implemented yet"))
}
