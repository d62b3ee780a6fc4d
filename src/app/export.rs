//! Export use case: picks the cards and writes them, atomically to a file.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use super::library::Collection;
use crate::domain::collection::LogRecord;
use crate::error::{Error, Result};
use crate::export::{anki, json, target};
use crate::storage::CardFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    AnkiCsv,
    Json,
}

/// Writes the export into `out`; returns how many cards were written.
/// `out` is written from a thread of the export's own (see
/// [`Store::each_for_export`](crate::storage::Store::each_for_export)).
pub fn export<W: Write + Send>(
    collection: &Collection,
    deck: Option<&str>,
    format: ExportFormat,
    exported_at: &str,
    out: W,
) -> Result<usize> {
    let store = &collection.store;
    match format {
        ExportFormat::AnkiCsv => {
            let mut writer = anki::AnkiWriter::new(out)?;
            let count = store.each_for_export(deck, |id, deck, kind, front, back, tags| {
                writer.note(id, deck, kind, front, back, tags)
            })?;
            writer.finish()?;
            Ok(count)
        }
        ExportFormat::Json => {
            let rows = store.cards(&CardFilter {
                deck_prefix: deck,
                search: None,
                include_retired: true,
            })?;
            let log = store.log(None)?;
            let mut by_card: HashMap<&str, Vec<&LogRecord>> = HashMap::new();
            for entry in &log {
                by_card.entry(entry.card.as_str()).or_default().push(entry);
            }
            let backup = json::Backup {
                format: json::FORMAT,
                version: json::VERSION,
                exported_at,
                cards: rows
                    .iter()
                    .map(|row| {
                        let history = by_card.remove(row.card.id.as_str()).unwrap_or_default();
                        json::BackupCard::new(row, &history)
                    })
                    .collect(),
            };
            json::write(&backup, out)?;
            Ok(rows.len())
        }
    }
}

/// Writes the export to `path` through [`target`]: refuses the database
/// at `database` and its companion files, symbolic links, anything but a
/// regular file and read-only files; writes atomically and keeps an
/// existing file's mode. Errors name `path`, never the temporary file.
pub fn export_to_file(
    collection: &Collection,
    deck: Option<&str>,
    format: ExportFormat,
    exported_at: &str,
    path: &Path,
    database: &Path,
) -> Result<usize> {
    let checked = target::check(path, database)?;
    checked.write(|out| {
        let mut out = WriteFailure {
            inner: out,
            failed: None,
        };
        let result = export(collection, deck, format, exported_at, &mut out);
        match (result, out.failed) {
            // A failed write to the temporary file is a failed write to
            // FILE, however the layers between wrapped it.
            (Err(_), Some(source)) => Err(Error::File {
                path: path.to_path_buf(),
                source,
            }),
            (result, _) => result,
        }
    })
}

/// A writer that remembers the first error it met (without any path the
/// error may name).
struct WriteFailure<W> {
    inner: W,
    failed: Option<io::Error>,
}

impl<W> WriteFailure<W> {
    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            if self.failed.is_none() {
                self.failed = Some(match e.raw_os_error() {
                    Some(code) => io::Error::from_raw_os_error(code),
                    None => io::Error::from(e.kind()),
                });
            }
        }
        result
    }
}

impl<W: Write> Write for WriteFailure<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}
