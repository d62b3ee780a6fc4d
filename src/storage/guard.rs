//! What every write waits for. Before the first write of a command the
//! file is verified (`PRAGMA quick_check`, on a second read-only
//! connection), so that nothing is ever written into a damaged file; and
//! once a study day a snapshot is taken.
//!
//! A session starts the verification in a thread while its first card is
//! on screen and waits for its verdict at the first answer; the thread then
//! takes the day's snapshot while the session goes on (it is written under
//! a temporary name and renamed when complete; the store waits for it when
//! it is dropped, after the session's summary). Other writers verify and
//! snapshot at their first write. `status` and the other readers never pay
//! for either.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use rusqlite::{Connection, InterruptHandle, OpenFlags, OptionalExtension};

use super::{BUSY_TIMEOUT, Result, Store, StoreError, backup};
use crate::domain::clock::Now;

/// How many damage messages are worth reading; the first already says it.
const DAMAGE_MESSAGES: u32 = 10;

/// What a batch of writes is: it decides whether a snapshot comes first
/// and how the pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batch {
    /// A few rows.
    Small,
    /// Rewrites many rows (sync, import, restore, repair): a snapshot is
    /// taken first when there is history.
    Rewrite,
    /// A [`Batch::Rewrite`] of mostly new pages (a large import). When no
    /// other connection has the file open it goes through a rollback
    /// journal: each page is written once, not into the WAL and again into
    /// the file at the checkpoint. Readers that come meanwhile wait for it
    /// (up to the busy timeout) instead of reading the file as it was.
    Bulk,
}

#[derive(Default)]
pub(super) enum Soundness {
    #[default]
    Unchecked,
    /// Verifying in a thread, which sends its verdict here.
    Pending(Receiver<Result<()>>),
    Sound,
    /// Found damaged: every later write is refused too.
    Damaged(String),
}

#[derive(Default)]
pub(super) struct WriteGuard {
    pub(super) soundness: Soundness,
    /// The command's moment, for snapshot names and the daily snapshot.
    pub(super) now: Option<Now>,
    /// A snapshot was taken by this command already: a batch that rewrites
    /// many rows right after the daily one needs no second.
    pub(super) snapshot_taken: bool,
    /// The thread that verifies and then snapshots.
    pub(super) worker: Option<Worker>,
}

pub(super) struct Worker {
    handle: JoinHandle<()>,
    /// Stops a check whose verdict nobody will read.
    interrupt: InterruptHandle,
    /// Tells the thread to take the day's snapshot once a write is coming;
    /// dropped unused, it ends the thread instead.
    go: Option<Sender<()>>,
}

/// Dropped with the store (before its connection: see the field order), so
/// that the checker's connection is closed first and the store's, closing
/// last, checkpoints the WAL. A session that wrote nothing stops the
/// check; one that wrote waits for the snapshot to be finished (after its
/// summary is on screen).
impl Drop for WriteGuard {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            if let Some(go) = worker.go {
                // Unsent, it ends the thread once the check is done.
                drop(go);
                // An interrupt reaches only a statement already running: one
                // sent while the thread is still starting the check would be
                // lost and the whole check waited for. So it is sent again
                // until the thread has ended.
                while !worker.handle.is_finished() {
                    worker.interrupt.interrupt();
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
            }
            // A panic in the thread has nothing left to report to.
            let _ = worker.handle.join();
        }
    }
}

/// A read-only connection of its own for the check (and the snapshot).
fn open_checker(db: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // No memory map: mapped pages count in the process's resident memory
    // (the whole file, at 100,000 cards 30 MiB more at the first card); the
    // check runs while the first card is on screen, so its being a quarter
    // slower through the small page cache costs the user nothing.
    Ok(conn)
}

/// `PRAGMA quick_check`: damage (or an error reading a damaged page) is
/// [`StoreError::Damaged`].
fn check_on(conn: &Connection) -> Result<()> {
    let messages = quick_check(conn).map_err(|e| match e {
        StoreError::Sqlite(inner) => StoreError::Damaged(inner.to_string()),
        other => other,
    })?;
    if !messages.is_empty() {
        return Err(StoreError::Damaged(messages.join("; ")));
    }
    Ok(())
}

/// The problems `quick_check` reports; empty when the file is sound.
pub(super) fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA quick_check({DAMAGE_MESSAGES})"))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let messages: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(messages.into_iter().filter(|m| m != "ok").collect())
}

impl Store {
    /// The moment of the command: snapshot names and the once-a-day
    /// snapshot use it.
    pub fn set_now(&mut self, now: Now) {
        self.guard.now = Some(now);
    }

    /// Where a daily snapshot should go now, if one is due: there is a
    /// history to protect and none was taken this study day.
    fn daily_snapshot_due(&self) -> Result<Option<(PathBuf, Now)>> {
        let (Some(path), Some(now)) = (&self.path, self.guard.now) else {
            return Ok(None);
        };
        let dir = backup::backups_dir(path);
        if backup::has_snapshot_on(&dir, now.study_day()) || !self.has_history()? {
            return Ok(None);
        }
        Ok(Some((dir, now)))
    }

    /// Whether any answer or change was ever logged: a collection without
    /// one holds nothing that its documents cannot make again.
    pub(super) fn has_history(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM reviews LIMIT 1", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Starts verifying the file (and, once a study day, a snapshot) on a
    /// thread of its own, so that it runs while the first card is on
    /// screen; the first write waits for its verdict. Started after the
    /// session's queue is built, so that it does not slow the first card.
    pub fn verify_in_background(&mut self) {
        if !matches!(self.guard.soundness, Soundness::Unchecked) {
            return;
        }
        let Some(path) = self.path.clone() else {
            self.guard.soundness = Soundness::Sound;
            return;
        };
        // Reading the meta row may itself meet damage; then the thread's
        // check reports it properly.
        let snapshot = self.daily_snapshot_due().unwrap_or(None);
        // If even opening fails, the first write checks again and reports
        // the error as it is.
        let Ok(conn) = open_checker(&path) else {
            return;
        };
        let (send, verdict) = mpsc::channel();
        let (go, wait) = mpsc::channel::<()>();
        let interrupt = conn.get_interrupt_handle();
        let handle = std::thread::spawn(move || {
            let checked = check_on(&conn);
            let sound = checked.is_ok();
            let _ = send.send(checked);
            if let (true, Ok(()), Some((dir, now))) = (sound, wait.recv(), snapshot) {
                // A failed snapshot must not end the session; the next
                // command of the day tries again.
                let _ = backup::snapshot_into(&conn, &dir, now);
            }
        });
        self.guard.worker = Some(Worker {
            handle,
            interrupt,
            go: Some(go),
        });
        self.guard.soundness = Soundness::Pending(verdict);
    }

    /// Called before every write: a read-only or damaged database is
    /// refused, and the daily snapshot is recorded.
    pub(super) fn before_write(&mut self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let outcome: Result<()> = match std::mem::take(&mut self.guard.soundness) {
            Soundness::Sound => {
                self.guard.soundness = Soundness::Sound;
                return Ok(());
            }
            Soundness::Damaged(message) => {
                self.guard.soundness = Soundness::Damaged(message.clone());
                return Err(StoreError::Damaged(message));
            }
            Soundness::Unchecked => match self.path.clone() {
                None => Ok(()),
                Some(path) => open_checker(&path).and_then(|conn| {
                    check_on(&conn)?;
                    if let Some((dir, now)) = self.daily_snapshot_due()? {
                        backup::snapshot_into(&conn, &dir, now)?;
                        self.guard.snapshot_taken = true;
                    }
                    Ok(())
                }),
            },
            Soundness::Pending(verdict) => {
                let outcome = verdict.recv().unwrap_or_else(|_| {
                    Err(StoreError::Io(std::io::Error::other(
                        "the database check stopped without a verdict",
                    )))
                });
                // A write is coming: the day's snapshot may go ahead (or,
                // on damage, the thread ends).
                if let Some(go) = self.guard.worker.as_mut().and_then(|w| w.go.take())
                    && outcome.is_ok()
                {
                    let _ = go.send(());
                }
                outcome
            }
        };
        match outcome {
            Ok(()) => {
                self.guard.soundness = Soundness::Sound;
                Ok(())
            }
            Err(StoreError::Damaged(message)) => {
                self.guard.soundness = Soundness::Damaged(message.clone());
                Err(StoreError::Damaged(message))
            }
            Err(other) => Err(other),
        }
    }

    /// Runs `f` as one immediate transaction: it waits (up to the busy
    /// timeout) for another writer instead of failing, and either all of
    /// its changes are kept or none. What `kind` of batch it is decides
    /// whether a snapshot comes first and how pages are written.
    pub fn write_batch<T>(
        &mut self,
        kind: Batch,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.write_batch_with(kind, f)
    }

    /// [`Store::write_batch`] for work whose errors are the caller's own
    /// (an import reads and checks each file inside the transaction).
    pub fn write_batch_with<T, E: From<StoreError>>(
        &mut self,
        kind: Batch,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.before_write()?;
        if kind != Batch::Small
            && !self.guard.snapshot_taken
            && self.path.is_some()
            && self.guard.now.is_some()
            && self.has_history()?
        {
            self.snapshot()?;
            self.guard.snapshot_taken = true;
        }
        let rollback_journal = kind == Batch::Bulk && self.rollback_journal()?;
        let outcome = self.in_transaction(f);
        if rollback_journal {
            // Back to WAL for every later command (each open asks for it
            // too, so a failure here is mended by the next one). Waits for
            // readers that came meanwhile, up to the busy timeout.
            let _ = self.conn.execute_batch("PRAGMA synchronous = NORMAL");
            let _ = self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()));
        }
        outcome
    }

    /// Leaves WAL for a rollback journal if no other connection has the
    /// file open (it takes an exclusive lock: one attempt, no waiting);
    /// says whether it did. Synchronous FULL while so: a rollback journal
    /// with NORMAL is not proof against power loss.
    fn rollback_journal(&mut self) -> Result<bool> {
        if self.path.is_none() {
            return Ok(false);
        }
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let mode = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get::<_, String>(0)
            });
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => {
                self.conn.execute_batch("PRAGMA synchronous = FULL")?;
                Ok(true)
            }
            // Busy (another connection has it open), or left in WAL.
            Ok(_) => Ok(false),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    fn in_transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(StoreError::from)?;
        let outcome = f(self).and_then(|value| {
            self.conn
                .execute_batch("COMMIT")
                .map_err(StoreError::from)?;
            Ok(value)
        });
        if outcome.is_err() && !self.conn.is_autocommit() {
            // The error being returned says what went wrong; a failed
            // rollback adds nothing the user can act on.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        outcome
    }
}
