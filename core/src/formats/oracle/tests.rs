use super::*;

fn cap(body: &str) -> String {
    format!(r#"{{"schema":"{CAPACITATED_SCHEMA}","name":"t",{body}}}"#)
}

#[test]
fn reads_a_small_capacitated_instance() {
    let text = cap(
        r#""people":{"age":[30,40]},"carers":{"capacity":[1,2],"kind":[0,1]},
            "pairs":{"person":[0,1],"carer":[1,1],"score":[5,7],"person_pref":[1,2],"carer_pref":[3,4]}"#,
    );
    let inst = read_capacitated(&text).unwrap();
    assert_eq!(inst.people, 2);
    assert_eq!(inst.capacity, vec![1, 2]);
    assert_eq!(inst.pairs.len(), 2);
    assert_eq!(inst.pairs[1].score, 7);
    let p = inst.to_problem(Objective::MaxScore).unwrap();
    assert_eq!(p.cost_of(1, 1), Some(-7));
}

#[test]
fn lists_every_problem_at_once() {
    let text = cap(
        r#""people":{"age":[30,40],"area":[1]},"carers":{"capacity":[0,2]},
            "pairs":{"person":[0,5],"carer":[1,9],"score":[5,7],"person_pref":[1,2],"carer_pref":[3,4]}"#,
    );
    let err = read_capacitated(&text).unwrap_err();
    let codes: Vec<&str> = err.issues().iter().map(|i| i.code.as_str()).collect();
    assert!(codes.contains(&"column_length"), "{codes:?}");
    assert!(codes.contains(&"bad_capacity"), "{codes:?}");
    assert!(codes.contains(&"unknown_person"), "{codes:?}");
    assert!(codes.contains(&"unknown_carer"), "{codes:?}");
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"carers.capacity[0]"), "{paths:?}");
    assert!(paths.contains(&"pairs.carer[1]"), "{paths:?}");
}

#[test]
fn rejects_bad_dense_and_unknown_schema() {
    let err = read_instance(r#"{"schema":"x","n":1,"cost":[[1]]}"#).unwrap_err();
    assert_eq!(err.issues()[0].code, "unknown_schema");
    let err = read_instance(&format!(
        r#"{{"schema":"{DENSE_SCHEMA}","n":2,"cost":[[1,2],[3]]}}"#
    ))
    .unwrap_err();
    assert_eq!(err.issues()[0].path, "cost[1]");
    let err = read_instance("{").unwrap_err();
    assert_eq!(err.issues()[0].code, "bad_json");
    assert!(read_instance("").is_err());
    let d = read_dense(&format!(
        r#"{{"schema":"{DENSE_SCHEMA}","n":2,"cost":[[1,2],[3,4]]}}"#
    ))
    .unwrap();
    assert_eq!(d.at(1, 0), 3);
}
