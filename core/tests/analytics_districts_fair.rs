//! The district lens (recounted from the plan and the scenario) and fair
//! plans (against brute force over every plan on small scenarios).
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::collections::BTreeMap;

use carematch::analytics::districts::{self, NO_DISTRICT};
use carematch::analytics::fair;
use carematch::matching::analysis;
use carematch::matching::{self, MatchConfig, Objective, Scenario};
use proptest::prelude::*;

fn recount(s: &Scenario, cfg: &MatchConfig) {
    let lens = districts::district_lens(s, cfg).unwrap();
    let result = matching::match_scenario(s, cfg).unwrap();
    let district_of: BTreeMap<&str, String> = s
        .people
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.district.clone().unwrap_or_else(|| NO_DISTRICT.to_owned()),
            )
        })
        .collect();
    let mut want: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for p in &s.people {
        want.entry(district_of[p.id.as_str()].clone())
            .or_default()
            .0 += 1;
    }
    for pl in &result.placements {
        want.get_mut(&district_of[pl.person.as_str()]).unwrap().1 += 1;
    }
    assert_eq!(lens.districts.len(), want.len());
    for row in &lens.districts {
        let (referrals, placed) = want[&row.district];
        assert_eq!(
            (row.referrals, row.placed),
            (referrals, placed),
            "{}",
            row.district
        );
        assert_eq!(row.placed + row.unplaced, row.referrals);
        assert!(row.placed_in_district <= row.placed);
        assert!(row.top_reasons.iter().map(|r| r.people).sum::<usize>() <= row.unplaced);
        assert!(row.top_reasons.len() <= 3);
        if row.unplaced > 0 {
            assert!(!row.top_reasons.is_empty());
        }
        for r in &row.top_reasons {
            assert!(
                !r.reason.is_empty() && !r.reason.contains('_'),
                "{}",
                r.reason
            );
        }
    }
    assert_eq!(lens.placed, result.totals.placed);
    assert_eq!(lens.unplaced, result.totals.unplaced);
    let saving: i64 = lens.districts.iter().map(|d| d.weekly_saving.0).sum();
    assert_eq!(saving, result.totals.weekly_saving.0);
    if let Some(gap) = &lens.inequality {
        let rates: Vec<f64> = lens.districts.iter().map(|d| d.placement_rate).collect();
        let min = rates.iter().copied().fold(f64::INFINITY, f64::min);
        let max = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(gap.worst_rate, min);
        assert_eq!(gap.best_rate, max);
        assert!(gap.explanation.contains(&gap.worst));
    }
}

#[test]
fn district_lens_recounts_from_the_plan() {
    recount(
        &matching::sample_scenario(120, 66, 1),
        &MatchConfig::default(),
    );
    let mut s = matching::sample_scenario(30, 10, 2);
    s.people[0].district = None;
    recount(&s, &MatchConfig::default());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn district_lens_conserves_people(seed in 0u64..1000, people in 1usize..40, households in 0usize..12) {
        recount(&matching::sample_scenario(people, households, seed), &MatchConfig::default());
    }
}

/// Brute force: every plan over the flow model's edges, best by (worst
/// district rate, objective): the worst rate as (placed, referred) and the objective.
fn brute(s: &Scenario, cfg: &MatchConfig) -> ((usize, usize), i64) {
    let model = analysis::flow_model(s, cfg).unwrap();
    let names: Vec<String> = s
        .people
        .iter()
        .map(|p| p.district.clone().unwrap_or_else(|| NO_DISTRICT.to_owned()))
        .collect();
    let mut referred: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &names {
        *referred.entry(n).or_default() += 1;
    }
    let value = |score: i64, cost: i64| match cfg.objective {
        Objective::MaxPlacedThenScore => score,
        _ => -cost,
    };
    let mut best: Option<((usize, usize), i64)> = None;
    let mut load = vec![0u32; model.capacity.len()];
    let mut placed: Vec<bool> = model.pinned.iter().map(Option::is_some).collect();
    #[allow(clippy::too_many_arguments)]
    fn go(
        p: usize,
        model: &analysis::FlowModel,
        names: &[String],
        referred: &BTreeMap<&str, usize>,
        load: &mut Vec<u32>,
        placed: &mut Vec<bool>,
        acc: (i64, i64, usize),
        visit: &mut dyn FnMut((usize, usize), i64, i64, usize),
    ) {
        if p == model.edges.len() {
            let mut worst = (1usize, 1usize);
            for (d, &n) in referred {
                let k = (0..names.len())
                    .filter(|&i| names[i] == *d && placed[i])
                    .count();
                if k * worst.1 < worst.0 * n {
                    worst = (k, n);
                }
            }
            visit(worst, acc.0, acc.1, acc.2);
            return;
        }
        go(p + 1, model, names, referred, load, placed, acc, visit);
        for e in &model.edges[p] {
            if load[e.column] < model.capacity[e.column] {
                load[e.column] += 1;
                placed[p] = true;
                go(
                    p + 1,
                    model,
                    names,
                    referred,
                    load,
                    placed,
                    (acc.0 + e.score, acc.1 + e.true_cost, acc.2 + 1),
                    visit,
                );
                placed[p] = false;
                load[e.column] -= 1;
            }
        }
    }
    let mut visit = |worst: (usize, usize), score: i64, cost: i64, _n: usize| {
        let v = value(score, cost);
        let better = match best {
            None => true,
            Some((w, bv)) => {
                let (a, b) = (worst.0 * w.1, w.0 * worst.1);
                a > b || (a == b && v > bv)
            }
        };
        if better {
            best = Some((worst, v));
        }
    };
    go(
        0,
        &model,
        &names,
        &referred,
        &mut load,
        &mut placed,
        (0, 0, 0),
        &mut visit,
    );
    best.unwrap()
}

fn plain(people: usize, households: usize, seed: u64) -> Scenario {
    let mut s = matching::sample_scenario(people, households, seed);
    for p in &mut s.people {
        p.preferences.must_not_live_with.clear();
        p.support_hours_per_week = 0;
    }
    s
}

#[test]
fn fair_plan_agrees_with_brute_force_and_the_price_is_the_difference() {
    let mut raised = 0;
    let mut exact = 0;
    for seed in 0..40u64 {
        // Two districts of four people each, so a district's rate is rarely
        // pinned at zero by someone no option can take.
        let mut s = plain(8, 2, seed);
        for (i, p) in s.people.iter_mut().enumerate() {
            p.district = Some(if i % 2 == 0 { "Bassetlaw" } else { "Broxtowe" }.to_owned());
        }
        let cfg = if seed % 3 == 0 {
            MatchConfig {
                objective: Objective::MinWeeklyCost,
                ..MatchConfig::default()
            }
        } else {
            MatchConfig::default()
        };
        let plan = fair::fair_plan(&s, &cfg).unwrap();
        let (worst, objective) = brute(&s, &cfg);
        let got = plan.fair.worst_rate;
        assert_eq!(
            got.placed * worst.1,
            worst.0 * got.referred,
            "seed {seed}: worst rate {}/{} against brute force {}/{}",
            got.placed,
            got.referred,
            worst.0,
            worst.1
        );
        assert_eq!(plan.fair.objective_value, objective, "seed {seed}");
        // When the flow is the engine's whole model, the unconstrained
        // optimum is the engine's.
        if plan.exact {
            exact += 1;
            let engine = matching::match_scenario(&s, &cfg).unwrap();
            assert_eq!(plan.optimal.objective_value, engine.objective_value);
        }
        assert_eq!(
            plan.price_of_fairness,
            plan.optimal.objective_value - plan.fair.objective_value
        );
        assert!(plan.price_of_fairness >= 0);
        if plan.fair.worst_rate.value() > plan.optimal.worst_rate.value() {
            raised += 1;
        }
    }
    // Some scenarios are really changed by fairness, and some are checked
    // against the engine.
    assert!(raised > 0);
    assert!(exact > 0);
}
