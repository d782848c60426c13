//! Test helpers shared by the matching integration tests: fixture loading
//! and an independent checker of placements.
//!
//! The checker re-implements every hard rule directly from the domain model,
//! without using `carematch::matching::rules`, so a bug in a rule or in the
//! planner shows up as a disagreement.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;

use carematch::geo::LatLon;
use carematch::matching::{
    Arrangement, Household, MatchConfig, MatchResult, Outcome, Person, Resident, Scenario, Scheme,
    SupportLevel, Vacancy,
};

/// Reads a fixture from `core/tests/data`.
pub fn fixture(name: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    carematch::matching::validate_scenario(&text).unwrap()
}

/// A household or a vacancy, looked up by id.
pub enum Opt<'a> {
    H(&'a Household),
    V(&'a Scheme, &'a Vacancy),
}

pub fn find_option<'a>(s: &'a Scenario, household: Option<&str>, vacancy: Option<&str>) -> Opt<'a> {
    if let Some(h) = household {
        return Opt::H(s.households.iter().find(|x| x.id.as_str() == h).unwrap());
    }
    let v = vacancy.unwrap();
    for sc in &s.schemes {
        if let Some(x) = sc.vacancies.iter().find(|x| x.id.as_str() == v) {
            return Opt::V(sc, x);
        }
    }
    panic!("no vacancy {v}");
}

/// A person's bedroom nights (`None` for day support, which takes no bedroom).
pub fn stay_nights(s: &Scenario, p: &Person) -> Option<(i64, i64)> {
    let as_of = s.as_of.as_ref().and_then(|d| d.day_number());
    match p.arrangement {
        Arrangement::DaySupport => None,
        Arrangement::ShortBreak => p.dates.as_ref().map(|d| (day(&d.start), day(&d.end))),
        Arrangement::Emergency => Some((as_of.unwrap_or(i64::MIN), i64::MAX)),
        Arrangement::LongTerm => Some((
            p.needed_by.as_ref().map(day).or(as_of).unwrap_or(i64::MIN),
            i64::MAX,
        )),
    }
}

/// Whether the people placed in a household overflow it on some date
/// (bedrooms) or weekday (day-support places).
pub fn household_over(s: &Scenario, h: &Household, placed: &[&Person]) -> bool {
    let stays: Vec<(i64, i64)> = placed
        .iter()
        .filter_map(|p| stay_nights(s, p))
        .chain(
            h.bookings
                .iter()
                .map(|b| (day(&b.dates.start), day(&b.dates.end))),
        )
        .collect();
    let beds = h.places as usize - h.occupants.len().min(h.places as usize);
    let over_beds = stays
        .iter()
        .any(|&(t, _)| stays.iter().filter(|&&(a, b)| a <= t && t <= b).count() > beds);
    let day_places = h.day_support_places.unwrap_or(h.places) as usize;
    let over_days = carematch::matching::Weekday::ALL.iter().any(|d| {
        placed
            .iter()
            .filter(|p| p.arrangement == Arrangement::DaySupport)
            .filter(|p| p.sessions.iter().any(|x| x.day == *d))
            .count()
            > day_places
    });
    over_beds || over_days
}

/// Whether two people may not share a home (either way round).
pub fn clash(a: &Person, b: &Person) -> bool {
    let avoid = |x: &Person, y: &Person| {
        x.preferences.must_not_live_with.contains(&y.id)
            || (y.smokes && x.preferences.smoking_ok == Some(false))
            || y.needs
                .iter()
                .any(|n| x.preferences.not_with_needs.contains(n))
    };
    avoid(a, b) || avoid(b, a)
}

fn day(d: &carematch::matching::Date) -> i64 {
    d.day_number().unwrap()
}

fn travel_minutes(mode: carematch::geo::TravelMode, a: &LatLon, b: &LatLon) -> i64 {
    mode.minutes(a, b)
}

/// Every hard rule broken by placing `p` in `o` (ignoring capacity and the
/// rules that couple newcomers, checked separately).
pub fn broken_rules(s: &Scenario, cfg: &MatchConfig, p: &Person, o: &Opt) -> Vec<&'static str> {
    let mut broken = Vec::new();
    let (loc, residents): (LatLon, &[Resident]) = match o {
        Opt::H(h) => (h.location, &h.occupants),
        Opt::V(sc, _) => (sc.location, &sc.tenants),
    };
    // Declined at introduction.
    let declined = s.introductions.iter().any(|i| {
        i.person == p.id
            && i.outcome == Outcome::Declined
            && match o {
                Opt::H(h) => i.household.as_ref() == Some(&h.id),
                Opt::V(_, v) => i.vacancy.as_ref() == Some(&v.id),
            }
    });
    if declined {
        broken.push("declined_introduction");
    }
    // Arrangement.
    let offered = match o {
        Opt::H(h) => h.offers.contains(&p.arrangement),
        Opt::V(..) => p.arrangement == Arrangement::LongTerm,
    };
    if !offered {
        broken.push("arrangement_offered");
    }
    // Day support: every weekday of the person's sessions must be offered
    // (households offer Monday to Friday unless they say; schemes offer none).
    if p.arrangement == Arrangement::DaySupport {
        let days: &[carematch::matching::Weekday] = match o {
            Opt::H(h) => h
                .day_support_days
                .as_deref()
                .unwrap_or(&carematch::matching::Weekday::WORKING),
            Opt::V(..) => &[],
        };
        if p.sessions.iter().any(|x| !days.contains(&x.day)) {
            broken.push("sessions_offered");
        }
    }
    // Needs.
    let approved = match o {
        Opt::H(h) => &h.approvals,
        Opt::V(sc, _) => &sc.needs_supported,
    };
    if !p.needs.iter().all(|n| approved.contains(n)) {
        broken.push("needs_approved");
    }
    // Age.
    let (lo, hi) = match o {
        Opt::H(h) => (h.accepts.min_age, h.accepts.max_age),
        Opt::V(sc, _) => (sc.min_age, sc.max_age),
    };
    if lo.is_some_and(|lo| p.age < lo) || hi.is_some_and(|hi| p.age > hi) {
        broken.push("accepts_age");
    }
    // Support (scheme hours are checked with the other newcomers separately).
    match o {
        Opt::H(h) => {
            if p.support_level > h.accepts.max_support_level.unwrap_or(SupportLevel::High) {
                broken.push("support_can_be_met");
            }
        }
        Opt::V(sc, _) => {
            if p.support_hours_per_week > sc.support_hours_available {
                broken.push("support_can_be_met");
            }
        }
    }
    // Pets, smoking, children.
    if let Opt::H(h) = o {
        if h.pets && p.preferences.pets_ok == Some(false) {
            broken.push("pets_compatible");
        }
        if h.children && p.preferences.children_ok == Some(false) {
            broken.push("children_compatible");
        }
        if p.smokes && h.accepts.smokers == Some(false) {
            broken.push("smoking_compatible");
        }
    }
    let smoky = matches!(o, Opt::H(h) if h.smokers) || residents.iter().any(|r| r.smokes);
    if smoky && p.preferences.smoking_ok == Some(false) && !broken.contains(&"smoking_compatible") {
        broken.push("smoking_compatible");
    }
    // Accessibility.
    let (acc, ground) = match o {
        Opt::H(h) => (
            h.accessible_rooms > 0,
            h.ground_floor_bedroom || h.accessible_rooms > 0,
        ),
        Opt::V(_, v) => (v.accessible, v.ground_floor || v.accessible),
    };
    if (p.preferences.wheelchair_access && !acc) || (p.preferences.ground_floor && !ground) {
        broken.push("accessible_room");
    }
    // Availability.
    let start = match (&p.arrangement, &p.dates) {
        (Arrangement::ShortBreak, Some(d)) => Some((day(&d.start), day(&d.end))),
        _ => p
            .needed_by
            .as_ref()
            .map(day)
            .or(s.as_of.as_ref().map(day))
            .map(|d| (d, d)),
    };
    if let Some((a, b)) = start {
        let from = match o {
            Opt::H(h) => h.available_from.as_ref(),
            Opt::V(_, v) => v.available_from.as_ref(),
        };
        let late = from.is_some_and(|f| day(f) > a);
        let away = matches!(o, Opt::H(h) if h.unavailable.iter().any(|r| day(&r.start) <= b && a <= day(&r.end)));
        if late || away {
            broken.push("availability");
        }
    }
    // Distance and travel.
    if p.home.distance_m(&loc) / 1000.0 > cfg.thresholds.max_move_km {
        broken.push("within_area");
    }
    if p.important_places
        .iter()
        .any(|x| travel_minutes(p.travel_mode, &loc, &x.location) > i64::from(x.max_travel_minutes))
    {
        broken.push("travel_to_important_place");
    }
    // Residents.
    if residents.iter().any(|r| {
        p.preferences.must_not_live_with.contains(&r.id) || r.must_not_live_with.contains(&p.id)
    }) {
        broken.push("must_not_live_with");
    }
    if residents
        .iter()
        .any(|r| r.not_with_needs.iter().any(|n| p.needs.contains(n)))
    {
        broken.push("tenant_compatibility");
    }
    broken
}

/// Key of the home (household or scheme) a placement is in.
pub fn home_key(household: Option<&str>, scheme: Option<&str>) -> String {
    match (household, scheme) {
        (Some(h), _) => format!("h:{h}"),
        (None, Some(s)) => format!("s:{s}"),
        _ => panic!("placement without option"),
    }
}

/// Checks a whole result: every person placed or explained exactly once,
/// capacities, every hard rule, and the rules coupling housemates. Returns
/// a list of problems (empty when all is well).
pub fn check_result(s: &Scenario, cfg: &MatchConfig, r: &MatchResult) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &r.placements {
        *seen.entry(p.person.as_str()).or_default() += 1;
    }
    for u in &r.unplaced {
        *seen.entry(u.person.as_str()).or_default() += 1;
    }
    for p in &s.people {
        match seen.get(p.id.as_str()) {
            Some(1) => {}
            n => problems.push(format!("{} appears {:?} times", p.id, n)),
        }
    }
    let mut load: BTreeMap<String, u32> = BTreeMap::new();
    let mut homes: BTreeMap<String, Vec<&Person>> = BTreeMap::new();
    for pl in &r.placements {
        let person = s.people.iter().find(|x| x.id == pl.person).unwrap();
        let opt = find_option(
            s,
            pl.option.household.as_ref().map(|x| x.as_str()),
            pl.option.vacancy.as_ref().map(|x| x.as_str()),
        );
        let key = match &opt {
            Opt::H(h) => format!("h:{}", h.id),
            Opt::V(_, v) => format!("v:{}", v.id),
        };
        *load.entry(key).or_default() += 1;
        homes
            .entry(home_key(
                pl.option.household.as_ref().map(|x| x.as_str()),
                pl.option.scheme.as_ref().map(|x| x.as_str()),
            ))
            .or_default()
            .push(person);
        let broken = broken_rules(s, cfg, person, &opt);
        // A kept (accepted) pair is honoured even if a rule changed since.
        if !broken.is_empty() && pl.status == carematch::matching::PlacementStatus::Proposed {
            problems.push(format!(
                "{} placed at {} breaks {:?}",
                pl.person, pl.option.label, broken
            ));
        }
        if pl.score.total != pl.score.components.iter().map(|c| c.points).sum::<i64>() {
            problems.push(format!(
                "{}: score total is not the sum of its components",
                pl.person
            ));
        }
        if pl.backup.as_ref().is_some_and(|b| b.option == pl.option) {
            problems.push(format!("{}: backup is the placement itself", pl.person));
        }
    }
    for h in &s.households {
        let here: Vec<&Person> = r
            .placements
            .iter()
            .filter(|pl| pl.option.household.as_ref() == Some(&h.id))
            .map(|pl| s.people.iter().find(|x| x.id == pl.person).unwrap())
            .collect();
        if household_over(s, h, &here) {
            problems.push(format!("household {} over capacity", h.id));
        }
    }
    for sc in &s.schemes {
        for v in &sc.vacancies {
            if load.get(&format!("v:{}", v.id)).copied().unwrap_or(0) > 1 {
                problems.push(format!("vacancy {} over capacity", v.id));
            }
        }
        if let Some(people) = homes.get(&format!("s:{}", sc.id)) {
            let hours: u32 = people.iter().map(|p| p.support_hours_per_week).sum();
            if hours > sc.support_hours_available {
                problems.push(format!("scheme {} support hours exceeded", sc.id));
            }
        }
    }
    for (home, people) in &homes {
        for a in people {
            for b in people {
                // Together: stays that share a night, or day support (which
                // meets whoever lives there).
                let together = match (stay_nights(s, a), stay_nights(s, b)) {
                    (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
                    _ => true,
                };
                if a.id != b.id && together && a.preferences.must_not_live_with.contains(&b.id) {
                    problems.push(format!("{} and {} placed together in {home}", a.id, b.id));
                }
            }
        }
    }
    problems
}
