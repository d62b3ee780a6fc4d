//! Use cases: opening the collection, syncing decks, the review session, the
//! quiz, import and export, the card-rule check, single cards, statistics. No clap, no terminal:
//! prompts go through [`prompt::Prompter`], time and randomness come in as
//! values. The store is reached only from here, through
//! [`library::Collection`].

pub mod backup;
pub mod cards;
pub mod check;
pub mod export;
pub mod library;
pub mod lint;
pub mod prompt;
pub mod quiz;
pub mod review;
pub mod scheduler;
pub mod stats;
