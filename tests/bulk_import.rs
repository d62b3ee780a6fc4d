//! A large import: its documents are read on a second thread while the
//! cards before them are written, and it writes through a rollback journal
//! when nothing else has the file open. Whatever stops it (a failed write,
//! a kill, a reader holding the file), the collection is as it was or has
//! every file's cards, and the file is back in WAL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::TestEnv;
use rusqlite::Connection;

const NOW: &str = "2026-11-21";

/// A notes document of `n` headings, each one card: about 90 bytes a card,
/// so that 12,000 of them pass the large-import size (1 MiB) on their own.
fn notes(env: &TestEnv, name: &str, n: usize) -> PathBuf {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "## 항목 {i}\n\n\"quoted, comma\" 설명 {i}: 함수 f{i}() 는 값을 반환한다\n\n"
        ));
    }
    let path = env.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn card_count(env: &TestEnv) -> i64 {
    Connection::open(env.db())
        .unwrap()
        .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
        .unwrap()
}

fn journal_mode(env: &TestEnv) -> String {
    Connection::open(env.db())
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// A collection with history (so that an import takes a snapshot first).
fn studied() -> TestEnv {
    let env = TestEnv::new();
    env.review(NOW, &["--new", "3"], "\n4\n\n4\n\n4\n");
    env
}

#[test]
fn a_large_import_writes_every_card_and_leaves_the_file_in_wal() {
    let env = studied();
    let before = card_count(&env);
    let a = notes(&env, "a.md", 12_000);
    let b = notes(&env, "b.md", 700);
    let out = env
        .cmd(NOW, &["import", a.to_str().unwrap(), b.to_str().unwrap()])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("a: 12000 cards (12000 added"), "{stdout}");
    assert!(stdout.contains("b: 700 cards (700 added"), "{stdout}");
    assert_eq!(card_count(&env), before + 12_700);
    assert_eq!(journal_mode(&env), "wal");
    // The counters the insert trigger would have kept, and the rest of
    // the file, check out.
    env.cmd(NOW, &["check"]).assert().success();
    let status = env.json(NOW, &["status", "--json"]);
    let new: i64 = status["decks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["deck"] == "a" || d["deck"] == "b")
        .map(|d| d["new"].as_i64().unwrap())
        .sum();
    assert_eq!(new, 12_700, "{status}");
}

#[test]
fn a_large_import_that_fails_at_its_first_cards_ends_and_changes_nothing() {
    // The reader has far more to hand over than the channel holds when
    // the writer fails: it must be told to stop, not left waiting.
    let env = studied();
    let good = notes(&env, "good.md", 12_000);
    let bad = notes(&env, "bad.md", 12_000);
    {
        // Fails when the second card of deck `bad` is written, as a full
        // disk would.
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE UNIQUE INDEX full_disk ON cards (deck) WHERE deck = 'bad'")
            .unwrap();
    }
    let before = env.json(NOW, &["cards", "--json"]);
    for files in [vec![&bad, &good], vec![&good, &bad]] {
        let mut args = vec!["import"];
        args.extend(files.iter().map(|f| f.to_str().unwrap()));
        let started = Instant::now();
        let out = env
            .cmd(NOW, &args)
            .timeout(Duration::from_secs(120))
            .assert()
            .failure();
        // Ended by itself with the write's error (not by the timeout).
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("UNIQUE"), "{stderr}");
        assert!(started.elapsed() < Duration::from_secs(120));
        assert_eq!(env.json(NOW, &["cards", "--json"]), before);
        assert_eq!(journal_mode(&env), "wal");
    }
}

#[test]
fn a_large_import_killed_at_any_point_leaves_the_collection_whole() {
    let env = studied();
    let files: Vec<PathBuf> = (0..3)
        .map(|i| notes(&env, &format!("n{i}.md"), 5_000))
        .collect();
    let before = env.json(NOW, &["cards", "--json"]);
    let before_count = card_count(&env);
    let mut args = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let mut outcomes = (0, 0);
    for delay_ms in [30, 120, 300, 700, 1500, 3000] {
        let mut child = env
            .process(NOW, &args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        child.wait().unwrap();
        // The next command opens a whole collection: the import's cards
        // all in, or none of them.
        env.cmd(NOW, &["check"]).assert().success();
        let count = card_count(&env);
        if count == before_count {
            assert_eq!(env.json(NOW, &["cards", "--json"]), before, "{delay_ms} ms");
            outcomes.0 += 1;
        } else {
            assert_eq!(count, before_count + 15_000, "{delay_ms} ms");
            assert!(finished || delay_ms > 30, "{delay_ms} ms");
            outcomes.1 += 1;
            // Back to the start for the next kill.
            std::fs::remove_file(env.db()).unwrap();
            let _ = std::fs::remove_file(env.db().with_extension("db-wal"));
            let _ = std::fs::remove_file(env.db().with_extension("db-shm"));
            std::fs::remove_dir_all(env.path("backups")).unwrap();
            env.review(NOW, &["--new", "3"], "\n4\n\n4\n\n4\n");
            assert_eq!(env.json(NOW, &["cards", "--json"]), before);
        }
        assert_eq!(journal_mode(&env), "wal", "{delay_ms} ms");
    }
    assert!(outcomes.0 > 0, "no kill landed inside the import");
}

#[test]
fn a_large_import_while_another_connection_reads_goes_through_the_wal() {
    // The reader keeps the view it has; the import neither waits for it
    // nor fails.
    let env = studied();
    let big = notes(&env, "big.md", 12_000);
    let before = card_count(&env);
    let reader = Connection::open(env.db()).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let seen: i64 = reader
        .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seen, before);
    env.cmd(NOW, &["import", big.to_str().unwrap()])
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let still: i64 = reader
        .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
        .unwrap();
    assert_eq!(still, before);
    reader.execute_batch("COMMIT").unwrap();
    let after: i64 = reader
        .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, before + 12_000);
    drop(reader);
    assert_eq!(journal_mode(&env), "wal");
}
