//! Conversions between JavaScript values and core types, and of
//! [`carematch::Error`] into a JavaScript exception.

use carematch::{Error, ValidationIssue};
use serde::Serialize;
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &str = r#"
/** What every carematch export throws on failure. */
export interface CarematchError extends Error {
  /** `invalid`: bad input (see `issues`); `cancelled`: the progress callback said stop;
   *  `infeasible`: the input has no answer at all; `limit`: a stated limit was reached
   *  before an answer; `backend`: a solver backend failed; `internal`: a bug in carematch. */
  kind: "invalid" | "cancelled" | "infeasible" | "limit" | "backend" | "internal";
  /** Every problem found in the input (empty unless `kind` is `invalid`). */
  issues: ValidationIssue[];
}
"#;

/// The exception thrown by every export: a JavaScript `Error` with `kind` and
/// `issues` properties (see the TypeScript `CarematchError` interface).
#[derive(Debug)]
pub struct CarematchError(JsValue);

impl CarematchError {
    fn build(kind: &str, message: &str, issues: &[ValidationIssue]) -> Self {
        let error = js_sys::Error::new(message);
        error.set_name("CarematchError");
        let issues = to_js(&issues).unwrap_or_else(|_| js_sys::Array::new().into());
        // Reflect::set only fails on frozen or proxied objects; a fresh Error is neither.
        let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.into());
        let _ = js_sys::Reflect::set(&error, &"issues".into(), &issues);
        Self(error.into())
    }

    /// A bad-input error with a single issue.
    pub fn invalid(issue: ValidationIssue) -> Self {
        Error::invalid(issue).into()
    }
}

impl From<Error> for CarematchError {
    fn from(err: Error) -> Self {
        let kind = match &err {
            Error::Invalid(_) => "invalid",
            Error::Cancelled => "cancelled",
            Error::Infeasible(_) => "infeasible",
            Error::LimitReached(_) => "limit",
            Error::Backend(_) => "backend",
            Error::Internal(_) => "internal",
        };
        Self::build(kind, &err.to_string(), err.issues())
    }
}

impl From<CarematchError> for JsValue {
    fn from(err: CarematchError) -> Self {
        err.0
    }
}

/// Serializes a value to a plain JavaScript value: maps become plain objects
/// and 64-bit integers become numbers, as `JSON.parse` would give.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Serializes a result into its typed TypeScript form.
pub fn to_ts<T: Serialize + tsify::Tsify>(value: &T) -> Result<Ts<T>, CarematchError> {
    to_js(value)
        .map(Ts::new_unchecked)
        .map_err(|e| internal("the result could not be converted to JavaScript", &e))
}

/// Reads a typed JavaScript object into a core type, reporting a bad shape as
/// an `invalid` error on the given record kind.
pub fn from_ts<T>(what: &str, value: Ts<T>) -> Result<T, CarematchError>
where
    T: tsify::Tsify + serde::de::DeserializeOwned,
{
    let js: JsValue = value.into();
    serde_wasm_bindgen::from_value(js).map_err(|e| {
        CarematchError::invalid(ValidationIssue::new(
            "bad_object",
            "",
            "",
            format!("the {what} could not be read: {e}"),
            "pass an object of the documented TypeScript type (see carematch_wasm.d.ts)",
        ))
    })
}

/// Settings passed from JavaScript, or their defaults when left out.
pub fn from_ts_or_default<T>(what: &str, value: Option<Ts<T>>) -> Result<T, CarematchError>
where
    T: tsify::Tsify + serde::de::DeserializeOwned + Default,
{
    value.map_or_else(|| Ok(T::default()), |v| from_ts(what, v))
}

fn internal(message: &str, err: &dyn std::fmt::Display) -> CarematchError {
    CarematchError::build("internal", &format!("{message}: {err}"), &[])
}
