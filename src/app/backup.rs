//! `recall backup` and `recall restore FILE`.

use std::path::{Path, PathBuf};

use super::library::{self, Collection};
use crate::error::{Error, Result};
use crate::export::restore;
use crate::storage::StoreErrorKind;

/// A snapshot of the collection now; returns its path.
pub fn backup(collection: &mut Collection) -> Result<PathBuf> {
    Ok(collection.store.snapshot()?)
}

/// A JSON backup starts with `{`; a snapshot with "SQLite format 3".
fn is_json(file: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 64];
    let mut f = std::fs::File::open(file).map_err(|source| Error::File {
        path: file.to_path_buf(),
        source,
    })?;
    let n = f.read(&mut head).map_err(|source| Error::File {
        path: file.to_path_buf(),
        source,
    })?;
    Ok(head
        .get(..n)
        .and_then(|h| h.iter().find(|b| !b.is_ascii_whitespace()))
        == Some(&b'{'))
}

/// Replaces the collection with the snapshot or JSON backup at `file`,
/// after a snapshot of the current state (whose path is returned).
pub fn restore(collection: &mut Collection, file: &Path) -> Result<PathBuf> {
    if is_json(file)? {
        let text = std::fs::read_to_string(file).map_err(|source| Error::File {
            path: file.to_path_buf(),
            source,
        })?;
        let (cards, log) = restore::read(&text).map_err(|e| Error::Restore {
            path: file.to_path_buf(),
            what: e.to_string(),
        })?;
        let before = collection.store.restore_rows(&cards, &log)?;
        // The quiz material is made again from the built-in decks.
        library::sync_builtin(collection)?;
        return Ok(before);
    }
    collection
        .store
        .restore_snapshot(file)
        .map_err(|source| match source.kind() {
            StoreErrorKind::Foreign => Error::NotABackup {
                path: file.to_path_buf(),
            },
            StoreErrorKind::Damaged => Error::Database {
                path: file.to_path_buf(),
                source,
            },
            _ => Error::Store(source),
        })
}
