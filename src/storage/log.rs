//! Changes to a card and the append-only review log: every change is
//! applied and logged in one transaction; undo appends a row that names
//! the row it takes back.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::rows::{CARD_COLUMNS, LOG_COLUMNS, card_from_row, log_from_row};
use super::{Result, Store, StoreError};
use crate::domain::card::CardId;
use crate::domain::clock::StudyDay;
use crate::domain::collection::LogRecord;
use crate::domain::sm2::Grade;
use crate::domain::state::{self, CardState, LogKind};

/// The log row `r` has not been taken back by an undo. Every query that
/// counts what was done goes through this.
pub(super) const NOT_UNDONE: &str = "NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id)";

/// One change to a card, written to the log and applied in one transaction.
#[derive(Debug, Clone)]
pub struct LogEntry<'a> {
    pub card: &'a CardId,
    /// When it happened (RFC 3339).
    pub at: &'a str,
    pub day: StudyDay,
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
        day: StudyDay,
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

impl Store {
    /// Applies a change to a card and appends it to the log, atomically:
    /// once this returns, the answer survives a crash.
    ///
    /// The write starts as an immediate transaction (it waits for another
    /// writer instead of failing) and first reads the card: if its state is
    /// no longer `entry.before`, another recall changed it since it was
    /// shown, and nothing is written ([`StoreError::CardChanged`]) — an
    /// answer never overwrites another's effect.
    pub fn record(&mut self, entry: &LogEntry<'_>) -> Result<i64> {
        self.before_write()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = tx
            .prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"))?
            .query_row([entry.card], card_from_row)
            .optional()?;
        match current {
            Some((record, _)) if record.state == entry.before => {}
            _ => return Err(StoreError::CardChanged(entry.card.to_string())),
        }
        let id = append(&tx, entry, None)?;
        apply_state(&tx, entry.card, &entry.after)?;
        tx.commit()?;
        Ok(id)
    }

    /// Reverts the last change that has not been undone yet (an answer,
    /// drill, quiz answer, suspend or bury): the card gets its state from
    /// before, and an undo row is appended. Returns the reverted entry.
    pub fn undo_last(&mut self, at: &str, day: StudyDay) -> Result<Option<LogRecord>> {
        self.before_write()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sql = format!(
            "SELECT {LOG_COLUMNS}, 0 FROM reviews r WHERE r.kind <> 'undo' AND {NOT_UNDONE} \
             ORDER BY r.id DESC LIMIT 1"
        );
        let Some(last) = tx.query_row(&sql, [], log_from_row).optional()? else {
            return Ok(None);
        };
        let (before, after) = state::undo(last.before, last.after);
        let entry = LogEntry::change(&last.card, at, day, LogKind::Undo, before, after);
        append(&tx, &entry, Some(last.id))?;
        apply_state(&tx, &last.card, &after)?;
        tx.commit()?;
        Ok(Some(last))
    }

    /// Reverts the logged change `id`, if nothing took it back yet and the
    /// card is still in the state it left (else [`StoreError::CardChanged`]:
    /// a later change by another recall would be lost). A session undoes
    /// its own changes with this, not whatever was logged last.
    pub fn undo_entry(&mut self, id: i64, at: &str, day: StudyDay) -> Result<LogRecord> {
        self.before_write()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sql = format!(
            "SELECT {LOG_COLUMNS}, 0 FROM reviews r WHERE r.id = ?1 AND r.kind <> 'undo' AND {NOT_UNDONE}"
        );
        let last = tx.query_row(&sql, [id], log_from_row).optional()?;
        let current = match &last {
            Some(row) => tx
                .prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"))?
                .query_row([&row.card], card_from_row)
                .optional()?,
            None => None,
        };
        let Some(last) = last.filter(|row| current.is_some_and(|(c, _)| c.state == row.after))
        else {
            return Err(StoreError::CardChanged(id.to_string()));
        };
        let (before, after) = state::undo(last.before, last.after);
        let entry = LogEntry::change(&last.card, at, day, LogKind::Undo, before, after);
        append(&tx, &entry, Some(last.id))?;
        apply_state(&tx, &last.card, &after)?;
        tx.commit()?;
        Ok(last)
    }

    /// The whole log (or one card's), oldest first.
    pub fn log(&self, card: Option<&CardId>) -> Result<Vec<LogRecord>> {
        let sql = format!(
            "SELECT {LOG_COLUMNS}, NOT ({NOT_UNDONE}) FROM reviews r \
             WHERE ?1 IS NULL OR r.card_id = ?1 ORDER BY r.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([card], log_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn append(tx: &Connection, entry: &LogEntry<'_>, undoes: Option<i64>) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO reviews (card_id, at, day, kind, grade, duration_ms, was_new, before, after, undoes) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        entry.card,
        entry.at,
        entry.day,
        entry.kind,
        entry.grade,
        entry.duration_ms,
        entry.was_new,
        entry.before,
        entry.after,
        undoes,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Writes a card's state; its tags follow the leech flag.
pub(super) fn apply_state(tx: &Connection, card: &CardId, state: &CardState) -> Result<()> {
    let tags: Option<String> = tx
        .prepare_cached("SELECT tags FROM cards WHERE id = ?1")?
        .query_row([card], |r| r.get(0))
        .optional()?;
    let tags = tags.map(|t| state::tags_with_leech(t.split_whitespace(), state.leech));
    tx.prepare_cached(
        "UPDATE cards SET reps = ?2, ef = ?3, interval = ?4, due = ?5, lapses = ?6, suspended = ?7, \
         leech = ?8, buried_day = ?9, tags = coalesce(?10, tags) WHERE id = ?1",
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
        tags,
    ])?;
    Ok(())
}
