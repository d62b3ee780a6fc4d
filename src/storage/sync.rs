//! A generated deck into the cards table: new ids added, changed cards
//! updated in place (progress kept), missing ones retired.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, ToSql, params};

use super::rows::{CARD_COLUMNS, card_from_row};
use super::{Result, Store};
use crate::domain::card::{Card, CardId, GeneratedDeck, QuizFact};
use crate::domain::collection::SyncReport;
use crate::domain::state::tags_with_leech;

/// Everything sync compares to tell an unchanged card from an updated one.
/// The leech tag is the card's state, not its content, so it is left out.
fn fingerprint(card: &Card, ord: i64, origin: &str) -> String {
    let tags = tags_with_leech(card.tags.iter().map(String::as_str), false);
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

impl Store {
    /// Replaces the cards of one origin with a freshly generated deck:
    /// new ids are added, changed ones updated in place (progress kept),
    /// missing ones retired (history kept, out of the queue).
    pub fn sync_origin(
        &mut self,
        origin: &str,
        ord_base: i64,
        deck: &GeneratedDeck,
    ) -> Result<SyncReport> {
        let mut sync = self.begin_origin_sync(origin, ord_base)?;
        sync.cards(&deck.cards)?;
        sync.finish(&deck.facts)
    }

    /// [`Store::sync_origin`] for a deck whose cards come a batch at a
    /// time, in document order ([`OriginSync::cards`]), then its facts
    /// ([`OriginSync::finish`]). Inside a transaction it is a part of it
    /// (an import of many files is all or nothing); alone it is its own.
    /// Dropped unfinished, what it wrote is undone with its own
    /// transaction, or left to the caller's to roll back.
    pub fn begin_origin_sync(&mut self, origin: &str, ord_base: i64) -> Result<OriginSync<'_>> {
        let size = self.card_count()?;
        self.fit_cache_to(size)?;
        let savepoint_open = self.conn.is_autocommit();
        if savepoint_open {
            self.conn.execute_batch("SAVEPOINT origin_sync")?;
        }
        let mut sync = OriginSync {
            store: self,
            origin: origin.to_string(),
            ord_base,
            next: 0,
            size,
            existing: HashMap::default(),
            seen: HashSet::default(),
            per_deck: HashMap::default(),
            report: SyncReport::default(),
            savepoint_open,
            triggers_on: true,
        };
        // id → (fingerprint, retired)
        let sql = format!("SELECT {CARD_COLUMNS} FROM cards WHERE origin = ?1");
        let mut stmt = sync.store.conn.prepare(&sql)?;
        let rows = stmt.query_map([origin], card_from_row)?;
        for row in rows {
            let (record, ord) = row?;
            let print = fingerprint(&record.card, ord, origin);
            sync.existing
                .insert(record.card.id.as_str().to_string(), (print, record.retired));
        }
        drop(stmt);
        Ok(sync)
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

/// The columns a sync writes for a card, in the order of [`row_values`].
const WRITTEN_COLUMNS: &str = "id, origin, ord, deck, generator, entry_key, role, sibling, \
     question, answer, tags, source_file, source_line, kind";
const WRITTEN: usize = 14;

/// Of those, the ones an import's cards agree on: origin, deck, generator,
/// source file and kind.
const SHARED: [usize; 5] = [1, 3, 4, 11, 13];

/// The other columns, a card's own (test `shared_and_own_columns_split_them`).
const OWN: [usize; WRITTEN - SHARED.len()] = [0, 2, 5, 6, 7, 8, 9, 10, 12];

/// A card's values for [`WRITTEN_COLUMNS`].
fn row_values<'v>(
    card: &'v Card,
    origin: &'v dyn ToSql,
    ord: &'v i64,
    tags: &'v dyn ToSql,
) -> [&'v dyn ToSql; WRITTEN] {
    [
        &card.id,
        origin,
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
    ]
}

/// The insert of `rows` cards. With `shared`, every row takes its
/// [`SHARED`] columns from ?1..?5 (bound once for the statement: each text
/// bound is a copy SQLite makes) and its other nine values after them;
/// without, all fourteen are its own.
fn insert_sql(rows: usize, shared: bool) -> String {
    use std::fmt::Write;
    let mut sql = format!("INSERT OR IGNORE INTO cards ({WRITTEN_COLUMNS}) VALUES ");
    let mut next = if shared { SHARED.len() } else { 0 };
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..WRITTEN {
            let param = match SHARED.iter().position(|&c| c == column) {
                Some(at) if shared => at + 1,
                _ => {
                    next += 1;
                    next
                }
            };
            let comma = if column == 0 { "" } else { ", " };
            let _ = write!(sql, "{comma}?{param}");
        }
        sql.push(')');
    }
    sql
}

/// The inserts of [`ROWS_PER_INSERT`] cards, made once.
static FULL_INSERTS: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    [
        insert_sql(ROWS_PER_INSERT, true),
        insert_sql(ROWS_PER_INSERT, false),
    ]
});

/// A sync of one origin under way: see [`Store::begin_origin_sync`].
pub struct OriginSync<'s> {
    store: &'s mut Store,
    origin: String,
    ord_base: i64,
    /// The place in the document of the next card.
    next: i64,
    /// Cards in the collection when the sync began.
    size: u64,
    /// This origin's cards not seen yet: id → (fingerprint, retired).
    existing: HashMap<String, (String, bool), RandomState>,
    /// Ids seen so far: a repeated id keeps its first card.
    seen: HashSet<CardId, RandomState>,
    /// Cards inserted into each deck (the counters, once at the end).
    per_deck: HashMap<String, i64, RandomState>,
    report: SyncReport,
    /// This sync is its own transaction (a savepoint), not yet released:
    /// dropped so, it rolls back what it wrote.
    savepoint_open: bool,
    /// Whether the connection's triggers are on (off while new cards go in).
    triggers_on: bool,
}

impl OriginSync<'_> {
    /// The next cards of the document, in its order.
    pub fn cards(&mut self, cards: &[Card]) -> Result<()> {
        let conn = &self.store.conn;
        let origin = self.origin.as_str();
        // (card, ord) of the cards to write.
        let mut fresh: Vec<(&Card, i64)> = Vec::new();
        let mut changed: Vec<(&Card, i64)> = Vec::new();
        for card in cards {
            let ord = self.ord_base.saturating_add(self.next);
            self.next = self.next.saturating_add(1);
            if !self.seen.insert(card.id.clone()) {
                continue;
            }
            match self.existing.remove(card.id.as_str()) {
                Some((old, false)) if old == fingerprint(card, ord, origin) => {
                    self.report.unchanged += 1;
                }
                Some(_) => {
                    self.report.updated += 1;
                    changed.push((card, ord));
                }
                None => {
                    self.report.added += 1;
                    fresh.push((card, ord));
                }
            }
        }
        if !fresh.is_empty() {
            // New ids go in as plain inserts with the triggers off: a trigger
            // makes every insert a multi-row statement (a statement journal,
            // a scan of the tables that refer to cards) and runs a program
            // per row. The counters get what the insert trigger would have
            // added at the end (a new card: class 0, due 0), once per deck.
            set_triggers(conn, &mut self.triggers_on, false)?;
            // In document order: the table, the queue's index of new cards
            // and the origin index are then filled at their ends, page after
            // page; only the id index takes each insert at a random place.
            insert_fresh(conn, origin, &fresh, &mut changed, &mut self.per_deck)?;
        }
        if !changed.is_empty() {
            set_triggers(conn, &mut self.triggers_on, true)?;
            // A card that is a leech keeps its tag through the update; which
            // tags that makes is the domain's rule, SQL only picks by the flag.
            let mut upsert = conn.prepare_cached(&format!(
                "INSERT INTO cards ({WRITTEN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, ord = excluded.ord, deck = excluded.deck, \
                 generator = excluded.generator, kind = excluded.kind, entry_key = excluded.entry_key, role = excluded.role, \
                 sibling = excluded.sibling, question = excluded.question, answer = excluded.answer, \
                 tags = CASE WHEN cards.leech = 1 THEN ?15 ELSE excluded.tags END, \
                 source_file = excluded.source_file, source_line = excluded.source_line, retired = 0"
            ))?;
            for (card, ord) in &changed {
                let own_tags = || card.tags.iter().map(String::as_str);
                let (tags, leech_tags) = (
                    tags_with_leech(own_tags(), false),
                    tags_with_leech(own_tags(), true),
                );
                let mut values = row_values(card, &origin, ord, &tags).to_vec();
                values.push(&leech_tags);
                upsert.execute(&values[..])?;
            }
        }
        let seen = u64::try_from(self.next).unwrap_or(u64::MAX);
        self.store.fit_cache_to(self.size.saturating_add(seen))?;
        Ok(())
    }

    /// Retires this origin's cards the document no longer makes, replaces
    /// its quiz facts and records where its cards lie.
    pub fn finish(mut self, facts: &[QuizFact]) -> Result<SyncReport> {
        let conn = &self.store.conn;
        set_triggers(conn, &mut self.triggers_on, true)?;
        let origin = self.origin.as_str();
        {
            let mut count = conn.prepare(
                "INSERT INTO deck_counts (deck, class, due, n) VALUES (?1, 0, 0, ?2) \
                 ON CONFLICT (deck, class, due) DO UPDATE SET n = n + excluded.n",
            )?;
            for (deck, n) in &self.per_deck {
                count.execute(params![deck, n])?;
            }
            let mut retire = conn.prepare("UPDATE cards SET retired = 1 WHERE id = ?1")?;
            for (id, (_, retired)) in &self.existing {
                if !retired {
                    retire.execute([id])?;
                    self.report.retired += 1;
                }
            }
        }
        conn.execute("DELETE FROM facts WHERE origin = ?1", [origin])?;
        {
            let mut insert = conn.prepare(
                "INSERT INTO facts (origin, owner, function, description, grp, deck, card_id, source_file, source_line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for fact in facts {
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
        conn.execute(
            "INSERT INTO origins (origin, ord_base, ord_end) VALUES (?1, ?2, ?3) \
             ON CONFLICT (origin) DO UPDATE SET ord_base = excluded.ord_base, \
             ord_end = max(ord_end, excluded.ord_end)",
            params![
                origin,
                self.ord_base,
                self.ord_base.saturating_add(self.next)
            ],
        )?;
        if self.savepoint_open {
            conn.execute_batch("RELEASE origin_sync")?;
            self.savepoint_open = false;
        }
        Ok(std::mem::take(&mut self.report))
    }
}

/// Turns the connection's triggers off (for plain inserts of new cards)
/// or on again, only when that changes (`now`: whether they are on): it
/// makes SQLite prepare every statement again.
fn set_triggers(conn: &Connection, now: &mut bool, on: bool) -> Result<()> {
    if *now != on {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, on)?;
        *now = on;
    }
    Ok(())
}

impl Drop for OriginSync<'_> {
    fn drop(&mut self) {
        // Setting a flag on an open connection does not fail in practice;
        // there is nothing better to do here if it did.
        let _ = set_triggers(&self.store.conn, &mut self.triggers_on, true);
        if self.savepoint_open {
            // The error that stopped the sync is what the caller reports; a
            // failed rollback leaves SQLite to roll back at close.
            let _ = self
                .store
                .conn
                .execute_batch("ROLLBACK TO origin_sync; RELEASE origin_sync");
        }
    }
}

/// Inserts cards whose ids this origin does not have yet; an id that
/// another origin holds (a moved import), or a row that breaks a rule, is
/// left out and added to `changed` for the upsert. Counts the cards that
/// went into each deck.
fn insert_fresh<'d>(
    conn: &Connection,
    origin: &str,
    fresh: &[(&'d Card, i64)],
    changed: &mut Vec<(&'d Card, i64)>,
    per_deck: &mut HashMap<String, i64, RandomState>,
) -> Result<()> {
    let [shared_sql, own_sql] = &*FULL_INSERTS;
    let mut full_shared = conn.prepare_cached(shared_sql)?;
    let mut full_own = conn.prepare_cached(own_sql)?;
    let mut ours = conn.prepare_cached("SELECT origin = ?2 FROM cards WHERE id = ?1")?;
    for chunk in fresh.chunks(ROWS_PER_INSERT) {
        let tags: Vec<String> = chunk
            .iter()
            .map(|(card, _)| tags_with_leech(card.tags.iter().map(String::as_str), false))
            .collect();
        // Whether the chunk's cards agree on the SHARED columns.
        let shared = chunk.first().is_some_and(|(first, _)| {
            chunk.iter().all(|(card, _)| {
                card.deck == first.deck
                    && card.generator == first.generator
                    && card.source.file == first.source.file
                    && card.kind == first.kind
            })
        });
        let rows: Vec<[&dyn ToSql; WRITTEN]> = chunk
            .iter()
            .zip(&tags)
            .map(|((card, ord), tags)| row_values(card, &origin, ord, tags))
            .collect();
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(SHARED.len() + rows.len() * WRITTEN);
        if let Some(first) = rows.first().filter(|_| shared) {
            values.extend(SHARED.map(|column| first[column]));
        }
        for row in &rows {
            if shared {
                values.extend(OWN.map(|column| row[column]));
            } else {
                values.extend_from_slice(row);
            }
        }
        let inserted = match (chunk.len() == ROWS_PER_INSERT, shared) {
            (true, true) => full_shared.execute(&values[..])?,
            (true, false) => full_own.execute(&values[..])?,
            (false, shared) => conn
                .prepare(&insert_sql(chunk.len(), shared))?
                .execute(&values[..])?,
        };
        for &(card, ord) in chunk {
            let went_in = inserted == chunk.len()
                || ours
                    .query_row(params![card.id, origin], |r| r.get::<_, bool>(0))
                    .optional()?
                    == Some(true);
            if went_in {
                match per_deck.get_mut(card.deck.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        per_deck.insert(card.deck.clone(), 1);
                    }
                }
            } else {
                changed.push((card, ord));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_and_own_columns_split_them() {
        let mut columns: Vec<usize> = SHARED.iter().chain(&OWN).copied().collect();
        columns.sort_unstable();
        assert_eq!(columns, (0..WRITTEN).collect::<Vec<_>>());
        assert_eq!(WRITTEN_COLUMNS.split(", ").count(), WRITTEN);
        assert_eq!(
            insert_sql(2, true),
            format!(
                "INSERT OR IGNORE INTO cards ({WRITTEN_COLUMNS}) VALUES \
                 (?6, ?1, ?7, ?2, ?3, ?8, ?9, ?10, ?11, ?12, ?13, ?4, ?14, ?5), \
                 (?15, ?1, ?16, ?2, ?3, ?17, ?18, ?19, ?20, ?21, ?22, ?4, ?23, ?5)"
            )
        );
        assert!(
            insert_sql(1, false)
                .ends_with("(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        );
    }
}
