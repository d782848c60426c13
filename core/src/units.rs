//! Measures used across carematch, as strong types.
//!
//! Money is held in whole pence and scores in integer points so that every
//! objective is exact and deterministic on every platform (no float drift
//! between native and WebAssembly builds).

use serde::{Deserialize, Serialize};

/// An amount of money in pence (GBP). Weekly costs are `Pence` per week.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(transparent)]
#[repr(transparent)]
pub struct Pence(pub i64);

impl Pence {
    /// From whole pounds.
    pub const fn from_pounds(pounds: i64) -> Self {
        Pence(pounds * 100)
    }
    /// As pounds, for display.
    pub fn pounds(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl std::ops::Add for Pence {
    type Output = Pence;
    fn add(self, rhs: Pence) -> Pence {
        Pence(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Pence {
    type Output = Pence;
    fn sub(self, rhs: Pence) -> Pence {
        Pence(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Pence {
    fn sum<I: Iterator<Item = Pence>>(iter: I) -> Pence {
        Pence(iter.map(|p| p.0).sum())
    }
}

impl std::fmt::Display for Pence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}£{}.{:02}", abs / 100, abs % 100)
    }
}

/// A duration or clock time in whole minutes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(transparent)]
#[repr(transparent)]
pub struct Minutes(pub i64);

impl std::fmt::Display for Minutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} min", self.0)
    }
}
