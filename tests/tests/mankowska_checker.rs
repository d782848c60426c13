//! The independent Mankowska checker agrees with the 70 best published
//! solutions (Ceschia et al.): all feasible, with the published distance,
//! tardiness and cost; and the text and JSON readers agree.

use carematch::formats::mankowska::{self, Sync};

fn dir() -> String {
    format!("{}/data/mankowska", env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    let p = format!("{}/{path}", dir());
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// (instance stem, distance, max tardiness, total tardiness, cost, solution file)
fn table() -> Vec<(String, f64, f64, f64, f64, String)> {
    read("best-ceschia2024.md")
        .lines()
        .filter(|l| l.starts_with("| Instanz"))
        .map(|l| {
            let f: Vec<&str> = l.split('|').map(str::trim).collect();
            let num = |i: usize| f[i].parse::<f64>().expect("number");
            (
                f[1].trim_end_matches(".json").to_string(),
                num(2),
                num(3),
                num(4),
                num(5),
                f[6].to_string(),
            )
        })
        .collect()
}

#[test]
fn best_published_solutions_check_out() {
    let rows = table();
    assert_eq!(rows.len(), 70);
    for (name, dist, max_t, total_t, cost, sol_file) in rows {
        let inst = mankowska::parse(&read(&format!("instances-json/{name}.json"))).unwrap();
        let ids = mankowska::service_ids(&inst);
        let sol = mankowska::parse_solution_json(
            &inst,
            &read(&format!("best-solutions-json/{sol_file}")),
            &ids,
        )
        .unwrap();
        let c = mankowska::check(&inst, &sol);
        assert!(c.feasible, "{name}: {:?}", c.violations);
        let close = |a: f64, b: f64| (a - b).abs() <= 2e-3 * b.abs().max(1.0);
        assert!(
            close(c.distance, dist),
            "{name}: distance {} vs {dist}",
            c.distance
        );
        assert!(
            close(c.max_tardiness, max_t),
            "{name}: max {} vs {max_t}",
            c.max_tardiness
        );
        assert!(
            close(c.total_tardiness, total_t),
            "{name}: total {} vs {total_t}",
            c.total_tardiness
        );
        assert!(close(c.cost, cost), "{name}: cost {} vs {cost}", c.cost);
    }
}

#[test]
fn checker_catches_broken_synchronisation_and_qualifications() {
    let name = "InstanzCPLEX_HCSRP_10_1";
    let inst = mankowska::parse(&read(&format!("instances-json/{name}.json"))).unwrap();
    let file = table().into_iter().find(|r| r.0 == name).unwrap().5;
    let sol = mankowska::parse_solution_json(
        &inst,
        &read(&format!("best-solutions-json/{file}")),
        &mankowska::service_ids(&inst),
    )
    .unwrap();
    assert!(mankowska::check(&inst, &sol).feasible);
    // p8 (index 7) needs s5 and s6 at the same time: delay one of them.
    let mut broken = sol.clone();
    let stop = broken
        .iter_mut()
        .flatten()
        .find(|v| v.patient == 7)
        .unwrap();
    stop.start += 1.0;
    let c = mankowska::check(&inst, &broken);
    assert!(
        c.violations.iter().any(|v| v.contains("simultaneous")),
        "{:?}",
        c.violations
    );
    // p9 (index 8): s4 must start 51..102 after s1.
    let mut broken = sol.clone();
    for v in broken
        .iter_mut()
        .flatten()
        .filter(|v| v.patient == 8 && v.service == 3)
    {
        v.start += 60.0;
    }
    let c = mankowska::check(&inst, &broken);
    assert!(
        c.violations.iter().any(|v| v.contains("gap")),
        "{:?}",
        c.violations
    );
    // Give caregiver 2's route to caregiver 1, who lacks s5/s6.
    let mut broken = sol.clone();
    broken.swap(0, 1);
    let c = mankowska::check(&inst, &broken);
    assert!(
        c.violations.iter().any(|v| v.contains("qualified")),
        "{:?}",
        c.violations
    );
    // Drop a visit.
    let mut broken = sol;
    broken[2].pop();
    assert!(!mankowska::check(&inst, &broken).feasible);
}

#[test]
fn text_and_json_readers_agree() {
    let mut names: Vec<String> = std::fs::read_dir(format!("{}/instances-txt", dir()))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 70);
    for file in names.iter().step_by(7) {
        let stem = file.trim_end_matches(".txt");
        let t = mankowska::parse(&read(&format!("instances-txt/{file}"))).unwrap();
        let j = mankowska::parse(&read(&format!("instances-json/{stem}.json"))).unwrap();
        assert_eq!(t.patients, j.patients, "{stem}");
        assert_eq!(t.qualified, j.qualified, "{stem}");
        assert_eq!(t.dist.len(), j.dist.len());
        for (a, b) in t.dist.iter().zip(&j.dist) {
            assert!((a - b).abs() < 1e-3, "{stem}: {a} vs {b}");
        }
        assert!(
            t.patients
                .iter()
                .any(|p| p.sync == Some(Sync::Simultaneous))
        );
    }
}
