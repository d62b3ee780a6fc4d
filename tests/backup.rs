//! The JSON backup (`export --format json`): its own versioned format in
//! the user's units, and every answer in it with the time it was given.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::Cell;
use std::time::Instant;

use chrono::{DateTime, Duration};
use common::TestEnv;
use recall::app::export::{ExportFormat, export};
use recall::app::library::Collection;
use recall::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use recall::app::review::{Clock, Options, Session};
use recall::domain::clock::Now;
use recall::domain::collection::CardRecord;
use recall::domain::queue::Limits;
use recall::domain::sm2::Grade;
use recall::error::Result;
use serde_json::Value;

#[test]
fn the_backup_is_versioned_and_in_the_users_units() {
    let env = TestEnv::new();
    env.review("2026-11-21", &["--new", "1"], "\n5\n");
    let backup = env.json(
        "2026-11-21",
        &["export", "--format", "json", "--deck", "python-libraries"],
    );
    assert_eq!(backup["format"], "recall-backup");
    assert_eq!(backup["version"], 2);
    assert_eq!(backup["exported_at"], "2026-11-21T12:00:00+00:00");
    let card = backup["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["question"] == "json — 기능은?")
        .unwrap();
    assert_eq!(card["id"], "609749d25525dcc1");
    assert_eq!(card["kind"], "basic");
    assert_eq!(card["generator"], "library");
    assert_eq!(card["key"], "json");
    assert_eq!(card["retired"], false);
    assert_eq!(card["source"]["file"], "decks/python-libraries.md");
    let state = &card["state"];
    assert_eq!(state["ef"], 2.6);
    assert_eq!(state["reps"], 1);
    assert_eq!(state["interval_days"], 1);
    assert_eq!(state["due"], "2026-11-22");
    assert_eq!(state["leech"], false);
    assert_eq!(state["buried_on"], Value::Null);
    let history = card["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    let answer = &history[0];
    assert_eq!(answer["at"], "2026-11-21T12:00:00+00:00");
    assert_eq!(answer["study_day"], "2026-11-21");
    assert_eq!(answer["kind"], "review");
    assert_eq!(answer["grade"], 5);
    assert_eq!(answer["was_new"], true);
    assert_eq!(answer["undone"], false);
    assert_eq!(answer["before"]["ef"], 2.5);
    assert_eq!(answer["before"]["due"], Value::Null);
    assert_eq!(answer["after"], card["state"]);
    // A card never answered: EF 2.5, not due, no history.
    let new = backup["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["question"] == "datetime — 기능은?")
        .unwrap();
    assert_eq!(new["state"]["ef"], 2.5);
    assert_eq!(new["state"]["due"], Value::Null);
    assert_eq!(new["history"].as_array().unwrap().len(), 0);
}

/// A clock that moves a minute on every reading of the time of day.
struct Ticking(Cell<i64>);

impl Clock for Ticking {
    fn instant(&self) -> Instant {
        Instant::now()
    }
    fn now(&self) -> Now {
        let minutes = self.0.get();
        self.0.set(minutes + 1);
        let start = DateTime::parse_from_rfc3339("2026-11-21T12:00:00+00:00").unwrap();
        Now(start + Duration::minutes(minutes))
    }
}

/// Reveals every card and grades it 5.
struct Fives;

impl Prompter for Fives {
    fn question(&mut self, _: &CardRecord, _: Progress) -> Result<AtQuestion> {
        Ok(AtQuestion::Reveal)
    }
    fn answer(&mut self, _: &CardRecord, _: Progress) -> Result<AtAnswer> {
        Ok(AtAnswer::Grade(Grade::new(5).unwrap()))
    }
    fn quiz(&mut self, _: &QuizPrompt<'_>) -> Result<QuizReply> {
        Ok(QuizReply::Quit)
    }
    fn notice(&mut self, _: &str) -> Result<()> {
        Ok(())
    }
}

#[test]
fn each_answer_is_logged_with_the_time_it_was_given() {
    let mut collection = Collection::in_memory().unwrap();
    let clock = Ticking(Cell::new(0));
    let start = clock.now();
    let options = Options {
        deck: Some("python-libraries"),
        limits: Limits {
            new_per_day: 3,
            reviews_per_day: 10,
        },
    };
    let mut session = Session::start(&mut collection, start, &options).unwrap();
    let summary = session.run(&mut Fives, &clock).unwrap();
    assert_eq!(summary.reviewed, 3);
    let mut out = Vec::new();
    export(
        &collection,
        Some("python-libraries"),
        ExportFormat::Json,
        "2026-11-21T13:00:00+00:00",
        &mut out,
    )
    .unwrap();
    let backup: Value = serde_json::from_slice(&out).unwrap();
    let mut times: Vec<String> = backup["cards"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["history"].as_array().unwrap().clone())
        .map(|h| h["at"].as_str().unwrap().to_string())
        .collect();
    times.sort();
    // Not the session's start (12:00): one reading of the clock per answer.
    assert_eq!(
        times,
        [
            "2026-11-21T12:01:00+00:00",
            "2026-11-21T12:02:00+00:00",
            "2026-11-21T12:03:00+00:00"
        ]
    );
}
