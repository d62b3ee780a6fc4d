//! recall: spaced-repetition flashcards from Korean Python study notes.

pub mod decks;
pub mod domain;
