//! Use cases: opening the collection, syncing decks, the review session, the
//! quiz, import and export. No clap, no terminal: prompts go through
//! [`prompt::Prompter`], time and randomness come in as values.

pub mod export;
pub mod library;
pub mod prompt;
pub mod quiz;
pub mod review;
