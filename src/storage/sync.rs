//! A generated deck into the cards table: new ids added, changed cards
//! updated in place (progress kept), missing ones retired.

use std::collections::{HashMap, HashSet};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::rows::{CARD_COLUMNS, card_from_row};
use super::{Result, Store, StoreError};
use crate::domain::card::{Card, GeneratedDeck};
use crate::domain::collection::SyncReport;
use crate::domain::state::tags_with_leech;

/// Everything sync compares to tell an unchanged card from an updated one.
/// The leech tag is the card's state, not its content, so it is left out.
fn fingerprint(card: &Card, ord: i64, origin: &str) -> String {
    let tags = tags_with_leech(card.tags.iter().map(String::as_str), false).join(" ");
    [
        card.deck.as_str(),
        card.generator.as_str(),
        card.kind.as_str(),
        &card.key,
        &card.role,
        &card.sibling,
        &card.question,
        &card.answer,
        &tags,
        &card.source.file,
        &card.source.line.to_string(),
        &ord.to_string(),
        origin,
    ]
    .join("\u{1f}")
}

/// While alive, this connection's triggers are off; dropping it turns them
/// back on, on every path out (errors included).
struct TriggersOff<'c>(&'c Connection);

impl<'c> TriggersOff<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
        Ok(TriggersOff(conn))
    }
}

impl Drop for TriggersOff<'_> {
    fn drop(&mut self) {
        // Setting a flag on an open connection does not fail in practice;
        // there is nothing better to do here if it did.
        let _ = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true);
    }
}

impl Store {
    /// Runs `f` in one transaction: what it writes is committed together,
    /// or not at all when it fails. Syncs inside nest as savepoints.
    pub fn in_one_transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(StoreError::from)?;
        let outcome = f(self).and_then(|value| {
            self.conn
                .execute_batch("COMMIT")
                .map_err(|e| E::from(StoreError::from(e)))?;
            Ok(value)
        });
        if outcome.is_err() && !self.conn.is_autocommit() {
            // The error being returned says what went wrong; a failed
            // rollback leaves SQLite to roll back when the connection closes.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        outcome
    }

    /// Replaces the cards of one origin with a freshly generated deck:
    /// new ids are added, changed ones updated in place (progress kept),
    /// missing ones retired (history kept, out of the queue).
    pub fn sync_origin(
        &mut self,
        origin: &str,
        ord_base: i64,
        deck: &GeneratedDeck,
    ) -> Result<SyncReport> {
        // A savepoint: its own transaction when called alone, or a part of
        // the caller's (`write_batch`: a multi-file import is all or nothing).
        let size = self.card_count()?;
        self.fit_cache_to(size.saturating_add(u64::try_from(deck.cards.len()).unwrap_or(0)))?;
        let tx = self.conn.savepoint()?;
        let mut report = SyncReport::default();
        // id → (fingerprint, retired)
        let mut existing: HashMap<String, (String, bool)> = HashMap::new();
        {
            let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE origin = ?1");
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map([origin], card_from_row)?;
            for row in rows {
                let (record, ord) = row?;
                let print = fingerprint(&record.card, ord, origin);
                existing.insert(record.card.id.as_str().to_string(), (print, record.retired));
            }
        }
        // (card index, ord) of the cards to write.
        let mut fresh: Vec<(usize, i64)> = Vec::new();
        let mut changed: Vec<(usize, i64)> = Vec::new();
        {
            let mut seen = HashSet::with_capacity(deck.cards.len());
            for (index, card) in deck.cards.iter().enumerate() {
                if !seen.insert(card.id.as_str()) {
                    continue;
                }
                let ord = ord_base.saturating_add(i64::try_from(index).unwrap_or(i64::MAX));
                match existing.remove(card.id.as_str()) {
                    Some((old, false)) if old == fingerprint(card, ord, origin) => {
                        report.unchanged += 1;
                    }
                    Some(_) => {
                        report.updated += 1;
                        changed.push((index, ord));
                    }
                    None => {
                        report.added += 1;
                        fresh.push((index, ord));
                    }
                }
            }
        }
        if !fresh.is_empty() {
            // New ids go in as plain inserts with the triggers off: a trigger
            // makes every insert a multi-row statement (a statement journal,
            // a scan of the tables that refer to cards) and runs a program
            // per row. The counters get what the insert trigger would have
            // added (a new card: class 0, due 0), once per deck.
            let _off = TriggersOff::new(&tx)?;
            // In document order (`fresh` is): the table, the queue's index
            // of new cards and the origin index are then filled at their
            // ends, page after page; only the id index takes each insert at
            // a random place.
            let per_deck = insert_fresh(&tx, origin, deck, &fresh, &mut changed)?;
            let mut count = tx.prepare(
                "INSERT INTO deck_counts (deck, class, due, n) VALUES (?1, 0, 0, ?2) \
                 ON CONFLICT (deck, class, due) DO UPDATE SET n = n + excluded.n",
            )?;
            for (deck, n) in per_deck {
                count.execute(params![deck, n])?;
            }
        }
        {
            // A card that is a leech keeps its tag through the update; which
            // tags that makes is the domain's rule, SQL only picks by the flag.
            let mut upsert = tx.prepare(
                "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, \
                 tags, source_file, source_line, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, ord = excluded.ord, deck = excluded.deck, \
                 generator = excluded.generator, kind = excluded.kind, entry_key = excluded.entry_key, role = excluded.role, \
                 sibling = excluded.sibling, question = excluded.question, answer = excluded.answer, \
                 tags = CASE WHEN cards.leech = 1 THEN ?15 ELSE excluded.tags END, \
                 source_file = excluded.source_file, source_line = excluded.source_line, retired = 0",
            )?;
            for &(index, ord) in &changed {
                let card = &deck.cards[index];
                let own_tags = || card.tags.iter().map(String::as_str);
                upsert.execute(params![
                    card.id,
                    origin,
                    ord,
                    card.deck,
                    card.generator.as_str(),
                    card.key,
                    card.role,
                    card.sibling,
                    card.question,
                    card.answer,
                    tags_with_leech(own_tags(), false).join(" "),
                    card.source.file,
                    card.source.line,
                    card.kind.as_str(),
                    tags_with_leech(own_tags(), true).join(" "),
                ])?;
            }
            let mut retire = tx.prepare("UPDATE cards SET retired = 1 WHERE id = ?1")?;
            for (id, (_, retired)) in existing {
                if !retired {
                    retire.execute([id])?;
                    report.retired += 1;
                }
            }
        }
        tx.execute("DELETE FROM facts WHERE origin = ?1", [origin])?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO facts (origin, owner, function, description, grp, deck, card_id, source_file, source_line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for fact in &deck.facts {
                insert.execute(params![
                    origin,
                    fact.owner,
                    fact.function,
                    fact.description,
                    fact.group,
                    fact.deck,
                    fact.card,
                    fact.source.file,
                    fact.source.line,
                ])?;
            }
        }
        let count = i64::try_from(deck.cards.len()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO origins (origin, ord_base, ord_end) VALUES (?1, ?2, ?3) \
             ON CONFLICT (origin) DO UPDATE SET ord_base = excluded.ord_base, \
             ord_end = max(ord_end, excluded.ord_end)",
            params![origin, ord_base, ord_base.saturating_add(count)],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Where the `ord` of an origin's cards starts: where it started before,
    /// or after every other origin.
    pub fn next_ord_base(&self, origin: &str) -> Result<i64> {
        let known: Option<i64> = self
            .conn
            .query_row(
                "SELECT ord_base FROM origins WHERE origin = ?1",
                [origin],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(base) = known {
            return Ok(base);
        }
        // Cards written by other means than a sync keep their place too;
        // for an unknown origin this is one index lookup that finds nothing.
        let existing: Option<i64> = self.conn.query_row(
            "SELECT min(ord) FROM cards WHERE origin = ?1",
            [origin],
            |r| r.get(0),
        )?;
        if let Some(base) = existing {
            return Ok(base);
        }
        let end: Option<i64> = self.conn.query_row(
            "SELECT max(ord_end) FROM origins WHERE ord_end > ord_base",
            [],
            |r| r.get(0),
        )?;
        // Leave room for a document to grow without reordering its neighbours.
        Ok(end.map_or(0, |end| ((end - 1) / 1_000_000 + 1) * 1_000_000))
    }
}

/// Rows per insert statement: a statement's fixed cost (binding aside) is
/// larger than a row's, so bulk inserts go this many rows at a time.
const ROWS_PER_INSERT: usize = 32;

fn insert_sql(rows: usize) -> String {
    let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    format!(
        "INSERT OR IGNORE INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, \
         question, answer, tags, source_file, source_line, kind) VALUES {}",
        vec![row; rows].join(", ")
    )
}

/// Inserts cards whose ids this origin does not have yet; an id that
/// another origin holds (a moved import), or a row that breaks a rule, is
/// left out and added to `changed` for the upsert. Returns how many cards
/// went into each deck.
fn insert_fresh<'d>(
    conn: &Connection,
    origin: &str,
    deck: &'d GeneratedDeck,
    fresh: &[(usize, i64)],
    changed: &mut Vec<(usize, i64)>,
) -> Result<HashMap<&'d str, i64>> {
    let mut per_deck: HashMap<&str, i64> = HashMap::new();
    let mut full = conn.prepare(&insert_sql(ROWS_PER_INSERT))?;
    let mut ours = conn.prepare("SELECT origin = ?2 FROM cards WHERE id = ?1")?;
    for chunk in fresh.chunks(ROWS_PER_INSERT) {
        let tags: Vec<String> = chunk
            .iter()
            .map(|&(index, _)| {
                let own = deck.cards[index].tags.iter().map(String::as_str);
                tags_with_leech(own, false).join(" ")
            })
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(chunk.len() * 14);
        for ((index, ord), tags) in chunk.iter().zip(&tags) {
            let card = &deck.cards[*index];
            values.extend_from_slice(&[
                &card.id,
                &origin,
                ord,
                &card.deck,
                &card.generator,
                &card.key,
                &card.role,
                &card.sibling,
                &card.question,
                &card.answer,
                tags,
                &card.source.file,
                &card.source.line,
                &card.kind,
            ]);
        }
        let inserted = if chunk.len() == ROWS_PER_INSERT {
            full.execute(&values[..])?
        } else {
            conn.prepare(&insert_sql(chunk.len()))?
                .execute(&values[..])?
        };
        for &(index, ord) in chunk {
            let card = &deck.cards[index];
            let went_in = inserted == chunk.len()
                || ours
                    .query_row(params![card.id, origin], |r| r.get::<_, bool>(0))
                    .optional()?
                    == Some(true);
            if went_in {
                *per_deck.entry(card.deck.as_str()).or_default() += 1;
            } else {
                changed.push((index, ord));
            }
        }
    }
    Ok(per_deck)
}
