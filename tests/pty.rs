//! The real terminal: expectrl drives `recall review` and `recall quiz` in a
//! pseudo-terminal, through the same screens a person sees.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::TestEnv;
use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Expect};
use recall::domain::sm2::Grade;
use recall::domain::state::LogKind;
use recall::storage::Store;

const DAY1: &str = "2026-11-21";
const DOWN: &str = "\x1b[B";

fn spawn(env: &TestEnv, args: &[&str]) -> Session {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("recall"));
    cmd.env_clear()
        .env("HOME", env.dir.path())
        .env("RECALL_DB", env.db())
        .env("RECALL_SEED", "11")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env("TZ", "UTC")
        .args(["--now", DAY1])
        .args(args);
    let mut session = expectrl::Session::spawn(cmd).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

fn exit_code(session: &Session) -> i32 {
    match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

/// Sends keys and waits a moment: the screen reads keys one at a time.
fn keys(session: &mut Session, keys: &str) {
    session.send(keys).unwrap();
    std::thread::sleep(Duration::from_millis(150));
}

#[test]
fn review_screens_reveal_grade_by_digit_and_arrows_undo_suspend_quit() {
    let env = TestEnv::new();
    let mut s = spawn(&env, &["review", "--new", "4"]);
    s.expect("0 완료 / 4 남음").unwrap();
    s.expect("json — 기능은?").unwrap();
    keys(&mut s, "\r");
    s.expect("JSON 형식 데이터 직렬화/역직렬화").unwrap();
    s.expect("5  완벽 (perfect)").unwrap();
    keys(&mut s, "5"); // a digit grades at once
    s.expect("datetime — 기능은?").unwrap();
    keys(&mut s, "\r");
    s.expect("날짜와 시간 처리").unwrap();
    keys(&mut s, DOWN); // from the default 4 to 5
    keys(&mut s, "\r");
    s.expect("time — 기능은?").unwrap();
    keys(&mut s, "\r");
    s.expect("시간 관련 저수준 함수").unwrap();
    keys(&mut s, "u"); // undo the datetime answer: it comes back
    s.expect("되돌렸습니다").unwrap();
    s.expect("datetime — 기능은?").unwrap();
    keys(&mut s, "s"); // suspend it
    s.expect("time — 기능은?").unwrap();
    keys(&mut s, "q");
    s.expect("세션 요약").unwrap();
    assert_eq!(exit_code(&s), 0);

    let store = Store::open(&env.db()).unwrap();
    let log = store.log(None).unwrap();
    let kinds: Vec<(LogKind, Option<u8>, bool)> = log
        .iter()
        .map(|r| (r.kind, r.grade.map(Grade::value), r.undone))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (LogKind::Review, Some(5), false),
            (LogKind::Review, Some(5), true),
            (LogKind::Undo, None, false),
            (LogKind::Suspend, None, false),
        ]
    );
    let card = |q: &str| {
        store
            .cards(&Default::default())
            .unwrap()
            .into_iter()
            .find(|c| c.card.question == q)
            .unwrap()
    };
    assert_eq!(card("json — 기능은?").state.reps, 1);
    let datetime = card("datetime — 기능은?");
    assert!(datetime.state.suspended);
    assert!(datetime.state.is_new());
    assert!(card("time — 기능은?").state.is_new());
}

#[test]
fn ctrl_c_ends_the_session_like_q_with_the_summary() {
    let env = TestEnv::new();
    let mut s = spawn(&env, &["review", "--new", "3"]);
    s.expect("json — 기능은?").unwrap();
    keys(&mut s, "\r");
    s.expect("완벽 (perfect)").unwrap();
    keys(&mut s, "4");
    s.expect("datetime — 기능은?").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect("세션 요약").unwrap();
    assert_eq!(exit_code(&s), 0);
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.log(None).unwrap().len(), 1);
}

#[test]
fn a_killed_session_loses_nothing_that_was_answered() {
    let env = TestEnv::new();
    let mut s = spawn(&env, &["review", "--new", "5"]);
    for (question, grade) in [
        ("json — 기능은?", "5"),
        ("datetime — 기능은?", "4"),
        ("time — 기능은?", "3"),
    ] {
        s.expect(question).unwrap();
        keys(&mut s, "\r");
        s.expect("완벽 (perfect)").unwrap();
        keys(&mut s, grade);
    }
    s.expect("os — 기능은?").unwrap();
    s.get_process_mut().kill(Signal::SIGKILL).unwrap();
    let status = s.get_process().wait().unwrap();
    assert!(
        matches!(status, WaitStatus::Signaled(_, Signal::SIGKILL, _)),
        "{status:?}"
    );

    let store = Store::open(&env.db()).unwrap();
    assert!(store.integrity_ok().unwrap());
    let log = store.log(None).unwrap();
    let grades: Vec<Option<u8>> = log.iter().map(|r| r.grade.map(Grade::value)).collect();
    assert_eq!(grades, vec![Some(5), Some(4), Some(3)]);
    assert!(log.iter().all(|r| r.kind == LogKind::Review));
}

#[test]
fn a_choice_quiz_through_the_select_screen() {
    let env = TestEnv::new();
    let mut s = spawn(
        &env,
        &[
            "quiz",
            "--count",
            "3",
            "--mode",
            "choice",
            "--deck",
            "python-api",
        ],
    );
    for number in 1..=3 {
        s.expect(format!("[{number}/3]").as_str()).unwrap();
        keys(&mut s, if number == 2 { DOWN } else { "" });
        keys(&mut s, "\r");
        s.expect("정답").unwrap();
    }
    s.expect("점수 (score):").unwrap();
    assert_eq!(exit_code(&s), 0);
    let store = Store::open(&env.db()).unwrap();
    let log = store.log(None).unwrap();
    assert_eq!(log.len(), 3);
    assert!(
        log.iter()
            .all(|r| r.kind == LogKind::Quiz && r.before == r.after)
    );
}

#[test]
fn a_typed_quiz_through_the_input_screen() {
    let env = TestEnv::new();
    let mut s = spawn(
        &env,
        &[
            "quiz",
            "--count",
            "2",
            "--mode",
            "typed",
            "--deck",
            "python-api::os",
        ],
    );
    s.expect("[1/2]").unwrap();
    keys(&mut s, "chdir\r");
    s.expect("정답").unwrap();
    s.expect("[2/2]").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    s.expect("점수 (score): ").unwrap();
    assert_eq!(exit_code(&s), 0);
}

#[test]
fn restore_in_a_terminal_asks_first_and_no_leaves_the_collection_as_it_is() {
    let env = TestEnv::new();
    // A collection with one answer, a snapshot of it, then a second answer.
    env.review(DAY1, &["--new", "1"], "\n4\n");
    let made = env.cmd(DAY1, &["backup"]).output().unwrap();
    let snapshot = String::from_utf8(made.stdout).unwrap().trim().to_string();
    env.review(DAY1, &["--new", "2"], "\n4\n");
    let log_rows = || Store::open(&env.db()).unwrap().log(None).unwrap().len();
    assert_eq!(log_rows(), 2);

    let mut s = spawn(&env, &["restore", &snapshot]);
    s.expect("바꿀까요?").unwrap();
    keys(&mut s, "n");
    s.expect("nothing changed").unwrap();
    assert_eq!(exit_code(&s), 0);
    assert_eq!(log_rows(), 2, "no: the collection is as it was");

    let mut s = spawn(&env, &["restore", &snapshot]);
    s.expect("바꿀까요?").unwrap();
    keys(&mut s, "y");
    s.expect("restored").unwrap();
    assert_eq!(exit_code(&s), 0);
    assert_eq!(log_rows(), 1, "yes: the snapshot's collection");
}

#[test]
fn escape_sequences_in_a_card_are_shown_visibly_on_the_review_screen() {
    let env = TestEnv::new();
    let notes = env.path("evil.md");
    std::fs::write(
        &notes,
        "# 메모\n\n## 터미널 제목\n\n- 정의: \x1b]0;title\x07제목을 \x1b[2J바꾸는\u{202e} 문장\n",
    )
    .unwrap();
    env.cmd(
        DAY1,
        &["import", notes.to_str().unwrap(), "--format", "notes"],
    )
    .assert()
    .success();
    let mut s = spawn(&env, &["review", "--deck", "evil"]);
    let mut seen: Vec<u8> = Vec::new();
    let question = s.expect("터미널 제목").unwrap();
    seen.extend_from_slice(question.before());
    keys(&mut s, "\r");
    let answer = s.expect("문장").unwrap();
    seen.extend_from_slice(answer.before());
    keys(&mut s, "5");
    let summary = s.expect("세션 요약").unwrap();
    seen.extend_from_slice(summary.before());
    assert_eq!(exit_code(&s), 0);
    let seen = String::from_utf8_lossy(&seen);
    assert!(seen.contains("␛]0;title␇"), "{seen:?}");
    assert!(seen.contains("␛[2J"), "{seen:?}");
    assert!(!seen.contains("\x1b]0;title"), "{seen:?}");
    assert!(
        !seen.contains('\u{202e}') && !seen.contains('\x07'),
        "{seen:?}"
    );
}
