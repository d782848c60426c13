//! `match`, `validate`, `shortlist` and `sample`: the placement commands.
//!
//! Each command reads a scenario file, hands it to [`carematch::matching`]
//! and writes JSON. Problems in the input are reported one per line on
//! standard error with the record, field path and hint, and the exit code is
//! non-zero.

use std::path::PathBuf;
use std::process::ExitCode;

use carematch::matching::{
    self, HouseholdId, MatchConfig, Objective, PersonId, SampleOptions, SampleProfile, Scenario,
};
use carematch::{Error, Result, ValidationIssue};

use crate::{read_input, write_output};

/// The objective, as written on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ObjectiveArg {
    /// Maximise the total match score.
    MaxScore,
    /// Minimise the total weekly cost of care.
    MinWeeklyCost,
    /// Place as many people as possible, then maximise the score.
    MaxPlaced,
}

/// The method, as written on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MethodArg {
    /// The optimal plan for the objective.
    Optimal,
    /// A stable plan (person-proposing deferred acceptance) with its price of stability.
    Stable,
}

/// Arguments of `carematch match`.
#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// Scenario file (JSON).
    pub scenario: PathBuf,
    /// Write the result here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Run settings (JSON `MatchConfig`: objective, weights, thresholds, costs).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Objective (overrides the one in `--config`).
    #[arg(long, value_enum)]
    pub objective: Option<ObjectiveArg>,
    /// Method (overrides the one in `--config`).
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Cap on the total weekly cost of the proposed placements, in pounds
    /// (overrides the one in `--config`).
    #[arg(long)]
    pub weekly_budget: Option<u32>,
    /// Move-on: leave a held place only when somebody else fills it.
    #[arg(long)]
    pub require_refill: bool,
    /// Also write the exact model as a CPLEX LP file (for an independent
    /// MILP solver such as HiGHS); its first line holds carematch's optimum.
    #[arg(long, value_name = "FILE")]
    pub export_lp: Option<PathBuf>,
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
    #[arg(
        long,
        conflicts_with = "household",
        required_unless_present = "household"
    )]
    pub person: Option<String>,
    /// The household to shortlist people for.
    #[arg(long)]
    pub household: Option<String>,
    /// How many to list.
    #[arg(short, long, default_value_t = 5)]
    pub k: usize,
    /// Run settings (JSON `MatchConfig`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Write the shortlist here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The sample profile, as written on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ProfileArg {
    /// Calibrated to Nottinghamshire: 66 households with 99 carers, most
    /// places occupied, schemes with a few per cent of rooms vacant, dates,
    /// sessions, emergencies and move-ons, more referrals than places.
    Realistic,
    /// The original generator: many free places (for tests and benchmarks).
    Generous,
}

/// Arguments of `carematch sample`.
#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Which sample: realistic (the county as it is) or generous.
    #[arg(long, value_enum, default_value = "realistic")]
    pub profile: ProfileArg,
    /// Number of people referred [default: 120 realistic, 100 generous].
    #[arg(long)]
    pub people: Option<usize>,
    /// Number of Shared Lives households [default: 66 realistic, 40 generous].
    #[arg(long)]
    pub households: Option<usize>,
    /// Number of supported-living schemes (realistic profile only)
    /// [default: 190 for every 1,000 referrals].
    #[arg(long)]
    pub schemes: Option<usize>,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the scenario here instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub(crate) fn load_scenario(path: &std::path::Path) -> Result<Scenario> {
    let text = read_input(path)?;
    matching::validate_scenario(&text)
}

pub(crate) fn load_config(path: Option<&std::path::Path>) -> Result<MatchConfig> {
    let Some(path) = path else {
        return Ok(MatchConfig::default());
    };
    let text = read_input(path)?;
    serde_json::from_str(&text).map_err(|e| {
        let mut issue = carematch::error::json_issue("config", &e);
        issue.record = format!("config {}", path.display());
        Error::invalid(issue)
    })
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|_| Error::Internal("result could not be serialised"))
}

/// `carematch match`.
pub fn run_match(a: MatchArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let mut cfg = load_config(a.config.as_deref())?;
    if let Some(o) = a.objective {
        cfg.objective = match o {
            ObjectiveArg::MaxScore => Objective::MaxScore,
            ObjectiveArg::MinWeeklyCost => Objective::MinWeeklyCost,
            ObjectiveArg::MaxPlaced => Objective::MaxPlacedThenScore,
        };
    }
    if let Some(m) = a.method {
        cfg.method = match m {
            MethodArg::Optimal => matching::Method::Optimal,
            MethodArg::Stable => matching::Method::Stable,
        };
    }
    if a.require_refill {
        cfg.require_refill = true;
    }
    if let Some(pounds) = a.weekly_budget {
        cfg.side.weekly_budget = Some(carematch::units::Pence::from_pounds(i64::from(pounds)));
    }
    let result = matching::match_scenario(&scenario, &cfg)?;
    write_output(a.output.as_deref(), &to_json(&result)?)?;
    if let Some(path) = &a.export_lp {
        let lp = matching::export_lp(&scenario, &cfg)?;
        write_output(Some(path), &lp)?;
    }
    let t = &result.totals;
    eprintln!(
        "placed {} of {} people ({} proposed, {} kept); {} unplaced; total score {}; weekly cost {} against {} ({} saved a week)",
        t.placed,
        t.people,
        t.proposed,
        t.kept,
        t.unplaced,
        t.total_score,
        t.weekly_cost,
        t.counterfactual_weekly_cost,
        t.weekly_saving
    );
    if let Some(st) = &result.stability {
        eprintln!(
            "stable plan: {} blocking pairs; price of stability {} points ({:.1}% of the optimum {})",
            st.blocking_pairs.len(),
            st.price_of_stability,
            100.0 * st.relative_price,
            st.optimal_score
        );
    }
    for c in &result.chains {
        eprintln!(
            "chain: {} ({} people helped, {} a week, {} a year)",
            c.text, c.people_helped, c.weekly_saving, c.annual_saving
        );
    }
    if let Some(tp) = &result.shared_lives_target {
        eprintln!(
            "Shared Lives target: {:.1}% before, {:.1}% after this plan (+{}), {} more placements to reach {:.0}%",
            tp.rate_before_pct, tp.rate_after_pct, tp.added, tp.still_needed, tp.target_pct
        );
    }
    eprintln!(
        "method: {}; proven optimal: {}{}",
        result.method,
        result.proven_optimal,
        if result.proven_optimal {
            String::new()
        } else {
            format!(" (gap at most {})", result.optimality_gap)
        }
    );
    eprintln!(
        "placed={} unplaced={} staying={} chains={} weekly_recurring_saving={} one_off_saving={} annual_saving={}",
        t.placed,
        t.unplaced,
        t.staying,
        result.chains.len(),
        t.weekly_recurring_saving.0,
        t.one_off_saving.0,
        t.annual_saving.0
    );
    Ok(ExitCode::SUCCESS)
}

/// `carematch validate`.
pub fn run_validate(a: ValidateArgs) -> Result<ExitCode> {
    let s = load_scenario(&a.scenario)?;
    let vacancies: usize = s.schemes.iter().map(|x| x.vacancies.len()).sum();
    say!(
        "ok: {} people, {} households, {} schemes with {} vacancies, {} introductions",
        s.people.len(),
        s.households.len(),
        s.schemes.len(),
        vacancies,
        s.introductions.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `carematch shortlist`.
pub fn run_shortlist(a: ShortlistArgs) -> Result<ExitCode> {
    let scenario = load_scenario(&a.scenario)?;
    let cfg = load_config(a.config.as_deref())?;
    let text = match (&a.person, &a.household) {
        (Some(p), _) => to_json(&matching::shortlist(
            &scenario,
            &cfg,
            &PersonId::new(p.as_str()),
            a.k,
        )?)?,
        (None, Some(h)) => to_json(&matching::shortlist_for_household(
            &scenario,
            &cfg,
            &HouseholdId::new(h.as_str()),
            a.k,
        )?)?,
        (None, None) => {
            return Err(Error::invalid(ValidationIssue::new(
                "missing_argument",
                "",
                "",
                "say whose shortlist to build",
                "add --person ID or --household ID",
            )));
        }
    };
    write_output(a.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `carematch sample`.
pub fn run_sample(a: SampleArgs) -> Result<ExitCode> {
    const MAX: usize = 1_000_000;
    let (profile, people, households) = match a.profile {
        ProfileArg::Realistic => (SampleProfile::Realistic, 120, 66),
        ProfileArg::Generous => (SampleProfile::Generous, 100, 40),
    };
    let o = SampleOptions {
        profile,
        people: a.people.unwrap_or(people),
        households: a.households.unwrap_or(households),
        schemes: a.schemes,
        seed: a.seed,
    };
    if o.people > MAX || o.households > MAX || o.schemes.is_some_and(|n| n > MAX) {
        return Err(Error::invalid(ValidationIssue::new(
            "out_of_range",
            "",
            "--people/--households/--schemes",
            format!("at most {MAX} people, {MAX} households and {MAX} schemes"),
            "ask for a smaller sample",
        )));
    }
    if o.schemes.is_some() && profile == SampleProfile::Generous {
        return Err(Error::invalid(ValidationIssue::new(
            "bad_argument",
            "",
            "--schemes",
            "the generous profile has one scheme for about every eight households",
            "leave out --schemes, or use --profile realistic",
        )));
    }
    let s = matching::sample_county(&o);
    write_output(a.output.as_deref(), &to_json(&s)?)?;
    Ok(ExitCode::SUCCESS)
}
