//! The CLI as a script uses it: plain-mode sessions, exit codes, import
//! refusing bad text, JSON output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestEnv, questions};
use predicates::prelude::*;

const DAY1: &str = "2026-11-21";

#[test]
fn a_whole_plain_session_with_drills_bad_input_and_summary() {
    let env = TestEnv::new();
    // Card 1: 5. Card 2: bad line, then reveal, a bad grade, then 2 (drill).
    // Card 3: 4. Drill of card 2: 3 (again), then 4 (done).
    let input = "\n5\nhello\n\n9\n2\n\n4\n\n3\n\n4\n";
    let out = env
        .cmd(DAY1, &["review", "--plain", "--new", "3"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains("\"hello\": empty line to reveal"))
        .stderr(predicate::str::contains("\"9\": grade 0-5"));
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let shown = questions(&stdout);
    assert_eq!(shown.len(), 5, "{stdout}");
    assert_eq!(shown[3], shown[1], "the failed card comes back as a drill");
    assert_eq!(shown[4], shown[1], "and again until graded 4 or 5");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("A: ")).count(), 5);
    for row in [
        "복습한 카드 (reviewed)",
        "반복 연습 (drilled)",
        "내일 복습 (due tomorrow)",
    ] {
        assert!(stdout.contains(row), "{row}");
    }
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap()
            .to_string()
    };
    assert!(line("복습한 카드").contains(" 3 "));
    assert!(line("반복 연습").contains(" 2 "));
    assert!(line("맞힘").contains(" 2 "));
    // Drills changed nothing: the failed card is due tomorrow with n = 0.
    let failed = env.card(DAY1, &shown[1]);
    assert_eq!(failed["state"]["reps"], 0);
    assert_eq!(failed["state"]["due"], "2026-11-22");
    assert!((failed["state"]["ef"].as_f64().unwrap() - 2.18).abs() < 1e-9);
}

#[test]
fn end_of_input_ends_the_session_and_keeps_what_was_answered() {
    let env = TestEnv::new();
    let stdout = env.review(DAY1, &["--new", "5"], "\n4\n\n");
    assert_eq!(questions(&stdout).len(), 2);
    assert!(stdout.contains("오늘 남은 카드"));
    let log = env.json(DAY1, &["export", "--format", "json"]);
    let answered: usize = log["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["history"].as_array().unwrap().len())
        .sum();
    assert_eq!(answered, 1);
}

#[test]
fn suspend_and_bury_take_cards_out_of_today() {
    let env = TestEnv::new();
    let stdout = env.review(DAY1, &["--new", "2"], "s\nb\n");
    let shown = questions(&stdout);
    assert_eq!(shown.len(), 2);
    let suspended = env.card(DAY1, &shown[0]);
    assert_eq!(suspended["state"]["suspended"], true);
    // Buried: gone today, back tomorrow as a new card; suspended stays out.
    let today = env.review(DAY1, &["--new", "2"], "q\n");
    assert!(!questions(&today).contains(&shown[1]));
    let tomorrow = questions(&env.review("2026-11-22", &["--new", "2"], "\n4\nq\n"));
    assert!(tomorrow.contains(&shown[1]), "{tomorrow:?}");
    assert!(!tomorrow.contains(&shown[0]));
    let id = suspended["id"].as_str().unwrap().to_string();
    env.cmd(DAY1, &["unsuspend", &id]).assert().success();
    assert_eq!(env.card(DAY1, &shown[0])["state"]["suspended"], false);
    env.cmd(DAY1, &["suspend", "no-such-card"])
        .assert()
        .code(1)
        .stderr("recall: no card with id no-such-card\n");
}

#[test]
fn status_json_counts_every_built_in_card() {
    let env = TestEnv::new();
    let cards = env.json(DAY1, &["cards", "--json"]);
    let total = cards.as_array().unwrap().len();
    let status = env.json(DAY1, &["status", "--json"]);
    assert_eq!(status["study_day"], "2026-11-21");
    assert_eq!(status["total"]["total"], total);
    assert_eq!(status["total"]["new"], total);
    env.review(DAY1, &["--new", "2"], "\n5\n\n1\n\n5\n");
    let status = env.json("2026-11-22", &["status", "--json"]);
    // The failed card is learning, not also due.
    assert_eq!(status["total"]["due"], 1);
    assert_eq!(status["total"]["learning"], 1);
    assert_eq!(status["total"]["new"], total - 2);
}

#[test]
fn mojibake_and_invalid_bytes_are_refused_with_the_line() {
    let env = TestEnv::new();
    let mojibake = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/curriculum.mojibake.md"
    );
    env.cmd(DAY1, &["import", mojibake])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 8: mis-encoded text"))
        .stderr(predicate::str::contains("was probably \"년차"));
    let bad = env.path("bad.md");
    std::fs::write(&bad, b"# ok\n\n## \xff\xfe broken\n").unwrap();
    env.cmd(DAY1, &["import", bad.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 3: not valid UTF-8"));
    // Nothing was imported.
    let status = env.json(DAY1, &["status", "--json"]);
    let decks: Vec<&str> = status["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deck"].as_str().unwrap())
        .collect();
    assert!(decks.iter().all(|d| d.starts_with("python-")), "{decks:?}");
}

#[test]
fn import_dry_run_reports_cards_and_skips() {
    let env = TestEnv::new();
    let notes = env.path("study.md");
    std::fs::write(
        &notes,
        "# GIL\n\n인터프리터 전역 잠금\n\n# 빈 제목\n\n# 질문\n\n- 왜 그럴까?\n",
    )
    .unwrap();
    env.cmd(DAY1, &["import", "--dry-run", notes.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("notes → study: 1 cards (dry run"))
        .stdout(predicate::str::contains(
            "study.md:5: skipped: 빈 제목 — 내용 없는 제목",
        ))
        .stdout(predicate::str::contains(
            "study.md:7: skipped: 질문 — 답이 없는 질문",
        ));
    let status = env.json(DAY1, &["status", "--json"]);
    assert!(
        status["decks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["deck"] != "study")
    );
}

#[test]
fn usage_errors_exit_2_and_bad_values_exit_1() {
    let env = TestEnv::new();
    env.cmd(DAY1, &["review", "--new", "many"]).assert().code(2);
    env.cmd(DAY1, &["frobnicate"]).assert().code(2);
    let mut cmd = env.cmd("tomorrow-ish", &["status"]);
    cmd.assert()
        .code(1)
        .stderr(predicate::str::starts_with("recall: --now"));
}

#[test]
fn nothing_due_says_when_the_next_card_is() {
    let env = TestEnv::new();
    env.review(DAY1, &["--new", "1"], "\n5\n");
    env.cmd(DAY1, &["review", "--plain", "--new", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("다음 복습: 2026-11-22 (1일 후)"));
}

#[test]
fn export_to_a_file_replaces_it_whole_and_leaves_no_temp_files() {
    let env = TestEnv::new();
    let out = env.path("out").join("recall.csv");
    env.cmd(DAY1, &["export", "-o", out.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("out"));
    std::fs::create_dir(env.path("out")).unwrap();
    std::fs::write(&out, "old export\n").unwrap();
    env.cmd(
        DAY1,
        &[
            "export",
            "-o",
            out.to_str().unwrap(),
            "--deck",
            "python-api::os",
        ],
    )
    .assert()
    .success()
    .stderr(predicate::str::contains("38 cards →"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("#separator:Comma\n"));
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 38);
    let entries: Vec<_> = std::fs::read_dir(env.path("out")).unwrap().collect();
    assert_eq!(entries.len(), 1, "a temporary file was left behind");
    // The JSON backup of the same deck.
    let json = env.json(
        DAY1,
        &["export", "--format", "json", "--deck", "python-api::os"],
    );
    assert_eq!(json["cards"].as_array().unwrap().len(), 38);
    assert_eq!(json["format"], "recall-backup");
}

#[test]
fn stats_report_forecast_retention_streak_and_lapses() {
    let env = TestEnv::new();
    // Day 1: three new cards, one failed (drilled until 4).
    env.review(DAY1, &["--new", "3"], "\n5\n\n1\n\n4\n\n4\n");
    // Day 2: the three are due again; all pass.
    env.review("2026-11-22", &["--new", "0"], "\n4\n\n4\n\n4\n");
    let stats = env.json("2026-11-22", &["stats", "--json", "--days", "10"]);
    assert_eq!(stats["study_day"], "2026-11-22");
    assert_eq!(stats["streak"], 2);
    assert_eq!(stats["reviews_today"], 3);
    assert_eq!(stats["heatmap"].as_array().unwrap().len(), 182);
    assert_eq!(stats["heatmap"][181]["date"], "2026-11-22");
    assert_eq!(stats["heatmap"][180]["count"], 3);
    let r = &stats["retention_7_days"];
    assert_eq!(
        (r["reviews"].as_u64(), r["passed"].as_u64()),
        (Some(6), Some(5))
    );
    let forecast = stats["forecast"].as_array().unwrap();
    assert_eq!(forecast.len(), 10);
    let due: u64 = forecast.iter().map(|d| d["count"].as_u64().unwrap()).sum();
    assert_eq!(due, 3);
    // A new card that fails has not lapsed: it was never learned.
    assert_eq!(stats["most_lapsed"].as_array().unwrap().len(), 0);
    env.cmd("2026-11-22", &["stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("연속 학습 (streak): 2일"));
}

#[test]
fn an_import_with_a_failing_file_changes_nothing() {
    let env = TestEnv::new();
    let good = env.path("good.md");
    std::fs::write(&good, "## 항목\n\n설명: 값을 반환한다\n").unwrap();
    let bad = env.path("bad.md");
    std::fs::write(&bad, b"# ok\n\n## \xff\xfe broken\n").unwrap();
    env.cmd(
        DAY1,
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
    )
    .assert()
    .code(1);
    let status = env.json(DAY1, &["status", "--json"]);
    let decks: Vec<&str> = status["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deck"].as_str().unwrap())
        .collect();
    assert!(decks.iter().all(|d| d.starts_with("python-")), "{decks:?}");
    // The good file alone goes in.
    env.cmd(DAY1, &["import", good.to_str().unwrap()])
        .assert()
        .success();
}
