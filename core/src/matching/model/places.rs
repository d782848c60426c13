//! Where people can live: Shared Lives carer households, supported-living
//! schemes with their vacancies, and the people already living there.

use serde::{Deserialize, Serialize};

use super::*;

/// Someone already living in a household or scheme, with what matters for
/// compatibility with a newcomer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Resident {
    /// Person id (so `must_not_live_with` can refer to them).
    pub id: PersonId,
    /// Age in years.
    #[serde(default)]
    pub age: Option<u32>,
    /// Gender.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Their needs.
    #[serde(default)]
    pub needs: Vec<Need>,
    /// Whether they smoke.
    #[serde(default)]
    pub smokes: bool,
    /// Needs of newcomers they cannot share a home with (e.g. a tenant with
    /// autism who cannot live with someone whose mental health causes noise).
    #[serde(default)]
    pub not_with_needs: Vec<Need>,
    /// People they must not live with.
    #[serde(default)]
    pub must_not_live_with: Vec<PersonId>,
    /// Interests, for the tenant-fit score.
    #[serde(default)]
    pub interests: Vec<String>,
}

/// Which people and ages a household is willing to take.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields, default)]
pub struct Acceptance {
    /// Youngest age accepted.
    pub min_age: Option<u32>,
    /// Oldest age accepted.
    pub max_age: Option<u32>,
    /// Highest support level the household can give (default any).
    pub max_support_level: Option<SupportLevel>,
    /// Whether the household takes people who smoke (default yes).
    pub smokers: Option<bool>,
}

/// A Shared Lives carer household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Unique id.
    pub id: HouseholdId,
    /// Display name ("the Smiths").
    #[serde(default)]
    pub name: Option<String>,
    /// Where the household is.
    pub location: LatLon,
    /// District name.
    #[serde(default)]
    pub district: Option<String>,
    /// Primary care network or neighbourhood of the household.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcn: Option<String>,
    /// Needs categories the household is approved for by the scheme panel.
    pub approvals: Vec<Need>,
    /// Approved places (at most 3 in most schemes).
    pub places: u32,
    /// People living there now under Shared Lives arrangements.
    #[serde(default)]
    pub occupants: Vec<Resident>,
    /// Arrangements offered (default: long-term only).
    #[serde(default = "default_offers")]
    pub offers: Vec<Arrangement>,
    /// Pets in the home.
    #[serde(default)]
    pub pets: bool,
    /// Smokers in the home.
    #[serde(default)]
    pub smokers: bool,
    /// Children in the home.
    #[serde(default)]
    pub children: bool,
    /// Wheelchair-accessible bedrooms.
    #[serde(default)]
    pub accessible_rooms: u32,
    /// A bedroom on the ground floor.
    #[serde(default)]
    pub ground_floor_bedroom: bool,
    /// A bedroom with en-suite.
    #[serde(default)]
    pub en_suite: bool,
    /// Genders of the approved carers in the household.
    #[serde(default)]
    pub carer_genders: Vec<Gender>,
    /// Interests and hobbies.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Languages spoken.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Faith or culture.
    #[serde(default)]
    pub faith: Option<String>,
    /// Years as approved carers.
    #[serde(default)]
    pub experience_years: u32,
    /// First date the household can take someone new.
    #[serde(default)]
    pub available_from: Option<Date>,
    /// Dates when the carers are away (carers take up to 4 weeks a year off):
    /// no stay can be booked then, and a long-term arrangement that spans
    /// them needs respite cover.
    #[serde(default)]
    pub unavailable: Vec<DateRange>,
    /// Stays already booked (short breaks), each taking a bedroom on its dates.
    #[serde(default)]
    pub bookings: Vec<Booking>,
    /// Day-support places per session day (default: the approved places).
    #[serde(default)]
    pub day_support_places: Option<u32>,
    /// Weekdays the household offers day support (default Monday to Friday).
    #[serde(default)]
    pub day_support_days: Option<Vec<Weekday>>,
    /// Ages and support levels the household will take.
    #[serde(default)]
    pub accepts: Acceptance,
    /// Weekly payment for an arrangement here (default from the run's cost settings).
    #[serde(default)]
    pub weekly_cost: Option<Pence>,
}

fn default_offers() -> Vec<Arrangement> {
    vec![Arrangement::LongTerm]
}

/// How support is organised in a scheme.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SupportModel {
    /// Staff on site around the clock, shared between tenants.
    TwentyFourHourShared,
    /// Staff on site during core hours.
    #[default]
    CoreHours,
    /// Visiting (floating) support.
    Floating,
}

/// One room or flat available in a scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Vacancy {
    /// Unique id across all schemes.
    pub id: VacancyId,
    /// Wheelchair accessible.
    #[serde(default)]
    pub accessible: bool,
    /// On the ground floor.
    #[serde(default)]
    pub ground_floor: bool,
    /// With en-suite.
    #[serde(default)]
    pub en_suite: bool,
    /// First date it can be let.
    #[serde(default)]
    pub available_from: Option<Date>,
    /// Weekly cost of this vacancy when it differs from the scheme's.
    #[serde(default)]
    pub weekly_cost: Option<Pence>,
}

/// A supported-living scheme (a shared house or a block of flats).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// Unique id.
    pub id: SchemeId,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it is.
    pub location: LatLon,
    /// District name.
    #[serde(default)]
    pub district: Option<String>,
    /// Primary care network or neighbourhood of the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pcn: Option<String>,
    /// Needs the scheme is registered and staffed for.
    pub needs_supported: Vec<Need>,
    /// How support is organised.
    #[serde(default)]
    pub support_model: SupportModel,
    /// Spare one-to-one support hours a week for newcomers.
    #[serde(default)]
    pub support_hours_available: u32,
    /// Night support the scheme staffs (none, sleep-in or waking night).
    #[serde(default)]
    pub night_cover: Option<NightSupport>,
    /// Gender of the tenants when the house is for one gender only.
    #[serde(default)]
    pub single_gender: Option<Gender>,
    /// Youngest age accepted (Living Well schemes: 18).
    #[serde(default)]
    pub min_age: Option<u32>,
    /// Oldest age accepted (Living Well schemes: 65).
    #[serde(default)]
    pub max_age: Option<u32>,
    /// Weekly cost of a place (rent excluded).
    pub weekly_cost: Pence,
    /// Rooms or flats available.
    pub vacancies: Vec<Vacancy>,
    /// People living there now.
    #[serde(default)]
    pub tenants: Vec<Resident>,
}
