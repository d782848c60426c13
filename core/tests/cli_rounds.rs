//! Output contracts of `carematch solomon`, `mankowska`, `sample-rounds` and
//! `rounds`.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_carematch"))
}

fn data(path: &str) -> String {
    format!("{}/../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> (bool, String, String) {
    let out = cmd.output().expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `key=value` pairs of a line.
fn fields(line: &str) -> Vec<(&str, &str)> {
    line.split_whitespace()
        .filter_map(|f| f.split_once('='))
        .collect()
}

#[test]
fn solomon_prints_routes_and_a_checked_summary() {
    let (ok, out, err) = run(bin()
        .arg("solomon")
        .arg(data("solomon/instances/C101.txt"))
        .args(["--seconds", "20", "--seed", "3", "--iterations", "200"])
        .args(["--convention", "dimacs", "--objective", "distance"]));
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let last = fields(lines.last().expect("output"));
    assert_eq!(
        last.iter().map(|f| f.0).collect::<Vec<_>>(),
        ["vehicles", "distance", "feasible"]
    );
    assert_eq!(last[2].1, "true");
    let vehicles: usize = last[0].1.parse().expect("vehicle count");
    let routes = &lines[..lines.len() - 1];
    assert_eq!(routes.len(), vehicles);
    let mut seen: Vec<u32> = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        let prefix = format!("Route {} : ", i + 1);
        let rest = r.strip_prefix(&prefix).expect("route line format");
        seen.extend(
            rest.split(' ')
                .map(|c| c.parse::<u32>().expect("customer number")),
        );
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=100).collect::<Vec<u32>>());
}

#[test]
fn mankowska_prints_the_objective_last() {
    let (ok, out, err) = run(bin()
        .arg("mankowska")
        .arg(data("mankowska/instances-txt/InstanzCPLEX_HCSRP_10_1.txt"))
        .args(["--seconds", "20", "--seed", "1", "--iterations", "200"]));
    assert!(ok, "{err}");
    let last = fields(out.lines().last().expect("output"));
    assert_eq!(
        last.iter().map(|f| f.0).collect::<Vec<_>>(),
        ["distance", "total_tardiness", "max_tardiness", "cost"]
    );
    let v: Vec<f64> = last.iter().map(|f| f.1.parse().expect("number")).collect();
    assert!((v[3] - (v[0] + v[1] + v[2]) / 3.0).abs() < 2e-3, "{v:?}");
    assert!(out.contains("feasible=true"));
}

#[test]
fn sample_then_plan_a_rounds_file() {
    let dir = std::env::temp_dir().join(format!("carematch-cli-rounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("day.json");
    let (ok, _, err) = run(bin()
        .args([
            "sample-rounds",
            "--visits",
            "40",
            "--workers",
            "5",
            "--seed",
            "4",
            "-o",
        ])
        .arg(&file));
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&file).expect("sample written");
    let input = carematch::rounds::validate_rounds(&text).expect("sample is valid");
    assert_eq!(input, carematch::rounds::sample_rounds(40, 5, 4));

    let plan_file = dir.join("plan.json");
    let (ok, _, err) = run(bin()
        .arg("rounds")
        .arg(&file)
        .args(["--seconds", "20", "--iterations", "200", "-o"])
        .arg(&plan_file));
    assert!(ok, "{err}");
    assert!(err.contains("feasible=true"), "{err}");
    let plan: carematch::rounds::RoundsPlan =
        serde_json::from_str(&std::fs::read_to_string(&plan_file).expect("plan written"))
            .expect("plan JSON");
    assert!(carematch::rounds::check::check_plan(&input, &plan).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_files_give_clear_errors() {
    let dir = std::env::temp_dir().join(format!("carematch-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"visits": [{"id": "V1", "client": "C", "location": {"lat": 53, "lon": -1},
            "windows": [{"earliest": "10:00", "latest": "09:00"}], "duration": 30, "skills": ["x"]}],
            "workers": []}"#,
    )
    .expect("write");
    let (ok, _, err) = run(bin().arg("rounds").arg(&file));
    assert!(!ok);
    assert!(err.contains("visit V1"), "{err}");
    assert!(
        err.contains("bad_window") && err.contains("unknown_skill"),
        "{err}"
    );
    let (ok, _, err) = run(bin().arg("solomon").arg(&file));
    assert!(!ok);
    assert!(err.contains("bad_instance"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The contract line of `carematch rounds`: exact keys, numbers that add up.
fn rounds_line(out: &str) -> Vec<(String, f64)> {
    let last = fields(out.lines().last().expect("output"));
    assert_eq!(
        last.iter().map(|f| f.0).collect::<Vec<_>>(),
        [
            "visits",
            "planned",
            "unplanned",
            "late",
            "travel_min",
            "workers_used",
            "continuity"
        ]
    );
    last.iter()
        .map(|(k, v)| (k.to_string(), v.parse::<f64>().expect("number")))
        .collect()
}

#[test]
fn a_week_is_sampled_planned_and_offered_a_discharge_package() {
    let dir = std::env::temp_dir().join(format!("carematch-cli-week-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("week.json");
    let (ok, _, err) = run(bin()
        .args([
            "sample-rounds",
            "--days",
            "2",
            "--visits",
            "20",
            "--workers",
            "4",
        ])
        .args(["--seed", "3", "-o"])
        .arg(&file));
    assert!(ok, "{err}");
    let plan_file = dir.join("plan.json");
    let (ok, out, err) = run(bin()
        .arg("rounds")
        .arg(&file)
        .args(["--seconds", "20", "--iterations", "20", "-o"])
        .arg(&plan_file));
    assert!(ok, "{err}");
    let line = rounds_line(&out);
    assert_eq!(line[0].1, line[1].1 + line[2].1);
    let plan: carematch::rounds::week::WeekPlan =
        serde_json::from_str(&std::fs::read_to_string(&plan_file).expect("plan")).expect("JSON");
    assert_eq!(line[1].1 as usize, plan.summary.planned);
    let week = plan.week.clone().expect("the plan carries its week");
    assert!(carematch::rounds::week::check::check_week(&week, &plan).is_empty());

    let package = dir.join("package.json");
    let c = &week.clients[0];
    std::fs::write(
        &package,
        format!(
            r#"{{"client": {{"id": "NEW", "location": {{"lat": {}, "lon": {}}},
                "visits": [{{"id": "am", "windows": [{{"earliest": "08:00", "latest": "10:00"}}], "duration": 30}},
                           {{"id": "tea", "windows": [{{"earliest": "16:00", "latest": "18:00"}}], "duration": 30}}]}},
                "discharge": {{"date": "{}", "time": "11:00"}}}}"#,
            c.location.lat, c.location.lon, week.start_date
        ),
    )
    .expect("write package");
    let (ok, out, err) = run(bin().arg("discharge").arg(&plan_file).arg(&package).args([
        "--within-hours",
        "48",
        "--iterations",
        "10",
        "--seconds-per-day",
        "5",
    ]));
    assert!(ok, "{err}");
    let last = out.lines().last().expect("output");
    let f = fields(last);
    assert_eq!(
        f.iter().map(|x| x.0).collect::<Vec<_>>(),
        ["options", "earliest_start", "extra_cost"]
    );
    let n: usize = f[0].1.parse().expect("count");
    assert!(n >= 1, "{out}");
    // `earliest_start=YYYY-MM-DD HH:MM`: the time is the next word.
    let time = last.split_whitespace().nth(2).expect("time");
    assert!(
        f[1].1.starts_with(&week.start_date.to_string()[..4]) && time.len() == 5,
        "{last}"
    );
    f[2].1.parse::<i64>().expect("pence");
    assert_eq!(out.lines().filter(|l| l.starts_with("option ")).count(), n);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_day_prints_the_same_contract_line() {
    let dir = std::env::temp_dir().join(format!("carematch-cli-dayline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("day.json");
    let (ok, _, err) = run(bin()
        .args([
            "sample-rounds",
            "--visits",
            "30",
            "--workers",
            "3",
            "--seed",
            "2",
            "-o",
        ])
        .arg(&file));
    assert!(ok, "{err}");
    let (ok, out, err) =
        run(bin()
            .arg("rounds")
            .arg(&file)
            .args(["--seconds", "20", "--iterations", "20"]));
    assert!(ok, "{err}");
    let line = rounds_line(&out);
    assert_eq!(line[0].1, 30.0);
    assert_eq!(line[0].1, line[1].1 + line[2].1);
    let _ = std::fs::remove_dir_all(&dir);
}
