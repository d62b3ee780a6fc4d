//! The leech rule is the same for every answer that changes the schedule:
//! eight lapses through `quiz --schedule` make a leech exactly as eight
//! lapses in review do (suspended, tagged, announced, out of the queue).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::FixedClock;

use chrono::{DateTime, Duration};
use recall::app::cards;
use recall::app::library::Collection;
use recall::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use recall::app::quiz::{self, Question};
use recall::app::review::{Options, Session};
use recall::domain::clock::Now;
use recall::domain::collection::CardRecord;
use recall::domain::queue::Limits;
use recall::domain::sm2::{Grade, LEECH_LAPSES};
use recall::domain::state::{self, CardState, LEECH_TAG};
use recall::error::Result;

fn day(n: i64) -> Now {
    let start = DateTime::parse_from_rfc3339("2026-11-01T12:00:00+00:00").unwrap();
    Now(start + Duration::days(n))
}

/// Types the right answer or a wrong one, as scripted; records notices.
struct Typist {
    answers: Vec<String>,
    notices: Vec<String>,
}

impl Prompter for Typist {
    fn question(&mut self, _: &CardRecord, _: Progress) -> Result<AtQuestion> {
        Ok(AtQuestion::Quit)
    }
    fn answer(&mut self, _: &CardRecord, _: Progress) -> Result<AtAnswer> {
        Ok(AtAnswer::Quit)
    }
    fn quiz(&mut self, prompt: &QuizPrompt<'_>) -> Result<QuizReply> {
        Ok(QuizReply::Typed(self.answers[prompt.number - 1].clone()))
    }
    fn notice(&mut self, text: &str) -> Result<()> {
        self.notices.push(text.to_string());
        Ok(())
    }
}

#[test]
fn eight_lapses_through_the_scheduled_quiz_make_a_leech_as_in_review() {
    let mut collection = Collection::in_memory().unwrap();
    let fact = quiz::facts(&collection, Some("python-api::os")).unwrap()[0].clone();
    let id = fact.card.as_str().to_string();
    let question = Question {
        text: format!("{} — 어느 라이브러리/모듈?", fact.function),
        answer: fact.owner.clone(),
        options: Vec::new(),
        optional_prefix: None,
        kind: quiz::Kind::Library,
        accepted: vec![recall::domain::quiz::key(&fact.owner, "")],
        source: format!("{}:{}", fact.source.file, fact.source.line),
        card: id.clone(),
    };
    // What review does with the same grades: the domain's answer, the rule
    // that the review session applies.
    let mut expected = CardState::default();
    let mut leech_notices = 0;
    for lapse in 1..=LEECH_LAPSES {
        let now = day(i64::from(lapse) * 2);
        // Right (grade 4) learns it, wrong (grade 1) forgets it: one lapse.
        let mut typist = Typist {
            answers: vec![fact.owner.clone(), "틀린 답".to_string()],
            notices: Vec::new(),
        };
        let score = quiz::play(
            &mut collection,
            &[question.clone(), question.clone()],
            &FixedClock(now),
            true,
            &mut typist,
        )
        .unwrap();
        assert_eq!((score.asked, score.right), (2, 1));
        for grade in [Grade::QUIZ_RIGHT, Grade::QUIZ_WRONG] {
            expected = state::answer(expected, grade, now.study_day()).after;
        }
        let card = cards::find(&collection, &id).unwrap();
        assert_eq!(card.state, expected, "lapse {lapse}");
        assert_eq!(card.state.lapses, lapse);
        assert_eq!(card.state.suspended, lapse == LEECH_LAPSES, "lapse {lapse}");
        assert_eq!(card.state.leech, lapse == LEECH_LAPSES, "lapse {lapse}");
        assert_eq!(
            card.card.tags.iter().any(|t| t == LEECH_TAG),
            lapse == LEECH_LAPSES
        );
        assert_eq!(score.leeches.len(), usize::from(lapse == LEECH_LAPSES));
        leech_notices += typist
            .notices
            .iter()
            .filter(|n| n.contains("leech"))
            .count();
    }
    assert_eq!(leech_notices, 1, "the user is told once");
    // A suspended leech leaves the review queue, even when due.
    let options = Options {
        deck: Some(&fact.deck),
        limits: Limits {
            new_per_day: 0,
            reviews_per_day: 100,
        },
    };
    assert!(expected.due.is_some_and(|due| due <= day(40).study_day()));
    assert!(
        Session::start(&mut collection, day(40), &options)
            .unwrap()
            .is_empty()
    );
    // Further quiz answers leave a suspended card alone, as review would
    // never show it.
    let mut typist = Typist {
        answers: vec![fact.owner.clone()],
        notices: Vec::new(),
    };
    quiz::play(
        &mut collection,
        &[question],
        &FixedClock(day(41)),
        true,
        &mut typist,
    )
    .unwrap();
    assert_eq!(cards::find(&collection, &id).unwrap().state, expected);
}
