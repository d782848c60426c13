//! Placements over time: capacity by date, day-support sessions, move-on
//! chains, supported-living houses solved exactly and honest costs.
//!
//! Every plan here is re-verified by `check_plan` (which reads only the
//! scenario and the result), and small random scenarios are solved by brute
//! force: every way of giving each person one of their feasible options (or
//! none; a mover may stay) that the checker accepts, best total score.
#![allow(clippy::unwrap_used)]

use carematch::matching::{
    self, Arrangement, MatchConfig, MatchResult, Objective, Scenario, check_plan, moveon,
};
use carematch::units::Pence;
use proptest::prelude::*;
use serde_json::{Value, json};

fn person(id: &str, extra: Value) -> Value {
    let mut p = json!({
        "id": id, "age": 40, "gender": "female", "needs": ["learning_disability"],
        "home": {"lat": 53.0, "lon": -1.1}, "current_setting": "residential_care"
    });
    if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    p
}

fn household(id: &str, places: u32, extra: Value) -> Value {
    let mut h = json!({
        "id": id, "location": {"lat": 53.01, "lon": -1.1},
        "approvals": ["learning_disability"], "places": places,
        "offers": ["long_term", "short_break", "day_support", "emergency"]
    });
    if let (Some(h), Some(e)) = (h.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            h.insert(k.clone(), v.clone());
        }
    }
    h
}

fn scheme(id: &str, rooms: &[&str], extra: Value) -> Value {
    let vacancies: Vec<Value> = rooms.iter().map(|r| json!({"id": r})).collect();
    let mut s = json!({
        "id": id, "location": {"lat": 53.02, "lon": -1.1},
        "needs_supported": ["learning_disability"], "weekly_cost": 79100,
        "support_hours_available": 40, "vacancies": vacancies
    });
    if let (Some(s), Some(e)) = (s.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    s
}

fn scenario(people: Vec<Value>, households: Vec<Value>, schemes: Vec<Value>) -> Scenario {
    let v = json!({
        "schema_version": 1, "as_of": "2027-04-01",
        "people": people, "households": households, "schemes": schemes
    });
    matching::validate_scenario(&v.to_string()).unwrap()
}

fn solve(s: &Scenario, cfg: &MatchConfig) -> MatchResult {
    let r = matching::match_scenario(s, cfg).unwrap();
    let problems = check_plan(s, cfg, &r);
    assert!(problems.is_empty(), "checker: {problems:?}");
    r
}

fn placed(r: &MatchResult) -> Vec<&str> {
    r.placements.iter().map(|p| p.person.as_str()).collect()
}

fn short_break(id: &str, start: &str, end: &str) -> Value {
    person(
        id,
        json!({"arrangement": "short_break", "dates": {"start": start, "end": end}}),
    )
}

#[test]
fn breaks_on_different_dates_share_one_place() {
    let s = scenario(
        vec![
            short_break("P1", "2027-05-03", "2027-05-09"),
            short_break("P2", "2027-07-05", "2027-07-11"),
            short_break("P3", "2027-09-06", "2027-09-10"),
        ],
        vec![household("H1", 1, json!({}))],
        vec![],
    );
    let r = solve(&s, &MatchConfig::default());
    assert_eq!(placed(&r), ["P1", "P2", "P3"]);
    assert!(r.proven_optimal);
}

#[test]
fn overlapping_breaks_compete_for_the_place() {
    let s = scenario(
        vec![
            short_break("P1", "2027-05-03", "2027-05-09"),
            short_break("P2", "2027-05-08", "2027-05-12"),
            short_break("P3", "2027-05-10", "2027-05-14"),
        ],
        vec![household("H1", 1, json!({}))],
        vec![],
    );
    let r = solve(&s, &MatchConfig::default());
    // P1 and P3 do not overlap; P2 overlaps both.
    assert_eq!(placed(&r), ["P1", "P3"]);
    assert!(r.proven_optimal);
}

#[test]
fn a_booked_break_blocks_its_dates_only() {
    let booked = json!({"bookings": [{"person": "X1", "dates": {"start": "2027-06-01", "end": "2027-06-14"}}]});
    let s = scenario(
        vec![
            short_break("P1", "2027-06-10", "2027-06-12"),
            short_break("P2", "2027-06-20", "2027-06-22"),
        ],
        vec![household("H1", 1, booked)],
        vec![],
    );
    let r = solve(&s, &MatchConfig::default());
    assert_eq!(placed(&r), ["P2"]);
}

#[test]
fn day_support_uses_day_places_not_bedrooms() {
    let full = json!({"occupants": [{"id": "O1"}], "day_support_places": 1});
    let day = |id: &str, d: &str| {
        person(
            id,
            json!({"arrangement": "day_support", "sessions": [{"day": d, "hours": 8}]}),
        )
    };
    let s = scenario(
        vec![
            day("P1", "monday"),
            day("P2", "wednesday"),
            day("P3", "monday"),
        ],
        vec![household("H1", 1, full)],
        vec![],
    );
    let r = solve(&s, &MatchConfig::default());
    // The bedroom is taken; Monday has one day place.
    assert_eq!(r.totals.placed, 2);
    assert!(placed(&r).contains(&"P2"));
}

#[test]
fn newcomers_in_one_house_must_suit_each_other() {
    let smoker = person("P1", json!({"smokes": true}));
    let no_smoke = person("P2", json!({"preferences": {"smoking_ok": false}}));
    let s = scenario(
        vec![smoker, no_smoke],
        vec![],
        vec![scheme("S1", &["V1", "V2"], json!({}))],
    );
    let r = solve(&s, &MatchConfig::default());
    assert_eq!(r.totals.placed, 1);
    assert!(r.proven_optimal, "exact, not repaired: {}", r.method);
}

#[test]
fn a_house_for_two_with_spare_hours_for_one() {
    let a = person("P1", json!({"support_hours_per_week": 30}));
    let b = person("P2", json!({"support_hours_per_week": 30}));
    let s = scenario(
        vec![a, b],
        vec![],
        vec![scheme("S1", &["V1", "V2"], json!({}))],
    );
    let r = solve(&s, &MatchConfig::default());
    assert_eq!(r.totals.placed, 1);
    assert!(r.proven_optimal);
}

#[test]
fn moving_on_frees_a_room_for_someone_else() {
    // P12 holds a room at S04 and is ready for her own tenancy; P31 is in
    // residential care and fits only S04.
    let mover = person(
        "P12",
        json!({"current_setting": "supported_living", "ready_for_own_tenancy": true,
               "holds": {"scheme": "S04"}}),
    );
    let referral = person("P31", json!({}));
    let s = scenario(
        vec![mover, referral],
        vec![],
        vec![scheme("S04", &[], json!({}))],
    );
    let r = solve(&s, &MatchConfig::default());
    assert_eq!(placed(&r), ["P12", "P31"]);
    assert_eq!(r.chains.len(), 1);
    let chain = &r.chains[0];
    assert_eq!(chain.people_helped, 2);
    assert_eq!(chain.moves[0].person.as_str(), "P12");
    assert_eq!(chain.moves[1].person.as_str(), "P31");
    assert!(chain.text.contains("frees"), "{}", chain.text);
    assert!(chain.text.contains("a residential bed"), "{}", chain.text);
    assert_eq!(r.totals.chains, 1);
    assert_eq!(r.totals.moved_on, 1);
    // The chain's saving is the sum of its moves' savings.
    let sum: i64 = r.placements.iter().map(|p| p.cost.weekly_saving.0).sum();
    assert_eq!(chain.weekly_saving.0, sum);
}

#[test]
fn refill_rule_keeps_a_mover_whose_place_nobody_takes() {
    let mover = person(
        "P12",
        json!({"current_setting": "supported_living", "ready_for_own_tenancy": true,
               "holds": {"scheme": "S04"}}),
    );
    let s = scenario(vec![mover], vec![], vec![scheme("S04", &[], json!({}))]);
    let free = solve(&s, &MatchConfig::default());
    assert_eq!(free.totals.moved_on, 1);
    // The room P12 leaves stays empty: its cost comes off the saving, as in
    // the chain.
    assert_eq!(free.totals.rooms_left_empty_by_moves, 1);
    let empty = MatchConfig::default().costs.empty_room_weekly;
    let moves: i64 = free.placements.iter().map(|p| p.cost.weekly_saving.0).sum();
    assert_eq!(free.totals.weekly_recurring_saving.0, moves - empty.0);
    assert_eq!(
        free.chains[0].weekly_saving,
        free.totals.weekly_recurring_saving
    );
    let cfg = MatchConfig {
        require_refill: true,
        ..MatchConfig::default()
    };
    let kept = solve(&s, &cfg);
    assert_eq!(kept.totals.moved_on, 0);
    assert_eq!(kept.staying.len(), 1);
}

#[test]
fn short_breaks_are_costed_for_their_nights_not_every_week() {
    let s = scenario(
        vec![
            short_break("P1", "2027-05-03", "2027-05-09"),
            person("P2", json!({})),
        ],
        vec![household("H1", 2, json!({}))],
        vec![],
    );
    let cfg = MatchConfig::default();
    let r = solve(&s, &cfg);
    assert_eq!(r.totals.placed, 2);
    // Independent recomputation from the settings.
    let c = cfg.costs;
    let nights = 7;
    let break_saving = (c.respite_weekly.0 - c.short_break_weekly.0) * nights / 7;
    let weekly = c.residential_weekly.0 - c.shared_lives_weekly.0;
    assert_eq!(r.totals.weekly_recurring_saving, Pence(weekly));
    assert_eq!(r.totals.weekly_saving, Pence(weekly));
    assert_eq!(r.totals.one_off_saving, Pence(break_saving));
    assert_eq!(r.totals.annual_saving, Pence(52 * weekly + break_saving));
}

/// Supported-living rooms (not own tenancies) that a placed person moves
/// out of and no placement takes, read off the placements alone.
fn rooms_left_empty(r: &MatchResult) -> usize {
    let room = |o: &matching::OptionRef| (o.scheme.clone(), o.vacancy.clone());
    let taken: Vec<_> = r.placements.iter().map(|p| room(&p.option)).collect();
    let mut left: Vec<_> = r
        .placements
        .iter()
        .filter_map(|p| p.moves_from.as_ref())
        .filter(|o| {
            o.scheme
                .as_ref()
                .is_some_and(|s| !s.as_str().starts_with(moveon::OWN_TENANCY_PREFIX))
        })
        .map(room)
        .filter(|o| !taken.contains(o))
        .collect();
    left.sort();
    left.dedup();
    left.len()
}

/// Brute force over every assignment the rules allow.
fn brute_best(s: &Scenario, cfg: &MatchConfig) -> i64 {
    let prepared = moveon::prepare(s, cfg);
    let mut choices: Vec<Vec<(Option<matching::OptionRef>, i64)>> = Vec::new();
    for p in &s.people {
        let list = matching::shortlist(&prepared, cfg, &p.id, 1000).unwrap();
        let mut v: Vec<(Option<matching::OptionRef>, i64)> = list
            .options
            .iter()
            .map(|o| (Some(o.option.clone()), o.score.total))
            .collect();
        v.push((None, 0)); // unplaced, or a mover staying
        choices.push(v);
    }
    let held_place = |p: &matching::Person| {
        let h = p.holds.as_ref().unwrap();
        matching::OptionRef {
            kind: if h.household.is_some() {
                matching::OptionKind::SharedLives
            } else {
                matching::OptionKind::SupportedLiving
            },
            household: h.household.clone(),
            scheme: h.scheme.clone(),
            vacancy: h.scheme.as_ref().map(|sc| moveon::held_room_id(sc, p)),
            label: "held place".to_owned(),
        }
    };
    let mut best = i64::MIN;
    let mut pick = vec![0usize; s.people.len()];
    loop {
        let mut placements = Vec::new();
        let mut staying = Vec::new();
        let mut unplaced = Vec::new();
        let mut total = 0;
        for (i, p) in s.people.iter().enumerate() {
            let (opt, score) = &choices[i][pick[i]];
            match opt {
                Some(o) => {
                    total += score;
                    placements.push((p.id.clone(), o.clone()));
                }
                None if p.holds.is_some() => staying.push((p.id.clone(), held_place(p))),
                None => unplaced.push(p.id.clone()),
            }
        }
        if total > best
            && matching::check_assignment(s, cfg, &placements, &staying, &unplaced).is_empty()
        {
            best = total;
        }
        let mut i = 0;
        loop {
            if i == pick.len() {
                return best;
            }
            pick[i] += 1;
            if pick[i] < choices[i].len() {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
    }
}

fn small_scenario(seed: u64) -> Scenario {
    let mut rng = carematch::rng::Rng::new(seed);
    let n = 2 + rng.below(3) as usize;
    let mut people = Vec::new();
    for i in 0..n {
        let id = format!("P{i}");
        let kind = rng.below(5);
        let mut extra = match kind {
            0 => {
                let a = 1 + rng.below(20);
                let b = a + 1 + rng.below(6);
                json!({"arrangement": "short_break",
                       "dates": {"start": format!("2027-05-{a:02}"), "end": format!("2027-05-{b:02}")}})
            }
            1 => {
                let d = ["monday", "tuesday"][rng.below(2) as usize];
                json!({"arrangement": "day_support", "sessions": [{"day": d, "hours": 4}]})
            }
            _ => json!({}),
        };
        if rng.chance(0.3) {
            extra["smokes"] = json!(true);
        }
        if rng.chance(0.3) {
            extra["preferences"] = json!({"smoking_ok": false});
        }
        extra["support_hours_per_week"] = json!(rng.below(3) * 10);
        if kind >= 3 && i == 0 {
            extra["current_setting"] = json!("supported_living");
            extra["holds"] = json!({"scheme": "S1"});
            extra["ready_for_own_tenancy"] = json!(rng.chance(0.5));
        }
        people.push(person(&id, extra));
    }
    let places = 1 + rng.below(2) as u32;
    let hh = household("H1", places, json!({"day_support_places": 1}));
    let sc = scheme(
        "S1",
        &["V1"],
        json!({"support_hours_available": 10 + rng.below(3) * 10}),
    );
    scenario(people, vec![hh], vec![sc])
}

#[test]
fn brute_force_agrees_on_small_scenarios() {
    let cfg = MatchConfig {
        objective: Objective::MaxScore,
        ..MatchConfig::default()
    };
    for seed in 0..60 {
        let s = small_scenario(seed);
        let r = solve(&s, &cfg);
        assert!(r.proven_optimal, "seed {seed}: {}", r.method);
        let best = brute_best(&s, &cfg);
        assert_eq!(r.objective_value, best, "seed {seed}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random scenarios with dates, sessions and occupants: the checker
    /// accepts every plan, every person is accounted for, and the reported
    /// totals add up from the placements.
    #[test]
    fn plans_over_time_pass_the_checker(seed in 0u64..10_000) {
        let s = small_scenario(seed);
        let cfg = MatchConfig::default();
        let r = matching::match_scenario(&s, &cfg).unwrap();
        let problems = check_plan(&s, &cfg, &r);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert_eq!(r.totals.placed + r.totals.unplaced + r.staying.len(), s.people.len());
        let recurring: i64 = r.placements.iter()
            .filter(|p| p.cost.recurring)
            .map(|p| p.cost.weekly_saving.0)
            .sum();
        let one_off: i64 = r.placements.iter().map(|p| p.cost.one_off_saving.0).sum();
        let left_empty = rooms_left_empty(&r);
        prop_assert_eq!(r.totals.rooms_left_empty_by_moves, left_empty);
        let recurring = recurring - cfg.costs.empty_room_weekly.0 * left_empty as i64;
        prop_assert_eq!(r.totals.weekly_recurring_saving.0, recurring);
        prop_assert_eq!(r.totals.annual_saving.0, 52 * recurring + one_off);
        for p in &r.placements {
            let person = s.people.iter().find(|x| x.id == p.person).unwrap();
            prop_assert_eq!(p.cost.recurring, person.arrangement != Arrangement::ShortBreak);
        }
    }
}
