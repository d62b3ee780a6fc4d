//! The pure core: cards, generators, SM-2, the queue, statistics.
//! No I/O, no clock, no randomness of its own: those come in as values.

pub mod backup;
pub mod card;
pub mod clock;
pub mod display;
pub mod encoding;
pub mod generators;
pub mod markdown;
pub mod queue;
pub mod sm2;
pub mod stats;
pub mod text;
