//! Fair plans against brute force over every plan of small scenarios with
//! the engine's packing rules in play: short breaks on overlapping dates in
//! one household, people who must not live together, shared places.
//!
//! The brute force enumerates every plan over the model's edges, keeps those
//! that break no rule, and takes the best by the sorted district rates
//! (leximin), then the objective. Every few plans, whether the model's rules
//! accept a plan is compared with the independent checker
//! ([`matching::check_assignment`]), so the rules the brute force
//! uses are the scenario's own.
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::cmp::Ordering;

use carematch::analytics::fair::{self, Rate};
use carematch::matching::analysis::{self, FlowModel};
use carematch::matching::{
    self, Arrangement, Date, DateRange, MatchConfig, Objective, OptionRef, PersonId, Scenario,
};

const DISTRICTS: [&str; 3] = ["Bassetlaw", "Broxtowe", "Gedling"];

/// A small scenario with short breaks on overlapping dates, a pair who must
/// not live together, and three districts.
fn small(seed: u64) -> Scenario {
    let mut s = matching::sample_scenario(7, 3, seed);
    let mut needs: Vec<_> = s.people.iter().flat_map(|p| p.needs.clone()).collect();
    needs.sort();
    needs.dedup();
    for h in &mut s.households {
        h.occupants.truncate(1);
        h.places = h.occupants.len() as u32 + 1 + (seed % 2) as u32;
        h.approvals = needs.clone();
        for a in [Arrangement::LongTerm, Arrangement::ShortBreak] {
            if !h.offers.contains(&a) {
                h.offers.push(a);
            }
        }
        h.bookings.clear();
        h.unavailable.clear();
        h.available_from = None;
    }
    let windows = [
        ("2030-03-01", "2030-03-10"),
        ("2030-03-08", "2030-03-20"),
        ("2030-04-01", "2030-04-05"),
    ];
    let ids: Vec<PersonId> = s.people.iter().map(|p| p.id.clone()).collect();
    for (i, p) in s.people.iter_mut().enumerate() {
        p.district = Some(DISTRICTS[i % 3].to_owned());
        p.holds = None;
        p.support_hours_per_week = 0;
        p.preferences.must_not_live_with.clear();
        if !(i as u64 + seed).is_multiple_of(3) {
            let (a, b) = windows[(i + seed as usize) % 3];
            p.arrangement = Arrangement::ShortBreak;
            p.dates = Some(DateRange {
                start: Date::new(a),
                end: Date::new(b),
            });
            p.needed_by = None;
        } else {
            p.arrangement = Arrangement::LongTerm;
            p.dates = None;
        }
    }
    if s.people.len() > 2 {
        let other = ids[(seed as usize % 2) + 1].clone();
        s.people[0].preferences.must_not_live_with.push(other);
    }
    s.introductions.clear();
    s
}

fn value(cfg: &MatchConfig, e: &analysis::FlowEdge) -> i64 {
    match cfg.objective {
        Objective::MaxPlacedThenScore => e.score,
        _ => -e.true_cost,
    }
}

struct Brute<'a> {
    s: &'a Scenario,
    cfg: &'a MatchConfig,
    model: &'a FlowModel,
    group: Vec<usize>,
    referred: Vec<usize>,
    /// Rule memberships of every (person, edge index): (constraint, weight).
    member: Vec<Vec<Vec<(usize, u32)>>>,
    /// Best (sorted rates, objective) under leximin, and the best objective.
    fair: Option<(Vec<Rate>, i64)>,
    optimal: Option<i64>,
    leaves: u64,
    cross_checked: u64,
}

impl Brute<'_> {
    fn rules_hold(&self, pick: &[Option<usize>]) -> bool {
        let mut used = vec![0u64; self.model.packing.len()];
        for (p, k) in pick.iter().enumerate() {
            if let Some(k) = k {
                for &(c, w) in &self.member[p][*k] {
                    used[c] += u64::from(w);
                }
            }
        }
        used.iter()
            .zip(&self.model.packing)
            .all(|(u, k)| *u <= u64::from(k.limit))
    }

    fn checker_accepts(&self, pick: &[Option<usize>]) -> bool {
        let mut placements: Vec<(PersonId, OptionRef)> = Vec::new();
        let mut unplaced = Vec::new();
        for (p, k) in pick.iter().enumerate() {
            let id = self.s.people[p].id.clone();
            match k {
                Some(k) => {
                    let o = self.model.edges[p][*k].option;
                    placements.push((id, self.model.options[o].clone()));
                }
                None => unplaced.push(id),
            }
        }
        matching::check_assignment(self.s, self.cfg, &placements, &[], &unplaced).is_empty()
    }

    fn leaf(&mut self, pick: &[Option<usize>]) {
        self.leaves += 1;
        let ok = self.rules_hold(pick);
        if self.leaves <= 64 || self.leaves.is_multiple_of(7) {
            assert_eq!(
                ok,
                self.checker_accepts(pick),
                "model rules and checker disagree on {pick:?}"
            );
            self.cross_checked += 1;
        }
        if !ok {
            return;
        }
        let mut placed = vec![0usize; self.referred.len()];
        let mut objective = 0;
        for (p, k) in pick.iter().enumerate() {
            if let Some(k) = k {
                placed[self.group[p]] += 1;
                objective += value(self.cfg, &self.model.edges[p][*k]);
            }
        }
        let mut rates: Vec<Rate> = placed
            .iter()
            .zip(&self.referred)
            .map(|(&placed, &referred)| Rate { placed, referred })
            .collect();
        rates.sort_by(|a, b| a.cmp_value(*b));
        self.optimal = Some(self.optimal.map_or(objective, |o| o.max(objective)));
        let better = match &self.fair {
            None => true,
            Some((v, o)) => {
                let c = rates
                    .iter()
                    .zip(v)
                    .map(|(a, b)| a.cmp_value(*b))
                    .find(|c| *c != Ordering::Equal)
                    .unwrap_or(Ordering::Equal);
                c == Ordering::Greater || (c == Ordering::Equal && objective > *o)
            }
        };
        if better {
            self.fair = Some((rates, objective));
        }
    }

    fn go(&mut self, p: usize, pick: &mut Vec<Option<usize>>, load: &mut Vec<u32>) {
        if p == self.model.edges.len() {
            self.leaf(pick);
            return;
        }
        pick.push(None);
        self.go(p + 1, pick, load);
        pick.pop();
        for k in 0..self.model.edges[p].len() {
            let c = self.model.edges[p][k].column;
            if load[c] < self.model.capacity[c] {
                load[c] += 1;
                pick.push(Some(k));
                self.go(p + 1, pick, load);
                pick.pop();
                load[c] -= 1;
            }
        }
    }
}

fn brute(s: &Scenario, cfg: &MatchConfig) -> (Vec<Rate>, i64, i64, u64) {
    let model = analysis::flow_model(s, cfg).unwrap();
    assert!(model.pinned.iter().all(Option::is_none));
    let group: Vec<usize> = s
        .people
        .iter()
        .map(|p| {
            DISTRICTS
                .iter()
                .position(|d| Some(*d) == p.district.as_deref())
                .unwrap()
        })
        .collect();
    let mut referred = vec![0; DISTRICTS.len()];
    for &g in &group {
        referred[g] += 1;
    }
    let member = (0..s.people.len())
        .map(|p| {
            model.edges[p]
                .iter()
                .map(|e| {
                    model
                        .packing
                        .iter()
                        .enumerate()
                        .flat_map(|(k, c)| {
                            c.edges
                                .iter()
                                .filter(|x| x.0 == p && x.1 == e.column && x.2 > 0)
                                .map(move |x| (k, x.2))
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut b = Brute {
        s,
        cfg,
        model: &model,
        group,
        referred,
        member,
        fair: None,
        optimal: None,
        leaves: 0,
        cross_checked: 0,
    };
    let mut load = vec![0u32; model.capacity.len()];
    b.go(0, &mut Vec::new(), &mut load);
    assert!(b.cross_checked > 0);
    let (rates, objective) = b.fair.unwrap();
    (
        rates,
        objective,
        b.optimal.unwrap(),
        model.packing.len() as u64,
    )
}

#[test]
fn fair_plan_is_leximin_under_dates_and_pair_rules_and_the_price_is_the_difference() {
    let (mut raised, mut exact, mut with_rules, mut priced) = (0, 0, 0, 0);
    for seed in 0..60u64 {
        let s = small(seed);
        let cfg = if seed % 3 == 0 {
            MatchConfig {
                objective: Objective::MinWeeklyCost,
                ..MatchConfig::default()
            }
        } else {
            MatchConfig::default()
        };
        let plan = fair::fair_plan(&s, &cfg).unwrap();
        let (rates, objective, optimum, rules) = brute(&s, &cfg);
        if rules > 0 {
            with_rules += 1;
        }
        // Small enough that every search closes.
        assert!(plan.exact, "seed {seed}: {plan:?}");
        exact += 1;
        assert_eq!(plan.undecided, 0);
        assert_eq!(plan.leximin.len(), rates.len());
        for (a, b) in plan.leximin.iter().zip(&rates) {
            assert_eq!(
                a.cmp_value(*b),
                Ordering::Equal,
                "seed {seed}: {:?} against brute force {rates:?}",
                plan.leximin
            );
        }
        assert_eq!(plan.fair.objective_value, objective, "seed {seed}");
        assert_eq!(plan.optimal.objective_value, optimum, "seed {seed}");
        assert_eq!(plan.price_of_fairness, optimum - objective);
        assert!(plan.price_of_fairness >= 0);
        if plan.price_of_fairness > 0 {
            priced += 1;
        }
        // The fair plan obeys every rule (independent checker).
        let placements: Vec<(PersonId, OptionRef)> = plan
            .assignment
            .iter()
            .filter_map(|(p, o)| o.clone().map(|o| (p.clone(), o)))
            .collect();
        let unplaced: Vec<PersonId> = plan
            .assignment
            .iter()
            .filter(|(_, o)| o.is_none())
            .map(|(p, _)| p.clone())
            .collect();
        let problems = matching::check_assignment(&s, &cfg, &placements, &[], &unplaced);
        assert!(problems.is_empty(), "seed {seed}: {problems:?}");
        // The unconstrained optimum is the engine's.
        let engine = matching::match_scenario(&s, &cfg).unwrap();
        if engine.proven_optimal {
            assert_eq!(
                plan.optimal.objective_value, engine.objective_value,
                "seed {seed}"
            );
        }
        if plan.fair.worst_rate.cmp_value(plan.optimal.worst_rate) == Ordering::Greater {
            raised += 1;
        }
    }
    // The rules are really in play, and fairness really changes some plans.
    eprintln!("with rules {with_rules}, worst rate raised {raised}, priced {priced}");
    assert!(with_rules >= 25, "{with_rules}");
    assert!(raised > 0 && priced > 0, "{raised} {priced}");
    assert!(exact > 0);
}
