//! Reading the collection: cards, quiz facts, counts and statistics.

use rusqlite::{OptionalExtension, params};

use super::log::NOT_UNDONE;
use super::rows::{CARD_COLUMNS, card_from_row};
use super::{DECK_MATCH, Result, Store};
use crate::domain::card::{CardId, QuizFact, Source};
use crate::domain::clock::StudyDay;
use crate::domain::collection::{CardRecord, DeckCounts, Lapsed};
use crate::domain::stats::ReviewFact;

/// Which cards to list.
#[derive(Debug, Clone, Default)]
pub struct CardFilter<'a> {
    pub deck_prefix: Option<&'a str>,
    pub search: Option<&'a str>,
    pub include_retired: bool,
}

impl Store {
    /// Cards in document order.
    pub fn cards(&self, filter: &CardFilter<'_>) -> Result<Vec<CardRecord>> {
        let sql = format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE {DECK_MATCH} AND (?2 = 1 OR retired = 0) \
             AND (?3 IS NULL OR instr(lower(question), lower(?3)) > 0 OR instr(lower(answer), lower(?3)) > 0 \
                  OR instr(lower(tags), lower(?3)) > 0)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.deck_prefix, filter.include_retired, filter.search],
            card_from_row,
        )?;
        let mut cards: Vec<(CardRecord, i64)> = rows.collect::<rusqlite::Result<_>>()?;
        // Sorting here is cheaper than an ORDER BY over wide rows in SQLite.
        cards.sort_by_key(|(_, ord)| *ord);
        Ok(cards.into_iter().map(|(card, _)| card).collect())
    }

    pub fn card(&self, id: &CardId) -> Result<Option<CardRecord>> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let found = stmt.query_row([id], card_from_row).optional()?;
        Ok(found.map(|(card, _)| card))
    }

    /// Per-deck counts for `today`, from the counters the triggers keep
    /// (migration 2). Each card is in one column at most: learning = seen
    /// but no successful repetition yet (whatever its due day), due = the
    /// other reviewed cards due by `today`.
    pub fn deck_counts(&self, today: StudyDay) -> Result<Vec<DeckCounts>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT deck,
                    coalesce(sum(n) FILTER (WHERE class = 0), 0),
                    coalesce(sum(n) FILTER (WHERE class = 1), 0),
                    coalesce(sum(n) FILTER (WHERE class = 2 AND due <= ?1), 0),
                    coalesce(sum(n) FILTER (WHERE class = 3), 0),
                    sum(n)
             FROM deck_counts GROUP BY deck HAVING sum(n) > 0 ORDER BY deck",
        )?;
        let rows = stmt.query_map([today], |r| {
            Ok(DeckCounts {
                deck: r.get(0)?,
                new: r.get(1)?,
                learning: r.get(2)?,
                due: r.get(3)?,
                suspended: r.get(4)?,
                total: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The decks with active cards that `--deck` matches (every deck when
    /// `None`), from the per-deck counters.
    pub fn deck_names(&self, deck_prefix: Option<&str>) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT deck FROM deck_counts WHERE {DECK_MATCH} GROUP BY deck HAVING sum(n) > 0"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([deck_prefix], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Graded reviews since a study day, for statistics.
    pub fn review_facts(&self, since_day: StudyDay) -> Result<Vec<ReviewFact>> {
        let sql = format!(
            "SELECT r.day, r.grade, coalesce(json_extract(r.before, '$.interval'), 0) FROM reviews r \
             WHERE r.kind = 'review' AND r.day >= ?1 AND r.grade IS NOT NULL AND {NOT_UNDONE} ORDER BY r.day"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([since_day], |r| {
            Ok(ReviewFact {
                day: r.get(0)?,
                grade: r.get(1)?,
                interval_before: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The active cards with the most lapses.
    pub fn most_lapsed(&self, limit: u64) -> Result<Vec<Lapsed>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT question, deck, lapses FROM cards WHERE retired = 0 AND lapses > 0 \
             ORDER BY lapses DESC, ord LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Lapsed {
                question: r.get(0)?,
                deck: r.get(1)?,
                lapses: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Due days of active reviewed cards, for the forecast.
    pub fn due_days(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT due FROM cards WHERE due IS NOT NULL AND retired = 0 AND suspended = 0",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The quiz material of active cards.
    pub fn facts(&self, deck_prefix: Option<&str>) -> Result<Vec<QuizFact>> {
        let sql = format!(
            "SELECT owner, function, description, grp, deck, card_id, source_file, source_line FROM facts f \
             WHERE {DECK_MATCH} AND EXISTS (SELECT 1 FROM cards c WHERE c.id = f.card_id AND c.retired = 0) \
             ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([deck_prefix], |r| {
            Ok(QuizFact {
                owner: r.get(0)?,
                function: r.get(1)?,
                description: r.get(2)?,
                group: r.get(3)?,
                deck: r.get(4)?,
                card: r.get(5)?,
                source: Source {
                    file: r.get(6)?,
                    line: r.get(7)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
