//! The quiz on library functions: questions drawn with a seeded rng from
//! the quiz facts, graded forgivingly, logged, optionally fed to SM-2.

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use super::library::Collection;
use super::prompt::{Prompter, QuizPrompt, QuizReply};
use super::review::{Clock, leech_notice};
use crate::domain::card::{CardId, QuizFact};
use crate::domain::quiz;
pub use crate::domain::quiz::{Kind, Mode, Question, Verdict, grade_typed};
use crate::domain::sm2::Grade;
use crate::domain::state::LogKind;
use crate::error::{Error, Result};
use crate::storage::LogEntry;

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
    /// Cards that `--schedule` made leeches (suspended and tagged).
    pub leeches: Vec<String>,
}

/// The quiz material under `deck`; none at all is the user's to know.
pub fn facts(collection: &Collection, deck: Option<&str>) -> Result<Vec<QuizFact>> {
    super::library::require_deck(collection, deck)?;
    let facts = collection.store.facts(deck)?;
    if facts.is_empty() {
        return Err(Error::NoQuizFacts {
            deck: deck.map(str::to_string),
        });
    }
    Ok(facts)
}

/// Every quiz fact of every deck: what each owner has, for fair options.
pub fn all_facts(collection: &Collection) -> Result<Vec<QuizFact>> {
    Ok(collection.store.facts(None)?)
}

/// Plays the questions; each answer is logged with the time it was given.
/// With `schedule`, the linked card is answered as in review (grade 4 when
/// right, 1 when wrong), the leech rule included.
pub fn play(
    collection: &mut Collection,
    questions: &[Question],
    clock: &dyn Clock,
    schedule: bool,
    prompter: &mut dyn Prompter,
) -> Result<Score> {
    let store = &mut collection.store;
    if schedule {
        // A scheduled quiz answers cards like a review: one at a time.
        store.begin_session()?;
        store.verify_in_background();
    }
    let mut score = Score::default();
    let day = clock.now().study_day();
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
        // The facts were read with their cards a moment ago.
        let card = CardId::parse(&q.card)
            .map(|id| store.card(&id))
            .transpose()?
            .flatten()
            .ok_or_else(|| Error::Internal(format!("quiz card {} is missing", q.card)))?;
        let before = card.state;
        let grade = if right {
            Grade::QUIZ_RIGHT
        } else {
            Grade::QUIZ_WRONG
        };
        let (after, became_leech) = if schedule && !before.suspended {
            let answered = super::scheduler::answer(store, &card.card.id, before, grade, day)?;
            (answered.after, answered.became_leech)
        } else {
            (before, false)
        };
        let at = clock.now().rfc3339();
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
        if became_leech {
            score.leeches.push(card.card.question.clone());
            prompter.notice(&leech_notice(&card.card.id))?;
        }
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
