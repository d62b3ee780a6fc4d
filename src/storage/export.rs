//! Reading the cards for an export: a scan of the table in one thread, the
//! caller's writing in another.
//!
//! An export is half SQLite (stepping through the table's pages) and half
//! the writer (escaping, quoting, writing out). The scan copies each row's
//! fields, as stored, into a batch; a second thread checks them as UTF-8
//! and hands them to the writer, while the scan fills the next batch. A
//! few batches of about [`BATCH_BYTES`] are in flight (and reused), so an
//! export stays flat in memory however large the collection.
//!
//! What the caller sees is what one thread would give: the rows in storage
//! order, and at the first row that cannot be read (a field that is not
//! text, or not UTF-8: the same errors as before) or that cannot be
//! written, every row before it written and nothing after.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use rusqlite::types::ValueRef;

use super::{DECK_MATCH, Result, Store, StoreError};
use crate::domain::card::CardKind;

/// The fields of a row as [`Store::each_for_export`] passes them on.
const COLUMNS: &str = "SELECT id, deck, question, answer, tags, kind FROM cards WHERE retired = 0";
const FIELDS: usize = 6;

/// The page cache of an export's scan, in KiB (negative: SQLite's unit).
/// Each page is read once, so a few do as well as the usual 16 MiB, which
/// would only cost an allocation and page faults for each page read (and
/// 16 MiB of peak memory).
const SCAN_CACHE_KIB: i64 = -256;

/// When a batch is handed over: enough to make the hand-over rare, small
/// enough that the writer starts early and the batches stay in the cache.
const BATCH_BYTES: usize = 128 * 1024;

/// Batches filled and not yet written, besides the one being filled and
/// the one being written.
const IN_FLIGHT: usize = 2;

/// Rows copied from the scan: their fields' bytes end to end.
#[derive(Debug, Default)]
struct Batch {
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`, [`FIELDS`] to a row.
    ends: Vec<usize>,
}

impl Batch {
    fn push(&mut self, field: &[u8]) {
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    fn is_full(&self) -> bool {
        self.bytes.len() >= BATCH_BYTES
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// Each row of the batch.
    fn rows(&self) -> impl Iterator<Item = BatchRow<'_>> {
        // One check of all the bytes, with SIMD: each field is then text if
        // it starts and ends on a character boundary.
        let checked = simdutf8::basic::from_utf8(&self.bytes).ok();
        let mut start = 0;
        self.ends.chunks_exact(FIELDS).map(move |ends| {
            let row = BatchRow {
                bytes: &self.bytes,
                checked,
                start,
                ends,
            };
            start = ends.last().copied().unwrap_or(start);
            row
        })
    }
}

/// A row in a [`Batch`].
struct BatchRow<'a> {
    /// The batch's bytes, and the same as text if they all are UTF-8.
    bytes: &'a [u8],
    checked: Option<&'a str>,
    /// Where the row starts, and where each of its fields ends.
    start: usize,
    ends: &'a [usize],
}

impl<'a> BatchRow<'a> {
    /// Field `i` as text (see [`text`]).
    fn field(&self, i: usize) -> rusqlite::Result<&'a str> {
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(self.start),
            None => self.start,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        match self.checked.and_then(|all| all.get(start..end)) {
            Some(text) => Ok(text),
            None => text(
                i,
                ValueRef::Text(self.bytes.get(start..end).unwrap_or_default()),
            ),
        }
    }
}

/// A field (column `i`) as text, or the error rusqlite gives for anything
/// else (`FromSqlConversionFailure` of column `i`).
fn text(i: usize, value: ValueRef<'_>) -> rusqlite::Result<&str> {
    value.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A row's fields as stored, or the error that reading them as text gives.
fn read_fields<'r>(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<[&'r [u8]; FIELDS]> {
    let mut fields = [&[][..]; FIELDS];
    for (i, field) in fields.iter_mut().enumerate() {
        if let Ok(ValueRef::Text(bytes)) = row.get_ref(i) {
            *field = bytes;
            continue;
        }
        // Not text: the error the fields give read one by one in the order
        // they always were (the kind first).
        for i in [5, 0, 1, 2, 3, 4] {
            text(i, row.get_ref(i)?)?;
        }
    }
    Ok(fields)
}

impl Store {
    /// Streams the active cards' export fields (id, deck, kind, question,
    /// answer, tags) in storage order to `f`, which runs in a thread of its
    /// own (see the module notes); returns how many it was given.
    pub fn each_for_export(
        &self,
        deck_prefix: Option<&str>,
        mut f: impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()> + Send,
    ) -> Result<usize> {
        // Without --deck, no filter for SQLite to evaluate on every row
        // (the same plan: a scan of the table).
        let sql = match deck_prefix {
            Some(_) => format!("{COLUMNS} AND {DECK_MATCH}"),
            None => COLUMNS.to_string(),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let cache_size: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", SCAN_CACHE_KIB)?;
        let result = std::thread::scope(|scope| {
            let (full, to_write) = sync_channel::<Batch>(IN_FLIGHT);
            let (written, empty) = channel::<Batch>();
            let writer = std::thread::Builder::new()
                .name("export writer".into())
                .spawn_scoped(scope, move || write_batches(to_write, written, &mut f))
                .map_err(StoreError::Io)?;
            let scanned = (|| {
                let mut rows = match deck_prefix {
                    Some(prefix) => stmt.query([prefix])?,
                    None => stmt.query([])?,
                };
                scan(&mut rows, &full, &empty)
            })();
            // The writer ends once it has written what it was sent.
            drop(full);
            let written = match writer.join() {
                Ok(written) => written,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // A row the writer could not take came before any the scan
            // could not read.
            let count = written?;
            scanned.map(|()| count)
        });
        self.conn.pragma_update(None, "cache_size", cache_size)?;
        result
    }
}

/// Copies the rows into batches for the writer until the last row, or the
/// first that cannot be read (the rows before it are sent first), or until
/// the writer stops.
fn scan(
    rows: &mut rusqlite::Rows<'_>,
    full: &SyncSender<Batch>,
    empty: &Receiver<Batch>,
) -> Result<()> {
    let mut batch = Batch::default();
    let result = loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e.into()),
        };
        match read_fields(row) {
            Ok(fields) => fields.into_iter().for_each(|field| batch.push(field)),
            Err(e) => break Err(e.into()),
        }
        if batch.is_full() {
            let next = empty.try_recv().unwrap_or_default();
            if full.send(std::mem::replace(&mut batch, next)).is_err() {
                // The writer stopped; its error says why.
                return Ok(());
            }
        }
    };
    if !batch.ends.is_empty() {
        // Fails only when the writer stopped, which then says why.
        let _ = full.send(batch);
    }
    result
}

/// The writer's thread: checks each row of each batch and gives it to `f`;
/// returns how many rows it gave, or the first error.
fn write_batches(
    batches: Receiver<Batch>,
    written: Sender<Batch>,
    f: &mut impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()>,
) -> Result<usize> {
    let mut count = 0;
    for mut batch in batches {
        for row in batch.rows() {
            // An unknown kind (a newer build's) is exported as a basic card.
            let kind = CardKind::parse(row.field(5)?).unwrap_or_default();
            f(
                row.field(0)?,
                row.field(1)?,
                kind,
                row.field(2)?,
                row.field(3)?,
                row.field(4)?,
            )
            .map_err(StoreError::Io)?;
            count += 1;
        }
        batch.clear();
        // For the scan to fill again; it may have finished already.
        let _ = written.send(batch);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with `n` cards (the `retired`-th retired), in two decks,
    /// with texts of every length up to a few hundred bytes; `bytes`
    /// replaces the question and answer of the cards it names.
    fn store(n: usize, retired: usize, bytes: &[(usize, &[u8], &[u8])]) -> Store {
        let store = Store::open_in_memory().unwrap();
        let mut stmt = store
            .conn
            .prepare(
                "INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, \
                 question, answer, tags, source_file, source_line, kind, retired) \
                 VALUES (?1, 'import:t', ?2, ?3, 'notes', ?1, 'r', ?1, \
                         CAST(?4 AS TEXT), CAST(?5 AS TEXT), 't', 'f.md', 1, ?6, ?7)",
            )
            .unwrap();
        for i in 0..n {
            let question = format!("항목 {i} — \"q, {}\" [...]", "가".repeat(i % 97));
            let answer = "a".repeat(i % 301);
            let (question, answer) = match bytes.iter().find(|(at, ..)| *at == i) {
                Some((_, q, a)) => (q.to_vec(), a.to_vec()),
                None => (question.into_bytes(), answer.into_bytes()),
            };
            let deck = if i % 3 == 0 { "A::x" } else { "B" };
            let kind = if i % 2 == 0 { "cloze" } else { "basic" };
            stmt.execute(rusqlite::params![
                format!("id{i:05}"),
                i64::try_from(i).unwrap(),
                deck,
                question,
                answer,
                kind,
                i == retired
            ])
            .unwrap();
        }
        drop(stmt);
        store
    }

    /// Every row `each_for_export` gives, and its result.
    fn export(store: &Store, deck: Option<&str>) -> (Vec<String>, Result<usize>) {
        let mut rows = Vec::new();
        let result = store.each_for_export(deck, |id, deck, kind, question, answer, tags| {
            rows.push(format!("{id}|{deck}|{kind:?}|{question}|{answer}|{tags}"));
            Ok(())
        });
        (rows, result)
    }

    #[test]
    fn rows_come_in_storage_order_across_batches() {
        let n = 5000;
        let store = store(n, 17, &[]);
        let (rows, result) = export(&store, None);
        assert_eq!(result.unwrap(), n - 1);
        // Several batches' worth.
        assert!(rows.iter().map(String::len).sum::<usize>() > 4 * BATCH_BYTES);
        let expected: Vec<String> = (0..n)
            .filter(|&i| i != 17)
            .map(|i| {
                let deck = if i % 3 == 0 { "A::x" } else { "B" };
                let kind = if i % 2 == 0 { "Cloze" } else { "Basic" };
                let question = format!("항목 {i} — \"q, {}\" [...]", "가".repeat(i % 97));
                let answer = "a".repeat(i % 301);
                format!("id{i:05}|{deck}|{kind}|{question}|{answer}|t")
            })
            .collect();
        assert!(rows == expected);
        let (rows, result) = export(&store, Some("a"));
        assert_eq!(result.unwrap(), rows.len());
        assert!(
            rows == expected
                .iter()
                .filter(|r| r.contains("|A::x|"))
                .cloned()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_first_field_that_is_not_utf8_stops_the_export_after_the_rows_before_it() {
        // In a later batch; and a character split between two fields, which
        // the batch as a whole would hold.
        for bad in [
            &[(3000, &b"ok"[..], &b"a\xffb"[..])][..],
            &[(2500, b"\xea\xb0", b"\x80")],
        ] {
            let store = store(5000, 5001, bad);
            let (rows, result) = export(&store, None);
            assert_eq!(rows.len(), bad[0].0);
            let Err(StoreError::Sqlite(e)) = result else {
                panic!("{result:?}");
            };
            let column = if bad[0].1 == b"ok" { 3 } else { 2 };
            let expected = ValueRef::Text(if column == 3 { bad[0].2 } else { bad[0].1 })
                .as_str()
                .unwrap_err();
            let expected = rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                Box::new(expected),
            );
            assert_eq!(e.to_string(), expected.to_string());
        }
    }

    #[test]
    fn a_row_that_cannot_be_written_stops_the_scan() {
        let store = store(5000, 5001, &[]);
        let cache = |store: &Store| -> i64 {
            store
                .conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let before = cache(&store);
        let mut calls = 0;
        let result = store.each_for_export(None, |_, _, _, _, _, _| {
            calls += 1;
            if calls == 1234 {
                return Err(std::io::Error::other("full"));
            }
            Ok(())
        });
        assert!(matches!(result, Err(StoreError::Io(e)) if e.to_string() == "full"));
        assert_eq!(calls, 1234);
        // The connection's page cache is as it was.
        assert_eq!(cache(&store), before);
    }
}
