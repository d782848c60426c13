//! Exports of [`carematch::analytics`]: the district lens, the value of
//! capacity, the recruitment brief, fair plans and the flow simulation.
//! Conversion and delegation only; long runs take the usual
//! `onProgress(done, total)` callback, and returning `false` cancels them
//! (they then throw a `CarematchError` of kind `cancelled`).

use carematch::analytics::capacity::{self, CapacityOptions, CapacityReport};
use carematch::analytics::districts::{self, DistrictLens};
use carematch::analytics::fair::{self, FairPlan};
use carematch::analytics::recruit::{self, RecruitOptions, RecruitmentBrief};
use carematch::analytics::simulate::{self, SimConfig, Simulation, Variant};
use carematch::matching::MatchConfig;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::api::{config, scenario};
use crate::convert::{CarematchError, from_ts, from_ts_or_default, to_ts};
use crate::progress::JsProgress;

type Out<T> = Result<Ts<T>, CarematchError>;

/// Placed, unplaced and why, by district and need group, with the
/// inequality figure.
#[wasm_bindgen(js_name = districtLens)]
pub fn district_lens(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
) -> Out<DistrictLens> {
    let s = scenario(&scenario_in)?;
    to_ts(&districts::district_lens(&s, &config(config_in)?)?)
}

/// The value of one more household for every district × profile.
#[wasm_bindgen(js_name = capacityValue)]
pub fn capacity_value(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    options: Option<Ts<CapacityOptions>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<CapacityReport> {
    let s = scenario(&scenario_in)?;
    let opts = from_ts_or_default("capacity options", options)?;
    let mut progress = JsProgress::new(on_progress, 0);
    let report = capacity::capacity_value(
        &s,
        &config(config_in)?,
        &opts,
        &mut progress,
        &mut carematch::control::Silent,
    )?;
    to_ts(&report)
}

/// The best `households` carer households to recruit, with a bound.
#[wasm_bindgen(js_name = recruitmentBrief)]
pub fn recruitment_brief(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    options: Option<Ts<RecruitOptions>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<RecruitmentBrief> {
    let s = scenario(&scenario_in)?;
    let opts = from_ts_or_default("recruitment options", options)?;
    let mut progress = JsProgress::new(on_progress, 0);
    let brief = recruit::recruitment_brief(
        &s,
        &config(config_in)?,
        &opts,
        &mut progress,
        &mut carematch::control::Silent,
    )?;
    to_ts(&brief)
}

/// The fair plan (worst district first) and the price of fairness.
#[wasm_bindgen(js_name = fairPlan)]
pub fn fair_plan(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
) -> Out<FairPlan> {
    let s = scenario(&scenario_in)?;
    to_ts(&fair::fair_plan(&s, &config(config_in)?)?)
}

/// The weekly flow simulation with bands over replications.
#[wasm_bindgen(js_name = simulateFlow)]
pub fn simulate_flow(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    options: Option<Ts<SimConfig>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<Simulation> {
    let s = scenario(&scenario_in)?;
    let cfg: SimConfig = from_ts_or_default("simulation settings", options)?;
    let mut progress = JsProgress::new(on_progress, 0);
    let sim = simulate::simulate(
        &s,
        &config(config_in)?,
        &cfg,
        &mut progress,
        &mut carematch::control::Silent,
    )?;
    to_ts(&sim)
}

/// Simulations compared side by side: `[name, simulation]` pairs in the
/// order of the variants.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, tsify::Tsify)]
pub struct Comparison {
    /// One run per variant.
    pub runs: Vec<(String, Simulation)>,
}

/// Two or more simulation settings side by side (same seeds).
#[wasm_bindgen(js_name = compareSimulations)]
pub fn compare_simulations(
    #[wasm_bindgen(unchecked_param_type = "string | Scenario")] scenario_in: JsValue,
    config_in: Option<Ts<MatchConfig>>,
    variants: Vec<Ts<Variant>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<Comparison> {
    let s = scenario(&scenario_in)?;
    let variants = variants
        .into_iter()
        .map(|v| from_ts("simulation variant", v))
        .collect::<Result<Vec<Variant>, _>>()?;
    let mut progress = JsProgress::new(on_progress, 0);
    let runs = simulate::compare(
        &s,
        &config(config_in)?,
        &variants,
        &mut progress,
        &mut carematch::control::Silent,
    )?;
    to_ts(&Comparison { runs })
}
