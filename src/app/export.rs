//! Export use case: picks the cards and writes them, atomically to a file.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use super::library::Collection;
use crate::domain::collection::LogRecord;
use crate::error::{Error, Result};
use crate::export::{anki, json};
use crate::storage::CardFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    AnkiCsv,
    Json,
}

/// Writes the export into `out`; returns how many cards were written.
pub fn export<W: Write>(
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

/// Writes to a temporary file beside `path` and renames it into place, so
/// an existing file is never left half-written.
pub fn export_to_file(
    collection: &Collection,
    deck: Option<&str>,
    format: ExportFormat,
    exported_at: &str,
    path: &Path,
) -> Result<usize> {
    let file_error = |source: io::Error| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(file_error)?;
    let count = export(
        collection,
        deck,
        format,
        exported_at,
        io::BufWriter::new(temp.as_file_mut()),
    )?;
    temp.as_file().sync_all().map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(count)
}
