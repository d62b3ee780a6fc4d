//! Multi-day scenarios through the CLI (plain mode, fixed --now): limits
//! per study day across sessions, the 04:00 rollover, sibling burial,
//! leeches, undo, and progress kept across document edits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::{TestEnv, questions};

const DAY1: &str = "2026-11-21T12:00:00+00:00";

#[test]
fn new_card_limit_counts_across_the_days_sessions() {
    let env = TestEnv::new();
    // Session 1: two new cards, then quit.
    let out = env.review(DAY1, &["--new", "3"], "\n5\n\n5\nq\n");
    assert_eq!(questions(&out).len(), 3, "{out}");
    // Session 2, same day: one new card left of the three.
    let out = env.review(DAY1, &["--new", "3"], "\n5\n");
    assert_eq!(questions(&out).len(), 1, "{out}");
    // Session 3: nothing left today.
    let out = env.review(DAY1, &["--new", "3"], "");
    assert!(out.contains("nothing due"), "{out}");
    // The reviews limit applies the same way on the next day.
    let out = env.review(
        "2026-11-22T12:00:00+00:00",
        &["--new", "0", "--max", "2"],
        "\n4\n\n4\n\n4\n",
    );
    assert_eq!(questions(&out).len(), 2, "{out}");
}

#[test]
fn the_study_day_rolls_over_at_four_in_the_morning() {
    let env = TestEnv::new();
    let out = env.review(DAY1, &["--new", "2"], "\n5\n\n5\n");
    let learned = questions(&out);
    assert_eq!(learned.len(), 2);
    // 03:30 the next morning is still the same study day: nothing is due.
    let out = env.review("2026-11-22T03:30:00+00:00", &["--new", "2"], "");
    assert!(out.contains("nothing due"), "{out}");
    // 04:30 is the next study day: both reviews are due, then new cards.
    let out = env.review("2026-11-22T04:30:00+00:00", &["--new", "0"], "\n5\n\n5\n");
    assert_eq!(questions(&out), learned);
}

#[test]
fn siblings_are_buried_one_card_per_entry_a_day() {
    let env = TestEnv::new();
    let out = env.review(
        DAY1,
        &["--new", "6", "--deck", "python-libraries"],
        &"\n4\n".repeat(6),
    );
    let shown = questions(&out);
    assert_eq!(shown.len(), 6);
    let libraries: HashSet<&str> = shown
        .iter()
        .map(|q| q.split(" — ").next().unwrap())
        .collect();
    assert_eq!(libraries.len(), 6, "{shown:?}");
    // The next day the first library's reviews come back, and its other
    // cards still wait: one sibling a day.
    let out = env.review(
        "2026-11-22",
        &["--new", "6", "--deck", "python-libraries"],
        &"\n4\n".repeat(12),
    );
    let day2 = questions(&out);
    let keys: Vec<&str> = day2
        .iter()
        .map(|q| q.split(" — ").next().unwrap())
        .collect();
    let unique: HashSet<&&str> = keys.iter().collect();
    assert_eq!(
        unique.len(),
        keys.len(),
        "two cards of one entry on one day: {day2:?}"
    );
}

#[test]
fn eight_lapses_make_a_leech_that_is_suspended_and_tagged() {
    let env = TestEnv::new();
    let deck = ["--deck", "python-roadmap::목표", "--new", "1"];
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut last = String::new();
    for lapse in 1..=8 {
        // Learn (or relearn) it…
        let out = env.review(&day.to_string(), &deck, "\n5\n");
        assert_eq!(questions(&out).len(), 1, "day {day}: {out}");
        day = day.succ_opt().unwrap();
        // …and forget it the next day; the drill repeats it until a 5.
        last = env.review(&day.to_string(), &deck, "\n0\n\n5\n");
        day = day.succ_opt().unwrap();
        let card = env.card(
            &day.to_string(),
            "[Python Software Engineer 로드맵 - 실무 중심 학습 가이드] 목표는?",
        );
        assert_eq!(card["state"]["lapses"], lapse);
        assert_eq!(card["state"]["suspended"], lapse == 8);
    }
    assert!(last.contains("leech"), "{last}");
    let card = env.card(
        &day.to_string(),
        "[Python Software Engineer 로드맵 - 실무 중심 학습 가이드] 목표는?",
    );
    assert!(
        card["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "leech")
    );
    // A suspended leech leaves the queue.
    let out = env.review(&day.to_string(), &deck, "");
    assert!(out.contains("nothing due"), "{out}");
}

#[test]
fn undo_restores_the_exact_previous_state() {
    let env = TestEnv::new();
    env.review(DAY1, &["--new", "1"], "\n5\n");
    let question = "json — 기능은?";
    let before = env.card("2026-11-22", question);
    // Day 2: answer it with a 3, then undo from the next prompt and quit.
    env.review("2026-11-22", &["--new", "0"], "\n3\nu\nq\n");
    let after_undo = env.card("2026-11-22", question);
    assert_eq!(after_undo["state"], before["state"]);
    // The same with the undo command.
    env.review("2026-11-22", &["--new", "0"], "\n2\n");
    assert_ne!(env.card("2026-11-22", question)["state"], before["state"]);
    // End of input quit before the drill repeat: the review is the last answer.
    env.cmd("2026-11-22", &["undo"]).assert().success();
    assert_eq!(env.card("2026-11-22", question)["state"], before["state"]);
    // A second undo goes one answer further back, to the new card.
    env.cmd("2026-11-22", &["undo"]).assert().success();
    let new_again = env.card("2026-11-22", question);
    assert_eq!(new_again["state"]["reps"], 0);
    assert_eq!(new_again["state"]["due"], serde_json::Value::Null);
}

#[test]
fn an_edited_answer_keeps_the_cards_progress() {
    let env = TestEnv::new();
    let notes = env.path("my-libs.md");
    let original = "# 내 라이브러리\n\n## 1단계: 기초\n\n### json\n- **기능**: JSON 직렬화\n- **용도**: API 통신\n- **핵심**: `json.dumps()`\n\n### re\n- **기능**: 정규표현식\n- **용도**: 검색\n- **핵심**: `re.sub()`\n";
    std::fs::write(&notes, original).unwrap();
    env.cmd(DAY1, &["import", notes.to_str().unwrap()])
        .assert()
        .success();
    env.review(DAY1, &["--deck", "my-libs", "--new", "1"], "\n5\n");
    let reviewed = env.card_in(DAY1, "my-libs", "json — 기능은?");
    assert_eq!(reviewed["state"]["reps"], 1);

    std::fs::write(
        &notes,
        original.replace("JSON 직렬화", "JSON 문서 읽기와 쓰기"),
    )
    .unwrap();
    let out = env
        .cmd(DAY1, &["import", notes.to_str().unwrap()])
        .assert()
        .success();
    let report = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(report.contains("0 added, 2 updated, 0 retired"), "{report}");
    let edited = env.card_in(DAY1, "my-libs", "json — 기능은?");
    assert_eq!(edited["id"], reviewed["id"]);
    assert_eq!(edited["answer"], "JSON 문서 읽기와 쓰기");
    assert_eq!(edited["state"], reviewed["state"]);

    // Renaming the entry retires its cards and makes new ones.
    std::fs::write(&notes, original.replace("### json\n", "### orjson\n")).unwrap();
    let out = env
        .cmd(DAY1, &["import", notes.to_str().unwrap()])
        .assert()
        .success();
    let report = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        report.contains("4 added") && report.contains("4 retired"),
        "{report}"
    );
}
