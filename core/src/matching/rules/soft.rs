//! The soft rules. Each gives a raw fit from 0 to 100; its weight (from
//! [`crate::matching::Weights`]) turns that into points.
//!
//! Where the person states no preference the rule gives full marks, so a
//! person who says less is not ranked below one who says more when the plan
//! decides who gets a scarce place.

use super::{Candidate, SoftRule};
use crate::matching::Weights;
use crate::matching::context::OptionView;
use crate::matching::model::OptionKind;

fn clamp_raw(x: f64) -> i64 {
    if x.is_finite() {
        (x.round() as i64).clamp(0, 100)
    } else {
        0
    }
}

/// Every feasible option is worth something: being placed at all.
#[derive(Debug, Clone, Copy)]
pub struct PlacementValue;

impl SoftRule for PlacementValue {
    fn neutral(&self, c: &Candidate) -> bool {
        let _ = c;
        true
    }
    fn name(&self) -> &'static str {
        "placement"
    }
    fn description(&self) -> &'static str {
        "value of being placed at all"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.placement
    }
    fn raw(&self, _: &Candidate) -> i64 {
        100
    }
    fn note(&self, _: &Candidate, _: i64) -> String {
        "a suitable place".to_owned()
    }
}

/// Closer to the person's current home and community is better; the score
/// falls linearly to zero at `locality_km` (default 25 km).
#[derive(Debug, Clone, Copy)]
pub struct Distance;

impl SoftRule for Distance {
    fn name(&self) -> &'static str {
        "distance"
    }
    fn description(&self) -> &'static str {
        "closeness to the person's current home"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.distance
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let scale = c.ctx.cfg.thresholds.locality_km.max(0.1);
        clamp_raw(100.0 * (1.0 - c.distance_km() / scale))
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        format!("{:.1} km from home", c.distance_km())
    }
}

/// Staying in the same district keeps friends, GP and community.
#[derive(Debug, Clone, Copy)]
pub struct SameArea;

impl SoftRule for SameArea {
    fn name(&self) -> &'static str {
        "same_area"
    }
    fn description(&self) -> &'static str {
        "the option is in the person's district"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.same_area
    }
    fn raw(&self, c: &Candidate) -> i64 {
        match (c.person().district.as_deref(), c.option().district()) {
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => 100,
            _ => 0,
        }
    }
    fn note(&self, c: &Candidate, raw: i64) -> String {
        match (raw, c.option().district()) {
            (100, Some(d)) => format!("also in {d}"),
            (_, Some(d)) => format!("in {d}"),
            _ => "district not known".to_owned(),
        }
    }
}

/// Share of the person's interests that the carers (or, in supported living,
/// the tenants) share.
#[derive(Debug, Clone, Copy)]
pub struct Interests;

/// Whether the carers (or tenants) share interest `m`.
fn shares_interest(c: &Candidate, m: &str) -> bool {
    match c.option() {
        OptionView::Household(h) => h.interests.iter().any(|t| t.eq_ignore_ascii_case(m)),
        OptionView::Vacancy(s, _) => s
            .tenants
            .iter()
            .flat_map(|t| &t.interests)
            .any(|t| t.eq_ignore_ascii_case(m)),
    }
}

impl SoftRule for Interests {
    fn neutral(&self, c: &Candidate) -> bool {
        c.person().preferences.interests.is_empty()
    }
    fn name(&self) -> &'static str {
        "interests"
    }
    fn description(&self) -> &'static str {
        "shared interests and hobbies"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.interests
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let mine = &c.person().preferences.interests;
        if mine.is_empty() {
            return 100;
        }
        let shared = mine.iter().filter(|m| shares_interest(c, m)).count();
        clamp_raw(100.0 * shared as f64 / mine.len() as f64)
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        let mine = &c.person().preferences.interests;
        if mine.is_empty() {
            return "no interests stated".to_owned();
        }
        let shared: Vec<&str> = mine
            .iter()
            .filter(|m| shares_interest(c, m))
            .map(String::as_str)
            .collect();
        if shared.is_empty() {
            "no shared interests".to_owned()
        } else {
            format!("shares {}", shared.join(", "))
        }
    }
}

/// A shared language: full marks for the person's first language, half for
/// another they speak. Supported-living staff teams are assumed to cover
/// English only.
#[derive(Debug, Clone, Copy)]
pub struct Language;

fn option_languages<'a>(c: &Candidate<'_, 'a>) -> &'a [String] {
    match c.option() {
        OptionView::Household(h) => &h.languages,
        OptionView::Vacancy(..) => &[],
    }
}

fn speaks(theirs: &[String], lang: &str, default_english: bool) -> bool {
    theirs.iter().any(|t| t.eq_ignore_ascii_case(lang))
        || (default_english && theirs.is_empty() && lang.eq_ignore_ascii_case("english"))
}

impl SoftRule for Language {
    fn neutral(&self, c: &Candidate) -> bool {
        c.person().preferences.languages.is_empty()
    }
    fn name(&self) -> &'static str {
        "language"
    }
    fn description(&self) -> &'static str {
        "a shared language, ideally the person's first"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.language
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let mine = &c.person().preferences.languages;
        let theirs = option_languages(c);
        match mine.split_first() {
            None => 100,
            Some((first, _)) if speaks(theirs, first, true) => 100,
            Some((_, rest)) if rest.iter().any(|l| speaks(theirs, l, true)) => 50,
            _ => 0,
        }
    }
    fn note(&self, c: &Candidate, raw: i64) -> String {
        let mine = &c.person().preferences.languages;
        match (raw, mine.first()) {
            (_, None) => "no language stated".to_owned(),
            (100, Some(l)) => format!("speaks {l}"),
            (50, _) => "shares a second language".to_owned(),
            (_, Some(l)) => format!("does not speak {l}"),
        }
    }
}

/// Shared faith or culture when the person states one.
#[derive(Debug, Clone, Copy)]
pub struct Faith;

impl SoftRule for Faith {
    fn neutral(&self, c: &Candidate) -> bool {
        c.person().preferences.faith.is_none()
    }
    fn name(&self) -> &'static str {
        "faith"
    }
    fn description(&self) -> &'static str {
        "shared faith or culture, when the person states one"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.faith
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let Some(mine) = &c.person().preferences.faith else {
            return 100;
        };
        let theirs = match c.option() {
            OptionView::Household(h) => h.faith.as_deref(),
            OptionView::Vacancy(..) => None,
        };
        if theirs.is_some_and(|t| t.eq_ignore_ascii_case(mine)) {
            100
        } else {
            0
        }
    }
    fn note(&self, c: &Candidate, raw: i64) -> String {
        match (&c.person().preferences.faith, raw) {
            (None, _) => "no faith preference".to_owned(),
            (Some(f), 100) => format!("shares {f} faith"),
            (Some(f), _) => format!("does not share {f} faith"),
        }
    }
}

/// A carer of the gender the person prefers. Supported-living staff teams
/// are mixed, which counts as half.
#[derive(Debug, Clone, Copy)]
pub struct CarerGender;

impl SoftRule for CarerGender {
    fn neutral(&self, c: &Candidate) -> bool {
        c.person().preferences.carer_gender.is_none()
    }
    fn name(&self) -> &'static str {
        "carer_gender"
    }
    fn description(&self) -> &'static str {
        "a carer of the preferred gender"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.carer_gender
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let Some(wanted) = c.person().preferences.carer_gender else {
            return 100;
        };
        match c.option() {
            OptionView::Household(h) if h.carer_genders.contains(&wanted) => 100,
            OptionView::Household(_) => 0,
            OptionView::Vacancy(..) => 50,
        }
    }
    fn note(&self, _: &Candidate, raw: i64) -> String {
        match raw {
            100 => "carer gender as preferred".to_owned(),
            50 => "mixed staff team".to_owned(),
            _ => "no carer of the preferred gender".to_owned(),
        }
    }
}

/// The kind of option the person prefers (Shared Lives or supported living).
#[derive(Debug, Clone, Copy)]
pub struct HouseholdType;

impl SoftRule for HouseholdType {
    fn neutral(&self, c: &Candidate) -> bool {
        c.person().preferences.prefers.is_none()
    }
    fn name(&self) -> &'static str {
        "household_type"
    }
    fn description(&self) -> &'static str {
        "the kind of home the person prefers"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.household_type
    }
    fn raw(&self, c: &Candidate) -> i64 {
        match c.person().preferences.prefers {
            None => 100,
            Some(k) if k == c.option().kind() => 100,
            Some(_) => 0,
        }
    }
    fn note(&self, c: &Candidate, raw: i64) -> String {
        let kind = match c.option().kind() {
            OptionKind::SharedLives => "Shared Lives",
            OptionKind::SupportedLiving => "supported living",
        };
        if raw == 100 {
            format!("{kind} suits the person")
        } else {
            format!("{kind} is not the person's first choice")
        }
    }
}

/// Experienced carers; full marks at `experience_full_years` (default 10).
/// Supported-living teams get half marks.
#[derive(Debug, Clone, Copy)]
pub struct Experience;

impl SoftRule for Experience {
    fn name(&self) -> &'static str {
        "experience"
    }
    fn description(&self) -> &'static str {
        "years the carers have been approved"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.experience
    }
    fn raw(&self, c: &Candidate) -> i64 {
        match c.option() {
            OptionView::Household(h) => {
                let full = c.ctx.cfg.thresholds.experience_full_years.max(1);
                clamp_raw(100.0 * f64::from(h.experience_years) / f64::from(full))
            }
            OptionView::Vacancy(..) => 50,
        }
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        match c.option() {
            OptionView::Household(h) => format!("{} years' experience", h.experience_years),
            OptionView::Vacancy(..) => "staff team".to_owned(),
        }
    }
}

/// Weekly saving against the person's current or counterfactual setting;
/// full marks at `saving_full_pounds` (default £400).
#[derive(Debug, Clone, Copy)]
pub struct CostSaving;

impl SoftRule for CostSaving {
    fn name(&self) -> &'static str {
        "cost_saving"
    }
    fn description(&self) -> &'static str {
        "weekly saving against the current or counterfactual setting"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.cost_saving
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let saving = crate::matching::cost::weekly_saving(c.ctx, c.p, c.o);
        let full = i64::from(c.ctx.cfg.thresholds.saving_full_pounds.max(1)) * 100;
        (saving.0 * 100 / full).clamp(0, 100)
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        let saving = crate::matching::cost::weekly_saving(c.ctx, c.p, c.o);
        if saving.0 >= 0 {
            format!("saves {saving} a week")
        } else {
            format!("costs {} a week more", crate::units::Pence(-saving.0))
        }
    }
}

/// People needed soon come first: full marks when needed within
/// `urgent_within_days` (default 28) of the scenario's `as_of` date.
#[derive(Debug, Clone, Copy)]
pub struct Urgency;

fn days_left(c: &Candidate) -> Option<i64> {
    let needed = c.person().needed_by.as_ref()?.day_number()?;
    Some(needed - c.ctx.as_of?)
}

impl SoftRule for Urgency {
    fn name(&self) -> &'static str {
        "urgency"
    }
    fn description(&self) -> &'static str {
        "how soon the placement is needed"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.urgency
    }
    fn raw(&self, c: &Candidate) -> i64 {
        let limit = i64::from(c.ctx.cfg.thresholds.urgent_within_days);
        match days_left(c) {
            Some(d) if d <= limit => 100,
            _ => 0,
        }
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        match days_left(c) {
            Some(d) if d < 0 => format!("overdue by {} days", -d),
            Some(d) => format!("needed in {d} days"),
            None => "no date needed by".to_owned(),
        }
    }
}

/// Fit with the people already living there: similar ages. Full marks for
/// an empty home would favour empty homes, so an empty home scores half.
#[derive(Debug, Clone, Copy)]
pub struct TenantFit;

fn mean_age_gap(c: &Candidate) -> Option<f64> {
    let age = f64::from(c.person().age);
    let ages: Vec<f64> = c
        .option()
        .residents()
        .iter()
        .filter_map(|r| r.age.map(f64::from))
        .collect();
    (!ages.is_empty())
        .then(|| ages.iter().map(|a| (a - age).abs()).sum::<f64>() / ages.len() as f64)
}

impl SoftRule for TenantFit {
    fn name(&self) -> &'static str {
        "tenant_fit"
    }
    fn description(&self) -> &'static str {
        "similar ages to the people already living there"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.tenant_fit
    }
    fn raw(&self, c: &Candidate) -> i64 {
        match mean_age_gap(c) {
            None => 50,
            Some(gap) => clamp_raw(100.0 * (1.0 - gap / 30.0)),
        }
    }
    fn note(&self, c: &Candidate, _: i64) -> String {
        match mean_age_gap(c) {
            None => "nobody else living there".to_owned(),
            Some(g) => format!("{g:.0} years apart in age on average"),
        }
    }
}

/// An en-suite room when the person asked for one.
#[derive(Debug, Clone, Copy)]
pub struct EnSuite;

impl SoftRule for EnSuite {
    fn neutral(&self, c: &Candidate) -> bool {
        !c.person().preferences.en_suite
    }
    fn name(&self) -> &'static str {
        "en_suite"
    }
    fn description(&self) -> &'static str {
        "an en-suite room when asked for"
    }
    fn weight(&self, w: &Weights) -> i64 {
        w.en_suite
    }
    fn raw(&self, c: &Candidate) -> i64 {
        if !c.person().preferences.en_suite {
            return 100;
        }
        let has = match c.option() {
            OptionView::Household(h) => h.en_suite,
            OptionView::Vacancy(_, v) => v.en_suite,
        };
        if has { 100 } else { 0 }
    }
    fn note(&self, c: &Candidate, raw: i64) -> String {
        match (c.person().preferences.en_suite, raw) {
            (false, _) => "no en-suite asked for".to_owned(),
            (true, 100) => "en-suite room".to_owned(),
            (true, _) => "no en-suite".to_owned(),
        }
    }
}
