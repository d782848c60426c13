//! Property tests on generated Nottinghamshire scenarios: no capacity
//! exceeded, no hard rule broken (checked independently), everyone placed
//! or explained, the plan equals a brute-force optimum on tiny instances and
//! beats greedy on larger ones, same seed gives the same result, and a
//! decline gives the next best plan.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod common;

use std::collections::BTreeMap;

use carematch::matching::{
    self, IntroductionOutcome, MatchConfig, Objective, Outcome, PlacementStatus, Scenario,
};
use common::check_result;
use proptest::prelude::*;

/// One feasible option of a person, as the brute force and greedy see it.
#[derive(Clone, Debug)]
struct Edge {
    /// Column key: `h:ID` or `v:ID`.
    column: String,
    /// Home key: `h:ID` or `s:SCHEME`.
    home: String,
    score: i64,
    saving: i64,
}

/// Feasible options per person, from the shortlist (every option, no limit).
fn edges(s: &Scenario, cfg: &MatchConfig) -> Vec<Vec<Edge>> {
    s.people
        .iter()
        .map(|p| {
            matching::shortlist(s, cfg, &p.id, usize::MAX)
                .unwrap()
                .options
                .into_iter()
                .map(|o| {
                    let (column, home) =
                        match (&o.option.household, &o.option.scheme, &o.option.vacancy) {
                            (Some(h), _, _) => (format!("h:{h}"), format!("h:{h}")),
                            (None, Some(sc), Some(v)) => (format!("v:{v}"), format!("s:{sc}")),
                            _ => unreachable!(),
                        };
                    // The objective's weekly-equivalent saving: a year's
                    // saving / 52, plus the empty-room cost a filled room saves.
                    let void = if o.option.vacancy.is_some() {
                        cfg.costs.empty_room_weekly.0
                    } else {
                        0
                    };
                    Edge {
                        column,
                        home,
                        score: o.score.total,
                        saving: o.cost.annual_saving.0 / 52 + void,
                    }
                })
                .collect()
        })
        .collect()
}

fn capacities(s: &Scenario) -> BTreeMap<String, u32> {
    let mut cap = BTreeMap::new();
    for h in &s.households {
        cap.insert(format!("h:{}", h.id), h.places - h.occupants.len() as u32);
    }
    for sc in &s.schemes {
        for v in &sc.vacancies {
            cap.insert(format!("v:{}", v.id), 1);
        }
    }
    cap
}

/// Whether the chosen edges respect capacities and the coupling rules.
fn valid(s: &Scenario, cap: &BTreeMap<String, u32>, choice: &[Option<&Edge>]) -> bool {
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    let mut homes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (p, e) in choice.iter().enumerate() {
        if let Some(e) = e {
            *load.entry(&e.column).or_default() += 1;
            homes.entry(&e.home).or_default().push(p);
        }
    }
    if load
        .iter()
        .any(|(c, n)| c.starts_with("v:") && *n > cap[*c])
    {
        return false;
    }
    for h in &s.households {
        let here: Vec<&matching::Person> = choice
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some_and(|e| e.column == format!("h:{}", h.id)))
            .map(|(p, _)| &s.people[p])
            .collect();
        if common::household_over(s, h, &here) {
            return false;
        }
    }
    for (home, people) in &homes {
        for &a in people {
            for &b in people {
                let together = match (
                    common::stay_nights(s, &s.people[a]),
                    common::stay_nights(s, &s.people[b]),
                ) {
                    (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
                    _ => false,
                };
                if a != b && together && common::clash(&s.people[a], &s.people[b]) {
                    return false;
                }
            }
        }
        if let Some(id) = home.strip_prefix("s:") {
            let sc = s.schemes.iter().find(|x| x.id.as_str() == id).unwrap();
            let hours: u32 = people
                .iter()
                .map(|&p| s.people[p].support_hours_per_week)
                .sum();
            if hours > sc.support_hours_available {
                return false;
            }
        }
    }
    true
}

/// The value a plan's proposed placements reach, in the objective's order.
fn value(obj: Objective, choice: &[Option<&Edge>]) -> (i64, i64) {
    let placed = choice.iter().flatten();
    match obj {
        Objective::MaxScore => (placed.map(|e| e.score).sum(), 0),
        Objective::MinWeeklyCost => (placed.map(|e| e.saving).sum(), 0),
        Objective::MaxPlacedThenScore => {
            let v: Vec<&&Edge> = placed.collect();
            (v.len() as i64, v.iter().map(|e| e.score).sum())
        }
        Objective::Weighted { .. } => unimplemented!(),
    }
}

/// Exhaustive search over every plan (tiny instances only).
fn brute_force(s: &Scenario, obj: Objective, all: &[Vec<Edge>]) -> (i64, i64) {
    let cap = capacities(s);
    // MinWeeklyCost never proposes a placement that does not save money.
    let all: Vec<Vec<&Edge>> = all
        .iter()
        .map(|v| {
            v.iter()
                .filter(|e| obj != Objective::MinWeeklyCost || e.saving > 0)
                .collect()
        })
        .collect();
    let mut best = (i64::MIN, i64::MIN);
    let mut choice: Vec<Option<&Edge>> = vec![None; all.len()];
    fn go<'a>(
        p: usize,
        s: &Scenario,
        cap: &BTreeMap<String, u32>,
        all: &[Vec<&'a Edge>],
        choice: &mut Vec<Option<&'a Edge>>,
        obj: Objective,
        best: &mut (i64, i64),
    ) {
        if p == all.len() {
            if valid(s, cap, choice) {
                *best = (*best).max(value(obj, choice));
            }
            return;
        }
        choice[p] = None;
        go(p + 1, s, cap, all, choice, obj, best);
        for e in &all[p] {
            choice[p] = Some(e);
            go(p + 1, s, cap, all, choice, obj, best);
        }
        choice[p] = None;
    }
    go(0, s, &cap, &all, &mut choice, obj, &mut best);
    best
}

fn result_value(obj: Objective, s: &Scenario, r: &matching::MatchResult) -> (i64, i64) {
    let _ = s;
    match obj {
        Objective::MaxScore => (r.totals.total_score, 0),
        Objective::MinWeeklyCost => (
            r.placements
                .iter()
                .filter(|p| p.status == PlacementStatus::Proposed)
                .map(|p| {
                    let void = if p.option.vacancy.is_some() {
                        MatchConfig::default().costs.empty_room_weekly.0
                    } else {
                        0
                    };
                    p.cost.annual_saving.0 / 52 + void
                })
                .sum(),
            0,
        ),
        Objective::MaxPlacedThenScore => (r.totals.placed as i64, r.totals.total_score),
        Objective::Weighted { .. } => unimplemented!(),
    }
}

fn objective(i: u8) -> Objective {
    match i % 3 {
        0 => Objective::MaxScore,
        1 => Objective::MinWeeklyCost,
        _ => Objective::MaxPlacedThenScore,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// On tiny instances the plan is the brute-force optimum (or, when a
    /// coupling rule had to be repaired, feasible and no better than it).
    #[test]
    fn plan_matches_brute_force(seed in 0u64..10_000, people in 1usize..=6, households in 1usize..=4, obj in 0u8..3) {
        let s = matching::sample_scenario(people, households, seed);
        let cfg = MatchConfig { objective: objective(obj), ..MatchConfig::default() };
        let r = matching::match_scenario(&s, &cfg).unwrap();
        let problems = check_result(&s, &cfg, &r);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let best = brute_force(&s, cfg.objective, &edges(&s, &cfg));
        let got = result_value(cfg.objective, &s, &r);
        if r.proven_optimal {
            prop_assert_eq!(got, best);
        } else {
            prop_assert!(got <= best);
        }
    }

    /// Larger instances: every invariant, and the optimum is at least as good
    /// as a greedy plan (best pair first) that respects the same rules.
    #[test]
    fn plan_is_valid_and_beats_greedy(seed in 0u64..10_000, people in 10usize..60, households in 3usize..25) {
        let s = matching::sample_scenario(people, households, seed);
        let cfg = MatchConfig::default();
        let r = matching::match_scenario(&s, &cfg).unwrap();
        let problems = check_result(&s, &cfg, &r);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        // Every unplaced person is explained: reasons cover every option.
        let options = s.households.len() + s.schemes.iter().map(|x| x.vacancies.len()).sum::<usize>();
        for u in &r.unplaced {
            prop_assert_eq!(u.explanation.reasons.iter().map(|x| x.count).sum::<usize>(), options);
            prop_assert!(!u.explanation.summary.is_empty() || options == 0);
        }
        // Greedy.
        let all = edges(&s, &cfg);
        let cap = capacities(&s);
        let mut pairs: Vec<(i64, usize, &Edge)> = all.iter().enumerate().flat_map(|(p, v)| v.iter().map(move |e| (e.score, p, e))).collect();
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut choice: Vec<Option<&Edge>> = vec![None; s.people.len()];
        for (_, p, e) in pairs {
            if choice[p].is_some() { continue; }
            choice[p] = Some(e);
            if !valid(&s, &cap, &choice) { choice[p] = None; }
        }
        let greedy = value(Objective::MaxScore, &choice).0;
        if r.proven_optimal {
            prop_assert!(r.totals.total_score >= greedy, "optimum {} < greedy {}", r.totals.total_score, greedy);
        }
        // Same seed, same result, to the byte.
        let again = matching::match_scenario(&matching::sample_scenario(people, households, seed), &cfg).unwrap();
        prop_assert_eq!(serde_json::to_string(&r).unwrap(), serde_json::to_string(&again).unwrap());
    }

    /// Declining a proposed pair: it is never proposed again and the new
    /// optimum is no better than the old one.
    #[test]
    fn decline_gives_the_next_best_plan(seed in 0u64..10_000, people in 5usize..30, households in 3usize..15, pick in 0usize..100) {
        let s = matching::sample_scenario(people, households, seed);
        let cfg = MatchConfig::default();
        let r = matching::match_scenario(&s, &cfg).unwrap();
        let proposed: Vec<&matching::Placement> = r.placements.iter().filter(|p| p.status == PlacementStatus::Proposed).collect();
        prop_assume!(!proposed.is_empty());
        let p = proposed[pick % proposed.len()];
        let mut next = s.clone();
        next.introductions.push(IntroductionOutcome {
            person: p.person.clone(),
            household: p.option.household.clone(),
            vacancy: p.option.vacancy.clone(),
            outcome: Outcome::Declined,
        });
        let r2 = matching::match_scenario(&next, &cfg).unwrap();
        let problems = check_result(&next, &cfg, &r2);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let again = r2.placements.iter().find(|x| x.person == p.person);
        prop_assert!(again.is_none_or(|x| x.option != p.option));
        if r.proven_optimal && r2.proven_optimal {
            prop_assert!(r2.objective_value <= r.objective_value);
        }
        // Accepting instead keeps the pair and its place.
        let mut kept = s.clone();
        kept.introductions.push(IntroductionOutcome {
            person: p.person.clone(),
            household: p.option.household.clone(),
            vacancy: p.option.vacancy.clone(),
            outcome: Outcome::Accepted,
        });
        let r3 = matching::match_scenario(&kept, &cfg).unwrap();
        let k = r3.placements.iter().find(|x| x.person == p.person).unwrap();
        prop_assert_eq!(k.status, PlacementStatus::Accepted);
        prop_assert_eq!(&k.option, &p.option);
        let problems = check_result(&kept, &cfg, &r3);
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }
}
