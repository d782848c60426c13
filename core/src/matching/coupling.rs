//! The exact plan model: columns by lane, edges with costs, and the packing
//! constraints that couple people inside one home.
//!
//! Each option gives the assignment one column per **lane**, so that
//! capacity is counted the way the home is used:
//! - `Bed`: long-term and emergency stays (capacity: free places);
//! - `Held`: the places movers hold in a household (capacity: their number);
//!   a mover's "stay" edge goes here, and anyone else may take the place;
//! - `Break`: short breaks (no column limit: breaks on different dates share
//!   a bedroom; the date constraints below do the counting);
//! - `Day`: day support (no bedroom; the weekday constraints count it).
//!
//! Packing constraints ([`crate::algo::packing`]) then say, exactly:
//! - **capacity by date**: on every date a stay starts, the stays covering
//!   it use at most the bedrooms free that day (after occupants, bookings and
//!   people already accepted);
//! - **day-support places by weekday**;
//! - **people who may not live together** (must-not-live-with either way,
//!   smoking against "no smokers", needs a housemate cannot live with), for
//!   every pair who could share a home at the same time;
//! - **gender mix per home** ([`super::GenderLimit`]) and a scheme's **spare
//!   support hours** shared by its newcomers.
//!
//! Movers must end somewhere (they stay or move): every edge of a mover gets
//! the same large bonus, which does not change their choice between options.
//! With [`super::MatchConfig::require_refill`] every edge into a held place
//! gets the bonus too, so a place is only left when somebody fills it.

use super::context::{Ctx, OptionView};
use super::model::{Arrangement, Person};
use crate::Result;
use crate::algo::assignment::AssignmentProblem;
use crate::algo::packing::PackingConstraint;

/// How a column of an option is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    Bed,
    Held,
    Break,
    Day,
}

/// The assignment and its constraints, with the maps back to the scenario.
#[derive(Debug)]
pub(crate) struct PlanModel {
    /// The assignment (costs include the bonuses).
    pub problem: AssignmentProblem,
    /// Packing constraints over `(row, column)` edges.
    pub constraints: Vec<PackingConstraint>,
    /// Option of each column.
    pub col_option: Vec<usize>,
    /// Lane of each column.
    pub col_lane: Vec<Lane>,
    /// Cost of each `(row, column)` edge without bonuses, row by row.
    pub true_cost: Vec<Vec<(usize, i64)>>,
    /// Recurring weekly cost in pence of each edge (0 for a stay or a short
    /// break), row by row: what a weekly budget counts.
    pub weekly_cost: Vec<Vec<(usize, i64)>>,
}

impl PlanModel {
    /// Objective cost (no bonuses) of an assignment of rows to columns.
    pub fn cost_of(&self, row_to_col: &[Option<usize>]) -> i64 {
        row_to_col
            .iter()
            .enumerate()
            .filter_map(|(r, c)| {
                let c = (*c)?;
                self.true_cost[r].iter().find(|e| e.0 == c).map(|e| e.1)
            })
            .sum()
    }
}

/// Whether two people may not share a home: either must not live with the
/// other, one smokes and the other cannot live with smoke, or one has a need
/// the other cannot live with.
pub(crate) fn incompatible(a: &Person, b: &Person) -> bool {
    let avoid = |x: &Person, y: &Person| {
        x.preferences.must_not_live_with.contains(&y.id)
            || (y.smokes && x.preferences.smoking_ok == Some(false))
            || y.needs
                .iter()
                .any(|n| x.preferences.not_with_needs.contains(n))
    };
    avoid(a, b) || avoid(b, a)
}

/// Whether two people are in the home at the same time: their stays share
/// a night, or one of them comes for day support (`None`), who meets
/// whoever lives there.
pub(crate) fn overlap(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
        _ => true,
    }
}

/// Builds the plan model for the free rows, with `edge_cost(p, o, score)`
/// giving the objective cost of a move and `big_bonus` the bonus that makes
/// movers (and, with `require_refill`, held places) come first.
pub(crate) fn build(
    ctx: &Ctx,
    rows: &[usize],
    feasible: &[Vec<(usize, i64)>],
    barred: &dyn Fn(usize, usize) -> bool,
    edge_cost: &dyn Fn(usize, usize, i64) -> i64,
) -> Result<PlanModel> {
    let n_opt = ctx.options.len();
    // Columns: per option, its lanes.
    let mut col_option = Vec::new();
    let mut col_lane = Vec::new();
    let mut capacity = Vec::new();
    let mut col_of: Vec<[Option<usize>; 4]> = vec![[None; 4]; n_opt];
    let lane_ix = |l: Lane| l as usize;
    let wants = |l: Lane, o: usize| {
        rows.iter()
            .filter(|&&p| {
                let a = ctx.person(p).arrangement;
                let lane_ok = match l {
                    Lane::Break => a == Arrangement::ShortBreak,
                    Lane::Day => a == Arrangement::DaySupport,
                    _ => true,
                };
                lane_ok && feasible[p].iter().any(|e| e.0 == o)
            })
            .count() as u32
    };
    for (o, lanes) in col_of.iter_mut().enumerate() {
        let household = matches!(ctx.options[o], OptionView::Household(_));
        let mut add = |l: Lane, cap: u32| {
            lanes[lane_ix(l)] = Some(col_option.len());
            col_option.push(o);
            col_lane.push(l);
            capacity.push(cap);
        };
        add(Lane::Bed, ctx.free_capacity[o]);
        if household {
            if ctx.movers_at[o] > 0 {
                add(Lane::Held, ctx.movers_at[o]);
            }
            let breaks = wants(Lane::Break, o);
            if breaks > 0 {
                add(Lane::Break, breaks);
            }
            let days = wants(Lane::Day, o);
            if days > 0 {
                add(Lane::Day, days);
            }
        }
    }
    // A bonus larger than any objective difference.
    let scale: i64 = rows
        .iter()
        .map(|&p| {
            feasible[p]
                .iter()
                .map(|&(o, s)| edge_cost(p, o, s).saturating_abs())
                .max()
                .unwrap_or(0)
        })
        .fold(1i64, |a, b| a.saturating_add(b));
    let refill = ctx.cfg.require_refill;
    let mut edges: Vec<Vec<(usize, i64)>> = Vec::with_capacity(rows.len());
    let mut true_cost = Vec::with_capacity(rows.len());
    let mut weekly = Vec::with_capacity(rows.len());
    for &p in rows {
        let person = ctx.person(p);
        let mover = ctx.held[p].is_some();
        let mut row: Vec<(usize, i64, i64, i64)> = Vec::new(); // col, cost, true, weekly
        let held_col = |o: usize, c: usize| col_lane[c] == Lane::Held || ctx.held_by[o].is_some();
        for &(o, score) in &feasible[p] {
            if barred(p, ctx.home_of[o]) {
                continue;
            }
            let lanes: &[Lane] = match person.arrangement {
                Arrangement::ShortBreak => &[Lane::Break],
                Arrangement::DaySupport => &[Lane::Day],
                Arrangement::LongTerm | Arrangement::Emergency => &[Lane::Bed, Lane::Held],
            };
            let cost = edge_cost(p, o, score);
            let wk = super::cost::compare(ctx, p, o).weekly_cost.0;
            for &l in lanes {
                let Some(c) = col_of[o][lane_ix(l)] else {
                    continue;
                };
                let mut bonus = 0i64;
                if mover {
                    bonus = bonus.saturating_sub(scale);
                }
                if refill && held_col(o, c) {
                    bonus = bonus.saturating_sub(scale);
                }
                row.push((c, cost.saturating_add(bonus), cost, wk));
            }
        }
        if let Some(h) = ctx.held[p] {
            let lane = match ctx.options[h] {
                OptionView::Household(_) => Lane::Held,
                OptionView::Vacancy(..) => Lane::Bed,
            };
            if let Some(c) = col_of[h][lane_ix(lane)] {
                let mut bonus = -scale;
                if refill {
                    bonus = bonus.saturating_sub(scale);
                }
                row.retain(|e| e.0 != c);
                row.push((c, bonus, 0, 0));
            }
        }
        row.sort_by_key(|e| e.0);
        row.dedup_by_key(|e| e.0);
        edges.push(row.iter().map(|e| (e.0, e.1)).collect());
        true_cost.push(row.iter().map(|e| (e.0, e.2)).collect());
        weekly.push(row.iter().map(|e| (e.0, e.3)).collect());
    }
    let problem = AssignmentProblem::from_rows(capacity, edges.clone())?;
    let mut constraints = Vec::new();
    date_constraints(ctx, rows, &edges, &col_option, &col_lane, &mut constraints);
    day_constraints(ctx, rows, &edges, &col_option, &col_lane, &mut constraints);
    home_constraints(ctx, rows, &edges, &col_option, &mut constraints);
    Ok(PlanModel {
        problem,
        constraints,
        col_option,
        col_lane,
        true_cost,
        weekly_cost: weekly,
    })
}

/// Rows with an edge into option `o` in one of `lanes`: `(row, column)`.
fn users(
    edges: &[Vec<(usize, i64)>],
    col_option: &[usize],
    col_lane: &[Lane],
    o: usize,
    lanes: &[Lane],
) -> Vec<(usize, usize)> {
    edges
        .iter()
        .enumerate()
        .flat_map(|(r, es)| {
            es.iter()
                .filter(|e| col_option[e.0] == o && lanes.contains(&col_lane[e.0]))
                .map(move |e| (r, e.0))
        })
        .collect()
}

/// The stay of a row's person while on column lane `lane`: a mover's stay
/// in their held place covers every day.
fn stay_of(ctx: &Ctx, p: usize, o: usize) -> Option<(i64, i64)> {
    if ctx.held[p] == Some(o) {
        return Some((i64::MIN, i64::MAX));
    }
    ctx.stay[p]
}

fn date_constraints(
    ctx: &Ctx,
    rows: &[usize],
    edges: &[Vec<(usize, i64)>],
    col_option: &[usize],
    col_lane: &[Lane],
    out: &mut Vec<PackingConstraint>,
) {
    const BED: [Lane; 3] = [Lane::Bed, Lane::Held, Lane::Break];
    for o in 0..ctx.options.len() {
        if !matches!(ctx.options[o], OptionView::Household(_)) {
            continue;
        }
        let used = users(edges, col_option, col_lane, o, &BED);
        if used.is_empty() {
            continue;
        }
        // People kept from introductions: long-term stays take a bed every
        // day (already out of `free_capacity`), short breaks on their dates.
        let pinned_long = ctx.pinned_at_home[ctx.home_of[o]]
            .iter()
            .filter(|&&q| {
                let a = ctx.person(q).arrangement;
                a.uses_bedroom() && a != Arrangement::ShortBreak
            })
            .count() as i64;
        let pinned_breaks: Vec<(i64, i64)> = ctx.pinned_at_home[ctx.home_of[o]]
            .iter()
            .filter(|&&q| ctx.person(q).arrangement == Arrangement::ShortBreak)
            .filter_map(|&q| ctx.stay[q])
            .collect();
        let mut dates: Vec<i64> = used
            .iter()
            .filter_map(|&(r, _)| stay_of(ctx, rows[r], o).map(|s| s.0))
            .chain(ctx.option_bookings[o].iter().map(|b| b.0))
            .chain(pinned_breaks.iter().map(|b| b.0))
            .collect();
        dates.sort_unstable();
        dates.dedup();
        // The same people on several dates: keep one constraint with the
        // tightest limit.
        let mut seen: Vec<(Vec<(usize, usize)>, usize)> = Vec::new();
        for t in dates {
            let cover: Vec<(usize, usize)> = used
                .iter()
                .copied()
                .filter(|&(r, _)| stay_of(ctx, rows[r], o).is_some_and(|(a, b)| a <= t && t <= b))
                .collect();
            let people = {
                let mut v: Vec<usize> = cover.iter().map(|e| e.0).collect();
                v.dedup();
                v.len() as i64
            };
            let pinned_break = pinned_breaks
                .iter()
                .filter(|&&(a, b)| a <= t && t <= b)
                .count() as i64;
            let limit = (ctx.beds_free_on(o, t) - pinned_long - pinned_break).max(0);
            if people <= limit {
                continue;
            }
            if let Some(&(_, k)) = seen.iter().find(|(c, _)| *c == cover) {
                out[k].limit = out[k].limit.min(limit as u32);
                continue;
            }
            seen.push((cover.clone(), out.len()));
            out.push(PackingConstraint {
                edges: cover.iter().map(|&(r, c)| (r, c, 1)).collect(),
                limit: limit as u32,
            });
        }
    }
}

fn day_constraints(
    ctx: &Ctx,
    rows: &[usize],
    edges: &[Vec<(usize, i64)>],
    col_option: &[usize],
    col_lane: &[Lane],
    out: &mut Vec<PackingConstraint>,
) {
    for o in 0..ctx.options.len() {
        let used = users(edges, col_option, col_lane, o, &[Lane::Day]);
        if used.is_empty() {
            continue;
        }
        for bit in 0..7u8 {
            let on_day = |p: usize| ctx.session_days[p] & (1 << bit) != 0;
            let cover: Vec<(usize, usize)> = used
                .iter()
                .copied()
                .filter(|&(r, _)| on_day(rows[r]))
                .collect();
            let pinned = ctx.pinned_at_home[ctx.home_of[o]]
                .iter()
                .filter(|&&q| ctx.person(q).arrangement == Arrangement::DaySupport && on_day(q))
                .count() as i64;
            let limit = (i64::from(ctx.day_places(o)) - pinned).max(0);
            if cover.len() as i64 > limit {
                out.push(PackingConstraint {
                    edges: cover.iter().map(|&(r, c)| (r, c, 1)).collect(),
                    limit: limit as u32,
                });
            }
        }
    }
}

fn home_constraints(
    ctx: &Ctx,
    rows: &[usize],
    edges: &[Vec<(usize, i64)>],
    col_option: &[usize],
    out: &mut Vec<PackingConstraint>,
) {
    // Edges into each home: (row, column).
    let mut by_home: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ctx.homes];
    for (r, es) in edges.iter().enumerate() {
        for e in es {
            by_home[ctx.home_of[col_option[e.0]]].push((r, e.0));
        }
    }
    let visitor = |r: usize| ctx.person(rows[r]).arrangement == Arrangement::DaySupport;
    let beds = home_bedrooms(ctx);
    for (home, list) in by_home.iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let mut people: Vec<usize> = list.iter().map(|e| e.0).collect();
        people.dedup();
        let edges_of = |r: usize| list.iter().copied().filter(move |e| e.0 == r);
        let some_option = col_option[list[0].1];
        let stay_here = |r: usize| {
            let p = rows[r];
            ctx.held[p].map(|h| ctx.home_of[h]) == Some(home)
        };
        let stay_in = |r: usize| {
            let p = rows[r];
            if stay_here(r) {
                Some((i64::MIN, i64::MAX))
            } else {
                ctx.stay[p]
            }
        };
        // Pairs who may not live together at the same time.
        for (i, &a) in people.iter().enumerate() {
            for &b in &people[i + 1..] {
                // In a home with one bedroom for newcomers, two stays that
                // overlap already exclude each other (capacity by date).
                let implied = beds[home] <= 1 && !visitor(a) && !visitor(b);
                if implied
                    || !overlap(stay_in(a), stay_in(b))
                    || !incompatible(ctx.person(rows[a]), ctx.person(rows[b]))
                {
                    continue;
                }
                out.push(PackingConstraint {
                    edges: edges_of(a)
                        .chain(edges_of(b))
                        .map(|(r, c)| (r, c, 1))
                        .collect(),
                    limit: 1,
                });
            }
        }
        // Gender mix: newcomers of one gender per home.
        for g in &ctx.cfg.side.gender_limits {
            let list: Vec<(usize, usize, u32)> = people
                .iter()
                .filter(|&&r| {
                    !stay_here(r) && !visitor(r) && ctx.person(rows[r]).gender == Some(g.gender)
                })
                .flat_map(|&r| edges_of(r).map(|(r, c)| (r, c, 1)))
                .collect();
            let mut distinct: Vec<usize> = list.iter().map(|e| e.0).collect();
            distinct.dedup();
            if distinct.len() as u32 > g.max_per_household {
                out.push(PackingConstraint {
                    edges: list,
                    limit: g.max_per_household,
                });
            }
        }
        // A scheme's spare support hours, shared by its newcomers.
        if let OptionView::Vacancy(s, _) = ctx.options[some_option] {
            let pinned: u32 = ctx.pinned_at_home[home]
                .iter()
                .map(|&q| ctx.person(q).support_hours_per_week)
                .sum();
            let spare = s.support_hours_available.saturating_sub(pinned);
            let list: Vec<(usize, usize, u32)> = people
                .iter()
                .filter(|&&r| !stay_here(r) && ctx.person(rows[r]).support_hours_per_week > 0)
                .flat_map(|&r| {
                    let h = ctx.person(rows[r]).support_hours_per_week;
                    edges_of(r).map(move |(r, c)| (r, c, h))
                })
                .collect();
            let total: u64 = people
                .iter()
                .filter(|&&r| !stay_here(r))
                .map(|&r| u64::from(ctx.person(rows[r]).support_hours_per_week))
                .sum();
            if total > u64::from(spare) {
                out.push(PackingConstraint {
                    edges: list,
                    limit: spare,
                });
            }
        }
    }
}

/// The most newcomers (rows of the plan, movers staying included) that can
/// sleep in each home on one night: a household's places not taken by
/// occupants who are not in the plan; a scheme's vacancies (held rooms and
/// own tenancies included).
fn home_bedrooms(ctx: &Ctx) -> Vec<u32> {
    let mut beds = vec![0u32; ctx.homes];
    for (o, view) in ctx.options.iter().enumerate() {
        let n = match view {
            OptionView::Household(h) => h.places.saturating_sub(h.occupants.len() as u32),
            OptionView::Vacancy(..) => 1,
        };
        beds[ctx.home_of[o]] = beds[ctx.home_of[o]].saturating_add(n);
    }
    beds
}
