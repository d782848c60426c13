//! The hard rules. Each is a unit struct implementing [`HardRule`]; its
//! reason text names what is wrong in a way that stays the same across
//! similar options, so explanations can count them.

use super::{Candidate, HardRule, Reason};
use crate::geo::TravelMode;
use crate::matching::context::OptionView;
use crate::matching::model::{Arrangement, Need, Outcome, SupportLevel, SupportModel};

/// The person or the carers declined this pair at an introduction: it is
/// never proposed again.
#[derive(Debug, Clone, Copy)]
pub struct DeclinedIntroduction;

impl HardRule for DeclinedIntroduction {
    fn name(&self) -> &'static str {
        "declined_introduction"
    }
    fn description(&self) -> &'static str {
        "a pair declined at introduction is never proposed again"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        c.ctx
            .declined
            .contains(&(c.p, c.o))
            .then_some(Reason::Fixed("declined at introduction"))
    }
}

/// The option must have a free place once occupants and accepted or
/// in-progress introductions are counted.
#[derive(Debug, Clone, Copy)]
pub struct HasFreePlace;

impl HardRule for HasFreePlace {
    fn name(&self) -> &'static str {
        "has_free_place"
    }
    fn description(&self) -> &'static str {
        "the household or vacancy must have a free place"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let own_pin = matches!(c.ctx.pinned[c.p], Some((o, _)) if o == c.o);
        if own_pin {
            return None;
        }
        let person = c.person();
        match person.arrangement {
            Arrangement::DaySupport => {
                (c.ctx.day_places(c.o) == 0).then_some(Reason::Fixed("no day-support places"))
            }
            Arrangement::ShortBreak => {
                // A short break needs a bedroom free on each of its nights;
                // other short breaks on other dates may share it.
                let (a, b) = c.ctx.stay[c.p]?;
                let mut days = vec![a];
                days.extend(
                    c.ctx.option_bookings[c.o]
                        .iter()
                        .map(|r| r.0)
                        .filter(|&d| a <= d && d <= b),
                );
                let long_term_taken = i64::from(c.ctx.movers_at[c.o]);
                days.iter()
                    .any(|&d| c.ctx.beds_free_on(c.o, d) - long_term_taken <= 0)
                    .then_some(Reason::Fixed("no bedroom free on the dates needed"))
            }
            Arrangement::LongTerm | Arrangement::Emergency => {
                let free = c.ctx.free_capacity[c.o] + c.ctx.held_places(c.o);
                if free == 0 {
                    return Some(Reason::Fixed("no free place"));
                }
                // A long-term stay needs a bedroom on every day from its
                // start, so a booking later on that fills the house rules it
                // out.
                let start = c.ctx.stay[c.p].map_or(i64::MIN, |s| s.0);
                c.ctx.option_bookings[c.o]
                    .iter()
                    .filter(|r| r.1 >= start)
                    .any(|r| {
                        c.ctx.beds_free_on(c.o, r.0.max(start)) - i64::from(c.ctx.movers_at[c.o])
                            <= 0
                    })
                    .then_some(Reason::Fixed("bedroom booked for a short break later on"))
            }
        }
    }
}

/// Day support: the household must offer day support on every weekday of
/// the person's sessions.
#[derive(Debug, Clone, Copy)]
pub struct SessionsOffered;

impl HardRule for SessionsOffered {
    fn name(&self) -> &'static str {
        "sessions_offered"
    }
    fn description(&self) -> &'static str {
        "day support must be offered on every weekday of the person's sessions"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        if c.person().arrangement != Arrangement::DaySupport {
            return None;
        }
        let wanted = c.ctx.session_days[c.p];
        (wanted & !c.ctx.day_mask(c.o) != 0)
            .then_some(Reason::Fixed("no day support on the weekdays needed"))
    }
}

/// A scheme must staff the support the person needs: night support
/// (a waking night covers a sleep-in) and, for high support, staff on site
/// (not visiting support only). Shared Lives carers live in, so households
/// pass.
#[derive(Debug, Clone, Copy)]
pub struct SupportModelFits;

impl HardRule for SupportModelFits {
    fn name(&self) -> &'static str {
        "support_model_fits"
    }
    fn description(&self) -> &'static str {
        "a scheme must staff the night support and level of support the person needs"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let OptionView::Vacancy(s, _) = c.option() else {
            return None;
        };
        let person = c.person();
        let round_the_clock = s.support_model == SupportModel::TwentyFourHourShared;
        if let Some(need) = person.night_support {
            let covered = round_the_clock || s.night_cover.is_some_and(|have| have >= need);
            if !covered {
                return Some(Reason::Fixed("no night support of the kind needed"));
            }
        }
        (person.support_level == SupportLevel::High && s.support_model == SupportModel::Floating)
            .then_some(Reason::Fixed(
                "visiting support only; high support needs staff on site",
            ))
    }
}

/// A house for one gender takes only people of that gender.
#[derive(Debug, Clone, Copy)]
pub struct SingleGenderHouse;

impl HardRule for SingleGenderHouse {
    fn name(&self) -> &'static str {
        "single_gender_house"
    }
    fn description(&self) -> &'static str {
        "a house for one gender takes only people of that gender"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let OptionView::Vacancy(s, _) = c.option() else {
            return None;
        };
        let want = s.single_gender?;
        (c.person().gender != Some(want)).then_some(Reason::Fixed("a house for another gender"))
    }
}

/// An option kept for one person (their own tenancy) is not offered to
/// anyone else, and a person who is moving on is not offered another place
/// in the home they are leaving.
#[derive(Debug, Clone, Copy)]
pub struct KeptForSomeoneElse;

impl HardRule for KeptForSomeoneElse {
    fn name(&self) -> &'static str {
        "kept_for_someone_else"
    }
    fn description(&self) -> &'static str {
        "an option kept for one person is offered to nobody else"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        if c.ctx.reserved_for[c.o].is_some_and(|q| q != c.p) {
            return Some(Reason::Fixed("kept for another person"));
        }
        let own_home = c.ctx.held[c.p].map(|h| c.ctx.home_of[h]);
        (own_home == Some(c.ctx.home_of[c.o])).then_some(Reason::Fixed("the home they are leaving"))
    }
}

/// The option must offer the arrangement the person wants (supported living
/// is long-term only).
#[derive(Debug, Clone, Copy)]
pub struct ArrangementOffered;

impl HardRule for ArrangementOffered {
    fn name(&self) -> &'static str {
        "arrangement_offered"
    }
    fn description(&self) -> &'static str {
        "the option must offer the arrangement wanted (long-term, short breaks or day support)"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let wanted = c.person().arrangement;
        let offered = match c.option() {
            OptionView::Household(h) => h.offers.contains(&wanted),
            OptionView::Vacancy(..) => {
                matches!(wanted, Arrangement::LongTerm | Arrangement::Emergency)
            }
        };
        (!offered).then_some(Reason::NotOffered(wanted))
    }
}

/// The household must be approved (or the scheme registered) for every one of
/// the person's needs.
#[derive(Debug, Clone, Copy)]
pub struct NeedsApproved;

impl HardRule for NeedsApproved {
    fn name(&self) -> &'static str {
        "needs_approved"
    }
    fn description(&self) -> &'static str {
        "the household must be approved, or the scheme registered, for every need"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let missing = c.ctx.person_needs[c.p] & !c.ctx.option_needs[c.o];
        if missing == 0 {
            return None;
        }
        let first = Need::ALL.iter().find(|n| missing & n.bit() != 0)?;
        Some(Reason::NotApproved(*first))
    }
}

/// The person's age must be within the ages the household or scheme takes.
#[derive(Debug, Clone, Copy)]
pub struct AcceptsAge;

impl HardRule for AcceptsAge {
    fn name(&self) -> &'static str {
        "accepts_age"
    }
    fn description(&self) -> &'static str {
        "the person's age must be within the ages the household or scheme takes"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let (lo, hi) = match c.option() {
            OptionView::Household(h) => (h.accepts.min_age, h.accepts.max_age),
            OptionView::Vacancy(s, _) => (s.min_age, s.max_age),
        };
        let age = c.person().age;
        let out = lo.is_some_and(|lo| age < lo) || hi.is_some_and(|hi| age > hi);
        out.then_some(Reason::Age(age))
    }
}

/// A household must be able to give the person's level of support; a scheme
/// must have the one-to-one hours the person needs spare (after people
/// already accepted there).
#[derive(Debug, Clone, Copy)]
pub struct SupportCanBeMet;

impl HardRule for SupportCanBeMet {
    fn name(&self) -> &'static str {
        "support_can_be_met"
    }
    fn description(&self) -> &'static str {
        "the household's support level, or the scheme's spare hours, must cover the person's support"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let person = c.person();
        match c.option() {
            OptionView::Household(h) => {
                let max = h.accepts.max_support_level.unwrap_or(SupportLevel::High);
                (person.support_level > max).then_some(Reason::SupportLevel(person.support_level))
            }
            OptionView::Vacancy(s, _) => {
                let home = c.ctx.home_of[c.o];
                let used: u32 = c.ctx.pinned_at_home[home]
                    .iter()
                    .filter(|&&q| q != c.p)
                    .map(|&q| c.ctx.person(q).support_hours_per_week)
                    .sum();
                let spare = s.support_hours_available.saturating_sub(used);
                (person.support_hours_per_week > spare)
                    .then_some(Reason::SupportHours(person.support_hours_per_week))
            }
        }
    }
}

/// A person who does not want to live with pets is not offered a home with pets.
#[derive(Debug, Clone, Copy)]
pub struct PetsCompatible;

impl HardRule for PetsCompatible {
    fn name(&self) -> &'static str {
        "pets_compatible"
    }
    fn description(&self) -> &'static str {
        "no pets for someone who cannot live with pets"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let pets = matches!(c.option(), OptionView::Household(h) if h.pets);
        (pets && c.person().preferences.pets_ok == Some(false)).then_some(Reason::Fixed("has pets"))
    }
}

/// No smokers for someone who cannot live with smoke; no smoker where the
/// household does not take smokers.
#[derive(Debug, Clone, Copy)]
pub struct SmokingCompatible;

impl HardRule for SmokingCompatible {
    fn name(&self) -> &'static str {
        "smoking_compatible"
    }
    fn description(&self) -> &'static str {
        "no smokers for someone who cannot live with smoke, and no smoker where smokers are not taken"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let person = c.person();
        let option = c.option();
        let smoky = matches!(option, OptionView::Household(h) if h.smokers)
            || option.residents().iter().any(|r| r.smokes);
        if smoky && person.preferences.smoking_ok == Some(false) {
            return Some(Reason::Fixed("smokers in the home"));
        }
        let refuses =
            matches!(option, OptionView::Household(h) if h.accepts.smokers == Some(false));
        (person.smokes && refuses).then_some(Reason::Fixed("does not take smokers"))
    }
}

/// A person who cannot live with children is not offered a home with children.
#[derive(Debug, Clone, Copy)]
pub struct ChildrenCompatible;

impl HardRule for ChildrenCompatible {
    fn name(&self) -> &'static str {
        "children_compatible"
    }
    fn description(&self) -> &'static str {
        "no children in the home for someone who cannot live with children"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let children = matches!(c.option(), OptionView::Household(h) if h.children);
        (children && c.person().preferences.children_ok == Some(false))
            .then_some(Reason::Fixed("children in the home"))
    }
}

/// Wheelchair users need an accessible room; people who need a ground-floor
/// bedroom need one (an accessible room counts).
#[derive(Debug, Clone, Copy)]
pub struct AccessibleRoom;

impl HardRule for AccessibleRoom {
    fn name(&self) -> &'static str {
        "accessible_room"
    }
    fn description(&self) -> &'static str {
        "a wheelchair-accessible room or ground-floor bedroom where the person needs one"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let prefs = &c.person().preferences;
        let (accessible, ground) = match c.option() {
            OptionView::Household(h) => (
                h.accessible_rooms > 0,
                h.ground_floor_bedroom || h.accessible_rooms > 0,
            ),
            OptionView::Vacancy(_, v) => (v.accessible, v.ground_floor || v.accessible),
        };
        if prefs.wheelchair_access && !accessible {
            return Some(Reason::Fixed("no wheelchair-accessible room"));
        }
        (prefs.ground_floor && !ground).then_some(Reason::Fixed("no ground-floor bedroom"))
    }
}

/// The option must be free when the person needs it: available from the date
/// needed (or the short break's first day) and, for households, the carers
/// not away during a short break or on the day needed.
#[derive(Debug, Clone, Copy)]
pub struct Availability;

impl HardRule for Availability {
    fn name(&self) -> &'static str {
        "availability"
    }
    fn description(&self) -> &'static str {
        "the option must be available on the dates needed"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let (start, end) = c.ctx.person_window[c.p]?;
        if c.ctx.option_from[c.o].is_some_and(|from| from > start) {
            return Some(Reason::Fixed("not available in time"));
        }
        c.ctx.option_away[c.o]
            .iter()
            .any(|&(a, b)| start <= b && a <= end)
            .then_some(Reason::Fixed("carers away on the dates needed"))
    }
}

/// The option must be within the run's maximum move distance of the
/// person's current home (default 50 km).
#[derive(Debug, Clone, Copy)]
pub struct WithinArea;

impl HardRule for WithinArea {
    fn name(&self) -> &'static str {
        "within_area"
    }
    fn description(&self) -> &'static str {
        "the option must be within the maximum move distance of the person's home"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let max = c.ctx.cfg.thresholds.max_move_km;
        (c.distance_km() > max).then_some(Reason::TooFar)
    }
}

/// Every important place (family, day service, work) must stay within its
/// maximum travel time from the new home.
#[derive(Debug, Clone, Copy)]
pub struct TravelToImportantPlace;

impl HardRule for TravelToImportantPlace {
    fn name(&self) -> &'static str {
        "travel_to_important_place"
    }
    fn description(&self) -> &'static str {
        "each important place must be within its maximum travel time of the new home"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let person = c.person();
        let from = c.option().location();
        let mode: TravelMode = person.travel_mode;
        person.important_places.iter().find_map(|place| {
            let minutes = mode.minutes(&from, &place.location);
            (minutes > i64::from(place.max_travel_minutes))
                .then_some(Reason::Travel(place.max_travel_minutes, place.kind))
        })
    }
}

/// Nobody lives with someone they, or who, must not live with: checked
/// against occupants, sitting tenants and people already accepted there.
#[derive(Debug, Clone, Copy)]
pub struct MustNotLiveWith;

impl HardRule for MustNotLiveWith {
    fn name(&self) -> &'static str {
        "must_not_live_with"
    }
    fn description(&self) -> &'static str {
        "nobody is placed with someone either of them must not live with"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let person = c.person();
        let avoid = &person.preferences.must_not_live_with;
        let residents = c.option().residents();
        let clash_resident = residents
            .iter()
            .any(|r| avoid.contains(&r.id) || r.must_not_live_with.contains(&person.id));
        let home = c.ctx.home_of[c.o];
        let clash_pinned = c.ctx.pinned_at_home[home]
            .iter()
            .filter(|&&q| q != c.p)
            .any(|&q| {
                let other = c.ctx.person(q);
                avoid.contains(&other.id)
                    || other.preferences.must_not_live_with.contains(&person.id)
            });
        (clash_resident || clash_pinned)
            .then_some(Reason::Fixed("lives with someone they must not live with"))
    }
}

/// A newcomer must suit every sitting tenant or occupant: none of them may
/// have said they cannot live with someone with one of the person's needs.
#[derive(Debug, Clone, Copy)]
pub struct TenantCompatibility;

impl HardRule for TenantCompatibility {
    fn name(&self) -> &'static str {
        "tenant_compatibility"
    }
    fn description(&self) -> &'static str {
        "the newcomer must suit every sitting tenant or occupant"
    }
    fn check(&self, c: &Candidate) -> Option<Reason> {
        let needs = c.ctx.person_needs[c.p];
        let residents = c.option().residents();
        let theirs = residents.iter().find_map(|r| {
            r.not_with_needs
                .iter()
                .find(|n| needs & n.bit() != 0)
                .map(|n| Reason::ResidentNeed(*n))
        });
        theirs.or_else(|| {
            let mine = &c.person().preferences.not_with_needs;
            residents
                .iter()
                .any(|r| r.needs.iter().any(|n| mine.contains(n)))
                .then_some(Reason::Fixed("cannot live with the needs of someone there"))
        })
    }
}

/// Whether an introduction outcome pins a person (accepted or in progress).
pub fn pins(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Accepted | Outcome::InProgress)
}
