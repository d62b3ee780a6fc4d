//! Use cases on single cards: listing, suspending and unsuspending by id,
//! undoing the last change.

use super::library::Collection;
use crate::domain::card::CardId;
use crate::domain::clock::Now;
use crate::domain::collection::{CardRecord, LogRecord};
use crate::domain::state::{self, LogKind};
use crate::error::{Error, Result};
use crate::storage::{CardFilter, LogEntry};

/// Active cards under `deck`, whose question, answer or tags contain
/// `search` (any case), in document order. A `deck` that matches no deck
/// is an error that lists the decks.
pub fn list(
    collection: &Collection,
    deck: Option<&str>,
    search: Option<&str>,
) -> Result<Vec<CardRecord>> {
    super::library::require_deck(collection, deck)?;
    Ok(collection.store.cards(&CardFilter {
        deck_prefix: deck,
        search,
        include_retired: false,
    })?)
}

/// One card by id, as the user typed it.
pub fn find(collection: &Collection, id: &str) -> Result<CardRecord> {
    CardId::parse(id)
        .map(|parsed| collection.store.card(&parsed))
        .transpose()?
        .flatten()
        .ok_or_else(|| Error::NoCard(id.to_string()))
}

/// Suspends (or unsuspends) the cards with these ids. Every id is checked
/// before anything changes; a card already in that state is left alone
/// (nothing is logged). Returns the cards as they are now.
pub fn set_suspended(
    collection: &mut Collection,
    ids: &[String],
    suspend: bool,
    now: Now,
) -> Result<Vec<CardRecord>> {
    let found = ids
        .iter()
        .map(|id| find(collection, id))
        .collect::<Result<Vec<_>>>()?;
    let at = now.rfc3339();
    let day = now.study_day();
    let mut out = Vec::with_capacity(found.len());
    for mut record in found {
        let before = record.state;
        let after = if suspend {
            state::suspend(before)
        } else {
            state::unsuspend(before)
        };
        if before != after {
            collection.store.record(&LogEntry::change(
                &record.card.id,
                &at,
                day,
                LogKind::Suspend,
                before,
                after,
            ))?;
        }
        record.state = after;
        out.push(record);
    }
    Ok(out)
}

/// What `undo` took back.
#[derive(Debug, Clone)]
pub struct Undone {
    pub entry: LogRecord,
    /// The card's question, when the card is still there.
    pub question: Option<String>,
}

/// Reverts the last change (an answer, suspend or bury) that has not been
/// undone yet.
pub fn undo_last(collection: &mut Collection, now: Now) -> Result<Option<Undone>> {
    let Some(entry) = collection
        .store
        .undo_last(&now.rfc3339(), now.study_day())?
    else {
        return Ok(None);
    };
    let question = collection
        .store
        .card(&entry.card)?
        .map(|record| record.card.question);
    Ok(Some(Undone { entry, question }))
}
