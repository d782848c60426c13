//! The county's calendar and homes: the week's date, dated bookings and
//! day-support places, and tenants becoming ready to move on.

use super::county::{County, Home, SimPerson, Status, Use, resident_of, session_mask};
use crate::matching::{Arrangement, Booking, Date, HeldPlace, Person, PersonId};
use crate::rng::Rng;

impl County<'_> {
    /// Moves `person` into `home` as a resident, a booking or a day-support
    /// place, as their arrangement uses it.
    pub(super) fn occupy(&mut self, home: Home, person: &Person) -> Use {
        let uses = match (home, person.arrangement) {
            (Home::OwnTenancy, _) => Use::Nothing,
            (Home::Household(_), Arrangement::DaySupport) => Use::Day(session_mask(person)),
            (Home::Household(_), Arrangement::ShortBreak) if self.today.is_some() => person
                .dates
                .as_ref()
                .and_then(|d| d.end.day_number())
                .map_or(Use::Bed, Use::Booking),
            _ => Use::Bed,
        };
        match home {
            Home::Household(i) => match uses {
                Use::Day(mask) => {
                    for (d, used) in self.day_used[i].iter_mut().enumerate() {
                        if mask & (1 << d) != 0 {
                            *used += 1;
                        }
                    }
                }
                Use::Booking(_) => {
                    if let Some(dates) = &person.dates {
                        self.households[i].0.bookings.push(Booking {
                            person: person.id.clone(),
                            dates: dates.clone(),
                        });
                    }
                }
                Use::Bed | Use::Nothing => {
                    self.households[i].0.occupants.push(resident_of(person));
                }
            },
            Home::Vacancy(s, v) => {
                self.schemes[s].rooms[v].1 = Some(person.id.clone());
                self.schemes[s].scheme.tenants.push(resident_of(person));
            }
            Home::OwnTenancy => {}
        }
        uses
    }

    /// The calendar moves on to `week`: bookings, time off and availability
    /// dates in the past no longer constrain anything (homes whose dates
    /// freed count as changed), and short breaks whose first night has
    /// passed without a place are lost: the person withdraws.
    pub(super) fn calendar(&mut self, week: u32) {
        let Some(start) = self.start_day else {
            return;
        };
        let t = start + 7 * i64::from(week.saturating_sub(1));
        self.today = Some(t);
        let past = |d: &Date| d.day_number().is_some_and(|e| e < t);
        let reached = |d: &Option<Date>| {
            d.as_ref()
                .and_then(Date::day_number)
                .is_some_and(|a| a <= t)
        };
        for (i, (h, _)) in self.households.iter_mut().enumerate() {
            let before = (h.bookings.len(), h.unavailable.len());
            h.bookings.retain(|b| !past(&b.dates.end));
            h.unavailable.retain(|r| !past(&r.end));
            let opened = reached(&h.available_from);
            if opened {
                h.available_from = None;
            }
            if opened || before != (h.bookings.len(), h.unavailable.len()) {
                self.changed_households.insert(i);
            }
        }
        for (si, sc) in self.schemes.iter_mut().enumerate() {
            for (room, _) in &mut sc.rooms {
                if reached(&room.available_from) {
                    room.available_from = None;
                    self.changed_schemes.insert(si);
                }
            }
        }
        for p in &mut self.people {
            let lost = p.person.arrangement == Arrangement::ShortBreak
                && p.status == Status::Waiting
                && p.holds.is_none()
                && p.person.dates.as_ref().is_some_and(|d| past(&d.start));
            if lost {
                p.status = Status::Withdrawn;
                self.withdrawn[p.district] += 1;
            }
        }
    }

    /// Supported-living tenants the simulation placed become ready to move
    /// on to their own tenancy (`move_on_per_year`): a move-on referral who
    /// holds their room until the plan moves them, so the weekly solve
    /// offers the room to others in the same week (a vacancy chain).
    pub(super) fn move_on(&mut self, rng: &mut Rng) {
        let hazard = self.cfg.move_on_per_year / 52.0;
        if hazard <= 0.0 {
            return;
        }
        let stays = std::mem::take(&mut self.stays);
        let mut kept = Vec::with_capacity(stays.len());
        for s in stays {
            let (Home::Vacancy(si, v), Some(p), 0) = (s.home, s.person, s.weeks_left) else {
                kept.push(s);
                continue;
            };
            if !rng.chance(hazard) {
                kept.push(s);
                continue;
            }
            let mut person = self.people[p].person.clone();
            person.id = PersonId::new(self.fresh_id("M"));
            person.arrangement = Arrangement::LongTerm;
            person.dates = None;
            person.sessions.clear();
            person.needed_by = None;
            person.ready_for_own_tenancy = true;
            person.current_setting = crate::matching::Setting::SupportedLiving;
            person.current_weekly_cost = None;
            let sc = &mut self.schemes[si];
            let room = &sc.rooms[v].0;
            person.holds = Some(HeldPlace {
                household: None,
                scheme: Some(sc.scheme.id.clone()),
                accessible: room.accessible,
                ground_floor: room.ground_floor,
                en_suite: room.en_suite,
            });
            // The mover holds the room and is not listed among the tenants.
            sc.rooms[v].1 = Some(person.id.clone());
            sc.scheme.tenants.retain(|t| t.id != s.resident);
            let d = self.people[p].district;
            self.arrived[d] += 1;
            self.new_people.insert(self.people.len());
            self.people.push(SimPerson {
                person,
                district: d,
                status: Status::Waiting,
                holds: Some(Home::Vacancy(si, v)),
            });
            self.dirty = true;
        }
        self.stays = kept;
    }
}
