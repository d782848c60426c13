//! The realistic Nottinghamshire sample and its calibration figures.
//!
//! `cargo run -p carematch --example sample_county`

use carematch::matching::{SampleFigures, SampleOptions, sample_county, validate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for people in [120, 1_000] {
        let o = SampleOptions {
            people,
            ..SampleOptions::default()
        };
        let s = sample_county(&o);
        validate::check(&s)?;
        let f = SampleFigures::of(&s);
        println!("{} referrals, seed {}:", o.people, o.seed);
        println!("{f}");
        if let (Some(pop), Some(now)) =
            (s.learning_disability_population, s.shared_lives_ld_current)
        {
            println!(
                "learning disability: {now} of {pop} in Shared Lives ({:.1} %; target 7 %)",
                100.0 * f64::from(now) / f64::from(pop)
            );
        }
        println!();
    }
    Ok(())
}
