//! recall: spaced-repetition flashcards from Korean Python study notes.
//!
//! Layers point one way: `cli` → `app` → `domain`; `storage`, `term` and
//! `export` sit at the edges.

pub mod app;
pub mod cli;
pub mod decks;
pub mod domain;
pub mod error;
pub mod export;
pub mod storage;
pub mod term;
