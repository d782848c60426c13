//! Reader for the placement oracle formats (`tests/data/oracles/`).
//!
//! Three JSON schemas, written by the oracle generator and solved by five
//! independent solvers:
//! * `carematch.anchor.capacitated/v1` — people, carers (Shared Lives
//!   households and supported-living houses) with `capacity`, and the allowed
//!   `pairs` (column-wise: `person`, `carer`, `score`, `person_pref`,
//!   `carer_pref`); read into [`CapacitatedInstance`];
//! * `carematch.anchor.dense/v1` — an `n × n` integer `cost` matrix for a
//!   minimum-cost perfect matching; read into [`DenseInstance`];
//! * `carematch.anchor.expected/v1` — the agreed optimum per objective; read
//!   into [`ExpectedOptima`].
//!
//! Only the fields the solvers need are kept; the raw attributes of people
//! and carers are checked for consistent column lengths and otherwise
//! skipped.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::algo::assignment::{AssignmentProblem, AssignmentSolution};
use crate::error::{Issues, json_issue};
use crate::{Error, Result, ValidationIssue};

/// Schema tag of capacitated instances.
pub const CAPACITATED_SCHEMA: &str = "carematch.anchor.capacitated/v1";
/// Schema tag of dense instances.
pub const DENSE_SCHEMA: &str = "carematch.anchor.dense/v1";
/// Schema tag of expected-optimum files.
pub const EXPECTED_SCHEMA: &str = "carematch.anchor.expected/v1";

/// Largest absolute score or cost accepted (keeps every derived cost, including
/// the lexicographic "placed first" transform, far from overflow).
pub const MAX_ABS_WEIGHT: i64 = 1 << 30;

/// At most this many issues are listed for one column; the rest are counted.
const MAX_ISSUES_PER_FIELD: usize = 20;

/// What to optimise on a capacitated instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Maximise the total score; placing anyone is optional.
    #[default]
    MaxScore,
    /// Maximise the number placed, then the total score.
    MaxPlacedThenScore,
}

/// A capacitated placement instance: people, carers with places, and the
/// allowed pairs with their scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacitatedInstance {
    /// Instance name.
    pub name: String,
    /// Number of people (rows).
    pub people: usize,
    /// Places of each carer (household or house).
    pub capacity: Vec<u32>,
    /// The allowed pairs, in file order.
    pub pairs: Vec<Pair>,
}

/// One allowed person–carer pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// Person index.
    pub person: u32,
    /// Carer index.
    pub carer: u32,
    /// Optimisation weight, higher is better.
    pub score: i64,
    /// The person's own ranking key (higher = preferred).
    pub person_pref: i64,
    /// The carer's own ranking key (higher = preferred).
    pub carer_pref: i64,
}

/// A dense square minimum-cost perfect matching instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenseInstance {
    /// Instance name.
    pub name: String,
    /// Number of rows (and columns).
    pub n: usize,
    /// Row-major `n × n` costs, lower is better.
    pub cost: Vec<i64>,
}

/// Either kind of instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OracleInstance {
    /// `carematch.anchor.capacitated/v1`.
    Capacitated(CapacitatedInstance),
    /// `carematch.anchor.dense/v1`.
    Dense(DenseInstance),
}

/// One objective's agreed optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct ExpectedOptimum {
    /// Optimal objective value (total score, or total cost for dense).
    pub objective: i64,
    /// Number assigned in the peers' solution (exact for max-placed and dense).
    pub assigned: usize,
}

/// The contents of a `carematch.anchor.expected/v1` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedOptima {
    /// File name of the instance these optima belong to.
    pub instance: String,
    /// Objective A (capacitated instances).
    pub max_score: Option<ExpectedOptimum>,
    /// Objective B (capacitated instances).
    pub max_placed_then_score: Option<ExpectedOptimum>,
    /// Dense instances.
    pub min_cost: Option<ExpectedOptimum>,
}

#[derive(Deserialize)]
struct RawInstance {
    schema: Option<String>,
    name: Option<String>,
    n: Option<i64>,
    cost: Option<Vec<Vec<i64>>>,
    people: Option<BTreeMap<String, Vec<IgnoredAny>>>,
    carers: Option<BTreeMap<String, Vec<serde_json::Value>>>,
    pairs: Option<BTreeMap<String, Vec<i64>>>,
}

#[derive(Deserialize)]
struct RawExpected {
    schema: Option<String>,
    instance: Option<String>,
    max_score: Option<ExpectedOptimum>,
    max_placed_then_score: Option<ExpectedOptimum>,
    min_cost: Option<ExpectedOptimum>,
}

fn parse<'a, T: Deserialize<'a>>(what: &str, text: &'a str) -> Result<T> {
    crate::error::check_input_size(what, text.len())?;
    serde_json::from_str(text).map_err(|e| Error::invalid(json_issue(what, &e)))
}

fn schema_issue(found: Option<&str>, expected: &str) -> ValidationIssue {
    ValidationIssue::new(
        "unknown_schema",
        "",
        "schema",
        match found {
            Some(s) => format!("schema is `{s}`, expected {expected}"),
            None => format!("the `schema` field is missing, expected {expected}"),
        },
        "use a file written by the oracle generator (tests/data/oracles/gen_instances.py)",
    )
}

/// Reads an oracle instance of either kind, dispatching on its `schema`.
///
/// # Errors
/// [`Error::Invalid`] listing every problem found: malformed JSON, unknown
/// schema, columns of different lengths, pairs naming unknown people or
/// carers, non-positive capacities, ragged or out-of-range cost matrices.
pub fn read_instance(text: &str) -> Result<OracleInstance> {
    let raw: RawInstance = parse("oracle instance", text)?;
    match raw.schema.as_deref() {
        Some(CAPACITATED_SCHEMA) => capacitated(raw).map(OracleInstance::Capacitated),
        Some(DENSE_SCHEMA) => dense(raw).map(OracleInstance::Dense),
        other => Err(Error::invalid(schema_issue(
            other,
            &format!("{CAPACITATED_SCHEMA} or {DENSE_SCHEMA}"),
        ))),
    }
}

/// Reads a `carematch.anchor.capacitated/v1` instance.
///
/// # Errors
/// As [`read_instance`], and a dense file is refused.
pub fn read_capacitated(text: &str) -> Result<CapacitatedInstance> {
    match read_instance(text)? {
        OracleInstance::Capacitated(c) => Ok(c),
        OracleInstance::Dense(_) => Err(Error::invalid(schema_issue(
            Some(DENSE_SCHEMA),
            CAPACITATED_SCHEMA,
        ))),
    }
}

/// Reads a `carematch.anchor.dense/v1` instance.
///
/// # Errors
/// As [`read_instance`], and a capacitated file is refused.
pub fn read_dense(text: &str) -> Result<DenseInstance> {
    match read_instance(text)? {
        OracleInstance::Dense(d) => Ok(d),
        OracleInstance::Capacitated(_) => Err(Error::invalid(schema_issue(
            Some(CAPACITATED_SCHEMA),
            DENSE_SCHEMA,
        ))),
    }
}

/// Reads a `carematch.anchor.expected/v1` file.
///
/// # Errors
/// [`Error::Invalid`] for malformed JSON or a wrong schema.
pub fn read_expected(text: &str) -> Result<ExpectedOptima> {
    let raw: RawExpected = parse("expected-optimum file", text)?;
    if raw.schema.as_deref() != Some(EXPECTED_SCHEMA) {
        return Err(Error::invalid(schema_issue(
            raw.schema.as_deref(),
            EXPECTED_SCHEMA,
        )));
    }
    Ok(ExpectedOptima {
        instance: raw.instance.unwrap_or_default(),
        max_score: raw.max_score,
        max_placed_then_score: raw.max_placed_then_score,
        min_cost: raw.min_cost,
    })
}

fn missing(issues: &mut Issues, path: &str, what: &str) {
    issues.add(
        "missing_field",
        "",
        path,
        format!("{what} is missing"),
        "every capacitated instance has `people`, `carers` (with `capacity`) and `pairs`",
    );
}

/// Checks that all columns of a column-wise table have one length; returns it.
fn common_len<T>(
    issues: &mut Issues,
    table: &str,
    cols: &BTreeMap<String, Vec<T>>,
) -> Option<usize> {
    let mut lens: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (k, v) in cols {
        lens.entry(v.len()).or_default().push(k);
    }
    // The most common length is taken as the table's size.
    let (&n, _) = lens
        .iter()
        .max_by_key(|(len, names)| (names.len(), **len))?;
    for (&len, names) in &lens {
        if len != n {
            for name in names {
                issues.add(
                    "column_length",
                    "",
                    format!("{table}.{name}"),
                    format!("column has {len} entries but the other {table} columns have {n}"),
                    format!("every {table} column must have one entry per record"),
                );
            }
        }
    }
    Some(n)
}

fn capacitated(raw: RawInstance) -> Result<CapacitatedInstance> {
    let mut issues = Issues::new();
    let people = match &raw.people {
        Some(p) => common_len(&mut issues, "people", p).unwrap_or(0),
        None => {
            missing(&mut issues, "people", "the people table");
            0
        }
    };
    let mut capacity = Vec::new();
    let mut carers = 0;
    match &raw.carers {
        None => missing(&mut issues, "carers", "the carers table"),
        Some(c) => {
            carers = common_len(&mut issues, "carers", c).unwrap_or(0);
            match c.get("capacity") {
                None => missing(&mut issues, "carers.capacity", "the capacity column"),
                Some(caps) => {
                    let mut bad = 0usize;
                    for (j, v) in caps.iter().enumerate() {
                        match v.as_i64() {
                            Some(x) if x >= 1 && x <= i64::from(u32::MAX) => {
                                capacity.push(x as u32);
                            }
                            _ => {
                                bad += 1;
                                if bad <= MAX_ISSUES_PER_FIELD {
                                    issues.add(
                                        "bad_capacity",
                                        format!("carer {j}"),
                                        format!("carers.capacity[{j}]"),
                                        format!("capacity is {v}, it must be a positive integer"),
                                        "give the number of places (at least 1); leave out carers with no place",
                                    );
                                }
                            }
                        }
                    }
                    more(&mut issues, bad, "carers.capacity");
                }
            }
        }
    }
    let mut pairs = Vec::new();
    match &raw.pairs {
        None => missing(&mut issues, "pairs", "the pairs table"),
        Some(cols) => {
            let len = common_len(&mut issues, "pairs", cols).unwrap_or(0);
            let names = ["person", "carer", "score", "person_pref", "carer_pref"];
            let get: Vec<Option<&Vec<i64>>> = names.iter().map(|k| cols.get(*k)).collect();
            for (k, col) in names.iter().zip(&get) {
                if col.is_none() {
                    missing(&mut issues, &format!("pairs.{k}"), "a pairs column");
                }
            }
            if let [Some(p), Some(c), Some(s), Some(pp), Some(cp)] = get[..] {
                let mut bad = [0usize; 3];
                let n = len.min(p.len()).min(c.len()).min(s.len());
                let n = n.min(pp.len()).min(cp.len());
                pairs.reserve(n);
                for k in 0..n {
                    let mut ok = true;
                    if p[k] < 0 || p[k] as u64 >= people as u64 {
                        ok = false;
                        bad[0] += 1;
                        if bad[0] <= MAX_ISSUES_PER_FIELD {
                            issues.add(
                                "unknown_person",
                                format!("pair {k}"),
                                format!("pairs.person[{k}]"),
                                format!("person {} does not exist ({people} people)", p[k]),
                                "pairs refer to people by their index in the people columns",
                            );
                        }
                    }
                    if c[k] < 0 || c[k] as u64 >= carers as u64 {
                        ok = false;
                        bad[1] += 1;
                        if bad[1] <= MAX_ISSUES_PER_FIELD {
                            issues.add(
                                "unknown_carer",
                                format!("pair {k}"),
                                format!("pairs.carer[{k}]"),
                                format!("carer {} does not exist ({carers} carers)", c[k]),
                                "pairs refer to carers by their index in the carers columns",
                            );
                        }
                    }
                    if s[k].abs() > MAX_ABS_WEIGHT {
                        ok = false;
                        bad[2] += 1;
                        if bad[2] <= MAX_ISSUES_PER_FIELD {
                            issues.add(
                                "out_of_range",
                                format!("pair {k}"),
                                format!("pairs.score[{k}]"),
                                format!("score {} is out of range", s[k]),
                                format!("scores must lie within ±{MAX_ABS_WEIGHT}"),
                            );
                        }
                    }
                    if ok {
                        pairs.push(Pair {
                            person: p[k] as u32,
                            carer: c[k] as u32,
                            score: s[k],
                            person_pref: pp[k],
                            carer_pref: cp[k],
                        });
                    }
                }
                more(&mut issues, bad[0], "pairs.person");
                more(&mut issues, bad[1], "pairs.carer");
                more(&mut issues, bad[2], "pairs.score");
            }
        }
    }
    issues.into_result(CapacitatedInstance {
        name: raw.name.unwrap_or_default(),
        people,
        capacity,
        pairs,
    })
}

fn more(issues: &mut Issues, bad: usize, path: &str) {
    if bad > MAX_ISSUES_PER_FIELD {
        issues.add(
            "more_issues",
            "",
            path,
            format!(
                "{} more entries have the same problem",
                bad - MAX_ISSUES_PER_FIELD
            ),
            "fix the entries listed above and re-run to see the rest",
        );
    }
}

fn dense(raw: RawInstance) -> Result<DenseInstance> {
    let mut issues = Issues::new();
    let rows = raw.cost.unwrap_or_default();
    let n = match raw.n {
        Some(n) if n >= 1 && n as u64 == rows.len() as u64 => n as usize,
        Some(n) => {
            issues.add(
                "bad_size",
                "",
                "n",
                format!("n is {n} but the cost matrix has {} rows", rows.len()),
                "n must be positive and equal to the number of rows of `cost`",
            );
            rows.len()
        }
        None => {
            issues.add(
                "missing_field",
                "",
                "n",
                "the size `n` is missing",
                "a dense instance has `n` and an n×n `cost` matrix",
            );
            rows.len()
        }
    };
    let mut cost = Vec::with_capacity(n * n);
    let mut bad = 0usize;
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n {
            issues.add(
                "bad_size",
                format!("row {i}"),
                format!("cost[{i}]"),
                format!("row has {} entries, expected {n}", row.len()),
                "every row of the cost matrix has exactly n entries",
            );
            continue;
        }
        for (j, &c) in row.iter().enumerate() {
            if c.abs() > MAX_ABS_WEIGHT {
                bad += 1;
                if bad <= MAX_ISSUES_PER_FIELD {
                    issues.add(
                        "out_of_range",
                        format!("row {i}"),
                        format!("cost[{i}][{j}]"),
                        format!("cost {c} is out of range"),
                        format!("costs must lie within ±{MAX_ABS_WEIGHT}"),
                    );
                }
            }
        }
        cost.extend_from_slice(row);
    }
    more(&mut issues, bad, "cost");
    if n == 0 {
        issues.add(
            "empty_matrix",
            "",
            "cost",
            "the cost matrix is empty",
            "a dense instance needs at least one row",
        );
    }
    issues.into_result(DenseInstance {
        name: raw.name.unwrap_or_default(),
        n,
        cost,
    })
}

impl CapacitatedInstance {
    /// The assignment problem for `objective`, with cost `−score` (max score)
    /// or `−(BIG + score)` where `BIG = 1 + 2 · people · max|score|` (max placed,
    /// then score: one more placement always outweighs any score difference).
    /// Solve it with [`crate::algo::assignment::Coverage::Optional`].
    ///
    /// # Errors
    /// [`Error::Internal`] only if the instance was not built by this reader.
    pub fn to_problem(&self, objective: Objective) -> Result<AssignmentProblem> {
        let big = self.placement_bonus(objective);
        let mut rows: Vec<Vec<(usize, i64)>> = vec![Vec::new(); self.people];
        for p in &self.pairs {
            let row = rows
                .get_mut(p.person as usize)
                .ok_or(Error::Internal("pair refers to an unknown person"))?;
            row.push((p.carer as usize, -(big + p.score)));
        }
        AssignmentProblem::from_rows(self.capacity.clone(), rows)
    }

    /// The per-placement bonus `BIG` used by [`Self::to_problem`] (0 for max score).
    pub fn placement_bonus(&self, objective: Objective) -> i64 {
        match objective {
            Objective::MaxScore => 0,
            Objective::MaxPlacedThenScore => {
                let max = self.pairs.iter().map(|p| p.score.abs()).max().unwrap_or(0);
                1 + 2 * self.people as i64 * max
            }
        }
    }

    /// Total score of a solution of [`Self::to_problem`] (undoing the cost
    /// transform): `−total_cost − BIG · assigned`.
    pub fn total_score(&self, objective: Objective, s: &AssignmentSolution) -> i64 {
        -s.total_cost - self.placement_bonus(objective) * s.assigned() as i64
    }
}

/// The optimum of an oracle instance as the oracle files state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OracleAnswer {
    /// Total score (capacitated) or total cost (dense).
    pub objective: i64,
    /// Number of people assigned.
    pub assigned: usize,
}

/// Solves an oracle instance: capacitated ones for `objective` with the
/// sparse assignment engine, dense ones for minimum total cost (the
/// objective is ignored) with the dense LAP solver.
///
/// # Errors
/// [`Error::Infeasible`] if a dense instance has no perfect matching (cannot
/// happen for a well-formed file).
pub fn solve(inst: &OracleInstance, objective: Objective) -> Result<OracleAnswer> {
    match inst {
        OracleInstance::Capacitated(c) => {
            let p = c.to_problem(objective)?;
            let s =
                crate::algo::assignment::solve(&p, crate::algo::assignment::Coverage::Optional)?;
            Ok(OracleAnswer {
                objective: c.total_score(objective, &s),
                assigned: s.assigned(),
            })
        }
        OracleInstance::Dense(d) => {
            let s = crate::algo::dense_assignment::solve(d.n, &d.cost)?;
            Ok(OracleAnswer {
                objective: s.total_cost,
                assigned: s.row_to_col.len(),
            })
        }
    }
}

impl DenseInstance {
    /// The cost of row `i`, column `j`.
    pub fn at(&self, i: usize, j: usize) -> i64 {
        self.cost[i * self.n + j]
    }
}

#[cfg(test)]
mod tests;
