//! Readers for external benchmark and oracle formats.
//!
//! Each submodule reads one family of files produced outside carematch (test
//! oracles with proven optima, published benchmark instances) into plain
//! data, validating it fully: bad input comes back as
//! [`crate::Error::Invalid`] listing every problem with its field path.

pub mod oracle;
