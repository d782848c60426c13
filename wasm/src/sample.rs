//! Sample exports for `carematch::matching::sample`: read the options,
//! call [`matching::sample_county`], return the scenario. Same defaults and
//! refusals as `carematch sample`, so the same options give the same bytes.

use carematch::ValidationIssue;
use carematch::matching::limits::{MAX_HOUSEHOLDS, MAX_PEOPLE, MAX_SCHEMES};
use carematch::matching::{self, SampleOptions, SampleProfile, Scenario};
use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::convert::{CarematchError, from_ts, to_ts};

/// Which sample (the wire form of [`SampleProfile`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum SampleProfileName {
    /// The county as it is: most places occupied, more referrals than places.
    #[default]
    Realistic,
    /// The original generator: many free places (for tests and benchmarks).
    Generous,
}

/// Options of [`sample_county`] (the wire form of [`SampleOptions`]); every
/// field may be left out, as with `carematch sample`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct SampleRequest {
    /// `realistic` (default) or `generous`.
    pub profile: SampleProfileName,
    /// Referrals [default: 120 realistic, 100 generous].
    pub people: Option<u32>,
    /// Shared Lives households [default: 66 realistic, 40 generous].
    pub households: Option<u32>,
    /// Supported-living schemes (realistic only) [default: 190 per 1,000 referrals].
    pub schemes: Option<u32>,
    /// Random seed [default: 1].
    pub seed: Option<u32>,
}

/// The options `sampleCounty` reads.
const FIELDS: [&str; 5] = ["profile", "people", "households", "schemes", "seed"];

fn refuse(path: &str, message: String, hint: &str) -> CarematchError {
    CarematchError::invalid(ValidationIssue::new(
        "bad_argument",
        "sample options",
        path,
        message,
        hint,
    ))
}

/// The core options for a request, with the CLI's defaults and refusals.
fn options(r: SampleRequest) -> Result<SampleOptions, CarematchError> {
    let (profile, people, households) = match r.profile {
        SampleProfileName::Realistic => (SampleProfile::Realistic, 120, 66),
        SampleProfileName::Generous => (SampleProfile::Generous, 100, 40),
    };
    let o = SampleOptions {
        profile,
        people: r.people.map_or(people, |n| n as usize),
        households: r.households.map_or(households, |n| n as usize),
        schemes: r.schemes.map(|n| n as usize),
        seed: u64::from(r.seed.unwrap_or(1)),
    };
    for (path, n, max) in [
        ("people", o.people, MAX_PEOPLE),
        ("households", o.households, MAX_HOUSEHOLDS),
        ("schemes", o.schemes.unwrap_or(0), MAX_SCHEMES),
    ] {
        if n > max {
            return Err(refuse(
                path,
                format!("{n} {path} asked for; at most {max}"),
                "ask for a smaller sample",
            ));
        }
    }
    if o.schemes.is_some() && profile == SampleProfile::Generous {
        return Err(refuse(
            "schemes",
            "the generous profile has one scheme for about every eight households".into(),
            "leave out schemes, or use the realistic profile",
        ));
    }
    Ok(o)
}

/// A seeded Nottinghamshire placement scenario, realistic by default (the
/// same as `carematch sample [--profile …] [--people …] [--households …]
/// [--schemes …] [--seed …]`).
#[wasm_bindgen(js_name = sampleCounty)]
pub fn sample_county(request: Option<Ts<SampleRequest>>) -> Result<Ts<Scenario>, CarematchError> {
    let r = match request {
        None => SampleRequest::default(),
        Some(r) => {
            // serde-wasm-bindgen reads only the fields it knows: name any other.
            let value: JsValue = r.into();
            if value.is_object() {
                for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
                    let key = key.as_string().unwrap_or_default();
                    if !FIELDS.contains(&key.as_str()) {
                        return Err(refuse(
                            &key,
                            format!("unknown sample option \"{key}\""),
                            "use profile, people, households, schemes and seed",
                        ));
                    }
                }
            }
            from_ts("sample options", Ts::new_unchecked(value))?
        }
    };
    to_ts(&matching::sample_county(&options(r)?))
}
