//! The recruitment brief: the best `K` carer households to recruit, with the
//! gain of each and a bound on how far the set is from the best set of `K`.
//!
//! Placements are counted with the engine's "place as many people as
//! possible, then maximise the score" objective
//! ([`Objective::MaxPlacedThenScore`]), whatever the run's objective.
//!
//! **Choice.** Candidates are every district × [`Profile`] household of
//! [`super::capacity`]. They are chosen greedily on the placement-count
//! relaxation of the plan (a maximum b-matching over the pairs that pass
//! every hard rule, ignoring rules that couple newcomers): each step takes
//! the candidate that places most extra people, then the one that reaches
//! most people still unplaced. The relaxation's count is a matroid rank
//! function of the households added, so the gain of a candidate never grows
//! as others are added, which makes lazy evaluation exact.
//!
//! **Verification.** The engine then solves the plan with the additions one
//! by one: each line's gain is the engine's change, and the total
//! (`extra_placed`) is the engine's solve with all `K` additions against the
//! plan without.
//!
//! **Bound.** No set of `K` candidate households places more than `bound`
//! extra people: the relaxation with one pooled column that has `K × places`
//! places and an edge to every person any candidate could take is a
//! relaxation of every choice of `K` candidates, and the engine never places
//! more than its relaxation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bmatching::BMatching;
use super::capacity::{Profile, candidate_household, referral_districts};
use crate::control::{Observer, Progress, Stop};
use crate::matching::analysis::{self, PlanOutline};
use crate::matching::{Household, MatchConfig, Objective, Scenario};
use crate::{Error, Result, ValidationIssue};

/// Settings for a recruitment brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct RecruitOptions {
    /// Households to recruit (`K`, default 15: Nottinghamshire's +15 a year).
    pub households: usize,
    /// Places per household (default 1).
    pub places: u32,
    /// Profiles to consider (default: all 48).
    pub profiles: Option<Vec<Profile>>,
    /// Districts to consider (default: every district of the people referred).
    pub districts: Option<Vec<String>>,
}

impl Default for RecruitOptions {
    fn default() -> Self {
        RecruitOptions {
            households: 15,
            places: 1,
            profiles: None,
            districts: None,
        }
    }
}

/// One recommended household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Addition {
    /// District.
    pub district: String,
    /// Profile.
    pub profile: Profile,
    /// The household record to add to a scenario.
    pub household: Household,
    /// Extra people the relaxation placed when it was chosen.
    pub predicted_placed: i64,
    /// Engine's change in people placed when it is added after the ones before.
    pub gain_placed: i64,
    /// Engine's change in the total score of all placements.
    pub gain_score: i64,
    /// One line for a person to read.
    pub text: String,
}

/// The recruitment brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct RecruitmentBrief {
    /// Households asked for (`K`).
    pub households: usize,
    /// The recommended additions, in the order chosen.
    pub additions: Vec<Addition>,
    /// People placed without additions.
    pub base_placed: usize,
    /// People placed with all additions.
    pub placed_with_additions: usize,
    /// Extra people placed, verified by one engine solve with all additions.
    pub extra_placed: i64,
    /// Extra total score, from the same solve.
    pub extra_score: i64,
    /// Upper bound on the extra people any `K` candidate households could place.
    pub bound: i64,
    /// How the bound is made, in words.
    pub bound_note: String,
}

fn invalid(field: &str, message: &str, hint: &str) -> Error {
    Error::invalid(ValidationIssue::new(
        "bad_option",
        "options",
        field,
        message,
        hint,
    ))
}

/// Builds the recruitment brief.
///
/// # Complexity
/// One rule evaluation per candidate, one augmenting-path search per
/// candidate evaluation of the greedy, and `K + 1` engine solves.
///
/// # Errors
/// [`Error::Invalid`] for an invalid scenario or options; [`Error::Cancelled`]
/// when `stop` says so (asked between candidates and between solves).
pub fn recruitment_brief(
    s: &Scenario,
    cfg: &MatchConfig,
    opts: &RecruitOptions,
    stop: &mut dyn Stop,
    observer: &mut dyn Observer,
) -> Result<RecruitmentBrief> {
    if opts.places == 0 {
        return Err(invalid(
            "places",
            "a household needs at least one place",
            "set places to 1 or more",
        ));
    }
    if opts.households > 1000 {
        return Err(invalid(
            "households",
            "at most 1000 households can be planned at once",
            "ask for fewer households",
        ));
    }
    let mut cfg = cfg.clone();
    cfg.objective = Objective::MaxPlacedThenScore;
    let cfg = &cfg;
    let model = analysis::flow_model(s, cfg)?;
    let districts = opts
        .districts
        .clone()
        .unwrap_or_else(|| referral_districts(s));
    let profiles = opts.profiles.clone().unwrap_or_else(Profile::all);
    let total_steps = (districts.len() * profiles.len() + opts.households + 1).max(1);
    let mut step = 0usize;
    let mut tick = |stop: &mut dyn Stop, observer: &mut dyn Observer| -> Result<()> {
        let progress = Progress {
            iteration: step as u64,
            best_cost: None,
            fraction: Some(step as f64 / total_steps as f64),
        };
        step += 1;
        if stop.should_stop(&progress) {
            return Err(Error::Cancelled);
        }
        observer.on_progress(&progress);
        Ok(())
    };

    // The relaxation of the plan without additions.
    let rows = s.people.len();
    let mut base = BMatching::new(rows);
    let mut by_option: Vec<Vec<usize>> = vec![Vec::new(); model.capacity.len()];
    for (p, es) in model.edges.iter().enumerate() {
        for e in es {
            by_option[e.column].push(p);
        }
    }
    for (o, people) in by_option.into_iter().enumerate() {
        base.add_column(people, model.capacity[o]);
    }

    // Candidates and the people each could take.
    struct Candidate {
        district: String,
        profile: Profile,
        household: Household,
        people: Vec<usize>,
        /// Short breaks and day support do not use the household's places.
        not_beds: u32,
    }
    let mut candidates = Vec::new();
    for district in &districts {
        for profile in &profiles {
            tick(stop, observer)?;
            let h = candidate_household(s, district, profile, opts.places, candidates.len());
            let edges = analysis::household_edges(s, cfg, &h, 0)?;
            let not_beds = edges.iter().filter(|e| !e.bed).count() as u32;
            candidates.push(Candidate {
                district: district.clone(),
                profile: *profile,
                household: h,
                people: edges.iter().map(|e| e.person).collect(),
                not_beds,
            });
        }
    }

    // Bound: one pooled column for all K households.
    let mut pooled_people: Vec<usize> = candidates
        .iter()
        .flat_map(|c| c.people.iter().copied())
        .collect();
    pooled_people.sort_unstable();
    pooled_people.dedup();
    let not_beds: u32 = candidates.iter().map(|c| c.not_beds).sum();
    let k_places = u32::try_from(opts.households)
        .unwrap_or(u32::MAX)
        .saturating_mul(opts.places)
        .saturating_add(not_beds);
    let relaxed_base = base.size() as i64;
    let mut pooled = base.clone();
    let (_, pooled_gain) = pooled.add_column(pooled_people, k_places);

    // Lazy greedy on the relaxation.
    let key = |m: &BMatching, c: &Candidate| -> (i64, i64) {
        let mut trial = m.clone();
        let (_, g) = trial.add_column(c.people.clone(), opts.places + c.not_beds);
        let reach = c.people.iter().filter(|&&p| !m.is_matched(p)).count();
        (i64::from(g), reach as i64)
    };
    let mut state = base;
    let mut upper: Vec<(i64, i64)> = candidates.iter().map(|c| key(&state, c)).collect();
    let mut chosen: Vec<(usize, i64)> = Vec::new();
    for _ in 0..opts.households {
        // Highest stale key first (ties: candidate order).
        while let Some(best) =
            (0..candidates.len()).max_by(|&a, &b| upper[a].cmp(&upper[b]).then(b.cmp(&a)))
        {
            let fresh = key(&state, &candidates[best]);
            if fresh == upper[best] {
                let c = &candidates[best];
                let (_, g) = state.add_column(c.people.clone(), opts.places + c.not_beds);
                chosen.push((best, i64::from(g)));
                // Adding a copy of the same household is a new candidate whose
                // key can only be lower: keep it with the fresh key.
                upper[best] = key(&state, &candidates[best]);
                break;
            }
            upper[best] = fresh;
        }
    }

    // Verification by the engine, one addition at a time.
    tick(stop, observer)?;
    let start = analysis::plan_outline(s, cfg)?;
    let mut with = s.clone();
    let mut previous: PlanOutline = start.clone();
    let mut additions = Vec::new();
    let mut copies: BTreeMap<usize, usize> = BTreeMap::new();
    for (n, &(c, predicted)) in chosen.iter().enumerate() {
        tick(stop, observer)?;
        let cand = &candidates[c];
        let copy = copies.entry(c).or_default();
        *copy += 1;
        let mut household = cand.household.clone();
        household.id = crate::matching::HouseholdId::new(format!("{}-{}", cand.household.id, copy));
        while with.households.iter().any(|h| h.id == household.id) {
            household.id.0.push('+');
        }
        with.households.push(household.clone());
        let now = analysis::plan_outline(&with, cfg)?;
        let gain_placed = now.placed as i64 - previous.placed as i64;
        let gain_score = now.total_score - previous.total_score;
        additions.push(Addition {
            text: format!(
                "{}. one household in {} {}: {:+} placed (score {:+})",
                n + 1,
                cand.district,
                cand.profile.describe(),
                gain_placed,
                gain_score
            ),
            district: cand.district.clone(),
            profile: cand.profile,
            household,
            predicted_placed: predicted,
            gain_placed,
            gain_score,
        });
        previous = now;
    }
    let extra_placed = previous.placed as i64 - start.placed as i64;
    let pinned = model.pinned.iter().filter(|p| p.is_some()).count() as i64;
    let engine_free_placed = start.placed as i64 - pinned;
    let bound = relaxed_base + i64::from(pooled_gain) - engine_free_placed;
    Ok(RecruitmentBrief {
        households: opts.households,
        placed_with_additions: previous.placed,
        extra_score: previous.total_score - start.total_score,
        base_placed: start.placed,
        extra_placed,
        bound,
        bound_note: format!(
            "the relaxation places {relaxed_base} people without additions and at most {} with {} pooled place(s) reaching every person a candidate could take; the engine places {engine_free_placed} without additions",
            relaxed_base + i64::from(pooled_gain),
            k_places
        ),
        additions,
    })
}
