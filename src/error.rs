//! The errors a command can end with, by kind. Each kind has its exit code
//! and, where the user can do something about it, a hint line:
//!
//! - a user or data error (a missing card, a bad file, a damaged or foreign
//!   database, a busy one): exit 1;
//! - bad usage (clap's, and values clap cannot check): exit 2;
//! - an internal fault of recall itself: exit 3, with a request to report it.
//!
//! `cli::run` prints `recall: <message>` and then `hint: <hint>` on stderr.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use crate::domain::encoding::EncodingError;
use crate::export::target::TargetError;
use crate::storage::{StoreError, StoreErrorKind};

#[derive(Debug, Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Database { path: PathBuf, source: StoreError },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Encoding {
        path: PathBuf,
        source: EncodingError,
    },
    #[error("{path}: {source}")]
    File { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{path}: not a regular file; import reads files only")]
    NotAFile { path: PathBuf },
    #[error("{path}: larger than the import limit of {limit} MiB", limit = .limit / (1024 * 1024))]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{0} problem(s) found in the database")]
    CheckFailed(usize),
    #[error("{path}: neither a recall snapshot nor a recall JSON backup")]
    NotABackup { path: PathBuf },
    #[error("{path}: {what}")]
    Restore { path: PathBuf, what: String },
    #[error("no card with id {0}")]
    NoCard(String),
    #[error("no library functions to quiz on{}", .deck.as_ref().map(|d| format!(" in {d:?}")).unwrap_or_default())]
    NoQuizFacts { deck: Option<String> },
    #[error("no fair quiz question could be made{}: every option would have a second right answer or give the answer away", .deck.as_ref().map(|d| format!(" from {d:?}")).unwrap_or_default())]
    NoFairQuestions { deck: Option<String> },
    #[error("no deck matches --deck {prefix:?}")]
    NoDeck { prefix: String, top: Vec<String> },
    #[error("invalid deck name {0:?}")]
    DeckName(String),
    /// The thread reading the documents of an import ended before handing
    /// them all over (it panicked: the panic follows).
    #[error("the documents' reader stopped before the end")]
    ReaderStopped,
    #[error("--now {0}")]
    Now(String),
    #[error("no home directory: pass --db PATH or set RECALL_DB")]
    NoHome,
    #[error("desired retention {0} is outside {min}–{max}", min = crate::domain::scheduler::MIN_RETENTION, max = crate::domain::scheduler::MAX_RETENTION)]
    Retention(f32),
    #[error(
        "too little history to fit FSRS: {have} reviews of cards seen before, at least {need} needed"
    )]
    TooLittleHistory { have: usize, need: usize },
    #[error("{0}")]
    Scheduler(#[from] crate::domain::scheduler::SchedulerError),
    /// `recall lint` found cards that break a card rule (listed on stdout);
    /// exit 1 so that a script or CI can stop on it.
    #[error("{problems} card rule problem(s) found")]
    Lint { problems: usize },
    #[error("{0}")]
    Target(#[from] TargetError),
    /// A state the program should never reach: a bug, not the user's doing.
    #[error("internal error: {0}")]
    Internal(String),
}

/// How an error ends the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input or data: exit 1.
    User,
    /// The command line itself: exit 2.
    Usage,
    /// A fault of recall: exit 3.
    Internal,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::User => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Internal => 3,
        }
    }
}

impl Error {
    /// Writing to a closed pipe (`recall cards | head`) is not an error.
    /// Whether the output was closed by its reader (`recall export | head`):
    /// also when the write failed inside a store callback.
    pub fn is_broken_pipe(&self) -> bool {
        let io = match self {
            Error::Io(e) | Error::Store(StoreError::Io(e)) => e,
            _ => return false,
        };
        io.kind() == io::ErrorKind::BrokenPipe
    }

    fn store_error(&self) -> Option<&StoreError> {
        match self {
            Error::Database { source, .. } | Error::Store(source) => Some(source),
            _ => None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        if let Some(store) = self.store_error() {
            return match store.kind() {
                StoreErrorKind::Internal => ErrorKind::Internal,
                _ => ErrorKind::User,
            };
        }
        match self {
            // FSRS refusing the states and parameters recall computed is a bug.
            Error::Internal(_) | Error::Scheduler(_) => ErrorKind::Internal,
            // `--now` is parsed after clap, but the test of a bad value is
            // the user's to fix like any other value: a data error, not usage.
            _ => ErrorKind::User,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.kind().exit_code()
    }

    /// A line that tells the user what to do, when there is one.
    pub fn hint(&self) -> Option<String> {
        if let Some(store) = self.store_error() {
            return match store.kind() {
                StoreErrorKind::Damaged => Some(
                    "the database file is damaged and nothing was written to it; \
                     `recall check` shows what, `recall check --repair` rebuilds what \
                     can be read, or `recall restore FILE` puts back a snapshot \
                     from the `backups` folder beside it"
                        .into(),
                ),
                StoreErrorKind::ReadOnly => Some(
                    "recall needs to write the database file and its folder; \
                     check their permissions (reading commands still work)"
                        .into(),
                ),
                StoreErrorKind::Busy => Some(
                    "another recall is using this database; finish that session and try again"
                        .into(),
                ),
                StoreErrorKind::Foreign => {
                    Some("point --db (or RECALL_DB) at a recall database or a new file".into())
                }
                StoreErrorKind::Internal => Some(report_hint()),
                StoreErrorKind::TooNew | StoreErrorKind::Io => None,
            };
        }
        match self {
            Error::NoCard(_) => None,
            Error::CheckFailed(_) => Some(
                "`recall check --repair` makes a snapshot, then rebuilds the counters and \
                 card states from the log; `recall restore FILE` puts back a snapshot"
                    .into(),
            ),
            Error::NoQuizFacts { .. } | Error::NoFairQuestions { .. } => None,
            Error::NoDeck { top, .. } if top.is_empty() => {
                Some("the collection has no cards; `recall sync` loads the built-in decks".into())
            }
            Error::NoDeck { top, .. } => Some(format!(
                "the top-level decks: {}; --deck matches the start of a deck's path \
                 or of any of its `::` parts, in any case",
                top.join(", ")
            )),
            Error::Internal(_) | Error::Scheduler(_) => Some(report_hint()),
            Error::TooLittleHistory { .. } => Some(
                "keep reviewing with the default parameters; `recall optimize` again in a few weeks"
                    .into(),
            ),
            _ => None,
        }
    }
}

fn report_hint() -> String {
    format!(
        "this is a bug in recall {}; please report it with the command that led to it",
        env!("CARGO_PKG_VERSION")
    )
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_their_exit_codes() {
        assert_eq!(Error::NoCard("x".into()).exit_code(), 1);
        assert_eq!(Error::Now("x".into()).exit_code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        let bug = Error::Internal("grade out of range".into());
        assert_eq!(bug.exit_code(), 3);
        assert!(bug.hint().is_some_and(|h| h.contains("bug")));
        assert_eq!(Error::Store(StoreError::Foreign).exit_code(), 1);
        let misuse = rusqlite::Error::InvalidParameterCount(1, 2);
        assert_eq!(Error::Store(StoreError::Sqlite(misuse)).exit_code(), 3);
    }

    #[test]
    fn a_busy_database_is_the_users_to_wait_for() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let err = Error::Store(StoreError::Sqlite(busy));
        assert_eq!(err.exit_code(), 1);
        assert!(err.hint().is_some_and(|h| h.contains("another recall")));
    }
}
