//! What `recall check` reads and what `--repair` writes: the file's
//! integrity, the per-deck counters against the cards, the links of undo
//! rows; and rebuilding counters and card states.

use rusqlite::params;

use super::log::apply_state;
use super::{Batch, Result, Store};
use crate::domain::card::CardId;
use crate::domain::state::CardState;

/// How many integrity messages are worth showing.
const INTEGRITY_MESSAGES: u32 = 100;

/// The class and due day a card is counted under; the same expressions as
/// the counters' triggers (migration 2).
const COUNTED: &str = "SELECT deck, \
     CASE WHEN suspended = 1 THEN 3 WHEN due IS NULL THEN 0 WHEN reps = 0 THEN 1 ELSE 2 END AS class, \
     CASE WHEN suspended = 0 AND due IS NOT NULL THEN due ELSE 0 END AS due, count(*) AS n \
     FROM cards WHERE retired = 0 GROUP BY 1, 2, 3";

/// A per-deck counter that disagrees with the cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterMismatch {
    pub deck: String,
    pub class: i64,
    pub due: i64,
    /// What the cards say.
    pub cards: i64,
    /// What the counter says.
    pub counted: i64,
}

/// An undo row and the row it takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogLink {
    pub undo: i64,
    pub undoes: i64,
}

impl Store {
    /// `PRAGMA integrity_check`: empty when the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("PRAGMA integrity_check({INTEGRITY_MESSAGES})"))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let messages: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(messages.into_iter().filter(|m| m != "ok").collect())
    }

    /// The counters that differ from a count of the cards.
    pub fn counter_mismatches(&self) -> Result<Vec<CounterMismatch>> {
        let sql = format!(
            "SELECT deck, class, due, sum(w), sum(h) FROM ( \
               SELECT deck, class, due, n AS w, 0 AS h FROM ({COUNTED}) \
               UNION ALL SELECT deck, class, due, 0, n FROM deck_counts) \
             GROUP BY 1, 2, 3 HAVING sum(w) <> sum(h) ORDER BY 1, 2, 3"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(CounterMismatch {
                deck: r.get(0)?,
                class: r.get(1)?,
                due: r.get(2)?,
                cards: r.get(3)?,
                counted: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every undo row with the row it names.
    pub fn undo_links(&self) -> Result<Vec<LogLink>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, undoes FROM reviews WHERE undoes IS NOT NULL ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(LogLink {
                undo: r.get(0)?,
                undoes: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Rebuilds the counters from the cards and writes the given card
    /// states, in one transaction, after a snapshot.
    pub fn repair(&mut self, states: &[(CardId, CardState)]) -> Result<()> {
        self.hold_session_lock()?;
        self.write_batch(Batch::Rewrite, |store| {
            for (card, state) in states {
                apply_state(&store.conn, card, state)?;
            }
            store.conn.execute("DELETE FROM deck_counts", [])?;
            store.conn.execute(
                &format!("INSERT INTO deck_counts (deck, class, due, n) {COUNTED}"),
                params![],
            )?;
            Ok(())
        })
    }
}
