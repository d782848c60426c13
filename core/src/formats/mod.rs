//! Readers (and independent solution checkers) for public benchmark formats:
//! the Solomon / Gehring & Homberger VRPTW instances and the Mankowska home
//! health care instances. They turn a benchmark file into the routing
//! engine's problem so its quality can be measured against published results.

pub mod mankowska;
pub mod solomon;
