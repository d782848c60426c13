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
