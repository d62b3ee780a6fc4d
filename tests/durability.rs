//! The history is never lost: killed sessions keep every acknowledged
//! answer, snapshots and JSON backups restore the identical collection,
//! a multi-file import is all or nothing, and no command writes into a
//! file that is not a recall database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{TestEnv, file_bytes};
use rusqlite::Connection;

fn recall(env: &TestEnv, now: &str, args: &[&str]) -> Command {
    env.process(now, args)
}

/// A small deterministic generator (xorshift), so that the kill points
/// are the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// The questions of the answers (review and drill) logged on a day, in order.
fn logged_on(env: &TestEnv, day: &str) -> Vec<String> {
    let conn = Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT c.question FROM reviews r JOIN cards c ON c.id = r.card_id \
             WHERE r.kind IN ('review', 'drill') AND r.at LIKE ?1 || '%' ORDER BY r.id",
        )
        .unwrap();
    stmt.query_map([day], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn sessions_killed_at_random_points_lose_no_acknowledged_answer() {
    let env = TestEnv::new();
    let mut random = Seeded(0x5eed_1234_abcd);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let (mut killed, mut answers) = (0, 0);
    for session in 0..50 {
        let day = (start + chrono::Duration::days(session)).to_string();
        let mut child = recall(&env, &day, &["review", "--plain", "--new", "6"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // Kill after this many lines written, at a random moment after it.
        let kill_after = random.next(14);
        let mut written = 0;
        let (mut acknowledged, mut pending, mut question) = (Vec::new(), None, String::new());
        let mut line = String::new();
        while written <= kill_after {
            line.clear();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(q) = line.trim_end().strip_prefix("Q: ") {
                acknowledged.extend(pending.take());
                question = q.to_string();
                writeln!(stdin).unwrap();
                written += 1;
            } else if line.starts_with("A: ") {
                let grade = random.next(6);
                writeln!(stdin, "{grade}").unwrap();
                pending = Some(question.clone());
                written += 1;
            } else if line.contains("summary") {
                acknowledged.extend(pending.take());
            }
        }
        std::thread::sleep(Duration::from_micros(random.next(3000)));
        child.kill().unwrap();
        // Killed mid-session, not after it ended by itself.
        killed += usize::from(child.wait().unwrap().code().is_none());
        answers += acknowledged.len();
        let logged = logged_on(&env, &day);
        assert!(
            logged.len() >= acknowledged.len() && logged[..acknowledged.len()] == acknowledged[..],
            "session {session}: acknowledged {acknowledged:?}, logged {logged:?}"
        );
        // At most the answer in flight when it was killed is there besides.
        assert!(logged.len() <= acknowledged.len() + 1, "session {session}");
        let check = recall(&env, &day, &["check"]).output().unwrap();
        assert!(
            check.status.success(),
            "session {session}: {}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
    assert!(killed >= 40, "only {killed} sessions were killed mid-way");
    assert!(answers >= 50, "only {answers} answers were acknowledged");
}

/// `cards --json` and the JSON backup (every card's state and history).
fn collection_view(env: &TestEnv, now: &str) -> (String, serde_json::Value) {
    let cards = recall(env, now, &["cards", "--json"]).output().unwrap();
    assert!(cards.status.success());
    let backup = env.json(now, &["export", "--format", "json"]);
    let cards = String::from_utf8(cards.stdout).unwrap();
    (cards, backup["cards"].clone())
}

/// A collection with reviews, drills, an undo, a suspension and an import.
fn studied(env: &TestEnv) {
    env.review(
        "2026-11-21",
        &["--new", "4"],
        "\n5\n\n1\n\nu\n\n3\ns\n\n4\n\n5\n",
    );
    std::fs::write(
        env.path("notes.md"),
        "# 메모\n\n## 리스트\n\n파이썬의 리스트는 변경 가능한 순서열이다.\n",
    )
    .unwrap();
    env.cmd(
        "2026-11-21",
        &["import", env.path("notes.md").to_str().unwrap()],
    )
    .assert()
    .success();
    env.review("2026-11-22", &["--new", "3"], "\n5\n\n2\n\nb\n\n4\n");
}

#[test]
fn backup_then_restore_gives_back_the_identical_collection() {
    let env = TestEnv::new();
    studied(&env);
    let now = "2026-11-22";
    let original = collection_view(&env, now);
    let out = env.cmd(now, &["backup"]).assert().success();
    let snapshot = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let snapshot = snapshot.trim();
    assert!(
        snapshot.contains("backups/recall-2026-11-22T1200"),
        "{snapshot}"
    );
    // More study after the snapshot, then back to it.
    env.review(now, &["--new", "5"], "\n5\n\n5\n");
    assert_ne!(collection_view(&env, now), original);
    env.cmd(now, &["restore", snapshot]).assert().success();
    assert_eq!(collection_view(&env, now), original);
    env.cmd(now, &["check"]).assert().success();
    // The database itself is no snapshot of itself: refused, nothing lost.
    let db = env.db();
    env.cmd(now, &["restore", db.to_str().unwrap()])
        .assert()
        .code(1);
    assert_eq!(collection_view(&env, now), original);
}

#[test]
fn a_json_backup_restores_the_identical_collection() {
    let env = TestEnv::new();
    studied(&env);
    let now = "2026-11-22";
    let original = collection_view(&env, now);
    let backup = env.path("backup.json");
    env.cmd(
        now,
        &["export", "--format", "json", "-o", backup.to_str().unwrap()],
    )
    .assert()
    .success();
    env.review(now, &["--new", "5"], "\n5\n\n5\n");
    let out = env
        .cmd(now, &["restore", backup.to_str().unwrap()])
        .assert()
        .success();
    // The state before the restore was kept as a snapshot.
    let said = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(said.contains("backups/recall-"), "{said}");
    assert_eq!(collection_view(&env, now), original);
    env.cmd(now, &["check"]).assert().success();
    // The quiz material is there again.
    env.cmd(now, &["quiz", "--plain", "--count", "1"])
        .write_stdin("1\n")
        .assert()
        .success();
}

#[test]
fn rewriting_commands_and_the_first_answer_of_a_day_take_a_snapshot() {
    let env = TestEnv::new();
    let backups = env.dir.path().join("backups");
    let count = || std::fs::read_dir(&backups).map_or(0, |d| d.count());
    // Nothing to protect yet: no snapshot for a fresh collection.
    env.review("2026-11-21", &["--new", "1"], "\n5\n");
    assert_eq!(count(), 0);
    // The first answer of the next study day: one snapshot; the second
    // session of that day takes none.
    env.review("2026-11-22", &["--new", "1"], "\n5\n");
    assert_eq!(count(), 1);
    env.review("2026-11-22", &["--new", "2"], "\n5\n");
    assert_eq!(count(), 1);
    // A sync rewrites many rows: a snapshot first.
    env.cmd("2026-11-22T13:00:00Z", &["sync"])
        .assert()
        .success();
    assert_eq!(count(), 2);
    // Of the day's two snapshots only the newest stays once the day is over.
    env.review("2026-12-30", &["--new", "1"], "\n5\n");
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "recall-2026-11-22T130000.db".to_string(),
            "recall-2026-12-30T120000.db".to_string()
        ]
    );
}

#[test]
fn snapshots_thin_to_twelve_daily_ten_weekly_nine_monthly() {
    use chrono::{Days, NaiveDate};
    let env = TestEnv::new();
    env.cmd("2027-02-01", &["status"]).assert().success();
    let backups = env.dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // Fourteen months of daily snapshots, in the older minute-form names,
    // and a file that is not a snapshot.
    let mut day = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
    while day <= last {
        let name = format!("recall-{}T0900.db", day.format("%Y-%m-%d"));
        std::fs::write(backups.join(name), b"").unwrap();
        day = day.checked_add_days(Days::new(1)).unwrap();
    }
    std::fs::write(backups.join("notes.txt"), b"mine").unwrap();
    let out = env.cmd("2027-02-01", &["backup"]).assert().success();
    let taken = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        taken.trim().ends_with("recall-2027-02-01T120000.db"),
        "{taken}"
    );

    let mut kept: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    let old = |d: &str| format!("recall-{d}T0900.db");
    let mut expected: Vec<String> = Vec::new();
    // Monthly: the last day of each month before the weekly ones.
    for d in [
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-31",
    ] {
        expected.push(old(d));
    }
    // Weekly: the Sunday of each ISO week before the daily ones.
    for d in [
        "2026-11-15",
        "2026-11-22",
        "2026-11-29",
        "2026-12-06",
        "2026-12-13",
        "2026-12-20",
        "2026-12-27",
        "2027-01-03",
        "2027-01-10",
        "2027-01-17",
    ] {
        expected.push(old(d));
    }
    // Daily: the last twelve days.
    for d in 20..=31 {
        expected.push(old(&format!("2027-01-{d}")));
    }
    expected.push("recall-2027-02-01T120000.db".to_string());
    expected.push("notes.txt".to_string());
    expected.sort();
    assert_eq!(kept, expected);
}

#[test]
fn a_multi_file_import_is_all_or_nothing() {
    let env = TestEnv::new();
    env.cmd("2026-11-21", &["status"]).assert().success();
    let good = env.path("good.md");
    std::fs::write(
        &good,
        "# 메모\n\n## 리스트\n\n파이썬의 리스트는 변경 가능한 순서열이다.\n",
    )
    .unwrap();
    // A second file that only fails when its cards are written (as a full
    // disk would): an index that allows that deck one card, and the file
    // has two.
    let bad = env.path("bad.md");
    std::fs::write(
        &bad,
        "# 메모\n\n## 튜플을 만드는 함수\n\ntuple()\n\n## 집합을 만드는 함수\n\nset()\n",
    )
    .unwrap();
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE UNIQUE INDEX full_disk ON cards (deck) WHERE deck = 'bad'")
            .unwrap();
    }
    let before = env.json("2026-11-21", &["cards", "--json"]);
    env.cmd(
        "2026-11-21",
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
    )
    .assert()
    .code(predicates::ord::ne(0));
    assert_eq!(env.json("2026-11-21", &["cards", "--json"]), before);
    // Without the failure both files are imported.
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("DROP INDEX full_disk").unwrap();
    }
    env.cmd(
        "2026-11-21",
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
    )
    .assert()
    .success();
    let after = env.json("2026-11-21", &["cards", "--json"]);
    assert_eq!(
        after.as_array().unwrap().len(),
        before.as_array().unwrap().len() + 3
    );
}

#[test]
fn import_reads_regular_files_only_and_refuses_one_over_the_limit() {
    let env = TestEnv::new();
    env.cmd("2026-11-21", &["status"]).assert().success();
    let started = std::time::Instant::now();
    let out = env
        .cmd("2026-11-21", &["import", "/dev/zero"])
        .assert()
        .code(1);
    assert!(started.elapsed() < Duration::from_secs(5));
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let dir = env.dir.path().to_str().unwrap().to_string();
    env.cmd("2026-11-21", &["import", &dir]).assert().code(1);
    let big = env.path("big.md");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    let out = env
        .cmd("2026-11-21", &["import", big.to_str().unwrap()])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("16 MiB"), "{stderr}");
}

#[test]
fn a_foreign_sqlite_file_without_tables_is_refused_and_left_byte_identical() {
    for setup in [
        "PRAGMA page_size = 8192; VACUUM;",
        "PRAGMA application_id = 1234;",
        "PRAGMA user_version = 0; PRAGMA application_id = 0; CREATE TABLE t (x); DROP TABLE t;",
    ] {
        let env = TestEnv::new();
        {
            let conn = Connection::open(env.db()).unwrap();
            conn.execute_batch(setup).unwrap();
        }
        let before = file_bytes(&env.db());
        assert!(!before.is_empty(), "{setup}");
        for args in [
            &["status"][..],
            &["review", "--plain"][..],
            &["import", "x.md"][..],
        ] {
            let out = env.cmd("2026-11-21", args).assert().code(1);
            let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
            assert!(
                stderr.contains("not a recall database"),
                "{setup} {args:?}: {stderr}"
            );
        }
        assert_eq!(file_bytes(&env.db()), before, "{setup}");
    }
}

#[test]
fn a_read_only_database_is_refused_before_a_card_is_shown() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.cmd("2026-11-21", &["status"]).assert().success();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
    // Root writes through file modes; the immutable flag stops it too.
    let immutable = std::fs::OpenOptions::new()
        .write(true)
        .open(env.db())
        .is_ok();
    if immutable {
        let done = Command::new("chattr")
            .arg("+i")
            .arg(env.db())
            .status()
            .unwrap();
        assert!(done.success(), "cannot make the database read-only as root");
    }
    struct Mutable(std::path::PathBuf, bool);
    impl Drop for Mutable {
        fn drop(&mut self) {
            if self.1 {
                let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
            }
        }
    }
    let _restore = Mutable(env.db(), immutable);
    assert!(
        std::fs::OpenOptions::new()
            .write(true)
            .open(env.db())
            .is_err()
    );
    let out = env
        .cmd("2026-11-21", &["review", "--plain"])
        .write_stdin("\n5\n")
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stdout.contains("Q: "), "{stdout}");
    assert!(
        stderr.contains("read-only") && stderr.contains("hint: "),
        "{stderr}"
    );
    // Reading still works.
    env.cmd("2026-11-21", &["status"]).assert().success();
}
