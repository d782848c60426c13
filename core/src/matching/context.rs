//! A read-only, indexed view of a validated scenario that the rules, the
//! scorer and the planner share: options flattened into one list (household
//! places and vacancies), people and options by index, need bit masks, the
//! introduction outcomes resolved to indices, and free places after pinned
//! (accepted or in-progress) introductions.
//!
//! Built once per run; never serialised.

use std::collections::{BTreeMap, BTreeSet};

use super::config::MatchConfig;
use super::model::{
    Arrangement, Household, HouseholdId, OptionKind, Outcome, Person, PersonId, Resident, Scenario,
    Scheme, Vacancy, VacancyId, Weekday,
};
use super::moveon;
use crate::geo::LatLon;
use crate::units::Pence;
use crate::{Error, Result};

/// One option a person can be placed in.
#[derive(Debug, Clone, Copy)]
pub enum OptionView<'a> {
    /// A place in a Shared Lives household.
    Household(&'a Household),
    /// A vacancy in a supported-living scheme.
    Vacancy(&'a Scheme, &'a Vacancy),
}

impl<'a> OptionView<'a> {
    /// Shared Lives or supported living.
    pub fn kind(&self) -> OptionKind {
        match self {
            OptionView::Household(_) => OptionKind::SharedLives,
            OptionView::Vacancy(..) => OptionKind::SupportedLiving,
        }
    }
    /// Location of the home.
    pub fn location(&self) -> LatLon {
        match self {
            OptionView::Household(h) => h.location,
            OptionView::Vacancy(s, _) => s.location,
        }
    }
    /// District, if given.
    pub fn district(&self) -> Option<&'a str> {
        match self {
            OptionView::Household(h) => h.district.as_deref(),
            OptionView::Vacancy(s, _) => s.district.as_deref(),
        }
    }
    /// People already living there.
    pub fn residents(&self) -> &'a [Resident] {
        match self {
            OptionView::Household(h) => &h.occupants,
            OptionView::Vacancy(s, _) => &s.tenants,
        }
    }
    /// A short label: `household H01` or `vacancy V3 at scheme S1`.
    pub fn label(&self) -> String {
        match self {
            OptionView::Household(h) => format!("household {}", h.id),
            OptionView::Vacancy(s, v) => format!("vacancy {} at scheme {}", v.id, s.id),
        }
    }
    /// "households" or "vacancies", for aggregated explanations.
    pub fn noun(kind: OptionKind, n: usize) -> &'static str {
        match (kind, n) {
            (OptionKind::SharedLives, 1) => "household",
            (OptionKind::SharedLives, _) => "households",
            (OptionKind::SupportedLiving, 1) => "vacancy",
            (OptionKind::SupportedLiving, _) => "vacancies",
        }
    }
}

/// The indexed scenario.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The run settings.
    pub cfg: &'a MatchConfig,
    /// `as_of` as a day number.
    pub as_of: Option<i64>,
    /// Options: households first (in input order), then vacancies scheme by scheme.
    pub options: Vec<OptionView<'a>>,
    /// Home (household or scheme) index of each option; vacancies of one
    /// scheme share a home.
    pub home_of: Vec<usize>,
    /// Number of homes (households + schemes).
    pub homes: usize,
    /// Need bit mask per person.
    pub person_needs: Vec<u32>,
    /// Approved / supported need mask per option.
    pub option_needs: Vec<u32>,
    /// Places per option before any introduction (household places minus
    /// occupants; 1 per vacancy).
    pub base_capacity: Vec<u32>,
    /// Option each person is pinned to by an accepted or in-progress introduction.
    pub pinned: Vec<Option<(usize, Outcome)>>,
    /// Places left per option after pinned people take theirs.
    pub free_capacity: Vec<u32>,
    /// Declined (person, option) pairs.
    pub declined: BTreeSet<(usize, usize)>,
    /// Pinned people per home (they count as housemates for newcomers).
    pub pinned_at_home: Vec<Vec<usize>>,
    /// Person index by id.
    pub person_index: BTreeMap<&'a PersonId, usize>,
    /// Option index by household id.
    pub household_index: BTreeMap<&'a HouseholdId, usize>,
    /// Option index by vacancy id.
    pub vacancy_index: BTreeMap<&'a VacancyId, usize>,
    /// Days each person needs a place (a short break's dates, else the day
    /// needed by, else `as_of`), as day numbers.
    pub person_window: Vec<Option<(i64, i64)>>,
    /// First day each option is available, as a day number.
    pub option_from: Vec<Option<i64>>,
    /// Days each option's carers are away, as day-number ranges.
    pub option_away: Vec<Vec<(i64, i64)>>,
    /// Bedroom days of each person's stay, `(first, last)` as day numbers
    /// (`i64::MIN` / `i64::MAX` when open): a short break's dates; a
    /// long-term stay from the day needed (or `as_of`) for ever; an emergency
    /// from `as_of`. Day support takes no bedroom (`None`).
    pub stay: Vec<Option<(i64, i64)>>,
    /// Day-support weekdays of each person as a bit mask (bit = weekday index).
    pub session_days: Vec<u8>,
    /// The option a person holds now and may leave (their "stay" option).
    pub held: Vec<Option<usize>>,
    /// Movers holding a place in each household option (their places are
    /// not in `base_capacity`, see [`Ctx::held_places`]).
    pub movers_at: Vec<u32>,
    /// The mover whose room a vacancy is (a held supported-living room).
    pub held_by: Vec<Option<usize>>,
    /// The person an option is reserved for (an own-tenancy option).
    pub reserved_for: Vec<Option<usize>>,
    /// Booked stays per household option, as day-number ranges.
    pub option_bookings: Vec<Vec<(i64, i64)>>,
}

/// Bit of a weekday in a day mask.
pub fn weekday_bit(d: Weekday) -> u8 {
    1 << (d as u8)
}

/// Bit mask of a list of needs.
pub fn need_mask(needs: &[super::model::Need]) -> u32 {
    needs.iter().fold(0, |m, n| m | n.bit())
}

impl<'a> Ctx<'a> {
    /// Indexes a scenario that has passed validation.
    pub fn new(scenario: &'a Scenario, cfg: &'a MatchConfig) -> Result<Self> {
        let mut options = Vec::new();
        let mut home_of = Vec::new();
        let mut option_needs = Vec::new();
        let mut base_capacity = Vec::new();
        let mut household_index = BTreeMap::new();
        let mut vacancy_index = BTreeMap::new();
        for (i, h) in scenario.households.iter().enumerate() {
            household_index.insert(&h.id, options.len());
            options.push(OptionView::Household(h));
            home_of.push(i);
            option_needs.push(need_mask(&h.approvals));
            let movers = scenario
                .people
                .iter()
                .filter(|p| p.holds.as_ref().and_then(|x| x.household.as_ref()) == Some(&h.id))
                .count() as u32;
            base_capacity.push(
                h.places
                    .saturating_sub(h.occupants.len() as u32)
                    .saturating_sub(movers),
            );
        }
        for (j, s) in scenario.schemes.iter().enumerate() {
            for v in &s.vacancies {
                vacancy_index.insert(&v.id, options.len());
                options.push(OptionView::Vacancy(s, v));
                home_of.push(scenario.households.len() + j);
                option_needs.push(need_mask(&s.needs_supported));
                base_capacity.push(1);
            }
        }
        let homes = scenario.households.len() + scenario.schemes.len();
        let person_index: BTreeMap<_, _> = scenario
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        let person_needs = scenario
            .people
            .iter()
            .map(|p| need_mask(&p.needs))
            .collect();
        let mut pinned = vec![None; scenario.people.len()];
        let mut declined = BTreeSet::new();
        for intro in &scenario.introductions {
            let p = *person_index
                .get(&intro.person)
                .ok_or(Error::Internal("introduction names an unknown person"))?;
            let o = match (&intro.household, &intro.vacancy) {
                (Some(h), None) => household_index.get(h).copied(),
                (None, Some(v)) => vacancy_index.get(v).copied(),
                _ => None,
            }
            .ok_or(Error::Internal("introduction names an unknown option"))?;
            match intro.outcome {
                Outcome::Declined => {
                    declined.insert((p, o));
                }
                Outcome::Accepted | Outcome::InProgress => {
                    // Validation guarantees at most one pin per person.
                    pinned[p] = Some((o, intro.outcome));
                }
            }
        }
        let mut free_capacity = base_capacity.clone();
        let mut pinned_at_home = vec![Vec::new(); homes];
        for (p, pin) in pinned.iter().enumerate() {
            if let Some((o, _)) = pin {
                if scenario.people[p].arrangement.uses_bedroom()
                    && scenario.people[p].arrangement != Arrangement::ShortBreak
                {
                    free_capacity[*o] = free_capacity[*o].saturating_sub(1);
                }
                pinned_at_home[home_of[*o]].push(p);
            }
        }
        let as_of = scenario.as_of.as_ref().and_then(|d| d.day_number());
        // Dates are parsed once here rather than for every pair.
        let person_window: Vec<Option<(i64, i64)>> = scenario
            .people
            .iter()
            .map(|p| match (p.arrangement, &p.dates) {
                (Arrangement::ShortBreak, Some(d)) => d.start.day_number().zip(d.end.day_number()),
                _ => p
                    .needed_by
                    .as_ref()
                    .and_then(|d| d.day_number())
                    .or(as_of)
                    .map(|d| (d, d)),
            })
            .collect();
        let option_from = options
            .iter()
            .map(|o| match o {
                OptionView::Household(h) => h.available_from.as_ref(),
                OptionView::Vacancy(_, v) => v.available_from.as_ref(),
            })
            .map(|d| d.and_then(|d| d.day_number()))
            .collect();
        let stay = scenario
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| match p.arrangement {
                Arrangement::DaySupport => None,
                Arrangement::ShortBreak => person_window[i],
                Arrangement::Emergency => Some((as_of.unwrap_or(i64::MIN), i64::MAX)),
                Arrangement::LongTerm if p.holds.is_some() => Some((i64::MIN, i64::MAX)),
                Arrangement::LongTerm => Some((
                    person_window[i].map_or(i64::MIN, |w: (i64, i64)| w.0),
                    i64::MAX,
                )),
            })
            .collect();
        let session_days = scenario
            .people
            .iter()
            .map(|p| p.sessions.iter().fold(0u8, |m, s| m | weekday_bit(s.day)))
            .collect();
        let mut held = vec![None; scenario.people.len()];
        let mut movers_at = vec![0u32; options.len()];
        let mut held_by = vec![None; options.len()];
        for (i, p) in scenario.people.iter().enumerate() {
            let Some(h) = &p.holds else { continue };
            let o = match (&h.household, &h.scheme) {
                (Some(hh), _) => household_index.get(hh).copied(),
                (None, Some(sc)) => vacancy_index.get(&moveon::held_room_id(sc, p)).copied(),
                _ => None,
            };
            if let Some(o) = o {
                held[i] = Some(o);
                match options[o] {
                    OptionView::Household(_) => movers_at[o] += 1,
                    OptionView::Vacancy(..) => held_by[o] = Some(i),
                }
            }
        }
        let mut reserved_for = vec![None; options.len()];
        for (i, p) in scenario.people.iter().enumerate() {
            if p.ready_for_own_tenancy {
                let id = VacancyId::new(moveon::own_tenancy_id(p));
                if let Some(&o) = vacancy_index.get(&id) {
                    reserved_for[o] = Some(i);
                }
            }
        }
        let option_bookings = options
            .iter()
            .map(|o| match o {
                OptionView::Household(h) => h
                    .bookings
                    .iter()
                    .filter_map(|b| b.dates.start.day_number().zip(b.dates.end.day_number()))
                    .collect(),
                OptionView::Vacancy(..) => Vec::new(),
            })
            .collect();
        let option_away = options
            .iter()
            .map(|o| match o {
                OptionView::Household(h) => h
                    .unavailable
                    .iter()
                    .filter_map(|r| r.start.day_number().zip(r.end.day_number()))
                    .collect(),
                OptionView::Vacancy(..) => Vec::new(),
            })
            .collect();
        Ok(Ctx {
            scenario,
            cfg,
            as_of,
            options,
            home_of,
            homes,
            person_needs,
            option_needs,
            base_capacity,
            pinned,
            free_capacity,
            declined,
            pinned_at_home,
            person_index,
            household_index,
            vacancy_index,
            person_window,
            option_from,
            option_away,
            stay,
            session_days,
            held,
            movers_at,
            held_by,
            reserved_for,
            option_bookings,
        })
    }

    /// Places held by movers in option `o` (each is free if its mover leaves).
    pub fn held_places(&self, o: usize) -> u32 {
        self.movers_at[o]
    }

    /// Bedrooms of household option `o` not taken on day `t` by occupants,
    /// bookings or movers (movers' places are counted as taken: they are
    /// rows of the plan and use a bedroom while they stay).
    pub fn beds_free_on(&self, o: usize, t: i64) -> i64 {
        let OptionView::Household(h) = self.options[o] else {
            return 1;
        };
        let booked = self.option_bookings[o]
            .iter()
            .filter(|&&(a, b)| a <= t && t <= b)
            .count() as i64;
        i64::from(h.places) - h.occupants.len() as i64 - booked
    }

    /// Day-support places of household option `o` per session day.
    pub fn day_places(&self, o: usize) -> u32 {
        match self.options[o] {
            OptionView::Household(h) => h.day_support_places.unwrap_or(h.places),
            OptionView::Vacancy(..) => 0,
        }
    }

    /// Weekdays household option `o` offers day support, as a bit mask.
    pub fn day_mask(&self, o: usize) -> u8 {
        match self.options[o] {
            OptionView::Household(h) => h
                .day_support_days
                .as_deref()
                .unwrap_or(&Weekday::WORKING)
                .iter()
                .fold(0u8, |m, d| m | weekday_bit(*d)),
            OptionView::Vacancy(..) => 0,
        }
    }

    /// The person at index `p`.
    pub fn person(&self, p: usize) -> &'a Person {
        &self.scenario.people[p]
    }

    /// Weekly cost of placing someone in option `o` for their arrangement.
    pub fn option_weekly_cost(&self, p: usize, o: usize) -> Pence {
        super::cost::placement_weekly_cost(self.person(p), &self.options[o], &self.cfg.costs)
    }

    /// The scheme index (into `scenario.schemes`) of a home, if it is a scheme.
    pub fn scheme_of_home(&self, home: usize) -> Option<&'a Scheme> {
        home.checked_sub(self.scenario.households.len())
            .and_then(|j| self.scenario.schemes.get(j))
    }
}
