//! What the collection holds and reports, as the rest of the program reads
//! it: a card with its state, a log entry, deck counts, a sync report. The
//! store fills these; the terminal and the writers render them.

use serde::Serialize;

use super::card::{Card, CardId};
use super::clock::StudyDay;
use super::sm2::Grade;
use super::state::{CardState, LogKind};

/// A card with everything known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRecord {
    pub card: Card,
    pub state: CardState,
    /// Its entry left the document: history kept, out of the queue.
    pub retired: bool,
}

/// One entry of the review log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    pub id: i64,
    pub card: CardId,
    /// When it happened (RFC 3339).
    pub at: String,
    pub day: StudyDay,
    pub kind: LogKind,
    pub grade: Option<Grade>,
    pub duration_ms: u64,
    pub was_new: bool,
    pub before: CardState,
    pub after: CardState,
    /// A later undo took it back.
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

/// A card among the most lapsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lapsed {
    pub question: String,
    pub deck: String,
    pub lapses: u32,
}
