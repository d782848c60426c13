//! `rounds` for a week file, `sample-rounds --days`, and the summary line
//! both print last.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use carematch::control::Stop;
use carematch::rounds::PlanOptions;
use carematch::rounds::week::{self, check::check_week};
use carematch::{Error, Result};

use crate::rounds_cmd::{RoundsArgs, StderrProgress, budget};

/// Whether a rounds file is a week (it has clients with care plans).
pub fn is_week(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("clients").map(|_| ()))
        .is_some()
}

/// The figures of the last line of `carematch rounds`.
pub struct Summary {
    pub visits: usize,
    pub planned: usize,
    pub unplanned: usize,
    pub late: usize,
    pub travel: i64,
    pub workers_used: usize,
    pub continuity: f64,
}

/// Prints the contract line of `carematch rounds`.
pub fn say_summary(s: &Summary) {
    say!(
        "visits={} planned={} unplanned={} late={} travel_min={} workers_used={} continuity={:.2}",
        s.visits,
        s.planned,
        s.unplanned,
        s.late,
        s.travel,
        s.workers_used,
        s.continuity
    );
}

pub fn run_sample_week(
    days: u32,
    visits: usize,
    workers: usize,
    seed: u64,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    if !(1..=28).contains(&days) {
        return Err(Error::invalid(carematch::ValidationIssue::new(
            "out_of_range",
            "",
            "--days",
            format!("{days} days cannot be sampled"),
            "give between 1 and 28 days",
        )));
    }
    let w = week::sample::sample_week(days, visits, workers, seed);
    let json = serde_json::to_string_pretty(&w)
        .map_err(|_| Error::Internal("sample week could not be serialised"))?;
    crate::write_output(output.as_deref(), &json)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_week(text: &str, a: &RoundsArgs) -> Result<ExitCode> {
    let _ = budget(a.seconds)?;
    let input = week::validate_week(text)?;
    let opts = PlanOptions {
        seed: a.seed,
        max_iterations: a.iterations,
    };
    // The budget is shared between the day solves (each date twice, team
    // first then filled; the same for the re-teaming pass; then the dates
    // the repair pass re-plans): each solve gets an equal share of what is
    // left, so the time the week's teams took, and any solve that ran over
    // (a construction is not interrupted), comes out of the solves after it.
    let deadline = Instant::now() + Duration::from_secs_f64(a.seconds);
    let mut stops = |k: u32, total: u32| -> Box<dyn Stop> {
        let left = deadline.saturating_duration_since(Instant::now());
        let share = left.as_secs_f64() / f64::from(total.saturating_sub(k).max(1));
        match budget(share) {
            Ok(b) => Box::new(b),
            Err(_) => Box::new(carematch::control::MaxIterations(0)),
        }
    };
    let plan = week::plan_week(&input, &opts, &mut stops, &mut StderrProgress::new())?;
    let violations = check_week(&input, &plan);
    for v in &violations {
        eprintln!("check: {v}");
    }
    let s = &plan.summary;
    eprintln!(
        "{} dates: planned {} of {} visits; {} late; travel {} min; {} workers; {:.2} distinct workers per client ({} over the aim of {}); feasible={}",
        plan.days.len(),
        s.planned,
        s.visits,
        s.late,
        s.travel_minutes,
        s.workers_used,
        s.continuity,
        s.clients_over_aim,
        input.continuity.aim_max_workers,
        violations.is_empty()
    );
    let json = serde_json::to_string_pretty(&plan)
        .map_err(|_| Error::Internal("plan could not be serialised"))?;
    crate::write_output(a.output.as_deref(), &json)?;
    say_summary(&Summary {
        visits: s.visits,
        planned: s.planned,
        unplanned: s.unplanned,
        late: s.late,
        travel: s.travel_minutes,
        workers_used: s.workers_used,
        continuity: s.continuity,
    });
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
