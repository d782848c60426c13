//! A seeded weekly simulation of a county's placement flow over years.
//!
//! Each week, in this order:
//! 1. **Referrals** arrive by district (mean `referrals_per_week`, split by the
//!    districts' shares of the scenario's people; each new person is a copy of
//!    a random person referred from the same district, so types follow the
//!    scenario).
//! 2. **Carers** are recruited (`recruit_per_year`, by the districts' shares
//!    of households, or only in `recruit_districts`; each a copy of a local
//!    household with nobody living there) and empty households leave
//!    (`households_leave_per_year`).
//! 3. People waiting **withdraw** (`withdraw_per_week`).
//! 4. **Introductions** that have run their weeks end: accepted with
//!    `accept_probability` (the person is placed), otherwise declined (the
//!    person waits again and that pair is never proposed again: mutual
//!    choice). **Arrangements end** with a weekly hazard of one over their
//!    mean length (long-term, short breaks, day support), freeing the place
//!    for the next person (move-on).
//! 5. The **engine** plans the residual problem (people waiting, homes with a
//!    free place, declined pairs) with [`crate::matching::analysis::plan_outline`];
//!    each proposal starts an introduction lasting `introduction_weeks`.
//!    **Warm start:** the plan carries over from last week; when last week's
//!    plan was proven optimal and nothing has since arrived or been freed,
//!    the residual problem has nothing to place and the solve is skipped
//!    (a cold run solves every week and gives the same result).
//! 6. **Reablement**: packages start (`reablement_per_week`), end with a
//!    mean of `reablement_mean_days`, and a share needs onward homecare,
//!    which starts at most `homecare_starts_per_week`; people waiting for it
//!    stay in reablement or hospital: **blocked days** (7 per person-week).
//!
//! Every week checks **conservation** per district: people referred =
//! placed (ever) + waiting (including in introduction) + withdrawn, against
//! a census of every person's status. Replications use seeds derived from
//! the run's seed and give **bands** (10th percentile, median, 90th) per
//! week. The same seed gives the same result natively and in wasm (integer
//! state; draws use only [`Rng::chance`] and [`Rng::below`]).
//!
//! **Calendars.** Each week's solve is seven days after the last (from the
//! scenario's `as_of`): short breaks are bookings of a bedroom on their
//! dates and end after their last night; a short break whose first night
//! passes without a place is lost (the person withdraws); day support takes
//! day places on the person's session weekdays, not a bedroom; bookings,
//! carers' time off and availability dates in the past drop out. New
//! referrals keep their template's lead time (dates move with the calendar).
//!
//! **Move-on chains.** People holding a place (movers) wait in it and do
//! not withdraw; the engine offers them "stay" and, when they are ready,
//! their own tenancy (no introduction: placed at once). When the plan moves
//! a mover, the place they leave is offered in the same solve, so vacancy
//! chains happen within one week. Supported-living tenants the simulation
//! placed become ready to move on at `move_on_per_year`: each is a move-on
//! referral (counted as arrived) holding their room.
//!
//! Not modelled: carers' time off added during the run.

mod calendar;
mod county;
mod plan;

use serde::{Deserialize, Serialize};

use self::county::County;
use crate::analytics::capacity::referral_districts;
use crate::control::{Observer, Progress, Stop};
use crate::matching::{Date, MatchConfig, Scenario};
use crate::rng::Rng;
use crate::{Error, Result, ValidationIssue};

/// Rates and settings of the simulation. Defaults follow `domain.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct SimConfig {
    /// Weeks simulated (default 260: five years).
    pub weeks: u32,
    /// Replications (default 20).
    pub replications: u32,
    /// Seed of the first replication.
    pub seed: u64,
    /// Referrals a week, county-wide (default 1.5, about 78 a year).
    pub referrals_per_week: f64,
    /// Carer households recruited a year (default 15: "+15 placements a year").
    pub recruit_per_year: f64,
    /// Recruit only in these districts (default: everywhere, by share of households).
    pub recruit_districts: Option<Vec<String>>,
    /// Share of empty households leaving a year (default 0.08).
    pub households_leave_per_year: f64,
    /// Chance a waiting person withdraws in a week (default 0.01).
    pub withdraw_per_week: f64,
    /// Shortest and longest introduction, in weeks (default 2 to 6:
    /// introductions, trial stays, review after 4–6 weeks).
    pub introduction_weeks: (u32, u32),
    /// Chance an introduction is accepted by both sides (default 0.75).
    pub accept_probability: f64,
    /// Mean length of a long-term arrangement, weeks (default 260).
    pub long_term_mean_weeks: f64,
    /// Mean length of a short break, weeks (default 2).
    pub short_break_mean_weeks: f64,
    /// Mean length of day support, weeks (default 104).
    pub day_support_mean_weeks: f64,
    /// Reablement packages starting a week, county-wide (default 43: 188 a month).
    pub reablement_per_week: f64,
    /// Mean reablement package, days (default 20).
    pub reablement_mean_days: f64,
    /// Share of reablement packages ending into onward homecare (default 0.5).
    pub onward_homecare_share: f64,
    /// Homecare packages that can start a week, county-wide (default 23: a little above the 21.5 a week reablement sends on).
    pub homecare_starts_per_week: f64,
    /// Skip solves that cannot place anyone (default true).
    pub warm_start: bool,
    /// The first week's day (default: the scenario's `as_of`). Each week's
    /// solve is seven days later: dates, bookings, carers' time off and
    /// short breaks follow the calendar. Without any date the calendar
    /// stands still and short breaks end by `short_break_mean_weeks`.
    pub as_of: Option<Date>,
    /// Share of supported-living tenants the simulation placed who become
    /// ready to move on to their own tenancy each year (default 0.1): each is
    /// a move-on referral who holds their room until the plan moves them.
    pub move_on_per_year: f64,
    /// Target placements a year for the target line (default 15).
    pub target_per_year: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            weeks: 260,
            replications: 20,
            seed: 1,
            referrals_per_week: 1.5,
            recruit_per_year: 15.0,
            recruit_districts: None,
            households_leave_per_year: 0.08,
            withdraw_per_week: 0.01,
            introduction_weeks: (2, 6),
            accept_probability: 0.75,
            long_term_mean_weeks: 260.0,
            short_break_mean_weeks: 2.0,
            day_support_mean_weeks: 104.0,
            reablement_per_week: 43.0,
            reablement_mean_days: 20.0,
            onward_homecare_share: 0.5,
            homecare_starts_per_week: 23.0,
            warm_start: true,
            as_of: None,
            move_on_per_year: 0.1,
            target_per_year: 15.0,
        }
    }
}

/// One replication's figures at the end of one week (cumulative counts since week 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct WeekRecord {
    /// Week number, from 1.
    pub week: u32,
    /// People referred so far (the scenario's people count at week 0).
    pub arrived: u64,
    /// People placed so far (introduction accepted).
    pub placed: u64,
    /// People who withdrew so far.
    pub withdrawn: u64,
    /// People waiting now (including those in an introduction).
    pub waiting: u64,
    /// The same by district.
    pub waiting_by_district: Vec<u64>,
    /// Referred so far, by district.
    pub arrived_by_district: Vec<u64>,
    /// Placed so far, by district.
    pub placed_by_district: Vec<u64>,
    /// Withdrawn so far, by district.
    pub withdrawn_by_district: Vec<u64>,
    /// Arrangements running now (new and pre-existing).
    pub active: u64,
    /// Carer households approved now.
    pub households: u64,
    /// Weekly savings of the new arrangements, summed over the weeks so far.
    pub saving_cum_pence: i64,
    /// Days people waited in reablement or hospital for onward homecare so far.
    pub blocked_days_cum: u64,
    /// Movers placed in their own tenancy so far.
    pub moved_on: u64,
    /// People placed so far in a home a mover left in the same week's solve
    /// (vacancy chains).
    pub chain_placements: u64,
}

/// 10th percentile, median and 90th percentile over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Band {
    /// 10th percentile.
    pub p10: f64,
    /// Median (the lower middle value for an even number of replications).
    pub median: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Band {
    /// Band of some values (nearest rank; all zero when empty).
    pub fn of(values: &[f64]) -> Band {
        if values.is_empty() {
            return Band {
                p10: 0.0,
                median: 0.0,
                p90: 0.0,
            };
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let at = |k: usize| v[(v.len() - 1) * k / 10];
        Band {
            p10: at(1),
            median: v[(v.len() - 1) / 2],
            p90: at(9),
        }
    }
}

/// Bands of one week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct WeekBands {
    /// Week number.
    pub week: u32,
    /// People waiting.
    pub waiting: Band,
    /// People placed so far.
    pub placed: Band,
    /// The target line: `target_per_year × week / 52`.
    pub target_placed: f64,
    /// Arrangements running.
    pub active: Band,
    /// Cumulative saving, in pounds.
    pub saving_pounds: Band,
    /// Cumulative blocked days.
    pub blocked_days: Band,
    /// People waiting by district (medians).
    pub waiting_by_district: Vec<f64>,
}

/// Totals at the end of the run, per replication and as bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct SimTotals {
    /// People placed over the run.
    pub placed: Band,
    /// People waiting at the end.
    pub waiting_end: Band,
    /// People who withdrew over the run.
    pub withdrawn: Band,
    /// Blocked days over the run.
    pub blocked_days: Band,
    /// Cumulative saving, in pounds.
    pub saving_pounds: Band,
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Simulation {
    /// The settings used.
    pub config: SimConfig,
    /// District names (the order of the by-district figures).
    pub districts: Vec<String>,
    /// Bands per week.
    pub weeks: Vec<WeekBands>,
    /// Totals at the end.
    pub totals: SimTotals,
    /// The last week of every replication.
    pub last_weeks: Vec<WeekRecord>,
    /// Engine solves run.
    pub solves: u64,
    /// Weekly solves skipped by the warm start.
    pub skipped_solves: u64,
}

fn check(cfg: &SimConfig) -> Result<()> {
    let mut issues = Vec::new();
    let mut bad = |field: &str, message: &str, hint: &str| {
        issues.push(ValidationIssue::new(
            "bad_option",
            "simulation",
            field,
            message,
            hint,
        ));
    };
    if cfg.weeks == 0 || cfg.weeks > 2_600 {
        bad(
            "weeks",
            "weeks must be 1 to 2,600",
            "ask for 260 weeks (five years)",
        );
    }
    if cfg.replications == 0 || cfg.replications > 1_000 {
        bad(
            "replications",
            "replications must be 1 to 1,000",
            "20 gives stable bands",
        );
    }
    let rates = [
        ("referrals_per_week", cfg.referrals_per_week, 10_000.0),
        ("recruit_per_year", cfg.recruit_per_year, 100_000.0),
        ("reablement_per_week", cfg.reablement_per_week, 100_000.0),
        (
            "homecare_starts_per_week",
            cfg.homecare_starts_per_week,
            100_000.0,
        ),
        ("long_term_mean_weeks", cfg.long_term_mean_weeks, 1e6),
        ("short_break_mean_weeks", cfg.short_break_mean_weeks, 1e6),
        ("day_support_mean_weeks", cfg.day_support_mean_weeks, 1e6),
        ("reablement_mean_days", cfg.reablement_mean_days, 1e6),
        ("target_per_year", cfg.target_per_year, 1e6),
    ];
    for (name, v, max) in rates {
        if !(v.is_finite() && (0.0..=max).contains(&v)) {
            bad(
                name,
                "must be a number from 0 up to a sane maximum",
                "use a realistic rate",
            );
        }
    }
    let shares = [
        ("households_leave_per_year", cfg.households_leave_per_year),
        ("withdraw_per_week", cfg.withdraw_per_week),
        ("accept_probability", cfg.accept_probability),
        ("onward_homecare_share", cfg.onward_homecare_share),
        ("move_on_per_year", cfg.move_on_per_year),
    ];
    for (name, v) in shares {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            bad(name, "must be a share between 0 and 1", "for example 0.75");
        }
    }
    let (lo, hi) = cfg.introduction_weeks;
    if lo == 0 || hi < lo || hi > 52 {
        bad(
            "introduction_weeks",
            "must be two week counts, 1 ≤ shortest ≤ longest ≤ 52",
            "for example [2, 6]",
        );
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(issues))
    }
}

/// The seed of replication `r`.
pub fn replication_seed(seed: u64, r: u32) -> u64 {
    seed ^ u64::from(r).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Runs one replication and returns every week's record.
///
/// # Errors
/// As [`simulate`].
pub fn replicate(
    base: &Scenario,
    match_cfg: &MatchConfig,
    cfg: &SimConfig,
    r: u32,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<(Vec<WeekRecord>, u64, u64)> {
    crate::matching::validate::check(base)?;
    check(cfg)?;
    let districts = referral_districts(base);
    let mut cfg = cfg.clone();
    if cfg.as_of.is_none() {
        cfg.as_of = base.as_of.clone();
    }
    let mut county = County::new(base, &cfg, match_cfg, &districts);
    let mut rng = Rng::new(replication_seed(cfg.seed, r));
    let total = u64::from(cfg.weeks) * u64::from(cfg.replications.max(1));
    let mut out = Vec::with_capacity(cfg.weeks as usize);
    for w in 1..=cfg.weeks {
        let done = u64::from(r) * u64::from(cfg.weeks) + u64::from(w - 1);
        let progress = Progress {
            iteration: done,
            best_cost: None,
            fraction: Some(done as f64 / total as f64),
        };
        if stop.should_stop(&progress) {
            return Err(Error::Cancelled);
        }
        if w % 13 == 1 {
            observer.on_progress(&progress);
        }
        out.push(county.week(w, &mut rng)?);
    }
    Ok((out, county.solves, county.skipped))
}

/// Runs every replication and summarises them in bands.
///
/// # Errors
/// [`Error::Invalid`] for an invalid scenario or settings;
/// [`Error::Cancelled`] when `stop` says so (asked every simulated week);
/// [`Error::Internal`] if a week breaks conservation.
pub fn simulate(
    base: &Scenario,
    match_cfg: &MatchConfig,
    cfg: &SimConfig,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<Simulation> {
    check(cfg)?;
    let mut runs = Vec::new();
    let (mut solves, mut skipped) = (0, 0);
    for r in 0..cfg.replications {
        let (weeks, s, k) = replicate(base, match_cfg, cfg, r, stop, observer)?;
        solves += s;
        skipped += k;
        runs.push(weeks);
    }
    let districts = referral_districts(base);
    let band = |w: usize, f: &dyn Fn(&WeekRecord) -> f64| {
        Band::of(&runs.iter().map(|run| f(&run[w])).collect::<Vec<_>>())
    };
    let weeks: Vec<WeekBands> = (0..cfg.weeks as usize)
        .map(|w| WeekBands {
            week: w as u32 + 1,
            waiting: band(w, &|x| x.waiting as f64),
            placed: band(w, &|x| x.placed as f64),
            target_placed: cfg.target_per_year * (w as f64 + 1.0) / 52.0,
            active: band(w, &|x| x.active as f64),
            saving_pounds: band(w, &|x| x.saving_cum_pence as f64 / 100.0),
            blocked_days: band(w, &|x| x.blocked_days_cum as f64),
            waiting_by_district: (0..districts.len())
                .map(|d| band(w, &|x| x.waiting_by_district[d] as f64).median)
                .collect(),
        })
        .collect();
    let last = cfg.weeks as usize - 1;
    let totals = SimTotals {
        placed: band(last, &|x| x.placed as f64),
        waiting_end: band(last, &|x| x.waiting as f64),
        withdrawn: band(last, &|x| x.withdrawn as f64),
        blocked_days: band(last, &|x| x.blocked_days_cum as f64),
        saving_pounds: band(last, &|x| x.saving_cum_pence as f64 / 100.0),
    };
    Ok(Simulation {
        config: cfg.clone(),
        districts,
        weeks,
        totals,
        last_weeks: runs.iter().map(|r| r[last].clone()).collect(),
        solves,
        skipped_solves: skipped,
    })
}

/// Named settings to compare over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// A short name ("county-wide", "Bassetlaw and Newark & Sherwood").
    pub name: String,
    /// Its settings.
    pub config: SimConfig,
}

/// Two or more variants simulated with the same seeds, side by side.
///
/// # Errors
/// As [`simulate`], for any variant.
pub fn compare(
    base: &Scenario,
    match_cfg: &MatchConfig,
    variants: &[Variant],
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<Vec<(String, Simulation)>> {
    variants
        .iter()
        .map(|v| simulate(base, match_cfg, &v.config, stop, observer).map(|s| (v.name.clone(), s)))
        .collect()
}
