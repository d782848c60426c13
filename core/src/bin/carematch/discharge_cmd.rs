//! `carematch discharge`: Discharge to Assess options for a new care package.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::control::Stop;
use carematch::rounds::PlanOptions;
use carematch::rounds::week::WeekPlan;
use carematch::rounds::week::check::check_week;
use carematch::rounds::week::discharge::{Package, discharge_options};
use carematch::{Error, Result};

use crate::rounds_cmd::{StderrProgress, budget};

/// Arguments of `carematch discharge`.
#[derive(Debug, clap::Args)]
pub struct DischargeArgs {
    /// Week plan, as written by `carematch rounds WEEK.json -o PLAN.json`.
    pub plan: PathBuf,
    /// The new care package (JSON: client with care plan, discharge date and time).
    pub package: PathBuf,
    /// The first visit must start within this many hours of the discharge.
    #[arg(long, default_value_t = 48)]
    pub within_hours: i64,
    /// Time budget in seconds for each re-planned date of each option.
    #[arg(long, default_value_t = 1.0)]
    pub seconds_per_day: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many improvement iterations per date (as well as the time budget).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Write the options (JSON) here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::invalid(carematch::error::json_issue(what, &e)))
}

pub fn run(a: DischargeArgs) -> Result<ExitCode> {
    let _ = budget(a.seconds_per_day)?;
    let plan: WeekPlan = parse("plan file", &crate::read_input(&a.plan)?)?;
    let package: Package = parse("package file", &crate::read_input(&a.package)?)?;
    let opts = PlanOptions {
        seed: a.seed,
        max_iterations: a.iterations,
    };
    let secs = a.seconds_per_day;
    let mut stops = |_: u32, _: u32| -> Box<dyn Stop> {
        match budget(secs) {
            Ok(b) => Box::new(b),
            Err(_) => Box::new(carematch::control::MaxIterations(0)),
        }
    };
    let result = discharge_options(
        &plan,
        &package,
        a.within_hours,
        &opts,
        &mut stops,
        &mut StderrProgress::new(),
    )?;
    let mut all_ok = true;
    for o in &result.options {
        let violations = check_week(&result.week, &o.plan);
        for v in &violations {
            eprintln!("check option {}: {v}", o.rank);
        }
        all_ok &= violations.is_empty();
        say!(
            "option {}: start {} first visit {} workers {} extra_cost={}p extra_objective={} planned {}/{} moved={} displaced={} continuity={} checked={}",
            o.rank,
            o.start_date,
            o.earliest_start
                .map_or("none".to_string(), |m| m.to_string()),
            if o.workers.is_empty() {
                "-".to_string()
            } else {
                o.workers.join(",")
            },
            o.extra_cost,
            o.extra_objective,
            o.planned,
            o.planned + o.unplanned.len(),
            o.moved.len(),
            o.displaced,
            o.continuity,
            violations.is_empty()
        );
        for u in &o.unplanned {
            say!("  not fitted: {} ({})", u.visit, u.reasons.join("; "));
        }
        if let Some(x) = &o.extra_shift {
            say!("  what would fit: {}", x.text);
        }
    }
    if let Some(path) = a.output.as_deref() {
        let json = serde_json::to_string_pretty(&result)
            .map_err(|_| Error::Internal("options could not be serialised"))?;
        crate::write_output(Some(path), &json)?;
    }
    let first = result.options.first();
    say!(
        "options={} earliest_start={} extra_cost={}",
        result.options.len(),
        first
            .and_then(|o| o.earliest_start)
            .map_or("none".to_string(), |m| m.to_string()),
        first.map_or(0, |o| o.extra_cost)
    );
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
