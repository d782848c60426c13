//! The exported calls: deserialize → call `carematch` → serialize.

use carematch::control::Silent;
use carematch::matching::{
    self, HouseholdId, HouseholdShortlist, MatchConfig, MatchResult, PersonId, Scenario, Shortlist,
};
use carematch::rounds::{self, Insertion, PlanOptions, RoundsInput, RoundsPlan, Visit};
use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::convert::{CarematchError, from_ts, from_ts_or_default, to_ts};
use crate::progress::JsProgress;

type Out<T> = Result<Ts<T>, CarematchError>;

/// Options of a rounds planning run (the wire form of [`PlanOptions`]).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PlanRequest {
    /// Seed for every random choice: same input and seed give the same plan.
    pub seed: u32,
    /// Upper bound on improvement iterations; absent = until the progress
    /// callback returns `false`.
    pub max_iterations: Option<u32>,
}

impl From<PlanRequest> for PlanOptions {
    fn from(r: PlanRequest) -> Self {
        PlanOptions {
            seed: u64::from(r.seed),
            max_iterations: r.max_iterations.map(u64::from),
        }
    }
}

/// JSON text of a scenario or rounds input given either as text or as an
/// object, so the solver always goes through the same parser and validation
/// as the CLI (size limit, unknown fields, every issue at once).
pub(crate) fn json_text(value: &JsValue) -> Result<String, CarematchError> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            CarematchError::invalid(carematch::ValidationIssue::new(
                "bad_object",
                "",
                "",
                "the input is neither JSON text nor a plain object",
                "pass the object returned by sampleScenario/validate, or JSON text",
            ))
        })
}

pub(crate) fn scenario(value: &JsValue) -> Result<Scenario, CarematchError> {
    Ok(matching::validate_scenario(&json_text(value)?)?)
}

fn rounds_input(value: &JsValue) -> Result<RoundsInput, CarematchError> {
    Ok(rounds::validate_rounds(&json_text(value)?)?)
}

pub(crate) fn config(cfg: Option<Ts<MatchConfig>>) -> Result<MatchConfig, CarematchError> {
    from_ts_or_default("match settings", cfg)
}

/// Parses and checks a placement scenario (JSON text or object). Returns the
/// scenario; throws a `CarematchError` listing every issue.
#[wasm_bindgen(js_name = validate)]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] input: JsValue,
) -> Out<Scenario> {
    to_ts(&scenario(&input)?)
}

/// Parses and checks a rounds day (JSON text or object).
#[wasm_bindgen(js_name = validateRounds)]
pub fn validate_rounds(
    #[wasm_bindgen(unchecked_param_type = "string | RoundsInput")] input: JsValue,
) -> Out<RoundsInput> {
    to_ts(&rounds_input(&input)?)
}

/// Finds and explains the best placement plan.
#[wasm_bindgen(js_name = matchPlacements)]
pub fn match_placements(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
) -> Out<MatchResult> {
    let s = scenario(&scenario_in)?;
    to_ts(&matching::match_scenario(&s, &config(config_in)?)?)
}

/// The top `k` options for one person, with score breakdowns.
#[wasm_bindgen(js_name = shortlist)]
pub fn shortlist(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    person: String,
    k: u32,
) -> Out<Shortlist> {
    let s = scenario(&scenario_in)?;
    let list = matching::shortlist(&s, &config(config_in)?, &PersonId::new(person), k as usize)?;
    to_ts(&list)
}

/// The top `k` people for one Shared Lives household, with score
/// breakdowns, and every person ruled out with the rules they fail.
#[wasm_bindgen(js_name = shortlistForHousehold)]
pub fn shortlist_for_household(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    household: String,
    k: u32,
) -> Out<HouseholdShortlist> {
    let s = scenario(&scenario_in)?;
    let list = matching::shortlist_for_household(
        &s,
        &config(config_in)?,
        &HouseholdId::new(household),
        k as usize,
    )?;
    to_ts(&list)
}

/// Plans the day's rounds. `onProgress(done, total)` is called between
/// iterations; returning `false` stops with the best plan so far.
#[wasm_bindgen(js_name = planRounds)]
pub fn plan_rounds(
    #[wasm_bindgen(unchecked_param_type = "string | RoundsInput")] input: JsValue,
    options: Option<Ts<PlanRequest>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<RoundsPlan> {
    let day = rounds_input(&input)?;
    let req: PlanRequest = from_ts_or_default("plan options", options)?;
    let mut progress = JsProgress::new(on_progress, req.max_iterations.map_or(0, u64::from));
    let plan = rounds::plan_rounds(&day, &req.into(), &mut progress, &mut Silent)?;
    to_ts(&plan)
}

/// Fits new visits into an existing plan, keeping every planned visit where
/// it is (Discharge to Assess): the earliest start and the extra cost.
#[wasm_bindgen(js_name = insertVisits)]
pub fn insert_visits(
    #[wasm_bindgen(unchecked_param_type = "string | RoundsInput")] input: JsValue,
    existing: Ts<RoundsPlan>,
    new_visits: Vec<Ts<Visit>>,
    options: Option<Ts<PlanRequest>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<Insertion> {
    let day = rounds_input(&input)?;
    let existing = from_ts("existing plan", existing)?;
    let visits = new_visits
        .into_iter()
        .map(|v| from_ts("new visit", v))
        .collect::<Result<Vec<Visit>, _>>()?;
    let req: PlanRequest = from_ts_or_default("plan options", options)?;
    let mut progress = JsProgress::new(on_progress, req.max_iterations.map_or(0, u64::from));
    let ins = rounds::insert_visits(
        &day,
        &existing,
        &visits,
        &req.into(),
        &mut progress,
        &mut Silent,
    )?;
    to_ts(&ins)
}

/// A seeded Nottinghamshire placement scenario (the same as `carematch sample`).
#[wasm_bindgen(js_name = sampleScenario)]
pub fn sample_scenario(people: u32, households: u32, seed: u32) -> Out<Scenario> {
    to_ts(&matching::sample_scenario(
        people as usize,
        households as usize,
        u64::from(seed),
    ))
}

/// A seeded homecare day (the same as `carematch sample-rounds`).
#[wasm_bindgen(js_name = sampleRounds)]
pub fn sample_rounds(visits: u32, workers: u32, seed: u32) -> Out<RoundsInput> {
    to_ts(&rounds::sample_rounds(
        visits as usize,
        workers as usize,
        u64::from(seed),
    ))
}

/// The answer of [`solve_oracle`]: what `carematch oracle` prints.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OracleResult {
    /// Total score (capacitated) or total cost (dense).
    pub objective: f64,
    /// Number of people assigned.
    pub assigned: u32,
}

/// Solves an instance in the oracle formats (developers and benchmarks: the
/// same as `carematch oracle FILE [--objective max-score|max-placed]`).
#[wasm_bindgen(js_name = solveOracle)]
pub fn solve_oracle(text: &str, max_placed: bool) -> Out<OracleResult> {
    use carematch::formats::oracle::{self, Objective};
    carematch::error::check_input_size("oracle instance", text.len())?;
    let instance = oracle::read_instance(text)?;
    let objective = if max_placed {
        Objective::MaxPlacedThenScore
    } else {
        Objective::MaxScore
    };
    let answer = oracle::solve(&instance, objective)?;
    to_ts(&OracleResult {
        // Objectives stay far below 2^53, so f64 is exact in JavaScript.
        objective: answer.objective as f64,
        assigned: answer.assigned as u32,
    })
}
