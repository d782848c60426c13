//! Matching rules as small named units.
//!
//! A **hard rule** ([`HardRule`]) can exclude an option for a person and says
//! why in words a placement officer would use ("not approved for dementia").
//! A **soft rule** ([`SoftRule`]) gives a raw fit from 0 to 100 that is turned
//! into points by its weight from [`super::Weights`]; the points of all soft
//! rules form the [`super::ScoreBreakdown`] of a pair.
//!
//! The lists [`HARD_RULES`] and [`SOFT_RULES`] fix the order in which rules
//! are checked and reported; cheap, commonly failing rules come first so the
//! planner can stop at the first failure.

mod hard;
mod soft;

pub use hard::*;
pub use soft::*;

use super::context::{Ctx, OptionView};
use super::model::{Arrangement, Need, Person, PlaceKind, SupportLevel};

/// A person–option pair under consideration.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'c, 'a> {
    /// The indexed scenario.
    pub ctx: &'c Ctx<'a>,
    /// Person index.
    pub p: usize,
    /// Option index.
    pub o: usize,
}

impl<'c, 'a> Candidate<'c, 'a> {
    /// The person.
    pub fn person(&self) -> &'a Person {
        self.ctx.person(self.p)
    }
    /// The option.
    pub fn option(&self) -> OptionView<'a> {
        self.ctx.options[self.o]
    }
    /// Straight-line distance between the person's home and the option, in km.
    pub fn distance_km(&self) -> f64 {
        self.person().home.distance_m(&self.option().location()) / 1000.0
    }
}

/// Why a hard rule excluded an option, without allocating: rules run for
/// every person–option pair, and the words are only needed for output
/// (see the `Display` impl). The text is the same for similar options, so
/// reasons can be counted across options ("not approved for dementia").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// A fixed sentence.
    Fixed(&'static str),
    /// The arrangement wanted is not offered.
    NotOffered(Arrangement),
    /// Not approved for this need.
    NotApproved(Need),
    /// The person's age is not taken.
    Age(u32),
    /// The household cannot give this support level.
    SupportLevel(SupportLevel),
    /// Not enough spare support hours for this many hours a week.
    SupportHours(u32),
    /// Beyond the maximum move distance.
    TooFar,
    /// Over this many minutes from this kind of important place.
    Travel(u32, PlaceKind),
    /// A resident cannot live with someone with this need.
    ResidentNeed(Need),
}

impl Reason {
    /// The reason in words, using the run's maximum move distance.
    pub fn text(&self, max_move_km: f64) -> String {
        match self {
            Reason::Fixed(s) => (*s).to_owned(),
            Reason::NotOffered(a) => format!("does not offer {}", a.label()),
            Reason::NotApproved(n) => format!("not approved for {}", n.label()),
            Reason::Age(a) => format!("does not take people aged {a}"),
            Reason::SupportLevel(l) => format!(
                "cannot give {} support",
                match l {
                    SupportLevel::Low => "low",
                    SupportLevel::Moderate => "moderate",
                    SupportLevel::High => "high",
                }
            ),
            Reason::SupportHours(h) => {
                format!("not enough spare support hours ({h} h/week needed)")
            }
            Reason::TooFar => format!("more than {max_move_km} km from home"),
            Reason::Travel(m, k) => format!("over {m} min from {}", k.label()),
            Reason::ResidentNeed(n) => {
                format!("a resident cannot live with someone with {}", n.label())
            }
        }
    }
}

/// Why a hard rule excluded an option.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exclusion {
    /// The rule's name (e.g. `needs_approved`).
    pub rule: &'static str,
    /// A short reason that is the same for similar options, so reasons can be
    /// counted across options ("not approved for dementia").
    pub reason: String,
}

/// A rule that can rule an option out for a person.
pub trait HardRule: Sync {
    /// Stable snake_case name, used in results and explanations.
    fn name(&self) -> &'static str;
    /// One sentence saying what the rule requires.
    fn description(&self) -> &'static str;
    /// `Some(reason)` when the option is excluded for the person.
    fn check(&self, c: &Candidate) -> Option<Reason>;
}

/// A rule that scores how well an option fits a person.
pub trait SoftRule: Sync {
    /// Stable snake_case name, used in score breakdowns.
    fn name(&self) -> &'static str;
    /// One sentence saying what the rule rewards.
    fn description(&self) -> &'static str;
    /// The weight (points at a perfect fit) from the run's settings.
    fn weight(&self, w: &super::Weights) -> i64;
    /// How well the pair fits, 0..=100.
    fn raw(&self, c: &Candidate) -> i64;
    /// A short note explaining the raw value (only built for output).
    fn note(&self, c: &Candidate, raw: i64) -> String;
    /// True when the person stated no preference this rule could use, so it
    /// gives full marks to every option and says nothing about the choice.
    fn neutral(&self, _c: &Candidate) -> bool {
        false
    }
}

/// Every hard rule, in checking order.
pub static HARD_RULES: &[&dyn HardRule] = &[
    &DeclinedIntroduction,
    &KeptForSomeoneElse,
    &HasFreePlace,
    &ArrangementOffered,
    &SessionsOffered,
    &NeedsApproved,
    &AcceptsAge,
    &SupportCanBeMet,
    &SupportModelFits,
    &SingleGenderHouse,
    &PetsCompatible,
    &SmokingCompatible,
    &ChildrenCompatible,
    &AccessibleRoom,
    &Availability,
    &WithinArea,
    &TravelToImportantPlace,
    &MustNotLiveWith,
    &TenantCompatibility,
];

/// Every soft rule, in reporting order.
pub static SOFT_RULES: &[&dyn SoftRule] = &[
    &PlacementValue,
    &Distance,
    &SameArea,
    &Interests,
    &Language,
    &Faith,
    &CarerGender,
    &HouseholdType,
    &Experience,
    &CostSaving,
    &Urgency,
    &TenantFit,
    &EnSuite,
];

/// Whether every hard rule accepts the pair (the fast path: no words built).
pub fn feasible(c: &Candidate) -> bool {
    HARD_RULES.iter().all(|r| r.check(c).is_none())
}

/// The first hard rule that excludes the pair, if any.
pub fn first_exclusion(c: &Candidate) -> Option<Exclusion> {
    let max = c.ctx.cfg.thresholds.max_move_km;
    HARD_RULES.iter().find_map(|r| {
        r.check(c).map(|reason| Exclusion {
            rule: r.name(),
            reason: reason.text(max),
        })
    })
}

/// Every hard rule that excludes the pair.
pub fn all_exclusions(c: &Candidate) -> Vec<Exclusion> {
    let max = c.ctx.cfg.thresholds.max_move_km;
    HARD_RULES
        .iter()
        .filter_map(|r| {
            r.check(c).map(|reason| Exclusion {
                rule: r.name(),
                reason: reason.text(max),
            })
        })
        .collect()
}

/// Total score of a pair without building the breakdown (fast path).
pub fn score_total(c: &Candidate) -> i64 {
    let w = &c.ctx.cfg.weights;
    SOFT_RULES
        .iter()
        .map(|r| r.weight(w) * r.raw(c) / 100)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::LatLon;
    use crate::matching::model::*;
    use crate::matching::{MatchConfig, Scenario};

    fn person() -> Person {
        Person {
            id: PersonId::new("P1"),
            name: None,
            age: 30,
            gender: Some(Gender::Female),
            needs: vec![Need::LearningDisability],
            support_level: SupportLevel::Moderate,
            support_hours_per_week: 4,
            home: LatLon::new(53.0, -1.1),
            district: Some("Gedling".into()),
            pcn: None,
            travel_mode: crate::geo::TravelMode::Car,
            important_places: vec![ImportantPlace {
                kind: PlaceKind::DayService,
                name: None,
                location: LatLon::new(53.01, -1.1),
                max_travel_minutes: 30,
            }],
            arrangement: Arrangement::LongTerm,
            dates: None,
            needed_by: Some(Date::new("2025-05-01")),
            current_setting: Setting::FamilyHome,
            current_weekly_cost: None,
            counterfactual_setting: None,
            smokes: false,
            preferences: Preferences {
                pets_ok: Some(false),
                smoking_ok: Some(false),
                children_ok: Some(false),
                wheelchair_access: true,
                interests: vec!["gardening".into(), "music".into()],
                languages: vec!["Polish".into(), "English".into()],
                faith: Some("Christian".into()),
                carer_gender: Some(Gender::Female),
                ..Preferences::default()
            },
            sessions: Vec::new(),
            night_support: None,
            holds: None,
            ready_for_own_tenancy: false,
        }
    }

    fn household() -> Household {
        Household {
            id: HouseholdId::new("H1"),
            name: None,
            location: LatLon::new(53.0, -1.12),
            district: Some("Gedling".into()),
            pcn: None,
            approvals: vec![Need::LearningDisability],
            places: 2,
            occupants: vec![],
            offers: vec![Arrangement::LongTerm],
            pets: false,
            smokers: false,
            children: false,
            accessible_rooms: 1,
            ground_floor_bedroom: true,
            en_suite: false,
            carer_genders: vec![Gender::Female],
            interests: vec!["gardening".into()],
            languages: vec!["English".into()],
            faith: Some("Christian".into()),
            experience_years: 5,
            available_from: None,
            unavailable: vec![],
            accepts: Acceptance::default(),
            weekly_cost: None,
            bookings: Vec::new(),
            day_support_places: None,
            day_support_days: None,
        }
    }

    fn scenario(p: Person, h: Household) -> Scenario {
        Scenario {
            schema_version: SCHEMA_VERSION,
            name: None,
            as_of: Some(Date::new("2025-04-01")),
            people: vec![p],
            households: vec![h],
            schemes: vec![],
            introductions: vec![],
            learning_disability_population: None,
            shared_lives_ld_current: None,
        }
    }

    /// The scenario with its household replaced by a one-room scheme that
    /// passes every rule for the base person.
    fn with_scheme(s: &mut Scenario) {
        let h = s.households.remove(0);
        s.schemes.push(Scheme {
            id: SchemeId::new("S1"),
            name: None,
            location: h.location,
            district: None,
            pcn: None,
            needs_supported: h.approvals.clone(),
            support_model: SupportModel::CoreHours,
            support_hours_available: 40,
            night_cover: None,
            single_gender: None,
            min_age: None,
            max_age: None,
            weekly_cost: crate::units::Pence::from_pounds(700),
            vacancies: vec![Vacancy {
                id: VacancyId::new("V1"),
                accessible: true,
                ground_floor: true,
                en_suite: false,
                available_from: None,
                weekly_cost: None,
            }],
            tenants: vec![],
        });
    }

    fn exclusion(s: &Scenario) -> Option<Exclusion> {
        let cfg = MatchConfig::default();
        let ctx = Ctx::new(s, &cfg).unwrap();
        let c = Candidate {
            ctx: &ctx,
            p: 0,
            o: 0,
        };
        let all = all_exclusions(&c);
        let first = first_exclusion(&c);
        assert_eq!(first.as_ref(), all.first());
        first
    }

    fn resident(id: &str) -> Resident {
        Resident {
            id: PersonId::new(id),
            age: Some(35),
            gender: None,
            needs: vec![],
            smokes: false,
            not_with_needs: vec![],
            must_not_live_with: vec![],
            interests: vec![],
        }
    }

    #[test]
    fn the_base_pair_passes_every_hard_rule() {
        assert_eq!(exclusion(&scenario(person(), household())), None);
    }

    /// Each hard rule, alone, excludes the pair and says why.
    #[test]
    fn each_hard_rule_excludes_and_says_why() {
        type Change = fn(&mut Scenario);
        let cases: Vec<(&str, &str, Change)> = vec![
            ("declined_introduction", "declined at introduction", |s| {
                s.introductions.push(IntroductionOutcome {
                    person: PersonId::new("P1"),
                    household: Some(HouseholdId::new("H1")),
                    vacancy: None,
                    outcome: Outcome::Declined,
                })
            }),
            ("kept_for_someone_else", "the home they are leaving", |s| {
                s.people[0].holds = Some(HeldPlace {
                    household: Some(HouseholdId::new("H1")),
                    ..HeldPlace::default()
                })
            }),
            ("has_free_place", "no free place", |s| {
                s.households[0].occupants = vec![resident("O1"), resident("O2")]
            }),
            ("arrangement_offered", "does not offer day support", |s| {
                s.people[0].arrangement = Arrangement::DaySupport
            }),
            (
                "sessions_offered",
                "no day support on the weekdays needed",
                |s| {
                    s.people[0].arrangement = Arrangement::DaySupport;
                    s.people[0].sessions = vec![Session {
                        day: Weekday::Saturday,
                        hours: 8,
                    }];
                    s.households[0].offers.push(Arrangement::DaySupport);
                },
            ),
            ("needs_approved", "not approved for dementia", |s| {
                s.people[0].needs.push(Need::Dementia)
            }),
            ("accepts_age", "does not take people aged 30", |s| {
                s.households[0].accepts.min_age = Some(40)
            }),
            ("support_can_be_met", "cannot give moderate support", |s| {
                s.households[0].accepts.max_support_level = Some(SupportLevel::Low)
            }),
            (
                "support_model_fits",
                "no night support of the kind needed",
                |s| {
                    with_scheme(s);
                    s.people[0].night_support = Some(NightSupport::WakingNight);
                    s.schemes[0].night_cover = Some(NightSupport::SleepIn);
                },
            ),
            ("single_gender_house", "a house for another gender", |s| {
                with_scheme(s);
                s.schemes[0].single_gender = Some(Gender::Male);
            }),
            ("pets_compatible", "has pets", |s| {
                s.households[0].pets = true
            }),
            ("smoking_compatible", "smokers in the home", |s| {
                s.households[0].smokers = true
            }),
            ("children_compatible", "children in the home", |s| {
                s.households[0].children = true
            }),
            ("accessible_room", "no wheelchair-accessible room", |s| {
                s.households[0].accessible_rooms = 0
            }),
            ("availability", "not available in time", |s| {
                s.households[0].available_from = Some(Date::new("2025-06-01"))
            }),
            ("within_area", "more than 50 km from home", |s| {
                s.households[0].location = LatLon::new(53.9, -1.1);
                s.people[0].important_places.clear();
            }),
            (
                "travel_to_important_place",
                "over 30 min from day service",
                |s| s.people[0].important_places[0].location = LatLon::new(53.35, -1.1),
            ),
            (
                "must_not_live_with",
                "lives with someone they must not live with",
                |s| {
                    s.households[0].occupants = vec![resident("O1")];
                    s.people[0].preferences.must_not_live_with = vec![PersonId::new("O1")];
                },
            ),
            (
                "tenant_compatibility",
                "a resident cannot live with someone with learning disability",
                |s| {
                    let mut r = resident("O1");
                    r.not_with_needs = vec![Need::LearningDisability];
                    s.households[0].occupants = vec![r];
                },
            ),
        ];
        let mut seen = Vec::new();
        for (rule, reason, change) in cases {
            let mut s = scenario(person(), household());
            change(&mut s);
            let e = exclusion(&s).unwrap_or_else(|| panic!("{rule} did not exclude"));
            assert_eq!((e.rule, e.reason.as_str()), (rule, reason));
            seen.push(rule);
        }
        // Every registered hard rule has a case above.
        let all: Vec<&str> = HARD_RULES.iter().map(|r| r.name()).collect();
        assert_eq!(seen, all);
        assert!(HARD_RULES.iter().all(|r| !r.description().is_empty()));
    }

    #[test]
    fn short_break_dates_meet_carer_holidays() {
        let mut s = scenario(person(), household());
        s.people[0].arrangement = Arrangement::ShortBreak;
        s.people[0].dates = Some(DateRange {
            start: Date::new("2025-07-01"),
            end: Date::new("2025-07-05"),
        });
        s.households[0].offers.push(Arrangement::ShortBreak);
        assert_eq!(exclusion(&s), None);
        s.households[0].unavailable = vec![DateRange {
            start: Date::new("2025-07-05"),
            end: Date::new("2025-07-19"),
        }];
        assert_eq!(
            exclusion(&s).unwrap().reason,
            "carers away on the dates needed"
        );
    }

    #[test]
    fn soft_rules_score_the_fit() {
        let s = scenario(person(), household());
        let cfg = MatchConfig::default();
        let ctx = Ctx::new(&s, &cfg).unwrap();
        let c = Candidate {
            ctx: &ctx,
            p: 0,
            o: 0,
        };
        let raw = |name: &str| {
            SOFT_RULES
                .iter()
                .find(|r| r.name() == name)
                .map(|r| r.raw(&c))
                .unwrap()
        };
        assert_eq!(raw("placement"), 100);
        assert_eq!(raw("same_area"), 100);
        assert_eq!(raw("interests"), 50); // gardening of gardening, music
        assert_eq!(raw("language"), 50); // English is the second language
        assert_eq!(raw("faith"), 100);
        assert_eq!(raw("carer_gender"), 100);
        assert_eq!(raw("experience"), 50); // 5 of 10 years
        assert_eq!(raw("cost_saving"), 80); // £323 of £400
        assert_eq!(raw("urgency"), 0); // needed in 30 days, urgent within 28
        assert_eq!(raw("tenant_fit"), 50); // nobody living there
        // 1.36 km away, 25 km scale.
        assert_eq!(raw("distance"), 95);
        let total: i64 = crate::matching::score::breakdown(&c).total;
        assert_eq!(total, score_total(&c));
        assert!(SOFT_RULES.iter().all(|r| !r.description().is_empty()));
    }
}
