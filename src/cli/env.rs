//! Everything a command needs from the outside world, read once: the
//! database path, the clock and the seed. Nothing below the CLI reads
//! them.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{Local, Offset};

use crate::app::library::{self, Collection};
use crate::app::review::Clock;
use crate::domain::clock::Now;
use crate::error::{Error, Result};

pub struct Env {
    pub db: PathBuf,
    /// The moment the command started (or `--now`).
    pub now: Now,
    /// `--now` was given: every moment of the command is that one, so that
    /// runs are repeatable.
    fixed: bool,
    pub seed: u64,
}

/// The real clock, or `--now` standing still.
impl Clock for Env {
    fn instant(&self) -> Instant {
        Instant::now()
    }

    fn now(&self) -> Now {
        if self.fixed {
            return self.now;
        }
        let local = Local::now();
        Now(local.with_timezone(&local.offset().fix()))
    }
}

impl Env {
    pub fn resolve(db: Option<PathBuf>, now: Option<&str>, seed: Option<u64>) -> Result<Env> {
        let local = Local::now();
        let offset = local.offset().fix();
        let fixed = now.is_some();
        let now = match now {
            Some(text) => {
                Now::parse(text, offset).map_err(|e| Error::Now(format!("{text:?}: {e}")))?
            }
            None => Now(local.with_timezone(&offset)),
        };
        let db = match db {
            Some(path) => path,
            None => directories::ProjectDirs::from("", "", "recall")
                .map(|dirs| dirs.data_dir().join("recall.db"))
                .ok_or(Error::NoHome)?,
        };
        let seed = seed.unwrap_or_else(rand::random);
        Ok(Env {
            db,
            now,
            fixed,
            seed,
        })
    }

    /// Opens the collection, syncing the built-in decks when this build's
    /// differ, and says so on stderr.
    pub fn open(&self) -> Result<Collection> {
        let existed = self.db.exists();
        let (store, report) = library::open(&self.db, self.now)?;
        if let Some(report) = report {
            // A notice only: an unwritable stderr does not stop the command.
            let mut err = std::io::stderr().lock();
            if existed {
                if report.added + report.updated + report.retired > 0 {
                    let _ = writeln!(
                        err,
                        "recall: built-in decks updated: {} added, {} updated, {} retired",
                        report.added, report.updated, report.retired
                    );
                }
            } else {
                let _ = writeln!(
                    err,
                    "recall: created {} with {} cards from the built-in decks",
                    self.db.display(),
                    report.added
                );
            }
        }
        Ok(store)
    }
}
