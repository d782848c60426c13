//! Move-on: people who hold a place now and are ready to leave it.
//!
//! A person with [`Person::holds`] is a row of the plan like any referral,
//! with one more option: **stay where they are**. Their place is an option
//! for everyone else too, so when the plan moves them the place they leave is
//! offered to others in the same run and vacancy chains fall out of the one
//! optimisation (Housing with Support: "as people move on to more independent
//! settings, it creates opportunities for other people").
//!
//! [`prepare`] turns a validated scenario into the one the planner indexes:
//! - a supported-living room held by a mover becomes a vacancy of its scheme
//!   (id `SCHEME/room-of-PERSON`), so newcomers can be offered it;
//! - a Shared Lives place held by a mover stays a place of the household
//!   (the mover is not an occupant, so the place is counted as free), and the
//!   planner keeps it in a lane of its own so a chain can name who takes it;
//! - a person ready for their own tenancy gets an option of their own: a
//!   general-needs flat near home with support at home (scheme
//!   `own-tenancy/PERSON`, floating support, the own-home weekly cost),
//!   reserved for them.
//!
//! [`Person::holds`]: super::model::Person::holds

use super::config::MatchConfig;
use super::model::{
    NightSupport, Person, Scenario, Scheme, SchemeId, SupportModel, Vacancy, VacancyId,
};

/// Scheme and vacancy id prefix of an own-tenancy option.
pub const OWN_TENANCY_PREFIX: &str = "own-tenancy/";

/// Vacancy id of the room a mover holds in a scheme.
pub fn held_room_id(scheme: &SchemeId, person: &Person) -> VacancyId {
    VacancyId::new(format!("{scheme}/room-of-{}", person.id))
}

/// Id of the own-tenancy option of a person.
pub fn own_tenancy_id(person: &Person) -> String {
    format!("{OWN_TENANCY_PREFIX}{}", person.id)
}

/// Whether any person holds a place or is ready for their own tenancy (if
/// not, [`prepare`] would return an identical scenario).
pub fn has_move_on(s: &Scenario) -> bool {
    s.people
        .iter()
        .any(|p| p.holds.is_some() || p.ready_for_own_tenancy)
}

/// The scenario the planner indexes: held rooms as vacancies and own-tenancy
/// options added (see the module docs). Input order is kept; additions come
/// after the scheme's own vacancies and after all schemes.
pub fn prepare(s: &Scenario, cfg: &MatchConfig) -> Scenario {
    let mut out = s.clone();
    for person in &s.people {
        let Some(scheme) = person.holds.as_ref().and_then(|h| h.scheme.as_ref()) else {
            continue;
        };
        let held = person.holds.as_ref().cloned().unwrap_or_default();
        if let Some(target) = out.schemes.iter_mut().find(|x| &x.id == scheme) {
            target.vacancies.push(Vacancy {
                id: held_room_id(scheme, person),
                accessible: held.accessible,
                ground_floor: held.ground_floor,
                en_suite: held.en_suite,
                available_from: None,
                weekly_cost: None,
            });
        }
    }
    for person in s.people.iter().filter(|p| p.ready_for_own_tenancy) {
        let id = own_tenancy_id(person);
        out.schemes.push(Scheme {
            id: SchemeId::new(id.clone()),
            name: Some("own tenancy".to_owned()),
            location: person.home,
            district: person.district.clone(),
            pcn: person.pcn.clone(),
            needs_supported: person.needs.clone(),
            support_model: SupportModel::Floating,
            support_hours_available: person.support_hours_per_week,
            night_cover: person.night_support.map(|_| NightSupport::WakingNight),
            single_gender: None,
            min_age: None,
            max_age: None,
            weekly_cost: cfg.costs.own_home_weekly,
            vacancies: vec![Vacancy {
                id: VacancyId::new(id),
                accessible: true,
                ground_floor: true,
                en_suite: true,
                available_from: None,
                weekly_cost: None,
            }],
            tenants: Vec::new(),
        });
    }
    out
}
