//! The store: migrations, refusing databases it must not touch, durability
//! of every answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestEnv, file_bytes};
use recall::decks::BUILTIN;
use recall::domain::clock::StudyDay;
use recall::storage::{APPLICATION_ID, MIGRATIONS, Store, latest_version};
use rusqlite::Connection;

/// Applies the first `count` migrations by hand, as an older build did.
fn database_at_version(path: &std::path::Path, count: usize) -> Connection {
    let conn = Connection::open(path).unwrap();
    for (index, sql) in MIGRATIONS.iter().take(count).enumerate() {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {}; COMMIT;",
            index + 1
        ))
        .unwrap();
    }
    conn
}

/// Column `index` of every row `sql` gives, as text.
fn texts(conn: &Connection, sql: &str, index: usize) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(index))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    texts(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%STRICT%' ORDER BY name",
        0,
    )
}

#[test]
fn migration_1_creates_the_card_tables() {
    let env = TestEnv::new();
    let conn = database_at_version(&env.db(), 1);
    assert_eq!(
        tables(&conn),
        vec!["cards", "facts", "meta", "reviews"],
        "every table is STRICT"
    );
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

/// The per-deck counts computed straight from the cards (due: answered
/// cards with a successful repetition, learning ones being counted apart).
fn counted_from_cards(conn: &Connection, today: i64) -> Vec<(String, i64, i64, i64, i64, i64)> {
    conn.prepare(
        "SELECT deck, sum(due IS NULL AND suspended = 0), sum(due IS NOT NULL AND reps = 0 AND suspended = 0),
                sum(due IS NOT NULL AND reps > 0 AND due <= ?1 AND suspended = 0), sum(suspended), count(*)
         FROM cards WHERE retired = 0 GROUP BY deck ORDER BY deck",
    )
    .unwrap()
    .query_map([today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn counted_by_store(store: &Store, today: i64) -> Vec<(String, i64, i64, i64, i64, i64)> {
    let n = |v: u64| i64::try_from(v).unwrap();
    store
        .deck_counts(StudyDay::from_number(today))
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.deck,
                n(c.new),
                n(c.learning),
                n(c.due),
                n(c.suspended),
                n(c.total),
            )
        })
        .collect()
}

#[test]
fn migration_2_backfills_the_deck_counters_and_triggers_keep_them() {
    let env = TestEnv::new();
    let conn = database_at_version(&env.db(), 1);
    // Cards as version 1 left them: new, learning, review, suspended, retired.
    for (i, (due, reps, suspended, retired)) in [
        (None, 0, 0, 0),
        (Some(10), 0, 0, 0),
        (Some(12), 3, 0, 0),
        (Some(9), 2, 1, 0),
        (Some(5), 1, 0, 1),
    ]
    .into_iter()
    .enumerate()
    {
        conn.execute(
            "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, tags,
             source_file, source_line, due, reps, suspended, retired)
             VALUES (?1, 'o', ?2, ?3, 'notes', ?1, 'r', ?1, 'q' || ?1, 'a', '', 'f', 1, ?4, ?5, ?6, ?7)",
            rusqlite::params![format!("c{i}"), i, if i % 2 == 0 { "A" } else { "B::C" }, due, reps, suspended, retired],
        )
        .unwrap();
    }
    drop(conn);
    let mut store = Store::open(&env.db()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let conn = Connection::open(env.db()).unwrap();
    assert!(tables(&conn).contains(&"deck_counts".to_string()));
    for today in [0, 10, 11, 12, 20] {
        assert_eq!(
            counted_by_store(&store, today),
            counted_from_cards(&conn, today),
            "day {today}"
        );
    }
    // Answers, suspends, syncs and retirements keep the counters exact.
    let deck = BUILTIN[4].generate();
    store.sync_origin("notes", 0, &deck).unwrap();
    for (session_day, card) in (20..).zip(deck.cards.iter().take(5)) {
        let row = store.card(&card.id).unwrap().unwrap();
        let mut after = row.state;
        after.due = Some(StudyDay::from_number(session_day));
        after.reps = 1;
        after.suspended = session_day % 2 == 0;
        store
            .record(&recall::storage::LogEntry {
                card: &card.id,
                at: "2026-11-21T12:00:00+00:00",
                day: StudyDay::from_number(session_day),
                kind: recall::domain::state::LogKind::Review,
                grade: None,
                duration_ms: 0,
                was_new: true,
                before: row.state,
                after,
            })
            .unwrap();
    }
    store
        .undo_last("2026-11-21T12:00:00+00:00", StudyDay::from_number(24))
        .unwrap();
    let mut shorter = deck.clone();
    shorter.cards.truncate(10);
    store.sync_origin("notes", 0, &shorter).unwrap();
    for today in [0, 20, 22, 30] {
        assert_eq!(
            counted_by_store(&store, today),
            counted_from_cards(&conn, today),
            "day {today}"
        );
    }
}

#[test]
fn a_fresh_file_reaches_the_latest_version_in_wal_mode() {
    let env = TestEnv::new();
    drop(Store::open(&env.db()).unwrap());
    let conn = Connection::open(env.db()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version());
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert!(store.integrity_ok().unwrap());
}

#[test]
fn a_database_from_a_newer_recall_is_refused_and_left_untouched() {
    let env = TestEnv::new();
    drop(Store::open(&env.db()).unwrap());
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {};", latest_version() + 1))
            .unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let before = file_bytes(&env.db());
    let out = env.cmd("2026-11-21", &["status"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("newer recall"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert_eq!(file_bytes(&env.db()), before);
}

#[test]
fn a_file_that_is_not_a_recall_database_is_refused_and_left_untouched() {
    let env = TestEnv::new();
    // Plain text.
    std::fs::write(env.db(), "my shopping list\n").unwrap();
    let out = env
        .cmd("2026-11-21", &["review", "--plain"])
        .assert()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("not a recall database"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(env.db()).unwrap(),
        "my shopping list\n"
    );
    // Some other program's SQLite database.
    std::fs::remove_file(env.db()).unwrap();
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
    }
    let before = file_bytes(&env.db());
    env.cmd("2026-11-21", &["status"]).assert().code(1);
    assert_eq!(file_bytes(&env.db()), before);
}

#[test]
fn a_corrupt_database_is_reported_not_overwritten() {
    let env = TestEnv::new();
    drop(Store::open(&env.db()).unwrap());
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let mut bytes = file_bytes(&env.db());
    // Keep the header, scribble over the schema page.
    for b in bytes.iter_mut().skip(100).take(3000) {
        *b = 0xA5;
    }
    std::fs::write(env.db(), &bytes).unwrap();
    let out = env.cmd("2026-11-21", &["status"]).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("recall: "), "{stderr}");
    assert_eq!(file_bytes(&env.db()), bytes);
}

#[test]
fn sync_keeps_progress_and_retires_removed_cards() {
    let mut store = Store::open_in_memory().unwrap();
    let mut deck = BUILTIN[0].generate();
    let first = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!(first.added, u64::try_from(deck.cards.len()).unwrap());
    let again = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!((again.added, again.updated, again.retired), (0, 0, 0));
    let removed = deck.cards.pop().unwrap();
    deck.cards[0].answer = "고친 답".into();
    let report = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!((report.added, report.updated, report.retired), (0, 1, 1));
    let retired = store.card(&removed.id).unwrap().unwrap();
    assert!(retired.retired);
    assert_eq!(
        store.card(&deck.cards[0].id).unwrap().unwrap().card.answer,
        "고친 답"
    );
}

#[test]
fn every_card_reads_back_as_made_whether_its_insert_shares_values_or_not() {
    use recall::domain::card::{CardKind, Generator};
    // Inserts go 32 cards a statement; one whose cards agree on deck,
    // generator, source file and kind binds those once. Here the first 32
    // agree, the next 32 each differ from the first in one of them, and
    // the last few agree again.
    let mut deck = BUILTIN[0].generate();
    assert!(deck.cards.len() > 80);
    deck.cards.truncate(80);
    let kept: Vec<_> = deck.cards.iter().map(|c| c.id.clone()).collect();
    deck.facts.retain(|fact| kept.contains(&fact.card));
    for card in &mut deck.cards {
        card.deck = "a::b".into();
        card.generator = Generator::Notes;
        card.source.file = "notes.md".into();
        card.kind = CardKind::Basic;
    }
    deck.cards[33].deck = "a::c".into();
    deck.cards[40].generator = Generator::Library;
    deck.cards[50].source.file = "other.md".into();
    deck.cards[63].kind = CardKind::Cloze;
    let mut store = Store::open_in_memory().unwrap();
    let report = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!(report.added, 80);
    for card in &deck.cards {
        let stored = store.card(&card.id).unwrap().unwrap();
        assert_eq!(&stored.card, card);
        assert!(!stored.retired);
    }
}

#[test]
fn a_build_with_changed_decks_syncs_them_on_the_next_command() {
    let env = TestEnv::new();
    env.cmd("2026-11-21", &["review", "--plain", "--new", "1"])
        .write_stdin("\n5\n")
        .assert()
        .success();
    // Pretend the database was filled by an older build: one answer text
    // differs and the stored fingerprint is stale.
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute(
            "UPDATE cards SET answer = 'old text' WHERE question = 'json — 기능은?'",
            [],
        )
        .unwrap();
        conn.execute(
            "UPDATE meta SET value = 'older-build' WHERE key = 'builtin_fingerprint'",
            [],
        )
        .unwrap();
    }
    env.cmd("2026-11-21", &["status"])
        .assert()
        .success()
        .stderr("recall: built-in decks updated: 0 added, 1 updated, 0 retired\n");
    let card = env.card("2026-11-21", "json — 기능은?");
    assert_eq!(card["answer"], "JSON 형식 데이터 직렬화/역직렬화");
    assert_eq!(card["state"]["reps"], 1, "progress kept");
    // Synced once: the next command says nothing.
    env.cmd("2026-11-21", &["status"])
        .assert()
        .success()
        .stderr("");
    // `recall sync` reports explicitly.
    env.cmd("2026-11-21", &["sync"])
        .assert()
        .success()
        .stdout(predicates::str::contains("합계 (total)"));
}

#[test]
fn migration_3_gives_existing_cards_the_basic_kind() {
    let env = TestEnv::new();
    let conn = database_at_version(&env.db(), 2);
    conn.execute(
        "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, tags,
         source_file, source_line) VALUES ('c1', 'o', 1, 'A', 'notes', 'k', 'r', 's', 'q', 'a', '', 'f', 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let card = store
        .card(&recall::domain::card::CardId::parse("c1").unwrap())
        .unwrap()
        .unwrap()
        .card;
    assert_eq!(card.kind, recall::domain::card::CardKind::Basic);
    let conn = Connection::open(env.db()).unwrap();
    let bad = conn.execute("UPDATE cards SET kind = 'essay' WHERE id = 'c1'", []);
    assert!(bad.is_err(), "an unknown kind is refused by the schema");
}

/// The bytecode SQLite runs for `sql`: each instruction's name.
fn opcodes(conn: &Connection, sql: &str) -> Vec<String> {
    texts(conn, &format!("EXPLAIN {sql}"), 1)
}

#[test]
fn migration_7_keeps_every_kind_rule_and_checks_without_a_temporary_table() {
    let env = TestEnv::new();
    let conn = database_at_version(&env.db(), 6);
    conn.execute_batch(
        "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, tags,
         source_file, source_line, kind) VALUES ('c1', 'o', 1, 'A', 'notes', 'k', 'r', 's', 'q', 'a', '', 'f', 1, 'cloze');
         INSERT INTO reviews (card_id, at, day, kind, grade, before, after)
         VALUES ('c1', '2026-11-20T12:00:00Z', 1, 'review', 4, '{}', '{}');",
    )
    .unwrap();
    let insert_card = "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, \
         answer, tags, source_file, source_line, kind) VALUES ('c2', 'o', 2, 'A', 'notes', 'k', 'r2', 's', 'q', 'a', '', 'f', 1, 'code')";
    assert!(
        opcodes(&conn, insert_card).contains(&"OpenEphemeral".to_string()),
        "before: a temporary table of the kinds for each row"
    );
    // Open across the migration: it must see the new definitions too.
    let other = Connection::open(env.db()).unwrap();
    other.execute_batch("SELECT count(*) FROM cards").unwrap();
    drop(conn);

    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    drop(store);
    let conn = Connection::open(env.db()).unwrap();
    for (table, kinds) in [
        ("cards", &["basic", "reverse", "cloze", "code"][..]),
        (
            "reviews",
            &["review", "drill", "quiz", "undo", "suspend", "bury"][..],
        ),
    ] {
        let set_kind = format!("UPDATE {table} SET kind = ?1 WHERE rowid = 1");
        for kind in kinds {
            conn.execute(&set_kind, [kind])
                .unwrap_or_else(|e| panic!("{table}: {kind} refused: {e}"));
        }
        for bad in ["essay", "", "Basic", "review "] {
            let refused = conn.execute(&set_kind, [bad]);
            assert!(refused.is_err(), "{table}: {bad:?} is not a kind");
            let refused = other.execute(&set_kind, [bad]);
            let message = refused.unwrap_err().to_string();
            assert!(
                message.contains("kind = "),
                "the other connection checks by the new rule: {message}"
            );
        }
    }
    assert!(
        !opcodes(&conn, insert_card).contains(&"OpenEphemeral".to_string()),
        "after: the kind is compared in place"
    );
    let answer: (String, String, i64) = conn
        .query_row(
            "SELECT c.question, r.kind, r.grade FROM cards c JOIN reviews r ON r.card_id = c.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        answer,
        ("q".to_string(), "bury".to_string(), 4),
        "the rows are as they were"
    );
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn from_every_version_and_new_the_kind_checks_end_as_comparisons() {
    // The migration replaces the checks' text as the earlier migrations
    // wrote it; from whichever version a file comes, none is left behind.
    for from in 0..=6 {
        let env = TestEnv::new();
        drop(database_at_version(&env.db(), from));
        drop(Store::open(&env.db()).unwrap());
        let conn = Connection::open(env.db()).unwrap();
        let sql = texts(
            &conn,
            "SELECT sql FROM sqlite_schema WHERE name IN ('cards', 'reviews') ORDER BY name",
            0,
        );
        assert_eq!(sql.len(), 2, "from version {from}");
        for table in &sql {
            assert!(!table.contains("kind IN"), "from version {from}: {table}");
            assert!(
                table.contains("CHECK (kind = "),
                "from version {from}: {table}"
            );
        }
    }
}

#[test]
fn the_leech_tag_follows_the_state_through_syncs_and_unsuspend() {
    use recall::domain::state::{self, LEECH_TAG, LogKind};
    use recall::storage::LogEntry;

    let mut store = Store::open_in_memory().unwrap();
    let mut deck = BUILTIN[0].generate();
    store.sync_origin("test", 0, &deck).unwrap();
    let card = deck.cards[0].clone();
    let tags = |store: &Store| store.card(&card.id).unwrap().unwrap().card.tags;
    let day = StudyDay::from_number(100);
    let set = |store: &mut Store, after: recall::domain::state::CardState| {
        let before = store.card(&card.id).unwrap().unwrap().state;
        store
            .record(&LogEntry::change(
                &card.id,
                "2026-11-21T12:00:00+00:00",
                day,
                LogKind::Suspend,
                before,
                after,
            ))
            .unwrap();
    };
    let before = store.card(&card.id).unwrap().unwrap().state;
    set(
        &mut store,
        recall::domain::state::CardState {
            leech: true,
            ..state::suspend(before)
        },
    );
    let with_leech = tags(&store);
    assert_eq!(with_leech.last().map(String::as_str), Some(LEECH_TAG));
    assert_eq!(with_leech.len(), card.tags.len() + 1);
    // The tag is state, not content: syncing the same deck changes nothing…
    let again = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!((again.updated, again.added, again.retired), (0, 0, 0));
    assert_eq!(tags(&store), with_leech);
    // …and an edited card keeps it.
    deck.cards[0].answer = "고친 답".into();
    let edited = store.sync_origin("test", 0, &deck).unwrap();
    assert_eq!(edited.updated, 1);
    assert_eq!(tags(&store), with_leech);
    // Unsuspending ends the leech and takes the tag away.
    let leech = store.card(&card.id).unwrap().unwrap().state;
    set(&mut store, state::unsuspend(leech));
    assert_eq!(tags(&store), card.tags);
}

#[test]
fn cards_moved_between_origins_and_new_ones_keep_the_counters_exact() {
    use recall::domain::card::CardId;

    let env = TestEnv::new();
    let mut store = Store::open(&env.db()).unwrap();
    let conn = Connection::open(env.db()).unwrap();
    let deck = BUILTIN[4].generate();
    store.sync_origin("a", 0, &deck).unwrap();
    // Origin "b" takes every third card of "a" into another deck, between
    // cards of its own, so that bulk inserts meet ids held elsewhere.
    let mut moved = deck.clone();
    moved.facts.clear();
    for (i, card) in moved.cards.iter_mut().enumerate() {
        card.deck = "Moved".to_string();
        if i % 3 != 0 {
            card.id = CardId::parse(&format!("new{i}")).unwrap();
        }
    }
    let report = store.sync_origin("b", 1_000_000, &moved).unwrap();
    for today in [0, 20] {
        assert_eq!(
            counted_by_store(&store, today),
            counted_from_cards(&conn, today),
            "day {today}"
        );
    }
    let moved_over: i64 = conn
        .query_row(
            "SELECT count(*) FROM cards WHERE origin = 'b' AND deck = 'Moved'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(u64::try_from(moved_over).unwrap(), report.added);
    assert!(report.added > 10);
    // Syncing "a" again takes the moved cards back and retires nothing twice.
    store.sync_origin("a", 0, &deck).unwrap();
    assert_eq!(counted_by_store(&store, 0), counted_from_cards(&conn, 0));
}

#[test]
fn a_new_origin_starts_after_every_other_and_a_known_one_keeps_its_place() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.next_ord_base("import:x").unwrap(), 0);
    let deck = BUILTIN[4].generate();
    store.sync_origin("builtin:a", 0, &deck).unwrap();
    store.sync_origin("builtin:b", 3_000_000, &deck).unwrap();
    assert_eq!(store.next_ord_base("import:x").unwrap(), 4_000_000);
    store.sync_origin("import:x", 4_000_000, &deck).unwrap();
    assert_eq!(store.next_ord_base("import:x").unwrap(), 4_000_000);
    assert_eq!(store.next_ord_base("import:y").unwrap(), 5_000_000);
}

#[test]
fn migration_4_records_where_each_origin_lies() {
    let env = TestEnv::new();
    let conn = database_at_version(&env.db(), 3);
    for (id, origin, ord) in [("c1", "o", 5), ("c2", "o", 9), ("c3", "p", 2_000_000)] {
        conn.execute(
            "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, tags,
             source_file, source_line) VALUES (?1, ?2, ?3, 'A', 'notes', 'k', 'r', ?1, 'q', 'a', '', 'f', 1)",
            rusqlite::params![id, origin, ord],
        )
        .unwrap();
    }
    drop(conn);
    let store = Store::open(&env.db()).unwrap();
    assert_eq!(store.next_ord_base("o").unwrap(), 5);
    assert_eq!(store.next_ord_base("q").unwrap(), 3_000_000);
}
