//! One replication of the weekly county simulation: the state (people
//! waiting, introductions, arrangements, households, schemes, reablement
//! queues) and the week step.

use std::collections::{BTreeMap, BTreeSet};

use super::{SimConfig, WeekRecord};
use crate::analytics::capacity::district_centre;
use crate::analytics::districts::district_name;
use crate::matching::analysis;
use crate::matching::{
    Arrangement, Household, HouseholdId, IntroductionOutcome, MatchConfig, Outcome, Person,
    PersonId, Resident, Scenario, Scheme, Vacancy, VacancyId,
};
use crate::rng::Rng;
use crate::{Error, Result};

/// Where a person is in the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Waiting,
    Introduction,
    Placed,
    Withdrawn,
}

/// A home: a household, or one vacancy of a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Home {
    Household(usize),
    Vacancy(usize, usize),
}

#[derive(Debug, Clone)]
struct SimPerson {
    person: Person,
    district: usize,
    status: Status,
}

#[derive(Debug, Clone)]
struct Stay {
    person: Option<usize>,
    resident: PersonId,
    home: Home,
    /// Weeks left of an introduction (0 for an arrangement).
    weeks_left: u32,
    /// Weekly saving of the arrangement, in pence.
    saving: i64,
    mean_weeks: f64,
}

#[derive(Debug, Clone)]
struct SimScheme {
    scheme: Scheme,
    /// Every vacancy the scheme has, and who holds it.
    rooms: Vec<(Vacancy, Option<PersonId>)>,
}

/// The county during one replication.
pub(super) struct County<'a> {
    cfg: &'a SimConfig,
    match_cfg: &'a MatchConfig,
    districts: &'a [String],
    templates_people: Vec<Vec<Person>>,
    templates_households: Vec<Household>,
    people: Vec<SimPerson>,
    households: Vec<(Household, bool)>,
    schemes: Vec<SimScheme>,
    stays: Vec<Stay>,
    declined: BTreeSet<(usize, Home)>,
    arrived: Vec<u64>,
    placed: Vec<u64>,
    withdrawn: Vec<u64>,
    saving_cum: i64,
    reablement_active: Vec<u64>,
    homecare_queue: Vec<u64>,
    homecare_credit: Vec<f64>,
    blocked_days_cum: u64,
    next_id: u64,
    dirty: bool,
    /// The last solve was proven optimal: its residual problem then has
    /// nothing left to place, and only what changed since can change that.
    clean: bool,
    /// People waiting again or newly since the last solve.
    new_people: BTreeSet<usize>,
    /// Households and schemes that gained a place or lost a resident since.
    changed_households: BTreeSet<usize>,
    changed_schemes: BTreeSet<usize>,
    /// Engine solves run and skipped (warm start).
    pub(super) solves: u64,
    pub(super) skipped: u64,
    people_share: Vec<f64>,
    household_share: Vec<f64>,
}

fn resident_of(p: &Person) -> Resident {
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

/// Draws a count with mean `mean` (binomial with many trials: close to
/// Poisson, and exact integer arithmetic on every platform).
fn count(rng: &mut Rng, mean: f64) -> u64 {
    if mean <= 0.0 {
        return 0;
    }
    let n = (mean * 4.0).ceil().max(8.0) as u64;
    let p = mean / n as f64;
    (0..n).filter(|_| rng.chance(p)).count() as u64
}

fn binomial(rng: &mut Rng, n: u64, p: f64) -> u64 {
    (0..n).filter(|_| rng.chance(p)).count() as u64
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
        for p in &base.people {
            let d = index(p.district.as_deref());
            let mut person = p.clone();
            person.preferences.must_not_live_with.clear();
            templates_people[d].push(person.clone());
            arrived[d] += 1;
            people.push(SimPerson {
                person,
                district: d,
                status: Status::Waiting,
            });
        }
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
                    });
                }
                (h.clone(), true)
            })
            .collect();
        let schemes = base
            .schemes
            .iter()
            .map(|s| SimScheme {
                scheme: s.clone(),
                rooms: s.vacancies.iter().map(|v| (v.clone(), None)).collect(),
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
            households,
            schemes,
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
            solves: 0,
            skipped: 0,
        }
    }

    fn fresh_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{:06}", self.next_id)
    }

    /// Weekly hazard of an arrangement of this kind ending.
    fn mean_weeks(&self, a: Arrangement) -> f64 {
        match a {
            Arrangement::LongTerm | Arrangement::Emergency => self.cfg.long_term_mean_weeks,
            Arrangement::ShortBreak => self.cfg.short_break_mean_weeks,
            Arrangement::DaySupport => self.cfg.day_support_mean_weeks,
        }
    }

    fn arrivals(&mut self, rng: &mut Rng) {
        for d in 0..self.districts.len() {
            let n = count(rng, self.cfg.referrals_per_week * self.people_share[d]);
            for _ in 0..n {
                let pool = if self.templates_people[d].is_empty() {
                    self.templates_people
                        .iter()
                        .flatten()
                        .cloned()
                        .collect::<Vec<_>>()
                } else {
                    self.templates_people[d].clone()
                };
                if pool.is_empty() {
                    continue;
                }
                let mut person = pool[rng.index(pool.len())].clone();
                person.id = PersonId::new(self.fresh_id("R"));
                self.new_people.insert(self.people.len());
                self.people.push(SimPerson {
                    person,
                    district: d,
                    status: Status::Waiting,
                });
                self.arrived[d] += 1;
                self.dirty = true;
            }
        }
    }

    fn recruitment(&mut self, rng: &mut Rng) {
        if self.templates_households.is_empty() {
            return;
        }
        let weights: Vec<f64> = match &self.cfg.recruit_districts {
            Some(list) if !list.is_empty() => self
                .districts
                .iter()
                .map(|d| if list.contains(d) { 1.0 } else { 0.0 })
                .collect(),
            _ => self.household_share.clone(),
        };
        if weights.iter().sum::<f64>() <= 0.0 {
            return;
        }
        let n = count(rng, self.cfg.recruit_per_year / 52.0);
        for _ in 0..n {
            let d = rng.weighted(&weights);
            let name = &self.districts[d];
            let local: Vec<&Household> = self
                .templates_households
                .iter()
                .filter(|h| district_name(h.district.as_deref()) == *name)
                .collect();
            let mut h = if local.is_empty() {
                let mut h =
                    self.templates_households[rng.index(self.templates_households.len())].clone();
                h.location = district_centre(&self.scenario_for_centre(), name);
                h.district = Some(name.clone());
                h
            } else {
                local[rng.index(local.len())].clone()
            };
            h.id = HouseholdId::new(self.fresh_id("C"));
            h.occupants.clear();
            h.available_from = None;
            h.unavailable.clear();
            h.bookings.clear();
            self.changed_households.insert(self.households.len());
            self.households.push((h, true));
            self.dirty = true;
        }
        // Households leave only when nobody lives with them.
        let occupied: BTreeSet<usize> = self
            .stays
            .iter()
            .filter_map(|s| match s.home {
                Home::Household(i) => Some(i),
                Home::Vacancy(..) => None,
            })
            .collect();
        let leave = self.cfg.households_leave_per_year / 52.0;
        for (i, (_, active)) in self.households.iter_mut().enumerate() {
            if *active && !occupied.contains(&i) && rng.chance(leave) {
                *active = false;
            }
        }
    }

    fn scenario_for_centre(&self) -> Scenario {
        Scenario {
            schema_version: crate::matching::SCHEMA_VERSION,
            name: None,
            as_of: None,
            people: self.templates_people.iter().flatten().cloned().collect(),
            households: self.templates_households.clone(),
            schemes: Vec::new(),
            introductions: Vec::new(),
            learning_disability_population: None,
            shared_lives_ld_current: None,
        }
    }

    fn withdrawals(&mut self, rng: &mut Rng) {
        for p in &mut self.people {
            if p.status == Status::Waiting && rng.chance(self.cfg.withdraw_per_week) {
                p.status = Status::Withdrawn;
                self.withdrawn[p.district] += 1;
            }
        }
    }

    fn release(&mut self, home: Home, resident: &PersonId) {
        match home {
            Home::Household(i) => self.changed_households.insert(i),
            Home::Vacancy(s, _) => self.changed_schemes.insert(s),
        };
        match home {
            Home::Household(i) => self.households[i].0.occupants.retain(|o| o.id != *resident),
            Home::Vacancy(s, v) => {
                let sc = &mut self.schemes[s];
                sc.rooms[v].1 = None;
                sc.scheme.tenants.retain(|t| t.id != *resident);
            }
        }
        self.dirty = true;
    }

    fn introductions_and_endings(&mut self, rng: &mut Rng) {
        let stays = std::mem::take(&mut self.stays);
        let mut kept = Vec::with_capacity(stays.len());
        for mut s in stays {
            if s.weeks_left > 0 {
                s.weeks_left -= 1;
                if s.weeks_left == 0 {
                    let p = s.person.unwrap_or(0);
                    if rng.chance(self.cfg.accept_probability) {
                        self.people[p].status = Status::Placed;
                        self.placed[self.people[p].district] += 1;
                    } else {
                        self.people[p].status = Status::Waiting;
                        self.new_people.insert(p);
                        self.declined.insert((p, s.home));
                        self.release(s.home, &s.resident);
                        continue;
                    }
                }
                kept.push(s);
                continue;
            }
            if rng.chance(1.0 / s.mean_weeks.max(1.0)) {
                self.release(s.home, &s.resident);
                continue;
            }
            kept.push(s);
        }
        self.stays = kept;
    }

    /// The residual scenario: people waiting, households and schemes with a free place.
    fn residual(&self) -> (Scenario, Vec<usize>, Vec<Home>) {
        let mut people = Vec::new();
        let mut person_of = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if p.status == Status::Waiting {
                people.push(p.person.clone());
                person_of.push(i);
            }
        }
        let mut households = Vec::new();
        let mut homes = Vec::new();
        for (i, (h, active)) in self.households.iter().enumerate() {
            if *active && (h.occupants.len() as u32) < h.places {
                households.push(h.clone());
                homes.push(Home::Household(i));
            }
        }
        let mut schemes = Vec::new();
        for (si, sc) in self.schemes.iter().enumerate() {
            let free: Vec<(usize, &Vacancy)> = sc
                .rooms
                .iter()
                .enumerate()
                .filter(|(_, r)| r.1.is_none())
                .map(|(v, r)| (v, &r.0))
                .collect();
            if free.is_empty() {
                continue;
            }
            let mut scheme = sc.scheme.clone();
            scheme.vacancies = free.iter().map(|(_, v)| (*v).clone()).collect();
            homes.extend(free.iter().map(|(v, _)| Home::Vacancy(si, *v)));
            schemes.push(scheme);
        }
        let row: BTreeMap<usize, usize> =
            person_of.iter().enumerate().map(|(r, &p)| (p, r)).collect();
        let introductions = self
            .declined
            .iter()
            .filter(|(p, home)| row.contains_key(p) && homes.contains(home))
            .map(|(p, home)| {
                let person = self.people[*p].person.id.clone();
                match home {
                    Home::Household(i) => IntroductionOutcome {
                        person,
                        household: Some(self.households[*i].0.id.clone()),
                        vacancy: None,
                        outcome: Outcome::Declined,
                    },
                    Home::Vacancy(s, v) => IntroductionOutcome {
                        person,
                        household: None,
                        vacancy: Some(VacancyId::clone(&self.schemes[*s].rooms[*v].0.id)),
                        outcome: Outcome::Declined,
                    },
                }
            })
            .collect();
        let scenario = Scenario {
            schema_version: crate::matching::SCHEMA_VERSION,
            name: None,
            as_of: self.cfg.as_of.clone(),
            people,
            households,
            schemes,
            introductions,
            learning_disability_population: None,
            shared_lives_ld_current: None,
        };
        (scenario, person_of, homes)
    }

    fn plan(&mut self, rng: &mut Rng) -> Result<()> {
        let unchanged = self.new_people.is_empty()
            && self.changed_households.is_empty()
            && self.changed_schemes.is_empty();
        if self.cfg.warm_start && !self.dirty && unchanged {
            self.skipped += 1;
            return Ok(());
        }
        let (scenario, person_of, homes) = self.residual();
        if scenario.people.is_empty() || homes.is_empty() {
            // Nothing to place: the residual optimum is empty, proven.
            self.dirty = false;
            self.clean = true;
            self.forget_changes();
            self.skipped += 1;
            return Ok(());
        }
        if self.cfg.warm_start && self.clean {
            // Last week's residual optimum placed nobody more; a plan that
            // now places somebody must use a person or a home that changed.
            // (Withdrawals and households leaving only remove plans.)
            let new_person = |r: usize| self.new_people.contains(&person_of[r]);
            let changed_home = |o: usize| match homes[o] {
                Home::Household(i) => self.changed_households.contains(&i),
                Home::Vacancy(s, _) => self.changed_schemes.contains(&s),
            };
            let changed = |r: usize, o: usize| new_person(r) || changed_home(o);
            let any = analysis::any_feasible(&scenario, self.match_cfg, &changed)?;
            if !any {
                self.skipped += 1;
                self.dirty = false;
                self.forget_changes();
                return Ok(());
            }
        }
        self.solves += 1;
        let outline = analysis::plan_outline(&scenario, self.match_cfg)?;
        self.forget_changes();
        self.clean = outline.proven_optimal;
        // People placed this week join their homes as residents, whom the
        // rules see a little differently from newcomers: those homes count
        // as changed next week.
        for (r, o) in outline.option_of.iter().enumerate() {
            let Some(o) = o else { continue };
            let p = person_of[r];
            let home = homes[*o];
            match home {
                Home::Household(i) => self.changed_households.insert(i),
                Home::Vacancy(s, _) => self.changed_schemes.insert(s),
            };
            let person = self.people[p].person.clone();
            match home {
                Home::Household(i) => self.households[i].0.occupants.push(resident_of(&person)),
                Home::Vacancy(s, v) => {
                    self.schemes[s].rooms[v].1 = Some(person.id.clone());
                    self.schemes[s].scheme.tenants.push(resident_of(&person));
                }
            }
            self.people[p].status = Status::Introduction;
            let weeks = self.cfg.introduction_weeks.0
                + rng.below(u64::from(
                    self.cfg.introduction_weeks.1 - self.cfg.introduction_weeks.0 + 1,
                )) as u32;
            self.stays.push(Stay {
                person: Some(p),
                resident: person.id.clone(),
                home,
                weeks_left: weeks.max(1),
                saving: outline.weekly_saving[r].0,
                mean_weeks: self.mean_weeks(person.arrangement),
            });
        }
        // A proven optimum leaves nothing to place in the residual problem
        // until something changes.
        self.dirty = !outline.proven_optimal;
        Ok(())
    }

    fn forget_changes(&mut self) {
        self.new_people.clear();
        self.changed_households.clear();
        self.changed_schemes.clear();
    }

    fn reablement(&mut self, rng: &mut Rng) {
        let end = 7.0 / self.cfg.reablement_mean_days.max(1.0);
        for d in 0..self.districts.len() {
            let share = self.people_share[d];
            self.reablement_active[d] += count(rng, self.cfg.reablement_per_week * share);
            let ending = binomial(rng, self.reablement_active[d], end.min(1.0));
            self.reablement_active[d] -= ending;
            self.homecare_queue[d] += binomial(rng, ending, self.cfg.onward_homecare_share);
            self.homecare_credit[d] += self.cfg.homecare_starts_per_week * share;
            let starts = (self.homecare_credit[d].floor() as u64).min(self.homecare_queue[d]);
            self.homecare_credit[d] -= starts as f64;
            // Unused start slots do not carry over beyond one week's worth.
            self.homecare_credit[d] =
                self.homecare_credit[d].min(self.cfg.homecare_starts_per_week * share + 1.0);
            self.homecare_queue[d] -= starts;
            self.blocked_days_cum += 7 * self.homecare_queue[d];
        }
    }

    /// Runs one week and returns its record; checks conservation per district.
    pub(super) fn week(&mut self, week: u32, rng: &mut Rng) -> Result<WeekRecord> {
        self.arrivals(rng);
        self.recruitment(rng);
        self.withdrawals(rng);
        self.introductions_and_endings(rng);
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
        })
    }
}
