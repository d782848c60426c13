//! Match a seeded Nottinghamshire sample and print the plan a placement
//! officer would take to the next panel: who is proposed where and why,
//! who cannot be placed and what would change that, and the weekly cost.
//!
//! Run with `cargo run -p carematch --example match_people`.

use carematch::matching::{self, MatchConfig};

fn main() -> Result<(), carematch::Error> {
    let scenario = matching::sample_scenario(120, 45, 2025);
    let result = matching::match_scenario(&scenario, &MatchConfig::default())?;

    println!("{}", scenario.name.as_deref().unwrap_or("scenario"));
    let t = &result.totals;
    println!(
        "placed {} of {} people; weekly cost {} against {} without these placements ({} saved a week)\n",
        t.placed, t.people, t.weekly_cost, t.counterfactual_weekly_cost, t.weekly_saving
    );

    println!("Proposed (first 5):");
    for p in result.placements.iter().take(5) {
        println!("  {} -> {}", p.person, p.option.label);
        println!("     {}", p.why);
        if let Some(b) = &p.backup {
            println!(
                "     backup if the introduction fails: {} (score {})",
                b.option.label, b.score
            );
        }
    }

    println!("\nNot placed (first 5):");
    for u in result.unplaced.iter().take(5) {
        println!("  {}: {}", u.person, u.explanation.summary);
        if let Some(m) = &u.explanation.nearest_miss {
            println!(
                "     nearest miss: {} at {} ({})",
                m.reason, m.option.label, m.confirmed
            );
        }
    }
    Ok(())
}
