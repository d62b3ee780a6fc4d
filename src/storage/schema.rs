//! Versioned migrations on `PRAGMA user_version`, each in its own transaction.

use rusqlite::Connection;

use super::StoreError;

/// Identifies a recall database (`PRAGMA application_id`): "RCL1".
pub const APPLICATION_ID: i64 = 0x5243_4c31;

/// Ordered migrations; migration `i` brings the database to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_deck_counts.sql"),
    include_str!("migrations/003_card_kind.sql"),
    include_str!("migrations/004_scheduler.sql"),
    include_str!("migrations/005_origins.sql"),
    include_str!("migrations/006_queue_covering.sql"),
    include_str!("migrations/007_checks_without_in.sql"),
];

pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Read-only checks before anything is written: a file from a newer build,
/// or some other program's database, is refused and left as it is.
pub fn migrate_check(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    // Only a file with no pages at all is new; any page written by another
    // program (even with no tables: a page size or an application id set)
    // makes it that program's file.
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (pages > 0 || version > 0) {
        return Err(StoreError::Foreign);
    }
    if version > latest_version() {
        return Err(StoreError::TooNew {
            found: version,
            supported: latest_version(),
        });
    }
    Ok(())
}

/// Brings the database up to the latest version, one transaction per step.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_check(conn)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let pending = usize::try_from(version).unwrap_or(0);
    if pending >= MIGRATIONS.len() {
        return Ok(());
    }
    // All of them in one transaction: a new file is made with one commit
    // (three syncs) instead of one per migration, and a file is never left
    // between two versions.
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(pending) {
        let target = i64::try_from(index + 1).unwrap_or(i64::MAX);
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {target};"
        ))?;
    }
    tx.commit()?;
    Ok(())
}
