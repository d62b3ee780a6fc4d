//! The quiz on library functions: questions drawn with a seeded rng from
//! the quiz facts, graded forgivingly, logged, optionally fed to SM-2.

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use super::prompt::{Prompter, QuizPrompt, QuizReply};
use crate::domain::card::QuizFact;
use crate::domain::clock::Now;
use crate::domain::quiz;
pub use crate::domain::quiz::{Kind, Mode, Question, Verdict, grade_typed};
use crate::domain::sm2::{self, Grade};
use crate::error::{Error, Result};
use crate::storage::{LogEntry, LogKind, Store};

/// Draws `count` questions about `facts` (the decks being quizzed) with a
/// seeded rng. `all` is every quiz fact of every document: what each owner
/// has, so that no distractor is secretly right, and where distractors come
/// from.
pub fn draw(
    facts: &[QuizFact],
    all: &[QuizFact],
    count: usize,
    mode: Mode,
    seed: u64,
) -> Vec<Question> {
    let mut rng = StdRng::seed_from_u64(seed);
    quiz::draw(facts, all, count, mode, &mut rng)
}

/// A question that was missed, for the final table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    pub question: String,
    pub given: String,
    pub answer: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    pub asked: usize,
    pub right: usize,
    pub misses: Vec<Miss>,
    pub quit: bool,
}

/// Plays the questions; each answer is logged (and with `schedule`, the
/// linked card is graded 4 when right, 1 when wrong).
pub fn play(
    store: &mut Store,
    questions: &[Question],
    now: Now,
    schedule: bool,
    prompter: &mut dyn Prompter,
) -> Result<Score> {
    let mut score = Score::default();
    let day = now.study_day();
    let at = now.rfc3339();
    for (index, q) in questions.iter().enumerate() {
        let reply = prompter.quiz(&QuizPrompt {
            number: index + 1,
            total: questions.len(),
            question: &q.text,
            options: &q.options,
        })?;
        let (given, verdict) = match reply {
            QuizReply::Quit => {
                score.quit = true;
                break;
            }
            QuizReply::Choice(i) => {
                let given = q.options.get(i).cloned().unwrap_or_default();
                let verdict = if given == q.answer {
                    Verdict::Right
                } else {
                    Verdict::Wrong
                };
                (given, verdict)
            }
            QuizReply::Typed(text) => {
                let verdict = quiz::grade(q, &text);
                (text, verdict)
            }
        };
        score.asked += 1;
        let right = verdict == Verdict::Right;
        let card = store
            .card(&q.card)?
            .ok_or_else(|| Error::Invalid(format!("quiz card {} is missing", q.card)))?;
        let before = card.state();
        let grade = if right {
            Grade::QUIZ_RIGHT
        } else {
            Grade::QUIZ_WRONG
        };
        let after = if schedule && !card.suspended {
            before.with_schedule(sm2::answer(card.schedule, grade, day).schedule)
        } else {
            before
        };
        store.record(&LogEntry {
            card: &card.card.id,
            at: &at,
            day,
            kind: LogKind::Quiz,
            grade: Some(grade),
            duration_ms: 0,
            was_new: false,
            before,
            after,
        })?;
        let feedback = match verdict {
            Verdict::Right => format!("✓ 정답: {}  ({})", q.answer, q.source),
            Verdict::NearMiss => format!(
                "≈ 한 글자 차이 (near miss) — 정답: {}  ({})",
                q.answer, q.source
            ),
            Verdict::Wrong => format!("✗ 오답 — 정답: {}  ({})", q.answer, q.source),
        };
        prompter.notice(&feedback)?;
        if right {
            score.right += 1;
        } else {
            score.misses.push(Miss {
                question: q.text.clone(),
                given,
                answer: q.answer.clone(),
                source: q.source.clone(),
            });
        }
    }
    Ok(score)
}
