//! What a session quit at its first card says is left for today: the queue
//! as built when nothing was written since, the queue rebuilt when another
//! process changed the collection in the meantime.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::FixedClock;

use std::path::{Path, PathBuf};

use chrono::DateTime;
use recall::app::cards;
use recall::app::library;
use recall::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use recall::app::review::{Options, Session};
use recall::domain::clock::Now;
use recall::domain::collection::CardRecord;
use recall::domain::queue::Limits;
use recall::error::Result;

fn now() -> Now {
    Now(DateTime::parse_from_rfc3339("2026-12-01T12:00:00+00:00").unwrap())
}

/// Quits at the first question; before that, optionally suspends `others`
/// through a second connection, as another recall would.
struct QuitAtFirst {
    db: PathBuf,
    others: Vec<String>,
    shown: Option<String>,
}

impl Prompter for QuitAtFirst {
    fn question(&mut self, card: &CardRecord, _: Progress) -> Result<AtQuestion> {
        self.shown = Some(card.card.id.as_str().to_string());
        if !self.others.is_empty() {
            let mut other = library::open_unsynced(&self.db, now()).unwrap();
            cards::set_suspended(&mut other, &self.others, true, now()).unwrap();
        }
        Ok(AtQuestion::Quit)
    }
    fn answer(&mut self, _: &CardRecord, _: Progress) -> Result<AtAnswer> {
        Ok(AtAnswer::Quit)
    }
    fn quiz(&mut self, _: &QuizPrompt<'_>) -> Result<QuizReply> {
        unreachable!("no quiz in a review")
    }
    fn notice(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
}

const DECK: &str = "python-notes";

fn quit_at_first(db: &Path, others: Vec<String>) -> usize {
    let (mut collection, _) = library::open(db, now()).unwrap();
    let options = Options {
        deck: Some(DECK),
        limits: Limits {
            new_per_day: 1000,
            reviews_per_day: 0,
        },
    };
    let mut session = Session::start(&mut collection, now(), &options).unwrap();
    let mut prompter = QuitAtFirst {
        db: db.to_path_buf(),
        others,
        shown: None,
    };
    let summary = session.run(&mut prompter, &FixedClock(now())).unwrap();
    assert!(prompter.shown.is_some());
    summary.left_today
}

#[test]
fn left_today_after_quitting_at_the_first_card_sees_other_processes_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("recall.db");
    // Nothing written in between: the whole deck's queue is left.
    let built = quit_at_first(&db, Vec::new());
    assert!(built > 10, "{built}");
    assert_eq!(quit_at_first(&db, Vec::new()), built);
    // Every card of the deck suspended by another connection while the
    // first is on screen: nothing is left, not the queue as it was built.
    let (collection, _) = library::open(&db, now()).unwrap();
    let ids: Vec<String> = cards::list(&collection, Some(DECK), None)
        .unwrap()
        .iter()
        .map(|c| c.card.id.as_str().to_string())
        .collect();
    drop(collection);
    assert_eq!(quit_at_first(&db, ids), 0);
}
