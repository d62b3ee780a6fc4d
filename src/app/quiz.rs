//! The quiz on library functions: questions drawn with a seeded rng from
//! the quiz facts, graded forgivingly, logged, optionally fed to SM-2.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use serde::Serialize;

use super::library::Collection;
use super::prompt::{Prompter, QuizPrompt, QuizReply};
use super::review::{Clock, leech_notice};
use crate::domain::card::{CardId, QuizFact};
use crate::domain::sm2::Grade;
use crate::domain::state::{self, LogKind};
use crate::domain::text::{edit_distance, loose, mask};
use crate::error::{Error, Result};
use crate::storage::LogEntry;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Choice,
    Typed,
}

/// One quiz question with its answer and, in choice mode, its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub text: String,
    pub answer: String,
    pub options: Vec<String>,
    /// For typed answers: the owner prefix that may be left out (`os.`).
    pub optional_prefix: Option<String>,
    pub source: String,
    pub card: String,
}

/// The prefix `owner.` of a function, when it has one.
fn owner_prefix(fact: &QuizFact) -> Option<String> {
    let prefix = format!("{}.", fact.owner);
    fact.function
        .to_lowercase()
        .starts_with(&prefix.to_lowercase())
        .then_some(prefix)
}

/// `json.dumps()` → `dumps()` when the prefix is the owner's.
fn without_prefix(fact: &QuizFact) -> String {
    match owner_prefix(fact) {
        Some(prefix) => fact.function[prefix.len()..].to_string(),
        None => fact.function.clone(),
    }
}

fn unique_push(options: &mut Vec<String>, candidate: String) {
    if !candidate.is_empty() && !options.iter().any(|o| loose(o) == loose(&candidate)) {
        options.push(candidate);
    }
}

/// Draws `count` questions. Distractors come from the same group (a catalog
/// stage or a module), then the same document, then anywhere.
pub fn draw(facts: &[QuizFact], count: usize, mode: Mode, seed: u64) -> Vec<Question> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut order: Vec<&QuizFact> = facts.iter().collect();
    order.shuffle(&mut rng);
    let mut out = Vec::new();
    // Each fact gets a few tries at making a new question.
    for fact in order.into_iter().cycle().take(facts.len() * 3) {
        if out.len() >= count {
            break;
        }
        let kinds: &[u8] = if fact.description.is_some() {
            &[0, 1, 2]
        } else {
            &[0, 1]
        };
        let kind = kinds.choose(&mut rng).copied().unwrap_or(0);
        if let Some(q) = make(fact, kind, facts, mode, &mut rng) {
            if !out.iter().any(|o: &Question| o.text == q.text) {
                out.push(q);
            }
        }
    }
    out
}

/// Candidates in order of preference: the same group (stage or module),
/// then the same document, then anything; each tier shuffled on its own.
fn tiers<'f>(fact: &QuizFact, facts: &'f [QuizFact], rng: &mut StdRng) -> Vec<&'f QuizFact> {
    let top = |f: &QuizFact| f.deck.split("::").next().map(str::to_string);
    let mut same_group: Vec<&QuizFact> = facts.iter().filter(|f| f.group == fact.group).collect();
    let mut same_doc: Vec<&QuizFact> = facts
        .iter()
        .filter(|f| f.group != fact.group && top(f) == top(fact))
        .collect();
    let mut rest: Vec<&QuizFact> = facts.iter().filter(|f| top(f) != top(fact)).collect();
    same_group.shuffle(rng);
    same_doc.shuffle(rng);
    rest.shuffle(rng);
    same_group.into_iter().chain(same_doc).chain(rest).collect()
}

fn make(
    fact: &QuizFact,
    kind: u8,
    facts: &[QuizFact],
    mode: Mode,
    rng: &mut StdRng,
) -> Option<Question> {
    let candidates = tiers(fact, facts, rng);
    let source = format!("{}:{}", fact.source.file, fact.source.line);
    let (text, answer, pool, optional_prefix): (String, String, Vec<String>, Option<String>) =
        match kind {
            // function → library (its prefix masked)
            0 => {
                let shown = mask(&fact.function, &fact.owner);
                let pool = candidates
                    .iter()
                    .filter(|f| f.owner != fact.owner)
                    .map(|f| f.owner.clone())
                    .collect();
                (
                    format!("{shown} — 어느 라이브러리/모듈?"),
                    fact.owner.clone(),
                    pool,
                    None,
                )
            }
            // library → one of its functions (prefixes left out of every option)
            1 => {
                let own: Vec<String> = facts
                    .iter()
                    .filter(|f| f.owner == fact.owner)
                    .map(without_prefix)
                    .collect();
                let pool = candidates
                    .iter()
                    .filter(|f| f.owner != fact.owner)
                    .map(|f| without_prefix(f))
                    .filter(|option| !own.contains(option))
                    .collect();
                (
                    format!("{}의 함수/API는?", fact.owner),
                    without_prefix(fact),
                    pool,
                    None,
                )
            }
            // description → function
            _ => {
                let description = fact.description.as_deref()?;
                let masked = mask(&mask(description, &fact.function), &without_prefix(fact));
                let pool = candidates
                    .iter()
                    .filter(|f| f.function != fact.function)
                    .map(|f| f.function.clone())
                    .collect();
                (
                    format!("{} — \"{masked}\" 하는 것은?", fact.owner),
                    fact.function.clone(),
                    pool,
                    owner_prefix(fact),
                )
            }
        };
    let mut options = Vec::new();
    if mode == Mode::Choice {
        unique_push(&mut options, answer.clone());
        for candidate in pool {
            if options.len() == 4 {
                break;
            }
            unique_push(&mut options, candidate);
        }
        if options.len() < 2 {
            return None;
        }
        options.shuffle(rng);
    }
    Some(Question {
        text,
        answer,
        options,
        optional_prefix,
        source,
        card: fact.card.to_string(),
    })
}

/// How a typed answer compares with the expected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Right,
    /// One typo away: shown as such, counted as wrong.
    NearMiss,
    Wrong,
}

/// Forgiving comparison: NFC, case, spaces, backticks, a trailing `()` and
/// an optional owner prefix do not matter; arguments may be left out.
pub fn grade_typed(typed: &str, expected: &str, optional_prefix: Option<&str>) -> Verdict {
    let typed = loose(typed);
    if typed.is_empty() {
        return Verdict::Wrong;
    }
    let mut accepted = vec![loose(expected)];
    // `os.access(path, mode)` is also right as `os.access`.
    if let Some(open) = expected.find('(') {
        accepted.push(loose(&expected[..open]));
    }
    if let Some(prefix) = optional_prefix.map(loose) {
        let stripped: Vec<String> = accepted
            .iter()
            .filter_map(|a| a.strip_prefix(&prefix).map(str::to_string))
            .collect();
        accepted.extend(stripped);
    }
    if accepted.contains(&typed) {
        return Verdict::Right;
    }
    if accepted
        .iter()
        .any(|a| a.chars().count() >= 4 && edit_distance(a, &typed, 1) <= 1)
    {
        return Verdict::NearMiss;
    }
    Verdict::Wrong
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
    let facts = collection.store.facts(deck)?;
    if facts.is_empty() {
        return Err(Error::NoQuizFacts {
            deck: deck.map(str::to_string),
        });
    }
    Ok(facts)
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
                let verdict = grade_typed(&text, &q.answer, q.optional_prefix.as_deref());
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
            let answered = state::answer(before, grade, day);
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
