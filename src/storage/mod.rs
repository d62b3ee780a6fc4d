//! SQLite storage. All SQL lives here; the rest of the program sees rows.

mod schema;

pub use schema::{APPLICATION_ID, MIGRATIONS, latest_version};

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::card::{Card, CardId, CardKind, GeneratedDeck, Generator, QuizFact, Source};
use crate::domain::sm2::{Grade, Schedule};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the database was written by a newer recall (schema {found}, this build knows {supported}); upgrade recall"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("this file is not a recall database")]
    Foreign,
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(std::io::Error),
    #[error("corrupt card state in the review log: {0}")]
    State(#[from] serde_json::Error),
}

impl StoreError {
    /// rusqlite says "file is not a database" for a file that is not SQLite.
    fn from_open(err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Foreign,
            _ => StoreError::Sqlite(err),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A card with everything the store knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardRow {
    pub card: Card,
    pub schedule: Schedule,
    pub suspended: bool,
    pub leech: bool,
    pub retired: bool,
    pub buried_day: Option<i64>,
    pub ord: i64,
}

/// The state that an answer, an undo or a suspend changes; logged as JSON
/// before and after every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardState {
    pub reps: u32,
    pub ef: u32,
    pub interval: u32,
    pub due: Option<i64>,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
    pub buried_day: Option<i64>,
}

impl CardRow {
    pub fn state(&self) -> CardState {
        CardState {
            reps: self.schedule.reps,
            ef: self.schedule.ef,
            interval: self.schedule.interval,
            due: self.schedule.due,
            lapses: self.schedule.lapses,
            suspended: self.suspended,
            leech: self.leech,
            buried_day: self.buried_day,
        }
    }
}

impl CardState {
    /// The same card with a new SM-2 schedule.
    pub fn with_schedule(self, s: Schedule) -> CardState {
        CardState {
            reps: s.reps,
            ef: s.ef,
            interval: s.interval,
            due: s.due,
            lapses: s.lapses,
            ..self
        }
    }

    pub fn schedule(&self) -> Schedule {
        Schedule {
            reps: self.reps,
            ef: self.ef,
            interval: self.interval,
            due: self.due,
            lapses: self.lapses,
        }
    }
}

/// What kind of event a log row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogKind {
    Review,
    Drill,
    Quiz,
    Undo,
    Suspend,
    Bury,
}

impl LogKind {
    fn as_str(self) -> &'static str {
        match self {
            LogKind::Review => "review",
            LogKind::Drill => "drill",
            LogKind::Quiz => "quiz",
            LogKind::Undo => "undo",
            LogKind::Suspend => "suspend",
            LogKind::Bury => "bury",
        }
    }

    fn parse(text: &str) -> LogKind {
        match text {
            "review" => LogKind::Review,
            "drill" => LogKind::Drill,
            "quiz" => LogKind::Quiz,
            "undo" => LogKind::Undo,
            "suspend" => LogKind::Suspend,
            _ => LogKind::Bury,
        }
    }
}

/// One change to a card, written to the log and applied in one transaction.
#[derive(Debug, Clone)]
pub struct LogEntry<'a> {
    pub card: &'a CardId,
    pub at: &'a str,
    pub day: i64,
    pub kind: LogKind,
    pub grade: Option<Grade>,
    pub duration_ms: u64,
    pub was_new: bool,
    pub before: CardState,
    pub after: CardState,
}

impl<'a> LogEntry<'a> {
    /// A change that is not an answer (suspend, bury): no grade, no time.
    pub fn change(
        card: &'a CardId,
        at: &'a str,
        day: i64,
        kind: LogKind,
        before: CardState,
        after: CardState,
    ) -> Self {
        LogEntry {
            card,
            at,
            day,
            kind,
            grade: None,
            duration_ms: 0,
            was_new: false,
            before,
            after,
        }
    }
}

/// A row of the review log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRow {
    pub id: i64,
    pub card_id: String,
    pub at: String,
    pub day: i64,
    pub kind: LogKind,
    pub grade: Option<u8>,
    pub duration_ms: u64,
    pub was_new: bool,
    pub before: CardState,
    pub after: CardState,
    pub undone: bool,
}

/// Counts for one deck.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeckCounts {
    pub deck: String,
    pub new: u64,
    pub learning: u64,
    pub due: u64,
    pub suspended: u64,
    pub total: u64,
}

impl DeckCounts {
    /// The sum over decks, named `deck`.
    pub fn total(deck: &str, counts: &[DeckCounts]) -> DeckCounts {
        counts.iter().fold(
            DeckCounts {
                deck: deck.to_string(),
                ..DeckCounts::default()
            },
            |mut t, c| {
                t.new += c.new;
                t.learning += c.learning;
                t.due += c.due;
                t.suspended += c.suspended;
                t.total += c.total;
                t
            },
        )
    }
}

/// What a sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub added: u64,
    pub updated: u64,
    pub retired: u64,
    pub unchanged: u64,
}

impl SyncReport {
    pub fn add(&mut self, other: &SyncReport) {
        self.added += other.added;
        self.updated += other.updated;
        self.retired += other.retired;
        self.unchanged += other.unchanged;
    }
}

/// A card in line for today's queue: just enough to order and bury it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: CardId,
    pub sibling: String,
    pub is_new: bool,
}

/// Which cards to list.
#[derive(Debug, Clone, Default)]
pub struct CardFilter<'a> {
    pub deck_prefix: Option<&'a str>,
    pub search: Option<&'a str>,
    pub include_retired: bool,
}

pub struct Store {
    conn: Connection,
}

const CARD_COLUMNS: &str = "id, deck, generator, entry_key, role, sibling, question, answer, tags, \
     source_file, source_line, reps, ef, interval, due, lapses, suspended, leech, retired, buried_day, ord, kind";

/// `deck = p OR deck LIKE 'p::%'`, with LIKE wildcards in p escaped.
const DECK_MATCH: &str =
    "(?1 IS NULL OR deck = ?1 OR substr(deck, 1, length(?1) + 2) = ?1 || '::')";

/// Everything sync compares to tell an unchanged card from an updated one,
/// in the same shape as the SELECT in `sync_origin`.
fn fingerprint(card: &Card, tags: &str, ord: i64, origin: &str) -> String {
    [
        card.deck.as_str(),
        card.generator.as_str(),
        card.kind.as_str(),
        &card.key,
        &card.role,
        &card.sibling,
        &card.question,
        &card.answer,
        tags,
        &card.source.file,
        &card.source.line.to_string(),
        &ord.to_string(),
        origin,
    ]
    .join("\u{1f}")
}

fn card_from_row(row: &Row<'_>) -> rusqlite::Result<CardRow> {
    let generator: String = row.get(2)?;
    let tags: String = row.get(8)?;
    let kind: String = row.get(21)?;
    Ok(CardRow {
        card: Card {
            id: CardId(row.get(0)?),
            deck: row.get(1)?,
            generator: Generator::parse(&generator).unwrap_or(Generator::Notes),
            kind: CardKind::parse(&kind).unwrap_or_default(),
            key: row.get(3)?,
            role: row.get(4)?,
            sibling: row.get(5)?,
            question: row.get(6)?,
            answer: row.get(7)?,
            tags: tags.split_whitespace().map(str::to_string).collect(),
            source: Source {
                file: row.get(9)?,
                line: row.get(10)?,
            },
        },
        schedule: Schedule {
            reps: row.get(11)?,
            ef: row.get(12)?,
            interval: row.get(13)?,
            due: row.get(14)?,
            lapses: row.get(15)?,
        },
        suspended: row.get(16)?,
        leech: row.get(17)?,
        retired: row.get(18)?,
        buried_day: row.get(19)?,
        ord: row.get(20)?,
    })
}

fn log_from_row(row: &Row<'_>) -> rusqlite::Result<(LogRow, String, String)> {
    let kind: String = row.get(4)?;
    Ok((
        LogRow {
            id: row.get(0)?,
            card_id: row.get(1)?,
            at: row.get(2)?,
            day: row.get(3)?,
            kind: LogKind::parse(&kind),
            grade: row.get(5)?,
            duration_ms: row.get(6)?,
            was_new: row.get(7)?,
            before: CardState::placeholder(),
            after: CardState::placeholder(),
            undone: row.get(10)?,
        },
        row.get(8)?,
        row.get(9)?,
    ))
}

impl CardState {
    fn placeholder() -> CardState {
        CardState {
            reps: 0,
            ef: 0,
            interval: 0,
            due: None,
            lapses: 0,
            suspended: false,
            leech: false,
            buried_day: None,
        }
    }
}

impl Store {
    /// Opens (creating if missing) a database file and migrates it. A file
    /// that is not a recall database, or is from a newer recall, is refused
    /// and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(StoreError::from_open)?;
        Self::setup(conn, true)
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, false)
    }

    fn setup(mut conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Read-only checks first: nothing is written to a foreign file.
        schema::migrate_check(&conn).map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::from_open(inner),
            other => other,
        })?;
        if wal {
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        // A larger page cache keeps big imports (random-order ids) off the disk;
        // SQLite only takes the memory when it needs it.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
        )?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn integrity_ok(&self) -> Result<bool> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(result == "ok")
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Replaces the cards of one origin with a freshly generated deck:
    /// new ids are added, changed ones updated in place (progress kept),
    /// missing ones retired (history kept, out of the queue).
    pub fn sync_origin(
        &mut self,
        origin: &str,
        ord_base: i64,
        deck: &GeneratedDeck,
    ) -> Result<SyncReport> {
        let tx = self.conn.transaction()?;
        let mut report = SyncReport::default();
        let mut existing: HashMap<String, (String, bool)> = HashMap::new();
        {
            let mut stmt = tx.prepare(
                "SELECT id, deck || char(31) || generator || char(31) || kind || char(31) || entry_key || char(31) || role \
                 || char(31) || sibling || char(31) || question || char(31) || answer || char(31) \
                 || trim(replace(' ' || tags || ' ', ' leech ', ' ')) \
                 || char(31) || source_file || char(31) || source_line || char(31) || ord || char(31) || origin, retired \
                 FROM cards WHERE origin = ?1",
            )?;
            let rows = stmt.query_map([origin], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
            })?;
            for row in rows {
                let (id, fingerprint, retired) = row?;
                existing.insert(id, (fingerprint, retired));
            }
        }
        {
            let mut insert = tx.prepare(
                "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, \
                 tags, source_file, source_line, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, ord = excluded.ord, deck = excluded.deck, \
                 generator = excluded.generator, kind = excluded.kind, entry_key = excluded.entry_key, role = excluded.role, \
                 sibling = excluded.sibling, question = excluded.question, answer = excluded.answer, \
                 tags = excluded.tags || CASE WHEN cards.leech = 1 THEN ' leech' ELSE '' END, \
                 source_file = excluded.source_file, source_line = excluded.source_line, retired = 0",
            )?;
            let mut seen = HashSet::new();
            for (index, card) in deck.cards.iter().enumerate() {
                if !seen.insert(card.id.as_str()) {
                    continue;
                }
                let ord = ord_base + i64::try_from(index).unwrap_or(0);
                let tags = card.tags.join(" ");
                match existing.remove(card.id.as_str()) {
                    Some((old, false)) if old == fingerprint(card, &tags, ord, origin) => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some(_) => report.updated += 1,
                    // The id may also belong to another origin (a moved import).
                    None => report.added += 1,
                }
                insert.execute(params![
                    card.id.as_str(),
                    origin,
                    ord,
                    card.deck,
                    card.generator.as_str(),
                    card.key,
                    card.role,
                    card.sibling,
                    card.question,
                    card.answer,
                    tags,
                    card.source.file,
                    card.source.line,
                    card.kind.as_str(),
                ])?;
            }
            let mut retire = tx.prepare("UPDATE cards SET retired = 1 WHERE id = ?1")?;
            for (id, (_, retired)) in existing {
                if !retired {
                    retire.execute([id])?;
                    report.retired += 1;
                }
            }
        }
        tx.execute("DELETE FROM facts WHERE origin = ?1", [origin])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO facts (origin, owner, function, description, grp, deck, card_id, source_file, source_line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for fact in &deck.facts {
                insert.execute(params![
                    origin,
                    fact.owner,
                    fact.function,
                    fact.description,
                    fact.group,
                    fact.deck,
                    fact.card.as_str(),
                    fact.source.file,
                    fact.source.line,
                ])?;
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// The largest `ord` in use, so that a new origin sorts after the others.
    pub fn next_ord_base(&self, origin: &str) -> Result<i64> {
        let existing: Option<i64> = self.conn.query_row(
            "SELECT min(ord) FROM cards WHERE origin = ?1",
            [origin],
            |r| r.get(0),
        )?;
        if let Some(base) = existing {
            return Ok(base);
        }
        let max: Option<i64> = self
            .conn
            .query_row("SELECT max(ord) FROM cards", [], |r| r.get(0))?;
        // Leave room for a document to grow without reordering its neighbours.
        Ok(max.map_or(0, |m| (m / 1_000_000 + 1) * 1_000_000))
    }

    pub fn cards(&self, filter: &CardFilter<'_>) -> Result<Vec<CardRow>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE {DECK_MATCH} AND (?2 = 1 OR retired = 0) \
             AND (?3 IS NULL OR instr(lower(question), lower(?3)) > 0 OR instr(lower(answer), lower(?3)) > 0 \
                  OR instr(lower(tags), lower(?3)) > 0)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.deck_prefix, filter.include_retired, filter.search],
            card_from_row,
        )?;
        let mut cards: Vec<CardRow> = rows.collect::<rusqlite::Result<_>>()?;
        // Sorting here is cheaper than an ORDER BY over wide rows in SQLite.
        cards.sort_by_key(|c| c.ord);
        Ok(cards)
    }

    /// Streams the active cards' export fields (id, deck, question, answer,
    /// tags) in storage order without building rows: exports of 100,000
    /// cards stay flat in memory.
    pub fn each_for_export(
        &self,
        deck_prefix: Option<&str>,
        mut f: impl FnMut(&str, &str, &str, &str, &str) -> std::io::Result<()>,
    ) -> Result<usize> {
        let sql = format!(
            "SELECT id, deck, question, answer, tags FROM cards WHERE retired = 0 AND {DECK_MATCH}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([deck_prefix])?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> {
                row.get_ref(i)?.as_str().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })
            };
            f(text(0)?, text(1)?, text(2)?, text(3)?, text(4)?).map_err(StoreError::Io)?;
            count += 1;
        }
        Ok(count)
    }

    pub fn card(&self, id: &str) -> Result<Option<CardRow>> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([id], card_from_row).optional()?)
    }

    /// Per-deck counts for `today`, from the counters the triggers keep
    /// (migration 2). Learning = seen but no successful repetition yet.
    pub fn deck_counts(&self, today: i64) -> Result<Vec<DeckCounts>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT deck,
                    coalesce(sum(n) FILTER (WHERE class = 0), 0),
                    coalesce(sum(n) FILTER (WHERE class = 1), 0),
                    coalesce(sum(n) FILTER (WHERE class IN (1, 2) AND due <= ?1), 0),
                    coalesce(sum(n) FILTER (WHERE class = 3), 0),
                    sum(n)
             FROM deck_counts GROUP BY deck HAVING sum(n) > 0 ORDER BY deck",
        )?;
        let rows = stmt.query_map([today], |r| {
            Ok(DeckCounts {
                deck: r.get(0)?,
                new: r.get(1)?,
                learning: r.get(2)?,
                due: r.get(3)?,
                suspended: r.get(4)?,
                total: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// New cards introduced and reviews done on `day` (undone ones excluded).
    pub fn done_on(&self, day: i64, deck_prefix: Option<&str>) -> Result<(u64, u64)> {
        let sql = format!(
            "SELECT coalesce(sum(r.was_new), 0), coalesce(sum(1 - r.was_new), 0) FROM reviews r \
             JOIN cards c ON c.id = r.card_id \
             WHERE r.day = ?2 AND r.kind = 'review' \
             AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) AND {}",
            DECK_MATCH.replace("deck", "c.deck")
        );
        Ok(self.conn.query_row(&sql, params![deck_prefix, day], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    }

    /// Sibling groups that already had a card reviewed on `day`.
    pub fn siblings_seen_on(&self, day: i64) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.sibling FROM reviews r JOIN cards c ON c.id = r.card_id \
             WHERE r.day = ?1 AND r.kind = 'review' \
             AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)",
        )?;
        let rows = stmt.query_map([day], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Due reviews, most overdue first, at most `limit`.
    pub fn due_candidates(
        &self,
        today: i64,
        deck_prefix: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT id, sibling, 0 FROM cards INDEXED BY cards_due WHERE due IS NOT NULL AND due <= ?2 AND retired = 0 \
             AND suspended = 0 AND (buried_day IS NULL OR buried_day <> ?2) AND {DECK_MATCH} \
             ORDER BY due, ord LIMIT ?3"
        );
        self.candidates(&sql, today, deck_prefix, limit)
    }

    /// New cards in document order, at most `limit`.
    pub fn new_candidates(
        &self,
        today: i64,
        deck_prefix: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Candidate>> {
        let sql = format!(
            "SELECT id, sibling, 1 FROM cards INDEXED BY cards_new WHERE due IS NULL AND retired = 0 AND suspended = 0 \
             AND (buried_day IS NULL OR buried_day <> ?2) AND {DECK_MATCH} ORDER BY ord LIMIT ?3"
        );
        self.candidates(&sql, today, deck_prefix, limit)
    }

    fn candidates(
        &self,
        sql: &str,
        today: i64,
        deck_prefix: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![deck_prefix, today, limit], |r| {
            Ok(Candidate {
                id: CardId(r.get(0)?),
                sibling: r.get(1)?,
                is_new: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The earliest due day after `today` among active cards.
    pub fn next_due_after(&self, today: i64, deck_prefix: Option<&str>) -> Result<Option<i64>> {
        let sql = format!(
            "SELECT min(due) FROM cards INDEXED BY cards_due WHERE due IS NOT NULL AND due > ?2 AND retired = 0 AND suspended = 0 AND {DECK_MATCH}"
        );
        Ok(self
            .conn
            .query_row(&sql, params![deck_prefix, today], |r| r.get(0))?)
    }

    pub fn due_on(&self, day: i64, deck_prefix: Option<&str>) -> Result<u64> {
        let sql = format!(
            "SELECT count(*) FROM cards INDEXED BY cards_due WHERE due IS NOT NULL AND due <= ?2 AND retired = 0 \
             AND suspended = 0 AND {DECK_MATCH}"
        );
        Ok(self
            .conn
            .query_row(&sql, params![deck_prefix, day], |r| r.get(0))?)
    }

    /// Applies a change to a card and appends it to the log, atomically:
    /// once this returns, the answer survives a crash.
    pub fn record(&mut self, entry: &LogEntry<'_>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let id = Self::append(&tx, entry, None)?;
        Self::apply_state(&tx, entry.card.as_str(), &entry.after)?;
        tx.commit()?;
        Ok(id)
    }

    fn append(
        tx: &rusqlite::Transaction<'_>,
        entry: &LogEntry<'_>,
        undoes: Option<i64>,
    ) -> Result<i64> {
        tx.prepare_cached(
            "INSERT INTO reviews (card_id, at, day, kind, grade, duration_ms, was_new, before, after, undoes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
                entry.card.as_str(),
                entry.at,
                entry.day,
                entry.kind.as_str(),
                entry.grade.map(Grade::value),
                entry.duration_ms,
                entry.was_new,
                serde_json::to_string(&entry.before)?,
                serde_json::to_string(&entry.after)?,
                undoes,
            ],
        )?;
        Ok(tx.last_insert_rowid())
    }

    fn apply_state(tx: &rusqlite::Transaction<'_>, card: &str, state: &CardState) -> Result<()> {
        tx.prepare_cached(
            "UPDATE cards SET reps = ?2, ef = ?3, interval = ?4, due = ?5, lapses = ?6, suspended = ?7, \
             leech = ?8, buried_day = ?9, \
             tags = CASE WHEN ?8 = 1 AND instr(' ' || tags || ' ', ' leech ') = 0 THEN trim(tags || ' leech') \
                         WHEN ?8 = 0 THEN trim(replace(' ' || tags || ' ', ' leech ', ' ')) ELSE tags END \
             WHERE id = ?1",
        )?
        .execute(params![
                card,
                state.reps,
                state.ef,
                state.interval,
                state.due,
                state.lapses,
                state.suspended,
                state.leech,
                state.buried_day,
            ],
        )?;
        Ok(())
    }

    /// Reverts the last change that has not been undone yet (an answer,
    /// drill, quiz answer, suspend or bury): the card gets its state from
    /// before, and an undo row is appended. Returns the reverted row.
    pub fn undo_last(&mut self, at: &str, day: i64) -> Result<Option<LogRow>> {
        let Some(last) = self.last_undoable()? else {
            return Ok(None);
        };
        let tx = self.conn.transaction()?;
        let card = CardId(last.card_id.clone());
        let entry = LogEntry {
            card: &card,
            at,
            day,
            kind: LogKind::Undo,
            grade: None,
            duration_ms: 0,
            was_new: false,
            before: last.after,
            after: last.before,
        };
        Self::append(&tx, &entry, Some(last.id))?;
        Self::apply_state(&tx, &last.card_id, &last.before)?;
        tx.commit()?;
        Ok(Some(last))
    }

    fn last_undoable(&self) -> Result<Option<LogRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT id, card_id, at, day, kind, grade, duration_ms, was_new, before, after, 0 FROM reviews r \
                 WHERE kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) \
                 ORDER BY id DESC LIMIT 1",
                [],
                log_from_row,
            )
            .optional()?;
        row.map(Self::finish_log).transpose()
    }

    fn finish_log((mut row, before, after): (LogRow, String, String)) -> Result<LogRow> {
        row.before = serde_json::from_str(&before)?;
        row.after = serde_json::from_str(&after)?;
        Ok(row)
    }

    /// The whole log, oldest first (for export, stats and tests).
    pub fn log(&self, card: Option<&str>) -> Result<Vec<LogRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, card_id, at, day, kind, grade, duration_ms, was_new, before, after, \
             EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) FROM reviews r \
             WHERE ?1 IS NULL OR card_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([card], log_from_row)?;
        rows.map(|row| Self::finish_log(row?)).collect()
    }

    /// Graded reviews since a study day, for statistics: (day, grade, interval before).
    pub fn review_days(&self, since_day: i64) -> Result<Vec<(i64, u8, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, grade, coalesce(json_extract(before, '$.interval'), 0) FROM reviews r \
             WHERE kind = 'review' AND day >= ?1 AND grade IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) ORDER BY day",
        )?;
        let rows = stmt.query_map([since_day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The active cards with the most lapses: (question, deck, lapses).
    pub fn most_lapsed(&self, limit: u64) -> Result<Vec<(String, String, u32)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT question, deck, lapses FROM cards WHERE retired = 0 AND lapses > 0 \
             ORDER BY lapses DESC, ord LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Due days of active reviewed cards, for the forecast.
    pub fn due_days(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT due FROM cards WHERE due IS NOT NULL AND retired = 0 AND suspended = 0",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn facts(&self, deck_prefix: Option<&str>) -> Result<Vec<QuizFact>> {
        let sql = format!(
            "SELECT owner, function, description, grp, deck, card_id, source_file, source_line FROM facts f \
             WHERE {DECK_MATCH} AND EXISTS (SELECT 1 FROM cards c WHERE c.id = f.card_id AND c.retired = 0) \
             ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([deck_prefix], |r| {
            Ok(QuizFact {
                owner: r.get(0)?,
                function: r.get(1)?,
                description: r.get(2)?,
                group: r.get(3)?,
                deck: r.get(4)?,
                card: CardId(r.get(5)?),
                source: Source {
                    file: r.get(6)?,
                    line: r.get(7)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
