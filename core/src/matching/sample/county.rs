//! Nottinghamshire's districts and towns, and the small helpers both sample
//! profiles use to place people and homes around them.

use crate::geo::LatLon;
use crate::matching::model::{Acceptance, Arrangement, Gender, SupportLevel};
use crate::rng::Rng;

/// A town: name, latitude, longitude, spread in km.
pub(super) type Town = (&'static str, f64, f64, f64);

/// A district: name, share of referrals, share of carer households, towns
/// with their weights.
pub(super) struct District {
    pub(super) name: &'static str,
    pub(super) people: f64,
    pub(super) households: f64,
    pub(super) towns: &'static [(Town, f64)],
}

/// Nottinghamshire's districts and their main towns (approximate centres).
pub(super) static DISTRICTS: &[District] = &[
    District {
        name: "Nottingham City",
        people: 0.27,
        households: 0.16,
        towns: &[(("Nottingham", 52.955, -1.150, 3.0), 1.0)],
    },
    District {
        name: "Ashfield",
        people: 0.11,
        households: 0.13,
        towns: &[
            (("Sutton-in-Ashfield", 53.125, -1.261, 2.0), 0.45),
            (("Kirkby-in-Ashfield", 53.100, -1.245, 2.0), 0.35),
            (("Hucknall", 53.038, -1.196, 2.0), 0.20),
        ],
    },
    District {
        name: "Bassetlaw",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("Worksop", 53.302, -1.124, 2.5), 0.45),
            (("Retford", 53.322, -0.943, 2.0), 0.25),
            (("Harworth", 53.417, -1.076, 1.5), 0.08),
            (("Bassetlaw villages", 53.330, -0.990, 10.0), 0.22),
        ],
    },
    District {
        name: "Broxtowe",
        people: 0.10,
        households: 0.11,
        towns: &[
            (("Beeston", 52.926, -1.215, 2.0), 0.55),
            (("Eastwood", 53.018, -1.305, 1.5), 0.25),
            (("Kimberley", 52.998, -1.261, 1.5), 0.20),
        ],
    },
    District {
        name: "Gedling",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("Arnold", 53.005, -1.127, 2.0), 0.6),
            (("Carlton", 52.965, -1.090, 1.5), 0.3),
            (("Calverton", 53.037, -1.083, 1.0), 0.1),
        ],
    },
    District {
        name: "Mansfield",
        people: 0.11,
        households: 0.11,
        towns: &[
            (("Mansfield", 53.143, -1.197, 2.5), 0.8),
            (("Mansfield Woodhouse", 53.166, -1.195, 1.2), 0.2),
        ],
    },
    District {
        name: "Newark & Sherwood",
        people: 0.11,
        households: 0.13,
        towns: &[
            (("Newark-on-Trent", 53.076, -0.809, 2.0), 0.40),
            (("Southwell", 53.078, -0.955, 1.0), 0.10),
            (("Ollerton", 53.200, -1.020, 1.5), 0.15),
            (("Newark & Sherwood villages", 53.120, -0.930, 11.0), 0.35),
        ],
    },
    District {
        name: "Rushcliffe",
        people: 0.10,
        households: 0.12,
        towns: &[
            (("West Bridgford", 52.925, -1.128, 2.0), 0.6),
            (("Bingham", 52.952, -0.953, 1.2), 0.2),
            (("Rushcliffe villages", 52.870, -1.050, 7.0), 0.2),
        ],
    },
];

pub(super) const INTERESTS: &[&str] = &[
    "gardening",
    "football",
    "music",
    "cooking",
    "walking",
    "animals",
    "art",
    "swimming",
    "computer games",
    "church",
    "fishing",
    "crafts",
    "films",
    "bowling",
];

pub(super) const AS_OF: &str = "2025-04-01";
pub(super) const AS_OF_DAY: i64 = 20_179; // 2025-04-01 as days since 1970-01-01.

pub(super) fn jitter(rng: &mut Rng, lat: f64, lon: f64, km: f64) -> LatLon {
    let dlat = rng.normal() * km / 111.0;
    let dlon = rng.normal() * km / (111.0 * lat.to_radians().cos());
    LatLon::new(
        ((lat + dlat) * 1e4).round() / 1e4,
        ((lon + dlon) * 1e4).round() / 1e4,
    )
}

/// Picks a district by `weight` and a point around one of its towns.
pub(super) fn place(rng: &mut Rng, weight: fn(&District) -> f64) -> (&'static District, LatLon) {
    let w: Vec<f64> = DISTRICTS.iter().map(weight).collect();
    let d = &DISTRICTS[rng.weighted(&w)];
    let tw: Vec<f64> = d.towns.iter().map(|t| t.1).collect();
    let ((_, lat, lon, km), _) = d.towns[rng.weighted(&tw)];
    (d, jitter(rng, lat, lon, km))
}

pub(super) fn pick_interests(rng: &mut Rng, at_most: usize) -> Vec<String> {
    let n = rng.index(at_most + 1);
    let mut all: Vec<&str> = INTERESTS.to_vec();
    rng.shuffle(&mut all);
    all.into_iter().take(n).map(str::to_owned).collect()
}

pub(super) fn gender(rng: &mut Rng) -> Gender {
    if rng.chance(0.5) {
        Gender::Female
    } else {
        Gender::Male
    }
}

/// A carer household's faith, if it states one.
pub(super) fn faith(rng: &mut Rng) -> Option<String> {
    rng.chance(0.2).then(|| {
        ["Christian", "Muslim", "Sikh", "Hindu"][rng.weighted(&[0.6, 0.25, 0.1, 0.05])].to_owned()
    })
}

/// Whom a carer household accepts: adults, up to an age unless it is
/// approved for older people, up to a support level, smokers or not.
pub(super) fn acceptance(rng: &mut Rng, older: bool) -> Acceptance {
    Acceptance {
        min_age: Some(18),
        max_age: if older {
            None
        } else {
            Some([65, 70, 80][rng.index(3)])
        },
        max_support_level: Some(
            [
                SupportLevel::Low,
                SupportLevel::Moderate,
                SupportLevel::High,
            ][rng.weighted(&[0.15, 0.55, 0.3])],
        ),
        smokers: Some(rng.chance(0.7)),
    }
}

/// The arrangements a household offers, each with its chance (long-term
/// when the draw gives none).
pub(super) fn offers(rng: &mut Rng, chances: &[(Arrangement, f64)]) -> Vec<Arrangement> {
    let mut offers: Vec<Arrangement> = chances
        .iter()
        .filter(|(_, p)| rng.chance(*p))
        .map(|(a, _)| *a)
        .collect();
    if offers.is_empty() {
        offers.push(Arrangement::LongTerm);
    }
    offers
}

/// The synthetic primary care network (neighbourhood) of a place in a
/// district: its nearest town of the district, split north and south of the
/// town's centre when the district has fewer than three towns (and into
/// quarters when it has one). Geographic and drawn from no random stream,
/// so adding it changes no other field of a sample.
pub(super) fn pcn_of(district: Option<&str>, at: &LatLon) -> Option<String> {
    let d = DISTRICTS.iter().find(|d| Some(d.name) == district)?;
    let km = |t: &Town| {
        let dy = (at.lat - t.1) * 111.0;
        let dx = (at.lon - t.2) * 111.0 * t.1.to_radians().cos();
        dx * dx + dy * dy
    };
    let ((name, lat, lon, _), _) = d
        .towns
        .iter()
        .min_by(|a, b| km(&a.0).total_cmp(&km(&b.0)))?;
    let ns = if at.lat >= *lat { "North" } else { "South" };
    let ew = if at.lon >= *lon { " East" } else { " West" };
    Some(match d.towns.len() {
        1 => format!("{name} {ns}{ew} PCN"),
        2 => format!("{name} {ns} PCN"),
        _ => format!("{name} PCN"),
    })
}

/// Gives every person, household and scheme of a sample its primary care
/// network ([`pcn_of`]).
pub(super) fn add_pcns(s: &mut crate::matching::model::Scenario) {
    for p in &mut s.people {
        p.pcn = pcn_of(p.district.as_deref(), &p.home);
    }
    for h in &mut s.households {
        h.pcn = pcn_of(h.district.as_deref(), &h.location);
    }
    for x in &mut s.schemes {
        x.pcn = pcn_of(x.district.as_deref(), &x.location);
    }
}
