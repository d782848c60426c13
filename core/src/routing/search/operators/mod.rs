//! Local-search operators, one move per file (STYLE guideline 4). Each
//! implements [`super::Operator`]; the (N, M)-exchange they share is in
//! [`exchange`].

pub(crate) mod cross_exchange;
pub(crate) mod exchange;
pub(crate) mod or_opt;
pub(crate) mod relocate;
pub(crate) mod swap;
pub(crate) mod swap_star;
pub(crate) mod swap_tails;
pub(crate) mod two_opt;
