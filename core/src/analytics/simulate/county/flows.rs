//! The week's flows of the county simulation: referrals arriving, carers
//! recruited and withdrawing, introductions becoming arrangements and
//! arrangements ending, places released, and the reablement queues.

use std::collections::BTreeSet;

use super::{County, Home, SimPerson, Status, Use};
use crate::analytics::capacity::district_centre;
use crate::analytics::districts::district_name;
use crate::matching::{Date, DateRange, Household, HouseholdId, PersonId, Scenario, date_of};
use crate::rng::Rng;

/// `d` moved by `days` (unchanged when it is not a date).
fn shifted(d: &Date, days: i64) -> Date {
    d.day_number()
        .map_or_else(|| d.clone(), |n| date_of(n + days))
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

impl County<'_> {
    pub(super) fn arrivals(&mut self, rng: &mut Rng) {
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
                // The copy asks for the same lead time from its referral:
                // dates move with the calendar.
                if let (Some(t), Some(s)) = (self.today, self.start_day) {
                    let days = t - s;
                    if let Some(r) = &mut person.dates {
                        *r = DateRange {
                            start: shifted(&r.start, days),
                            end: shifted(&r.end, days),
                        };
                    }
                    if let Some(n) = &mut person.needed_by {
                        *n = shifted(n, days);
                    }
                }
                self.new_people.insert(self.people.len());
                self.people.push(SimPerson {
                    person,
                    district: d,
                    status: Status::Waiting,
                    holds: None,
                });
                self.arrived[d] += 1;
                self.dirty = true;
            }
        }
    }

    pub(super) fn recruitment(&mut self, rng: &mut Rng) {
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
            self.day_used.push([0; 7]);
            self.dirty = true;
        }
        // Households leave only when nobody lives with them.
        let occupied: BTreeSet<usize> = self
            .stays
            .iter()
            .map(|s| s.home)
            .chain(self.people.iter().filter_map(|p| p.holds))
            .filter_map(|h| match h {
                Home::Household(i) => Some(i),
                Home::Vacancy(..) | Home::OwnTenancy => None,
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

    pub(super) fn withdrawals(&mut self, rng: &mut Rng) {
        // Movers live in their home while they wait: they do not withdraw.
        for p in &mut self.people {
            if p.status == Status::Waiting
                && p.holds.is_none()
                && rng.chance(self.cfg.withdraw_per_week)
            {
                p.status = Status::Withdrawn;
                self.withdrawn[p.district] += 1;
            }
        }
    }

    pub(in crate::analytics::simulate) fn release(
        &mut self,
        home: Home,
        resident: &PersonId,
        uses: Use,
    ) {
        match home {
            Home::Household(i) => {
                self.changed_households.insert(i);
                let h = &mut self.households[i].0;
                match uses {
                    Use::Bed | Use::Nothing => h.occupants.retain(|o| o.id != *resident),
                    Use::Booking(_) => h.bookings.retain(|b| b.person != *resident),
                    Use::Day(mask) => {
                        for (d, used) in self.day_used[i].iter_mut().enumerate() {
                            if mask & (1 << d) != 0 {
                                *used = used.saturating_sub(1);
                            }
                        }
                    }
                }
            }
            Home::Vacancy(s, v) => {
                self.changed_schemes.insert(s);
                let sc = &mut self.schemes[s];
                sc.rooms[v].1 = None;
                sc.scheme.tenants.retain(|t| t.id != *resident);
            }
            Home::OwnTenancy => {}
        }
        self.dirty = true;
    }

    pub(super) fn introductions_and_endings(&mut self, rng: &mut Rng) {
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
                        self.release(s.home, &s.resident, s.uses);
                        continue;
                    }
                }
                kept.push(s);
                continue;
            }
            // A booked short break ends after its last night; other
            // arrangements end with a weekly hazard.
            let ended = match (s.uses, self.today) {
                (Use::Booking(end), Some(t)) => end < t,
                _ => rng.chance(1.0 / s.mean_weeks.max(1.0)),
            };
            if ended {
                self.release(s.home, &s.resident, s.uses);
                continue;
            }
            kept.push(s);
        }
        self.stays = kept;
    }

    pub(super) fn reablement(&mut self, rng: &mut Rng) {
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
}
