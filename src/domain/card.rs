//! The card model: what a generator emits and what the store keeps.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// A card's stable id: a hash of (deck, generator, entry key, card role).
/// Never of the answer text, so editing an answer keeps the card's progress.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(pub String);

impl CardId {
    pub fn new(deck: &str, generator: Generator, key: &str, role: &str) -> Self {
        CardId(stable_hash(&[deck, generator.as_str(), key, role]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 16 hex digits of SHA-256 over the parts, separated by a unit separator so
/// that ("ab", "c") and ("a", "bc") differ.
pub fn stable_hash(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Which document shape a card was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    Library,
    Roadmap,
    Reference,
    Curriculum,
    Notes,
}

impl Generator {
    pub const ALL: [Generator; 5] = [
        Generator::Library,
        Generator::Roadmap,
        Generator::Reference,
        Generator::Curriculum,
        Generator::Notes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Generator::Library => "library",
            Generator::Roadmap => "roadmap",
            Generator::Reference => "reference",
            Generator::Curriculum => "curriculum",
            Generator::Notes => "notes",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Generator::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

/// What a card shows and asks for (DESIGN §2).
///
/// - `Basic`: a specific question → one fact.
/// - `Reverse`: the fact with the name masked → the name.
/// - `Cloze`: a sentence or list with exactly one gap, written [`CLOZE_GAP`],
///   the rest as context → the hidden part.
/// - `Code`: a short snippet (a fenced block in the question, see [`fence`])
///   with one line or token replaced by [`CLOZE_GAP`], or a statement about
///   it → the hidden part or the outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    #[default]
    Basic,
    Reverse,
    Cloze,
    Code,
}

/// The gap of a cloze or code card's question; the answer fills it.
pub const CLOZE_GAP: &str = "[...]";

impl CardKind {
    pub const ALL: [CardKind; 4] = [
        CardKind::Basic,
        CardKind::Reverse,
        CardKind::Cloze,
        CardKind::Code,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Basic => "basic",
            CardKind::Reverse => "reverse",
            CardKind::Cloze => "cloze",
            CardKind::Code => "code",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        CardKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Where a card came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: u32,
}

/// A question-and-answer card as a generator emits it.
///
/// Answers are plain text; code blocks inside them are kept verbatim between
/// fence lines (```` ```lang ```` … ```` ``` ````), see [`answer_segments`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    pub deck: String,
    pub generator: Generator,
    pub kind: CardKind,
    /// The entry this card belongs to (a library, a topic, a function…).
    pub key: String,
    /// What the card asks about that entry (`기능`, `reverse`, …).
    pub role: String,
    /// Cards made from one entry share a sibling group: one a day is shown.
    pub sibling: String,
    pub question: String,
    pub answer: String,
    pub tags: Vec<String>,
    pub source: Source,
}

/// A function or attribute that the quiz can ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizFact {
    /// The library or module it belongs to (`json`, `os`).
    pub owner: String,
    /// The function as written in the document (`json.dumps()`).
    pub function: String,
    /// What it does, when the document says so.
    pub description: Option<String>,
    /// Distractors come from the same group (a catalog stage, a module).
    pub group: String,
    pub deck: String,
    /// The card that holds the same knowledge (fed to SM-2 by `quiz --schedule`).
    pub card: CardId,
    pub source: Source,
}

/// Something in a document that yields no card, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub line: u32,
    pub what: String,
    pub reason: String,
}

/// Everything generated from one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedDeck {
    pub cards: Vec<Card>,
    pub facts: Vec<QuizFact>,
    pub skipped: Vec<Skipped>,
}

/// One piece of an answer: prose, or a code block kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Code { lang: &'a str, code: &'a str },
}

/// Splits an answer into prose and fenced code blocks.
pub fn answer_segments(answer: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = answer;
    while let Some(start) = find_fence(rest) {
        let before = rest[..start].trim_matches('\n');
        if !before.is_empty() {
            out.push(Segment::Text(before));
        }
        let after_fence = &rest[start + 3..];
        let (lang, body_start) = match after_fence.find('\n') {
            Some(nl) => (after_fence[..nl].trim(), nl + 1),
            None => (after_fence.trim(), after_fence.len()),
        };
        let body = &after_fence[body_start..];
        let (code, next) = match body.find("\n```") {
            Some(end) => (&body[..end], &body[end + 4..]),
            None if body.starts_with("```") => ("", &body[3..]),
            None => (body, ""),
        };
        out.push(Segment::Code { lang, code });
        rest = next;
    }
    let tail = rest.trim_matches('\n');
    if !tail.is_empty() {
        out.push(Segment::Text(tail));
    }
    out
}

fn find_fence(text: &str) -> Option<usize> {
    if text.starts_with("```") {
        return Some(0);
    }
    text.find("\n```").map(|i| i + 1)
}

/// Writes a code block into an answer so that [`answer_segments`] finds it.
pub fn fence(lang: &str, code: &str) -> String {
    format!("```{lang}\n{code}\n```")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_identity_not_text() {
        let a = CardId::new("d", Generator::Library, "json", "기능");
        assert_eq!(a, CardId::new("d", Generator::Library, "json", "기능"));
        assert_ne!(a, CardId::new("d", Generator::Library, "json", "용도"));
        assert_eq!(a.as_str().len(), 16);
        // Fixed forever: changing the hash would orphan every user's progress.
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab", "c"]), stable_hash(&["a", "bc"]));
    }

    #[test]
    fn segments_split_prose_and_code() {
        let answer = format!("intro\n{}\noutro", fence("python", "x = 1\n\ny = 2"));
        assert_eq!(
            answer_segments(&answer),
            vec![
                Segment::Text("intro"),
                Segment::Code {
                    lang: "python",
                    code: "x = 1\n\ny = 2"
                },
                Segment::Text("outro"),
            ]
        );
        assert_eq!(answer_segments("plain"), vec![Segment::Text("plain")]);
    }
}
