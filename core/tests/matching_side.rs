//! Side rules and stable plans: every solver route agrees when there are no
//! side constraints, a weekly budget and gender-mix limits hold (and match a
//! brute force on tiny instances), and a stable plan has no blocking pair
//! under an independent checker.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod common;

use std::collections::BTreeMap;

use carematch::matching::{self, Gender, GenderLimit, MatchConfig, Method, Scenario, SideRules};
use carematch::units::Pence;
use common::{check_result, clash, home_key, stay_nights};
use proptest::prelude::*;

/// A sample without the rules that couple newcomers, so every route sees
/// the same plain assignment.
fn plain_sample(people: usize, households: usize, seed: u64) -> Scenario {
    let mut s = matching::sample_scenario(people, households, seed);
    // No rule that couples newcomers in one home (those are exercised in
    // matching_time.rs): nobody who must not live with someone, nobody who
    // cannot live with smoke or with some need.
    for p in &mut s.people {
        p.preferences.must_not_live_with.clear();
        p.preferences.not_with_needs.clear();
        p.preferences.smoking_ok = None;
    }
    for sc in &mut s.schemes {
        sc.support_hours_available = 1_000;
    }
    s
}

fn option_key(o: &matching::OptionRef) -> String {
    match (&o.household, &o.vacancy) {
        (Some(h), _) => format!("h:{h}"),
        (None, Some(v)) => format!("v:{v}"),
        _ => unreachable!(),
    }
}

/// Option keys in the engine's order (households, then vacancies scheme by scheme).
fn option_order(s: &Scenario) -> Vec<String> {
    s.households
        .iter()
        .map(|h| format!("h:{}", h.id))
        .chain(
            s.schemes
                .iter()
                .flat_map(|x| x.vacancies.iter().map(|v| format!("v:{}", v.id))),
        )
        .collect()
}

fn capacity(s: &Scenario, key: &str) -> usize {
    if let Some(h) = key.strip_prefix("h:") {
        let h = s.households.iter().find(|x| x.id.as_str() == h).unwrap();
        h.places as usize - h.occupants.len()
    } else {
        1
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Without side constraints the flow and the side-constraint route (a
    /// budget nobody reaches) give the same optimum.
    #[test]
    fn side_route_equals_flow_without_side_constraints(seed in 0u64..10_000, people in 5usize..60, households in 2usize..25) {
        let s = plain_sample(people, households, seed);
        let flow = matching::match_scenario(&s, &MatchConfig::default()).unwrap();
        let mut cfg = MatchConfig::default();
        cfg.side.weekly_budget = Some(Pence(i64::from(u32::MAX)));
        let side = matching::match_scenario(&s, &cfg).unwrap();
        prop_assert!(flow.method.starts_with("min-cost flow"), "{}", flow.method);
        prop_assert!(side.method.contains("side constraints") || side.method.contains("budget"), "{}", side.method);
        prop_assert!(check_result(&s, &MatchConfig::default(), &flow).is_empty());
        prop_assert!(check_result(&s, &cfg, &side).is_empty());
        if flow.proven_optimal && side.proven_optimal {
            prop_assert_eq!(flow.objective_value, side.objective_value);
            prop_assert_eq!(flow.totals.total_score, side.totals.total_score);
        } else {
            // Calendars can leave a gap after the node limit: it is reported,
            // and it covers the difference between the two routes.
            let gap = flow.optimality_gap.max(side.optimality_gap);
            prop_assert!(gap > 0);
            prop_assert!((flow.objective_value - side.objective_value).abs() <= gap);
        }
    }

    /// A binding weekly budget holds, and on tiny instances the plan is the
    /// best one within the budget (brute force).
    #[test]
    fn weekly_budget_holds_and_is_optimal_on_tiny_instances(seed in 0u64..10_000, people in 1usize..=6, households in 1usize..=4, share in 10i64..90) {
        let s = plain_sample(people, households, seed);
        let free = matching::match_scenario(&s, &MatchConfig::default()).unwrap();
        let limit = Pence(free.totals.weekly_cost.0 * share / 100);
        let mut cfg = MatchConfig::default();
        cfg.side.weekly_budget = Some(limit);
        let r = matching::match_scenario(&s, &cfg).unwrap();
        prop_assert!(check_result(&s, &cfg, &r).is_empty());
        prop_assert!(r.totals.weekly_cost <= limit);
        // Brute force: every plan within capacity and budget.
        let options: Vec<Vec<(String, i64, i64)>> = s.people.iter().map(|p| {
            matching::shortlist(&s, &cfg, &p.id, usize::MAX).unwrap().options.into_iter()
                .map(|o| (option_key(&o.option), o.score.total, o.cost.weekly_cost.0)).collect()
        }).collect();
        let mut best = 0i64;
        let mut choice: Vec<Option<usize>> = vec![None; options.len()];
        fn go(p: usize, s: &Scenario, options: &[Vec<(String, i64, i64)>], choice: &mut Vec<Option<usize>>, limit: i64, best: &mut i64) {
            if p == options.len() {
                let mut load: BTreeMap<&str, usize> = BTreeMap::new();
                let mut at: BTreeMap<&str, Vec<&matching::Person>> = BTreeMap::new();
                let (mut score, mut cost) = (0, 0);
                for (q, c) in choice.iter().enumerate() {
                    if let Some(c) = c {
                        let (k, sc, w) = &options[q][*c];
                        *load.entry(k).or_default() += 1;
                        at.entry(k).or_default().push(&s.people[q]);
                        score += sc;
                        cost += w;
                    }
                }
                // Households by calendar (breaks on other dates share a
                // bedroom; day support takes none), vacancies one each.
                let fits = load.iter().all(|(k, n)| match k.strip_prefix("h:") {
                    Some(h) => {
                        let h = s.households.iter().find(|x| x.id.as_str() == h).unwrap();
                        !common::household_over(s, h, &at[k])
                    }
                    None => *n <= capacity(s, k),
                });
                if cost <= limit && fits {
                    *best = (*best).max(score);
                }
                return;
            }
            choice[p] = None;
            go(p + 1, s, options, choice, limit, best);
            for c in 0..options[p].len() {
                choice[p] = Some(c);
                go(p + 1, s, options, choice, limit, best);
            }
            choice[p] = None;
        }
        go(0, &s, &options, &mut choice, limit.0, &mut best);
        if r.proven_optimal {
            prop_assert_eq!(r.totals.total_score, best);
        } else {
            prop_assert!(r.totals.total_score <= best);
        }
    }

    /// Gender-mix limits hold.
    #[test]
    fn gender_limits_hold(seed in 0u64..10_000, people in 10usize..50, households in 3usize..15) {
        let s = plain_sample(people, households, seed);
        let cfg = MatchConfig {
            side: SideRules {
                weekly_budget: None,
                gender_limits: vec![GenderLimit { gender: Gender::Male, max_per_household: 1 }],
            },
            ..MatchConfig::default()
        };
        let r = matching::match_scenario(&s, &cfg).unwrap();
        prop_assert!(check_result(&s, &cfg, &r).is_empty());
        let mut men: BTreeMap<String, u32> = BTreeMap::new();
        for p in &r.placements {
            let person = s.people.iter().find(|x| x.id == p.person).unwrap();
            // Gender mix is about who lives in the home: day-support
            // visitors do not count.
            if person.gender == Some(Gender::Male)
                && person.arrangement != matching::Arrangement::DaySupport
            {
                *men.entry(option_key(&p.option)).or_default() += 1;
            }
        }
        prop_assert!(men.values().all(|&n| n <= 1), "{:?}", men);
    }

    /// A stable plan has no blocking pair under an independent checker, and
    /// its price of stability is measured against the score optimum.
    #[test]
    fn stable_plans_have_no_blocking_pair(seed in 0u64..10_000, people in 5usize..50, households in 2usize..20) {
        let s = plain_sample(people, households, seed);
        let cfg = MatchConfig { method: Method::Stable, ..MatchConfig::default() };
        let r = matching::match_scenario(&s, &cfg).unwrap();
        prop_assert!(check_result(&s, &cfg, &r).is_empty());
        let st = r.stability.as_ref().unwrap();
        prop_assert!(st.blocking_pairs.is_empty());
        prop_assert_eq!(st.stable_score, r.totals.total_score);
        let best = matching::match_scenario(&s, &MatchConfig::default()).unwrap();
        prop_assert_eq!(st.optimal_score, best.totals.total_score);
        prop_assert_eq!(st.price_of_stability, best.totals.total_score - r.totals.total_score);
        prop_assert!(st.price_of_stability >= 0);

        // Independent blocking-pair check. People rank options by score
        // (ties: earlier option); options rank people by the household's
        // view (ties: earlier person).
        let order = option_order(&s);
        let pos = |k: &str| order.iter().position(|x| x == k).unwrap();
        const VIEW: [&str; 6] = ["interests", "language", "faith", "tenant_fit", "urgency", "same_area"];
        let mut lists = Vec::new();
        for p in &s.people {
            let l = matching::shortlist(&s, &cfg, &p.id, usize::MAX).unwrap();
            lists.push(l.options.into_iter().map(|o| {
                let view: i64 = o.score.components.iter().filter(|c| VIEW.contains(&c.name.as_str())).map(|c| c.points).sum();
                (option_key(&o.option), o.score.total, view)
            }).collect::<Vec<_>>());
        }
        let placed: BTreeMap<usize, String> = r.placements.iter().map(|pl| {
            (s.people.iter().position(|x| x.id == pl.person).unwrap(), option_key(&pl.option))
        }).collect();
        let mut holders: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (p, k) in &placed {
            holders.entry(k.clone()).or_default().push(*p);
        }
        let view_of = |p: usize, k: &str| lists[p].iter().find(|x| x.0 == k).map(|x| x.2);
        for (p, list) in lists.iter().enumerate() {
            let current = placed.get(&p).map(|k| {
                let e = list.iter().find(|x| &x.0 == k).unwrap();
                (e.1, pos(k))
            });
            for (k, score, view) in list {
                let better = match current {
                    None => true,
                    Some((cs, cp)) => *score > cs || (*score == cs && pos(k) < cp),
                };
                if !better { continue; }
                let held = holders.get(k).cloned().unwrap_or_default();
                let room = held.len() < capacity(&s, k);
                let prefers_me = held.iter().any(|&q| {
                    let qv = view_of(q, k).unwrap();
                    *view > qv || (*view == qv && p < q)
                });
                prop_assert!(!(room || prefers_me), "blocking pair: person {} and {}", p, k);
            }
        }
    }
}

proptest! {
    // Hidden blocking pairs need a repair that barred a pair the final plan
    // no longer rules out: about one case in 150 (the old blocking count
    // missed the first at case 36 of a 1,500-case run).
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// With rules that couple newcomers (pairs who must not live together)
    /// the stable plan is often repaired, which bars pairs along the way;
    /// its blocking pairs must still include every one an independent
    /// checker finds against all feasible options: the person prefers the
    /// option, the option has room or prefers the person to its least
    /// preferred holder, and with that holder gone nobody in the home clashes
    /// with the person. The plan is called stable only without any.
    #[test]
    fn repaired_stable_plans_report_every_blocking_pair(seed in 0u64..10_000, people in 10usize..40, households in 2usize..6) {
        let mut s = plain_sample(people, households, seed);
        // Dense rules: everyone must not live with the next three people.
        let n = s.people.len();
        for i in 0..n {
            for j in i + 1..n.min(i + 4) {
                let other = s.people[j].id.clone();
                s.people[i].preferences.must_not_live_with.push(other);
            }
        }
        let cfg = MatchConfig { method: Method::Stable, ..MatchConfig::default() };
        let r = matching::match_scenario(&s, &cfg).unwrap();
        prop_assert!(check_result(&s, &cfg, &r).is_empty());
        let st = r.stability.as_ref().unwrap();
        prop_assert_eq!(r.proven_optimal, st.blocking_pairs.is_empty());
        let reported: Vec<(String, String)> = st
            .blocking_pairs
            .iter()
            .map(|b| (b.person.to_string(), option_key(&b.option)))
            .collect();

        let order = option_order(&s);
        let pos = |k: &str| order.iter().position(|x| x == k).unwrap();
        const VIEW: [&str; 6] = ["interests", "language", "faith", "tenant_fit", "urgency", "same_area"];
        // (option key, home key, score, household's view) of every feasible option.
        let mut lists = Vec::new();
        for p in &s.people {
            let l = matching::shortlist(&s, &cfg, &p.id, usize::MAX).unwrap();
            lists.push(l.options.into_iter().map(|o| {
                let view: i64 = o.score.components.iter().filter(|c| VIEW.contains(&c.name.as_str())).map(|c| c.points).sum();
                let home = home_key(o.option.household.as_ref().map(|x| x.as_str()), o.option.scheme.as_ref().map(|x| x.as_str()));
                (option_key(&o.option), home, o.score.total, view)
            }).collect::<Vec<_>>());
        }
        let placed: BTreeMap<usize, (String, String)> = r.placements.iter().map(|pl| {
            let p = s.people.iter().position(|x| x.id == pl.person).unwrap();
            (p, (option_key(&pl.option), home_key(pl.option.household.as_ref().map(|x| x.as_str()), pl.option.scheme.as_ref().map(|x| x.as_str()))))
        }).collect();
        let view_of = |p: usize, k: &str| lists[p].iter().find(|x| x.0 == k).map(|x| x.3);
        for (p, list) in lists.iter().enumerate() {
            let current = placed.get(&p).map(|(k, _)| {
                let e = list.iter().find(|x| &x.0 == k).unwrap();
                (e.2, pos(k))
            });
            for (k, home, score, view) in list {
                let better = match current {
                    None => true,
                    Some((cs, cp)) => *score > cs || (*score == cs && pos(k) < cp),
                };
                if !better { continue; }
                let held: Vec<usize> = placed.iter().filter(|(_, (o, _))| o == k).map(|(&q, _)| q).collect();
                // The holder the option would let go: the one it likes least.
                let worst = held.iter().copied().min_by(|&a, &b| {
                    let (va, vb) = (view_of(a, k).unwrap(), view_of(b, k).unwrap());
                    va.cmp(&vb).then(b.cmp(&a))
                });
                let room = held.len() < capacity(&s, k);
                let prefers_me = worst.is_some_and(|q| {
                    let qv = view_of(q, k).unwrap();
                    *view > qv || (*view == qv && p < q)
                });
                if !(room || prefers_me) { continue; }
                let leaving = if room { None } else { worst };
                let me = &s.people[p];
                let allowed = placed.iter().all(|(&q, (_, h))| {
                    q == p || Some(q) == leaving || h != home || {
                        let other = &s.people[q];
                        let together = match (stay_nights(&s, me), stay_nights(&s, other)) {
                            (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
                            _ => true,
                        };
                        !(together && clash(me, other))
                    }
                });
                if allowed {
                    prop_assert!(
                        reported.contains(&(me.id.to_string(), k.clone())),
                        "blocking pair not reported: {} and {}", me.id, k
                    );
                }
            }
        }
    }
}
