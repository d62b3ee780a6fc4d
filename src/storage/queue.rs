//! The study day's candidates and what was already done on a day.

use std::collections::HashSet;

use rusqlite::params;

use super::log::NOT_UNDONE;
use super::{DECK_MATCH, Result, Store};
use crate::domain::card::CardId;
use crate::domain::clock::StudyDay;

/// A card in line for today's queue: just enough to order and bury it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: CardId,
    pub sibling: String,
    pub is_new: bool,
}

impl Store {
    /// New cards introduced and reviews done on `day` (undone ones excluded).
    pub fn done_on(&self, day: StudyDay, deck_prefix: Option<&str>) -> Result<(u64, u64)> {
        let sql = format!(
            "SELECT coalesce(sum(r.was_new), 0), coalesce(sum(1 - r.was_new), 0) FROM reviews r \
             JOIN cards c ON c.id = r.card_id \
             WHERE r.day = ?2 AND r.kind = 'review' AND {NOT_UNDONE} AND {}",
            DECK_MATCH.replace("deck", "c.deck")
        );
        Ok(self.conn.query_row(&sql, params![deck_prefix, day], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    }

    /// Sibling groups that already had a card reviewed on `day`.
    pub fn siblings_seen_on(&self, day: StudyDay) -> Result<HashSet<String>> {
        let sql = format!(
            "SELECT DISTINCT c.sibling FROM reviews r JOIN cards c ON c.id = r.card_id \
             WHERE r.day = ?1 AND r.kind = 'review' AND {NOT_UNDONE}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([day], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Due reviews, most overdue first, at most `limit`.
    pub fn due_candidates(
        &self,
        today: StudyDay,
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
        today: StudyDay,
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
        today: StudyDay,
        deck_prefix: Option<&str>,
        limit: u64,
    ) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![deck_prefix, today, limit], |r| {
            Ok(Candidate {
                id: r.get(0)?,
                sibling: r.get(1)?,
                is_new: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The earliest due day after `today` among active cards, from the
    /// per-deck counters (classes 1 and 2 hold the due cards by due day):
    /// a few hundred rows however many cards there are.
    pub fn next_due_after(
        &self,
        today: StudyDay,
        deck_prefix: Option<&str>,
    ) -> Result<Option<StudyDay>> {
        let sql = format!(
            "SELECT min(due) FROM deck_counts WHERE class IN (1, 2) AND due > ?2 AND n > 0 AND {DECK_MATCH}"
        );
        Ok(self
            .conn
            .query_row(&sql, params![deck_prefix, today], |r| r.get(0))?)
    }

    /// Active reviews due on or before `day`, from the per-deck counters.
    pub fn due_on(&self, day: StudyDay, deck_prefix: Option<&str>) -> Result<u64> {
        let sql = format!(
            "SELECT coalesce(sum(n), 0) FROM deck_counts WHERE class IN (1, 2) AND due <= ?2 AND {DECK_MATCH}"
        );
        Ok(self
            .conn
            .query_row(&sql, params![deck_prefix, day], |r| r.get(0))?)
    }
}
