//! The JSON backup: every card with its state and its review history, in
//! the user's units (EF as 2.5, days as `YYYY-MM-DD`). The format is its own,
//! versioned and documented in the README; it does not follow the database's
//! columns, so a change of the store does not change a backup. A change of
//! this format raises [`VERSION`].

use std::io::{self, Write};

use serde::Serialize;

use crate::domain::collection::{CardRecord, LogRecord};
use crate::domain::state::CardState;

#[cfg(test)]
use crate::domain::clock::StudyDay;

/// What the `format` field says.
pub const FORMAT: &str = "recall-backup";
/// Version 1 was the store's own structs; 2 is this documented format.
pub const VERSION: u32 = 2;

#[derive(Debug, Serialize)]
pub struct Backup<'a> {
    pub format: &'static str,
    pub version: u32,
    pub exported_at: &'a str,
    pub cards: Vec<BackupCard<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Source<'a> {
    pub file: &'a str,
    pub line: u32,
}

#[derive(Debug, Serialize)]
pub struct BackupCard<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    pub kind: &'static str,
    pub generator: &'static str,
    pub key: &'a str,
    pub role: &'a str,
    pub sibling: &'a str,
    pub question: &'a str,
    pub answer: &'a str,
    pub tags: &'a [String],
    pub source: Source<'a>,
    pub retired: bool,
    pub state: State,
    pub history: Vec<HistoryEntry<'a>>,
}

/// A card's scheduling state in the user's units.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    pub reps: u32,
    pub ef: f64,
    pub interval_days: u32,
    pub due: Option<String>,
    pub lapses: u32,
    pub suspended: bool,
    pub leech: bool,
    pub buried_on: Option<String>,
}

impl From<&CardState> for State {
    fn from(s: &CardState) -> State {
        State {
            reps: s.reps,
            ef: f64::from(s.ef) / 100.0,
            interval_days: s.interval,
            due: s.due.map(|d| d.to_string()),
            lapses: s.lapses,
            suspended: s.suspended,
            leech: s.leech,
            buried_on: s.buried_day.map(|d| d.to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct HistoryEntry<'a> {
    pub at: &'a str,
    pub study_day: String,
    pub kind: &'static str,
    pub grade: Option<u8>,
    pub duration_ms: u64,
    pub was_new: bool,
    pub before: State,
    pub after: State,
    pub undone: bool,
}

impl<'a> BackupCard<'a> {
    /// A card and its log entries, oldest first.
    pub fn new(record: &'a CardRecord, history: &[&'a LogRecord]) -> BackupCard<'a> {
        let card = &record.card;
        BackupCard {
            id: card.id.as_str(),
            deck: &card.deck,
            kind: card.kind.as_str(),
            generator: card.generator.as_str(),
            key: &card.key,
            role: &card.role,
            sibling: &card.sibling,
            question: &card.question,
            answer: &card.answer,
            tags: &card.tags,
            source: Source {
                file: &card.source.file,
                line: card.source.line,
            },
            retired: record.retired,
            state: State::from(&record.state),
            history: history
                .iter()
                .map(|entry| HistoryEntry {
                    at: &entry.at,
                    study_day: entry.day.to_string(),
                    kind: entry.kind.as_str(),
                    grade: entry.grade.map(|g| g.value()),
                    duration_ms: entry.duration_ms,
                    was_new: entry.was_new,
                    before: State::from(&entry.before),
                    after: State::from(&entry.after),
                    undone: entry.undone,
                })
                .collect(),
        }
    }
}

pub fn write<W: Write>(backup: &Backup<'_>, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, backup)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_is_in_the_users_units() {
        let state = CardState {
            reps: 2,
            ef: 218,
            interval: 6,
            due: Some(StudyDay::from_number(20_779)),
            lapses: 1,
            suspended: false,
            leech: false,
            buried_day: None,
        };
        let json = serde_json::to_value(State::from(&state)).unwrap();
        assert_eq!(json["ef"], 2.18);
        assert_eq!(json["due"], "2026-11-22");
        assert_eq!(json["interval_days"], 6);
        assert_eq!(json["buried_on"], serde_json::Value::Null);
        let new = serde_json::to_value(State::from(&CardState::default())).unwrap();
        assert_eq!(new["ef"], 2.5);
        assert_eq!(new["due"], serde_json::Value::Null);
    }
}
