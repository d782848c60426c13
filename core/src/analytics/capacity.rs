//! The value of capacity: what one more Shared Lives household of a given
//! profile, in a given district, adds to the optimal plan.
//!
//! A **profile** is a need the household is approved for, the arrangement it
//! offers and whether it has an accessible room. For every district of the
//! people referred and every profile, a candidate household (at the centre of
//! the district's people and homes, with `places` places and no pets,
//! smokers or children) is tested:
//!
//! 1. **Duals.** The optimal plan's assignment is solved with its certifying
//!    duals ([`crate::algo::assignment::solve_with_duals`]). Pricing the new
//!    household's column with the row potentials `u` gives the dual bound
//!    `places × max(0, maxᵣ (u_r − c_r))`: by weak duality no plan gains more
//!    objective than that. When the engine's plan needs more than the plain
//!    flow (people who must not live together, side rules, shared scheme
//!    hours), the flow is a relaxation and the gap between the relaxed and
//!    the engine's optimum is added, so the bound stays valid.
//! 2. **Re-solve.** The exact gain is the engine's optimum with the household
//!    added minus the optimum without it (a re-solve that ends unproven over
//!    a proven base is tried once more on a larger budget; each value says
//!    whether it is proven). A re-solve is skipped only when the
//!    bound is zero (the gain is then proven zero) or when the household has
//!    no feasible person at all.
//!
//! The dual bound is reported beside the exact value, with whether it was
//! tight. For [`Objective::MaxPlacedThenScore`] the dual bound is not
//! reported (its per-placement bonus changes with the scenario).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::districts::district_name;
use crate::algo::assignment::{AssignmentProblem, Coverage, solve_with_duals};
use crate::control::{Observer, Progress, Stop};
use crate::geo::LatLon;
use crate::matching::analysis::{self, FlowModel, PlanOutline};
use crate::matching::{
    Acceptance, Arrangement, Household, HouseholdId, MatchConfig, Need, Objective, Scenario,
};
use crate::{Error, Result};

/// A re-solve that ends unproven over a proven base plan is tried once more
/// with this many times the branch-and-bound budget (on the realistic
/// default sample, 2 of 384 values needed it).
const RETRY_BUDGET_FACTOR: u64 = 5;

/// What a candidate household offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Profile {
    /// The need the household is approved for.
    pub approval: Need,
    /// The arrangement it offers.
    pub offers: Arrangement,
    /// Whether it has a wheelchair-accessible, ground-floor room.
    pub accessible_room: bool,
}

impl Profile {
    /// Every profile: 8 needs × 3 arrangements × with or without an accessible room.
    pub fn all() -> Vec<Profile> {
        let mut out = Vec::new();
        for approval in Need::ALL {
            for offers in [
                Arrangement::LongTerm,
                Arrangement::ShortBreak,
                Arrangement::DaySupport,
            ] {
                for accessible_room in [false, true] {
                    out.push(Profile {
                        approval,
                        offers,
                        accessible_room,
                    });
                }
            }
        }
        out
    }

    /// "approved for dementia, offering short breaks, with an accessible room".
    pub fn describe(&self) -> String {
        format!(
            "approved for {}, offering {}{}",
            self.approval.label(),
            self.offers.label(),
            if self.accessible_room {
                ", with an accessible room"
            } else {
                ""
            }
        )
    }
}

/// Settings for the value of capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct CapacityOptions {
    /// Places of each candidate household (default 1: the value of one more place).
    pub places: u32,
    /// Profiles to test (default: all 48).
    pub profiles: Option<Vec<Profile>>,
    /// Districts to test (default: every district of the people referred).
    pub districts: Option<Vec<String>>,
}

impl Default for CapacityOptions {
    fn default() -> Self {
        CapacityOptions {
            places: 1,
            profiles: None,
            districts: None,
        }
    }
}

/// How an exact value was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ConfirmedBy {
    /// The plan was solved again with the household added.
    ReSolve,
    /// The dual bound is zero, so the gain is zero.
    DualBound,
    /// Nobody can be placed with the household under the hard rules.
    NoFeasiblePerson,
}

/// The value of one candidate household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct CapacityValue {
    /// District it would be in.
    pub district: String,
    /// Its profile.
    pub profile: Profile,
    /// People who could be placed with it (pass every hard rule).
    pub feasible_people: usize,
    /// Exact change in people placed.
    pub extra_placed: i64,
    /// Exact change in the total score of all placements.
    pub extra_score: i64,
    /// Exact change in the objective value.
    pub extra_objective: i64,
    /// Upper bound on `extra_objective` from the duals (`None` for
    /// [`Objective::MaxPlacedThenScore`]).
    pub dual_bound: Option<i64>,
    /// How the exact value was established.
    pub confirmed_by: ConfirmedBy,
    /// Whether the value is proven: nobody fits the household, or the plan
    /// without it is proven optimal and so is the plan with it (or its dual
    /// bound is zero). When false, the figures are the difference of the
    /// engine's best plans found within its work limit.
    pub proven: bool,
}

/// The value of capacity for every district × profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct CapacityReport {
    /// People placed without any addition.
    pub base_placed: usize,
    /// Objective value without any addition.
    pub base_objective: i64,
    /// Whether the engine's plan is exactly the min-cost flow (otherwise the
    /// duals price a relaxation and the bound includes the relaxation gap).
    pub flow_exact: bool,
    /// Relaxed optimum minus the engine's optimum (0 when `flow_exact`).
    pub relaxation_gap: i64,
    /// One value per district × profile, best extra objective first.
    pub values: Vec<CapacityValue>,
    /// Engine re-solves used.
    pub re_solves: usize,
    /// Candidates whose value came from the re-solve of an identical
    /// candidate (same people, costs and lanes).
    pub shared_re_solves: usize,
}

/// Districts of the people referred, by name.
pub fn referral_districts(s: &Scenario) -> Vec<String> {
    s.people
        .iter()
        .map(|p| district_name(p.district.as_deref()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The centre of a district: the mean position of its people, households
/// and schemes (the county's centre of everything when none is there).
pub fn district_centre(s: &Scenario, district: &str) -> LatLon {
    let mut pts: Vec<LatLon> = Vec::new();
    let is = |d: &Option<String>| district_name(d.as_deref()) == district;
    pts.extend(s.people.iter().filter(|p| is(&p.district)).map(|p| p.home));
    pts.extend(
        s.households
            .iter()
            .filter(|h| is(&h.district))
            .map(|h| h.location),
    );
    pts.extend(
        s.schemes
            .iter()
            .filter(|x| is(&x.district))
            .map(|x| x.location),
    );
    if pts.is_empty() {
        pts.extend(s.people.iter().map(|p| p.home));
        pts.extend(s.households.iter().map(|h| h.location));
    }
    if pts.is_empty() {
        return LatLon {
            lat: 53.0,
            lon: -1.1,
        };
    }
    let n = pts.len() as f64;
    LatLon {
        lat: pts.iter().map(|p| p.lat).sum::<f64>() / n,
        lon: pts.iter().map(|p| p.lon).sum::<f64>() / n,
    }
}

/// The candidate household of a district and profile; `tag` makes its id unique.
pub fn candidate_household(
    s: &Scenario,
    district: &str,
    profile: &Profile,
    places: u32,
    tag: usize,
) -> Household {
    let mut id = format!("NEW{tag:03}");
    while s.households.iter().any(|h| h.id.as_str() == id) {
        id.push('+');
    }
    Household {
        id: HouseholdId::new(id),
        name: Some(format!("new household in {district}")),
        location: district_centre(s, district),
        district: (district != super::districts::NO_DISTRICT).then(|| district.to_owned()),
        pcn: None,
        approvals: vec![profile.approval],
        places: places.max(1),
        occupants: Vec::new(),
        offers: vec![profile.offers],
        pets: false,
        smokers: false,
        children: false,
        accessible_rooms: u32::from(profile.accessible_room),
        ground_floor_bedroom: profile.accessible_room,
        en_suite: false,
        carer_genders: Vec::new(),
        interests: Vec::new(),
        languages: Vec::new(),
        faith: None,
        experience_years: 0,
        available_from: None,
        unavailable: Vec::new(),
        bookings: Vec::new(),
        day_support_places: None,
        day_support_days: None,
        accepts: Acceptance::default(),
        weekly_cost: None,
    }
}

/// The flow model solved with duals: its optimal cost and row potentials.
pub(crate) struct PricedFlow {
    pub model: FlowModel,
    pub optimum_cost: i64,
    pub row_potential: Vec<i128>,
}

pub(crate) fn priced_flow(s: &Scenario, cfg: &MatchConfig) -> Result<PricedFlow> {
    let model = analysis::flow_model(s, cfg)?;
    let problem = AssignmentProblem::from_rows(
        model.capacity.clone(),
        model
            .edges
            .iter()
            .map(|es| es.iter().map(|e| (e.column, e.cost)).collect::<Vec<_>>()),
    )?;
    let certified = solve_with_duals(&problem, Coverage::Optional)?;
    Ok(PricedFlow {
        model,
        optimum_cost: certified.solution.total_cost,
        row_potential: certified.duals.row_potential,
    })
}

/// Objective value of the relaxed flow optimum, in the engine's natural sense.
fn relaxed_objective(cfg: &MatchConfig, flow: &PricedFlow) -> i64 {
    match cfg.objective {
        Objective::MaxPlacedThenScore => 0,
        _ => -flow.optimum_cost,
    }
}

/// A candidate as the engine sees it: (person, cost, bed) of every person
/// it could take. Its district and position matter to the engine only
/// through these (the closeness and same-district scores are in the cost,
/// the travel limits in who can be taken), so candidates of different
/// districts with the same key give the engine the same model too.
type CandidateKey = Vec<(usize, i64, bool)>;

/// The value of one more household of every profile in every district.
///
/// # Arguments
/// `stop` is asked before each re-solve (progress counts candidates done);
/// `observer` hears the fraction done.
///
/// # Complexity
/// One rule evaluation of the candidate against every person, plus one
/// engine re-solve for each candidate whose dual bound is positive.
///
/// # Errors
/// [`Error::Invalid`] for an invalid scenario or options (zero places);
/// [`Error::Cancelled`] when `stop` says so.
pub fn capacity_value(
    s: &Scenario,
    cfg: &MatchConfig,
    opts: &CapacityOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<CapacityReport> {
    if opts.places == 0 {
        return Err(Error::invalid(crate::ValidationIssue::new(
            "zero_places",
            "options",
            "places",
            "a candidate household needs at least one place",
            "set places to 1 or more",
        )));
    }
    let base = analysis::plan_outline(s, cfg)?;
    let flow = priced_flow(s, cfg)?;
    let dual_ok = cfg.objective != Objective::MaxPlacedThenScore
        && cfg.method == crate::matching::Method::Optimal
        && flow.model.bonus_free;
    let gap = if dual_ok {
        (relaxed_objective(cfg, &flow) - base.objective_value).max(0)
    } else {
        0
    };
    let districts = opts
        .districts
        .clone()
        .unwrap_or_else(|| referral_districts(s));
    let profiles = opts.profiles.clone().unwrap_or_else(Profile::all);
    let total = (districts.len() * profiles.len()).max(1);
    let mut values = Vec::new();
    let mut re_solves = 0;
    // Candidates with the same people, costs and lanes give the engine the
    // same model (the same columns, edges and packing rules: those are built
    // from who can use the household), so one re-solve serves them all.
    let mut solved: BTreeMap<CandidateKey, PlanOutline> = BTreeMap::new();
    let mut shared = 0;
    for (di, district) in districts.iter().enumerate() {
        for (pi, profile) in profiles.iter().enumerate() {
            let done = di * profiles.len() + pi;
            let progress = Progress {
                iteration: done as u64,
                best_cost: None,
                fraction: Some(done as f64 / total as f64),
            };
            if stop.should_stop(&progress) {
                return Err(Error::Cancelled);
            }
            observer.on_progress(&progress);
            let h = candidate_household(s, district, profile, opts.places, done);
            let edges = analysis::household_edges(s, cfg, &h, flow.model.placement_bonus)?;
            let bound = dual_ok.then(|| {
                // Beds count against the household's places; short breaks
                // and day support are counted by date or weekday, so their
                // lane is priced with one place per person who could use it.
                let reduced = |bed: bool| {
                    let es: Vec<i128> = edges
                        .iter()
                        .filter(|e| e.bed == bed)
                        .map(|e| flow.row_potential[e.person] - i128::from(e.cost))
                        .collect();
                    let price = es.iter().copied().max().unwrap_or(0).max(0);
                    let cap = if bed {
                        i128::from(opts.places)
                    } else {
                        es.len() as i128
                    };
                    cap * price
                };
                let b = reduced(true) + reduced(false) + i128::from(gap);
                i64::try_from(b).unwrap_or(i64::MAX)
            });
            let (extra, confirmed_by) = if edges.is_empty() {
                (None, ConfirmedBy::NoFeasiblePerson)
            } else if bound == Some(0) && base.proven_optimal {
                (None, ConfirmedBy::DualBound)
            } else {
                let key: CandidateKey = edges.iter().map(|e| (e.person, e.cost, e.bed)).collect();
                if let Some(known) = solved.get(&key) {
                    shared += 1;
                    (Some(known.clone()), ConfirmedBy::ReSolve)
                } else {
                    re_solves += 1;
                    let mut with = s.clone();
                    with.households.push(h.clone());
                    let mut outline = analysis::plan_outline(&with, cfg)?;
                    if base.proven_optimal && !outline.proven_optimal {
                        // One more try on a larger budget, so the value is
                        // proven when the base plan is (few candidates need it).
                        let mut more = cfg.clone();
                        more.thresholds.max_branch_nodes = cfg
                            .thresholds
                            .max_branch_nodes
                            .saturating_mul(RETRY_BUDGET_FACTOR);
                        outline = analysis::plan_outline(&with, &more)?;
                    }
                    solved.insert(key, outline.clone());
                    (Some(outline), ConfirmedBy::ReSolve)
                }
            };
            let proven = match &extra {
                None => confirmed_by == ConfirmedBy::NoFeasiblePerson || base.proven_optimal,
                Some(x) => base.proven_optimal && x.proven_optimal,
            };
            let delta = |f: fn(&PlanOutline) -> i64| extra.as_ref().map_or(0, |x| f(x) - f(&base));
            values.push(CapacityValue {
                district: district.clone(),
                profile: *profile,
                feasible_people: edges.len(),
                extra_placed: delta(|x| x.placed as i64),
                extra_score: delta(|x| x.total_score),
                extra_objective: delta(|x| x.objective_value),
                dual_bound: bound,
                confirmed_by,
                proven,
            });
        }
    }
    values.sort_by(|a, b| {
        b.extra_objective
            .cmp(&a.extra_objective)
            .then(b.extra_placed.cmp(&a.extra_placed))
            .then(a.district.cmp(&b.district))
            .then(a.profile.cmp(&b.profile))
    });
    Ok(CapacityReport {
        base_placed: base.placed,
        base_objective: base.objective_value,
        flow_exact: flow.model.exact,
        relaxation_gap: gap,
        values,
        re_solves,
        shared_re_solves: shared,
    })
}
