//! One replication of the weekly county simulation: the state (people
//! waiting, introductions, arrangements, households, schemes, reablement
//! queues), the calendar and the week step. The weekly plan is in
//! [`super::plan`].

use std::collections::BTreeSet;

use super::{SimConfig, WeekRecord};
use crate::analytics::districts::district_name;
use crate::matching::{
    Arrangement, Date, Household, MatchConfig, Person, PersonId, Resident, Scenario, Scheme,
    Vacancy, moveon,
};
use crate::rng::Rng;
use crate::{Error, Result};

mod flows;

/// Where a person is in the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Waiting,
    Introduction,
    Placed,
    Withdrawn,
}

/// A home: a household, one vacancy of a scheme, or a person's own
/// tenancy (general-needs housing, outside the homes the county counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Home {
    Household(usize),
    Vacancy(usize, usize),
    OwnTenancy,
}

/// How an arrangement uses its home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// A bedroom for as long as it lasts (long-term, emergency; a short
    /// break when the run has no calendar).
    Bed,
    /// A booking of a bedroom on the break's dates; ends after `end` (a day number).
    Booking(i64),
    /// Day-support places on these weekdays (bit mask, Monday = bit 0).
    Day(u8),
    /// Nothing the county counts (own tenancy).
    Nothing,
}

#[derive(Debug, Clone)]
pub(super) struct SimPerson {
    pub(super) person: Person,
    pub(super) district: usize,
    pub(super) status: Status,
    /// The home this person lives in and may leave (a mover), while waiting.
    pub(super) holds: Option<Home>,
}

#[derive(Debug, Clone)]
pub(super) struct Stay {
    pub(super) person: Option<usize>,
    pub(super) resident: PersonId,
    pub(super) home: Home,
    /// Weeks left of an introduction (0 for an arrangement).
    pub(super) weeks_left: u32,
    /// Weekly saving of the arrangement, in pence.
    pub(super) saving: i64,
    pub(super) mean_weeks: f64,
    pub(super) uses: Use,
}

#[derive(Debug, Clone)]
pub(super) struct SimScheme {
    pub(super) scheme: Scheme,
    /// Every vacancy the scheme has, and who holds it.
    pub(super) rooms: Vec<(Vacancy, Option<PersonId>)>,
}

/// Day-support places in use per weekday (Monday first).
pub(super) type DayUse = [u32; 7];

/// Bit mask of a person's session weekdays.
pub(super) fn session_mask(p: &Person) -> u8 {
    p.sessions.iter().fold(0u8, |m, s| m | (1 << (s.day as u8)))
}

/// The county during one replication.
pub(super) struct County<'a> {
    pub(super) cfg: &'a SimConfig,
    pub(super) match_cfg: &'a MatchConfig,
    districts: &'a [String],
    templates_people: Vec<Vec<Person>>,
    templates_households: Vec<Household>,
    pub(super) people: Vec<SimPerson>,
    pub(super) households: Vec<(Household, bool)>,
    /// Day-support places in use, per household.
    pub(super) day_used: Vec<DayUse>,
    pub(super) schemes: Vec<SimScheme>,
    pub(super) stays: Vec<Stay>,
    pub(super) declined: BTreeSet<(usize, Home)>,
    pub(super) arrived: Vec<u64>,
    pub(super) placed: Vec<u64>,
    pub(super) withdrawn: Vec<u64>,
    saving_cum: i64,
    /// The first week's day (a day number) when the run has a calendar.
    pub(super) start_day: Option<i64>,
    /// Today: `start_day` plus seven days a week.
    pub(super) today: Option<i64>,
    reablement_active: Vec<u64>,
    homecare_queue: Vec<u64>,
    homecare_credit: Vec<f64>,
    blocked_days_cum: u64,
    next_id: u64,
    pub(super) dirty: bool,
    /// The last solve was proven optimal: its residual problem then has
    /// nothing left to place, and only what changed since can change that.
    pub(super) clean: bool,
    /// People waiting again or newly since the last solve.
    pub(super) new_people: BTreeSet<usize>,
    /// Households and schemes that gained a place or lost a resident since
    /// (or whose calendar freed a date).
    pub(super) changed_households: BTreeSet<usize>,
    pub(super) changed_schemes: BTreeSet<usize>,
    /// Movers placed in their own tenancy, and people placed in a home a
    /// mover left in the same solve (a vacancy chain), so far.
    pub(super) moved_on: u64,
    pub(super) chained: u64,
    /// Engine solves run and skipped (warm start).
    pub(super) solves: u64,
    pub(super) skipped: u64,
    people_share: Vec<f64>,
    household_share: Vec<f64>,
}

pub(super) fn resident_of(p: &Person) -> Resident {
    Resident {
        id: p.id.clone(),
        age: Some(p.age),
        gender: p.gender,
        needs: p.needs.clone(),
        smokes: p.smokes,
        not_with_needs: Vec::new(),
        must_not_live_with: Vec::new(),
        interests: p.preferences.interests.clone(),
    }
}

fn shares(n: usize, names: &[String], of: impl Iterator<Item = String>) -> Vec<f64> {
    let mut v = vec![0.0; n];
    for d in of {
        if let Some(i) = names.iter().position(|x| *x == d) {
            v[i] += 1.0;
        }
    }
    let total: f64 = v.iter().sum();
    if total <= 0.0 {
        return vec![1.0 / n.max(1) as f64; n];
    }
    v.iter().map(|x| x / total).collect()
}

impl<'a> County<'a> {
    pub(super) fn new(
        base: &Scenario,
        cfg: &'a SimConfig,
        match_cfg: &'a MatchConfig,
        districts: &'a [String],
    ) -> Self {
        let nd = districts.len();
        let index = |d: Option<&str>| {
            let name = district_name(d);
            districts.iter().position(|x| *x == name).unwrap_or(0)
        };
        let mut templates_people = vec![Vec::new(); nd];
        let mut people = Vec::new();
        let mut arrived = vec![0; nd];
        let mut schemes: Vec<SimScheme> = base
            .schemes
            .iter()
            .map(|s| SimScheme {
                scheme: s.clone(),
                rooms: s.vacancies.iter().map(|v| (v.clone(), None)).collect(),
            })
            .collect();
        for p in &base.people {
            let d = index(p.district.as_deref());
            let mut person = p.clone();
            person.preferences.must_not_live_with.clear();
            // Movers hold their home: a household place, or a room of their
            // scheme (a room of its own in the simulation, held by them).
            let holds = person
                .holds
                .as_ref()
                .and_then(|h| match (&h.household, &h.scheme) {
                    (Some(id), _) => base
                        .households
                        .iter()
                        .position(|x| x.id == *id)
                        .map(Home::Household),
                    (None, Some(id)) => {
                        let si = base.schemes.iter().position(|x| x.id == *id)?;
                        let room = Vacancy {
                            id: moveon::held_room_id(id, &person),
                            accessible: h.accessible,
                            ground_floor: h.ground_floor,
                            en_suite: h.en_suite,
                            available_from: None,
                            weekly_cost: None,
                        };
                        schemes[si].rooms.push((room, Some(person.id.clone())));
                        Some(Home::Vacancy(si, schemes[si].rooms.len() - 1))
                    }
                    _ => None,
                });
            if holds.is_none() {
                person.holds = None;
            }
            let mut template = person.clone();
            template.holds = None;
            templates_people[d].push(template);
            arrived[d] += 1;
            people.push(SimPerson {
                person,
                district: d,
                status: Status::Waiting,
                holds,
            });
        }
        let start_day = cfg
            .as_of
            .as_ref()
            .or(base.as_of.as_ref())
            .and_then(Date::day_number);
        let mut stays = Vec::new();
        let households: Vec<(Household, bool)> = base
            .households
            .iter()
            .enumerate()
            .map(|(i, h)| {
                for o in &h.occupants {
                    stays.push(Stay {
                        person: None,
                        resident: o.id.clone(),
                        home: Home::Household(i),
                        weeks_left: 0,
                        saving: 0,
                        mean_weeks: cfg.long_term_mean_weeks,
                        uses: Use::Bed,
                    });
                }
                (h.clone(), true)
            })
            .collect();
        County {
            cfg,
            match_cfg,
            districts,
            templates_people,
            templates_households: base.households.clone(),
            people_share: shares(
                nd,
                districts,
                base.people
                    .iter()
                    .map(|p| district_name(p.district.as_deref())),
            ),
            household_share: shares(
                nd,
                districts,
                base.households
                    .iter()
                    .map(|h| district_name(h.district.as_deref())),
            ),
            people,
            day_used: vec![[0; 7]; households.len()],
            households,
            schemes,
            start_day,
            today: start_day,
            stays,
            declined: BTreeSet::new(),
            placed: vec![0; nd],
            withdrawn: vec![0; nd],
            arrived,
            saving_cum: 0,
            reablement_active: vec![0; nd],
            homecare_queue: vec![0; nd],
            homecare_credit: vec![0.0; nd],
            blocked_days_cum: 0,
            next_id: 0,
            dirty: true,
            clean: false,
            new_people: BTreeSet::new(),
            changed_households: BTreeSet::new(),
            changed_schemes: BTreeSet::new(),
            moved_on: 0,
            chained: 0,
            solves: 0,
            skipped: 0,
        }
    }

    pub(super) fn fresh_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:06}", self.next_id)
    }

    /// Weekly hazard of an arrangement of this kind ending.
    pub(super) fn mean_weeks(&self, a: Arrangement) -> f64 {
        match a {
            Arrangement::LongTerm | Arrangement::Emergency => self.cfg.long_term_mean_weeks,
            Arrangement::ShortBreak => self.cfg.short_break_mean_weeks,
            Arrangement::DaySupport => self.cfg.day_support_mean_weeks,
        }
    }

    /// Runs one week and returns its record; checks conservation per district.
    pub(super) fn week(&mut self, week: u32, rng: &mut Rng) -> Result<WeekRecord> {
        self.calendar(week);
        self.arrivals(rng);
        self.recruitment(rng);
        self.withdrawals(rng);
        self.introductions_and_endings(rng);
        self.move_on(rng);
        self.plan(rng)?;
        self.reablement(rng);
        self.saving_cum += self
            .stays
            .iter()
            .filter(|s| s.weeks_left == 0)
            .map(|s| s.saving)
            .sum::<i64>();
        let nd = self.districts.len();
        let mut waiting = vec![0u64; nd];
        let mut census_placed = vec![0u64; nd];
        let mut census_withdrawn = vec![0u64; nd];
        for p in &self.people {
            match p.status {
                Status::Waiting | Status::Introduction => waiting[p.district] += 1,
                Status::Placed => census_placed[p.district] += 1,
                Status::Withdrawn => census_withdrawn[p.district] += 1,
            }
        }
        for d in 0..nd {
            let ok = census_placed[d] == self.placed[d]
                && census_withdrawn[d] == self.withdrawn[d]
                && self.arrived[d] == self.placed[d] + waiting[d] + self.withdrawn[d];
            if !ok {
                return Err(Error::Internal("simulation lost or duplicated a person"));
            }
        }
        Ok(WeekRecord {
            week,
            arrived: self.arrived.iter().sum(),
            placed: self.placed.iter().sum(),
            withdrawn: self.withdrawn.iter().sum(),
            waiting: waiting.iter().sum(),
            waiting_by_district: waiting,
            arrived_by_district: self.arrived.clone(),
            placed_by_district: self.placed.clone(),
            withdrawn_by_district: self.withdrawn.clone(),
            active: self.stays.iter().filter(|s| s.weeks_left == 0).count() as u64,
            households: self.households.iter().filter(|h| h.1).count() as u64,
            saving_cum_pence: self.saving_cum,
            blocked_days_cum: self.blocked_days_cum,
            moved_on: self.moved_on,
            chain_placements: self.chained,
        })
    }
}
