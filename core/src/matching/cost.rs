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

/// A placement's weekly cost against the alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct CostComparison {
    /// Weekly cost of the proposed placement.
    pub weekly_cost: Pence,
    /// Weekly cost of the person's current or counterfactual setting.
    pub counterfactual_weekly_cost: Pence,
    /// What the counterfactual is ("residential care", "current setting").
    pub counterfactual: String,
    /// Counterfactual minus placement (positive = a saving).
    pub weekly_saving: Pence,
}

/// Weekly cost of placing `person` in `option`.
pub fn placement_weekly_cost(person: &Person, option: &OptionView, costs: &CostSettings) -> Pence {
    match option {
        OptionView::Household(h) => h.weekly_cost.unwrap_or(match person.arrangement {
            Arrangement::LongTerm => costs.shared_lives_weekly,
            Arrangement::ShortBreak => costs.short_break_weekly,
            Arrangement::DaySupport => costs.day_support_weekly,
        }),
        OptionView::Vacancy(s, v) => v.weekly_cost.unwrap_or(s.weekly_cost),
    }
}

/// The person's counterfactual weekly cost and a label for it.
pub fn counterfactual_weekly_cost(person: &Person, costs: &CostSettings) -> (Pence, &'static str) {
    if let Some(current) = person.current_weekly_cost {
        return (current, "current setting");
    }
    match person.arrangement {
        Arrangement::ShortBreak => return (costs.respite_weekly, "residential respite"),
        Arrangement::DaySupport => return (costs.day_centre_weekly, "day centre"),
        Arrangement::LongTerm => {}
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

/// Counterfactual minus placement cost for person `p` in option `o`.
pub(crate) fn weekly_saving(ctx: &Ctx, p: usize, o: usize) -> Pence {
    let person = ctx.person(p);
    let (cf, _) = counterfactual_weekly_cost(person, &ctx.cfg.costs);
    cf - placement_weekly_cost(person, &ctx.options[o], &ctx.cfg.costs)
}

/// The full comparison for person `p` in option `o`.
pub(crate) fn compare(ctx: &Ctx, p: usize, o: usize) -> CostComparison {
    let person = ctx.person(p);
    let (cf, label) = counterfactual_weekly_cost(person, &ctx.cfg.costs);
    let cost = placement_weekly_cost(person, &ctx.options[o], &ctx.cfg.costs);
    CostComparison {
        weekly_cost: cost,
        counterfactual_weekly_cost: cf,
        counterfactual: label.to_owned(),
        weekly_saving: cf - cost,
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
