//! Reading the JSON backup (`export --format json`, version 2) back into
//! cards and log rows, for `recall restore`. The backup does not carry a
//! card's origin or document order, nor the log's global order: the origin
//! is the built-in deck whose document the card came from (else the
//! imported file's), the order is the backup's own (it lists cards in
//! document order), and the log is merged across cards by time, each
//! card's history kept in its order. An undo row takes back the latest
//! earlier row of its card that no other undo took back.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::decks::BUILTIN;
use crate::domain::card::{Card, CardId, CardKind, Generator, Source};
use crate::domain::clock::{StudyDay, day_number};
use crate::domain::collection::{CardRecord, LogRecord};
use crate::domain::sm2::Grade;
use crate::domain::state::{CardState, LogKind};

use super::json::{FORMAT, VERSION};

#[derive(Debug, Deserialize)]
struct Backup {
    format: String,
    version: u32,
    cards: Vec<BackupCard>,
}

#[derive(Debug, Deserialize)]
struct BackupSource {
    file: String,
    line: u32,
}

#[derive(Debug, Deserialize)]
struct BackupCard {
    id: String,
    deck: String,
    kind: String,
    generator: String,
    key: String,
    role: String,
    sibling: String,
    question: String,
    answer: String,
    tags: Vec<String>,
    source: BackupSource,
    retired: bool,
    state: State,
    history: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, Deserialize)]
struct State {
    reps: u32,
    ef: f64,
    interval_days: u32,
    due: Option<String>,
    lapses: u32,
    suspended: bool,
    leech: bool,
    buried_on: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HistoryEntry {
    at: String,
    study_day: String,
    kind: String,
    grade: Option<u8>,
    duration_ms: u64,
    was_new: bool,
    before: State,
    after: State,
}

/// A card as the backup gives it back, with where it belongs.
#[derive(Debug, Clone)]
pub struct RestoredCard {
    pub record: CardRecord,
    pub origin: String,
    pub ord: i64,
}

/// A log row in its restored global order (`record.id`), and the row it
/// takes back when it is an undo.
#[derive(Debug, Clone)]
pub struct RestoredRow {
    pub record: LogRecord,
    pub undoes: Option<i64>,
}

/// Why a JSON text is not a backup this build reads.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("not a recall JSON backup: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "a recall backup of format {0:?} version {1}; this build reads {FORMAT:?} version {VERSION}"
    )]
    Version(String, u32),
    #[error("card {card}: {what}")]
    Value { card: String, what: String },
}

fn day(text: &str) -> Option<StudyDay> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|d| StudyDay::from_number(day_number(d)))
}

impl State {
    fn to_state(&self) -> Option<CardState> {
        let ef = (self.ef * 100.0).round();
        if !(0.0..=f64::from(u32::MAX)).contains(&ef) {
            return None;
        }
        let due = match &self.due {
            Some(text) => Some(day(text)?),
            None => None,
        };
        let buried_day = match &self.buried_on {
            Some(text) => Some(day(text)?),
            None => None,
        };
        Some(CardState {
            reps: self.reps,
            // In range: checked just above.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            ef: ef as u32,
            interval: self.interval_days,
            due,
            lapses: self.lapses,
            suspended: self.suspended,
            leech: self.leech,
            buried_day,
        })
    }
}

/// The origin a card was synced under: its built-in deck, or the file it
/// was imported from (under its top deck).
fn origin(card: &BackupCard) -> String {
    if let Some(builtin) = BUILTIN.iter().find(|b| b.file == card.source.file) {
        return format!("builtin:{}", builtin.deck);
    }
    let top = card.deck.split("::").next().unwrap_or(&card.deck);
    let file = std::path::Path::new(&card.source.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("import:{top}:{file}")
}

/// Parses a backup into cards and log rows.
pub fn read(text: &str) -> Result<(Vec<RestoredCard>, Vec<RestoredRow>), RestoreError> {
    let backup: Backup = serde_json::from_str(text)?;
    if backup.format != FORMAT || backup.version != VERSION {
        return Err(RestoreError::Version(backup.format, backup.version));
    }
    let mut cards = Vec::with_capacity(backup.cards.len());
    // Each origin gets its block of document order, as sync gives it.
    let mut blocks: HashMap<String, (i64, i64)> = HashMap::new();
    let mut next_import_block = i64::try_from(BUILTIN.len()).unwrap_or(0);
    // Each card's history, oldest first.
    let mut histories: Vec<Vec<LogRecord>> = Vec::new();
    for card in &backup.cards {
        let bad = |what: &str| RestoreError::Value {
            card: card.id.clone(),
            what: what.to_string(),
        };
        let id = CardId::parse(&card.id).ok_or_else(|| bad("invalid id"))?;
        let origin = origin(card);
        let builtin = BUILTIN
            .iter()
            .position(|b| format!("builtin:{}", b.deck) == origin);
        let block = match (blocks.get(&origin), builtin) {
            (Some((block, _)), _) => *block,
            (None, Some(index)) => i64::try_from(index).unwrap_or(0),
            (None, None) => {
                next_import_block += 1;
                next_import_block - 1
            }
        };
        let slot = blocks.entry(origin.clone()).or_insert((block, 0));
        let ord = slot.0 * 1_000_000 + slot.1;
        slot.1 += 1;
        let record = CardRecord {
            card: Card {
                id: id.clone(),
                deck: card.deck.clone(),
                generator: Generator::parse(&card.generator)
                    .ok_or_else(|| bad("unknown generator"))?,
                kind: CardKind::parse(&card.kind).ok_or_else(|| bad("unknown kind"))?,
                key: card.key.clone(),
                role: card.role.clone(),
                sibling: card.sibling.clone(),
                question: card.question.clone(),
                answer: card.answer.clone(),
                tags: card.tags.clone(),
                source: Source {
                    file: card.source.file.clone(),
                    line: card.source.line,
                },
            },
            state: card.state.to_state().ok_or_else(|| bad("invalid state"))?,
            retired: card.retired,
        };
        let mut history = Vec::with_capacity(card.history.len());
        for entry in &card.history {
            history.push(LogRecord {
                id: 0,
                card: id.clone(),
                at: entry.at.clone(),
                day: day(&entry.study_day).ok_or_else(|| bad("invalid study day"))?,
                kind: LogKind::parse(&entry.kind).ok_or_else(|| bad("unknown log kind"))?,
                grade: match entry.grade {
                    Some(g) => Some(Grade::new(g).ok_or_else(|| bad("invalid grade"))?),
                    None => None,
                },
                duration_ms: entry.duration_ms,
                was_new: entry.was_new,
                before: entry
                    .before
                    .to_state()
                    .ok_or_else(|| bad("invalid state"))?,
                after: entry.after.to_state().ok_or_else(|| bad("invalid state"))?,
                undone: false,
            });
        }
        histories.push(history);
        cards.push(RestoredCard {
            record,
            origin,
            ord,
        });
    }
    Ok((cards, merge(histories)))
}

/// Merges the cards' histories by time (ties by card order), numbering
/// the rows and pairing each undo with the row it takes back.
fn merge(histories: Vec<Vec<LogRecord>>) -> Vec<RestoredRow> {
    let mut cursors: Vec<std::vec::IntoIter<LogRecord>> =
        histories.into_iter().map(Vec::into_iter).collect();
    let mut heads: BinaryHeap<Reverse<(String, usize)>> = BinaryHeap::new();
    let mut pending: Vec<Option<LogRecord>> = Vec::with_capacity(cursors.len());
    for (index, cursor) in cursors.iter_mut().enumerate() {
        let next = cursor.next();
        if let Some(r) = &next {
            heads.push(Reverse((r.at.clone(), index)));
        }
        pending.push(next);
    }
    let mut out = Vec::new();
    // Per card: the ids of its rows not (yet) taken back, newest last.
    let mut open: HashMap<usize, Vec<i64>> = HashMap::new();
    while let Some(Reverse((_, index))) = heads.pop() {
        let Some(mut record) = pending.get_mut(index).and_then(Option::take) else {
            continue;
        };
        let id = i64::try_from(out.len())
            .unwrap_or(i64::MAX)
            .saturating_add(1);
        record.id = id;
        let stack = open.entry(index).or_default();
        let undoes = if record.kind == LogKind::Undo {
            stack.pop()
        } else {
            stack.push(id);
            None
        };
        out.push(RestoredRow { record, undoes });
        if let Some(cursor) = cursors.get_mut(index) {
            let next = cursor.next();
            if let Some(r) = &next {
                heads.push(Reverse((r.at.clone(), index)));
            }
            if let Some(slot) = pending.get_mut(index) {
                *slot = next;
            }
        }
    }
    out
}
