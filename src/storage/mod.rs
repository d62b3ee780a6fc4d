//! SQLite storage. All SQL lives here; the rest of the program sees the
//! domain's types (`domain::collection`, `domain::state`), which this layer
//! maps to rows and back and only persists.
//!
//! - `schema`: migrations on `PRAGMA user_version`;
//! - `rows`: row mapping, the one place that knows the column order;
//! - `sync`: a generated deck into the cards table (the fingerprint);
//! - `log`: applying changes, the review log and undo (the not-undone rule);
//! - `queue`: the study day's candidates and what was done on a day;
//! - `reports`: listings, counts and statistics;
//! - `scheduler`: the scheduler settings and rescheduling on a switch.
//! - `lock`: the session lock (one review or scheduled quiz at a time);
//! - `guard`: what every write waits for: the file verified (`quick_check`),
//!   the daily snapshot taken; batches of writes in one immediate transaction;
//! - `backup`: snapshots into `<db dir>/backups/`, thinning, restore;
//! - `check`: integrity, counters and the log, and their repair;
//! - `recover`: the readable rows of a damaged file into a fresh one.

mod backup;
mod check;
mod export;
mod guard;
mod lock;
mod log;
mod queue;
mod recover;
mod reports;
mod rows;
mod scheduler;
mod schema;
mod sync;

pub use check::{CounterMismatch, LogLink};
pub use guard::Batch;
pub use log::LogEntry;
pub use recover::Recovered;
pub use reports::CardFilter;
pub use schema::{APPLICATION_ID, MIGRATIONS, latest_version};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use thiserror::Error;

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
    /// `PRAGMA quick_check` (or `integrity_check`) found damage.
    #[error("the database file is damaged: {0}")]
    Damaged(String),
    #[error("the database is read-only (the file or its folder cannot be written)")]
    ReadOnly,
    #[error("another review or scheduled quiz is open on this database{}", .pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    SessionOpen { pid: Option<u32> },
    /// The card's state is no longer the one the answer was given to.
    #[error(
        "card {0} was changed by another recall since it was shown; the answer was not recorded"
    )]
    CardChanged(String),
}

impl StoreError {
    /// rusqlite says "file is not a database" for a file that is not SQLite.
    fn from_open(err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Foreign,
            _ => StoreError::Sqlite(err),
        }
    }

    /// What went wrong, as far as the user can act on it.
    pub fn kind(&self) -> StoreErrorKind {
        use rusqlite::ErrorCode;
        match self {
            StoreError::TooNew { .. } => StoreErrorKind::TooNew,
            StoreError::Foreign => StoreErrorKind::Foreign,
            StoreError::Io(_) => StoreErrorKind::Io,
            StoreError::State(_) | StoreError::Damaged(_) => StoreErrorKind::Damaged,
            StoreError::ReadOnly => StoreErrorKind::ReadOnly,
            StoreError::SessionOpen { .. } | StoreError::CardChanged(_) => StoreErrorKind::Busy,
            StoreError::Sqlite(err) => match err.sqlite_error_code() {
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                    StoreErrorKind::Damaged
                }
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreErrorKind::Busy,
                Some(ErrorCode::ReadOnly) => StoreErrorKind::ReadOnly,
                Some(
                    ErrorCode::CannotOpen
                    | ErrorCode::PermissionDenied
                    | ErrorCode::DiskFull
                    | ErrorCode::SystemIoFailure,
                ) => StoreErrorKind::Io,
                // A value the schema holds but this build cannot read.
                None if matches!(
                    err,
                    rusqlite::Error::FromSqlConversionFailure(..)
                        | rusqlite::Error::IntegralValueOutOfRange(..)
                        | rusqlite::Error::InvalidColumnType(..)
                ) =>
                {
                    StoreErrorKind::Damaged
                }
                _ => StoreErrorKind::Internal,
            },
        }
    }
}

/// The classes of store errors that the command line tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreErrorKind {
    TooNew,
    Foreign,
    /// The file or its contents are damaged.
    Damaged,
    /// Another process holds the database.
    Busy,
    /// The file system refused (permissions, full disk).
    Io,
    /// The database cannot be written.
    ReadOnly,
    /// Anything else is a fault of this program.
    Internal,
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    /// First, so that it is dropped first: its checker connection closes
    /// before `conn`, which then checkpoints the WAL as the last one.
    guard: guard::WriteGuard,
    conn: Connection,
    /// The file, `None` in memory.
    path: Option<PathBuf>,
    /// The page cache's size in KiB, as last set (`fit_cache_to`).
    cache_kib: u64,
    read_only: bool,
    /// Held while a review or scheduled quiz runs; released on drop (or by
    /// the kernel when the process dies).
    session: Option<lock::SessionLock>,
}

/// How long a write waits for another writer's transaction to end before
/// it gives up with "busy".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The one rule for `--deck PREFIX` (`?1`; NULL matches every deck): the
/// deck path, or any of its `::` parts, starts with the prefix, ASCII case
/// ignored: `python-libraries::1단계`, `python`, `1단계` and `api` all find
/// cards in the built-in decks. `instr` rather than LIKE, whose wildcards would need escaping. A filter
/// on the rows an indexed scan yields, never the scan itself.
const DECK_MATCH: &str = "(?1 IS NULL OR instr('::' || lower(deck), '::' || lower(?1)) > 0)";

/// The page cache, in KiB: at least, and at most when fitted to the id index.
const CACHE_KIB: (u64, u64) = (8 * 1024, 40 * 1024);

impl Store {
    /// Fits the page cache to a collection of `cards` cards: inserting
    /// cards puts each id at a random place of the id index (the ids are
    /// hashes), which reads and writes a page per card once the index is
    /// larger than the cache. The other structures an import fills are
    /// filled at their ends. The index takes about 27.5 bytes an id as
    /// random inserts leave its pages; 20 keeps three quarters of it, and
    /// the pages that fall out are read back from the system's file cache
    /// (at 1M cards, 16/20/24/30 bytes gave a peak of 58/63/67/73 MiB,
    /// for about half a second more system time at 16 than at 30).
    pub fn fit_cache_to(&mut self, cards: u64) -> Result<()> {
        let kib = (cards.saturating_mul(20) / 1024).clamp(CACHE_KIB.0, CACHE_KIB.1);
        if kib != self.cache_kib {
            self.conn
                .execute_batch(&format!("PRAGMA cache_size = -{kib};"))?;
            self.cache_kib = kib;
        }
        Ok(())
    }

    /// About how many cards the collection holds, retired ones included
    /// (they are in the id index too): the largest row number, one index
    /// lookup (cards are retired, never deleted).
    pub fn card_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT max(rowid) FROM cards", [], |r| {
                r.get::<_, Option<u64>>(0)
            })?
            .unwrap_or(0))
    }

    /// Opens (creating if missing) a database file and migrates it. A file
    /// that is not a recall database, or is from a newer recall, is refused
    /// and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(StoreError::from_open)?;
        Self::setup(conn, Some(path.to_path_buf()))
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read-only checks first: nothing is written to a foreign file.
        schema::migrate_check(&conn).map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::from_open(inner),
            other => other,
        })?;
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        // 8 MiB of page cache: every command's working set at 100,000
        // cards; a large import raises it to fit the id index
        // (`fit_cache_to`), and more only raises the peak memory.
        conn.execute_batch(&format!(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{};",
            CACHE_KIB.0
        ))?;
        // Migration 7 edits two table definitions through writable_schema,
        // which SQLite refuses on a connection in defensive mode
        // (SQLITE_DBCONFIG_DEFENSIVE): a connection that migrates must not
        // be put in it before it has migrated.
        // Migrating before WAL is switched on: a new file killed half-way
        // through its first migration is rolled back to an empty file by
        // its journal, not left as a file with pages and no application id
        // (which the next open would take for another program's).
        if !read_only {
            schema::migrate(&mut conn)?;
        }
        if path.is_some() && !read_only {
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        }
        Ok(Store {
            conn,
            path,
            cache_kib: CACHE_KIB.0,
            read_only,
            guard: guard::WriteGuard::default(),
            session: None,
        })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Changes whenever anything is written to the file: by another
    /// connection (SQLite's data version) or by this one (its count of
    /// changed rows). The same stamp means nothing was written in between.
    pub fn change_stamp(&self) -> Result<(i64, u64)> {
        let others: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((others, self.conn.total_changes()))
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
}
