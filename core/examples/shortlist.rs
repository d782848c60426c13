//! Build the shortlist for one person (what a placement officer brings to a
//! matching meeting) and the reverse shortlist for one household, then show
//! how an introduction outcome changes the next plan.
//!
//! Run with `cargo run -p carematch --example shortlist`.

use carematch::matching::{self, IntroductionOutcome, MatchConfig, Outcome};

fn main() -> Result<(), carematch::Error> {
    let mut scenario = matching::sample_scenario(80, 30, 7);
    let cfg = MatchConfig::default();

    let person = scenario.people[3].id.clone();
    let list = matching::shortlist(&scenario, &cfg, &person, 3)?;
    println!(
        "Shortlist for {person} ({} suitable options):",
        list.feasible_options
    );
    for o in &list.options {
        println!(
            "  {}. {} — score {}, saves {} a week",
            o.rank, o.option.label, o.score.total, o.cost.weekly_saving
        );
        for c in o
            .score
            .components
            .iter()
            .filter(|c| c.points > 0 && !c.neutral)
        {
            println!(
                "       {:<14} {:>3}/{:<3} {}",
                c.name, c.points, c.weight, c.note
            );
        }
    }
    for r in list.excluded.iter().take(4) {
        println!("  ruled out: {} ({})", r.reason, r.count);
    }

    let household = scenario.households[0].id.clone();
    let reverse = matching::shortlist_for_household(&scenario, &cfg, &household, 3)?;
    println!("\nPeople who could live with household {household}:");
    for p in &reverse.people {
        println!("  {}. {} — score {}", p.rank, p.person, p.score.total);
    }

    // The first proposal is introduced and declined: the next plan moves on.
    let before = matching::match_scenario(&scenario, &cfg)?;
    if let Some(first) = before.placements.first() {
        scenario.introductions.push(IntroductionOutcome {
            person: first.person.clone(),
            household: first.option.household.clone(),
            vacancy: first.option.vacancy.clone(),
            outcome: Outcome::Declined,
        });
        let after = matching::match_scenario(&scenario, &cfg)?;
        let now = after.placements.iter().find(|p| p.person == first.person);
        println!(
            "\n{} declined {}; next plan: {}",
            first.person,
            first.option.label,
            now.map_or("not placed".to_owned(), |p| p.option.label.clone())
        );
    }
    Ok(())
}
