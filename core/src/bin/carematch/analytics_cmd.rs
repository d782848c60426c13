//! `districts`, `capacity-value`, `recruit` and `fair`: commissioning
//! analytics over a scenario ([`carematch::analytics`]).
//!
//! Each prints a readable table and ends with one `key=value` summary line
//! (the contract scripts rely on); `-o FILE` writes the full result as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::Result;
use carematch::analytics::capacity::{self, CapacityOptions};
use carematch::analytics::districts;
use carematch::analytics::fair;
use carematch::analytics::recruit::{self, RecruitOptions};
use carematch::analytics::simulate;
use carematch::control::Silent;

use crate::matching_cmd::{load_config, load_scenario, to_json};
use crate::write_output;

/// Arguments of `carematch districts`.
#[derive(Debug, clap::Args)]
pub struct DistrictsArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Run settings (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Also write the district lens as JSON here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `carematch capacity-value`.
#[derive(Debug, clap::Args)]
pub struct CapacityArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Run settings (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Places of each candidate household.
    #[arg(long, default_value_t = 1)]
    pub places: u32,
    /// How many of the most valuable district × profile rows to print.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Also write every value as JSON here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `carematch recruit`.
#[derive(Debug, clap::Args)]
pub struct RecruitArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Households to recruit.
    #[arg(long, default_value_t = 15)]
    pub households: usize,
    /// Places per household.
    #[arg(long, default_value_t = 1)]
    pub places: u32,
    /// Run settings (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Also write the brief (with the household records) as JSON here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Arguments of `carematch fair`.
#[derive(Debug, clap::Args)]
pub struct FairArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Run settings (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Also write the fair plan as JSON here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

fn pounds(p: carematch::units::Pence) -> String {
    format!("£{:.0}", p.pounds())
}

/// `carematch districts`.
pub fn run_districts(a: DistrictsArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let cfg = load_config(a.config.as_deref())?;
    let lens = districts::district_lens(&scenario, &cfg)?;
    // Wide enough for every district and (indented) network name.
    let w = lens
        .districts
        .iter()
        .map(|d| d.district.chars().count())
        .chain(
            lens.districts
                .iter()
                .flat_map(|d| &d.by_pcn)
                .map(|n| n.pcn.chars().count() + 2),
        )
        .max()
        .unwrap_or(0)
        .max(20);
    say!(
        "{:<w$} {:>9} {:>6} {:>8} {:>6} {:>11} {:>10} {:>12}  main reason not placed",
        "district",
        "referrals",
        "placed",
        "unplaced",
        "rate",
        "free places",
        "travel min",
        "saving/week"
    );
    for d in &lens.districts {
        let reason = d.top_reasons.first().map_or_else(String::new, |r| {
            format!("{} ({} people)", r.reason, r.people)
        });
        say!(
            "{:<w$} {:>9} {:>6} {:>8} {:>5.0}% {:>11} {:>10} {:>12}  {}",
            d.district,
            d.referrals,
            d.placed,
            d.unplaced,
            100.0 * d.placement_rate,
            d.free_places,
            d.mean_travel_minutes
                .map_or_else(|| "-".to_owned(), |m| format!("{m:.0}")),
            pounds(d.weekly_saving),
            reason
        );
        for n in &d.by_pcn {
            say!(
                "  {:<pw$} {:>9} {:>6} {:>8} {:>5.0}% {:>11} {:>10} {:>12}  {} placed within the network",
                n.pcn,
                n.referrals,
                n.placed,
                n.unplaced,
                100.0 * n.placement_rate,
                "",
                "",
                pounds(n.weekly_saving),
                n.placed_in_pcn,
                pw = w - 2
            );
        }
    }
    say!("");
    say!("by need group (county):");
    for n in &lens.by_need {
        say!(
            "  {:<24} {:>4} referred {:>4} placed {:>4} unplaced ({:.0}%)",
            n.label,
            n.referrals,
            n.placed,
            n.unplaced,
            100.0 * n.placement_rate
        );
    }
    if let Some(gap) = &lens.inequality {
        say!("");
        say!(
            "inequality: worst/best placement rate {}: {}",
            gap.ratio
                .map_or_else(|| "n/a".to_owned(), |r| format!("{r:.2}")),
            gap.explanation
        );
    }
    if let Some(path) = &a.output {
        write_output(Some(path), &to_json(&lens)?)?;
    }
    let (worst, best) = lens
        .inequality
        .as_ref()
        .map_or((0.0, 0.0), |g| (g.worst_rate, g.best_rate));
    say!(
        "districts={} placed={} unplaced={} worst_rate={:.3} best_rate={:.3}",
        lens.districts.len(),
        lens.placed,
        lens.unplaced,
        worst,
        best
    );
    Ok(ExitCode::SUCCESS)
}

/// `carematch capacity-value`.
pub fn run_capacity(a: CapacityArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let cfg = load_config(a.config.as_deref())?;
    let opts = CapacityOptions {
        places: a.places,
        ..CapacityOptions::default()
    };
    let mut never = |_: &carematch::control::Progress| false;
    let report = capacity::capacity_value(&scenario, &cfg, &opts, &mut never, &mut Silent)?;
    say!(
        "{:<20} {:<80} {:>6} {:>6} {:>9} {:>10}  confirmed by",
        "district",
        "household",
        "people",
        "placed",
        "objective",
        "dual bound"
    );
    for v in report.values.iter().take(a.top) {
        say!(
            "{:<20} {:<80} {:>6} {:>+6} {:>+9} {:>10}  {}",
            v.district,
            v.profile.describe(),
            v.feasible_people,
            v.extra_placed,
            v.extra_objective,
            v.dual_bound
                .map_or_else(|| "-".to_owned(), |b| b.to_string()),
            match v.confirmed_by {
                capacity::ConfirmedBy::ReSolve => "re-solve",
                capacity::ConfirmedBy::DualBound => "dual bound is zero",
                capacity::ConfirmedBy::NoFeasiblePerson => "nobody fits",
            }
        );
    }
    if let Some(path) = &a.output {
        write_output(Some(path), &to_json(&report)?)?;
    }
    let positive = report.values.iter().filter(|v| v.extra_placed > 0).count();
    say!(
        "candidates={} adding_placements={} re_solves={} flow_exact={} proven={} best_extra_placed={}",
        report.values.len(),
        positive,
        report.re_solves,
        report.flow_exact,
        report.values.iter().filter(|v| v.proven).count(),
        report
            .values
            .iter()
            .map(|v| v.extra_placed)
            .max()
            .unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

/// `carematch recruit`.
pub fn run_recruit(a: RecruitArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let cfg = load_config(a.config.as_deref())?;
    let opts = RecruitOptions {
        households: a.households,
        places: a.places,
        ..RecruitOptions::default()
    };
    let mut never = |_: &carematch::control::Progress| false;
    let brief = recruit::recruitment_brief(&scenario, &cfg, &opts, &mut never, &mut Silent)?;
    if let Some(path) = &a.output {
        write_output(Some(path), &to_json(&brief)?)?;
    }
    eprintln!(
        "placed without additions: {}; with them: {} (verified by one solve with all {} additions); {}",
        brief.base_placed,
        brief.placed_with_additions,
        brief.additions.len(),
        brief.bound_note
    );
    for add in &brief.additions {
        say!("{}", add.text);
    }
    say!(
        "households={} extra_placed={} bound={}",
        brief.households,
        brief.extra_placed,
        brief.bound
    );
    Ok(ExitCode::SUCCESS)
}

/// `carematch fair`.
pub fn run_fair(a: FairArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let cfg = load_config(a.config.as_deref())?;
    let plan = fair::fair_plan(&scenario, &cfg)?;
    say!(
        "{:<20} {:>16} {:>16}",
        "district",
        "optimal plan",
        "fair plan"
    );
    for d in &plan.districts {
        say!(
            "{:<20} {:>9} ({:>3.0}%) {:>9} ({:>3.0}%)",
            d.district,
            format!("{}/{}", d.optimal.placed, d.optimal.referred),
            100.0 * d.optimal.value(),
            format!("{}/{}", d.fair.placed, d.fair.referred),
            100.0 * d.fair.value()
        );
    }
    if !plan.rates_exact {
        eprintln!(
            "note: {} of {} questions \"can every district reach this rate?\" were not settled within the search limit{}; the fair plan keeps every rule but its district rates are not proven best",
            plan.undecided,
            plan.questions,
            if plan.branches_dropped > 0 {
                " and some tied choices were not explored"
            } else {
                ""
            }
        );
    }
    if plan.fair_gap > 0 || plan.optimal_gap > 0 {
        eprintln!(
            "note: the search limit was reached; the objective may still improve by up to {} in the fair plan and {} in the unconstrained plan (solver units), so the price of fairness is between {} and {}",
            plan.fair_gap,
            plan.optimal_gap,
            plan.price_of_fairness - plan.fair_gap,
            plan.price_of_fairness + plan.optimal_gap
        );
    }
    if let Some(path) = &a.output {
        write_output(Some(path), &to_json(&plan)?)?;
    }
    say!(
        "worst_rate_optimal={:.3} worst_rate_fair={:.3} placed_optimal={} placed_fair={} price_of_fairness={} exact={} rates_exact={} fair_gap={} optimal_gap={}",
        plan.optimal.worst_rate.value(),
        plan.fair.worst_rate.value(),
        plan.optimal.placed,
        plan.fair.placed,
        plan.price_of_fairness,
        plan.exact,
        plan.rates_exact,
        plan.fair_gap,
        plan.optimal_gap
    );
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `carematch simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Scenario file (JSON) for the county at week 0 (default: the seeded
    /// Nottinghamshire sample with 60 people waiting and 66 households).
    pub scenario: Option<PathBuf>,
    /// Weeks to simulate.
    #[arg(long, default_value_t = 260)]
    pub weeks: u32,
    /// Replications (seeds derived from --seed).
    #[arg(long, default_value_t = 20)]
    pub replications: u32,
    /// Seed of the first replication.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Simulation rates (JSON `SimConfig`; --weeks, --replications and --seed override it).
    #[arg(long)]
    pub rates: Option<PathBuf>,
    /// Run settings of the weekly plan (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Solve every week from scratch instead of warm-starting from last week.
    #[arg(long)]
    pub cold: bool,
    /// Also compare recruiting the same carers only in these districts
    /// (comma-separated), side by side with recruiting county-wide.
    #[arg(long)]
    pub compare_in: Option<String>,
    /// Also write the simulation (bands per week) as JSON here.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

fn load_rates(path: Option<&std::path::Path>) -> Result<simulate::SimConfig> {
    let Some(path) = path else {
        return Ok(simulate::SimConfig::default());
    };
    let text = crate::read_input(path)?;
    serde_json::from_str(&text).map_err(|e| {
        let mut issue = carematch::error::json_issue("rates", &e);
        issue.record = format!("rates {}", path.display());
        carematch::Error::invalid(issue)
    })
}

fn print_simulation(name: &str, sim: &simulate::Simulation) {
    say!("{name}:");
    say!(
        "{:>5} {:>16} {:>16} {:>7} {:>7} {:>16} {:>16}",
        "week",
        "waiting (10-90%)",
        "placed (10-90%)",
        "target",
        "active",
        "saving £ (median)",
        "blocked days"
    );
    for w in sim
        .weeks
        .iter()
        .filter(|w| w.week % 26 == 0 || w.week == sim.config.weeks)
    {
        say!(
            "{:>5} {:>16} {:>16} {:>7.0} {:>7.0} {:>16.0} {:>16.0}",
            w.week,
            format!(
                "{:.0} ({:.0}-{:.0})",
                w.waiting.median, w.waiting.p10, w.waiting.p90
            ),
            format!(
                "{:.0} ({:.0}-{:.0})",
                w.placed.median, w.placed.p10, w.placed.p90
            ),
            w.target_placed,
            w.active.median,
            w.saving_pounds.median,
            w.blocked_days.median
        );
    }
}

/// `carematch simulate`.
pub fn run_simulate(a: SimulateArgs) -> Result<ExitCode> {
    let scenario = match &a.scenario {
        Some(path) => load_scenario(path)?,
        None => carematch::matching::sample_scenario(60, 66, 1),
    };
    let cfg = load_config(a.config.as_deref())?;
    let mut rates = load_rates(a.rates.as_deref())?;
    rates.weeks = a.weeks;
    rates.replications = a.replications;
    rates.seed = a.seed;
    rates.warm_start = !a.cold;
    let mut never = |_: &carematch::control::Progress| false;
    let mut variants = vec![simulate::Variant {
        name: "recruiting county-wide".to_owned(),
        config: rates.clone(),
    }];
    if let Some(list) = &a.compare_in {
        let districts: Vec<String> = list.split(',').map(|d| d.trim().to_owned()).collect();
        let mut targeted = rates.clone();
        targeted.recruit_districts = Some(districts.clone());
        variants.push(simulate::Variant {
            name: format!("recruiting only in {}", districts.join(" and ")),
            config: targeted,
        });
    }
    let runs = simulate::compare(&scenario, &cfg, &variants, &mut never, &mut Silent)?;
    for (name, sim) in &runs {
        print_simulation(name, sim);
        eprintln!(
            "{name}: {} engine solves, {} skipped by the warm start",
            sim.solves, sim.skipped_solves
        );
    }
    if runs.len() > 1 {
        say!("comparison at week {} (medians):", rates.weeks);
        for (name, sim) in &runs {
            say!(
                "  {:<50} placed {:>6.0}  waiting {:>5.0}  withdrawn {:>5.0}  saving £{:>12.0}",
                name,
                sim.totals.placed.median,
                sim.totals.waiting_end.median,
                sim.totals.withdrawn.median,
                sim.totals.saving_pounds.median
            );
        }
    }
    if let Some(path) = &a.output {
        let value: Vec<_> = runs.iter().map(|(n, s)| (n, s)).collect();
        write_output(Some(path), &to_json(&value)?)?;
    }
    let sim = &runs[0].1;
    say!(
        "weeks={} replications={} placed={} waiting_end={} blocked_days={}",
        rates.weeks,
        rates.replications,
        sim.totals.placed.median,
        sim.totals.waiting_end.median,
        sim.totals.blocked_days.median
    );
    Ok(ExitCode::SUCCESS)
}
