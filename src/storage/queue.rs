//! The study day's candidates and what was already done on a day.

use std::collections::HashSet;
use std::ops::ControlFlow;

use rusqlite::params;

use super::log::NOT_UNDONE;
use super::{DECK_MATCH, Result, Store};
use crate::domain::card::CardId;
use crate::domain::clock::StudyDay;
use crate::domain::queue::Pool;

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

    /// The day's candidates of one pool in queue order (due reviews most
    /// overdue first, new cards in document order), buried ones left out:
    /// `take` gets each card's sibling group and id until it says stop.
    /// Read from the covering indexes alone (migration 6) and lazily, so
    /// a queue costs about the cards it holds, however many are due.
    pub fn each_candidate(
        &self,
        today: StudyDay,
        deck_prefix: Option<&str>,
        pool: Pool,
        mut take: impl FnMut(&str, CardId) -> ControlFlow<()>,
    ) -> Result<()> {
        let sql = match pool {
            Pool::Due => format!(
                "SELECT sibling, id FROM cards INDEXED BY cards_due WHERE due IS NOT NULL AND due <= ?2 \
                 AND retired = 0 AND suspended = 0 AND (buried_day IS NULL OR buried_day <> ?2) \
                 AND {DECK_MATCH} ORDER BY due, ord"
            ),
            Pool::New => format!(
                "SELECT sibling, id FROM cards INDEXED BY cards_new WHERE due IS NULL AND retired = 0 \
                 AND suspended = 0 AND (buried_day IS NULL OR buried_day <> ?2) AND {DECK_MATCH} \
                 ORDER BY ord"
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![deck_prefix, today])?;
        while let Some(row) = rows.next()? {
            let sibling = row.get_ref(0)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?;
            if take(sibling, row.get(1)?).is_break() {
                break;
            }
        }
        Ok(())
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
