//! The district lens, recounted from the plan and the scenario (fair plans
//! are checked against brute force in `analytics_fair.rs`).
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::collections::BTreeMap;

use carematch::analytics::districts::{self, NO_DISTRICT};
use carematch::matching::{self, MatchConfig, Scenario};
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

/// Primary care networks: the realistic sample names one for every person,
/// household and scheme (a few per district); the lens's rows per network
/// are recounted from the plan: referrals, placed, placed within the same
/// network and saving, and they add up to their district's figures.
#[test]
fn pcn_rows_recount_from_the_plan_and_add_up_to_the_district() {
    let s = matching::sample_county(&matching::SampleOptions::default());
    assert!(s.people.iter().all(|p| p.pcn.is_some()));
    assert!(s.households.iter().all(|h| h.pcn.is_some()));
    let cfg = MatchConfig::default();
    let lens = districts::district_lens(&s, &cfg).unwrap();
    let result = matching::match_scenario(&s, &cfg).unwrap();
    let person = |id: &str| s.people.iter().find(|p| p.id.as_str() == id).unwrap();
    let home_pcn = |pl: &matching::Placement| {
        let h = pl.option.household.as_ref().map(|h| {
            s.households
                .iter()
                .find(|x| x.id == *h)
                .unwrap()
                .pcn
                .clone()
        });
        let x = pl.option.scheme.as_ref().map(|x| {
            s.schemes
                .iter()
                .find(|y| y.id == *x)
                .and_then(|y| y.pcn.clone())
        });
        h.or(x).flatten()
    };
    // (referrals, placed, placed within, saving) per (district, network).
    let mut want: BTreeMap<(String, String), (usize, usize, usize, i64)> = BTreeMap::new();
    for p in &s.people {
        let key = (p.district.clone().unwrap(), p.pcn.clone().unwrap());
        want.entry(key).or_default().0 += 1;
    }
    // Supported-living rooms a mover leaves and no placement takes: the
    // first mover out of each is charged the empty-room cost.
    let room = |o: &matching::OptionRef| (o.scheme.clone(), o.vacancy.clone());
    let taken: Vec<_> = result.placements.iter().map(|p| room(&p.option)).collect();
    let mut charged = Vec::new();
    for pl in &result.placements {
        let p = person(pl.person.as_str());
        let void = match &pl.moves_from {
            Some(o)
                if o.scheme.is_some()
                    && !taken.contains(&room(o))
                    && !charged.contains(&room(o)) =>
            {
                charged.push(room(o));
                cfg.costs.empty_room_weekly.0
            }
            _ => 0,
        };
        let e = want
            .get_mut(&(p.district.clone().unwrap(), p.pcn.clone().unwrap()))
            .unwrap();
        e.1 += 1;
        if home_pcn(pl) == p.pcn {
            e.2 += 1;
        }
        e.3 += pl.cost.weekly_saving.0 - void;
    }
    assert_eq!(charged.len(), result.totals.rooms_left_empty_by_moves);
    let mut seen = 0;
    for d in &lens.districts {
        assert!(
            d.by_pcn.len() >= 2,
            "{} has {} networks",
            d.district,
            d.by_pcn.len()
        );
        assert_eq!(
            d.by_pcn.iter().map(|n| n.referrals).sum::<usize>(),
            d.referrals
        );
        assert_eq!(d.by_pcn.iter().map(|n| n.placed).sum::<usize>(), d.placed);
        for n in &d.by_pcn {
            let w = want[&(d.district.clone(), n.pcn.clone())];
            assert_eq!(
                (n.referrals, n.placed, n.placed_in_pcn, n.weekly_saving.0),
                w,
                "{} / {}",
                d.district,
                n.pcn
            );
            assert_eq!(n.placed + n.unplaced, n.referrals);
            seen += 1;
        }
    }
    assert_eq!(seen, want.len());
    // Without networks the lens has no rows per network.
    let plain = districts::district_lens(&matching::sample_scenario(30, 10, 2), &cfg).unwrap();
    assert!(plain.districts.iter().all(|d| d.by_pcn.is_empty()));
}

#[test]
fn blank_or_overlong_networks_are_refused_with_the_field() {
    let mut s = matching::sample_county(&matching::SampleOptions::default());
    s.people[3].pcn = Some("  ".to_owned());
    s.households[1].pcn = Some("x".repeat(81));
    let err = matching::validate::check(&s).unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"people[3].pcn"), "{paths:?}");
    assert!(paths.contains(&"households[1].pcn"), "{paths:?}");
    s.people[3].pcn = Some("Worksop North PCN".to_owned());
    s.households[1].pcn = Some("x".repeat(80));
    matching::validate::check(&s).unwrap();
}
