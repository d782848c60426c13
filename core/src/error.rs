//! The crate's one error type and the validation issue list.
//!
//! Validation never stops at the first problem: every issue in an input is
//! collected into a [`ValidationIssue`] list with the record it concerns, the
//! field path, a message and a hint, so a user can fix a file in one pass.

use serde::{Deserialize, Serialize};

/// Convenience alias for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in carematch.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input broke one or more rules; every issue found is listed.
    #[error("{} problem(s) in the input; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Invalid(Vec<ValidationIssue>),
    /// The caller's stop criterion asked the solver to stop before it had any answer.
    #[error("cancelled before a result was available")]
    Cancelled,
    /// The input is well formed but has no answer at all (for example no
    /// assignment covers every row, or no plan meets the budget).
    #[error("no solution: {0}")]
    Infeasible(String),
    /// A stated limit (size, node or iteration limit, 64-bit range) was reached
    /// before an answer was found.
    #[error("limit reached: {0}")]
    LimitReached(String),
    /// A solver backend failed (for example the MILP solver returned an
    /// answer that breaks a constraint): a bug or numerical trouble, not bad input.
    #[error("solver backend failure: {0}")]
    Backend(String),
    /// An internal invariant was broken: a bug in carematch, never bad input.
    #[error("internal error (please report): {0}")]
    Internal(&'static str),
}

impl Error {
    /// Builds an [`Error::Invalid`] holding a single issue.
    pub fn invalid(issue: ValidationIssue) -> Self {
        Error::Invalid(vec![issue])
    }

    /// The validation issues carried by this error (empty for other kinds).
    pub fn issues(&self) -> &[ValidationIssue] {
        match self {
            Error::Invalid(issues) => issues,
            _ => &[],
        }
    }
}

/// One problem found in an input, precise enough to fix without guessing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ValidationIssue {
    /// Stable machine-readable code, e.g. `duplicate_id` or `out_of_range`.
    pub code: String,
    /// The record concerned, e.g. `person P012` or `row 14`; empty for the whole file.
    pub record: String,
    /// Field path within the input, e.g. `people[11].home.lat`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl ValidationIssue {
    /// Creates an issue from its parts.
    pub fn new(
        code: impl Into<String>,
        record: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            record: record.into(),
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl std::fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.record.is_empty() {
            write!(f, "{}: ", self.record)?;
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{} [{}]", self.message, self.code)?;
        if !self.hint.is_empty() {
            write!(f, " (hint: {})", self.hint)?;
        }
        Ok(())
    }
}

/// Collects issues while validating; turns into `Ok` or [`Error::Invalid`].
#[derive(Debug, Default)]
pub struct Issues(Vec<ValidationIssue>);

impl Issues {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }
    /// Records one issue.
    pub fn push(&mut self, issue: ValidationIssue) {
        self.0.push(issue);
    }
    /// Records one issue from its parts.
    pub fn add(
        &mut self,
        code: &str,
        record: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.0
            .push(ValidationIssue::new(code, record, path, message, hint));
    }
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of issues recorded.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// `Ok(value)` when no issue was recorded, otherwise every issue.
    pub fn into_result<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::Invalid(self.0))
        }
    }
    /// The issues recorded so far, by reference.
    pub fn as_slice(&self) -> &[ValidationIssue] {
        &self.0
    }
    /// The issues recorded so far.
    pub fn into_vec(self) -> Vec<ValidationIssue> {
        self.0
    }
}

/// Upper bound on the size of any input document, in bytes (100 MB inputs are
/// refused with a clear error rather than exhausting memory, notably in wasm).
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Refuses empty or oversized input before any parsing.
pub fn check_input_size(what: &str, bytes: usize) -> Result<()> {
    if bytes == 0 {
        return Err(Error::invalid(ValidationIssue::new(
            "empty_input",
            "",
            "",
            format!("the {what} is empty"),
            "choose a file that contains a scenario (see `carematch sample --help`)",
        )));
    }
    if bytes > MAX_INPUT_BYTES {
        return Err(Error::invalid(ValidationIssue::new(
            "input_too_large",
            "",
            "",
            format!(
                "the {what} is {:.1} MB; the limit is {} MB",
                bytes as f64 / 1e6,
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            "split the scenario by district, or remove unused records",
        )));
    }
    Ok(())
}

/// Turns a serde_json error into a located validation issue.
pub fn json_issue(what: &str, err: &serde_json::Error) -> ValidationIssue {
    ValidationIssue::new(
        "bad_json",
        "",
        format!("line {} column {}", err.line(), err.column()),
        format!("the {what} could not be read: {err}"),
        "check the field names and types against the documented schema (unknown fields are rejected)",
    )
}
