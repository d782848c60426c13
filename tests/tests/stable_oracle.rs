//! Differential test of stable matching against the oracle files
//! `cap-*.stable.expected.json` (computed by the Python `matching` library).
//!
//! Both preference variants (`symmetric`: both sides rank by `score`;
//! `two_sided`: people by `person_pref`, carers by `carer_pref`) and both
//! side-optimal matchings are compared exactly: each is unique.

use carematch::algo::stable_matching::{
    PreferenceLists, Proposer, ScoredPair, blocking_pairs, deferred_acceptance,
    preferences_from_scores,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = carematch_e2e::data_dir().join("oracles").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_i64().expect("integer"))
        .collect()
}

struct Instance {
    people: usize,
    capacity: Vec<u32>,
    person: Vec<i64>,
    carer: Vec<i64>,
    score: Vec<i64>,
    person_pref: Vec<i64>,
    carer_pref: Vec<i64>,
}

impl Instance {
    fn read(name: &str) -> Self {
        let d = load(name);
        assert_eq!(d["schema"], "carematch.anchor.capacitated/v1");
        let pairs = &d["pairs"];
        Instance {
            people: d["people"]["age"].as_array().expect("people.age").len(),
            capacity: ints(&d["carers"]["capacity"])
                .into_iter()
                .map(|c| u32::try_from(c).expect("capacity"))
                .collect(),
            person: ints(&pairs["person"]),
            carer: ints(&pairs["carer"]),
            score: ints(&pairs["score"]),
            person_pref: ints(&pairs["person_pref"]),
            carer_pref: ints(&pairs["carer_pref"]),
        }
    }

    fn lists(&self, row_key: &[i64], col_key: &[i64]) -> PreferenceLists {
        let pairs = (0..self.person.len()).map(|k| ScoredPair {
            row: self.person[k] as usize,
            col: self.carer[k] as usize,
            row_score: row_key[k],
            col_score: col_key[k],
        });
        preferences_from_scores(self.people, self.capacity.clone(), pairs).expect("valid pairs")
    }

    fn total_score(&self, m: &[Option<usize>]) -> i64 {
        (0..self.person.len())
            .filter(|&k| m[self.person[k] as usize] == Some(self.carer[k] as usize))
            .map(|k| self.score[k])
            .sum()
    }
}

fn check(instance: &str, expected: &str) {
    let inst = Instance::read(instance);
    let exp = load(expected);
    assert_eq!(exp["instance"], instance);
    // The tie-break our preferences_from_scores documents; fail loudly if the
    // oracle was made with another one.
    assert_eq!(
        exp["tie_break"],
        "person lists: score desc then carer id asc; carer lists: score desc then person id asc"
    );
    for (variant, lists) in [
        ("symmetric", inst.lists(&inst.score, &inst.score)),
        ("two_sided", inst.lists(&inst.person_pref, &inst.carer_pref)),
    ] {
        for (side, proposer) in [
            ("resident_optimal", Proposer::Rows),
            ("hospital_optimal", Proposer::Cols),
        ] {
            let want = &exp["variants"][variant][side];
            let m = deferred_acceptance(&lists, proposer).expect("valid lists");
            assert!(
                blocking_pairs(&lists, &m).is_empty(),
                "{instance} {variant} {side}: blocking pairs"
            );
            let got: Vec<i64> = m.iter().map(|c| c.map_or(-1, |c| c as i64)).collect();
            assert_eq!(
                got,
                ints(&want["assignment"]),
                "{instance} {variant} {side}: assignment"
            );
            let placed = m.iter().filter(|c| c.is_some()).count() as i64;
            assert_eq!(placed, want["placed"].as_i64().expect("placed"));
            assert_eq!(
                inst.total_score(&m),
                want["total_score"].as_i64().expect("total_score"),
                "{instance} {variant} {side}: total score"
            );
        }
    }
}

#[test]
fn stable_cap_100x40() {
    check("cap-100x40.json", "cap-100x40.stable.expected.json");
}

#[test]
fn stable_cap_1000x400() {
    check("cap-1000x400.json", "cap-1000x400.stable.expected.json");
}
