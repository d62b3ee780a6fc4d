//! The built-in decks: the study documents in `decks/`, embedded at build time.

use crate::domain::card::{GeneratedDeck, Generator};
use crate::domain::generators::{Document, generate};

#[derive(Debug, Clone, Copy)]
pub struct BuiltinDeck {
    /// Top deck name (`python-libraries`).
    pub deck: &'static str,
    /// File name in `decks/`, recorded as each card's source.
    pub file: &'static str,
    pub generator: Generator,
    pub text: &'static str,
}

impl BuiltinDeck {
    pub fn generate(&self) -> GeneratedDeck {
        generate(
            self.generator,
            Document {
                file: self.file,
                deck: self.deck,
                text: self.text,
            },
        )
    }
}

pub const BUILTIN: [BuiltinDeck; 5] = [
    BuiltinDeck {
        deck: "python-libraries",
        file: "decks/python-libraries.md",
        generator: Generator::Library,
        text: include_str!("../decks/python-libraries.md"),
    },
    BuiltinDeck {
        deck: "python-roadmap",
        file: "decks/python-roadmap.md",
        generator: Generator::Roadmap,
        text: include_str!("../decks/python-roadmap.md"),
    },
    BuiltinDeck {
        deck: "python-api",
        file: "decks/python-api-reference.md",
        generator: Generator::Reference,
        text: include_str!("../decks/python-api-reference.md"),
    },
    BuiltinDeck {
        deck: "python-advanced",
        file: "decks/python-advanced-curriculum.md",
        generator: Generator::Curriculum,
        text: include_str!("../decks/python-advanced-curriculum.md"),
    },
    BuiltinDeck {
        deck: "python-notes",
        file: "decks/python-notes.md",
        generator: Generator::Notes,
        text: include_str!("../decks/python-notes.md"),
    },
];

/// Changes whenever a built-in document or the generator version changes;
/// stored in the database so that a new build syncs its decks once.
///
/// Computed at every start, so a fast hash (the standard library's
/// SipHash, a tenth of SHA-256's cost over the 150 KB of documents): a
/// build whose hash differs (another Rust release may change it) only
/// syncs the decks once more, which changes nothing when they are the same.
pub fn fingerprint() -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    GENERATOR_VERSION.hash(&mut hasher);
    for deck in &BUILTIN {
        deck.deck.hash(&mut hasher);
        deck.text.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Bump when a generator's output changes for the same documents.
const GENERATOR_VERSION: &str = "2";
