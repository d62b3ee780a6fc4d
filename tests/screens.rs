//! What the commands print for a person: piped card lists, deck order,
//! and the feedback lines of suspend, bury and undo.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestEnv, questions};

const DAY1: &str = "2026-11-21";

fn stdout(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd(DAY1, args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn piped_cards_are_one_tab_separated_line_each() {
    let env = TestEnv::new();
    let out = stdout(&env, &["cards", "--deck", "python-api::os"]);
    let json = env.json(DAY1, &["cards", "--json", "--deck", "python-api::os"]);
    let cards = json.as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cards.len());
    for (line, card) in lines.iter().zip(cards) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 8, "{line}");
        assert_eq!(fields[0], card["id"]);
        assert_eq!(fields[1], card["deck"]);
        assert_eq!(fields[2], card["question"]);
        assert_eq!(fields[4], "new");
        assert_eq!(fields[5], "2.50");
        assert_eq!(fields[7], card["kind"]);
    }
    assert!(!out.contains('│') && !out.contains('┌'));
}

#[test]
fn a_multi_line_answer_stays_on_its_card_line() {
    let env = TestEnv::new();
    let notes = env.path("code.md");
    std::fs::write(
        &notes,
        "# 리스트 뒤집기\n\n```python\n# 제자리에서 뒤집기\nxs.reverse()\n```\n",
    )
    .unwrap();
    env.cmd(DAY1, &["import", notes.to_str().unwrap()])
        .assert()
        .success();
    let out = stdout(&env, &["cards", "--deck", "code"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(out.trim_end().rsplit('\t').next(), Some("code"), "{out}");
    let question = out.split('\t').nth(2).unwrap();
    assert!(
        question.contains("```python\\n# 제자리에서 뒤집기\\nxs.[...]()"),
        "{question}"
    );
}

#[test]
fn decks_are_listed_in_natural_order() {
    let env = TestEnv::new();
    for level in ["10", "2", "1"] {
        let notes = env.path(&format!("level{level}.md"));
        std::fs::write(
            &notes,
            format!("# 질문 {level}\n\n- 정의: 값 {level}을 돌려주는 함수\n"),
        )
        .unwrap();
        let deck = format!("Level {level}");
        env.cmd(DAY1, &["import", notes.to_str().unwrap(), "--deck", &deck])
            .assert()
            .success();
    }
    let out = stdout(&env, &["status"]);
    let at = |name: &str| out.find(&format!("│ {name} ")).unwrap();
    assert!(at("Level 1") < at("Level 2"), "{out}");
    assert!(at("Level 2") < at("Level 10"), "{out}");
}

#[test]
fn suspend_and_bury_in_a_session_name_the_card() {
    let env = TestEnv::new();
    let out = env.review(DAY1, &["--new", "2"], "s\nb\n");
    let shown = questions(&out);
    assert!(
        out.contains(&format!("보류했습니다 (suspended): {}", shown[0])),
        "{out}"
    );
    assert!(
        out.contains(&format!("내일로 미뤘습니다 (buried): {}", shown[1])),
        "{out}"
    );
}

#[test]
fn undo_in_a_session_says_which_action_it_took_back() {
    let env = TestEnv::new();
    let out = env.review(DAY1, &["--new", "2"], "s\nu\n\n3\nu\nq\n");
    let shown = questions(&out);
    assert!(
        out.contains(&format!(
            "되돌렸습니다 (undone) — 보류 (suspend): {}",
            shown[0]
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "되돌렸습니다 (undone) — 답 (answer, grade 3): {}",
            shown[0]
        )),
        "{out}"
    );
}

#[test]
fn undo_of_an_unsuspend_says_unsuspend() {
    let env = TestEnv::new();
    let card = env.card(DAY1, "json — 기능은?");
    let id = card["id"].as_str().unwrap();
    env.cmd(DAY1, &["suspend", id]).assert().success();
    env.cmd(DAY1, &["unsuspend", id]).assert().success();
    let first = stdout(&env, &["undo"]);
    assert_eq!(
        first,
        "되돌림 (undone): 보류 해제 (unsuspend) — json — 기능은?\n"
    );
    assert_eq!(env.card(DAY1, "json — 기능은?")["state"]["suspended"], true);
    let second = stdout(&env, &["undo"]);
    assert_eq!(second, "되돌림 (undone): 보류 (suspend) — json — 기능은?\n");
    assert_eq!(
        env.card(DAY1, "json — 기능은?")["state"]["suspended"],
        false
    );
}

#[test]
fn the_plain_grade_prompt_lists_every_key_it_takes() {
    let env = TestEnv::new();
    let out = env
        .cmd(DAY1, &["review", "--plain", "--new", "1"])
        .write_stdin("\nx\nb\n")
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let complaint = stderr.lines().find(|l| l.contains("\"x\"")).unwrap();
    for key in ["0-5", "s suspend", "b bury", "u undo", "q quit"] {
        assert!(complaint.contains(key), "{complaint}");
    }
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("내일로 미뤘습니다 (buried)"), "{stdout}");
}
