//! The proven Solomon optima of `tests/data/solomon/bks.csv` for the engine's
//! own measurements (the instances are read by `carematch::formats::solomon`).

/// The proven DIMACS optimum (in tenths) and its vehicle count from `bks.csv`.
pub fn optimum(bks_csv: &str, name: &str) -> Option<(i64, i64)> {
    bks_csv.lines().find_map(|l| {
        let f: Vec<&str> = l.split(',').collect();
        if f.first() == Some(&name) && f.len() > 4 {
            let dist: f64 = f[4].parse().ok()?;
            Some(((dist * 10.0).round() as i64, f[3].parse().ok()?))
        } else {
            None
        }
    })
}
