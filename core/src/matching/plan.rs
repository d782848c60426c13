//! The plan: which person to propose for which household place or vacancy,
//! with the words around it (why, runner-up, backup, explanations), the
//! move-on chains and the totals.
//!
//! Every person–option pair that passes all hard rules becomes an edge of a
//! capacitated assignment whose cost depends on the [`super::Objective`]:
//! minus the score, minus the weekly saving, a weighted mix, or a large bonus
//! per placement plus the score. People pinned by an accepted or in-progress
//! introduction keep their place and use up its capacity; declined pairs are
//! never edges. Solving is in [`super::solve`].

use super::chains;
use super::config::{MatchConfig, Method, Objective};
use super::context::Ctx;
use super::cost;
use super::explain;
use super::model::{Arrangement, Need, Outcome, SCHEMA_VERSION, Scenario};
use super::moveon;
use super::result::{
    Alternative, MatchResult, OptionRef, Placement, PlacementStatus, Staying, TargetProgress,
    Totals, Unplaced,
};
use super::rules::Candidate;
use super::score;
use super::solve::{self, Feasible, Solved, score_of};
use crate::Result;
use crate::units::Pence;

/// Runs the whole pipeline: index, rules, scores, optimal plan, backups,
/// explanations.
pub(crate) fn run(original: &Scenario, cfg: &MatchConfig) -> Result<MatchResult> {
    let prepared;
    let s = if moveon::has_move_on(original) {
        prepared = moveon::prepare(original, cfg);
        &prepared
    } else {
        original
    };
    let ctx = Ctx::new(s, cfg)?;
    let feasible = solve::feasible_options(&ctx);
    let solved = solve::optimise(&ctx, &feasible)?;
    let homes = solve::people_by_home(&ctx, &solved.assign);
    let mut placements = Vec::new();
    let mut unplaced = Vec::new();
    let mut staying = Vec::new();
    let mut budget = explain::ResolveBudget::new(&ctx, &feasible);
    for (p, person) in s.people.iter().enumerate() {
        if let Some(h) = ctx.held[p]
            && (solved.assign[p].is_none() || solved.assign[p] == Some(h))
        {
            staying.push(Staying {
                person: person.id.clone(),
                place: OptionRef::of(&ctx.options[h]),
            });
            continue;
        }
        let Some(o) = solved.assign[p] else {
            let explanation =
                explain::explain_unplaced(&ctx, &feasible, &solved, &homes, p, &mut budget)?;
            unplaced.push(Unplaced {
                person: person.id.clone(),
                explanation,
            });
            continue;
        };
        let c = Candidate { ctx: &ctx, p, o };
        let breakdown = score::breakdown(&c);
        let status = match ctx.pinned[p] {
            Some((_, Outcome::Accepted)) => PlacementStatus::Accepted,
            Some((_, _)) => PlacementStatus::InProgress,
            None => PlacementStatus::Proposed,
        };
        let runner_up = runner_up(&ctx, &feasible, &solved, p, o);
        let backup = backup(&ctx, &feasible, &solved, &homes, p, o);
        let runner_breakdown = runner_up.as_ref().and_then(|r| {
            let alt = option_index(&ctx, &r.option)?;
            Some(score::breakdown(&Candidate {
                ctx: &ctx,
                p,
                o: alt,
            }))
        });
        let why = explain::why_placed(&ctx, o, &breakdown, status, runner_breakdown.as_ref());
        placements.push(Placement {
            person: person.id.clone(),
            option: OptionRef::of(&ctx.options[o]),
            status,
            cost: cost::compare(&ctx, p, o),
            score: breakdown,
            why,
            runner_up,
            backup,
            moves_from: ctx.held[p].map(|h| OptionRef::of(&ctx.options[h])),
        });
    }
    let chains = chains::find(&ctx, &solved, &placements);
    let weekly_cost: Pence = placements.iter().map(|x| x.cost.weekly_cost).sum();
    let counterfactual: Pence = placements
        .iter()
        .map(|x| x.cost.counterfactual_weekly_cost)
        .sum();
    let one_off_saving: Pence = placements.iter().map(|x| x.cost.one_off_saving).sum();
    let empty_rooms = (0..ctx.options.len())
        .filter(|&o| {
            matches!(ctx.options[o], super::context::OptionView::Vacancy(sc, _)
                if !sc.id.as_str().starts_with(moveon::OWN_TENANCY_PREFIX))
                && solved.load[o] < ctx.base_capacity[o]
        })
        .count() as i64;
    // Rooms the plan's movers leave that nobody takes: the council goes on
    // paying for them (the chains subtract the same cost).
    let left_empty = super::result::movers_leaving_rooms_empty(&placements).len();
    let recurring =
        counterfactual - weekly_cost - Pence(ctx.cfg.costs.empty_room_weekly.0 * left_empty as i64);
    let kept = placements
        .iter()
        .filter(|x| x.status != PlacementStatus::Proposed)
        .count();
    let totals = Totals {
        people: s.people.len(),
        placed: placements.len(),
        proposed: placements.len() - kept,
        kept,
        unplaced: unplaced.len(),
        total_score: placements.iter().map(|x| x.score.total).sum(),
        weekly_cost,
        counterfactual_weekly_cost: counterfactual,
        weekly_saving: recurring,
        weekly_recurring_saving: recurring,
        one_off_saving,
        annual_saving: Pence(recurring.0 * cost::WEEKS_PER_YEAR) + one_off_saving,
        rooms_left_empty_by_moves: left_empty,
        staying: staying.len(),
        moved_on: placements.iter().filter(|x| x.moves_from.is_some()).count(),
        chains: chains.len(),
        empty_rooms_weekly_cost: Pence(ctx.cfg.costs.empty_room_weekly.0 * empty_rooms),
    };
    let shared_lives_target = target_progress(original, &ctx, &solved);
    let objective_value = match cfg.objective {
        _ if cfg.method == Method::Stable => -solved.solver_cost,
        Objective::MinWeeklyCost => -solved.solver_cost,
        Objective::MaxPlacedThenScore => placements
            .iter()
            .filter(|x| x.status == PlacementStatus::Proposed)
            .map(|x| x.score.total)
            .sum(),
        _ => -solved.solver_cost,
    };
    Ok(MatchResult {
        schema_version: SCHEMA_VERSION,
        method: solved.method.clone(),
        objective: cfg.objective,
        objective_value,
        proven_optimal: solved.proven_optimal,
        optimality_gap: solved.gap,
        placements,
        unplaced,
        staying,
        chains,
        shared_lives_target,
        totals,
        stability: solved.stability.clone(),
    })
}

/// Progress toward the Shared Lives target (7 % of adults with a learning
/// disability), when the scenario gives the population.
fn target_progress(s: &Scenario, ctx: &Ctx, solved: &Solved) -> Option<TargetProgress> {
    let population = s.learning_disability_population.filter(|&n| n > 0)?;
    let before = s.shared_lives_ld_current.unwrap_or(0);
    let added = (0..ctx.scenario.people.len())
        .filter(|&p| {
            let person = ctx.person(p);
            ctx.pinned[p].is_none()
                && person.needs.contains(&Need::LearningDisability)
                && matches!(
                    person.arrangement,
                    Arrangement::LongTerm | Arrangement::Emergency
                )
                && solved.assign[p].is_some_and(|o| {
                    matches!(ctx.options[o], super::context::OptionView::Household(_))
                        && ctx.held[p] != Some(o)
                })
                && !matches!(
                    ctx.held[p].map(|h| &ctx.options[h]),
                    Some(super::context::OptionView::Household(_))
                )
        })
        .count() as u32;
    let after = before + added;
    let pct = |n: u32| f64::from(n) * 100.0 / f64::from(population);
    let target = (f64::from(population) * 0.07).ceil() as u32;
    let still_needed = target.saturating_sub(after);
    Some(TargetProgress {
        population,
        before,
        added,
        after,
        rate_before_pct: pct(before),
        rate_after_pct: pct(after),
        target_pct: 7.0,
        still_needed,
        years_at_15_a_year: f64::from(still_needed) / 15.0,
    })
}

/// The option index an [`OptionRef`] names.
fn option_index(ctx: &Ctx, r: &OptionRef) -> Option<usize> {
    match (&r.household, &r.vacancy) {
        (Some(h), _) => ctx.household_index.get(h).copied(),
        (None, Some(v)) => ctx.vacancy_index.get(v).copied(),
        _ => None,
    }
}

fn runner_up(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    p: usize,
    o: usize,
) -> Option<Alternative> {
    let home = ctx.home_of[o];
    let &(alt, score) = feasible[p].iter().find(|e| ctx.home_of[e.0] != home)?;
    let taken_by: Vec<&str> = solved
        .assign
        .iter()
        .enumerate()
        .filter(|&(q, a)| q != p && *a == Some(alt))
        .map(|(q, _)| ctx.person(q).id.as_str())
        .collect();
    let chosen = score_of(ctx, feasible, p, o);
    let note = if !taken_by.is_empty() && solved.load[alt] >= ctx.base_capacity[alt] {
        format!(
            "scores {score} (vs {chosen}); its place goes to {} in this plan",
            taken_by.join(", ")
        )
    } else if score < chosen {
        format!("scores {score}, {} below the chosen option", chosen - score)
    } else {
        format!("scores {score}; the plan uses the chosen option to place more people overall")
    };
    Some(Alternative {
        option: OptionRef::of(&ctx.options[alt]),
        score,
        note,
    })
}

/// The best option other than `o` with a free place given everyone else in
/// the plan, that the coupling rules allow.
fn backup(
    ctx: &Ctx,
    feasible: &Feasible,
    solved: &Solved,
    homes: &[Vec<usize>],
    p: usize,
    o: usize,
) -> Option<Alternative> {
    let own_home = ctx.home_of[o];
    feasible[p]
        .iter()
        .filter(|&&(x, _)| ctx.home_of[x] != own_home)
        .find(|&&(x, _)| {
            let home = ctx.home_of[x];
            let others: Vec<usize> = homes[home].iter().copied().filter(|&q| q != p).collect();
            solved.load[x] < ctx.base_capacity[x] && solve::may_join(ctx, home, p, &others)
        })
        .map(|&(x, score)| Alternative {
            option: OptionRef::of(&ctx.options[x]),
            score,
            note: "has a free place given the rest of this plan".to_owned(),
        })
}
