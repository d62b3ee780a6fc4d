//! One writer: two sessions on one database never answer a card twice and
//! never lose an answer's effect; writers wait for each other instead of
//! failing with "database is locked".

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::TestEnv;
use recall::domain::clock::StudyDay;
use recall::domain::state::LogKind;
use recall::storage::{LogEntry, Store, StoreError};
use rusqlite::Connection;

const DAY: &str = "2026-11-21";

fn recall(env: &TestEnv, args: &[&str]) -> Command {
    env.process(DAY, args)
}

/// Card ids of the day's review rows that no undo took back, in log order.
fn reviewed(env: &TestEnv) -> Vec<String> {
    let conn = Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT card_id FROM reviews r WHERE kind = 'review' \
             AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Runs a plain session that answers slowly (a pause before every line)
/// and returns the questions whose answers were acknowledged (the next
/// `Q:` line or the summary was printed after the grade).
fn slow_session(env: &TestEnv, answers: usize, pause: Duration) -> Vec<String> {
    let mut child = recall(env, &["review", "--plain", "--new", "10"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut acknowledged = Vec::new();
    let mut pending: Option<String> = None;
    let mut question = String::new();
    let mut given = 0;
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(q) = line.strip_prefix("Q: ") {
            acknowledged.extend(pending.take());
            if given == answers {
                writeln!(stdin, "q").unwrap();
                continue;
            }
            question = q.to_string();
            std::thread::sleep(pause);
            writeln!(stdin).unwrap();
        } else if line.starts_with("A: ") {
            std::thread::sleep(pause);
            writeln!(stdin, "5").unwrap();
            pending = Some(question.clone());
            given += 1;
        } else if line.contains("summary") {
            acknowledged.extend(pending.take());
        }
    }
    assert!(child.wait().unwrap().success());
    acknowledged
}

#[test]
fn a_second_session_is_told_plainly_and_shows_no_card() {
    let env = TestEnv::new();
    env.cmd(DAY, &["status"]).assert().success();
    let first = {
        let env_db = env.db();
        let env_ref = &env;
        std::thread::scope(|scope| {
            let first = scope.spawn(move || slow_session(env_ref, 4, Duration::from_millis(150)));
            // While the first session waits for its slow input:
            std::thread::sleep(Duration::from_millis(400));
            for args in [
                &["review", "--plain"][..],
                &["quiz", "--plain", "--schedule", "--count", "2"][..],
            ] {
                let out = recall(&env, args).stdin(Stdio::null()).output().unwrap();
                let stdout = String::from_utf8(out.stdout).unwrap();
                let stderr = String::from_utf8(out.stderr).unwrap();
                assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
                assert!(
                    stderr.contains("another review or scheduled quiz is open"),
                    "{stderr}"
                );
                assert!(stderr.contains("hint: "), "{stderr}");
                assert!(
                    !stdout.contains("Q: ") && !stdout.contains("1)"),
                    "{stdout}"
                );
            }
            assert!(env_db.exists());
            first.join().unwrap()
        })
    };
    // Once the first session has ended, the second one runs.
    let second = slow_session(&env, 3, Duration::from_millis(1));
    assert_eq!(first.len(), 4);
    assert_eq!(second.len(), 3);
    let log = reviewed(&env);
    let mut unique = log.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        log.len(),
        "a card was answered twice: {log:?}"
    );
    assert_eq!(log.len(), first.len() + second.len(), "an answer was lost");
}

#[test]
fn an_answer_to_a_card_changed_elsewhere_is_refused_not_written_over() {
    let env = TestEnv::new();
    env.cmd(DAY, &["status"]).assert().success();
    let mut one = Store::open(&env.db()).unwrap();
    let mut two = Store::open(&env.db()).unwrap();
    let id = reviewed_candidate(&one);
    let shown = one.card(&id).unwrap().unwrap().state;
    let day = StudyDay::from_number(20_778);
    let answer = |before, after| LogEntry {
        card: &id,
        at: "2026-11-21T12:00:00+00:00",
        day,
        kind: LogKind::Suspend,
        grade: None,
        duration_ms: 0,
        was_new: false,
        before,
        after,
    };
    let suspended = recall::domain::state::suspend(shown);
    let buried = recall::domain::state::bury(shown, day);
    // The second handle changes the card first …
    two.record(&answer(shown, suspended)).unwrap();
    // … so the first one's answer, given to the card as it was, is refused.
    let refused = one.record(&answer(shown, buried));
    assert!(
        matches!(refused, Err(StoreError::CardChanged(_))),
        "{refused:?}"
    );
    assert_eq!(one.card(&id).unwrap().unwrap().state, suspended);
    assert_eq!(one.log(Some(&id)).unwrap().len(), 1);
}

fn reviewed_candidate(store: &Store) -> recall::domain::card::CardId {
    let mut first = None;
    store
        .each_candidate(
            StudyDay::from_number(20_778),
            None,
            recall::domain::queue::Pool::New,
            |_, id| {
                first = Some(id);
                std::ops::ControlFlow::Break(())
            },
        )
        .unwrap();
    first.unwrap()
}

#[test]
fn a_writer_waits_for_another_writers_transaction_instead_of_failing() {
    let env = TestEnv::new();
    env.cmd(DAY, &["status"]).assert().success();
    std::fs::write(
        env.path("notes.md"),
        "# 메모\n\n## 리스트\n\n파이썬의 리스트는 변경 가능한 순서열이다.\n",
    )
    .unwrap();
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value;")
        .unwrap();
    let child = recall(&env, &["import", env.path("notes.md").to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    conn.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8(out.stdout).unwrap().contains("1 added"));
}

#[test]
fn a_sessions_undo_takes_back_its_own_answer_not_a_change_made_elsewhere() {
    let env = TestEnv::new();
    env.cmd(DAY, &["status"]).assert().success();
    let elsewhere = env.json(DAY, &["cards", "--json", "--deck", "python-api"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut child = recall(
        &env,
        &[
            "review",
            "--plain",
            "--new",
            "2",
            "--deck",
            "python-libraries",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut next_line = || {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        line
    };
    assert!(next_line().starts_with("Q: json"));
    writeln!(stdin).unwrap();
    assert!(next_line().starts_with("A: "));
    writeln!(stdin, "5").unwrap();
    assert!(next_line().starts_with("Q: "));
    // Another terminal suspends a card while the session waits …
    recall(&env, &["suspend", &elsewhere]).output().unwrap();
    // … and the session's undo takes back the session's own answer.
    writeln!(stdin, "u").unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    let suspended =
        env.json(DAY, &["cards", "--json", "--deck", "python-api"])[0]["state"]["suspended"]
            .clone();
    assert_eq!(suspended, true, "the suspend made elsewhere was undone");
    assert_eq!(env.card(DAY, "json — 기능은?")["state"]["reps"], 0);
    assert!(reviewed(&env).is_empty());
}

#[test]
fn undoing_a_change_whose_card_changed_since_is_refused() {
    let env = TestEnv::new();
    env.cmd(DAY, &["status"]).assert().success();
    let mut store = Store::open(&env.db()).unwrap();
    let id = reviewed_candidate(&store);
    let day = StudyDay::from_number(20_778);
    let change = |before, after| LogEntry {
        card: &id,
        at: "2026-11-21T12:00:00+00:00",
        day,
        kind: LogKind::Suspend,
        grade: None,
        duration_ms: 0,
        was_new: false,
        before,
        after,
    };
    let shown = store.card(&id).unwrap().unwrap().state;
    let suspended = recall::domain::state::suspend(shown);
    let first = store.record(&change(shown, suspended)).unwrap();
    let buried = recall::domain::state::bury(suspended, day);
    store.record(&change(suspended, buried)).unwrap();
    let refused = store.undo_entry(first, "2026-11-21T12:00:00+00:00", day);
    assert!(
        matches!(refused, Err(StoreError::CardChanged(_))),
        "{refused:?}"
    );
    assert_eq!(store.card(&id).unwrap().unwrap().state, buried);
}
