//! What a session asks of the terminal. Two implementations live in
//! `term/`: the dialoguer screens and the plain line protocol.

use crate::domain::collection::CardRecord;
use crate::domain::sm2::Grade;
use crate::error::Result;

/// Where the session stands, for the header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub left: usize,
    pub new_left: usize,
    pub review_left: usize,
    /// Same-day repeats of cards graded below 4.
    pub drill_left: usize,
    pub drilling: bool,
}

/// What the user did at the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtQuestion {
    Reveal,
    Suspend,
    Bury,
    Undo,
    Quit,
}

/// What the user did at the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtAnswer {
    Grade(Grade),
    Suspend,
    Bury,
    Undo,
    Quit,
}

/// A quiz question as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizPrompt<'a> {
    pub number: usize,
    pub total: usize,
    pub question: &'a str,
    /// Empty for a typed question.
    pub options: &'a [String],
}

/// What the user answered in the quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizReply {
    Choice(usize),
    Typed(String),
    Quit,
}

pub trait Prompter {
    fn question(&mut self, card: &CardRecord, progress: Progress) -> Result<AtQuestion>;
    fn answer(&mut self, card: &CardRecord, progress: Progress) -> Result<AtAnswer>;
    fn quiz(&mut self, prompt: &QuizPrompt<'_>) -> Result<QuizReply>;
    /// A short message (feedback, a leech notice, "undone").
    fn notice(&mut self, text: &str) -> Result<()>;
}
