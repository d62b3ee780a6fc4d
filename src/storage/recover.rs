//! Recovering a damaged file: every row that can still be read, table by
//! table, is copied into a fresh database, which then takes the damaged
//! file's place in one rename; the damaged file is kept beside it.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

use super::lock::SessionLock;
use super::{Result, Store, StoreError, schema};
use crate::domain::clock::Now;

/// What recovery copied.
#[derive(Debug, Clone, Default)]
pub struct Recovered {
    /// Where the damaged file (and its WAL) was put aside.
    pub damaged_copy: PathBuf,
    /// Rows copied per table.
    pub rows: Vec<(&'static str, u64)>,
}

/// The tables worth copying, parents first. The counters are rebuilt, and
/// `meta` is left behind so that the next open syncs the built-in decks,
/// which brings back their cards that were lost.
const TABLES: [&str; 3] = ["cards", "facts", "reviews"];

/// The largest jump over unreadable rowids before a table is given up.
const MAX_SKIP: i64 = 1 << 40;

/// Copies the readable rows of `table` from `from` into `to`. A scan that
/// meets a damaged page goes on after it: it seeks ever further past the
/// last row read until a seek succeeds.
fn copy_table(from: &Connection, to: &Connection, table: &str) -> Result<u64> {
    let columns: Vec<String> = {
        let mut stmt = to.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let names = stmt.query_map([], |r| r.get(0))?;
        names.collect::<rusqlite::Result<_>>()?
    };
    let list = columns.join(", ");
    let marks = vec!["?"; columns.len() + 1].join(", ");
    let mut insert = to.prepare(&format!(
        "INSERT OR IGNORE INTO {table} (rowid, {list}) VALUES ({marks})"
    ))?;
    let mut read = from.prepare(&format!(
        "SELECT rowid, {list} FROM {table} WHERE rowid >= ?1 ORDER BY rowid"
    ))?;
    let (mut copied, mut next, mut skip) = (0, i64::MIN, 1_i64);
    'scan: loop {
        let Ok(mut rows) = read.query([next]) else {
            break;
        };
        loop {
            match rows.next() {
                Ok(Some(row)) => {
                    let values: rusqlite::Result<Vec<Value>> = (0..=columns.len())
                        .map(|i| row.get::<_, Value>(i))
                        .collect();
                    let Ok(values) = values else { continue };
                    let rowid = match values.first() {
                        Some(Value::Integer(id)) => *id,
                        _ => continue,
                    };
                    if insert.execute(rusqlite::params_from_iter(&values)).is_ok() {
                        copied += 1;
                    }
                    next = rowid.saturating_add(1);
                    skip = 1;
                }
                Ok(None) => break 'scan,
                Err(_) => {
                    // A damaged page: try again further on.
                    if skip > MAX_SKIP {
                        break 'scan;
                    }
                    next = next.max(0).saturating_add(skip);
                    skip = skip.saturating_mul(2);
                    continue 'scan;
                }
            }
        }
    }
    Ok(copied)
}

fn aside_name(db: &Path, now: Now, suffix: &str) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(
        ".damaged-{}{suffix}",
        now.0.format("%Y-%m-%dT%H%M%S")
    ));
    db.with_file_name(name)
}

/// Puts the finished database at `fresh` in the place of the damaged one
/// at `db`, which is kept beside it; returns where. The damaged file is
/// linked aside before the fresh one takes its name, so that at every
/// moment one of them is there; its WAL must go first, or it would be read
/// as the fresh file's. The caller holds the session lock and has closed
/// its connections.
pub(super) fn swap_in(db: &Path, fresh: &Path, now: Now) -> Result<PathBuf> {
    let aside = aside_name(db, now, "");
    fs::hard_link(db, &aside)
        .or_else(|_| fs::copy(db, &aside).map(|_| ()))
        .map_err(StoreError::Io)?;
    for suffix in ["-wal", "-shm"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        let side = PathBuf::from(name);
        if side.exists() {
            fs::rename(&side, aside_name(db, now, suffix)).map_err(StoreError::Io)?;
        }
    }
    fs::rename(fresh, db).map_err(StoreError::Io)?;
    Ok(aside)
}

/// `<db>.recovering` / `<db>.restoring`: the fresh file beside the old.
pub(super) fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    db.with_file_name(name)
}

impl Store {
    /// Replaces a damaged database file with a fresh one holding every row
    /// that could be read. The damaged file stays beside it, renamed.
    /// Consumes the store: its connection must be closed first.
    pub fn recover(self) -> Result<Recovered> {
        let (Some(db), Some(now)) = (self.path.clone(), self.guard.now) else {
            return Err(StoreError::Io(std::io::Error::other(
                "only a database file can be recovered",
            )));
        };
        let lock = match self.session {
            Some(lock) => lock,
            None => SessionLock::acquire(&db)?,
        };
        drop(self.conn);
        let fresh_path = beside(&db, ".recovering");
        let _ = fs::remove_file(&fresh_path);
        let from = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(StoreError::from_open)?;
        let mut to = Connection::open(&fresh_path)?;
        schema::migrate(&mut to)?;
        // Rows whose parent card was lost are kept: the history matters
        // more than the link, and a sync brings the card back.
        to.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")?;
        let mut recovered = Recovered::default();
        for table in TABLES {
            let copied = copy_table(&from, &to, table)?;
            recovered.rows.push((table, copied));
        }
        to.execute_batch("COMMIT; PRAGMA journal_mode = DELETE")?;
        drop(to);
        drop(from);
        recovered.damaged_copy = swap_in(&db, &fresh_path, now)?;
        drop(lock);
        Ok(recovered)
    }
}
