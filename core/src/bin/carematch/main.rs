//! `carematch` command-line tool: placement matching, shortlists, homecare
//! rounds, sample data and benchmark readers.
//!
//! Each group of subcommands lives in its own module; this file only parses
//! the command line, dispatches and turns errors into messages and exit codes.

/// Prints a line to standard output like `println!`, except that a closed
/// pipe (`carematch … | head`) ends the program quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => { $crate::print_line(format_args!($($arg)*)) };
}

mod analytics_cmd;
mod discharge_cmd;
mod matching_cmd;
mod oracle_cmd;
mod rounds_cmd;
mod week_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Matching and allocation engine for adult social care.
#[derive(Debug, Parser)]
#[command(name = "carematch", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Match people to Shared Lives households and supported-living vacancies.
    Match(matching_cmd::MatchArgs),
    /// Check a scenario file and list every problem in it.
    Validate(matching_cmd::ValidateArgs),
    /// Top options for one person (or one household), with score breakdowns.
    Shortlist(matching_cmd::ShortlistArgs),
    /// Write a seeded Nottinghamshire sample scenario.
    Sample(matching_cmd::SampleArgs),
    /// Solve an instance in the oracle formats (capacitated or dense).
    Oracle(oracle_cmd::OracleArgs),
    /// Solve a Solomon / Gehring & Homberger VRPTW instance.
    Solomon(rounds_cmd::SolomonArgs),
    /// Solve a Mankowska home-health-care instance (text or JSON).
    Mankowska(rounds_cmd::MankowskaArgs),
    /// Write a seeded homecare rounds sample (visits and workers).
    SampleRounds(rounds_cmd::SampleRoundsArgs),
    /// Plan homecare rounds for a rounds file (one day) or a week file.
    Rounds(rounds_cmd::RoundsArgs),
    /// Discharge to Assess: ranked options to fit a new care package into a week plan.
    Discharge(discharge_cmd::DischargeArgs),
    /// District lens: placed, unplaced and why, by district and need group.
    Districts(analytics_cmd::DistrictsArgs),
    /// Value of one more carer household for every district and profile.
    CapacityValue(analytics_cmd::CapacityArgs),
    /// Recruitment brief: the best households to recruit, with a bound.
    Recruit(analytics_cmd::RecruitArgs),
    /// Fair plan: the worst-served district first, with the price of fairness.
    Fair(analytics_cmd::FairArgs),
    /// Weekly flow simulation over years, with bands over replications.
    Simulate(analytics_cmd::SimulateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Match(a) => matching_cmd::run_match(a),
        Command::Validate(a) => matching_cmd::run_validate(a),
        Command::Shortlist(a) => matching_cmd::run_shortlist(a),
        Command::Sample(a) => matching_cmd::run_sample(a),
        Command::Oracle(a) => oracle_cmd::run(a),
        Command::Solomon(a) => rounds_cmd::run_solomon(a),
        Command::Mankowska(a) => rounds_cmd::run_mankowska(a),
        Command::SampleRounds(a) => rounds_cmd::run_sample(a),
        Command::Rounds(a) => rounds_cmd::run_rounds(a),
        Command::Discharge(a) => discharge_cmd::run(a),
        Command::Districts(a) => analytics_cmd::run_districts(a),
        Command::CapacityValue(a) => analytics_cmd::run_capacity(a),
        Command::Recruit(a) => analytics_cmd::run_recruit(a),
        Command::Fair(a) => analytics_cmd::run_fair(a),
        Command::Simulate(a) => analytics_cmd::run_simulate(a),
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error, listing every validation issue on its own line.
fn report(err: &carematch::Error) {
    let issues = err.issues();
    if issues.is_empty() {
        eprintln!("error: {err}");
    } else {
        eprintln!("error: {} problem(s) found:", issues.len());
        for issue in issues {
            eprintln!("  - {issue}");
        }
    }
}

/// Reads a whole input file, refusing empty and oversized ones with a clear error.
pub(crate) fn read_input(path: &std::path::Path) -> carematch::Result<String> {
    use carematch::{Error, ValidationIssue};
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::invalid(ValidationIssue::new(
            "unreadable_file",
            path.display().to_string(),
            "",
            format!("cannot open {}: {e}", path.display()),
            "check the path and permissions",
        ))
    })?;
    carematch::error::check_input_size(&format!("file {}", path.display()), meta.len() as usize)?;
    std::fs::read_to_string(path).map_err(|e| {
        Error::invalid(ValidationIssue::new(
            "unreadable_file",
            path.display().to_string(),
            "",
            format!("cannot read {}: {e}", path.display()),
            "the file must be UTF-8 text (JSON or CSV)",
        ))
    })
}

/// Writes `text` to `path`, or to standard output when `path` is `None`.
pub(crate) fn write_output(path: Option<&std::path::Path>, text: &str) -> carematch::Result<()> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| {
            carematch::Error::invalid(carematch::ValidationIssue::new(
                "unwritable_file",
                p.display().to_string(),
                "",
                format!("cannot write {}: {e}", p.display()),
                "check the directory exists and is writable",
            ))
        }),
        None => {
            say!("{text}");
            Ok(())
        }
    }
}

/// Writes one line to standard output; see [`say!`].
pub(crate) fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}
