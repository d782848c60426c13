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
    say!(
        "{:<20} {:>9} {:>6} {:>8} {:>6} {:>11} {:>10} {:>12}  main reason not placed",
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
            "{:<20} {:>9} {:>6} {:>8} {:>5.0}% {:>11} {:>10} {:>12}  {}",
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
        "candidates={} adding_placements={} re_solves={} flow_exact={} best_extra_placed={}",
        report.values.len(),
        positive,
        report.re_solves,
        report.flow_exact,
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
    if !plan.exact {
        eprintln!(
            "note: this scenario has rules the flow model does not apply (people who must not live together, shared scheme hours or side rules); both plans ignore them"
        );
    }
    if let Some(path) = &a.output {
        write_output(Some(path), &to_json(&plan)?)?;
    }
    say!(
        "worst_rate_optimal={:.3} worst_rate_fair={:.3} placed_optimal={} placed_fair={} price_of_fairness={} exact={}",
        plan.optimal.worst_rate.value(),
        plan.fair.worst_rate.value(),
        plan.optimal.placed,
        plan.fair.placed,
        plan.price_of_fairness,
        plan.exact
    );
    Ok(ExitCode::SUCCESS)
}
