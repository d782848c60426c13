//! Score breakdowns: how a pair's integer score is made up from the soft
//! rules, component by component, so a placement officer can see why one
//! option ranks above another.

use serde::{Deserialize, Serialize};

use super::rules::{Candidate, SOFT_RULES};

/// One soft rule's contribution to a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ScoreComponent {
    /// The soft rule (e.g. `distance`, `interests`).
    pub name: String,
    /// Points at a perfect fit.
    pub weight: i64,
    /// Fit from 0 to 100.
    pub raw: i64,
    /// Points given: `weight × raw / 100`, rounded down.
    pub points: i64,
    /// What the fit means for this pair ("3.2 km from home", "shares gardening").
    pub note: String,
    /// The person stated no preference here, so every option gets the same
    /// points and the component does not tell options apart.
    pub neutral: bool,
}

/// A pair's score and how it is made up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ScoreBreakdown {
    /// Sum of the components' points.
    pub total: i64,
    /// Each soft rule's contribution, in a fixed order.
    pub components: Vec<ScoreComponent>,
}

impl ScoreBreakdown {
    /// The components with the most points first (ties in rule order),
    /// leaving out neutral ones, for "why this option" sentences.
    pub fn strongest(&self, n: usize) -> Vec<&ScoreComponent> {
        let mut v: Vec<&ScoreComponent> = self
            .components
            .iter()
            .filter(|c| c.points > 0 && !c.neutral)
            .collect();
        v.sort_by_key(|c| std::cmp::Reverse(c.points));
        v.truncate(n);
        v
    }

    /// Components where `self` beats `other` by the most points:
    /// `(component here, points ahead, note there)`.
    pub fn ahead_of<'a>(
        &'a self,
        other: &'a ScoreBreakdown,
        n: usize,
    ) -> Vec<(&'a ScoreComponent, i64, &'a str)> {
        let mut v: Vec<(&ScoreComponent, i64, &str)> = self
            .components
            .iter()
            .filter_map(|c| {
                let o = other.components.iter().find(|o| o.name == c.name)?;
                (c.points > o.points).then_some((c, c.points - o.points, o.note.as_str()))
            })
            .collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        v.truncate(n);
        v
    }
}

/// The full breakdown of a pair's score.
pub(crate) fn breakdown(c: &Candidate) -> ScoreBreakdown {
    let w = &c.ctx.cfg.weights;
    let components: Vec<ScoreComponent> = SOFT_RULES
        .iter()
        .map(|r| {
            let weight = r.weight(w);
            let raw = r.raw(c);
            ScoreComponent {
                name: r.name().to_owned(),
                weight,
                raw,
                points: weight * raw / 100,
                note: r.note(c, raw),
                neutral: r.neutral(c),
            }
        })
        .collect();
    ScoreBreakdown {
        total: components.iter().map(|c| c.points).sum(),
        components,
    }
}
