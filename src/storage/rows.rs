//! Row mapping: the domain's values as SQLite values and back, and the one
//! place that knows the order of the card and log columns.

use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::card::{Card, CardId, CardKind, Generator, Source};
use crate::domain::clock::StudyDay;
use crate::domain::collection::{CardRecord, LogRecord};
use crate::domain::sm2::Grade;
use crate::domain::state::{CardState, LogKind};

fn invalid(what: &str, value: &str) -> FromSqlError {
    FromSqlError::Other(format!("unknown {what} {value:?}").into())
}

impl ToSql for CardId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for CardId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        CardId::parse(text).ok_or_else(|| invalid("card id", text))
    }
}

impl ToSql for Generator {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for CardKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for StudyDay {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.number()))
    }
}

impl FromSql for StudyDay {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(StudyDay::from_number(value.as_i64()?))
    }
}

impl ToSql for LogKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for LogKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        LogKind::parse(text).ok_or_else(|| invalid("log kind", text))
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.value()))
    }
}

impl FromSql for Grade {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let number = value.as_i64()?;
        u8::try_from(number)
            .ok()
            .and_then(Grade::new)
            .ok_or(FromSqlError::OutOfRange(number))
    }
}

/// The state before and after a change is kept in the log as JSON, in the
/// domain type's own field names.
impl ToSql for CardState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let json = serde_json::to_string(self)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
        Ok(ToSqlOutput::from(json))
    }
}

impl FromSql for CardState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str(value.as_str()?).map_err(|e| FromSqlError::Other(e.into()))
    }
}

/// The columns [`card_from_row`] reads, in its order.
pub const CARD_COLUMNS: &str = "id, deck, generator, entry_key, role, sibling, question, answer, tags, \
     source_file, source_line, reps, ef, interval, due, lapses, suspended, leech, retired, buried_day, ord, kind";

/// A card row and its `ord` (document order, for sorting).
pub fn card_from_row(row: &Row<'_>) -> rusqlite::Result<(CardRecord, i64)> {
    let generator: String = row.get(2)?;
    let tags: String = row.get(8)?;
    let kind: String = row.get(21)?;
    let record = CardRecord {
        card: Card {
            id: row.get(0)?,
            deck: row.get(1)?,
            // The schema's CHECKs keep both to the known names; a row from a
            // build with more of them reads as the plainest kind.
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
        state: CardState {
            reps: row.get(11)?,
            ef: row.get(12)?,
            interval: row.get(13)?,
            due: row.get(14)?,
            lapses: row.get(15)?,
            suspended: row.get(16)?,
            leech: row.get(17)?,
            buried_day: row.get(19)?,
        },
        retired: row.get(18)?,
    };
    Ok((record, row.get(20)?))
}

/// The columns [`log_from_row`] reads from `reviews r`, the last one being
/// whether the row was undone.
pub const LOG_COLUMNS: &str =
    "r.id, r.card_id, r.at, r.day, r.kind, r.grade, r.duration_ms, r.was_new, r.before, r.after";

pub fn log_from_row(row: &Row<'_>) -> rusqlite::Result<LogRecord> {
    Ok(LogRecord {
        id: row.get(0)?,
        card: row.get(1)?,
        at: row.get(2)?,
        day: row.get(3)?,
        kind: row.get(4)?,
        grade: row.get(5)?,
        duration_ms: row.get(6)?,
        was_new: row.get(7)?,
        before: row.get(8)?,
        after: row.get(9)?,
        undone: row.get(10)?,
    })
}
