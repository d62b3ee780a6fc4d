//! Errors end with the exit code of their kind and, where the user can act,
//! a hint line after the `recall: …` line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestEnv, file_bytes};
use recall::storage::Store;
use rusqlite::Connection;

fn stderr_lines(out: &assert_cmd::assert::Assert) -> Vec<String> {
    String::from_utf8(out.get_output().stderr.clone())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_damaged_database_is_a_data_error_with_a_hint() {
    let env = TestEnv::new();
    drop(Store::open(&env.db()).unwrap());
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let mut bytes = file_bytes(&env.db());
    for b in bytes.iter_mut().skip(100).take(3000) {
        *b = 0xA5;
    }
    std::fs::write(env.db(), &bytes).unwrap();
    let out = env.cmd("2026-11-21", &["status"]).assert().code(1);
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("recall: "), "{lines:?}");
    assert!(
        lines[1].starts_with("hint: ") && lines[1].contains("damaged"),
        "{lines:?}"
    );
}

#[test]
fn a_foreign_file_is_a_data_error_with_a_hint() {
    let env = TestEnv::new();
    std::fs::write(env.db(), "my shopping list\n").unwrap();
    let out = env.cmd("2026-11-21", &["status"]).assert().code(1);
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[1].starts_with("hint: ") && lines[1].contains("--db"),
        "{lines:?}"
    );
}

#[test]
fn a_missing_card_is_one_line_and_bad_usage_exits_2() {
    let env = TestEnv::new();
    env.cmd("2026-11-21", &["status"]).assert().success();
    env.cmd("2026-11-21", &["unsuspend", "카드"])
        .assert()
        .code(1)
        .stderr("recall: no card with id 카드\n");
    env.cmd("2026-11-21", &["suspend"]).assert().code(2);
}
