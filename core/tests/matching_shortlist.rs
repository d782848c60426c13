//! Shortlists for one person and for one household: ranking, limits,
//! consistency with each other and with the plan, and the reasons options
//! were ruled out.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

mod common;

use carematch::matching::{self, Arrangement, HouseholdId, MatchConfig, PersonId};
use common::{Opt, broken_rules, find_option, fixture};

#[test]
fn person_shortlist_is_ranked_feasible_and_complete() {
    let s = matching::sample_scenario(80, 30, 12);
    let cfg = MatchConfig::default();
    let options = s.households.len() + s.schemes.iter().map(|x| x.vacancies.len()).sum::<usize>();
    for p in s.people.iter().take(25) {
        let list = matching::shortlist(&s, &cfg, &p.id, 4).unwrap();
        assert!(list.options.len() <= 4);
        assert_eq!(list.options.len(), list.feasible_options.min(4));
        // Best first, ranks 1.., every option passes the independent checker.
        for (i, o) in list.options.iter().enumerate() {
            assert_eq!(o.rank, i + 1);
            let opt = find_option(
                &s,
                o.option.household.as_ref().map(|x| x.as_str()),
                o.option.vacancy.as_ref().map(|x| x.as_str()),
            );
            let free = match &opt {
                Opt::H(h) => h.places as usize > h.occupants.len(),
                Opt::V(..) => true,
            };
            assert!(free);
            assert_eq!(broken_rules(&s, &cfg, p, &opt), Vec::<&str>::new());
        }
        assert!(
            list.options
                .windows(2)
                .all(|w| w[0].score.total >= w[1].score.total)
        );
        // Every option is either feasible or counted under one reason.
        let excluded: usize = list.excluded.iter().map(|r| r.count).sum();
        assert_eq!(list.feasible_options + excluded, options);
    }
}

#[test]
fn household_shortlist_agrees_with_person_shortlists() {
    let s = matching::sample_scenario(60, 20, 4);
    let cfg = MatchConfig::default();
    for h in s.households.iter().take(8) {
        let rev = matching::shortlist_for_household(&s, &cfg, &h.id, usize::MAX).unwrap();
        assert_eq!(rev.people.len(), rev.feasible_people);
        let excluded: usize = rev.excluded.iter().map(|r| r.count).sum();
        assert_eq!(rev.feasible_people + excluded, s.people.len());
        for p in &s.people {
            let list = matching::shortlist(&s, &cfg, &p.id, usize::MAX).unwrap();
            let here = list
                .options
                .iter()
                .find(|o| o.option.household.as_ref() == Some(&h.id));
            let there = rev.people.iter().find(|x| x.person == p.id);
            match (here, there) {
                (None, None) => {}
                (Some(a), Some(b)) => assert_eq!(a.score, b.score),
                _ => panic!("{} and {} disagree", p.id, h.id),
            }
        }
    }
}

#[test]
fn shortlist_explains_a_fixture() {
    let s = fixture("dementia_not_approved.json");
    let list = matching::shortlist(&s, &MatchConfig::default(), &PersonId::new("P1"), 5).unwrap();
    assert!(list.options.is_empty());
    let reasons: Vec<(&str, usize)> = list
        .excluded
        .iter()
        .map(|r| (r.reason.as_str(), r.count))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("not approved for dementia", 2),
            ("over 30 min from day service", 1)
        ]
    );
    let rev =
        matching::shortlist_for_household(&s, &MatchConfig::default(), &HouseholdId::new("H3"), 5)
            .unwrap();
    assert_eq!(rev.feasible_people, 0);
    assert_eq!(rev.excluded[0].rule, "travel_to_important_place");
}

#[test]
fn the_best_shortlisted_option_is_placed_when_nobody_competes() {
    let s = fixture("two_people_one_household.json");
    let cfg = MatchConfig::default();
    let list = matching::shortlist(&s, &cfg, &PersonId::new("P1"), 1).unwrap();
    let r = matching::match_scenario(&s, &cfg).unwrap();
    assert_eq!(r.placements[0].option, list.options[0].option);
    assert_eq!(r.placements[0].score, list.options[0].score);
}

#[test]
fn unknown_ids_are_reported() {
    let s = fixture("two_people_one_household.json");
    let err =
        matching::shortlist(&s, &MatchConfig::default(), &PersonId::new("nobody"), 3).unwrap_err();
    assert_eq!(err.issues()[0].code, "unknown_id");
    assert_eq!(err.issues()[0].record, "person nobody");
    let err =
        matching::shortlist_for_household(&s, &MatchConfig::default(), &HouseholdId::new("H9"), 3)
            .unwrap_err();
    assert_eq!(err.issues()[0].record, "household H9");
}

#[test]
fn ruled_out_options_name_every_rule_the_checker_finds() {
    let s = matching::sample_scenario(40, 20, 7);
    let cfg = MatchConfig::default();
    let options = s.households.len() + s.schemes.iter().map(|x| x.vacancies.len()).sum::<usize>();
    for p in s.people.iter().take(15) {
        let list = matching::shortlist(&s, &cfg, &p.id, usize::MAX).unwrap();
        // Every option is either on the list or ruled out, never both.
        assert_eq!(list.options.len() + list.ruled_out.len(), options);
        for r in &list.ruled_out {
            assert!(!r.failed.is_empty());
            let opt = find_option(
                &s,
                r.option.household.as_ref().map(|x| x.as_str()),
                r.option.vacancy.as_ref().map(|x| x.as_str()),
            );
            let rules: Vec<&str> = r.failed.iter().map(|f| f.rule.as_str()).collect();
            // The checker leaves capacity aside: a full household must say so.
            let full = matches!(&opt, Opt::H(h) if h.places as usize <= h.occupants.len());
            if full && p.arrangement == Arrangement::LongTerm {
                assert!(rules.contains(&"has_free_place"), "{}", r.option.label);
            }
            let mut rest: Vec<&str> = rules
                .into_iter()
                .filter(|x| *x != "has_free_place")
                .collect();
            let mut want = broken_rules(&s, &cfg, p, &opt);
            rest.sort_unstable();
            want.sort_unstable();
            assert_eq!(rest, want, "{} / {}", p.id.as_str(), r.option.label);
            let loc = match &opt {
                Opt::H(h) => h.location,
                Opt::V(sc, _) => sc.location,
            };
            let km = p.home.distance_m(&loc) / 1000.0;
            assert!((r.distance_m as f64 / 1000.0 - km).abs() < 0.001);
        }
    }
    for h in s.households.iter().take(5) {
        let rev = matching::shortlist_for_household(&s, &cfg, &h.id, usize::MAX).unwrap();
        assert_eq!(rev.people.len() + rev.ruled_out.len(), s.people.len());
        for r in &rev.ruled_out {
            let p = s.people.iter().find(|x| x.id == r.person).unwrap();
            let mut rules: Vec<&str> = r
                .failed
                .iter()
                .map(|f| f.rule.as_str())
                .filter(|x| *x != "has_free_place")
                .collect();
            let mut want = broken_rules(&s, &cfg, p, &Opt::H(h));
            rules.sort_unstable();
            want.sort_unstable();
            assert_eq!(rules, want);
        }
    }
}
