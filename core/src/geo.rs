//! Geography: coordinates, great-circle distance and travel-time estimates.
//!
//! Travel times default to great-circle distance times a road factor at a
//! mode's speed. Users with a routing engine (OSRM, Valhalla) can supply a
//! travel-time matrix instead; these functions are the fallback.

use serde::{Deserialize, Serialize};

/// A WGS84 coordinate in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct LatLon {
    /// Latitude, −90..=90.
    pub lat: f64,
    /// Longitude, −180..=180.
    pub lon: f64,
}

impl LatLon {
    /// Creates a coordinate.
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// Whether both parts are finite and in range.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }

    /// Great-circle (haversine) distance in metres.
    pub fn distance_m(&self, other: &LatLon) -> f64 {
        const R: f64 = 6_371_008.8;
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * R * a.sqrt().min(1.0).asin()
    }
}

/// How someone travels, with a default speed and road factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// Driving; the default.
    #[default]
    Car,
    /// Walking.
    Walk,
    /// Bus or tram.
    PublicTransport,
}

impl TravelMode {
    /// Average door-to-door speed in km/h (rural/urban mix in Nottinghamshire).
    pub fn speed_kmh(self) -> f64 {
        match self {
            TravelMode::Car => 40.0,
            TravelMode::Walk => 4.8,
            TravelMode::PublicTransport => 18.0,
        }
    }
    /// Ratio of network distance to straight-line distance.
    pub fn road_factor(self) -> f64 {
        match self {
            TravelMode::Car => 1.3,
            TravelMode::Walk => 1.2,
            TravelMode::PublicTransport => 1.4,
        }
    }
    /// Fixed overhead per trip in minutes (parking, waiting for a bus).
    pub fn overhead_min(self) -> f64 {
        match self {
            TravelMode::Car => 2.0,
            TravelMode::Walk => 0.0,
            TravelMode::PublicTransport => 8.0,
        }
    }

    /// Estimated travel time in whole minutes (rounded up; zero for the same place).
    pub fn minutes(self, from: &LatLon, to: &LatLon) -> i64 {
        let d_km = from.distance_m(to) / 1000.0;
        if d_km < 1e-6 {
            return 0;
        }
        let t = self.overhead_min() + 60.0 * d_km * self.road_factor() / self.speed_kmh();
        t.ceil() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mansfield_to_worksop_is_about_20_km() {
        let mansfield = LatLon::new(53.14, -1.20);
        let worksop = LatLon::new(53.30, -1.12);
        let d = mansfield.distance_m(&worksop);
        assert!((17_000.0..20_000.0).contains(&d), "{d}");
        assert!(TravelMode::Car.minutes(&mansfield, &worksop) > 20);
        assert_eq!(TravelMode::Car.minutes(&mansfield, &mansfield), 0);
    }

    #[test]
    fn invalid_coordinates_are_detected() {
        assert!(!LatLon::new(f64::NAN, 0.0).is_valid());
        assert!(!LatLon::new(91.0, 0.0).is_valid());
        assert!(LatLon::new(53.0, -1.0).is_valid());
    }
}
