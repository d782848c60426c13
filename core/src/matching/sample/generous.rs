//! The generous profile: the original generator, with many free places
//! (households often have room, every scheme has one or two vacancies).
//! Kept unchanged, draw for draw, so the tests and benchmarks that use
//! [`sample_scenario`] see the same scenarios as before.

use super::county::{
    AS_OF, AS_OF_DAY, acceptance, faith, gender, jitter, offers, pick_interests, place,
};
use crate::geo::TravelMode;
use crate::matching::model::{
    Arrangement, Date, DateRange, Gender, Household, HouseholdId, ImportantPlace, Need, OptionKind,
    Person, PersonId, PlaceKind, Preferences, Resident, SCHEMA_VERSION, Scenario, Scheme, SchemeId,
    Session, Setting, SupportLevel, SupportModel, Vacancy, VacancyId, Weekday, date_of,
};
use crate::rng::Rng;
use crate::units::Pence;

/// Day-support sessions for the `i`-th person, derived from the index
/// alone so the random draws (and every other field) stay as they were
/// before sessions existed: one or two weekdays, 4 or 8 hours.
fn sessions(i: usize) -> Vec<Session> {
    let hours = if i.is_multiple_of(2) { 4 } else { 8 };
    let mut days = vec![Weekday::WORKING[i % 5]];
    if i.is_multiple_of(3) {
        days.push(Weekday::WORKING[(i + 2) % 5]);
    }
    days.sort();
    days.into_iter().map(|day| Session { day, hours }).collect()
}

pub(super) fn person(rng: &mut Rng, i: usize) -> Person {
    let (district, home) = place(rng, |d| d.people);
    let primary = [
        Need::LearningDisability,
        Need::Autism,
        Need::MentalHealth,
        Need::OlderAdult,
        Need::PhysicalDisability,
        Need::SensoryImpairment,
        Need::AcquiredBrainInjury,
    ][rng.weighted(&[0.50, 0.12, 0.12, 0.12, 0.07, 0.04, 0.03])];
    let mut needs = vec![primary];
    let age = match primary {
        Need::OlderAdult => {
            if rng.chance(0.45) {
                needs.push(Need::Dementia);
            }
            rng.range_i64(66, 92) as u32
        }
        Need::MentalHealth => rng.range_i64(22, 62) as u32,
        _ => (18.0 + (rng.normal().abs() * 16.0)).min(75.0) as u32,
    };
    if primary == Need::LearningDisability && rng.chance(0.25) {
        needs.push(Need::Autism);
    }
    if primary != Need::PhysicalDisability && rng.chance(0.08) {
        needs.push(Need::PhysicalDisability);
    }
    if primary == Need::LearningDisability && age > 50 && rng.chance(0.2) {
        needs.push(Need::Dementia);
    }
    needs.sort();
    needs.dedup();
    let support_level = [
        SupportLevel::Low,
        SupportLevel::Moderate,
        SupportLevel::High,
    ][rng.weighted(&[0.3, 0.5, 0.2])];
    let arrangement = [
        Arrangement::LongTerm,
        Arrangement::ShortBreak,
        Arrangement::DaySupport,
    ][rng.weighted(&[0.6, 0.25, 0.15])];
    let needed_in = rng.range_i64(-7, 120);
    let dates = (arrangement == Arrangement::ShortBreak).then(|| {
        let start = AS_OF_DAY + rng.range_i64(14, 150);
        DateRange {
            start: date_of(start),
            end: date_of(start + rng.range_i64(2, 13)),
        }
    });
    let current_setting = [
        Setting::FamilyHome,
        Setting::ResidentialCare,
        Setting::SupportedLiving,
        Setting::Hospital,
        Setting::OwnHome,
    ][rng.weighted(&[0.55, 0.15, 0.12, 0.08, 0.10])];
    let current_weekly_cost = match current_setting {
        Setting::ResidentialCare if rng.chance(0.5) => Some(Pence(rng.range_i64(750, 1_400) * 100)),
        Setting::SupportedLiving if rng.chance(0.5) => Some(Pence(rng.range_i64(650, 1_300) * 100)),
        _ => None,
    };
    let travel_mode = [
        TravelMode::Car,
        TravelMode::PublicTransport,
        TravelMode::Walk,
    ][rng.weighted(&[0.6, 0.35, 0.05])];
    let mut important_places = Vec::new();
    if arrangement != Arrangement::ShortBreak && rng.chance(0.6) {
        let kind = if age < 60 && rng.chance(0.3) {
            if rng.chance(0.5) {
                PlaceKind::Work
            } else {
                PlaceKind::College
            }
        } else {
            PlaceKind::DayService
        };
        important_places.push(ImportantPlace {
            kind,
            name: None,
            location: jitter(rng, home.lat, home.lon, 4.0),
            max_travel_minutes: match travel_mode {
                TravelMode::Car => 30,
                TravelMode::PublicTransport => 60,
                TravelMode::Walk => 45,
            },
        });
    }
    if rng.chance(0.35) {
        important_places.push(ImportantPlace {
            kind: PlaceKind::Family,
            name: None,
            location: jitter(rng, home.lat, home.lon, 6.0),
            max_travel_minutes: if travel_mode == TravelMode::Car {
                40
            } else {
                75
            },
        });
    }
    let physical = needs.contains(&Need::PhysicalDisability);
    let city = district.name == "Nottingham City";
    let languages = if city && rng.chance(0.15) {
        let other = ["Urdu", "Punjabi", "Polish", "Arabic"][rng.index(4)];
        vec![other.to_owned(), "English".to_owned()]
    } else {
        Vec::new()
    };
    let faith = rng.chance(0.15).then(|| {
        ["Christian", "Muslim", "Sikh", "Hindu"][rng.weighted(&[0.6, 0.25, 0.1, 0.05])].to_owned()
    });
    let preferences = Preferences {
        carer_gender: rng.chance(0.25).then(|| gender(rng)),
        pets_ok: Some(!rng.chance(0.15)),
        smoking_ok: Some(!rng.chance(0.6)),
        children_ok: Some(!rng.chance(0.1)),
        wheelchair_access: physical && rng.chance(0.6),
        ground_floor: (physical || age > 75) && rng.chance(0.5),
        en_suite: rng.chance(0.1),
        interests: pick_interests(rng, 3),
        languages,
        faith,
        must_not_live_with: Vec::new(),
        not_with_needs: Vec::new(),
        prefers: match rng.weighted(&[0.7, 0.2, 0.1]) {
            1 => Some(OptionKind::SharedLives),
            2 => Some(OptionKind::SupportedLiving),
            _ => None,
        },
    };
    Person {
        id: PersonId(format!("P{:04}", i + 1)),
        name: None,
        age,
        gender: Some(gender(rng)),
        needs,
        support_level,
        support_hours_per_week: if rng.chance(0.4) {
            rng.range_i64(2, 15) as u32
        } else {
            0
        },
        home,
        district: Some(district.name.to_owned()),
        pcn: None,
        travel_mode,
        important_places,
        arrangement,
        dates,
        sessions: if arrangement == Arrangement::DaySupport {
            sessions(i)
        } else {
            Vec::new()
        },
        needed_by: Some(date_of(AS_OF_DAY + needed_in)),
        night_support: None,
        holds: None,
        ready_for_own_tenancy: false,
        current_setting,
        current_weekly_cost,
        counterfactual_setting: None,
        smokes: rng.chance(0.12),
        preferences,
    }
}

pub(super) fn resident(rng: &mut Rng, id: String, needs_pool: &[Need]) -> Resident {
    let need = needs_pool
        .get(rng.index(needs_pool.len().max(1)))
        .copied()
        .unwrap_or(Need::LearningDisability);
    Resident {
        id: PersonId(id),
        age: Some(rng.range_i64(20, 70) as u32),
        gender: Some(gender(rng)),
        needs: vec![need],
        smokes: rng.chance(0.15),
        not_with_needs: if rng.chance(0.15) {
            vec![Need::MentalHealth]
        } else {
            Vec::new()
        },
        must_not_live_with: Vec::new(),
        interests: pick_interests(rng, 2),
    }
}

fn household(rng: &mut Rng, i: usize) -> Household {
    let (district, location) = place(rng, |d| d.households);
    let mut approvals: Vec<Need> = [
        (Need::LearningDisability, 0.88),
        (Need::Autism, 0.5),
        (Need::MentalHealth, 0.3),
        (Need::OlderAdult, 0.3),
        (Need::Dementia, 0.12),
        (Need::PhysicalDisability, 0.25),
        (Need::SensoryImpairment, 0.15),
        (Need::AcquiredBrainInjury, 0.08),
    ]
    .iter()
    .filter(|(_, p)| rng.chance(*p))
    .map(|(n, _)| *n)
    .collect();
    if approvals.is_empty() {
        approvals.push(Need::LearningDisability);
    }
    let places = [1u32, 2, 3][rng.weighted(&[0.45, 0.40, 0.15])];
    let id = format!("H{:03}", i + 1);
    // Some carers already have someone living with them; a few are full.
    let occupied = if places > 1 && rng.chance(0.4) {
        rng.range_i64(1, i64::from(places) - 1) as u32
    } else if rng.chance(0.08) {
        places
    } else {
        0
    };
    let occupants = (0..occupied)
        .map(|k| resident(rng, format!("{id}-O{}", k + 1), &approvals))
        .collect();
    let offers = offers(
        rng,
        &[
            (Arrangement::LongTerm, 0.8),
            (Arrangement::ShortBreak, 0.5),
            (Arrangement::DaySupport, 0.3),
        ],
    );
    let carer_genders = match rng.weighted(&[0.6, 0.3, 0.1]) {
        0 => vec![Gender::Female],
        1 => vec![Gender::Female, Gender::Male],
        _ => vec![Gender::Male],
    };
    let older = approvals.contains(&Need::OlderAdult) || approvals.contains(&Need::Dementia);
    let unavailable = if rng.chance(0.3) {
        let start = AS_OF_DAY + rng.range_i64(10, 170);
        vec![DateRange {
            start: date_of(start),
            end: date_of(start + rng.range_i64(6, 13)),
        }]
    } else {
        Vec::new()
    };
    Household {
        id: HouseholdId(id),
        name: None,
        location,
        district: Some(district.name.to_owned()),
        pcn: None,
        approvals,
        places,
        occupants,
        offers,
        pets: rng.chance(0.45),
        smokers: rng.chance(0.1),
        children: rng.chance(0.25),
        accessible_rooms: u32::from(rng.chance(0.12)),
        ground_floor_bedroom: rng.chance(0.25),
        en_suite: rng.chance(0.2),
        carer_genders,
        interests: pick_interests(rng, 4),
        languages: if district.name == "Nottingham City" && rng.chance(0.15) {
            vec![
                "English".to_owned(),
                ["Urdu", "Punjabi", "Polish", "Arabic"][rng.index(4)].to_owned(),
            ]
        } else {
            Vec::new()
        },
        faith: faith(rng),
        experience_years: rng.range_i64(0, 20) as u32,
        available_from: rng
            .chance(0.2)
            .then(|| date_of(AS_OF_DAY + rng.range_i64(7, 60))),
        unavailable,
        bookings: Vec::new(),
        day_support_places: None,
        day_support_days: None,
        accepts: acceptance(rng, older),
        weekly_cost: rng
            .chance(0.3)
            .then(|| Pence(rng.range_i64(45, 65) * 1_000)),
    }
}

fn scheme(rng: &mut Rng, i: usize) -> Scheme {
    let (district, location) = place(rng, |d| d.people);
    let id = format!("S{:02}", i + 1);
    let needs_supported = match rng.weighted(&[0.6, 0.25, 0.15]) {
        0 => vec![Need::LearningDisability, Need::Autism],
        1 => vec![Need::MentalHealth],
        _ => vec![
            Need::PhysicalDisability,
            Need::AcquiredBrainInjury,
            Need::LearningDisability,
        ],
    };
    let rooms = rng.range_i64(3, 5) as usize;
    let vacant = if rng.chance(0.7) { 1 } else { 2 };
    let vacancies = (0..vacant)
        .map(|k| Vacancy {
            id: VacancyId(format!("{id}-R{}", rooms - k)),
            accessible: rng.chance(0.25),
            ground_floor: rng.chance(0.5),
            en_suite: rng.chance(0.4),
            available_from: rng
                .chance(0.3)
                .then(|| date_of(AS_OF_DAY + rng.range_i64(7, 45))),
            weekly_cost: None,
        })
        .collect();
    let tenants = (0..rooms - vacant)
        .map(|k| resident(rng, format!("{id}-T{}", k + 1), &needs_supported))
        .collect();
    Scheme {
        id: SchemeId(id),
        name: None,
        location,
        district: Some(district.name.to_owned()),
        pcn: None,
        needs_supported,
        support_model: [
            SupportModel::TwentyFourHourShared,
            SupportModel::CoreHours,
            SupportModel::Floating,
        ][rng.weighted(&[0.4, 0.45, 0.15])],
        support_hours_available: rng.range_i64(0, 40) as u32,
        night_cover: None,
        single_gender: None,
        min_age: Some(18),
        max_age: Some(65),
        weekly_cost: Pence(rng.range_i64(68, 95) * 1_000),
        vacancies,
        tenants,
    }
}

/// A seeded sample scenario with `people` referrals, `households` Shared
/// Lives households and one supported-living scheme for about every eight
/// households.
///
/// # Examples
/// ```
/// let s = carematch::matching::sample_scenario(30, 12, 7);
/// assert_eq!(s.people.len(), 30);
/// assert_eq!(s.households.len(), 12);
/// assert_eq!(s, carematch::matching::sample_scenario(30, 12, 7));
/// ```
pub fn sample_scenario(people: usize, households: usize, seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let mut ps: Vec<Person> = (0..people).map(|i| person(&mut rng, i)).collect();
    // A few people must not live with someone else referred from their district.
    for i in 0..ps.len() {
        if rng.chance(0.03) {
            let j = rng.index(ps.len());
            if j != i && ps[j].district == ps[i].district {
                let other = ps[j].id.clone();
                ps[i].preferences.must_not_live_with.push(other);
            }
        }
    }
    let hs = (0..households).map(|i| household(&mut rng, i)).collect();
    let schemes = (0..households.div_ceil(8))
        .map(|i| scheme(&mut rng, i))
        .collect();
    Scenario {
        schema_version: SCHEMA_VERSION,
        name: Some(format!(
            "Nottinghamshire sample: {people} people, {households} households, seed {seed}"
        )),
        as_of: Some(Date::new(AS_OF)),
        people: ps,
        households: hs,
        schemes,
        introductions: Vec::new(),
        learning_disability_population: None,
        shared_lives_ld_current: None,
    }
}
