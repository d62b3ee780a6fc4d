//! `recall lint` and the report of `import --dry-run`: the card rules over
//! documents, with the rule, the source line and what was skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestEnv;
use predicates::prelude::*;

const DAY1: &str = "2026-11-21";

/// A catalog with one entry twice: its questions are asked twice.
const DUPLICATED: &str = "# 라이브러리\n\n## 1단계: 기초\n\n### json\n- **기능**: JSON 직렬화\n- **용도**: 통신\n\n### json\n- **기능**: JSON 직렬화\n- **용도**: 통신\n";

const NOTES: &str = "# GIL\n\n인터프리터 전역 잠금\n\n# 빈 제목\n\n# 질문\n\n- 왜 그럴까?\n";

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_built_in_decks_break_no_card_rule() {
    let env = TestEnv::new();
    let out = env.cmd(DAY1, &["lint"]).assert().success();
    let text = stdout(&out);
    for file in [
        "decks/python-libraries.md",
        "decks/python-roadmap.md",
        "decks/python-api-reference.md",
        "decks/python-advanced-curriculum.md",
        "decks/python-notes.md",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(file) && l.contains(", 0 problems,")),
            "{file}: {text}"
        );
    }
    assert!(text.trim_end().ends_with("cards: 0 problems"), "{text}");
    // No database is made or needed for the check.
    assert!(!env.db().exists());
}

#[test]
fn a_broken_rule_exits_1_with_the_rule_line_and_question() {
    let env = TestEnv::new();
    let file = env.path("catalog.md");
    std::fs::write(&file, DUPLICATED).unwrap();
    let path = file.to_str().unwrap();
    let out = env
        .cmd(DAY1, &["lint", "--format", "library", path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "recall: 3 card rule problem(s) found",
        ));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{path}:9: duplicate-question: json — 기능은? — 같은 질문이 5행에도 있음"
        )),
        "{text}"
    );
    assert!(text.contains("catalog.md: library → catalog: 6 cards, 3 problems, 0 skipped"));
}

#[test]
fn lint_shows_what_was_skipped_and_passes_a_clean_file() {
    let env = TestEnv::new();
    let file = env.path("study.md");
    std::fs::write(&file, NOTES).unwrap();
    let path = file.to_str().unwrap();
    let out = env.cmd(DAY1, &["lint", path]).assert().success();
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{path}:5: skipped: 빈 제목 — 내용 없는 제목")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{path}:7: skipped: 질문 — 답이 없는 질문")),
        "{text}"
    );
    assert!(
        text.contains("notes → study: 1 cards, 0 problems, 2 skipped"),
        "{text}"
    );
}

#[test]
fn lint_refuses_a_file_it_cannot_read() {
    let env = TestEnv::new();
    let missing = env.path("missing.md");
    env.cmd(DAY1, &["lint", missing.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.md"));
}

#[test]
fn a_dry_run_lists_the_cards_and_the_same_report() {
    let env = TestEnv::new();
    let notes = env.path("study.md");
    std::fs::write(&notes, NOTES).unwrap();
    let catalog = env.path("catalog.md");
    std::fs::write(&catalog, DUPLICATED).unwrap();
    let out = env
        .cmd(DAY1, &["import", "--dry-run", notes.to_str().unwrap()])
        .assert()
        .success();
    let text = stdout(&out);
    assert!(
        text.contains("notes → study: 1 cards (dry run: nothing changed)"),
        "{text}"
    );
    // The card it would make: line, kind, question → answer.
    assert!(
        text.lines()
            .any(|l| l.trim_start() == "3 basic   GIL — 무엇인가? → 인터프리터 전역 잠금"),
        "{text}"
    );
    assert!(text.contains("0 problems, 2 skipped"), "{text}");
    assert!(
        text.contains(":5: skipped: 빈 제목 — 내용 없는 제목"),
        "{text}"
    );

    // Problems are shown, but a dry run is not a check: it succeeds.
    let path = catalog.to_str().unwrap();
    let out = env
        .cmd(DAY1, &["import", "--dry-run", "--format", "library", path])
        .assert()
        .success();
    let text = stdout(&out);
    assert!(text.contains("3 problems, 0 skipped"), "{text}");
    assert!(
        text.contains(&format!("{path}:9: duplicate-question: json — 용도는?")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("5 reverse ")),
        "{text}"
    );
    // Nothing was imported.
    let status = env.json(DAY1, &["status", "--json"]);
    let decks = status["decks"].as_array().unwrap();
    assert!(
        decks
            .iter()
            .all(|d| d["deck"] != "study" && d["deck"] != "catalog")
    );
}
