//! Week and Discharge to Assess exports: deserialize → call
//! `carematch::rounds::week` → serialize. Each date is solved with a fresh
//! progress callback: `maxIterations` applies per date, and returning
//! `false` from the callback ends the current date's search.

use carematch::control::{Silent, Stop};
use carematch::rounds::week::discharge::{DischargeOptions, Package, discharge_options};
use carematch::rounds::week::{self, WeekInput, WeekPlan};
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::api::{PlanRequest, json_text};
use crate::convert::{CarematchError, from_ts, from_ts_or_default, to_ts};
use crate::progress::JsProgress;

type Out<T> = Result<Ts<T>, CarematchError>;

/// Plans a week (JSON text or object) date by date.
#[wasm_bindgen(js_name = planWeek)]
pub fn plan_week(
    #[wasm_bindgen(unchecked_param_type = "string | WeekInput")] input: JsValue,
    options: Option<Ts<PlanRequest>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<WeekPlan> {
    let w: WeekInput = week::validate_week(&json_text(&input)?)?;
    let req: PlanRequest = from_ts_or_default("plan options", options)?;
    let total = req.max_iterations.map_or(0, u64::from);
    let mut stops =
        |_: u32, _: u32| -> Box<dyn Stop> { Box::new(JsProgress::new(on_progress.clone(), total)) };
    let plan = week::plan_week(&w, &req.into(), &mut stops, &mut Silent)?;
    to_ts(&plan)
}

/// A seeded sample week (the same as `carematch sample-rounds --days D`).
#[wasm_bindgen(js_name = sampleWeek)]
pub fn sample_week(days: u32, visits: u32, workers: u32, seed: u32) -> Out<WeekInput> {
    to_ts(&week::sample::sample_week(
        days.clamp(1, 28),
        visits as usize,
        workers as usize,
        u64::from(seed),
    ))
}

/// Ranked Discharge to Assess options for `package` in `plan` (a week plan
/// carrying its week), the first visit within `withinHours` of discharge.
#[wasm_bindgen(js_name = dischargeOptions)]
pub fn discharge(
    plan: Ts<WeekPlan>,
    package: Ts<Package>,
    within_hours: u32,
    options: Option<Ts<PlanRequest>>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => boolean | void")]
    on_progress: Option<js_sys::Function>,
) -> Out<DischargeOptions> {
    let plan: WeekPlan = from_ts("week plan", plan)?;
    let package: Package = from_ts("care package", package)?;
    let req: PlanRequest = from_ts_or_default("plan options", options)?;
    let total = req.max_iterations.map_or(0, u64::from);
    let mut stops =
        |_: u32, _: u32| -> Box<dyn Stop> { Box::new(JsProgress::new(on_progress.clone(), total)) };
    let out = discharge_options(
        &plan,
        &package,
        i64::from(within_hours),
        &req.into(),
        &mut stops,
        &mut Silent,
    )?;
    to_ts(&out)
}
