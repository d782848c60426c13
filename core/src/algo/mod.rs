//! Generic combinatorial algorithms. Nothing here knows about people,
//! households or visits: inputs are index-based matrices, edge lists and
//! preference lists, and the domain adapters in [`crate::matching`] and
//! [`crate::rounds`] translate to and from them.

pub mod assignment;
pub mod dense_assignment;
mod milp;
pub mod min_cost_flow;
pub mod packing;
mod shortest_augmenting_path;
pub mod side_constraints;
pub mod stable_matching;
