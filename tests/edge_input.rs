//! Hostile input at the command line: one mojibake sequence, a date beyond
//! the calendar, escape sequences in notes. Each is refused or made
//! harmless with a clear `recall: …` line, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestEnv;
use predicates::prelude::*;

const DAY1: &str = "2026-11-21";

#[test]
fn one_mojibake_sequence_refuses_an_import_with_its_line() {
    let env = TestEnv::new();
    let notes = env.path("cafe.md");
    std::fs::write(
        &notes,
        "# 메모\n\n## 카페\n\n오늘 간 cafÃ©는 조용했다. 커피가 맛있었다.\n",
    )
    .unwrap();
    env.cmd(DAY1, &["import", notes.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 5: mis-encoded text"))
        .stderr(predicate::str::contains("was probably \"é는"));
    let status = env.json(DAY1, &["status", "--json"]);
    let decks = status["decks"].as_array().unwrap();
    assert!(!decks.is_empty());
    assert!(
        decks
            .iter()
            .all(|d| !d["deck"].as_str().unwrap().starts_with("cafe")),
        "{status}"
    );
}

#[test]
fn a_now_beyond_the_year_9999_is_refused_not_a_panic() {
    let env = TestEnv::new();
    for now in ["+262142-12-31", "+10000-01-01"] {
        env.cmd(now, &["cards"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("out of range (1970 to 9999)"));
    }
    env.cmd("1969-12-31", &["status"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the year 1969 is out of range"));
}

#[test]
fn the_last_allowed_day_answers_and_lists_without_a_panic() {
    let env = TestEnv::new();
    let last = "9999-12-31";
    env.review(last, &["--new", "1"], "\n5\n");
    env.cmd(last, &["cards", "--json"]).assert().success();
    env.cmd(last, &["cards"]).assert().success();
}

#[test]
fn escape_sequences_in_notes_never_reach_an_export() {
    let env = TestEnv::new();
    let notes = env.path("evil.md");
    std::fs::write(
        &notes,
        "# 메모\n\n## 터미널 제목\n\n- 정의: \x1b]0;pwned\x07이 문장은 \x1b]52;c;ZXZpbA==\x07터미널에 \
         \x1b[2J보이기만 한다\u{202e}\n",
    )
    .unwrap();
    env.cmd(
        DAY1,
        &["import", notes.to_str().unwrap(), "--format", "notes"],
    )
    .assert()
    .success();
    let out = env
        .cmd(DAY1, &["export", "--deck", "evil"])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(csv.contains("이 문장은 터미널에 보이기만 한다"), "{csv}");
    assert!(
        !csv.chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{csv:?}"
    );
    assert!(!csv.contains("pwned") && !csv.contains("ZXZpbA"), "{csv}");
}

/// Whether `text` holds a character that a terminal would act on or that
/// reorders what it shows (line feeds and the piped list's tabs apart).
fn raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
}

#[test]
fn escape_sequences_in_notes_are_shown_visibly_never_executed() {
    let env = TestEnv::new();
    let notes = env.path("evil.md");
    std::fs::write(
        &notes,
        "# 메모\n\n## 터미널 제목\n\n- 정의: \x1b]0;title\x07제목을 \x1b[2J바꾸는\u{202e} 문장\n",
    )
    .unwrap();
    let out = env
        .cmd(
            DAY1,
            &[
                "import",
                notes.to_str().unwrap(),
                "--format",
                "notes",
                "--dry-run",
            ],
        )
        .assert()
        .success();
    let dry = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!raw_controls(&dry), "{dry:?}");
    assert!(dry.contains("␛]0;title␇"), "{dry}");
    env.cmd(
        DAY1,
        &["import", notes.to_str().unwrap(), "--format", "notes"],
    )
    .assert()
    .success();

    // `cards` to a pipe.
    let out = env
        .cmd(DAY1, &["cards", "--deck", "evil"])
        .assert()
        .success();
    let listed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!raw_controls(&listed), "{listed:?}");
    assert!(
        listed.contains("␛]0;title␇제목을 ␛[2J바꾸는\\u{202e} 문장"),
        "{listed}"
    );

    // A plain review of the card, the answer revealed.
    let reviewed = env.review(DAY1, &["--deck", "evil"], "\n5\n");
    assert!(!raw_controls(&reviewed), "{reviewed:?}");
    assert!(reviewed.contains("␛[2J"), "{reviewed}");

    // Suspending it names it visibly too.
    let id = listed.split('\t').next().unwrap().to_string();
    let out = env.cmd(DAY1, &["suspend", &id]).assert().success();
    let said = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!raw_controls(&said), "{said:?}");
}
