//! Damage is detected and never written into: `recall check` verifies the
//! file, the counters and every card against its log; `--repair` rebuilds
//! them from the log after a snapshot; a session on a damaged file refuses
//! before it writes an answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestEnv, file_bytes};
use rusqlite::Connection;

const NOW: &str = "2026-11-22";

/// A small collection with a history, its WAL checkpointed into the file.
fn studied() -> TestEnv {
    let env = TestEnv::new();
    env.review("2026-11-21", &["--new", "3"], "\n5\n\n1\n\n4\n\n4\n");
    env.review(NOW, &["--new", "2"], "\n5\n\ns\n");
    env
}

fn stdout_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn stderr_of(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

#[test]
fn check_passes_on_a_sound_collection() {
    let env = studied();
    let out = env.cmd(NOW, &["check"]).assert().success();
    assert!(stdout_of(&out).starts_with("ok: "), "{}", stdout_of(&out));
}

#[test]
fn a_card_state_that_its_log_does_not_give_is_reported_and_repaired_from_the_log() {
    let env = studied();
    let original = env.json(NOW, &["cards", "--json"]);
    {
        // An answer's effect lost (the state put back to new), a counter off.
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch(
            "UPDATE cards SET reps = 0, ef = 250, interval = 0, due = NULL \
             WHERE id = (SELECT card_id FROM reviews WHERE kind = 'review' ORDER BY id LIMIT 1); \
             UPDATE deck_counts SET n = n + 3 WHERE (deck, class, due) IN \
               (SELECT deck, class, due FROM deck_counts LIMIT 1);",
        )
        .unwrap();
    }
    let out = env.cmd(NOW, &["check"]).assert().code(1);
    let report = stdout_of(&out);
    assert!(report.contains("state: card "), "{report}");
    assert!(report.contains("counter: deck "), "{report}");
    assert!(stderr_of(&out).contains("hint: `recall check --repair`"));
    let out = env.cmd(NOW, &["check", "--repair"]).assert().success();
    assert!(
        stdout_of(&out).contains("1 card states rebuilt"),
        "{}",
        stdout_of(&out)
    );
    // The repair made a snapshot first.
    assert!(env.dir.path().join("backups").read_dir().unwrap().count() >= 1);
    env.cmd(NOW, &["check"]).assert().success();
    assert_eq!(env.json(NOW, &["cards", "--json"]), original);
}

#[test]
fn an_ef_below_the_floor_is_reported() {
    let env = studied();
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute("UPDATE cards SET ef = 120 WHERE due IS NOT NULL", [])
            .unwrap();
    }
    let out = env.cmd(NOW, &["check"]).assert().code(1);
    assert!(
        stdout_of(&out).contains("below 1.30"),
        "{}",
        stdout_of(&out)
    );
}

/// Seeded garbage for a page.
fn garbage(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn every_damaged_page_is_refused_or_reported_and_no_answer_is_written_into_it() {
    let env = studied();
    let pristine = file_bytes(&env.db());
    let page_size = {
        let conn = Connection::open(env.db()).unwrap();
        let size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        usize::try_from(size).unwrap()
    };
    assert!(!env.db().with_extension("db-wal").exists());
    let pages = pristine.len() / page_size;
    assert!(pages > 10, "{pages} pages");
    let (mut refused, mut harmless) = (0, 0);
    for page in 0..pages {
        let damaged_env = TestEnv::new();
        let mut bytes = pristine.clone();
        let start = page * page_size;
        bytes[start..start + page_size].copy_from_slice(&garbage(page as u64 + 1, page_size));
        std::fs::write(damaged_env.db(), &bytes).unwrap();
        let sound = Connection::open(damaged_env.db())
            .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)))
            .is_ok_and(|r| r == "ok");
        let out = damaged_env
            .cmd(NOW, &["review", "--plain", "--new", "5"])
            .write_stdin("\n5\n\n5\n")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            // Only damage that SQLite itself cannot see (an unused page)
            // lets a session write.
            assert!(
                sound,
                "page {page}: an answer was written into a damaged file"
            );
            harmless += 1;
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "page {page}: {stderr}");
        assert!(stderr.contains("hint: "), "page {page}: {stderr}");
        // Nothing was written: the file is as damaged, no answer in a WAL.
        assert_eq!(file_bytes(&damaged_env.db()), bytes, "page {page}");
        let wal = damaged_env.dir.path().join("recall.db-wal");
        assert!(
            std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
            "page {page}: the WAL holds writes"
        );
        // And `check` says what is wrong.
        let check = damaged_env.cmd(NOW, &["check"]).output().unwrap();
        assert_ne!(check.status.code(), Some(0), "page {page}: check passed");
        refused += 1;
    }
    eprintln!("{pages} pages: {refused} refused, {harmless} unseen by SQLite");
    assert!(
        refused > pages / 2,
        "{refused} of {pages} refused, {harmless} harmless"
    );
}

/// Every log row, as the JSON backup shows it, per card.
fn histories(env: &TestEnv) -> Vec<(serde_json::Value, serde_json::Value)> {
    let backup = env.json(NOW, &["export", "--format", "json"]);
    backup["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["history"].as_array().unwrap().is_empty())
        .map(|c| (c["id"].clone(), c["history"].clone()))
        .collect()
}

#[test]
fn repair_recovers_a_damaged_file_into_a_fresh_one_and_keeps_the_damaged_one() {
    let env = studied();
    let original = histories(&env);
    let cards = env
        .json(NOW, &["cards", "--json"])
        .as_array()
        .unwrap()
        .len();
    let pristine = file_bytes(&env.db());
    // A page of card text: damaging it leaves the log readable.
    let page = (2..pristine.len() / 4096)
        .find(|&page| {
            let mut bytes = pristine.clone();
            bytes[page * 4096..(page + 1) * 4096].copy_from_slice(&garbage(7, 4096));
            let probe = env.path("probe.db");
            std::fs::write(&probe, &bytes).unwrap();
            let conn = Connection::open(&probe).unwrap();
            let log_readable = conn
                .prepare("SELECT * FROM reviews")
                .and_then(|mut s| s.query_map([], |_| Ok(())).map(|rows| rows.count()))
                .is_ok_and(|n| n > 0)
                && conn
                    .prepare("SELECT * FROM reviews")
                    .and_then(|mut s| {
                        s.query_map([], |_| Ok(()))
                            .map(|rows| rows.filter(Result::is_err).count())
                    })
                    .is_ok_and(|bad| bad == 0);
            let cards_broken = conn
                .prepare("SELECT question FROM cards")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, String>(0))
                        .map(|rows| rows.filter(Result::is_err).count())
                })
                .map_or(true, |bad| bad > 0);
            log_readable && cards_broken
        })
        .expect("a page of card text");
    let mut bytes = pristine.clone();
    bytes[page * 4096..(page + 1) * 4096].copy_from_slice(&garbage(7, 4096));
    std::fs::write(env.db(), &bytes).unwrap();
    let out = env.cmd(NOW, &["check"]).assert().code(1);
    assert!(
        stdout_of(&out).contains("integrity: "),
        "{}",
        stdout_of(&out)
    );
    let out = env.cmd(NOW, &["check", "--repair"]).assert().success();
    let said = stdout_of(&out);
    assert!(said.contains("recovered into a fresh file"), "{said}");
    // The damaged file is kept, byte for byte.
    let kept: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".damaged-2026-11-22T120000"))
        .collect();
    assert_eq!(kept.len(), 1, "{said}");
    assert_eq!(file_bytes(&kept[0]), bytes);
    env.cmd(NOW, &["check"]).assert().success();
    // The log is whole; the lost built-in cards came back from the decks.
    assert_eq!(histories(&env), original);
    assert_eq!(
        env.json(NOW, &["cards", "--json"])
            .as_array()
            .unwrap()
            .len(),
        cards
    );
}

#[test]
fn restore_puts_a_snapshot_in_place_of_a_damaged_file() {
    let env = studied();
    let out = env.cmd(NOW, &["backup"]).assert().success();
    let snapshot = stdout_of(&out).trim().to_string();
    let original = env.json(NOW, &["cards", "--json"]);
    let pristine = file_bytes(&env.db());
    let mut bytes = pristine.clone();
    let last = pristine.len() / 4096 - 1;
    bytes[last * 4096..].copy_from_slice(&garbage(3, 4096));
    std::fs::write(env.db(), &bytes).unwrap();
    env.cmd(NOW, &["check"]).assert().code(1);
    let out = env.cmd(NOW, &["restore", &snapshot]).assert().success();
    assert!(stdout_of(&out).contains(".damaged-"), "{}", stdout_of(&out));
    env.cmd(NOW, &["check"]).assert().success();
    assert_eq!(env.json(NOW, &["cards", "--json"]), original);
}
