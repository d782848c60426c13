//! Readers for external benchmark and oracle formats.
//!
//! Each submodule reads one family of files produced outside carematch (test
//! oracles with proven optima, published benchmark instances) into plain
//! data, validating it fully: bad input comes back as
//! [`crate::Error::Invalid`] listing every problem with its field path. The
//! routing benchmark readers (Solomon / Gehring & Homberger, Mankowska) also
//! build the routing engine's problem and carry an independent solution
//! checker, so quality can be measured against published results.

pub mod mankowska;
pub mod oracle;
pub mod solomon;
