//! The placement domain model: people referred for a placement, Shared Lives
//! carer households, supported-living schemes with their vacancies and
//! tenants, and the outcomes of introductions already made.
//!
//! These are plain serde records with no solver state (see STYLE §3.1). JSON
//! field names are snake_case; unknown fields are rejected so a typo in a
//! scenario file is reported instead of silently ignored. Identifiers are
//! newtypes over `String` so a household id can never be passed where a
//! person id is expected.

use serde::{Deserialize, Serialize};

use crate::geo::{LatLon, TravelMode};
use crate::units::Pence;

mod calendar;
mod places;

pub use calendar::*;
pub use places::*;

/// Version of the scenario and result JSON formats written by this build.
pub const SCHEMA_VERSION: u32 = 1;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Creates an id from any string.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a person (a referral, or a current occupant or tenant).
    PersonId
);
id_type!(
    /// Identifies a Shared Lives carer household.
    HouseholdId
);
id_type!(
    /// Identifies a supported-living scheme (a shared house or a block of flats).
    SchemeId
);
id_type!(
    /// Identifies one vacancy (a room or flat); unique across all schemes.
    VacancyId
);

/// A category of need. Households are approved, and schemes registered, for
/// categories; a person may have several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Learning disability (the largest group in Shared Lives).
    LearningDisability,
    /// Autism.
    Autism,
    /// Mental health.
    MentalHealth,
    /// Physical disability.
    PhysicalDisability,
    /// Older adult (frailty, long-term conditions).
    OlderAdult,
    /// Dementia.
    Dementia,
    /// Sensory impairment (sight, hearing).
    SensoryImpairment,
    /// Acquired brain injury.
    AcquiredBrainInjury,
}

impl Need {
    /// Every category, in a fixed order.
    pub const ALL: [Need; 8] = [
        Need::LearningDisability,
        Need::Autism,
        Need::MentalHealth,
        Need::PhysicalDisability,
        Need::OlderAdult,
        Need::Dementia,
        Need::SensoryImpairment,
        Need::AcquiredBrainInjury,
    ];

    /// Words a placement officer would use.
    pub fn label(self) -> &'static str {
        match self {
            Need::LearningDisability => "learning disability",
            Need::Autism => "autism",
            Need::MentalHealth => "mental health",
            Need::PhysicalDisability => "physical disability",
            Need::OlderAdult => "older adults",
            Need::Dementia => "dementia",
            Need::SensoryImpairment => "sensory impairment",
            Need::AcquiredBrainInjury => "acquired brain injury",
        }
    }

    /// A bit for this category, for fast set tests.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// How much support a person needs day to day.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SupportLevel {
    /// Prompting and companionship.
    Low,
    /// Daily personal support.
    #[default]
    Moderate,
    /// Substantial support, possibly at night.
    High,
}

/// What kind of arrangement a person wants (or a household offers).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Arrangement {
    /// Living with the carer (or in the scheme) long term.
    #[default]
    LongTerm,
    /// A short break with dates (respite for a family carer).
    ShortBreak,
    /// Day support in the carer's home: sessions of 4 or 8 hours on given
    /// weekdays ([`Person::sessions`]); uses a day-support slot, not a bedroom.
    DaySupport,
    /// An emergency arrangement: a bedroom from today (`as_of`), open-ended
    /// like a long-term stay until a longer plan is made.
    Emergency,
}

impl Arrangement {
    /// Words a placement officer would use.
    pub fn label(self) -> &'static str {
        match self {
            Arrangement::LongTerm => "long-term",
            Arrangement::ShortBreak => "short breaks",
            Arrangement::DaySupport => "day support",
            Arrangement::Emergency => "emergency",
        }
    }

    /// Whether the arrangement takes a bedroom (every kind but day support).
    pub fn uses_bedroom(self) -> bool {
        self != Arrangement::DaySupport
    }

    /// Whether the arrangement recurs every week (long-term, emergency and
    /// day support); a short break is a one-off stay costed for its nights.
    pub fn is_recurring(self) -> bool {
        self != Arrangement::ShortBreak
    }
}

/// Where a person lives now, which sets the counterfactual weekly cost.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// With family; the alternative if it breaks down is usually residential care.
    #[default]
    FamilyHome,
    /// A residential care home.
    ResidentialCare,
    /// Supported living.
    SupportedLiving,
    /// In hospital, waiting for discharge.
    Hospital,
    /// Own tenancy with homecare.
    OwnHome,
}

/// Gender, for carer-gender preferences and gender-mix rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Non-binary or self-described.
    Other,
}

/// The kind of an important place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// Family members the person sees.
    Family,
    /// A day service or day centre.
    DayService,
    /// Work or volunteering.
    Work,
    /// College or training.
    College,
    /// Anything else (church, club, GP).
    Other,
}

impl PlaceKind {
    /// Words a placement officer would use.
    pub fn label(self) -> &'static str {
        match self {
            PlaceKind::Family => "family",
            PlaceKind::DayService => "day service",
            PlaceKind::Work => "work",
            PlaceKind::College => "college",
            PlaceKind::Other => "important place",
        }
    }
}

/// A place the person must still reach from their new home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ImportantPlace {
    /// What the place is.
    pub kind: PlaceKind,
    /// Optional name ("Mum", "Bassetlaw day centre").
    #[serde(default)]
    pub name: Option<String>,
    /// Where it is.
    pub location: LatLon,
    /// Longest acceptable one-way journey, in minutes.
    pub max_travel_minutes: u32,
}

/// What the person wants and cannot live with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct Preferences {
    /// Preferred gender of the main carer (soft).
    pub carer_gender: Option<Gender>,
    /// Whether the person is happy to live with pets (default yes).
    pub pets_ok: Option<bool>,
    /// Whether the person is happy to live with smokers (default yes).
    pub smoking_ok: Option<bool>,
    /// Whether the person is happy to live with children (default yes).
    pub children_ok: Option<bool>,
    /// Needs a wheelchair-accessible room (hard).
    pub wheelchair_access: bool,
    /// Needs a ground-floor bedroom (hard).
    pub ground_floor: bool,
    /// Would like an en-suite room (soft).
    pub en_suite: bool,
    /// Interests and hobbies, lower case ("gardening", "football").
    pub interests: Vec<String>,
    /// Languages spoken, first language first.
    pub languages: Vec<String>,
    /// Faith or culture the person would like shared (soft).
    pub faith: Option<String>,
    /// People the person must not live with (hard).
    pub must_not_live_with: Vec<PersonId>,
    /// Needs of housemates the person cannot share a home with (hard; the
    /// same rule a sitting tenant's `not_with_needs` states).
    pub not_with_needs: Vec<Need>,
    /// Preferred kind of option, if any (soft).
    pub prefers: Option<OptionKind>,
}

/// Night-time support a person needs, or a scheme staffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum NightSupport {
    /// A member of staff sleeps in and can be woken.
    SleepIn,
    /// Staff awake all night (covers a sleep-in need too).
    WakingNight,
}

/// The place a person holds now and could leave in this run (a move-on):
/// a Shared Lives place in a household or a room in a supported-living
/// scheme. Exactly one of `household` and `scheme` is set. The person is not
/// listed among that home's occupants or tenants: while they stay they are
/// treated as living there, and when they move their place is offered to
/// others in the same run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct HeldPlace {
    /// The household, for a Shared Lives place.
    pub household: Option<HouseholdId>,
    /// The scheme, for a supported-living room.
    pub scheme: Option<SchemeId>,
    /// The room is wheelchair accessible (schemes).
    pub accessible: bool,
    /// The room is on the ground floor (schemes).
    pub ground_floor: bool,
    /// The room has an en-suite (schemes).
    pub en_suite: bool,
}

/// A stay already booked at a household (a short break or respite stay),
/// which takes one bedroom on each of its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Booking {
    /// Who is staying.
    pub person: PersonId,
    /// The nights booked (inclusive).
    pub dates: DateRange,
}

/// A person referred for a placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id.
    pub id: PersonId,
    /// Display name or initials (optional; keep personal data out of shared files).
    #[serde(default)]
    pub name: Option<String>,
    /// Age in years.
    pub age: u32,
    /// Gender (for carer-gender and gender-mix rules).
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Categories of need; at least one.
    pub needs: Vec<Need>,
    /// Day-to-day support level.
    #[serde(default)]
    pub support_level: SupportLevel,
    /// One-to-one support hours a week needed on top of shared support
    /// (checked against a scheme's spare hours).
    #[serde(default)]
    pub support_hours_per_week: u32,
    /// Where the person lives now.
    pub home: LatLon,
    /// District name (e.g. "Bassetlaw"), for the same-area score.
    #[serde(default)]
    pub district: Option<String>,
    /// Primary care network or neighbourhood (e.g. "Worksop North PCN"),
    /// for the district lens; at most [`super::limits::MAX_PCN_CHARS`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcn: Option<String>,
    /// How the person gets about (default car).
    #[serde(default)]
    pub travel_mode: TravelMode,
    /// Places the person must still reach, each with a maximum travel time.
    #[serde(default)]
    pub important_places: Vec<ImportantPlace>,
    /// What the person wants.
    #[serde(default)]
    pub arrangement: Arrangement,
    /// Dates of a short break (required for short breaks).
    #[serde(default)]
    pub dates: Option<DateRange>,
    /// Day-support sessions a week (required for day support).
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Date the placement is needed by (a long-term stay starts then).
    #[serde(default)]
    pub needed_by: Option<Date>,
    /// Night support needed (checked against what a scheme staffs; a
    /// Shared Lives carer is at home at night).
    #[serde(default)]
    pub night_support: Option<NightSupport>,
    /// The place the person holds now and is ready to leave (a move-on).
    #[serde(default)]
    pub holds: Option<HeldPlace>,
    /// Ready to move on to their own tenancy (general-needs housing with
    /// support at home); offered as an option of its own.
    #[serde(default)]
    pub ready_for_own_tenancy: bool,
    /// Where the person lives now.
    #[serde(default)]
    pub current_setting: Setting,
    /// Weekly cost of the current setting, if known (overrides the default).
    #[serde(default)]
    pub current_weekly_cost: Option<Pence>,
    /// Setting the person would otherwise move to (overrides the default
    /// counterfactual, which is residential care for someone at home with family).
    #[serde(default)]
    pub counterfactual_setting: Option<Setting>,
    /// Whether the person smokes.
    #[serde(default)]
    pub smokes: bool,
    /// Preferences and requirements.
    #[serde(default)]
    pub preferences: Preferences,
}

/// What an option is: a place in a Shared Lives household or a supported-living vacancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum OptionKind {
    /// A place with a Shared Lives carer household.
    SharedLives,
    /// A supported-living vacancy.
    SupportedLiving,
}

/// How an introduction went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Both said yes: the pair is kept and the place is taken.
    Accepted,
    /// Introductions or trial stays are under way: the pair is kept for now.
    InProgress,
    /// One side said no: the pair is never proposed again.
    Declined,
}

/// The outcome of introducing a person to a household or vacancy.
/// Exactly one of `household` and `vacancy` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct IntroductionOutcome {
    /// The person introduced.
    pub person: PersonId,
    /// The household, for a Shared Lives introduction.
    #[serde(default)]
    pub household: Option<HouseholdId>,
    /// The vacancy, for a supported-living viewing.
    #[serde(default)]
    pub vacancy: Option<VacancyId>,
    /// How it went.
    pub outcome: Outcome,
}

/// Everything a matching run needs: people, households, schemes, outcomes so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; this build reads and writes [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// A title for the scenario.
    #[serde(default)]
    pub name: Option<String>,
    /// The day the plan is made (for availability and urgency).
    #[serde(default)]
    pub as_of: Option<Date>,
    /// People referred for a placement.
    pub people: Vec<Person>,
    /// Shared Lives carer households.
    #[serde(default)]
    pub households: Vec<Household>,
    /// Supported-living schemes.
    #[serde(default)]
    pub schemes: Vec<Scheme>,
    /// Introductions made so far and how they went.
    #[serde(default)]
    pub introductions: Vec<IntroductionOutcome>,
    /// Adults with a learning disability the council supports, for progress
    /// toward the Shared Lives target (3.5 % → 7 % in Nottinghamshire).
    #[serde(default)]
    pub learning_disability_population: Option<u32>,
    /// Of those, people in Shared Lives arrangements before this run.
    #[serde(default)]
    pub shared_lives_ld_current: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_order() {
        assert_eq!(Date::new("1970-01-01").day_number(), Some(0));
        assert_eq!(
            Date::new("2024-03-01").day_number().unwrap()
                - Date::new("2024-02-28").day_number().unwrap(),
            2
        );
        assert_eq!(Date::new("2023-02-29").day_number(), None);
        assert_eq!(Date::new("2023-13-01").day_number(), None);
        assert_eq!(Date::new("01/02/2023").day_number(), None);
        assert_eq!(Date::new("2023-1-01").day_number(), None);
    }

    #[test]
    fn day_numbers_round_trip_and_weekdays() {
        for d in [-1000i64, 0, 59, 60, 365, 11_016, 20_000, 20_454] {
            assert_eq!(date_of(d).day_number(), Some(d));
        }
        assert_eq!(weekday_of(0), Weekday::Thursday);
        let monday = Date::new("2026-11-30").day_number().unwrap();
        assert_eq!(weekday_of(monday), Weekday::Monday);
    }

    #[test]
    fn need_bits_are_distinct() {
        let all = Need::ALL.iter().fold(0u32, |acc, n| {
            assert_eq!(acc & n.bit(), 0);
            acc | n.bit()
        });
        assert_eq!(all.count_ones() as usize, Need::ALL.len());
    }
}
