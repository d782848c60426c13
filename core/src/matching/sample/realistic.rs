//! The realistic profile: a Nottinghamshire-sized Shared Lives scheme and
//! supported-living estate, mostly full, with more referrals than places.
//!
//! Calibrated to the seed figures (`shared/domain.md`): 66 households with
//! 99 approved carers (half the households have two carers), 1 to 3 places
//! each and about nine in ten places occupied; supported-living schemes in
//! the county's proportion (about 190 schemes for 750 people, so 190 for
//! every 1,000 referrals) of 2 to 6 rooms with a few per cent vacant; a
//! referral mix of long-term stays (from family homes, residential care and
//! hospital), short breaks with dates in the coming months (some asking for
//! the same household's place on different dates), day support in 4- or
//! 8-hour weekday sessions, emergencies from today, and tenants and Shared
//! Lives residents ready to move on (`holds`), some of them, and some people
//! in residential care or hospital, ready for their own tenancy. Households
//! carry short breaks already booked and the carers' time off (up to four
//! weeks a year). The learning-disability population is set so that the
//! people with a learning disability living in Shared Lives now are 3.5 % of
//! it, the county's starting point.

use super::SampleOptions;
use super::county::{
    AS_OF, AS_OF_DAY, acceptance, faith, gender, jitter, offers, pick_interests, place,
};
use super::generous::{person, resident};
use crate::matching::model::{
    Arrangement, Booking, Date, DateRange, Gender, HeldPlace, Household, HouseholdId, Need,
    NightSupport, Person, SCHEMA_VERSION, Scenario, Scheme, SchemeId, Session, Setting,
    SupportLevel, SupportModel, Vacancy, VacancyId, Weekday, date_of,
};
use crate::rng::Rng;
use crate::units::Pence;

/// Schemes per 1,000 referrals (Nottinghamshire: about 190 schemes for 750 people).
pub const SCHEMES_PER_THOUSAND_REFERRALS: usize = 190;
/// Share of scheme rooms left vacant ("a few per cent").
pub const SCHEME_VACANCY_RATE: f64 = 0.04;
/// Chance that a household place is occupied.
pub const PLACE_OCCUPANCY: f64 = 0.87;
/// Share of people with a learning disability in Shared Lives (Nottinghamshire, 2021).
pub const SHARED_LIVES_LD_SHARE: f64 = 0.035;

/// What a referral is about; the mix is fixed per profile (shares of the
/// referrals, rounded), so small samples keep the same story.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    LongTermFromFamily,
    LongTermFromResidential,
    LongTermFromHospital,
    ShortBreak,
    DaySupport,
    Emergency,
    TenantMovingOn,
    SharedLivesMovingOn,
}

const MIX: [(Kind, f64); 7] = [
    (Kind::LongTermFromResidential, 0.12),
    (Kind::LongTermFromHospital, 0.06),
    (Kind::ShortBreak, 0.22),
    (Kind::DaySupport, 0.15),
    (Kind::Emergency, 0.04),
    (Kind::TenantMovingOn, 0.05),
    (Kind::SharedLivesMovingOn, 0.02),
];

fn day(offset: i64) -> Date {
    date_of(AS_OF_DAY + offset)
}

fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn range(a: i64, z: i64) -> DateRange {
    DateRange {
        start: day(a),
        end: day(z),
    }
}

fn span(r: &DateRange) -> (i64, i64) {
    let d = |x: &Date| x.day_number().map_or(0, |n| n - AS_OF_DAY);
    (d(&r.start), d(&r.end))
}

/// A household: places by number of carers, most places occupied, the
/// carers' time off over the coming year.
fn household(rng: &mut Rng, i: usize, two_carers: bool) -> Household {
    let (district, location) = place(rng, |d| d.households);
    let id = format!("H{:03}", i + 1);
    let mut approvals: Vec<Need> = [
        (Need::LearningDisability, 0.9),
        (Need::Autism, 0.5),
        (Need::MentalHealth, 0.25),
        (Need::OlderAdult, 0.25),
        (Need::Dementia, 0.1),
        (Need::PhysicalDisability, 0.2),
        (Need::SensoryImpairment, 0.12),
        (Need::AcquiredBrainInjury, 0.06),
    ]
    .iter()
    .filter(|(_, p)| rng.chance(*p))
    .map(|(n, _)| *n)
    .collect();
    if approvals.is_empty() {
        approvals.push(Need::LearningDisability);
    }
    let places = if two_carers {
        [1u32, 2, 3][rng.weighted(&[0.25, 0.5, 0.25])]
    } else {
        [1u32, 2, 3][rng.weighted(&[0.6, 0.35, 0.05])]
    };
    // Occupants mostly have a learning disability, as in the county.
    let pool: Vec<Need> = if approvals.contains(&Need::LearningDisability) {
        vec![Need::LearningDisability; 4]
            .into_iter()
            .chain(approvals.iter().copied())
            .collect()
    } else {
        approvals.clone()
    };
    let occupied = (0..places).filter(|_| rng.chance(PLACE_OCCUPANCY)).count();
    let occupants = (0..occupied)
        .map(|k| resident(rng, format!("{id}-O{}", k + 1), &pool))
        .collect();
    let offers = offers(
        rng,
        &[
            (Arrangement::LongTerm, 0.85),
            (Arrangement::ShortBreak, 0.5),
            (Arrangement::DaySupport, 0.35),
            (Arrangement::Emergency, 0.15),
        ],
    );
    let carer_genders = if two_carers {
        if rng.chance(0.8) {
            vec![Gender::Female, Gender::Male]
        } else {
            vec![Gender::Female, Gender::Female]
        }
    } else if rng.chance(0.8) {
        vec![Gender::Female]
    } else {
        vec![Gender::Male]
    };
    // Up to four weeks off a year: one or two breaks of one or two weeks.
    let mut unavailable = Vec::new();
    if rng.chance(0.6) {
        let first = rng.range_i64(20, 150);
        let len = rng.range_i64(6, 13);
        unavailable.push(range(first, first + len));
        if rng.chance(0.5) {
            let second = first + len + rng.range_i64(60, 180);
            unavailable.push(range(second, second + rng.range_i64(6, 13)));
        }
    }
    let day_support = offers.contains(&Arrangement::DaySupport);
    let older = approvals.contains(&Need::OlderAdult) || approvals.contains(&Need::Dementia);
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
        children: rng.chance(0.2),
        accessible_rooms: u32::from(rng.chance(0.12)),
        ground_floor_bedroom: rng.chance(0.25),
        en_suite: rng.chance(0.2),
        carer_genders,
        interests: pick_interests(rng, 4),
        languages: Vec::new(),
        faith: faith(rng),
        experience_years: rng.range_i64(0, 25) as u32,
        available_from: None,
        unavailable,
        bookings: Vec::new(),
        day_support_places: (day_support && rng.chance(0.5)).then_some(1),
        day_support_days: (day_support && rng.chance(0.35)).then(|| {
            if rng.chance(0.6) {
                vec![Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday]
            } else {
                Weekday::ALL[..6].to_vec()
            }
        }),
        accepts: acceptance(rng, older),
        weekly_cost: None,
    }
}

/// A supported-living scheme with every room let; vacancies and rooms held
/// by people ready to move on are made afterwards.
fn scheme(rng: &mut Rng, i: usize) -> Scheme {
    let (district, location) = place(rng, |d| d.people);
    let id = format!("S{:03}", i + 1);
    let needs_supported = match rng.weighted(&[0.6, 0.25, 0.15]) {
        0 => vec![Need::LearningDisability, Need::Autism],
        1 => vec![Need::MentalHealth],
        _ => vec![
            Need::PhysicalDisability,
            Need::AcquiredBrainInjury,
            Need::LearningDisability,
        ],
    };
    let rooms = [2usize, 3, 4, 5, 6][rng.weighted(&[0.1, 0.25, 0.3, 0.25, 0.1])];
    let support_model = [
        SupportModel::TwentyFourHourShared,
        SupportModel::CoreHours,
        SupportModel::Floating,
    ][rng.weighted(&[0.4, 0.45, 0.15])];
    let night_cover = match support_model {
        SupportModel::TwentyFourHourShared if rng.chance(0.4) => Some(NightSupport::WakingNight),
        SupportModel::TwentyFourHourShared => Some(NightSupport::SleepIn),
        SupportModel::CoreHours if rng.chance(0.4) => Some(NightSupport::SleepIn),
        _ => None,
    };
    let single_gender = rng.chance(0.1).then(|| gender(rng));
    let tenants = (0..rooms)
        .map(|k| {
            let mut t = resident(rng, format!("{id}-T{}", k + 1), &needs_supported);
            if let Some(g) = single_gender {
                t.gender = Some(g);
            }
            t
        })
        .collect();
    Scheme {
        id: SchemeId(id),
        name: None,
        location,
        district: Some(district.name.to_owned()),
        pcn: None,
        needs_supported,
        support_model,
        support_hours_available: rng.range_i64(0, 30) as u32,
        night_cover,
        single_gender,
        min_age: Some(18),
        max_age: Some(65),
        weekly_cost: Pence(rng.range_i64(68, 95) * 1_000),
        vacancies: Vec::new(),
        tenants,
    }
}

/// Turns `n` let rooms into vacancies, at most one per scheme first.
fn make_vacancies(rng: &mut Rng, schemes: &mut [Scheme], n: usize) {
    let mut order: Vec<usize> = (0..schemes.len()).collect();
    rng.shuffle(&mut order);
    for &k in order.iter().cycle().take(n.min(order.len() * 2)) {
        let sc = &mut schemes[k];
        if sc.tenants.len() < 2 {
            continue;
        }
        let room = sc.tenants.len() + sc.vacancies.len();
        sc.tenants.pop();
        sc.vacancies.push(Vacancy {
            id: VacancyId(format!("{}-R{room}", sc.id)),
            accessible: rng.chance(0.25),
            ground_floor: rng.chance(0.5),
            en_suite: rng.chance(0.4),
            available_from: rng.chance(0.3).then(|| day(rng.range_i64(7, 45))),
            weekly_cost: None,
        });
    }
}

/// Short breaks already booked at a household with a free bedroom: one at a
/// time, between the carers' time off.
fn book_stays(rng: &mut Rng, h: &mut Household, free: usize) {
    if free == 0 || !h.offers.contains(&Arrangement::ShortBreak) {
        return;
    }
    let off: Vec<(i64, i64)> = h.unavailable.iter().map(span).collect();
    let mut start = rng.range_i64(5, 40);
    for k in 0..rng.range_i64(0, 3) {
        let stay = (start, start + rng.range_i64(2, 7));
        if !off.iter().any(|o| overlaps(*o, stay)) {
            h.bookings.push(Booking {
                person: format!("{}-B{}", h.id, k + 1).as_str().into(),
                dates: range(stay.0, stay.1),
            });
        }
        start = stay.1 + rng.range_i64(10, 60);
    }
}

/// The taken stays of a household as day spans (bookings and time off).
fn busy(h: &Household) -> Vec<(i64, i64)> {
    h.unavailable
        .iter()
        .chain(h.bookings.iter().map(|b| &b.dates))
        .map(span)
        .collect()
}

/// Makes a short-break referral one the household could take: same area,
/// a need it is approved for, an age and support level it takes, nothing
/// about the home the person cannot live with.
fn near(rng: &mut Rng, p: &mut Person, h: &Household) {
    p.home = jitter(rng, h.location.lat, h.location.lon, 3.0);
    p.district.clone_from(&h.district);
    let need = if h.approvals.contains(&Need::LearningDisability) {
        Need::LearningDisability
    } else {
        h.approvals[0]
    };
    p.needs = vec![need];
    let oldest = h.accepts.max_age.unwrap_or(90);
    p.age = if matches!(need, Need::OlderAdult | Need::Dementia) {
        rng.range_i64(66, i64::from(oldest.max(66))) as u32
    } else {
        p.age.clamp(18, oldest.min(64))
    };
    p.support_level = p
        .support_level
        .min(h.accepts.max_support_level.unwrap_or(SupportLevel::High));
    p.smokes = false;
    p.important_places.clear();
    let pr = &mut p.preferences;
    pr.pets_ok = Some(true);
    pr.smoking_ok = Some(true);
    pr.children_ok = Some(true);
    pr.carer_gender = None;
    pr.wheelchair_access = false;
    pr.ground_floor = false;
}

fn sessions(rng: &mut Rng) -> Vec<Session> {
    let mut days = Weekday::WORKING.to_vec();
    rng.shuffle(&mut days);
    let n = [1usize, 2, 3][rng.weighted(&[0.4, 0.4, 0.2])];
    let mut out: Vec<Session> = days[..n]
        .iter()
        .map(|&d| Session {
            day: d,
            hours: if rng.chance(0.6) { 4 } else { 8 },
        })
        .collect();
    out.sort_by_key(|s| s.day);
    out
}

fn night_support(rng: &mut Rng, p: &Person) -> Option<NightSupport> {
    match p.support_level {
        SupportLevel::High if rng.chance(0.15) => Some(NightSupport::WakingNight),
        SupportLevel::High if rng.chance(0.4) => Some(NightSupport::SleepIn),
        SupportLevel::Moderate if rng.chance(0.08) => Some(NightSupport::SleepIn),
        _ => None,
    }
}

/// The realistic county sample (see the module documentation).
pub(super) fn county(o: &SampleOptions) -> Scenario {
    let mut rng = Rng::new(o.seed ^ 0x6e6f_7474_735f_6331);
    let n = o.people;
    // Households: half have two approved carers (66 households, 99 carers).
    let mut order: Vec<usize> = (0..o.households).collect();
    rng.shuffle(&mut order);
    let mut two = vec![false; o.households];
    for &k in &order[..o.households / 2] {
        two[k] = true;
    }
    let mut hs: Vec<Household> = (0..o.households)
        .map(|i| household(&mut rng, i, two[i]))
        .collect();
    // Schemes in the county's proportion, nearly full.
    let n_schemes = o
        .schemes
        .unwrap_or((SCHEMES_PER_THOUSAND_REFERRALS * n).div_ceil(1000))
        .max(1);
    let mut schemes: Vec<Scheme> = (0..n_schemes).map(|i| scheme(&mut rng, i)).collect();
    let rooms: usize = schemes.iter().map(|s| s.tenants.len()).sum();
    let vacant = ((rooms as f64 * SCHEME_VACANCY_RATE).round() as usize).max(1);
    make_vacancies(&mut rng, &mut schemes, vacant);

    // The referral mix, as counts, in a shuffled order.
    let mut kinds: Vec<Kind> = Vec::with_capacity(n);
    for (kind, share) in MIX {
        let c = (n as f64 * share).round() as usize;
        kinds.extend(std::iter::repeat_n(kind, c.min(n - kinds.len())));
    }
    kinds.resize(n, Kind::LongTermFromFamily);
    rng.shuffle(&mut kinds);

    // Shared Lives residents who may move on: one occupant slot of a
    // household becomes a referral holding that place.
    let mut shl_homes: Vec<usize> = (0..hs.len())
        .filter(|&k| !hs[k].occupants.is_empty())
        .collect();
    rng.shuffle(&mut shl_homes);
    let mut shl_homes = shl_homes.into_iter();
    // Tenants who may move on: one let room of a scheme with two or more tenants.
    let mut sl_homes: Vec<usize> = (0..schemes.len())
        .filter(|&k| schemes[k].tenants.len() >= 2)
        .collect();
    rng.shuffle(&mut sl_homes);
    let mut sl_homes = sl_homes.into_iter();

    let mut people = Vec::with_capacity(n);
    let mut short_breaks = Vec::new();
    for (i, &kind) in kinds.iter().enumerate() {
        let mut p = person(&mut rng, i);
        p.dates = None;
        p.sessions = Vec::new();
        p.arrangement = Arrangement::LongTerm;
        p.current_weekly_cost = None;
        p.current_setting = if rng.chance(0.85) {
            Setting::FamilyHome
        } else {
            Setting::OwnHome
        };
        p.needed_by = Some(day(rng.range_i64(14, 150)));
        match kind {
            Kind::LongTermFromFamily => {}
            Kind::LongTermFromResidential => {
                p.current_setting = Setting::ResidentialCare;
                p.current_weekly_cost = Some(Pence(rng.range_i64(850, 1_400) * 100));
                p.needed_by = Some(day(rng.range_i64(0, 90)));
                p.ready_for_own_tenancy = p.age < 65 && rng.chance(0.3);
            }
            Kind::LongTermFromHospital => {
                p.current_setting = Setting::Hospital;
                p.needed_by = Some(day(rng.range_i64(0, 14)));
                p.ready_for_own_tenancy = p.age < 65 && rng.chance(0.15);
            }
            Kind::ShortBreak => {
                p.arrangement = Arrangement::ShortBreak;
                p.current_setting = Setting::FamilyHome;
                let start = rng.range_i64(14, 200);
                let stay = (start, start + rng.range_i64(2, 13));
                p.dates = Some(range(stay.0, stay.1));
                p.needed_by = Some(day(stay.0));
                short_breaks.push(i);
            }
            Kind::DaySupport => {
                p.arrangement = Arrangement::DaySupport;
                p.sessions = sessions(&mut rng);
                p.needed_by = Some(day(rng.range_i64(7, 60)));
            }
            Kind::Emergency => {
                // A family carer has gone into hospital (Miss A's story).
                p.arrangement = Arrangement::Emergency;
                p.current_setting = Setting::FamilyHome;
                p.needed_by = Some(Date::new(AS_OF));
            }
            Kind::TenantMovingOn => {
                if let Some(k) = sl_homes.next() {
                    let sc = &mut schemes[k];
                    sc.tenants.pop();
                    p.needs = vec![sc.needs_supported[0]];
                    p.age = p.age.clamp(18, 64);
                    if let Some(g) = sc.single_gender {
                        p.gender = Some(g);
                    }
                    p.current_setting = Setting::SupportedLiving;
                    p.current_weekly_cost = Some(sc.weekly_cost);
                    p.ready_for_own_tenancy = rng.chance(0.6);
                    p.holds = Some(HeldPlace {
                        scheme: Some(sc.id.clone()),
                        accessible: rng.chance(0.2),
                        ground_floor: rng.chance(0.5),
                        en_suite: rng.chance(0.3),
                        ..HeldPlace::default()
                    });
                }
            }
            Kind::SharedLivesMovingOn => {
                if let Some(k) = shl_homes.next() {
                    let h = &mut hs[k];
                    let was = h.occupants.pop();
                    p.needs = was.map_or(vec![h.approvals[0]], |r| r.needs);
                    p.age = p.age.clamp(18, 64);
                    p.current_weekly_cost = h.weekly_cost;
                    p.ready_for_own_tenancy = true;
                    p.holds = Some(HeldPlace {
                        household: Some(h.id.clone()),
                        ..HeldPlace::default()
                    });
                }
            }
        }
        if p.arrangement != Arrangement::DaySupport {
            p.night_support = night_support(&mut rng, &p);
        }
        people.push(p);
    }

    // Bookings, then some short breaks asking for the same household on
    // different dates (the May, July and September breaks of issue 7).
    let mut holders = vec![0usize; hs.len()];
    for p in &people {
        if let Some(h) = p.holds.as_ref().and_then(|x| x.household.as_ref())
            && let Some(k) = hs.iter().position(|x| &x.id == h)
        {
            holders[k] += 1;
        }
    }
    let mut respite: Vec<usize> = Vec::new();
    for (k, h) in hs.iter_mut().enumerate() {
        let free = (h.places as usize).saturating_sub(h.occupants.len() + holders[k]);
        book_stays(&mut rng, h, free);
        if free > 0 && h.offers.contains(&Arrangement::ShortBreak) {
            respite.push(k);
        }
    }
    rng.shuffle(&mut respite);
    // About a third of the short breaks come in twos and threes asking for
    // one household's free place on dates that do not overlap.
    let clustered = short_breaks.len() / 3;
    let mut queue = short_breaks.into_iter().take(clustered);
    'homes: for &k in &respite {
        let mut taken = busy(&hs[k]);
        let mut start = rng.range_i64(20, 40);
        for _ in 0..rng.range_i64(2, 3) {
            let Some(i) = queue.next() else {
                break 'homes;
            };
            near(&mut rng, &mut people[i], &hs[k]);
            let len = rng.range_i64(3, 9);
            let mut stay = (start, start + len);
            while taken.iter().any(|t| overlaps(*t, stay)) {
                stay = (stay.0 + 7, stay.1 + 7);
            }
            people[i].dates = Some(range(stay.0, stay.1));
            people[i].needed_by = Some(day(stay.0));
            taken.push(stay);
            start = stay.1 + rng.range_i64(30, 60);
        }
    }

    // Progress toward the Shared Lives target: the people with a learning
    // disability living with carers now are 3.5 % of the population.
    let ld_now = hs
        .iter()
        .flat_map(|h| &h.occupants)
        .filter(|r| r.needs.contains(&Need::LearningDisability))
        .count()
        + people
            .iter()
            .filter(|p| {
                p.holds.as_ref().is_some_and(|x| x.household.is_some())
                    && p.needs.contains(&Need::LearningDisability)
            })
            .count();
    let population = (ld_now as f64 / SHARED_LIVES_LD_SHARE).round() as u32;
    let households = hs.len();
    Scenario {
        schema_version: SCHEMA_VERSION,
        name: Some(format!(
            "Nottinghamshire county sample: {n} referrals, {households} households, {n_schemes} schemes, seed {}",
            o.seed
        )),
        as_of: Some(Date::new(AS_OF)),
        people,
        households: hs,
        schemes,
        introductions: Vec::new(),
        learning_disability_population: Some(population),
        shared_lives_ld_current: Some(ld_now as u32),
    }
}
