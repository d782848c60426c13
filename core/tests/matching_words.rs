//! No internal code in any text a person reads: every string of a matching
//! run's output (placements' "why", runner-up and backup notes, score notes,
//! explanations, nearest misses, chains, method) and of shortlists is
//! scanned for snake_case codes such as `carer_gender` or `re_solve`. Codes
//! stay in their own fields (`name`, `rule`, `kind`, `status`,
//! `confirmed_by`), next to the words.
#![allow(clippy::unwrap_used)] // test helpers may unwrap

use carematch::matching::{
    self, MatchConfig, SampleOptions, SampleProfile, Scenario, component_words,
};
use serde_json::Value;

/// Fields that hold a code or an id on purpose (each has words beside it).
const CODE_FIELDS: &[&str] = &[
    "kind",
    "status",
    "name",
    "rule",
    "confirmed_by",
    "objective",
    "person",
    "household",
    "scheme",
    "vacancy",
    "id",
];

/// A snake_case word: letters or digits joined by underscores.
fn codes_in(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| {
            let parts: Vec<&str> = w.split('_').collect();
            parts.len() > 1 && parts.iter().all(|p| !p.is_empty())
        })
        .map(str::to_owned)
        .collect()
}

/// Every (field, text, code) found in words fields of `v`.
fn leaks(v: &Value, field: &str, out: &mut Vec<(String, String, String)>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaks(x, k, out)),
        Value::Array(a) => a.iter().for_each(|x| leaks(x, field, out)),
        Value::String(s) if !CODE_FIELDS.contains(&field) => {
            for c in codes_in(s) {
                out.push((field.to_owned(), s.clone(), c));
            }
        }
        _ => {}
    }
}

fn scan(s: &Scenario, what: &str) -> usize {
    let cfg = MatchConfig::default();
    let result = matching::match_scenario(s, &cfg).unwrap();
    let mut found = Vec::new();
    leaks(&serde_json::to_value(&result).unwrap(), "", &mut found);
    for p in s.people.iter().take(8) {
        let list = matching::shortlist(s, &cfg, &p.id, 5).unwrap();
        leaks(&serde_json::to_value(&list).unwrap(), "", &mut found);
    }
    assert!(
        found.is_empty(),
        "{what}: {} internal code(s) in texts, e.g. {:?}",
        found.len(),
        &found[..found.len().min(3)]
    );
    // The scan must have had texts to read: placements with their "why",
    // components named in words, and (for the realistic county) chains.
    assert!(!result.placements.is_empty());
    for pl in &result.placements {
        for c in pl.score.strongest(3) {
            assert!(pl.why.contains(&component_words(&c.name)), "{}", pl.why);
        }
    }
    result.chains.len()
}

#[test]
fn no_internal_codes_in_any_text_of_a_sample_run() {
    // The detector finds what it must (so an empty scan means something).
    assert_eq!(
        codes_in("strongest: carer_gender 15/15 (re_solve)"),
        ["carer_gender", "re_solve"]
    );
    assert!(codes_in("room S007/room-of-P0003 at scheme own-tenancy/P0003, _x").is_empty());
    let chains = scan(
        &matching::sample_county(&SampleOptions::default()),
        "realistic sample",
    );
    assert!(
        chains > 0,
        "the realistic sample has move-on chains to read"
    );
    let generous = SampleOptions {
        profile: SampleProfile::Generous,
        people: 60,
        households: 25,
        schemes: None,
        seed: 7,
    };
    scan(&matching::sample_county(&generous), "generous sample");
}
