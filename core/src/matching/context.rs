//! A read-only, indexed view of a validated scenario that the rules, the
//! scorer and the planner share: options flattened into one list (household
//! places and vacancies), people and options by index, need bit masks, the
//! introduction outcomes resolved to indices, and free places after pinned
//! (accepted or in-progress) introductions.
//!
//! Built once per run; never serialised.

use std::collections::{BTreeMap, BTreeSet};

use super::config::MatchConfig;
use super::model::{
    Household, HouseholdId, OptionKind, Outcome, Person, PersonId, Resident, Scenario, Scheme,
    Vacancy, VacancyId,
};
use crate::geo::LatLon;
use crate::units::Pence;
use crate::{Error, Result};

/// One option a person can be placed in.
#[derive(Debug, Clone, Copy)]
pub enum OptionView<'a> {
    /// A place in a Shared Lives household.
    Household(&'a Household),
    /// A vacancy in a supported-living scheme.
    Vacancy(&'a Scheme, &'a Vacancy),
}

impl<'a> OptionView<'a> {
    /// Shared Lives or supported living.
    pub fn kind(&self) -> OptionKind {
        match self {
            OptionView::Household(_) => OptionKind::SharedLives,
            OptionView::Vacancy(..) => OptionKind::SupportedLiving,
        }
    }
    /// Location of the home.
    pub fn location(&self) -> LatLon {
        match self {
            OptionView::Household(h) => h.location,
            OptionView::Vacancy(s, _) => s.location,
        }
    }
    /// District, if given.
    pub fn district(&self) -> Option<&'a str> {
        match self {
            OptionView::Household(h) => h.district.as_deref(),
            OptionView::Vacancy(s, _) => s.district.as_deref(),
        }
    }
    /// People already living there.
    pub fn residents(&self) -> &'a [Resident] {
        match self {
            OptionView::Household(h) => &h.occupants,
            OptionView::Vacancy(s, _) => &s.tenants,
        }
    }
    /// A short label: `household H01` or `vacancy V3 at scheme S1`.
    pub fn label(&self) -> String {
        match self {
            OptionView::Household(h) => format!("household {}", h.id),
            OptionView::Vacancy(s, v) => format!("vacancy {} at scheme {}", v.id, s.id),
        }
    }
    /// "households" or "vacancies", for aggregated explanations.
    pub fn noun(kind: OptionKind, n: usize) -> &'static str {
        match (kind, n) {
            (OptionKind::SharedLives, 1) => "household",
            (OptionKind::SharedLives, _) => "households",
            (OptionKind::SupportedLiving, 1) => "vacancy",
            (OptionKind::SupportedLiving, _) => "vacancies",
        }
    }
}

/// The indexed scenario.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The run settings.
    pub cfg: &'a MatchConfig,
    /// `as_of` as a day number.
    pub as_of: Option<i64>,
    /// Options: households first (in input order), then vacancies scheme by scheme.
    pub options: Vec<OptionView<'a>>,
    /// Home (household or scheme) index of each option; vacancies of one
    /// scheme share a home.
    pub home_of: Vec<usize>,
    /// Number of homes (households + schemes).
    pub homes: usize,
    /// Need bit mask per person.
    pub person_needs: Vec<u32>,
    /// Approved / supported need mask per option.
    pub option_needs: Vec<u32>,
    /// Places per option before any introduction (household places minus
    /// occupants; 1 per vacancy).
    pub base_capacity: Vec<u32>,
    /// Option each person is pinned to by an accepted or in-progress introduction.
    pub pinned: Vec<Option<(usize, Outcome)>>,
    /// Places left per option after pinned people take theirs.
    pub free_capacity: Vec<u32>,
    /// Declined (person, option) pairs.
    pub declined: BTreeSet<(usize, usize)>,
    /// Pinned people per home (they count as housemates for newcomers).
    pub pinned_at_home: Vec<Vec<usize>>,
    /// Person index by id.
    pub person_index: BTreeMap<&'a PersonId, usize>,
    /// Option index by household id.
    pub household_index: BTreeMap<&'a HouseholdId, usize>,
    /// Option index by vacancy id.
    pub vacancy_index: BTreeMap<&'a VacancyId, usize>,
}

/// Bit mask of a list of needs.
pub fn need_mask(needs: &[super::model::Need]) -> u32 {
    needs.iter().fold(0, |m, n| m | n.bit())
}

impl<'a> Ctx<'a> {
    /// Indexes a scenario that has passed validation.
    pub fn new(scenario: &'a Scenario, cfg: &'a MatchConfig) -> Result<Self> {
        let mut options = Vec::new();
        let mut home_of = Vec::new();
        let mut option_needs = Vec::new();
        let mut base_capacity = Vec::new();
        let mut household_index = BTreeMap::new();
        let mut vacancy_index = BTreeMap::new();
        for (i, h) in scenario.households.iter().enumerate() {
            household_index.insert(&h.id, options.len());
            options.push(OptionView::Household(h));
            home_of.push(i);
            option_needs.push(need_mask(&h.approvals));
            base_capacity.push(h.places.saturating_sub(h.occupants.len() as u32));
        }
        for (j, s) in scenario.schemes.iter().enumerate() {
            for v in &s.vacancies {
                vacancy_index.insert(&v.id, options.len());
                options.push(OptionView::Vacancy(s, v));
                home_of.push(scenario.households.len() + j);
                option_needs.push(need_mask(&s.needs_supported));
                base_capacity.push(1);
            }
        }
        let homes = scenario.households.len() + scenario.schemes.len();
        let person_index: BTreeMap<_, _> = scenario
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        let person_needs = scenario
            .people
            .iter()
            .map(|p| need_mask(&p.needs))
            .collect();
        let mut pinned = vec![None; scenario.people.len()];
        let mut declined = BTreeSet::new();
        for intro in &scenario.introductions {
            let p = *person_index
                .get(&intro.person)
                .ok_or(Error::Internal("introduction names an unknown person"))?;
            let o = match (&intro.household, &intro.vacancy) {
                (Some(h), None) => household_index.get(h).copied(),
                (None, Some(v)) => vacancy_index.get(v).copied(),
                _ => None,
            }
            .ok_or(Error::Internal("introduction names an unknown option"))?;
            match intro.outcome {
                Outcome::Declined => {
                    declined.insert((p, o));
                }
                Outcome::Accepted | Outcome::InProgress => {
                    // Validation guarantees at most one pin per person.
                    pinned[p] = Some((o, intro.outcome));
                }
            }
        }
        let mut free_capacity = base_capacity.clone();
        let mut pinned_at_home = vec![Vec::new(); homes];
        for (p, pin) in pinned.iter().enumerate() {
            if let Some((o, _)) = pin {
                free_capacity[*o] = free_capacity[*o].saturating_sub(1);
                pinned_at_home[home_of[*o]].push(p);
            }
        }
        let as_of = scenario.as_of.as_ref().and_then(|d| d.day_number());
        Ok(Ctx {
            scenario,
            cfg,
            as_of,
            options,
            home_of,
            homes,
            person_needs,
            option_needs,
            base_capacity,
            pinned,
            free_capacity,
            declined,
            pinned_at_home,
            person_index,
            household_index,
            vacancy_index,
        })
    }

    /// The person at index `p`.
    pub fn person(&self, p: usize) -> &'a Person {
        &self.scenario.people[p]
    }

    /// Weekly cost of placing someone in option `o` for their arrangement.
    pub fn option_weekly_cost(&self, p: usize, o: usize) -> Pence {
        super::cost::placement_weekly_cost(self.person(p), &self.options[o], &self.cfg.costs)
    }

    /// The scheme index (into `scenario.schemes`) of a home, if it is a scheme.
    pub fn scheme_of_home(&self, home: usize) -> Option<&'a Scheme> {
        home.checked_sub(self.scenario.households.len())
            .and_then(|j| self.scenario.schemes.get(j))
    }
}
