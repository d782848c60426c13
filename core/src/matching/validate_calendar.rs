//! Calendar checks: impossible calendars reported with record and field.
//!
//! One small function per check, all run by [`check`] after the record
//! checks in [`super::validate`]: bookings at a household that overlap
//! beyond its free places (or fall in the carers' time off), booking dates
//! that are not dates or are in the wrong order, day support without
//! sessions, sessions that are not 4 or 8 hours or name a weekday twice,
//! sessions on a weekday the household of an accepted or in-progress
//! introduction does not offer (or beyond its day-support places), and
//! held places (`holds`) that name no place, two places, an unknown place or
//! a place where the mover is also listed as living. A person ready for
//! their own tenancy needs no place to leave: people in residential care or
//! hospital may move to their own tenancy too.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Arrangement, DateRange, Household, Outcome, Person, Scenario, Weekday};
use crate::error::Issues;

/// Day-support sessions are 4 or 8 hours long (Nottinghamshire).
pub const SESSION_HOURS: [u32; 2] = [4, 8];

/// Where each parsed record sat in the input, and the ids as written (so a
/// record that failed to parse does not cause a false "unknown id").
pub(super) struct Positions<'a> {
    /// Input position of each parsed person.
    pub people: &'a [usize],
    /// Input position of each parsed household.
    pub households: &'a [usize],
    /// Input position of each parsed introduction.
    pub introductions: &'a [usize],
    /// Household ids as written.
    pub household_ids: &'a [String],
    /// Scheme ids as written.
    pub scheme_ids: &'a [String],
}

fn pos(ix: &[usize], k: usize) -> usize {
    ix.get(k).copied().unwrap_or(k)
}

/// Runs every calendar check.
pub(super) fn check(s: &Scenario, at: &Positions<'_>, issues: &mut Issues) {
    for (k, h) in s.households.iter().enumerate() {
        let i = pos(at.households, k);
        let spans = booking_dates(h, i, issues);
        bookings_within_free_places(h, i, &spans, issues);
        bookings_outside_time_off(h, i, &spans, issues);
    }
    for (k, p) in s.people.iter().enumerate() {
        let i = pos(at.people, k);
        day_support_has_sessions(p, i, issues);
        session_hours(p, i, issues);
        session_days_once(p, i, issues);
        held_place(s, p, i, at, issues);
    }
    movers_fit_their_household(s, issues);
    sessions_on_offered_days(s, at, issues);
}

/// Days since 1970 of a range, or `None` when a date is not a date.
fn days(r: &DateRange) -> Option<(i64, i64)> {
    Some((r.start.day_number()?, r.end.day_number()?))
}

/// Checks each booking's dates; returns the valid ones as (booking index,
/// first day, last day).
fn booking_dates(h: &Household, i: usize, issues: &mut Issues) -> Vec<(usize, i64, i64)> {
    let rec = format!("household {}", h.id);
    let mut out = Vec::new();
    for (j, b) in h.bookings.iter().enumerate() {
        let path = format!("households[{i}].bookings[{j}].dates");
        for (d, end) in [(&b.dates.start, "start"), (&b.dates.end, "end")] {
            if d.day_number().is_none() {
                issues.add(
                    "bad_date",
                    &rec,
                    format!("{path}.{end}"),
                    format!("`{d}` is not a date"),
                    "write dates as YYYY-MM-DD, e.g. 2025-04-01",
                );
            }
        }
        match days(&b.dates) {
            Some((a, z)) if a > z => issues.add(
                "dates_out_of_order",
                &rec,
                path,
                format!(
                    "the stay booked for {} starts on {} but ends earlier, on {}",
                    b.person, b.dates.start, b.dates.end
                ),
                "swap start and end, or correct the year",
            ),
            Some((a, z)) => out.push((j, a, z)),
            None => {}
        }
    }
    out
}

/// On no date may more stays be booked than the household has free places
/// (approved places less the people living there). Reports the first date
/// of each run of over-booked days, at the booking that tips it over.
fn bookings_within_free_places(
    h: &Household,
    i: usize,
    spans: &[(usize, i64, i64)],
    issues: &mut Issues,
) {
    let free = h.places.saturating_sub(h.occupants.len() as u32) as usize;
    // Sweep: +1 on a stay's first day, −1 the day after its last; at equal
    // days the departures come first (a stay ending on the 4th frees the
    // room on the 5th, so a stay starting on the 5th fits).
    let mut events: Vec<(i64, i32, usize)> = Vec::with_capacity(spans.len() * 2);
    for &(j, a, z) in spans {
        events.push((a, 1, j));
        events.push((z + 1, -1, j));
    }
    events.sort_unstable();
    let mut staying = 0usize;
    let mut over = false;
    for (day, delta, j) in events {
        if delta < 0 {
            staying -= 1;
            over = staying > free && over;
            continue;
        }
        staying += 1;
        if staying > free && !over {
            over = true;
            let b = &h.bookings[j];
            issues.add(
                "overbooked",
                format!("household {}", h.id),
                format!("households[{i}].bookings[{j}]"),
                format!(
                    "{staying} stays are booked on {} but the household has {free} free place{} ({} approved, {} living there)",
                    super::model::date_of(day),
                    if free == 1 { "" } else { "s" },
                    h.places,
                    h.occupants.len()
                ),
                format!(
                    "move the stay of {} to other dates or another household, or correct the places",
                    b.person
                ),
            );
        }
    }
}

/// No stay can be booked while the carers are away.
fn bookings_outside_time_off(
    h: &Household,
    i: usize,
    spans: &[(usize, i64, i64)],
    issues: &mut Issues,
) {
    for &(j, a, z) in spans {
        let clash = h
            .unavailable
            .iter()
            .filter_map(|r| days(r).map(|d| (r, d)))
            .find(|(_, (ua, uz))| a <= *uz && *ua <= z);
        if let Some((r, _)) = clash {
            issues.add(
                "booked_during_time_off",
                format!("household {}", h.id),
                format!("households[{i}].bookings[{j}].dates"),
                format!(
                    "the stay booked for {} ({} to {}) falls in the carers' time off ({} to {})",
                    h.bookings[j].person,
                    h.bookings[j].dates.start,
                    h.bookings[j].dates.end,
                    r.start,
                    r.end
                ),
                "move the stay or the time off, or book respite cover elsewhere",
            );
        }
    }
}

fn day_support_has_sessions(p: &Person, i: usize, issues: &mut Issues) {
    if p.arrangement == Arrangement::DaySupport && p.sessions.is_empty() {
        issues.add(
            "missing_field",
            format!("person {}", p.id),
            format!("people[{i}].sessions"),
            "day support needs sessions (which weekdays, how many hours)",
            "add \"sessions\": [{\"day\": \"monday\", \"hours\": 4}]",
        );
    }
}

fn session_hours(p: &Person, i: usize, issues: &mut Issues) {
    for (j, s) in p.sessions.iter().enumerate() {
        if !SESSION_HOURS.contains(&s.hours) {
            issues.add(
                "bad_session_length",
                format!("person {}", p.id),
                format!("people[{i}].sessions[{j}].hours"),
                format!(
                    "a {} session of {} hours; day support is given in sessions of 4 or 8 hours",
                    s.day.label(),
                    s.hours
                ),
                "use 4 (half a day) or 8 (a full day); for more hours, add sessions on other days",
            );
        }
    }
}

fn session_days_once(p: &Person, i: usize, issues: &mut Issues) {
    let mut first: BTreeMap<Weekday, usize> = BTreeMap::new();
    for (j, s) in p.sessions.iter().enumerate() {
        let f = *first.entry(s.day).or_insert(j);
        if f != j {
            issues.add(
                "duplicate_session_day",
                format!("person {}", p.id),
                format!("people[{i}].sessions[{j}].day"),
                format!("{} is listed again (first at sessions[{f}])", s.day.label()),
                "give one session a day, 4 or 8 hours long",
            );
        }
    }
}

fn held_place(s: &Scenario, p: &Person, i: usize, at: &Positions<'_>, issues: &mut Issues) {
    let Some(held) = &p.holds else {
        return;
    };
    let rec = format!("person {}", p.id);
    let path = format!("people[{i}].holds");
    match (&held.household, &held.scheme) {
        (Some(h), None) => {
            if !at.household_ids.iter().any(|x| x == h.as_str()) {
                issues.add(
                    "unknown_id",
                    &rec,
                    format!("{path}.household"),
                    format!("no household has id {h}"),
                    "check the household id",
                );
            }
            for (k, home) in s.households.iter().enumerate() {
                if &home.id == h
                    && let Some(o) = home.occupants.iter().position(|r| r.id == p.id)
                {
                    let hi = pos(at.households, k);
                    issues.add(
                        "listed_twice",
                        &rec,
                        &path,
                        format!(
                            "{} holds a place at household {h} and is also listed among its occupants (households[{hi}].occupants[{o}])",
                            p.id
                        ),
                        "list someone who may move once, in people with `holds`: remove them from the occupants",
                    );
                }
            }
        }
        (None, Some(sc)) => {
            if !at.scheme_ids.iter().any(|x| x == sc.as_str()) {
                issues.add(
                    "unknown_id",
                    &rec,
                    format!("{path}.scheme"),
                    format!("no scheme has id {sc}"),
                    "check the scheme id",
                );
            }
            for (k, home) in s.schemes.iter().enumerate() {
                if &home.id == sc
                    && let Some(t) = home.tenants.iter().position(|r| r.id == p.id)
                {
                    issues.add(
                        "listed_twice",
                        &rec,
                        &path,
                        format!(
                            "{} holds a room at scheme {sc} and is also listed among its tenants (schemes[{k}].tenants[{t}])",
                            p.id
                        ),
                        "list someone who may move once, in people with `holds`: remove them from the tenants",
                    );
                }
            }
        }
        (Some(_), Some(_)) => issues.add(
            "bad_reference",
            &rec,
            &path,
            "the held place names both a household and a scheme",
            "keep the one the person lives in now",
        ),
        (None, None) => issues.add(
            "bad_reference",
            &rec,
            &path,
            "the held place names neither a household nor a scheme",
            "set `household` or `scheme`, or remove `holds` if the person has no place to leave",
        ),
    }
}

/// People living in a household (occupants and movers who hold a place
/// there) cannot outnumber its approved places.
fn movers_fit_their_household(s: &Scenario, issues: &mut Issues) {
    let mut holders: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &s.people {
        if let Some(h) = p.holds.as_ref().and_then(|x| x.household.as_ref()) {
            *holders.entry(h.as_str()).or_default() += 1;
        }
    }
    for h in &s.households {
        let movers = holders.get(h.id.as_str()).copied().unwrap_or(0);
        let living = h.occupants.len() + movers;
        if movers > 0 && living > h.places as usize {
            issues.add(
                "over_capacity",
                format!("household {}", h.id),
                "people[].holds",
                format!(
                    "{} occupants and {movers} people holding a place here, but only {} places",
                    h.occupants.len(),
                    h.places
                ),
                "correct the places, the occupants or the held places",
            );
        }
    }
}

/// For an accepted or in-progress day-support introduction, every session
/// must fall on a weekday the household offers, and on no weekday may such
/// introductions need more than its day-support places.
fn sessions_on_offered_days(s: &Scenario, at: &Positions<'_>, issues: &mut Issues) {
    let mut used: BTreeMap<(&str, Weekday), u32> = BTreeMap::new();
    for (k, intro) in s.introductions.iter().enumerate() {
        if intro.outcome == Outcome::Declined {
            continue;
        }
        let Some(hid) = &intro.household else {
            continue;
        };
        let Some((pk, p)) = s
            .people
            .iter()
            .enumerate()
            .find(|(_, p)| p.id == intro.person)
        else {
            continue;
        };
        let Some(h) = s.households.iter().find(|h| &h.id == hid) else {
            continue;
        };
        if p.arrangement != Arrangement::DaySupport {
            continue;
        }
        let offered: &[Weekday] = h.day_support_days.as_deref().unwrap_or(&Weekday::WORKING);
        let ii = pos(at.introductions, k);
        let pi = pos(at.people, pk);
        let mut counted = BTreeSet::new();
        for (j, sess) in p.sessions.iter().enumerate() {
            if counted.insert(sess.day) {
                *used.entry((h.id.as_str(), sess.day)).or_default() += 1;
            }
            if !offered.contains(&sess.day) {
                let days: Vec<&str> = offered.iter().map(|d| d.label()).collect();
                issues.add(
                    "day_not_offered",
                    format!("person {}", p.id),
                    format!("people[{pi}].sessions[{j}].day"),
                    format!(
                        "a {} session, but household {} (introductions[{ii}], {}) offers day support on {} only",
                        sess.day.label(),
                        h.id,
                        if intro.outcome == Outcome::Accepted { "accepted" } else { "in progress" },
                        if days.is_empty() { "no day".to_owned() } else { days.join(", ") }
                    ),
                    "move the session to a day the household offers, or change its `day_support_days`",
                );
            }
        }
    }
    for (k, h) in s.households.iter().enumerate() {
        let cap = h.day_support_places.unwrap_or(h.places);
        for day in Weekday::ALL {
            let n = used.get(&(h.id.as_str(), day)).copied().unwrap_or(0);
            if n > cap {
                issues.add(
                    "over_capacity",
                    format!("household {}", h.id),
                    format!("households[{}].day_support_places", pos(at.households, k)),
                    format!(
                        "{n} accepted or in-progress day-support introductions on {} but {cap} day-support places",
                        day.label()
                    ),
                    "mark the extra introductions declined, move sessions to other days, or correct the places",
                );
            }
        }
    }
}
