//! Weekly cost of a placement against the person's current or counterfactual
//! setting.
//!
//! The counterfactual is what the person would cost without this placement:
//! the current weekly cost when the record gives it, otherwise the default
//! for the setting they would otherwise be in (residential care for someone
//! living with family or leaving hospital, their current supported living or
//! residential home, residential respite instead of a short break, a day
//! centre instead of day support). Defaults are in [`CostSettings`]; the
//! Shared Lives differences (£323 and £271 a week) are Nottinghamshire's.

use serde::{Deserialize, Serialize};

use super::config::CostSettings;
use super::context::{Ctx, OptionView};
use super::model::{Arrangement, Person, Setting};
use crate::units::Pence;

/// A placement's cost against the alternative, split honestly into what
/// recurs every week (long-term, emergency, day support) and what is paid
/// once (a short break, costed for its nights).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct CostComparison {
    /// Weekly cost of the proposed placement (0 for a short break).
    pub weekly_cost: Pence,
    /// Weekly cost of the person's current or counterfactual setting (0 for
    /// a short break).
    pub counterfactual_weekly_cost: Pence,
    /// What the counterfactual is ("residential care", "current setting").
    pub counterfactual: String,
    /// Counterfactual minus placement, per week (positive = a saving; 0 for
    /// a short break, which does not recur).
    pub weekly_saving: Pence,
    /// Whether the arrangement recurs every week.
    pub recurring: bool,
    /// Cost of a one-off stay (a short break: nights × nightly rate).
    pub one_off_cost: Pence,
    /// Cost of the alternative to that stay (residential respite).
    pub one_off_counterfactual: Pence,
    /// One-off saving (positive = a saving).
    pub one_off_saving: Pence,
    /// Nights of a short break.
    pub nights: Option<u32>,
    /// Day-support sessions a week.
    pub sessions_per_week: Option<u32>,
    /// Saving over a year: 52 × the weekly saving + the one-off saving.
    pub annual_saving: Pence,
}

/// Weeks in the annual figures.
pub const WEEKS_PER_YEAR: i64 = 52;

/// Nights of a short break (its dates, both ends counted).
pub fn nights(person: &Person) -> Option<u32> {
    let d = person.dates.as_ref()?;
    let (a, b) = d.start.day_number().zip(d.end.day_number())?;
    u32::try_from(b - a + 1).ok()
}

/// Weekly cost of day-support sessions from a weekly figure for five full
/// days: an 8-hour session costs a fifth, a 4-hour session a tenth.
fn per_sessions(person: &Person, five_days: Pence) -> Pence {
    if person.sessions.is_empty() {
        return five_days;
    }
    let tenths: i64 = person
        .sessions
        .iter()
        .map(|s| if s.hours >= 8 { 2 } else { 1 })
        .sum();
    Pence(five_days.0 * tenths / 10)
}

/// Weekly cost of placing `person` in `option`.
///
/// For a short break this is the rate per week booked (see
/// [`one_off_cost`] for what the break really costs); for day support the
/// sessions' share of five full days.
pub fn placement_weekly_cost(person: &Person, option: &OptionView, costs: &CostSettings) -> Pence {
    match option {
        OptionView::Household(h) => match person.arrangement {
            Arrangement::LongTerm | Arrangement::Emergency => {
                h.weekly_cost.unwrap_or(costs.shared_lives_weekly)
            }
            Arrangement::ShortBreak => h.weekly_cost.unwrap_or(costs.short_break_weekly),
            Arrangement::DaySupport => {
                per_sessions(person, h.weekly_cost.unwrap_or(costs.day_support_weekly))
            }
        },
        OptionView::Vacancy(s, v) => v.weekly_cost.unwrap_or(s.weekly_cost),
    }
}

/// A short break's cost and its alternative's: nights × the weekly rate / 7.
pub fn one_off_cost(person: &Person, option: &OptionView, costs: &CostSettings) -> (Pence, Pence) {
    let n = i64::from(nights(person).unwrap_or(0));
    let week = placement_weekly_cost(person, option, costs);
    let alt = person.current_weekly_cost.unwrap_or(costs.respite_weekly);
    (Pence(week.0 * n / 7), Pence(alt.0 * n / 7))
}

/// The person's counterfactual weekly cost and a label for it.
pub fn counterfactual_weekly_cost(person: &Person, costs: &CostSettings) -> (Pence, &'static str) {
    if let Some(current) = person.current_weekly_cost {
        return (current, "current setting");
    }
    match person.arrangement {
        Arrangement::ShortBreak => return (costs.respite_weekly, "residential respite"),
        Arrangement::DaySupport => {
            return (per_sessions(person, costs.day_centre_weekly), "day centre");
        }
        Arrangement::LongTerm | Arrangement::Emergency => {}
    }
    let setting = person
        .counterfactual_setting
        .unwrap_or(match person.current_setting {
            Setting::FamilyHome | Setting::Hospital => Setting::ResidentialCare,
            other => other,
        });
    match setting {
        Setting::ResidentialCare | Setting::FamilyHome => {
            (costs.residential_weekly, "residential care")
        }
        Setting::SupportedLiving => (costs.supported_living_weekly, "supported living"),
        Setting::Hospital => (costs.hospital_weekly, "hospital bed"),
        Setting::OwnHome => (costs.own_home_weekly, "own home with homecare"),
    }
}

/// The saving of person `p` in option `o` as a weekly equivalent for the
/// objective: the weekly saving of a recurring arrangement, the annual
/// saving / 52 of a short break. Filling a supported-living room also saves
/// the cost of leaving it empty.
pub(crate) fn weekly_saving(ctx: &Ctx, p: usize, o: usize) -> Pence {
    let c = compare(ctx, p, o);
    let void = match ctx.options[o] {
        OptionView::Vacancy(..) => ctx.cfg.costs.empty_room_weekly,
        OptionView::Household(_) => Pence(0),
    };
    Pence(c.annual_saving.0 / WEEKS_PER_YEAR) + void
}

/// The full comparison for person `p` in option `o`.
///
/// A mover's counterfactual is the place they hold (unless their record
/// gives a current weekly cost).
pub(crate) fn compare(ctx: &Ctx, p: usize, o: usize) -> CostComparison {
    let person = ctx.person(p);
    let mut c = compare_person(person, &ctx.options[o], &ctx.cfg.costs);
    if let Some(h) = ctx.held[p]
        && person.current_weekly_cost.is_none()
        && c.recurring
    {
        let cf = placement_weekly_cost(person, &ctx.options[h], &ctx.cfg.costs);
        c.counterfactual_weekly_cost = cf;
        c.counterfactual = "the place they leave".to_owned();
        c.weekly_saving = cf - c.weekly_cost;
        c.annual_saving = Pence(c.weekly_saving.0 * WEEKS_PER_YEAR);
    }
    c
}

/// The full comparison for a person in an option.
pub fn compare_person(
    person: &Person,
    option: &OptionView,
    costs: &CostSettings,
) -> CostComparison {
    if person.arrangement == Arrangement::ShortBreak {
        let (cost, alt) = one_off_cost(person, option, costs);
        let label = if person.current_weekly_cost.is_some() {
            "current setting"
        } else {
            "residential respite"
        };
        return CostComparison {
            weekly_cost: Pence(0),
            counterfactual_weekly_cost: Pence(0),
            counterfactual: label.to_owned(),
            weekly_saving: Pence(0),
            recurring: false,
            one_off_cost: cost,
            one_off_counterfactual: alt,
            one_off_saving: alt - cost,
            nights: nights(person),
            sessions_per_week: None,
            annual_saving: alt - cost,
        };
    }
    let (cf, label) = counterfactual_weekly_cost(person, costs);
    let cost = placement_weekly_cost(person, option, costs);
    let saving = cf - cost;
    CostComparison {
        weekly_cost: cost,
        counterfactual_weekly_cost: cf,
        counterfactual: label.to_owned(),
        weekly_saving: saving,
        recurring: true,
        one_off_cost: Pence(0),
        one_off_counterfactual: Pence(0),
        one_off_saving: Pence(0),
        nights: None,
        sessions_per_week: (person.arrangement == Arrangement::DaySupport)
            .then_some(person.sessions.len() as u32),
        annual_saving: Pence(saving.0 * WEEKS_PER_YEAR),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_carry_the_nottinghamshire_differences() {
        let c = CostSettings::default();
        assert_eq!(
            c.residential_weekly - c.shared_lives_weekly,
            Pence::from_pounds(323)
        );
        assert_eq!(
            c.supported_living_weekly - c.shared_lives_weekly,
            Pence::from_pounds(271)
        );
    }
}
