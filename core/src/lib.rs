//! # carematch
//!
//! A matching and allocation engine for adult social care. It solves three
//! allocation problems that English councils face every day:
//!
//! 1. **Shared Lives** — matching a person with an approved carer household
//!    (long-term, short breaks or day support), respecting approvals, household
//!    facts, locality and both sides' preferences ([`matching`]).
//! 2. **Supported living** — filling vacancies in shared houses and flats,
//!    including compatibility with sitting tenants ([`matching`]).
//! 3. **Homecare rounds** — planning visits into care workers' routes with time
//!    windows, skills, double-handed calls and continuity ([`rounds`], built on
//!    the generic [`routing`] engine).
//!
//! The domain model (people, households, schemes, visits, workers) knows
//! nothing of solvers. Generic algorithms live in [`algo`] and never import the
//! domain. Every proposal carries its score breakdown and every person or visit
//! left unplaced carries the reasons.
//!
//! Everything is deterministic: the same input and seed give the same output,
//! natively and in WebAssembly. The core never reads a wall clock; time budgets
//! and cancellation are injected through [`control`].
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod algo;
pub mod analytics;
pub mod control;
mod date;
pub mod error;
pub mod formats;
pub mod geo;
pub mod matching;
pub mod rng;
pub mod rounds;
pub mod routing;
pub mod units;
pub(crate) mod validation;

pub use error::{Error, Result, ValidationIssue};

// The README's code blocks are compiled and run as doctests, so the quick
// start a newcomer pastes always works.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
