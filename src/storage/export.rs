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
//! A large collection in a file is scanned by two threads instead, each on
//! a read-only connection of its own, taking turns over ranges of
//! [`RANGE_ROWS`] rows (the first thread the even ranges, the second the
//! odd ones), and the caller's thread writes the ranges back in order: the
//! scan is SQLite's work and the larger half, and alone it kept one core
//! busy while the writer left the other half idle. Both connections start
//! reading while this one holds the write lock for a moment, so that both
//! read the same state of the collection, as one scan would.
//!
//! What the caller sees is what one thread would give: the rows in storage
//! order, and at the first row that cannot be read (a field that is not
//! text, or not UTF-8: the same errors as before) or that cannot be
//! written, every row before it written and nothing after.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, DECK_MATCH, Result, Store, StoreError};
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

/// From how many rows of the table (retired ones included) the export
/// scans in two threads: below, opening two more connections costs about
/// what the second thread saves.
const PARALLEL_FROM: i64 = 20_000;

/// The rows of the table each of the two scans reads in one turn: about a
/// batch's worth, so that neither runs far ahead of the writer.
const RANGE_ROWS: i64 = 1024;

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
        f: impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()> + Send,
    ) -> Result<usize> {
        self.each_for_export_from(deck_prefix, PARALLEL_FROM, f)
    }

    /// [`Store::each_for_export`], in two scans from `parallel_from` rows.
    fn each_for_export_from(
        &self,
        deck_prefix: Option<&str>,
        parallel_from: i64,
        mut f: impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()> + Send,
    ) -> Result<usize> {
        if let Some(readers) = self.two_readers(parallel_from)? {
            return scan_in_two(readers, deck_prefix, &mut f);
        }
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

/// Two read-only connections that read the same state of the collection,
/// and the rows they are to scan (the first and last row number).
struct Readers {
    conns: [Connection; 2],
    rows: (i64, i64),
}

impl Store {
    /// Two readers for an export in two scans, when the collection is a
    /// file of at least `parallel_from` rows and nothing stands in the way
    /// (a read-only file, a transaction of this connection's own, another
    /// writer holding the lock): otherwise `None`, and one scan does.
    fn two_readers(&self, parallel_from: i64) -> Result<Option<Readers>> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if self.read_only || !self.conn.is_autocommit() {
            return Ok(None);
        }
        let rows: (Option<i64>, Option<i64>) = self
            .conn
            .query_row(ROW_SPAN, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (Some(first), Some(last)) = rows else {
            return Ok(None);
        };
        if last.saturating_sub(first) < parallel_from {
            return Ok(None);
        }
        let (Ok(a), Ok(b)) = (open_reader(path), open_reader(path)) else {
            return Ok(None);
        };
        // No other writer may commit between the two readers' first reads.
        // A writer that holds the lock now is not waited for: one scan does.
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let locked = self.conn.execute_batch("BEGIN IMMEDIATE");
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        if locked.is_err() {
            return Ok(None);
        }
        let started = [&a, &b].into_iter().try_for_each(start_reading);
        // Nothing was written: the lock is let go at once.
        self.conn.execute_batch("ROLLBACK")?;
        if started.is_err() {
            return Ok(None);
        }
        // The rows as the readers see them (the same as just read, unless
        // a writer came in between).
        let rows = a.query_row(ROW_SPAN, [], |r| {
            Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        let (Some(first), Some(last)) = rows else {
            return Ok(None);
        };
        Ok(Some(Readers {
            conns: [a, b],
            rows: (first, last),
        }))
    }
}

/// The first and the last row number of the table: two look-ups (with
/// both in one SELECT, SQLite reads the whole table).
const ROW_SPAN: &str = "SELECT (SELECT min(rowid) FROM cards), (SELECT max(rowid) FROM cards)";

/// A read-only connection of the export's own, with the scan's page cache.
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "cache_size", SCAN_CACHE_KIB)?;
    Ok(conn)
}

/// Opens a read transaction that holds the state of the collection as it
/// is now until the reader is dropped (its first read fixes it).
fn start_reading(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN")?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
}

/// What a scan hands over: rows of its current range, and whether the
/// range is done (and if the scan stopped at a row it could not read, why).
struct Scanned {
    batch: Batch,
    done: Option<Result<()>>,
}

/// The export in two scans: the readers take turns over the ranges, and
/// this thread gives the rows to `f` range by range, in storage order.
fn scan_in_two(
    readers: Readers,
    deck_prefix: Option<&str>,
    f: &mut impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()>,
) -> Result<usize> {
    let Readers { conns, rows } = readers;
    let sql = match deck_prefix {
        Some(_) => format!(
            "SELECT id, deck, question, answer, tags, kind FROM cards \
             WHERE rowid >= ?2 AND rowid < ?3 AND retired = 0 AND {DECK_MATCH}"
        ),
        None => "SELECT id, deck, question, answer, tags, kind FROM cards \
                 WHERE rowid >= ?1 AND rowid < ?2 AND retired = 0"
            .to_string(),
    };
    std::thread::scope(|scope| {
        let mut scans = Vec::with_capacity(2);
        for (turn, conn) in conns.into_iter().enumerate() {
            let (full, scanned) = sync_channel::<Scanned>(IN_FLIGHT);
            let (written, empty) = channel::<Batch>();
            let sql = sql.as_str();
            std::thread::Builder::new()
                .name("export scan".into())
                .spawn_scoped(scope, move || {
                    scan_ranges(&conn, sql, deck_prefix, rows, turn, &full, &empty);
                })
                .map_err(StoreError::Io)?;
            scans.push((scanned, written));
        }
        let mut count = 0;
        // Range by range, from the scan whose turn it is; a scan that has
        // ended has no more ranges, and neither then has the other.
        'ranges: for turn in (0..2).cycle() {
            let Some((scanned, written)) = scans.get(turn) else {
                break;
            };
            loop {
                let Ok(Scanned { mut batch, done }) = scanned.recv() else {
                    break 'ranges;
                };
                count += write_batch(&batch, f)?;
                batch.clear();
                // For the scan to fill again; it may have finished already.
                let _ = written.send(batch);
                match done {
                    None => {}
                    Some(Ok(())) => break,
                    Some(Err(e)) => return Err(e),
                }
            }
        }
        // Dropped (the scans wake to a refusal and end) before the scope
        // waits for them.
        drop(scans);
        Ok(count)
    })
}

/// One scan of the two: its ranges (every other one from `turn`), each
/// sent in batches, the last one of the range marked done.
fn scan_ranges(
    conn: &Connection,
    sql: &str,
    deck_prefix: Option<&str>,
    (first, last): (i64, i64),
    turn: usize,
    full: &SyncSender<Scanned>,
    empty: &Receiver<Batch>,
) {
    let mut start = first.saturating_add(RANGE_ROWS.saturating_mul(turn as i64));
    let mut stmt = match conn.prepare(sql) {
        Ok(stmt) => stmt,
        Err(e) => {
            let _ = full.send(Scanned {
                batch: Batch::default(),
                done: Some(Err(e.into())),
            });
            return;
        }
    };
    while start <= last {
        let end = start.saturating_add(RANGE_ROWS);
        let rows = match deck_prefix {
            Some(prefix) => stmt.query(rusqlite::params![prefix, start, end]),
            None => stmt.query(rusqlite::params![start, end]),
        };
        let mut batch = empty.try_recv().unwrap_or_default();
        let result = rows.map_err(StoreError::from).and_then(|mut rows| {
            loop {
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => return Ok(()),
                    Err(e) => return Err(e.into()),
                };
                let fields = read_fields(row)?;
                fields.into_iter().for_each(|field| batch.push(field));
                if batch.is_full() {
                    let next = empty.try_recv().unwrap_or_default();
                    let sent = Scanned {
                        batch: std::mem::replace(&mut batch, next),
                        done: None,
                    };
                    if full.send(sent).is_err() {
                        // The writer stopped; its error says why.
                        return Ok(());
                    }
                }
            }
        });
        let failed = result.is_err();
        let sent = Scanned {
            batch,
            done: Some(result),
        };
        if full.send(sent).is_err() || failed {
            return;
        }
        start = end.saturating_add(RANGE_ROWS);
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
        count += write_batch(&batch, f)?;
        batch.clear();
        // For the scan to fill again; it may have finished already.
        let _ = written.send(batch);
    }
    Ok(count)
}

/// Checks each row of `batch` and gives it to `f`; returns how many rows
/// it gave, or the first error.
fn write_batch(
    batch: &Batch,
    f: &mut impl FnMut(&str, &str, CardKind, &str, &str, &str) -> std::io::Result<()>,
) -> Result<usize> {
    let mut count = 0;
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
        fill(&store, n, retired, bytes);
        store
    }

    /// [`store`] in a file of `dir` (which the two scans need).
    fn file_store(
        dir: &tempfile::TempDir,
        n: usize,
        retired: usize,
        bytes: &[(usize, &[u8], &[u8])],
    ) -> Store {
        let store = Store::open(&dir.path().join("recall.db")).unwrap();
        fill(&store, n, retired, bytes);
        store
    }

    fn fill(store: &Store, n: usize, retired: usize, bytes: &[(usize, &[u8], &[u8])]) {
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
    }

    /// Every row `each_for_export` gives, and its result.
    fn export(store: &Store, deck: Option<&str>) -> (Vec<String>, Result<usize>) {
        export_from(store, deck, PARALLEL_FROM)
    }

    /// The same, in two scans from `parallel_from` rows.
    fn export_from(
        store: &Store,
        deck: Option<&str>,
        parallel_from: i64,
    ) -> (Vec<String>, Result<usize>) {
        let mut rows = Vec::new();
        let result = store.each_for_export_from(
            deck,
            parallel_from,
            |id, deck, kind, question, answer, tags| {
                rows.push(format!("{id}|{deck}|{kind:?}|{question}|{answer}|{tags}"));
                Ok(())
            },
        );
        (rows, result)
    }

    #[test]
    fn two_scans_give_the_rows_one_scan_gives_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        // Ranges of several batches each, and a last range cut short.
        let n = 5 * RANGE_ROWS as usize + 77;
        let store = file_store(&dir, n, 1500, &[]);
        assert!(store.two_readers(0).unwrap().is_some());
        for deck in [None, Some("a"), Some("b"), Some("nothing")] {
            let (one, one_result) = export_from(&store, deck, i64::MAX);
            let (two, two_result) = export_from(&store, deck, 0);
            assert_eq!(one_result.unwrap(), one.len());
            assert_eq!(two_result.unwrap(), two.len());
            assert!(one == two, "{deck:?}");
        }
        let (all, _) = export_from(&store, None, 0);
        assert_eq!(all.len(), n - 1);
    }

    #[test]
    fn in_two_scans_the_first_unreadable_field_stops_the_export_after_the_rows_before_it() {
        // In a range of either scan, in the middle of a batch.
        for at in [100, 1500, 2500, 4100] {
            let dir = tempfile::tempdir().unwrap();
            let store = file_store(&dir, 5000, 5001, &[(at, b"ok", b"a\xffb")]);
            let (rows, result) = export_from(&store, None, 0);
            assert_eq!(rows.len(), at);
            assert!(matches!(result, Err(StoreError::Sqlite(_))), "{result:?}");
        }
    }

    #[test]
    fn in_two_scans_a_row_that_cannot_be_written_stops_both_scans() {
        let dir = tempfile::tempdir().unwrap();
        let store = file_store(&dir, 5000, 5001, &[]);
        let mut calls = 0;
        let result = store.each_for_export_from(None, 0, |_, _, _, _, _, _| {
            calls += 1;
            if calls == 3210 {
                return Err(std::io::Error::other("full"));
            }
            Ok(())
        });
        assert!(matches!(result, Err(StoreError::Io(e)) if e.to_string() == "full"));
        assert_eq!(calls, 3210);
    }

    #[test]
    fn the_two_scans_read_the_collection_as_it_was_when_they_started() {
        let dir = tempfile::tempdir().unwrap();
        let store = file_store(&dir, 3000, 3001, &[]);
        let (before, _) = export_from(&store, None, i64::MAX);
        let readers = store.two_readers(0).unwrap().unwrap();
        // Another process changes every card and adds one.
        let other = Connection::open(dir.path().join("recall.db")).unwrap();
        other
            .execute_batch(
                "UPDATE cards SET question = 'changed'; \
                 INSERT INTO cards (id, origin, ord, deck, generator, entry_key, role, sibling, \
                 question, answer, tags, source_file, source_line) \
                 VALUES ('new', 'import:t', 9999, 'B', 'notes', 'k', 'r', 's', 'q', 'a', 't', 'f.md', 1)",
            )
            .unwrap();
        let mut rows = Vec::new();
        scan_in_two(
            readers,
            None,
            &mut |id, deck, kind, question, answer, tags| {
                rows.push(format!("{id}|{deck}|{kind:?}|{question}|{answer}|{tags}"));
                Ok(())
            },
        )
        .unwrap();
        assert!(rows == before);
    }

    #[test]
    fn one_scan_when_two_cannot_be_had() {
        // In memory: no file for other connections.
        assert!(store(10, 11, &[]).two_readers(0).unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let store = file_store(&dir, 3000, 3001, &[]);
        // Too few rows.
        assert!(store.two_readers(3000).unwrap().is_none());
        // Another writer holds the lock: not waited for, and the export
        // still reads everything.
        let other = Connection::open(dir.path().join("recall.db")).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert!(store.two_readers(0).unwrap().is_none());
        let (rows, result) = export_from(&store, None, 0);
        assert_eq!(result.unwrap(), 3000);
        assert_eq!(rows.len(), 3000);
        other.execute_batch("ROLLBACK").unwrap();
        assert!(store.two_readers(0).unwrap().is_some());
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
