//! Commissioning analytics on top of the placement engine: where need is met
//! ([`districts`]), what one more carer household is worth and where
//! ([`capacity`], [`recruit`]) and plans that put the worst-served district
//! first ([`fair`]).
//!
//! Everything here uses the public matching API ([`crate::matching`]) and
//! its read-only analysis hooks ([`crate::matching::analysis`]); the rules
//! and the optimal plan are never re-implemented.
//!
//! # Example
//! ```
//! use carematch::analytics::districts;
//! use carematch::matching::{self, MatchConfig};
//!
//! let scenario = matching::sample_scenario(40, 15, 3);
//! let lens = districts::district_lens(&scenario, &MatchConfig::default())?;
//! assert_eq!(lens.placed + lens.unplaced, 40);
//! if let Some(gap) = &lens.inequality {
//!     assert!(gap.worst_rate <= gap.best_rate);
//! }
//! # Ok::<(), carematch::Error>(())
//! ```

mod bmatching;
pub mod capacity;
pub mod districts;
pub mod fair;
mod leximin;
pub mod recruit;
pub mod simulate;
