//! An independent checker of a placement plan over time.
//!
//! It reads only the scenario, the run settings and the result (never the
//! solver's own bookkeeping) and re-derives, from the rules:
//! - **no place double-booked on any date**: in every household, occupants,
//!   bookings, people kept from introductions, movers who stay and the new
//!   stays covering any date fit its approved places; day-support sessions
//!   fit its day places on every weekday; a vacancy holds one person;
//! - **people who live together may**: every pair who share a home on some
//!   date (residents, movers who stay, newcomers) passes must-not-live-with,
//!   smoking and needs-they-cannot-live-with both ways; a scheme's newcomers
//!   fit its spare support hours; gender-mix limits hold per home;
//! - **chains are real**: every move after the first takes the place the
//!   previous move left;
//! - **nobody is lost**: every person is placed, unplaced or staying, once.
//!
//! Returns the problems found, in words (empty when the plan is sound).

use std::collections::{BTreeMap, BTreeSet};

use super::config::MatchConfig;
use super::model::{Arrangement, Person, PersonId, Scenario};
use super::moveon;
use super::result::{MatchResult, OptionRef};

/// A stay's nights as day numbers (open-ended stays end at `i64::MAX`).
fn nights(s: &Scenario, p: &Person) -> Option<(i64, i64)> {
    let as_of = s.as_of.as_ref().and_then(|d| d.day_number());
    match p.arrangement {
        Arrangement::DaySupport => None,
        Arrangement::ShortBreak => {
            let d = p.dates.as_ref()?;
            d.start.day_number().zip(d.end.day_number())
        }
        Arrangement::Emergency => Some((as_of.unwrap_or(i64::MIN), i64::MAX)),
        Arrangement::LongTerm => Some((
            p.needed_by
                .as_ref()
                .and_then(|d| d.day_number())
                .or(as_of)
                .unwrap_or(i64::MIN),
            i64::MAX,
        )),
    }
}

/// The home (household or scheme id) an option is in.
fn home_of(r: &OptionRef) -> String {
    match (&r.household, &r.scheme) {
        (Some(h), _) => format!("household {h}"),
        (None, Some(s)) => format!("scheme {s}"),
        _ => r.label.clone(),
    }
}

/// Someone living in a home after the run: who, their nights, and whether
/// they are a newcomer (a mover who stays is not).
type Dweller<'a> = (&'a Person, Option<(i64, i64)>, bool);

fn clash(a: &Person, b: &Person) -> bool {
    let avoid = |x: &Person, y: &Person| {
        x.preferences.must_not_live_with.contains(&y.id)
            || (y.smokes && x.preferences.smoking_ok == Some(false))
            || y.needs
                .iter()
                .any(|n| x.preferences.not_with_needs.contains(n))
    };
    avoid(a, b) || avoid(b, a)
}

/// Checks a plan against the scenario's rules over time; see the module docs.
pub fn check_plan(s: &Scenario, cfg: &MatchConfig, r: &MatchResult) -> Vec<String> {
    let placements: Vec<(PersonId, OptionRef)> = r
        .placements
        .iter()
        .map(|x| (x.person.clone(), x.option.clone()))
        .collect();
    let staying: Vec<(PersonId, OptionRef)> = r
        .staying
        .iter()
        .map(|x| (x.person.clone(), x.place.clone()))
        .collect();
    let unplaced: Vec<PersonId> = r.unplaced.iter().map(|x| x.person.clone()).collect();
    let mut problems = check_assignment(s, cfg, &placements, &staying, &unplaced);
    check_chains(r, &mut problems);
    problems
}

/// Checks who goes where (placements, movers staying, people unplaced)
/// against the scenario's rules over time, chains aside.
pub fn check_assignment(
    s: &Scenario,
    cfg: &MatchConfig,
    placements: &[(PersonId, OptionRef)],
    staying: &[(PersonId, OptionRef)],
    unplaced: &[PersonId],
) -> Vec<String> {
    let mut problems = Vec::new();
    let people: BTreeMap<&PersonId, &Person> = s.people.iter().map(|p| (&p.id, p)).collect();
    // Nobody lost or counted twice.
    let mut seen: BTreeMap<&PersonId, usize> = BTreeMap::new();
    for id in placements
        .iter()
        .map(|x| &x.0)
        .chain(unplaced.iter())
        .chain(staying.iter().map(|x| &x.0))
    {
        *seen.entry(id).or_default() += 1;
    }
    for p in &s.people {
        match seen.get(&p.id) {
            Some(1) => {}
            Some(n) => problems.push(format!("{} appears {n} times in the result", p.id)),
            None => problems.push(format!("{} is missing from the result", p.id)),
        }
    }
    // Who is where: (person, nights, arrangement) by option, and by home.
    let mut at_option: BTreeMap<String, Vec<&Person>> = BTreeMap::new();
    for (id, option) in placements {
        if let Some(p) = people.get(id) {
            let key = option
                .household
                .as_ref()
                .map(|h| format!("household {h}"))
                .or_else(|| option.vacancy.as_ref().map(|v| format!("vacancy {v}")))
                .unwrap_or_default();
            at_option.entry(key).or_default().push(p);
        }
    }
    let mut staying_at: BTreeMap<String, Vec<&Person>> = BTreeMap::new();
    for (id, place) in staying {
        if let Some(p) = people.get(id) {
            staying_at.entry(home_of(place)).or_default().push(p);
        }
    }
    // Households: beds by date and day places by weekday.
    for h in &s.households {
        let key = format!("household {}", h.id);
        let newcomers = at_option.get(&key).cloned().unwrap_or_default();
        let stayers = staying_at.get(&key).cloned().unwrap_or_default();
        let bookings: Vec<(i64, i64)> = h
            .bookings
            .iter()
            .filter_map(|b| b.dates.start.day_number().zip(b.dates.end.day_number()))
            .collect();
        let stays: Vec<(i64, i64)> = newcomers
            .iter()
            .filter_map(|p| nights(s, p))
            .chain(stayers.iter().map(|_| (i64::MIN, i64::MAX)))
            .chain(bookings.iter().copied())
            .collect();
        let mut dates: BTreeSet<i64> = stays.iter().map(|x| x.0).collect();
        dates.insert(i64::MAX);
        for t in dates {
            let used = stays.iter().filter(|&&(a, b)| a <= t && t <= b).count() + h.occupants.len();
            if used > h.places as usize {
                let day = if t == i64::MAX || t == i64::MIN {
                    "from then on".to_owned()
                } else {
                    format!("on {}", super::model::date_of(t))
                };
                problems.push(format!(
                    "household {} has {used} people for {} places {day}",
                    h.id, h.places
                ));
            }
        }
        let day_places = h.day_support_places.unwrap_or(h.places) as usize;
        for d in super::model::Weekday::ALL {
            let n = newcomers
                .iter()
                .filter(|p| p.arrangement == Arrangement::DaySupport)
                .filter(|p| p.sessions.iter().any(|x| x.day == d))
                .count();
            if n > day_places {
                problems.push(format!(
                    "household {} has {n} day-support sessions on {} for {day_places} places",
                    h.id,
                    d.label()
                ));
            }
        }
    }
    for (key, list) in &at_option {
        if key.starts_with("vacancy ") && list.len() > 1 {
            problems.push(format!("{key} holds {} people", list.len()));
        }
    }
    // Homes: who lives together may.
    let mut by_home: BTreeMap<String, Vec<Dweller>> = BTreeMap::new();
    for (id, option) in placements {
        if let Some(p) = people.get(id) {
            let home = home_of(option);
            if !home.starts_with(&format!("scheme {}", moveon::OWN_TENANCY_PREFIX)) {
                by_home
                    .entry(home)
                    .or_default()
                    .push((p, nights(s, p), true));
            }
        }
    }
    for (id, place) in staying {
        if let Some(p) = people.get(id) {
            by_home
                .entry(home_of(place))
                .or_default()
                .push((p, Some((i64::MIN, i64::MAX)), false));
        }
    }
    for (home, list) in &by_home {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let together = match (a.1, b.1) {
                    (Some(x), Some(y)) => x.0 <= y.1 && y.0 <= x.1,
                    _ => false,
                };
                if together && clash(a.0, b.0) {
                    problems.push(format!(
                        "{} and {} may not live together at {home}",
                        a.0.id, b.0.id
                    ));
                }
            }
        }
        for g in &cfg.side.gender_limits {
            let n = list
                .iter()
                .filter(|x| x.2 && x.0.gender == Some(g.gender))
                .count();
            if n > g.max_per_household as usize {
                problems.push(format!(
                    "{home} takes {n} newcomers of one gender, over the limit"
                ));
            }
        }
        if let Some(id) = home.strip_prefix("scheme ")
            && let Some(sc) = s.schemes.iter().find(|x| x.id.as_str() == id)
        {
            let hours: u32 = list
                .iter()
                .filter(|x| x.2)
                .map(|x| x.0.support_hours_per_week)
                .sum();
            if hours > sc.support_hours_available {
                problems.push(format!(
                    "{home} needs {hours} support hours a week for {} spare",
                    sc.support_hours_available
                ));
            }
            for x in list.iter().filter(|x| x.2) {
                for t in &sc.tenants {
                    let bad = t.must_not_live_with.contains(&x.0.id)
                        || x.0.preferences.must_not_live_with.contains(&t.id)
                        || (t.smokes && x.0.preferences.smoking_ok == Some(false))
                        || t.not_with_needs.iter().any(|n| x.0.needs.contains(n))
                        || t.needs
                            .iter()
                            .any(|n| x.0.preferences.not_with_needs.contains(n));
                    if bad {
                        problems.push(format!(
                            "{} may not live with tenant {} at {home}",
                            x.0.id, t.id
                        ));
                    }
                }
            }
        }
    }
    // A held room is either kept by its mover or given to someone else.
    for (_, place) in staying {
        if place.vacancy.is_some() && placements.iter().any(|x| x.1.vacancy == place.vacancy) {
            problems.push(format!("{} is kept and given away", place.label));
        }
    }
    problems
}

/// Chains: each move after the first takes the place the one before left.
fn check_chains(r: &MatchResult, problems: &mut Vec<String>) {
    for (i, c) in r.chains.iter().enumerate() {
        for w in c.moves.windows(2) {
            let freed = w[0].frees.as_ref();
            let taken = &w[1].to;
            let same = freed.is_some_and(|f| {
                (f.household.is_some() && f.household == taken.household)
                    || (f.vacancy.is_some() && f.vacancy == taken.vacancy)
            });
            if !same {
                problems.push(format!(
                    "chain {} : {} does not take the place {} left",
                    i + 1,
                    w[1].person,
                    w[0].person
                ));
            }
        }
    }
}
