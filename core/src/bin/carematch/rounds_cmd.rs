//! `solomon`, `mankowska`, `sample-rounds` and `rounds`.
//!
//! Time budgets are implemented here with `std::time::Instant` and handed to
//! the engine as a [`Stop`] closure (the library itself never reads a clock).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use carematch::control::{Observer, Progress};
use carematch::formats::{mankowska, solomon};
use carematch::rounds::{self, PlanOptions};
use carematch::routing::{self, SolveOptions};
use carematch::{Error, Result};

/// Distance convention of `carematch solomon`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ConventionArg {
    /// Every arc truncated to one decimal (the proven optima's convention).
    Dimacs,
    /// Double precision.
    Exact,
}

/// Objective of `carematch solomon`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ObjectiveArg {
    /// Total distance only.
    Distance,
    /// Fewest vehicles first, then distance.
    FleetThenDistance,
}

/// Arguments of `carematch solomon`.
#[derive(Debug, clap::Args)]
pub struct SolomonArgs {
    /// Instance file (Solomon or Gehring & Homberger text format).
    pub file: PathBuf,
    /// Time budget in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Distance convention.
    #[arg(long, value_enum, default_value = "dimacs")]
    pub convention: ConventionArg,
    /// What to minimise.
    #[arg(long, value_enum, default_value = "distance")]
    pub objective: ObjectiveArg,
    /// Stop after this many improvement iterations (as well as the time budget).
    #[arg(long)]
    pub iterations: Option<u64>,
}

/// Arguments of `carematch mankowska`.
#[derive(Debug, clap::Args)]
pub struct MankowskaArgs {
    /// Instance file (Mankowska text format or Ceschia et al. JSON).
    pub file: PathBuf,
    /// Time budget in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many improvement iterations (as well as the time budget).
    #[arg(long)]
    pub iterations: Option<u64>,
}

/// Arguments of `carematch sample-rounds`.
#[derive(Debug, clap::Args)]
pub struct SampleRoundsArgs {
    /// Write a week of this many dates (care plans by weekday) instead of one day.
    #[arg(long)]
    pub days: Option<u32>,
    /// Number of visits (a day).
    #[arg(long, default_value_t = 200)]
    pub visits: usize,
    /// Number of care workers.
    #[arg(long, default_value_t = 20)]
    pub workers: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the file here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `carematch rounds`.
#[derive(Debug, clap::Args)]
pub struct RoundsArgs {
    /// Rounds file (JSON).
    pub file: PathBuf,
    /// Time budget in seconds.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this many improvement iterations (as well as the time budget).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Write the plan here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A time budget measured from its creation.
pub(crate) fn budget(seconds: f64) -> Result<impl FnMut(&Progress) -> bool> {
    if !(seconds.is_finite() && seconds > 0.0 && seconds <= 86_400.0) {
        return Err(Error::invalid(carematch::ValidationIssue::new(
            "out_of_range",
            "",
            "--seconds",
            format!("time budget {seconds} s is not usable"),
            "give a number of seconds between 0 and 86400",
        )));
    }
    let start = Instant::now();
    let limit = Duration::from_secs_f64(seconds);
    Ok(move |_: &Progress| start.elapsed() >= limit)
}

/// Progress to standard error, at most twice a second.
pub(crate) struct StderrProgress {
    started: Instant,
    last: Option<Instant>,
}

impl StderrProgress {
    pub(crate) fn new() -> Self {
        StderrProgress {
            started: Instant::now(),
            last: None,
        }
    }
}

impl Observer for StderrProgress {
    fn on_improvement(&mut self, p: &Progress) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(500))
        {
            return;
        }
        self.last = Some(now);
        if let Some(cost) = p.best_cost {
            eprintln!(
                "[{:6.2} s] iteration {:>8}  best {cost}",
                self.started.elapsed().as_secs_f64(),
                p.iteration
            );
        }
    }
}

pub fn run_solomon(a: SolomonArgs) -> Result<ExitCode> {
    let mut stop = budget(a.seconds)?;
    let text = crate::read_input(&a.file)?;
    let inst = solomon::parse(&text)?;
    let conv = match a.convention {
        ConventionArg::Dimacs => solomon::Convention::Dimacs,
        ConventionArg::Exact => solomon::Convention::Exact,
    };
    let objective = match a.objective {
        ObjectiveArg::Distance => solomon::FleetObjective::Distance,
        ObjectiveArg::FleetThenDistance => solomon::FleetObjective::FleetThenDistance,
    };
    let problem = solomon::to_problem(&inst, conv, objective);
    let options = SolveOptions {
        seed: a.seed,
        max_iterations: a.iterations,
        initial: None,
    };
    let sol = routing::solve(&problem, &options, &mut stop, &mut StderrProgress::new())?;
    let routes = solomon::routes_from_solution(&inst, &sol);
    let check = solomon::check(&inst, &routes, conv);
    for (i, r) in routes.iter().enumerate() {
        let list: Vec<String> = r.iter().map(ToString::to_string).collect();
        say!("Route {} : {}", i + 1, list.join(" "));
    }
    for v in &check.violations {
        eprintln!("check: {v}");
    }
    let decimals = match conv {
        solomon::Convention::Dimacs => 1,
        solomon::Convention::Exact => 2,
    };
    say!(
        "vehicles={} distance={:.*} feasible={}",
        check.vehicles,
        decimals,
        check.distance,
        check.feasible
    );
    Ok(if check.feasible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn run_mankowska(a: MankowskaArgs) -> Result<ExitCode> {
    let mut stop = budget(a.seconds)?;
    let text = crate::read_input(&a.file)?;
    let inst = mankowska::parse(&text)?;
    let problem = mankowska::to_problem(&inst);
    let options = SolveOptions {
        seed: a.seed,
        max_iterations: a.iterations,
        initial: None,
    };
    let sol = routing::solve(&problem, &options, &mut stop, &mut StderrProgress::new())?;
    let routes = mankowska::solution_from_routing(&inst, &sol);
    let check = mankowska::check(&inst, &routes);
    for (c, r) in routes.iter().enumerate() {
        let stops: Vec<String> = r
            .iter()
            .map(|v| {
                let id = inst.patients.get(v.patient).map_or("?", |p| p.id.as_str());
                format!("{id}/s{}@{:.3}", v.service + 1, v.start)
            })
            .collect();
        let name = inst.caregiver_ids.get(c).map_or("?", String::as_str);
        say!("Caregiver {name} : {}", stops.join(" "));
    }
    for v in &check.violations {
        eprintln!("check: {v}");
    }
    say!("feasible={}", check.feasible);
    say!(
        "distance={:.3} total_tardiness={:.3} max_tardiness={:.3} cost={:.3}",
        check.distance,
        check.total_tardiness,
        check.max_tardiness,
        check.cost
    );
    Ok(if check.feasible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn run_sample(a: SampleRoundsArgs) -> Result<ExitCode> {
    if let Some(days) = a.days {
        return crate::week_cmd::run_sample_week(days, a.visits, a.workers, a.seed, a.output);
    }
    let day = rounds::sample_rounds(a.visits, a.workers, a.seed);
    let json = serde_json::to_string_pretty(&day)
        .map_err(|_| Error::Internal("sample day could not be serialised"))?;
    crate::write_output(a.output.as_deref(), &json)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_rounds(a: RoundsArgs) -> Result<ExitCode> {
    let mut stop = budget(a.seconds)?;
    let text = crate::read_input(&a.file)?;
    if crate::week_cmd::is_week(&text) {
        return crate::week_cmd::run_week(&text, &a);
    }
    let input = rounds::validate_rounds(&text)?;
    let opts = PlanOptions {
        seed: a.seed,
        max_iterations: a.iterations,
    };
    let plan = rounds::plan_rounds(&input, &opts, &mut stop, &mut StderrProgress::new())?;
    let violations = rounds::check::check_plan(&input, &plan);
    for v in &violations {
        eprintln!("check: {v}");
    }
    let s = &plan.summary;
    eprintln!(
        "planned {} of {} visits in {} rounds; travel {} min, waiting {} min, overtime {} min, continuity breaks {}; feasible={}",
        s.visits_planned,
        input.visits.len(),
        plan.rounds.len(),
        s.travel_minutes,
        s.waiting_minutes,
        s.overtime_minutes,
        s.continuity_breaks,
        violations.is_empty()
    );
    let json = serde_json::to_string_pretty(&plan)
        .map_err(|_| Error::Internal("plan could not be serialised"))?;
    crate::write_output(a.output.as_deref(), &json)?;
    let mut clients: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        std::collections::HashMap::new();
    for r in &plan.rounds {
        for st in &r.stops {
            clients
                .entry(st.client.as_str())
                .or_default()
                .insert(r.worker.as_str());
        }
    }
    let workers_used: std::collections::HashSet<&str> =
        plan.rounds.iter().map(|r| r.worker.as_str()).collect();
    crate::week_cmd::say_summary(&crate::week_cmd::Summary {
        visits: input.visits.len(),
        planned: s.visits_planned,
        unplanned: s.visits_unplanned,
        late: s.late_visits,
        travel: s.travel_minutes,
        workers_used: workers_used.len(),
        continuity: if clients.is_empty() {
            0.0
        } else {
            clients.values().map(|w| w.len()).sum::<usize>() as f64 / clients.len() as f64
        },
    });
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
