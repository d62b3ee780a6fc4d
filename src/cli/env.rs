//! Everything a command needs from the outside world, read once: the
//! database path, the clock and the seed. Nothing below the CLI reads
//! them.

use std::io::Write;
use std::path::PathBuf;

use chrono::{Local, Offset};

use crate::app::library;
use crate::domain::clock::Now;
use crate::error::{Error, Result};
use crate::storage::Store;

pub struct Env {
    pub db: PathBuf,
    pub now: Now,
    pub seed: u64,
}

impl Env {
    pub fn resolve(db: Option<PathBuf>, now: Option<&str>, seed: Option<u64>) -> Result<Env> {
        let local = Local::now();
        let offset = local.offset().fix();
        let now = match now {
            Some(text) => Now::parse(text, offset)
                .map_err(|e| Error::Invalid(format!("--now {text:?}: {e}")))?,
            None => Now(local.with_timezone(&offset)),
        };
        let db = match db {
            Some(path) => path,
            None => directories::ProjectDirs::from("", "", "recall")
                .map(|dirs| dirs.data_dir().join("recall.db"))
                .ok_or_else(|| {
                    Error::Invalid("no home directory: pass --db PATH or set RECALL_DB".into())
                })?,
        };
        let seed = seed.unwrap_or_else(rand::random);
        Ok(Env { db, now, seed })
    }

    /// Opens the collection, syncing the built-in decks when this build's
    /// differ, and says so on stderr.
    pub fn open(&self) -> Result<Store> {
        let existed = self.db.exists();
        let (store, report) = library::open(&self.db)?;
        if let Some(report) = report {
            let mut err = std::io::stderr().lock();
            if existed {
                if report.added + report.updated + report.retired > 0 {
                    writeln!(
                        err,
                        "recall: built-in decks updated: {} added, {} updated, {} retired",
                        report.added, report.updated, report.retired
                    )?;
                }
            } else {
                writeln!(
                    err,
                    "recall: created {} with {} cards from the built-in decks",
                    self.db.display(),
                    report.added
                )?;
            }
        }
        Ok(store)
    }
}
