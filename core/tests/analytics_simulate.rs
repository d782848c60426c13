//! The weekly flow simulation: conservation re-checked from every record,
//! determinism, warm start against cold re-solves, cancel, bad settings.
#![allow(clippy::unwrap_used)] // tests may unwrap

use carematch::analytics::simulate::{self, SimConfig, Variant};
use carematch::control::{Progress, Silent};
use carematch::matching::{self, MatchConfig};

fn quick(seed: u64) -> SimConfig {
    SimConfig {
        weeks: 52,
        replications: 3,
        seed,
        referrals_per_week: 2.0,
        ..SimConfig::default()
    }
}

fn never() -> impl FnMut(&Progress) -> bool {
    |_| false
}

#[test]
fn every_week_conserves_people_in_every_district() {
    let base = matching::sample_scenario(30, 20, 3);
    for seed in [1u64, 2] {
        let cfg = quick(seed);
        for r in 0..cfg.replications {
            let (weeks, _, _) = simulate::replicate(
                &base,
                &MatchConfig::default(),
                &cfg,
                r,
                &mut never(),
                &mut Silent,
            )
            .unwrap();
            assert_eq!(weeks.len(), 52);
            let mut previous_placed = 0;
            for w in &weeks {
                for d in 0..w.arrived_by_district.len() {
                    assert_eq!(
                        w.arrived_by_district[d],
                        w.placed_by_district[d]
                            + w.waiting_by_district[d]
                            + w.withdrawn_by_district[d],
                        "week {} district {d}",
                        w.week
                    );
                }
                assert_eq!(w.arrived, w.placed + w.waiting + w.withdrawn);
                assert!(w.placed >= previous_placed);
                previous_placed = w.placed;
            }
            // The flow really moves: people arrive and are placed.
            let last = weeks.last().unwrap();
            assert!(last.arrived > 30 && last.placed > 0);
        }
    }
}

#[test]
fn same_seed_same_result_and_warm_start_matches_cold_re_solves() {
    let base = matching::sample_scenario(30, 20, 5);
    let cfg = quick(9);
    let a = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &cfg,
        &mut never(),
        &mut Silent,
    )
    .unwrap();
    let b = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &cfg,
        &mut never(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(a, b);
    let cold = SimConfig {
        warm_start: false,
        ..cfg.clone()
    };
    let c = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &cold,
        &mut never(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(a.weeks, c.weeks);
    assert_eq!(a.last_weeks, c.last_weeks);
    assert_eq!(c.skipped_solves + c.solves, a.skipped_solves + a.solves);
    assert!(a.solves <= c.solves);
    // Another seed gives another result.
    let d = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &quick(10),
        &mut never(),
        &mut Silent,
    )
    .unwrap();
    assert_ne!(a.last_weeks, d.last_weeks);
    // Bands are ordered.
    for w in &a.weeks {
        assert!(w.waiting.p10 <= w.waiting.median && w.waiting.median <= w.waiting.p90);
    }
}

#[test]
fn cancel_mid_simulation_and_bad_settings() {
    let base = matching::sample_scenario(20, 10, 1);
    let mut weeks_seen = 0;
    let mut stop = |p: &Progress| {
        weeks_seen += 1;
        p.iteration >= 30
    };
    let err = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &quick(1),
        &mut stop,
        &mut Silent,
    )
    .unwrap_err();
    assert!(matches!(err, carematch::Error::Cancelled));
    assert_eq!(weeks_seen, 31);
    let bad = SimConfig {
        weeks: 0,
        accept_probability: 1.5,
        introduction_weeks: (3, 1),
        ..SimConfig::default()
    };
    let err = simulate::simulate(
        &base,
        &MatchConfig::default(),
        &bad,
        &mut never(),
        &mut Silent,
    )
    .unwrap_err();
    let fields: Vec<String> = err.issues().iter().map(|i| i.path.clone()).collect();
    assert!(fields.contains(&"weeks".to_owned()), "{fields:?}");
    assert!(fields.contains(&"accept_probability".to_owned()));
    assert!(fields.contains(&"introduction_weeks".to_owned()));
}

#[test]
fn targeted_recruitment_only_adds_households_there() {
    let base = matching::sample_scenario(30, 20, 2);
    let county = quick(4);
    let mut targeted = county.clone();
    targeted.recruit_per_year = 60.0;
    targeted.recruit_districts = Some(vec!["Bassetlaw".to_owned()]);
    let runs = simulate::compare(
        &base,
        &MatchConfig::default(),
        &[
            Variant {
                name: "county".into(),
                config: county,
            },
            Variant {
                name: "Bassetlaw".into(),
                config: targeted,
            },
        ],
        &mut never(),
        &mut Silent,
    )
    .unwrap();
    assert_eq!(runs.len(), 2);
    // Four times the recruitment: more households at the end of every replication.
    for (county, targeted) in runs[0].1.last_weeks.iter().zip(&runs[1].1.last_weeks) {
        assert!(
            targeted.households > county.households,
            "{} <= {}",
            targeted.households,
            county.households
        );
    }
}

/// On the default county over two years, the warm start (skip a week whose
/// changes — new people, homes freed or newly filled — leave nothing that
/// passes the rules) gives exactly the cold result with far fewer solves.
#[test]
fn warm_start_saves_a_quarter_of_the_solves_on_the_default_county() {
    let base = matching::sample_scenario(60, 66, 1);
    let warm = SimConfig {
        weeks: 104,
        replications: 3,
        seed: 4,
        ..SimConfig::default()
    };
    let cold = SimConfig {
        warm_start: false,
        ..warm.clone()
    };
    let run = |cfg: &SimConfig| {
        simulate::simulate(
            &base,
            &MatchConfig::default(),
            cfg,
            &mut never(),
            &mut Silent,
        )
        .unwrap()
    };
    let (a, c) = (run(&warm), run(&cold));
    assert_eq!(a.weeks, c.weeks);
    assert_eq!(a.last_weeks, c.last_weeks);
    assert_eq!(a.totals, c.totals);
    assert_eq!(c.skipped_solves + c.solves, a.skipped_solves + a.solves);
    assert!(
        4 * a.solves <= 3 * c.solves,
        "warm {} against cold {} solves",
        a.solves,
        c.solves
    );
}

fn conserves(weeks: &[simulate::WeekRecord]) {
    for w in weeks {
        for d in 0..w.arrived_by_district.len() {
            assert_eq!(
                w.arrived_by_district[d],
                w.placed_by_district[d] + w.waiting_by_district[d] + w.withdrawn_by_district[d],
                "week {} district {d}",
                w.week
            );
        }
    }
}

/// The realistic sample (movers holding scheme rooms and household places,
/// people ready for their own tenancy, dated short breaks, day-support
/// sessions, bookings) simulates with calendars and move-on chains: people
/// are conserved, movers move on to their own tenancy, places they leave are
/// taken in the same week's solve, and the warm start equals cold.
#[test]
fn realistic_county_moves_on_in_chains_and_warm_equals_cold() {
    let base = matching::sample_county(&matching::SampleOptions::default());
    assert!(base.people.iter().any(|p| p.holds.is_some()));
    let warm = SimConfig {
        weeks: 26,
        replications: 2,
        seed: 2,
        ..SimConfig::default()
    };
    let cold = SimConfig {
        warm_start: false,
        ..warm.clone()
    };
    let cfg = MatchConfig::default();
    let mut moved = 0;
    let mut chained = 0;
    for r in 0..warm.replications {
        let (weeks, _, _) =
            simulate::replicate(&base, &cfg, &warm, r, &mut never(), &mut Silent).unwrap();
        conserves(&weeks);
        let (cold_weeks, _, _) =
            simulate::replicate(&base, &cfg, &cold, r, &mut never(), &mut Silent).unwrap();
        assert_eq!(weeks, cold_weeks, "replication {r}: warm differs from cold");
        let last = weeks.last().unwrap();
        moved += last.moved_on;
        chained += last.chain_placements;
    }
    assert!(moved > 0, "nobody moved on to their own tenancy");
    assert!(
        chained > 0,
        "no place a mover left was taken in the same solve"
    );
}

/// Short breaks follow the calendar: with nobody withdrawing by chance and
/// no referrals, the only people who withdraw are short breaks whose first
/// night passed without a place, and only when the run has dates.
#[test]
fn short_breaks_whose_dates_pass_are_lost_only_with_a_calendar() {
    let mut base = matching::sample_scenario(40, 6, 7);
    let breaks = base
        .people
        .iter()
        .filter(|p| p.arrangement == matching::Arrangement::ShortBreak)
        .count() as u64;
    assert!(breaks > 0);
    let cfg = SimConfig {
        weeks: 30,
        replications: 1,
        seed: 1,
        referrals_per_week: 0.0,
        withdraw_per_week: 0.0,
        ..SimConfig::default()
    };
    let run = |s: &matching::Scenario| {
        let (weeks, _, _) = simulate::replicate(
            s,
            &MatchConfig::default(),
            &cfg,
            0,
            &mut never(),
            &mut Silent,
        )
        .unwrap();
        conserves(&weeks);
        weeks.last().unwrap().clone()
    };
    let dated = run(&base);
    assert!(dated.withdrawn > 0 && dated.withdrawn <= breaks);
    base.as_of = None;
    assert_eq!(run(&base).withdrawn, 0);
}

#[test]
fn a_misspelt_key_in_a_variant_is_an_error_not_ignored() {
    let good: Variant =
        serde_json::from_str(r#"{"name": "county-wide", "config": {"weeks": 4}}"#).unwrap();
    assert_eq!(good.config.weeks, 4);
    let err = serde_json::from_str::<Variant>(r#"{"name": "a", "config": {}, "seeds": 3}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("seeds"), "{err}");
}
