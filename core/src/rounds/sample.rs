//! A seeded, realistic homecare day in the Nottinghamshire districts.
//!
//! The story follows `domain.md`: about 65 % of visits are 30 minutes; calls
//! cluster at the morning, lunch, tea and bed peaks; about one visit in ten is
//! double-handed (hoisting); some need medication, catheter or dementia
//! skills; most clients have one or two workers they know; most workers
//! drive, some walk in town or take the bus; shifts of six hours or more carry
//! a 30-minute break; many work a split shift (morning and evening), as
//! homecare rotas do around the peaks. Clients and workers live around the
//! district centres, more spread out in the large rural districts (Bassetlaw,
//! Newark & Sherwood); a small sample is one patch (Nottingham first), a
//! county-sized one (150 workers) covers all eight districts.

use crate::geo::{LatLon, TravelMode};
use crate::rng::Rng;

use super::model::{
    BreakRule, ClockTime, Gender, Priority, RoundsInput, SCHEMA_VERSION, Shift, TimeWindow,
    TravelSettings, Visit, Weights, Worker,
};

/// District: name, centre, spread of homes in km (standard deviation per
/// axis), weight (share of clients), kind (0 city, 1 town, 2 rural). Listed
/// in the order a growing sample takes them in.
const DISTRICTS: [(&str, f64, f64, f64, f64, u8); 8] = [
    ("Nottingham", 52.95, -1.15, 2.0, 1.8, 0),
    ("Mansfield", 53.14, -1.20, 2.5, 1.1, 1),
    ("Ashfield", 53.10, -1.25, 3.0, 1.3, 1),
    ("Gedling", 53.00, -1.10, 2.5, 1.2, 1),
    ("Broxtowe", 52.93, -1.22, 2.5, 1.1, 1),
    ("Rushcliffe", 52.92, -1.10, 3.5, 1.1, 1),
    ("Newark", 53.08, -0.85, 6.0, 1.2, 2),
    ("Bassetlaw", 53.30, -1.00, 6.0, 1.2, 2),
];

/// Workers per district patch: a small sample is one area, a county-sized
/// one covers all eight districts.
const WORKERS_PER_DISTRICT: usize = 15;

/// The skills used in samples.
pub const SAMPLE_SKILLS: [&str; 5] = ["medication", "hoist", "catheter", "dementia", "peg_feeding"];

/// Peaks of the day: preferred start from, to.
const PEAKS: [(i64, i64); 5] = [
    (7 * 60 + 15, 10 * 60 + 30),  // morning: get up, wash, breakfast
    (11 * 60 + 45, 13 * 60 + 45), // lunch
    (16 * 60, 18 * 60),           // tea
    (19 * 60 + 30, 21 * 60 + 15), // bed
    (10 * 60 + 30, 15 * 60),      // daytime: shopping, sitting, domestic
];

fn jitter(rng: &mut Rng, (lat, lon): (f64, f64), km: f64) -> LatLon {
    let dlat = rng.normal() * km / 111.0;
    let dlon = rng.normal() * km / (111.0 * lat.to_radians().cos());
    // Five decimals (about a metre) keep files short and matrices exact.
    let r = |x: f64| (x * 1e5).round() / 1e5;
    LatLon::new(r(lat + dlat), r(lon + dlon))
}

fn district(rng: &mut Rng, used: usize) -> usize {
    let w: Vec<f64> = DISTRICTS.iter().take(used).map(|d| d.4).collect();
    rng.weighted(&w)
}

/// A seeded sample day with `visits` visits and `workers` workers.
///
/// Deterministic: the same arguments give the same file on every platform.
///
/// # Examples
/// ```
/// let day = carematch::rounds::sample_rounds(40, 5, 7);
/// assert_eq!(day.visits.len(), 40);
/// assert_eq!(day.workers.len(), 5);
/// assert!(carematch::rounds::validate::validate(&day).is_ok());
/// ```
pub fn sample_rounds(visits: usize, workers: usize, seed: u64) -> RoundsInput {
    let mut rng = Rng::new(seed ^ 0x005E_ED0F_CA8E);
    let mut ws = Vec::with_capacity(workers);
    let mut worker_district = Vec::with_capacity(workers);
    let used = workers
        .div_ceil(WORKERS_PER_DISTRICT)
        .clamp(1, DISTRICTS.len());
    for i in 0..workers {
        let d = district(&mut rng, used);
        worker_district.push(d);
        let (_, lat, lon, spread, _, kind) = DISTRICTS[d];
        let home = jitter(&mut rng, (lat, lon), spread);
        // Walking and the bus only where distances are short.
        let mode = match (kind, rng.unit()) {
            (0, x) if x < 0.12 => TravelMode::Walk,
            (0, x) if x < 0.25 => TravelMode::PublicTransport,
            (1, x) if x < 0.10 => TravelMode::PublicTransport,
            _ => TravelMode::Car,
        };
        let lunch = BreakRule {
            earliest: ClockTime::hm(11, 30),
            latest: ClockTime::hm(14, 0),
            duration: 30,
        };
        let evening = BreakRule {
            earliest: ClockTime::hm(17, 30),
            latest: ClockTime::hm(19, 30),
            duration: 30,
        };
        let shifts = match rng.index(20) {
            // Split shift: mornings and evenings.
            0..=8 => vec![
                Shift {
                    start: ClockTime::hm(7, 0),
                    end: ClockTime::hm(13, 0),
                    overtime: 30,
                    breaks: vec![],
                },
                Shift {
                    start: ClockTime::hm(16, 0),
                    end: ClockTime::hm(22, 0),
                    overtime: 30,
                    breaks: vec![],
                },
            ],
            // Early.
            9..=13 => vec![Shift {
                start: ClockTime::hm(7, 0),
                end: ClockTime::hm(15, 0),
                overtime: 30,
                breaks: vec![lunch],
            }],
            // Late.
            14..=17 => vec![Shift {
                start: ClockTime::hm(14, 0),
                end: ClockTime::hm(22, 0),
                overtime: 30,
                breaks: vec![evening],
            }],
            // Long day.
            _ => vec![Shift {
                start: ClockTime::hm(7, 0),
                end: ClockTime::hm(19, 0),
                overtime: 0,
                breaks: vec![lunch],
            }],
        };
        let mut skills = Vec::new();
        for (s, p) in [
            ("medication", 0.9),
            ("hoist", 0.65),
            ("catheter", 0.3),
            ("dementia", 0.55),
            ("peg_feeding", 0.1),
        ] {
            if rng.chance(p) {
                skills.push(s.to_string());
            }
        }
        ws.push(Worker {
            id: format!("W{:03}", i + 1),
            start: home,
            end: None,
            shifts,
            skills,
            gender: Some(if rng.chance(0.8) {
                Gender::Female
            } else {
                Gender::Male
            }),
            travel_mode: mode,
            speed_kmh: None,
            max_working_minutes: Some(if rng.chance(0.2) { 8 * 60 } else { 12 * 60 }),
            cost_per_hour: 1150 + 25 * rng.range_i64(0, 12),
            overtime_premium_percent: 50,
        });
    }

    let mut vs = Vec::with_capacity(visits);
    let mut client = 0;
    while vs.len() < visits {
        client += 1;
        let d = district(&mut rng, used);
        let (_, lat, lon, spread, _, _) = DISTRICTS[d];
        let home = jitter(&mut rng, (lat, lon), spread);
        let cid = format!("C{client:04}");
        // Calls a day: 1 (15 %), 2 (30 %), 3 (30 %), 4 (25 %); a single
        // call may be a daytime one (shopping, a sitting service).
        let calls = 1 + rng.weighted(&[0.15, 0.30, 0.30, 0.25]);
        let peaks: Vec<usize> = match calls {
            1 => vec![rng.index(PEAKS.len())],
            2 => vec![0, 2 + rng.index(2)],
            3 => vec![0, 1, 3],
            _ => vec![0, 1, 2, 3],
        };
        let double = rng.chance(0.1);
        let dementia = rng.chance(0.2);
        let catheter = rng.chance(0.05);
        let peg = rng.chance(0.02);
        let gender = rng.chance(0.12).then_some(Gender::Female);
        let can_move = rng.chance(0.1);
        let nearby: Vec<usize> = (0..ws.len()).filter(|&w| worker_district[w] == d).collect();
        let mut preferred = Vec::new();
        if !nearby.is_empty() && rng.chance(0.7) {
            for _ in 0..1 + rng.index(2) {
                let w = nearby[rng.index(nearby.len())];
                let id = ws[w].id.clone();
                if !preferred.contains(&id) {
                    preferred.push(id);
                }
            }
        }
        let mut blocked = Vec::new();
        if !ws.is_empty() && rng.chance(0.03) {
            let w = rng.index(ws.len());
            if !preferred.contains(&ws[w].id) {
                blocked.push(ws[w].id.clone());
            }
        }
        for (k, &p) in peaks.iter().enumerate() {
            if vs.len() >= visits {
                break;
            }
            let (from, to) = PEAKS[p];
            let pref = rng.range_i64(from / 5, to / 5) * 5;
            let slack = if can_move || p == 4 {
                120
            } else {
                45 + 15 * rng.range_i64(0, 1)
            };
            let duration = match rng.unit() {
                x if x < 0.65 => 30,
                x if x < 0.80 => 45,
                x if x < 0.88 => 60,
                _ => 15,
            };
            let mut skills = Vec::new();
            if p != 3 && rng.chance(0.35) || p == 0 && calls >= 3 {
                skills.push("medication".to_string());
            }
            if double {
                skills.push("hoist".to_string());
            }
            if dementia {
                skills.push("dementia".to_string());
            }
            if catheter && p == 0 {
                skills.push("catheter".to_string());
            }
            if peg && p == 1 {
                skills.push("peg_feeding".to_string());
            }
            vs.push(Visit {
                id: format!("{cid}-{}", k + 1),
                client: cid.clone(),
                location: home,
                windows: vec![TimeWindow {
                    // Nobody is visited before 06:30 or after 21:45.
                    earliest: ClockTime((pref - slack).max(6 * 60 + 30)),
                    latest: ClockTime((pref + slack).min(21 * 60 + 45)),
                }],
                duration: if double { duration.max(30) } else { duration },
                skills,
                carers: if double { 2 } else { 1 },
                preferred_workers: preferred.clone(),
                blocked_workers: blocked.clone(),
                gender,
                priority: if can_move {
                    Priority::CanMove
                } else {
                    Priority::MustDo
                },
                pin: None,
                time_critical: false,
                max_late_minutes: None,
            });
            // Medication is given on time; other calls may start up to
            // half an hour late at a price.
            if let Some(v) = vs.last_mut() {
                v.time_critical = v.skills.iter().any(|s| s == "medication");
            }
        }
    }

    RoundsInput {
        schema_version: SCHEMA_VERSION,
        name: Some(format!(
            "Nottinghamshire sample day: {visits} visits, {workers} workers, seed {seed}"
        )),
        skills: SAMPLE_SKILLS.iter().map(ToString::to_string).collect(),
        visits: vs,
        workers: ws,
        travel: TravelSettings::default(),
        weights: Weights {
            max_late_minutes: 30,
            ..Weights::default()
        },
    }
}
