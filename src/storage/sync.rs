//! A generated deck into the cards table: new ids added, changed cards
//! updated in place (progress kept), missing ones retired.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::rows::{CARD_COLUMNS, card_from_row};
use super::{Result, Store};
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
        // A savepoint: its own transaction when called alone, or a part of
        // the caller's (`write_batch`: a multi-file import is all or nothing).
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
        {
            // A card that is a leech keeps its tag through the update; which
            // tags that makes is the domain's rule, SQL only picks by the flag.
            let mut insert = tx.prepare(
                "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, question, answer, \
                 tags, source_file, source_line, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, ord = excluded.ord, deck = excluded.deck, \
                 generator = excluded.generator, kind = excluded.kind, entry_key = excluded.entry_key, role = excluded.role, \
                 sibling = excluded.sibling, question = excluded.question, answer = excluded.answer, \
                 tags = CASE WHEN cards.leech = 1 THEN ?15 ELSE excluded.tags END, \
                 source_file = excluded.source_file, source_line = excluded.source_line, retired = 0",
            )?;
            let mut seen = HashSet::new();
            for (index, card) in deck.cards.iter().enumerate() {
                if !seen.insert(card.id.as_str()) {
                    continue;
                }
                let ord = ord_base.saturating_add(i64::try_from(index).unwrap_or(i64::MAX));
                match existing.remove(card.id.as_str()) {
                    Some((old, false)) if old == fingerprint(card, ord, origin) => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some(_) => report.updated += 1,
                    // The id may also belong to another origin (a moved import).
                    None => report.added += 1,
                }
                let own_tags = || card.tags.iter().map(String::as_str);
                insert.execute(params![
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
        tx.commit()?;
        Ok(report)
    }

    /// Where the `ord` of an origin's cards starts: where it started before,
    /// or after every other origin.
    pub fn next_ord_base(&self, origin: &str) -> Result<i64> {
        let existing: Option<i64> = self.conn.query_row(
            "SELECT min(ord) FROM cards WHERE origin = ?1",
            [origin],
            |r| r.get(0),
        )?;
        if let Some(base) = existing {
            return Ok(base);
        }
        let max: Option<i64> = self
            .conn
            .query_row("SELECT max(ord) FROM cards", [], |r| r.get(0))?;
        // Leave room for a document to grow without reordering its neighbours.
        Ok(max.map_or(0, |m| (m / 1_000_000 + 1) * 1_000_000))
    }
}
