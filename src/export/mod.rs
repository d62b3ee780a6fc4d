//! Writers for exported decks: Anki CSV and a JSON backup.

pub mod anki;
pub mod json;
pub mod restore;
pub mod target;
