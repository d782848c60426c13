//! Vacancy chains read off a solved plan: who left which place, and who
//! took it.
//!
//! A mover who leaves a place frees it; whoever the plan puts in that place
//! (a held supported-living room, or a held Shared Lives place) follows them
//! in the chain, and if that person held a place too, the chain goes on. A
//! chain starts with a mover whose own new place was free anyway (or their
//! own tenancy) and ends with someone who held no place in the plan: their
//! old setting (a residential bed, a hospital bed, the family home) is what
//! the chain finally frees.

use std::collections::BTreeMap;

use super::context::{Ctx, OptionView};
use super::model::Setting;
use super::moveon;
use super::result::{Chain, ChainMove, OptionRef, Placement};
use super::solve::Solved;
use crate::units::Pence;

/// Words for where someone lives now.
fn setting_words(s: Setting) -> &'static str {
    match s {
        Setting::FamilyHome => "the family home",
        Setting::ResidentialCare => "a residential bed",
        Setting::SupportedLiving => "a supported-living place",
        Setting::Hospital => "a hospital bed",
        Setting::OwnHome => "their own home",
    }
}

/// Words for a place in a chain's text.
fn place_words(ctx: &Ctx, o: usize) -> String {
    match ctx.options[o] {
        OptionView::Household(h) => format!("a place with household {}", h.id),
        OptionView::Vacancy(s, _) if s.id.as_str().starts_with(moveon::OWN_TENANCY_PREFIX) => {
            "their own tenancy".to_owned()
        }
        OptionView::Vacancy(s, v) => format!("room {} at scheme {}", v.id, s.id),
    }
}

/// The chains of a solved plan (movers who moved, and who followed them).
pub(crate) fn find(ctx: &Ctx, solved: &Solved, placements: &[Placement]) -> Vec<Chain> {
    let n = ctx.scenario.people.len();
    // Who takes the place each mover frees.
    let mut follower: Vec<Option<usize>> = vec![None; n];
    let mut led: Vec<bool> = vec![false; n];
    let mut left_by_home: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let moved = |p: usize| {
        ctx.held[p].is_some() && solved.assign[p].is_some() && solved.assign[p] != ctx.held[p]
    };
    for (p, held) in ctx.held.iter().enumerate() {
        if moved(p)
            && let Some(h) = *held
        {
            match ctx.options[h] {
                OptionView::Vacancy(..) => {
                    let q = (0..n).find(|&q| q != p && solved.assign[q] == Some(h));
                    follower[p] = q;
                }
                OptionView::Household(_) => left_by_home.entry(h).or_default().push(p),
            }
        }
    }
    for (h, leavers) in left_by_home {
        let takers: Vec<usize> = (0..n)
            .filter(|&q| {
                solved.assign[q] == Some(h) && solved.held_lane[q] && ctx.held[q] != Some(h)
            })
            .collect();
        for (m, q) in leavers.iter().zip(takers) {
            follower[*m] = Some(q);
        }
    }
    for f in follower.iter().flatten() {
        led[*f] = true;
    }
    let by_person: BTreeMap<&str, &Placement> =
        placements.iter().map(|x| (x.person.as_str(), x)).collect();
    let mut chains = Vec::new();
    for head in (0..n).filter(|&p| moved(p) && !led[p]) {
        let mut moves = Vec::new();
        let mut weekly = Pence(0);
        let mut annual = Pence(0);
        let mut words = Vec::new();
        let mut cur = Some(head);
        let mut last_freed: Option<usize> = None;
        let mut guard = 0;
        while let Some(p) = cur {
            guard += 1;
            if guard > n {
                break;
            }
            let person = ctx.person(p);
            let Some(to) = solved.assign[p] else { break };
            let placement = by_person.get(person.id.as_str());
            if let Some(pl) = placement {
                weekly = weekly + pl.cost.weekly_saving;
                annual = annual + pl.cost.annual_saving;
            }
            let frees = if moved(p) { ctx.held[p] } else { None };
            let step = match (moves.is_empty(), frees) {
                (true, Some(f)) => format!(
                    "moving {} to {} frees {}",
                    person.id,
                    place_words(ctx, to),
                    place_words(ctx, f)
                ),
                (true, None) => format!("moving {} to {}", person.id, place_words(ctx, to)),
                (false, Some(f)) => {
                    format!("for {}, which frees {}", person.id, place_words(ctx, f))
                }
                (false, None) => format!(
                    "for {}, which frees {}",
                    person.id,
                    setting_words(person.current_setting)
                ),
            };
            words.push(step);
            moves.push(ChainMove {
                person: person.id.clone(),
                to: OptionRef::of(&ctx.options[to]),
                frees: frees.map(|f| OptionRef::of(&ctx.options[f])),
                from_setting: setting_words(person.current_setting).to_owned(),
            });
            last_freed = frees;
            cur = follower[p];
            if frees.is_none() {
                break;
            }
        }
        // A supported-living room left empty at the end still costs money.
        if let Some(f) = last_freed
            && matches!(ctx.options[f], OptionView::Vacancy(..))
            && cur.is_none()
        {
            weekly = weekly - ctx.cfg.costs.empty_room_weekly;
            annual =
                Pence(annual.0 - ctx.cfg.costs.empty_room_weekly.0 * super::cost::WEEKS_PER_YEAR);
            words.push("which is left empty".to_owned());
        }
        let mut text = words.join(", ");
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        text.push('.');
        chains.push(Chain {
            people_helped: moves.len(),
            moves,
            weekly_saving: weekly,
            annual_saving: annual,
            text,
        });
    }
    chains
}
