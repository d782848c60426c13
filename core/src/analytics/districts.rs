//! The district lens: where need is met and where it is not.
//!
//! For every district of the people referred (a person without a district
//! is counted under [`NO_DISTRICT`]): referrals, placed, unplaced with their
//! main blocking reasons, days past the date a place was needed, travel from
//! home to the placement, weekly cost and saving, and the same split by need
//! group. One inequality figure compares the worst district's placement rate
//! with the best's, and says where the gap comes from (the worst district's
//! main blocking reason and its free places against its referrals).
//!
//! Where people (and homes) name their primary care network or
//! neighbourhood (`pcn`), each district also gets a row per network:
//! referrals, placed, unplaced, the rate, placements in a home of the same
//! network, and the weekly saving.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::matching::{self, MatchConfig, MatchResult, Need, OptionKind, Scenario};
use crate::units::Pence;

/// Name used for people (or options) without a district.
pub const NO_DISTRICT: &str = "(no district)";

/// Name used, in a district where others name one, for people without a
/// primary care network.
pub const NO_PCN: &str = "(no network given)";

/// One primary care network (neighbourhood) within a district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct PcnRow {
    /// The network's name.
    pub pcn: String,
    /// People referred from it.
    pub referrals: usize,
    /// Of those, placed.
    pub placed: usize,
    /// Of those, not placed.
    pub unplaced: usize,
    /// `placed / referrals`.
    pub placement_rate: f64,
    /// Placed in a household or scheme of the same network.
    pub placed_in_pcn: usize,
    /// Weekly saving of those placements against their alternatives, less
    /// the rooms its movers leave empty (as in the totals).
    pub weekly_saving: Pence,
}

/// A reason that kept people in a district from being placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct BlockingReason {
    /// The rule (a hard rule's name, or `plan` when the options were given to others).
    pub rule: String,
    /// The reason in words.
    pub reason: String,
    /// Unplaced people for whom this is the main reason (the reason that
    /// ruled out most of their options).
    pub people: usize,
}

/// Referrals, placed and unplaced for one need group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct NeedGroupRow {
    /// The need (a person with several needs counts in each).
    pub need: Need,
    /// Words for it.
    pub label: String,
    /// People referred with this need.
    pub referrals: usize,
    /// Of those, placed.
    pub placed: usize,
    /// Of those, not placed.
    pub unplaced: usize,
    /// `placed / referrals`.
    pub placement_rate: f64,
}

/// One district's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct DistrictRow {
    /// District name.
    pub district: String,
    /// People referred from this district.
    pub referrals: usize,
    /// Of those, placed (proposed or kept).
    pub placed: usize,
    /// Of those, not placed.
    pub unplaced: usize,
    /// `placed / referrals`.
    pub placement_rate: f64,
    /// Placed in an option in the same district.
    pub placed_in_district: usize,
    /// Free places in the district's households and schemes before this plan.
    pub free_places: u32,
    /// Main blocking reasons of the unplaced, most people first (at most 3).
    pub top_reasons: Vec<BlockingReason>,
    /// Unplaced people whose date needed by is on or before the scenario's `as_of`.
    pub unplaced_overdue: usize,
    /// Median days past the date needed by, over those overdue people.
    pub median_days_overdue: Option<i64>,
    /// Mean travel time in minutes from the current home to the placement
    /// (the person's own travel mode), over placed people.
    pub mean_travel_minutes: Option<f64>,
    /// Weekly cost of the district's placements.
    pub weekly_cost: Pence,
    /// Weekly saving of those placements against their alternatives, less
    /// the rooms its movers leave empty (as in the totals).
    pub weekly_saving: Pence,
    /// The same split by need group (needs present in the district only).
    pub by_need: Vec<NeedGroupRow>,
    /// The same by primary care network, by name (empty when nobody in the
    /// district names one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_pcn: Vec<PcnRow>,
}

/// The worst district's placement rate against the best's, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Inequality {
    /// District with the lowest placement rate (ties: the one with most referrals, then name).
    pub worst: String,
    /// Its rate.
    pub worst_rate: f64,
    /// District with the highest placement rate.
    pub best: String,
    /// Its rate.
    pub best_rate: f64,
    /// `worst_rate / best_rate` (1 = equal; `None` when nobody is placed anywhere).
    pub ratio: Option<f64>,
    /// `best_rate − worst_rate`, in percentage points.
    pub gap_points: f64,
    /// Where the gap comes from, in words.
    pub explanation: String,
}

/// The district lens of one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct DistrictLens {
    /// One row per district of the people referred, by name.
    pub districts: Vec<DistrictRow>,
    /// County-wide split by need group.
    pub by_need: Vec<NeedGroupRow>,
    /// People placed in total.
    pub placed: usize,
    /// People not placed in total.
    pub unplaced: usize,
    /// The inequality figure (`None` without people).
    pub inequality: Option<Inequality>,
}

/// Runs the plan and builds its district lens.
///
/// # Errors
/// [`crate::Error::Invalid`] when the scenario breaks a validation rule.
pub fn district_lens(s: &Scenario, cfg: &MatchConfig) -> Result<DistrictLens> {
    let result = matching::match_scenario(s, cfg)?;
    Ok(lens_of(s, &result))
}

/// The district of an optional name.
pub fn district_name(d: Option<&str>) -> String {
    d.map_or_else(|| NO_DISTRICT.to_owned(), str::to_owned)
}

#[derive(Default)]
struct Acc {
    referrals: usize,
    placed: usize,
    placed_in_district: usize,
    free_places: u32,
    reasons: BTreeMap<(String, String), usize>,
    overdue: Vec<i64>,
    travel: Vec<i64>,
    weekly_cost: Pence,
    weekly_saving: Pence,
    needs: BTreeMap<Need, (usize, usize)>,
    /// Per network: referrals, placed, placed in the same network, saving.
    pcns: BTreeMap<String, (usize, usize, usize, Pence)>,
}

fn pcn_name(p: &matching::Person) -> String {
    p.pcn.clone().unwrap_or_else(|| NO_PCN.to_owned())
}

fn pcn_rows(pcns: BTreeMap<String, (usize, usize, usize, Pence)>) -> Vec<PcnRow> {
    if pcns.keys().all(|k| k == NO_PCN) {
        return Vec::new();
    }
    pcns.into_iter()
        .map(
            |(pcn, (referrals, placed, placed_in_pcn, weekly_saving))| PcnRow {
                pcn,
                referrals,
                placed,
                unplaced: referrals - placed,
                placement_rate: rate(placed, referrals),
                placed_in_pcn,
                weekly_saving,
            },
        )
        .collect()
}

fn rate(placed: usize, referrals: usize) -> f64 {
    if referrals == 0 {
        0.0
    } else {
        placed as f64 / referrals as f64
    }
}

fn need_rows(needs: &BTreeMap<Need, (usize, usize)>) -> Vec<NeedGroupRow> {
    needs
        .iter()
        .map(|(&need, &(referrals, placed))| NeedGroupRow {
            need,
            label: need.label().to_owned(),
            referrals,
            placed,
            unplaced: referrals - placed,
            placement_rate: rate(placed, referrals),
        })
        .collect()
}

/// Builds the district lens of a plan already made for `s`.
pub fn lens_of(s: &Scenario, result: &MatchResult) -> DistrictLens {
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    let mut county_needs: BTreeMap<Need, (usize, usize)> = BTreeMap::new();
    let person_index: BTreeMap<&str, usize> = s
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let as_of = s.as_of.as_ref().and_then(|d| d.day_number());
    // A room a mover leaves empty costs the council every week: it comes off
    // the mover's district (and network), as it comes off the totals.
    let leaving = matching::movers_leaving_rooms_empty(&result.placements);
    let t = &result.totals;
    let void_total = t.counterfactual_weekly_cost - t.weekly_cost - t.weekly_recurring_saving;
    let per_room = match i64::try_from(leaving.len()) {
        Ok(n) if n > 0 => Pence(void_total.0 / n),
        _ => Pence(0),
    };
    for p in &s.people {
        let a = acc.entry(district_name(p.district.as_deref())).or_default();
        a.referrals += 1;
        a.pcns.entry(pcn_name(p)).or_default().0 += 1;
        for n in &p.needs {
            a.needs.entry(*n).or_default().0 += 1;
            county_needs.entry(*n).or_default().0 += 1;
        }
    }
    // Free places per district before the plan.
    for h in &s.households {
        if let Some(a) = acc.get_mut(&district_name(h.district.as_deref())) {
            a.free_places += h.places.saturating_sub(h.occupants.len() as u32);
        }
    }
    for sc in &s.schemes {
        if let Some(a) = acc.get_mut(&district_name(sc.district.as_deref())) {
            a.free_places += sc.vacancies.len() as u32;
        }
    }
    let households: BTreeMap<&str, &matching::Household> =
        s.households.iter().map(|h| (h.id.as_str(), h)).collect();
    let schemes: BTreeMap<&str, &matching::Scheme> =
        s.schemes.iter().map(|x| (x.id.as_str(), x)).collect();
    for (k, pl) in result.placements.iter().enumerate() {
        let Some(&i) = person_index.get(pl.person.as_str()) else {
            continue;
        };
        let person = &s.people[i];
        let home_district = district_name(person.district.as_deref());
        let (location, option_district, option_pcn) = match pl.option.kind {
            OptionKind::SharedLives => {
                let h = pl
                    .option
                    .household
                    .as_ref()
                    .and_then(|h| households.get(h.as_str()));
                (
                    h.map(|h| h.location),
                    h.and_then(|h| h.district.clone()),
                    h.and_then(|h| h.pcn.clone()),
                )
            }
            OptionKind::SupportedLiving => {
                let x = pl
                    .option
                    .scheme
                    .as_ref()
                    .and_then(|x| schemes.get(x.as_str()));
                (
                    x.map(|x| x.location),
                    x.and_then(|x| x.district.clone()),
                    x.and_then(|x| x.pcn.clone()),
                )
            }
        };
        let a = acc.entry(home_district.clone()).or_default();
        a.placed += 1;
        let n = a.pcns.entry(pcn_name(person)).or_default();
        n.1 += 1;
        if person.pcn.is_some() && option_pcn == person.pcn {
            n.2 += 1;
        }
        let void = if leaving.contains(&k) {
            per_room
        } else {
            Pence(0)
        };
        n.3 = n.3 + pl.cost.weekly_saving - void;
        if option_district.as_deref() == Some(home_district.as_str()) {
            a.placed_in_district += 1;
        }
        if let Some(loc) = location {
            a.travel
                .push(person.travel_mode.minutes(&person.home, &loc));
        }
        a.weekly_cost = a.weekly_cost + pl.cost.weekly_cost;
        a.weekly_saving = a.weekly_saving + pl.cost.weekly_saving - void;
        for n in &person.needs {
            a.needs.entry(*n).or_default().1 += 1;
            county_needs.entry(*n).or_default().1 += 1;
        }
    }
    for u in &result.unplaced {
        let Some(&i) = person_index.get(u.person.as_str()) else {
            continue;
        };
        let person = &s.people[i];
        let a = acc
            .entry(district_name(person.district.as_deref()))
            .or_default();
        // The main reason: the one that ruled out most options (first on ties).
        let main = u
            .explanation
            .reasons
            .iter()
            .fold(None::<&matching::ReasonCount>, |best, r| match best {
                Some(b) if b.count >= r.count => Some(b),
                _ => Some(r),
            });
        let key = main.map_or_else(
            || {
                (
                    "no_option".to_owned(),
                    "no household or vacancy in the scenario".to_owned(),
                )
            },
            |r| (r.rule.clone(), r.reason.clone()),
        );
        *a.reasons.entry(key).or_default() += 1;
        let needed = person.needed_by.as_ref().and_then(|d| d.day_number());
        if let (Some(now), Some(needed)) = (as_of, needed)
            && needed <= now
        {
            a.overdue.push(now - needed);
        }
    }
    let districts: Vec<DistrictRow> = acc
        .into_iter()
        .map(|(district, mut a)| {
            let mut reasons: Vec<BlockingReason> = a
                .reasons
                .into_iter()
                .map(|((rule, reason), people)| BlockingReason {
                    rule,
                    reason,
                    people,
                })
                .collect();
            reasons.sort_by(|x, y| y.people.cmp(&x.people).then(x.rule.cmp(&y.rule)));
            reasons.truncate(3);
            a.overdue.sort_unstable();
            let median = (!a.overdue.is_empty()).then(|| a.overdue[a.overdue.len() / 2]);
            let travel = (!a.travel.is_empty())
                .then(|| a.travel.iter().sum::<i64>() as f64 / a.travel.len() as f64);
            DistrictRow {
                district,
                referrals: a.referrals,
                placed: a.placed,
                unplaced: a.referrals - a.placed,
                placement_rate: rate(a.placed, a.referrals),
                placed_in_district: a.placed_in_district,
                free_places: a.free_places,
                top_reasons: reasons,
                unplaced_overdue: a.overdue.len(),
                median_days_overdue: median,
                mean_travel_minutes: travel,
                weekly_cost: a.weekly_cost,
                weekly_saving: a.weekly_saving,
                by_need: need_rows(&a.needs),
                by_pcn: pcn_rows(a.pcns),
            }
        })
        .collect();
    let inequality = inequality(&districts);
    DistrictLens {
        placed: districts.iter().map(|d| d.placed).sum(),
        unplaced: districts.iter().map(|d| d.unplaced).sum(),
        by_need: need_rows(&county_needs),
        districts,
        inequality,
    }
}

/// Worst against best placement rate, compared exactly (`a/b` vs `c/d` by
/// cross-multiplication) so ties are broken the same on every platform.
fn inequality(rows: &[DistrictRow]) -> Option<Inequality> {
    let cmp = |x: &&DistrictRow, y: &&DistrictRow| {
        (x.placed * y.referrals)
            .cmp(&(y.placed * x.referrals))
            .then(y.referrals.cmp(&x.referrals))
            .then(x.district.cmp(&y.district))
    };
    let worst = rows.iter().min_by(cmp)?;
    let best = rows.iter().max_by(|x, y| {
        (x.placed * y.referrals)
            .cmp(&(y.placed * x.referrals))
            .then(x.referrals.cmp(&y.referrals))
            .then(y.district.cmp(&x.district))
    })?;
    let ratio = (best.placed > 0).then(|| worst.placement_rate / best.placement_rate);
    let why = worst.top_reasons.first().map_or_else(
        || "everyone referred there is placed".to_owned(),
        |r| {
            format!(
                "for {} of its {} unplaced the main reason is \"{}\"",
                r.people, worst.unplaced, r.reason
            )
        },
    );
    let explanation = format!(
        "{} places {} of {} referrals ({:.0} %) against {}'s {} of {} ({:.0} %); {} has {} free place(s) of its own for {} referral(s), and {}.",
        worst.district,
        worst.placed,
        worst.referrals,
        100.0 * worst.placement_rate,
        best.district,
        best.placed,
        best.referrals,
        100.0 * best.placement_rate,
        worst.district,
        worst.free_places,
        worst.referrals,
        why
    );
    Some(Inequality {
        worst: worst.district.clone(),
        worst_rate: worst.placement_rate,
        best: best.district.clone(),
        best_rate: best.placement_rate,
        ratio,
        gap_points: 100.0 * (best.placement_rate - worst.placement_rate),
        explanation,
    })
}
