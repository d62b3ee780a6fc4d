//! The card model: what a generator emits and what the store keeps.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// A card's stable id: a hash of (deck, generator, entry key, card role).
/// Never of the answer text, so editing an answer keeps the card's progress.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(CompactString);

/// Longer than any id this program makes; a bound for ids read from outside.
const MAX_ID_LEN: usize = 64;

impl CardId {
    pub fn new(deck: &str, generator: Generator, key: &str, role: &str) -> Self {
        CardId(hash_digits(&[deck, generator.as_str(), key, role]).collect())
    }

    /// An id as a user typed it or the store kept it: non-empty, printable
    /// ASCII without spaces. Ids this build makes are 16 hex digits, but an
    /// older store may hold others, so only the shape is checked.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = !text.is_empty()
            && text.len() <= MAX_ID_LEN
            && text.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| CardId(CompactString::new(text)))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
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
    let mut out = String::with_capacity(16);
    out.extend(hash_digits(parts));
    out
}

/// The digits of [`stable_hash`], one by one: a card id keeps them inline
/// (no allocation of its own for each of the thousands a queue or an
/// import holds).
fn hash_digits(parts: &[&str]) -> impl Iterator<Item = char> {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]);
    }
    let digest = hasher.finalize();
    // By hand: one `format!` per byte was a visible share of an import.
    let digit = |nibble: u8| char::from_digit(u32::from(nibble), 16).unwrap_or('0');
    digest
        .into_iter()
        .take(8)
        .flat_map(move |byte| [digit(byte >> 4), digit(byte & 0x0f)])
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

    /// The document shape this generator reads, in words.
    pub fn shape(self) -> &'static str {
        match self {
            Generator::Library => "a library catalog",
            Generator::Roadmap => "a learning roadmap",
            Generator::Reference => "an API reference",
            Generator::Curriculum => "a curriculum",
            Generator::Notes => "notes",
        }
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

/// The text before and after the gap of `question` when it has exactly
/// one; `None` when it has none or several (nothing to fill in place).
pub fn split_gap(question: &str) -> Option<(&str, &str)> {
    let at = find_gap(question)?;
    let (before, rest) = question.split_at_checked(at)?;
    let after = rest.get(CLOZE_GAP.len()..)?;
    find_gap(after).is_none().then_some((before, after))
}

/// Where [`CLOZE_GAP`] first starts in `text`: found from its `[`s, which
/// is quicker on card-sized text than a substring search set up per card.
fn find_gap(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'[', bytes).find(|&at| {
        bytes
            .get(at..)
            .is_some_and(|rest| rest.starts_with(CLOZE_GAP.as_bytes()))
    })
}

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
    while let Some((before, after_fence)) = split_at_fence(rest) {
        let before = before.trim_matches('\n');
        if !before.is_empty() {
            out.push(Segment::Text(before));
        }
        let (lang, body) = after_fence.split_once('\n').unwrap_or((after_fence, ""));
        let (code, next) = match body.split_once("\n```") {
            Some(split) => split,
            None => match body.strip_prefix("```") {
                Some(next) => ("", next),
                None => (body, ""),
            },
        };
        out.push(Segment::Code {
            lang: lang.trim(),
            code,
        });
        rest = next;
    }
    let tail = rest.trim_matches('\n');
    if !tail.is_empty() {
        out.push(Segment::Text(tail));
    }
    out
}

/// The text before the first fence line and the text after its backticks.
fn split_at_fence(text: &str) -> Option<(&str, &str)> {
    if let Some(after) = text.strip_prefix("```") {
        return Some(("", after));
    }
    text.split_once("\n```")
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

    /// Fixed forever: a learner's progress is stored under these ids, so a
    /// change of the hash (its function, its separator, its length, the order
    /// of the parts) would orphan all of it. The parts are the catalog's
    /// `json` entry as the library generator names it; the values were
    /// computed apart from this code (SHA-256 of the parts, each followed by
    /// 0x1f, first 8 bytes in hex).
    #[test]
    fn the_id_of_a_built_in_card_is_pinned() {
        let id = CardId::new(
            "python-libraries::1단계 Python 내장 기초",
            Generator::Library,
            "json",
            "기능",
        );
        assert_eq!(id.as_str(), "609749d25525dcc1");
        assert_eq!(stable_hash(&["a", "b"]), "023b8059a924f728");
    }

    #[test]
    fn parsed_ids_are_printable_ascii_without_spaces() {
        assert_eq!(
            CardId::parse("43dd606d9769d0d2").unwrap().as_str(),
            "43dd606d9769d0d2"
        );
        assert!(CardId::parse("").is_none());
        assert!(CardId::parse("a b").is_none());
        assert!(CardId::parse("카드").is_none());
        assert!(CardId::parse(&"a".repeat(65)).is_none());
    }

    #[test]
    fn only_a_single_gap_splits() {
        assert_eq!(split_gap("a [...] b"), Some(("a ", " b")));
        assert_eq!(split_gap("[...]"), Some(("", "")));
        assert_eq!(split_gap("no gap"), None);
        assert_eq!(split_gap("[...] and [...]"), None);
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

    proptest::proptest! {
        #[test]
        fn split_gap_splits_where_the_substring_search_did(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["[...]", "[", ".", "]", "[..", "..]", "가", "a", "[[...]"]),
                0..12,
            )
        ) {
            let question = pieces.concat();
            let expected = question
                .split_once(CLOZE_GAP)
                .filter(|(_, after)| !after.contains(CLOZE_GAP));
            proptest::prop_assert_eq!(split_gap(&question), expected);
        }
    }
}
