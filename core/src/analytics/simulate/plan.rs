//! The weekly plan of the county simulation: the residual scenario (people
//! waiting, homes with a free place or held by a mover, declined pairs), the
//! home behind each of the engine's options, and the placements it makes.

use std::collections::{BTreeMap, BTreeSet};

use super::county::{County, Home, Status, Stay};
use crate::matching::analysis;
use crate::matching::{
    Arrangement, Household, IntroductionOutcome, Outcome, Scenario, VacancyId, Weekday, moveon,
};
use crate::rng::Rng;
use crate::{Error, Result};

/// A home the residual problem offers, with the id the engine's option
/// carries (a household id, or a vacancy id of the prepared scenario).
type Offered = (Home, String);

impl County<'_> {
    /// Household `i` as the residual problem offers it, or `None` when it
    /// has nothing to offer: day-support places reduced by those in use (the
    /// weekdays with a place free, at the fewest places free on any of them).
    fn offered_household(&self, i: usize, held: bool) -> Option<Household> {
        let (h, active) = &self.households[i];
        if !active {
            return None;
        }
        let used = &self.day_used[i];
        let cap = h.day_support_places.unwrap_or(h.places);
        let in_use = used.iter().any(|&u| u > 0);
        let (open, places) = if in_use {
            let days = h
                .day_support_days
                .clone()
                .unwrap_or_else(|| Weekday::WORKING.to_vec());
            let open: Vec<Weekday> = days
                .into_iter()
                .filter(|d| used[*d as usize] < cap)
                .collect();
            let places = open
                .iter()
                .map(|d| cap - used[*d as usize])
                .min()
                .unwrap_or(0);
            (open, places)
        } else {
            (Vec::new(), cap)
        };
        let day_free = places > 0 && h.offers.contains(&Arrangement::DaySupport);
        let beds_free = (h.occupants.len() as u32) < h.places;
        if !(beds_free || day_free || held) {
            return None;
        }
        let mut out = h.clone();
        if in_use {
            if !open.is_empty() {
                out.day_support_days = Some(open);
            }
            out.day_support_places = Some(places);
        }
        Some(out)
    }

    /// The residual scenario, the person behind each of its people and the
    /// home behind each option of the planner (households first, then each
    /// scheme's free rooms followed by rooms its movers hold, then
    /// own-tenancy options: the order of [`moveon::prepare`]).
    pub(super) fn residual(&self) -> (Scenario, Vec<usize>, Vec<Offered>) {
        let mut people = Vec::new();
        let mut person_of = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if p.status == Status::Waiting {
                let mut person = p.person.clone();
                // A long-term place is taken from the week it is offered
                // (the person joins the home for introductions), so the
                // solve checks the bedroom from today, not from a later
                // date needed by.
                if let (Some(t), Arrangement::LongTerm | Arrangement::Emergency) =
                    (self.today, person.arrangement)
                {
                    let later = person
                        .needed_by
                        .as_ref()
                        .and_then(crate::matching::Date::day_number)
                        .is_some_and(|n| n > t);
                    if later {
                        person.needed_by = Some(crate::matching::date_of(t));
                    }
                }
                people.push(person);
                person_of.push(i);
            }
        }
        let held: BTreeSet<Home> = person_of
            .iter()
            .filter_map(|&p| self.people[p].holds)
            .collect();
        let mut households = Vec::new();
        let mut homes: Vec<Offered> = Vec::new();
        for i in 0..self.households.len() {
            let is_held = held.contains(&Home::Household(i));
            if let Some(h) = self.offered_household(i, is_held) {
                homes.push((Home::Household(i), h.id.to_string()));
                households.push(h);
            }
        }
        let mut free_homes: BTreeSet<Home> = homes.iter().map(|h| h.0).collect();
        let mut schemes = Vec::new();
        for (si, sc) in self.schemes.iter().enumerate() {
            let free: Vec<usize> = (0..sc.rooms.len())
                .filter(|&v| sc.rooms[v].1.is_none())
                .collect();
            let movers: Vec<usize> = person_of
                .iter()
                .copied()
                .filter(|&p| matches!(self.people[p].holds, Some(Home::Vacancy(s, _)) if s == si))
                .collect();
            if free.is_empty() && movers.is_empty() {
                continue;
            }
            let mut scheme = sc.scheme.clone();
            scheme.vacancies = free.iter().map(|&v| sc.rooms[v].0.clone()).collect();
            for &v in &free {
                homes.push((Home::Vacancy(si, v), sc.rooms[v].0.id.to_string()));
                free_homes.insert(Home::Vacancy(si, v));
            }
            for &p in &movers {
                let Some(home) = self.people[p].holds else {
                    continue;
                };
                let id = moveon::held_room_id(&scheme.id, &self.people[p].person);
                homes.push((home, id.to_string()));
            }
            schemes.push(scheme);
        }
        for &p in &person_of {
            if self.people[p].person.ready_for_own_tenancy {
                let id = moveon::own_tenancy_id(&self.people[p].person);
                homes.push((Home::OwnTenancy, id));
            }
        }
        let row: BTreeMap<usize, usize> =
            person_of.iter().enumerate().map(|(r, &p)| (p, r)).collect();
        let introductions = self
            .declined
            .iter()
            .filter(|(p, home)| row.contains_key(p) && free_homes.contains(home))
            .filter_map(|(p, home)| {
                let person = self.people[*p].person.id.clone();
                match home {
                    Home::Household(i) => Some(IntroductionOutcome {
                        person,
                        household: Some(self.households[*i].0.id.clone()),
                        vacancy: None,
                        outcome: Outcome::Declined,
                    }),
                    Home::Vacancy(s, v) => Some(IntroductionOutcome {
                        person,
                        household: None,
                        vacancy: Some(VacancyId::clone(&self.schemes[*s].rooms[*v].0.id)),
                        outcome: Outcome::Declined,
                    }),
                    Home::OwnTenancy => None,
                }
            })
            .collect();
        let scenario = Scenario {
            schema_version: crate::matching::SCHEMA_VERSION,
            name: None,
            as_of: self.today.map(crate::matching::date_of),
            people,
            households,
            schemes,
            introductions,
            learning_disability_population: None,
            shared_lives_ld_current: None,
        };
        (scenario, person_of, homes)
    }

    fn mark_changed(&mut self, home: Home) {
        match home {
            Home::Household(i) => {
                self.changed_households.insert(i);
            }
            Home::Vacancy(s, _) => {
                self.changed_schemes.insert(s);
            }
            Home::OwnTenancy => {}
        }
    }

    pub(super) fn plan(&mut self, rng: &mut Rng) -> Result<()> {
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
        // Warm start: last week's residual optimum placed nobody more; a
        // plan that now places somebody must use a person or a home that
        // changed. (Withdrawals and households leaving only remove plans.)
        let new_person = |r: usize| self.new_people.contains(&person_of[r]);
        let changed_home = |o: usize| match homes[o].0 {
            Home::Household(i) => self.changed_households.contains(&i),
            Home::Vacancy(s, _) => self.changed_schemes.contains(&s),
            Home::OwnTenancy => false,
        };
        let changed = |r: usize, o: usize| new_person(r) || changed_home(o);
        let wanted: Option<&dyn Fn(usize, usize) -> bool> =
            (self.cfg.warm_start && self.clean).then_some(&changed);
        let Some(outline) = analysis::outline_if_any(&scenario, self.match_cfg, wanted)? else {
            self.skipped += 1;
            self.dirty = false;
            self.forget_changes();
            return Ok(());
        };
        self.solves += 1;
        let same_options = outline.options.len() == homes.len()
            && outline.options.iter().zip(&homes).all(|(o, (_, id))| {
                o.vacancy
                    .as_ref()
                    .map(ToString::to_string)
                    .or_else(|| o.household.as_ref().map(ToString::to_string))
                    .as_deref()
                    == Some(id.as_str())
            });
        if !same_options {
            return Err(Error::Internal(
                "simulation: the planner's options differ from the county's homes",
            ));
        }
        self.forget_changes();
        self.clean = outline.proven_optimal;
        // Movers the plan moves leave their home in this same solve: the
        // place is free for whoever the plan gives it to (a vacancy chain).
        // A mover the plan keeps where they are is not placed.
        let moves: Vec<(usize, usize, Home)> = outline
            .option_of
            .iter()
            .enumerate()
            .filter_map(|(r, o)| {
                let home = homes[(*o)?].0;
                let p = person_of[r];
                (self.people[p].holds != Some(home)).then_some((r, p, home))
            })
            .collect();
        let mut freed = BTreeSet::new();
        for &(_, p, _) in &moves {
            if let Some(left) = self.people[p].holds.take() {
                freed.insert(left);
                self.people[p].person.holds = None;
                if let Home::Vacancy(s, v) = left {
                    self.schemes[s].rooms[v].1 = None;
                }
                self.mark_changed(left);
            }
        }
        for (r, p, home) in moves {
            // Homes that receive someone count as changed next week: the
            // rules see residents a little differently from newcomers.
            self.mark_changed(home);
            if freed.contains(&home) {
                self.chained += 1;
            }
            let person = self.people[p].person.clone();
            let uses = self.occupy(home, &person);
            let drawn = self.cfg.introduction_weeks.0
                + rng.below(u64::from(
                    self.cfg.introduction_weeks.1 - self.cfg.introduction_weeks.0 + 1,
                )) as u32;
            let weeks = match (home, person.arrangement) {
                // Moving into one's own tenancy needs no introduction.
                (Home::OwnTenancy, _) => {
                    self.moved_on += 1;
                    self.people[p].status = Status::Placed;
                    self.placed[self.people[p].district] += 1;
                    0
                }
                // A dated short break is confirmed or declined within a week.
                (_, Arrangement::ShortBreak) if self.today.is_some() => {
                    self.people[p].status = Status::Introduction;
                    1
                }
                _ => {
                    self.people[p].status = Status::Introduction;
                    drawn.max(1)
                }
            };
            let mean_weeks = self.mean_weeks(person.arrangement);
            self.stays.push(Stay {
                person: Some(p),
                resident: person.id.clone(),
                home,
                weeks_left: weeks,
                saving: outline.weekly_saving[r].0,
                mean_weeks,
                uses,
            });
        }
        // A proven optimum leaves nothing to place in the residual problem
        // until something changes.
        self.dirty = !outline.proven_optimal;
        Ok(())
    }

    pub(super) fn forget_changes(&mut self) {
        self.new_people.clear();
        self.changed_households.clear();
        self.changed_schemes.clear();
    }
}
