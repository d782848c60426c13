//! Brute force on tiny plans against the first-ranked option.

use super::*;
use crate::control::{MaxIterations, Silent};
use crate::rounds::check::check_plan;
use crate::rounds::model::{Priority, TimeWindow};
use crate::rounds::week::model::Client;
use crate::rounds::week::sample::sample_week;
use crate::rounds::week::{CarePlanVisit, plan_week};

fn call(id: &str, from: i64, to: i64, duration: i64) -> CarePlanVisit {
    CarePlanVisit {
        id: id.into(),
        weekdays: vec![],
        windows: vec![TimeWindow {
            earliest: ClockTime::hm(from, 0),
            latest: ClockTime::hm(to, 0),
        }],
        duration,
        skills: vec![],
        carers: 1,
        priority: Priority::MustDo,
        time_critical: false,
        max_late_minutes: None,
    }
}

/// Every assignment of the day's jobs to vehicles, in every order
/// (jobs may also stay unplanned), priced by the engine's evaluator and
/// kept when the independent checker accepts it.
fn brute_force_best(day: &crate::rounds::RoundsInput) -> i64 {
    let conv = convert::to_problem(day);
    let (n, m) = (conv.problem.jobs.len(), conv.problem.vehicles.len());
    let mut best = i64::MAX;
    // Each job: a vehicle or none (m + 1 choices); then every order.
    let mut choice = vec![0usize; n];
    loop {
        let mut routes = vec![Vec::new(); m];
        for (j, &c) in choice.iter().enumerate() {
            if c < m {
                routes[c].push(j);
            }
        }
        permute_all(&mut routes, 0, &mut |rs| {
            let sol = routing::evaluate_plan(&conv.problem, rs).expect("evaluates");
            let plan = back::to_plan(day, &conv, &sol);
            if check_plan(day, &plan).is_empty() {
                best = best.min(sol.cost.total);
            }
        });
        let mut k = 0;
        loop {
            if k == n {
                return best;
            }
            choice[k] += 1;
            if choice[k] <= m {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

fn permute_all(routes: &mut Vec<Vec<usize>>, r: usize, f: &mut dyn FnMut(&[Vec<usize>])) {
    if r == routes.len() {
        f(routes);
        return;
    }
    let mut items = routes[r].clone();
    let len = items.len();
    heap(&mut items, len, &mut |perm| {
        let saved = std::mem::replace(&mut routes[r], perm.to_vec());
        permute_all(routes, r + 1, f);
        routes[r] = saved;
    });
}

fn heap(a: &mut Vec<usize>, k: usize, f: &mut dyn FnMut(&[usize])) {
    if k <= 1 {
        f(a);
        return;
    }
    for i in 0..k {
        heap(a, k - 1, f);
        let j = if k.is_multiple_of(2) { i } else { 0 };
        a.swap(j, k - 1);
    }
}

#[test]
fn brute_force_finds_no_better_option_than_the_first_ranked() {
    let mut compared = 0;
    for seed in 0..6u64 {
        let mut week = sample_week(1, 3, 2, seed);
        week.workers.iter_mut().for_each(|w| {
            w.days_off.clear();
            w.availability.iter_mut().for_each(|a| a.weekdays.clear());
        });
        week.clients.truncate(2);
        for c in &mut week.clients {
            c.visits.truncate(1);
            c.visits[0].carers = 1;
            c.visits[0].skills.clear();
            c.gender = None;
            c.blocked_workers.clear();
        }
        let opts = PlanOptions {
            seed,
            max_iterations: Some(200),
        };
        let mut stops = |_: u32, _: u32| -> Box<dyn Stop> { Box::new(MaxIterations(200)) };
        let plan = plan_week(&week, &opts, &mut stops, &mut Silent).expect("plan");
        let package = Package {
            client: Client {
                id: "NEW".into(),
                location: week.clients[0].location,
                preferred_workers: vec![],
                blocked_workers: vec![],
                gender: None,
                visits: vec![call("am", 8, 11, 30)],
            },
            discharge: Moment {
                date: week.start_date,
                time: ClockTime::hm(0, 0),
            },
        };
        let res = discharge_options(&plan, &package, 48, &opts, &mut stops, &mut Silent)
            .expect("options");
        let Some(first) = res.options.first() else {
            continue;
        };
        let new_objective = first.plan.days[0].plan.summary.objective;
        let day = day_with_package(
            &res.week,
            &package,
            0,
            week.start_date,
            &Carry::new(&res.week),
        );
        let best = brute_force_best(&day);
        assert!(
            best < i64::MAX,
            "seed {seed}: the option itself is a feasible plan"
        );
        compared += 1;
        assert!(
            best >= new_objective,
            "seed {seed}: brute force found {best} below the first option's {new_objective}"
        );
        assert_eq!(
            first.extra_objective,
            new_objective - plan.days[0].plan.summary.objective
        );
    }
    assert!(compared >= 4, "only {compared} tiny plans compared");
}
