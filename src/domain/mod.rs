//! The pure core: cards, generators, SM-2, the card state and its rules,
//! the queue, statistics. No I/O, no clock, no randomness of its own: those
//! come in as values.
//!
//! Text is never sliced at a byte offset or indexed here (a slice through a
//! character, or past the end, panics), and no number is cast into a type
//! that cannot hold it (days, counts and hundredths wrap silently): the
//! lints below refuse both.
// Tests may index: a panic there is a failed assertion.
#![cfg_attr(
    not(test),
    deny(
        clippy::string_slice,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap,
        clippy::cast_sign_loss
    )
)]

pub mod backup;
pub mod card;
pub mod clock;
pub mod collection;
pub mod display;
pub mod encoding;
pub mod eval;
pub mod fingerprint;
pub mod generators;
pub mod lint;
pub mod markdown;
pub mod natural;
pub mod queue;
pub mod quiz;
pub mod scheduler;
pub mod sm2;
pub mod state;
pub mod stats;
pub mod text;
