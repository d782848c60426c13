//! Explanations a placement officer can read out at a matching meeting.
//!
//! For a placed person: why this option, from the strongest score components.
//! For an unplaced person: every option's first failing rule, counted by
//! reason and grouped by kind ("31 households: not approved for dementia 22,
//! over 30 min from day service 9"), and the **nearest miss**: the single
//! rule that, relaxed, would place them. A nearest miss is only reported when
//! it is confirmed, either because the option it opens has a free place in
//! the plan (and no coupling rule objects) or by solving the plan again with
//! the rule relaxed for that person (bounded by `max_explain_resolves` and
//! `max_explain_resolve_edges`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::Method;
use super::context::{Ctx, OptionView};
use super::explain_words::{component_words, confirmation_words};
use super::model::OptionKind;
use super::result::{OptionRef, PlacementStatus};
use super::rules::{self, Candidate, Reason};
use super::score::ScoreBreakdown;
use super::solve::{self as plan, Feasible, Solved};
use crate::Result;

/// How many options one reason ruled out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ReasonCount {
    /// Shared Lives households or supported-living vacancies.
    pub kind: OptionKind,
    /// The rule (a hard rule's name, or `plan` for options the plan gave to others).
    pub rule: String,
    /// The reason in words.
    pub reason: String,
    /// Number of options it ruled out (each option counted once, under its first failing rule).
    pub count: usize,
}

/// The single rule that, relaxed for this person, would place them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct NearestMiss {
    /// The rule.
    pub rule: String,
    /// The reason it gives.
    pub reason: String,
    /// The option that relaxing it opens.
    pub option: OptionRef,
    /// The score the person would get there.
    pub score: i64,
    /// How it was confirmed: `free_place` (a free place in this plan) or `re_solve`.
    pub confirmed_by: String,
    /// The same in words.
    pub confirmed: String,
}

/// Why a person is not placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Explanation {
    /// Options looked at.
    pub options_considered: usize,
    /// Options that pass every hard rule.
    pub feasible_options: usize,
    /// Reasons counted over all options, most frequent first within each kind.
    pub reasons: Vec<ReasonCount>,
    /// The reasons as one sentence.
    pub summary: String,
    /// The nearest miss, when one is confirmed.
    pub nearest_miss: Option<NearestMiss>,
}

/// What is left of the work allowed for confirming nearest misses by solving again.
#[derive(Debug)]
pub(crate) struct ResolveBudget {
    solves: u32,
    edges: u64,
    edges_per_solve: u64,
}

impl ResolveBudget {
    pub(crate) fn new(ctx: &Ctx, feasible: &Feasible) -> Self {
        ResolveBudget {
            solves: ctx.cfg.thresholds.max_explain_resolves,
            edges: ctx.cfg.thresholds.max_explain_resolve_edges,
            edges_per_solve: feasible.iter().map(|v| v.len() as u64).sum(),
        }
    }

    /// Takes one solve from the budget if there is room for it.
    fn take(&mut self) -> bool {
        if self.solves == 0 || self.edges < self.edges_per_solve {
            return false;
        }
        self.solves -= 1;
        self.edges -= self.edges_per_solve;
        true
    }
}

/// "Proposed for …: score 124; strongest: closeness to home (27 of 30
/// points: 2.1 km from home), …". Soft rules are named in words
/// ([`component_words`]), never by their codes.
pub(crate) fn why_placed(
    ctx: &Ctx,
    o: usize,
    b: &ScoreBreakdown,
    status: PlacementStatus,
    runner_up: Option<&ScoreBreakdown>,
) -> String {
    let lead = match status {
        PlacementStatus::Proposed => "proposed for",
        PlacementStatus::Accepted => "kept (introduction accepted) at",
        PlacementStatus::InProgress => "kept (introduction in progress) at",
    };
    let strongest: Vec<String> = b
        .strongest(3)
        .iter()
        .map(|c| {
            format!(
                "{} ({} of {} points: {})",
                component_words(&c.name),
                c.points,
                c.weight,
                c.note
            )
        })
        .collect();
    let mut text = format!("{lead} {}: score {}", ctx.options[o].label(), b.total);
    if !strongest.is_empty() {
        text.push_str(&format!("; strongest: {}", strongest.join(", ")));
    }
    if let Some(r) = runner_up {
        let ahead: Vec<String> = b
            .ahead_of(r, 3)
            .iter()
            .map(|(c, d, there)| {
                format!(
                    "{} ({d} more points: {} against {there})",
                    component_words(&c.name),
                    c.note
                )
            })
            .collect();
        if !ahead.is_empty() {
            text.push_str(&format!("; ahead of the runner-up on {}", ahead.join(", ")));
        }
    }
    text
}

/// Explains why person `p` is unplaced in `solved`.
pub(crate) fn explain_unplaced(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    homes: &[Vec<usize>],
    p: usize,
    budget: &mut ResolveBudget,
) -> Result<Explanation> {
    // Counted by reason value; words are built once per distinct reason.
    let mut by_reason: BTreeMap<(OptionKind, &'static str, Reason), usize> = BTreeMap::new();
    let mut counts: BTreeMap<(OptionKind, &'static str, String), usize> = BTreeMap::new();
    let mut single: Vec<(usize, rules::Exclusion, i64)> = Vec::new();
    let max_km = ctx.cfg.thresholds.max_move_km;
    for o in 0..ctx.options.len() {
        let c = Candidate { ctx, p, o };
        let kind = ctx.options[o].kind();
        let mut failing = rules::HARD_RULES
            .iter()
            .filter_map(|r| r.check(&c).map(|reason| (r.name(), reason)));
        match failing.next() {
            Some((rule, reason)) => {
                *by_reason.entry((kind, rule, reason)).or_default() += 1;
                if failing.next().is_none()
                    && rule != "has_free_place"
                    && rule != "declined_introduction"
                {
                    let e = rules::Exclusion {
                        rule,
                        reason: reason.text(max_km),
                    };
                    single.push((o, e, rules::score_total(&c)));
                }
            }
            None => {
                let home = ctx.home_of[o];
                let reason = if solved.load[o] >= ctx.base_capacity[o] {
                    "no place left in this plan"
                } else if !plan::may_join(ctx, home, p, &homes[home]) {
                    "clashes with someone placed there"
                } else if ctx.cfg.method == Method::Stable {
                    "not chosen in the stable plan"
                } else if !ctx.cfg.side.is_empty() {
                    "not chosen (objective, weekly budget or gender mix)"
                } else {
                    "placing here does not improve the objective"
                };
                *counts.entry((kind, "plan", reason.to_owned())).or_default() += 1;
            }
        }
    }
    for ((kind, rule, reason), n) in by_reason {
        *counts.entry((kind, rule, reason.text(max_km))).or_default() += n;
    }
    let reasons = sorted_reasons(counts);
    let summary = summarise(&reasons);
    let nearest_miss = nearest_miss(ctx, feasible, solved, homes, p, single, budget)?;
    Ok(Explanation {
        options_considered: ctx.options.len(),
        feasible_options: feasible[p].len(),
        reasons,
        summary,
        nearest_miss,
    })
}

/// Turns counted reasons into the listing order used everywhere: by option
/// kind, then most frequent first, then alphabetically.
pub(super) fn sorted_reasons(
    counts: BTreeMap<(OptionKind, &'static str, String), usize>,
) -> Vec<ReasonCount> {
    let mut v: Vec<ReasonCount> = counts
        .into_iter()
        .map(|((kind, rule, reason), count)| ReasonCount {
            kind,
            rule: rule.to_owned(),
            reason,
            count,
        })
        .collect();
    v.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.count.cmp(&a.count))
            .then(a.reason.cmp(&b.reason))
    });
    v
}

fn summarise(reasons: &[ReasonCount]) -> String {
    if reasons.is_empty() {
        return "no households or vacancies in the scenario".to_owned();
    }
    let mut parts = Vec::new();
    for kind in [OptionKind::SharedLives, OptionKind::SupportedLiving] {
        let of_kind: Vec<&ReasonCount> = reasons.iter().filter(|r| r.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let total: usize = of_kind.iter().map(|r| r.count).sum();
        let items: Vec<String> = of_kind
            .iter()
            .map(|r| format!("{} {}", r.reason, r.count))
            .collect();
        parts.push(format!(
            "{total} {}: {}",
            OptionView::noun(kind, total),
            items.join(", ")
        ));
    }
    parts.join("; ")
}

fn nearest_miss(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    homes: &[Vec<usize>],
    p: usize,
    mut single: Vec<(usize, rules::Exclusion, i64)>,
    budget: &mut ResolveBudget,
) -> Result<Option<NearestMiss>> {
    single.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let make = |o: usize, e: &rules::Exclusion, score: i64, how: &str| NearestMiss {
        rule: e.rule.to_owned(),
        reason: e.reason.clone(),
        option: OptionRef::of(&ctx.options[o]),
        score,
        confirmed_by: how.to_owned(),
        confirmed: confirmation_words(how),
    };
    // A free place in this plan that only one rule keeps the person out of.
    if let Some((o, e, score)) = single.iter().find(|(o, _, _)| {
        let home = ctx.home_of[*o];
        solved.load[*o] < ctx.base_capacity[*o] && plan::may_join(ctx, home, p, &homes[home])
    }) {
        return Ok(Some(make(*o, e, *score, "free_place")));
    }
    // Otherwise relax one rule at a time for this person and solve again.
    let mut by_rule: BTreeMap<&'static str, Vec<(usize, i64)>> = BTreeMap::new();
    for (o, e, score) in &single {
        by_rule.entry(e.rule).or_default().push((*o, *score));
    }
    // A budget or gender-mix rule makes every solve a side-constrained one
    // (possibly with a MILP): too slow to repeat per person, so only free
    // places confirm a nearest miss then.
    if !ctx.cfg.side.is_empty() {
        return Ok(None);
    }
    // Only a proven re-solve confirms, and one with an extra option for
    // this person is no easier than the plan itself: when the plan's own
    // search ended with a gap, a smaller search would only spend the budget.
    if !solved.proven_optimal {
        return Ok(None);
    }
    // Likewise when only the LP bound proved the plan and the model is too
    // large for re-solves to use it.
    if solved.needs_lp && budget.edges_per_solve > plan::EXPLAIN_LP_EDGES as u64 {
        return Ok(None);
    }
    for (rule, extra) in by_rule {
        if !budget.take() {
            break;
        }
        let mut relaxed = feasible.clone();
        relaxed[p].extend(extra.iter().copied());
        relaxed[p].sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let again = plan::optimise_quick(ctx, &relaxed)?;
        if !again.proven_optimal {
            continue;
        }
        if let Some(o) = again.assign[p]
            && let Some((_, e, score)) = single.iter().find(|(x, e, _)| *x == o && e.rule == rule)
        {
            return Ok(Some(make(o, e, *score, "re_solve")));
        }
    }
    Ok(None)
}
