//! `recall backup` and `recall restore FILE`.

use std::path::{Path, PathBuf};

use super::library::Collection;
use crate::error::{Error, Result};
use crate::storage::StoreErrorKind;

/// A snapshot of the collection now; returns its path.
pub fn backup(collection: &mut Collection) -> Result<PathBuf> {
    Ok(collection.store.snapshot()?)
}

/// Replaces the collection with the snapshot at `file`, after a snapshot
/// of the current state (whose path is returned).
pub fn restore(collection: &mut Collection, file: &Path) -> Result<PathBuf> {
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
