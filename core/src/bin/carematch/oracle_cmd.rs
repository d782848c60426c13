//! `oracle`: solve the oracle instance formats.
//!
//! Capacitated instances are solved as an optional-coverage assignment with
//! cost `−score` (or `−(BIG + score)` for "max placed, then score"); dense
//! instances as a minimum-cost perfect matching. The last line on standard
//! output is `objective=<value> assigned=<n>`; timings go to standard error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use carematch::formats::oracle::{self, Objective, OracleInstance};
use carematch::{Error, Result, ValidationIssue};

/// Arguments of `carematch oracle`.
#[derive(Debug, clap::Args)]
pub struct OracleArgs {
    /// Instance file (`carematch.anchor.capacitated/v1` or `carematch.anchor.dense/v1`).
    pub file: PathBuf,
    /// Objective for capacitated instances: `max-score` or `max-placed`
    /// (maximise the number placed, then the score). Dense instances are
    /// always solved for minimum cost and refuse this option.
    #[arg(long)]
    pub objective: Option<String>,
}

pub fn run(a: OracleArgs) -> Result<ExitCode> {
    let objective = match a.objective.as_deref() {
        None | Some("max-score") => Objective::MaxScore,
        Some("max-placed") => Objective::MaxPlacedThenScore,
        Some(other) => {
            return Err(Error::invalid(ValidationIssue::new(
                "bad_option",
                "",
                "--objective",
                format!("unknown objective `{other}`"),
                "use `max-score` or `max-placed`",
            )));
        }
    };
    let t0 = Instant::now();
    let text = crate::read_input(&a.file)?;
    let inst = oracle::read_instance(&text)?;
    drop(text);
    let parse_ms = t0.elapsed().as_secs_f64() * 1e3;
    if matches!(inst, OracleInstance::Dense(_)) && a.objective.is_some() {
        return Err(Error::invalid(ValidationIssue::new(
            "bad_option",
            "",
            "--objective",
            "dense instances are always solved for minimum total cost",
            "leave out --objective for carematch.anchor.dense/v1 files",
        )));
    }
    let t1 = Instant::now();
    let answer = oracle::solve(&inst, objective)?;
    let solve_ms = t1.elapsed().as_secs_f64() * 1e3;
    eprintln!("parse_ms={parse_ms:.1} solve_ms={solve_ms:.1}");
    say!(
        "objective={} assigned={}",
        answer.objective,
        answer.assigned
    );
    Ok(ExitCode::SUCCESS)
}
