//! The session lock: an exclusive advisory lock on `<db>.lock`, held by a
//! review session or a scheduled quiz (and by restore and repair, which
//! replace the collection under it). The kernel releases it when the
//! process ends, killed or not, so a crash never leaves a stale lock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{Result, Store, StoreError};

#[derive(Debug)]
pub struct SessionLock {
    /// Kept open: closing the file releases the lock.
    _file: File,
}

/// The lock file beside the database: `recall.db` → `recall.db.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

impl SessionLock {
    /// Takes the lock or says at once that another session holds it:
    /// waiting for a session that may last an hour would look like a hang.
    pub fn acquire(db: &Path) -> Result<SessionLock> {
        let path = lock_path(db);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    StoreError::ReadOnly
                }
                _ => StoreError::Io(e),
            })?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                // The holder wrote its process id; a message with it lets
                // the user find the other terminal.
                let mut text = String::new();
                let pid = file
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| text.trim().parse().ok());
                return Err(StoreError::SessionOpen { pid });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(StoreError::Io(e)),
        }
        // The process id is a courtesy for the message above; failing to
        // write it does not matter.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| write!(file, "{}", std::process::id()));
        Ok(SessionLock { _file: file })
    }
}

impl Store {
    /// Begins a session that answers cards (review, scheduled quiz): takes
    /// the session lock and refuses a read-only database, before a card is
    /// shown. The session then calls [`Store::verify_in_background`] once
    /// its queue is built.
    pub fn begin_session(&mut self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        if let (Some(path), None) = (&self.path, &self.session) {
            self.session = Some(SessionLock::acquire(path)?);
        }
        // Each answer is its own commit of about eight pages; at SQLite's
        // default of a checkpoint every 1,000 WAL pages a session would stop
        // for a checkpoint (and its two fsyncs) every ~125 answers. The WAL
        // is checkpointed when the session closes instead (or at 64 MiB).
        // Commits are as durable as before: each is in the WAL when given.
        self.conn
            .query_row("PRAGMA wal_autocheckpoint = 16384", [], |_| Ok(()))?;
        Ok(())
    }

    /// Takes the session lock for a command that replaces the collection.
    pub(super) fn hold_session_lock(&mut self) -> Result<()> {
        if let (Some(path), None) = (&self.path, &self.session) {
            self.session = Some(SessionLock::acquire(path)?);
        }
        Ok(())
    }
}
