//! Deck generators: one per document shape, pure functions from text to cards.

mod curriculum;
mod library;
mod notes;
mod reference;
mod roadmap;

use super::card::{
    CLOZE_GAP, Card, CardId, CardKind, GeneratedDeck, Generator, QuizFact, Skipped, Source,
    stable_hash,
};
use super::lint::answer_in_question;
use super::markdown::{self, Block, Lines};
use super::text::{contains_token, enumeration_with_joiner, nfc, nfc_owned, split_top_level, tag};

/// A document to generate cards from.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The file name recorded as each card's source.
    pub file: &'a str,
    /// The top deck (`python-libraries`); generators add levels below it.
    pub deck: &'a str,
    pub text: &'a str,
}

/// Generates the cards of a document of the given shape.
pub fn generate(generator: Generator, doc: Document<'_>) -> GeneratedDeck {
    generate_from_blocks(generator, doc, &markdown::parse(doc.text))
}

/// Generates from a document already read into blocks.
pub fn generate_from_blocks(
    generator: Generator,
    doc: Document<'_>,
    blocks: &[Block],
) -> GeneratedDeck {
    let mut builder = DeckBuilder::new(generator, doc, None);
    run(generator, blocks, &mut builder);
    builder.finish()
}

/// [`generate_from_blocks`] that hands the cards on as they are made, in
/// document order and `batch` at a time, instead of collecting them: a
/// large document's cards need not all be in memory at once. Returns the
/// rest of the deck; its `cards` stay empty.
pub fn generate_in_batches(
    generator: Generator,
    doc: Document<'_>,
    blocks: &[Block],
    batch: usize,
    each: &mut dyn FnMut(Vec<Card>),
) -> GeneratedDeck {
    let mut builder = DeckBuilder::new(
        generator,
        doc,
        Some(Batches {
            size: batch.max(1),
            each,
        }),
    );
    run(generator, blocks, &mut builder);
    builder.finish()
}

fn run(generator: Generator, blocks: &[Block], builder: &mut DeckBuilder<'_, '_>) {
    match generator {
        Generator::Library => library::generate(blocks, builder),
        Generator::Roadmap => roadmap::generate(blocks, builder),
        Generator::Reference => reference::generate(blocks, builder),
        Generator::Curriculum => curriculum::generate(blocks, builder),
        Generator::Notes => notes::generate(blocks, builder),
    }
}

/// Picks the generator whose shape the document has; notes when none fits.
pub fn detect(text: &str) -> Generator {
    detect_blocks(&markdown::parse(text))
}

/// [`detect`] for a document already read into blocks.
pub fn detect_blocks(blocks: &[Block]) -> Generator {
    let labelled = |wanted: &[&str]| {
        blocks
            .iter()
            .filter(|b| match b {
                Block::Item { inline, .. } => inline
                    .labelled_value()
                    .is_some_and(|(label, _)| wanted.contains(&label)),
                _ => false,
            })
            .count()
    };
    let has_table_with = |column: &str| {
        blocks.iter().any(|b| match b {
            Block::Table { header, .. } => header.iter().any(|h| h.contains(column)),
            _ => false,
        })
    };
    let api_lines = blocks
        .iter()
        .filter(|b| match b {
            Block::Item { inline, .. } => reference::split_entry(&inline.text).is_some(),
            _ => false,
        })
        .count();
    let level_headings = blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading { text, .. } if roadmap::is_level_heading(text)))
        .count();

    if labelled(&["기능", "용도", "핵심"]) >= 3 {
        Generator::Library
    } else if level_headings >= 1 {
        Generator::Roadmap
    } else if has_table_with("세부 내용") || has_table_with("주제") {
        Generator::Curriculum
    } else if api_lines >= 3 {
        Generator::Reference
    } else {
        Generator::Notes
    }
}

/// Collects cards and keeps the rules every generator shares: NFC text,
/// stable ids, sibling groups, tags without spaces.
pub(crate) struct DeckBuilder<'a, 'f> {
    generator: Generator,
    doc: Document<'a>,
    out: GeneratedDeck,
    /// Where full batches of cards go, when they are not collected.
    batches: Option<Batches<'f>>,
    /// The document's lines, found on the first
    /// [`DeckBuilder::source_line`].
    lines: std::cell::OnceCell<Lines<'a>>,
}

struct Batches<'f> {
    size: usize,
    each: &'f mut dyn FnMut(Vec<Card>),
}

/// One card to add; the builder fills in id, sibling, source and base tags.
pub(crate) struct NewCard<'s> {
    pub deck: &'s str,
    pub key: &'s str,
    pub role: &'s str,
    pub kind: CardKind,
    pub question: String,
    pub answer: String,
    pub tags: &'s [String],
    pub line: u32,
}

impl<'a, 'f> DeckBuilder<'a, 'f> {
    fn new(generator: Generator, doc: Document<'a>, batches: Option<Batches<'f>>) -> Self {
        let mut out = GeneratedDeck::default();
        if let Some(b) = &batches {
            out.cards.reserve_exact(b.size);
        }
        DeckBuilder {
            generator,
            doc,
            out,
            batches,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// Hands the cards made so far to the batch receiver, if there is one.
    fn hand_on(&mut self) {
        if let Some(b) = &mut self.batches
            && !self.out.cards.is_empty()
        {
            let full = std::mem::replace(&mut self.out.cards, Vec::with_capacity(b.size));
            (b.each)(full);
        }
    }

    /// The full deck path for levels below the document's top deck.
    pub fn deck_path(&self, levels: &[&str]) -> String {
        let mut path = self.doc.deck.to_string();
        for level in levels.iter().filter(|l| !l.trim().is_empty()) {
            path.push_str("::");
            path.push_str(level.trim());
        }
        path
    }

    /// Adds a card and returns its id. An empty answer is skipped and reported.
    pub fn add(&mut self, card: NewCard<'_>) -> Option<CardId> {
        let question = nfc_owned(card.question);
        let answer = nfc_owned(card.answer);
        if answer.is_empty() {
            self.skip(card.line, &question, "답이 비어 있음 (empty answer)");
            return None;
        }
        let id = CardId::new(card.deck, self.generator, card.key, card.role);
        let sibling = stable_hash(&[card.deck, self.generator.as_str(), card.key]);
        let mut tags = Vec::with_capacity(1 + card.tags.len());
        tags.push(self.generator.as_str().to_string());
        tags.extend(card.tags.iter().map(|t| tag(t)).filter(|t| !t.is_empty()));
        tags.dedup();
        self.out.cards.push(Card {
            id: id.clone(),
            deck: card.deck.to_string(),
            generator: self.generator,
            kind: card.kind,
            key: nfc(card.key),
            role: card.role.to_string(),
            sibling,
            question,
            answer,
            tags,
            source: Source {
                file: self.doc.file.to_string(),
                line: card.line,
            },
        });
        if self
            .batches
            .as_ref()
            .is_some_and(|b| self.out.cards.len() >= b.size)
        {
            self.hand_on();
        }
        Some(id)
    }

    /// [`DeckBuilder::add`], unless the question gives its answer away
    /// (the name of an entry that is also one of its own list items): such
    /// a card is skipped and reported instead.
    pub fn add_unless_leaking(&mut self, card: NewCard<'_>) -> Option<CardId> {
        if answer_in_question(&card.question, &card.answer, card.kind).is_some() {
            let what = format!("{} → {}", card.question, card.answer);
            self.skip(
                card.line,
                &what,
                "질문에 답이 보임 (the question shows its answer)",
            );
            return None;
        }
        self.add(card)
    }

    pub fn fact(&mut self, fact: QuizFact) {
        self.out.facts.push(fact);
    }

    /// The raw text of a line of the document (1-based), as written.
    pub fn source_line(&self, line: u32) -> Option<&'a str> {
        let text = self.doc.text;
        self.lines.get_or_init(|| Lines::new(text)).line(line)
    }

    pub fn source(&self, line: u32) -> Source {
        Source {
            file: self.doc.file.to_string(),
            line,
        }
    }

    pub fn skip(&mut self, line: u32, what: &str, reason: &str) {
        self.out.skipped.push(Skipped {
            line,
            what: nfc(what),
            reason: reason.to_string(),
        });
    }

    fn finish(mut self) -> GeneratedDeck {
        self.hand_on();
        self.out
    }
}

/// Joins list items into one answer line, as the documents read them.
pub(crate) fn join_items<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| s.as_ref().trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One cloze of a list: which part is hidden (for the card's role), the
/// list written with the gap, and the hidden part. A gap that a learner
/// could not grade carries the reason instead, to be skipped and reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gap {
    /// `3` for the fourth item, `3.1` for the second part of the fourth item.
    pub role: String,
    pub context: String,
    pub answer: String,
    /// Why no card should be made of this gap, if so.
    pub open: Option<&'static str>,
}

/// A well-known set written as one-word parts (`리스트, 튜플, 딕셔너리,
/// 세트`, `map, filter, reduce`): any one of them is given away by the rest.
pub(crate) const WELL_KNOWN_SET: &str =
    "이웃이 답을 알려 주는 잘 알려진 묶음 (a well-known set: the neighbours give the gap away)";

fn one_word(part: &str) -> bool {
    !part.trim().contains(char::is_whitespace)
}

/// `싱글톤, 팩토리`: two single words of no one family (not `aiohttp,
/// aiofiles`, not `__getattr__, __setattr__`), each the cue of the other.
fn pair(item: &str) -> Option<(String, String)> {
    let parts = split_top_level(item, &[',']);
    let [a, b] = parts.as_slice() else {
        return None;
    };
    let family = |x: &str, y: &str| {
        let prefix = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
        let suffix = x
            .chars()
            .rev()
            .zip(y.chars().rev())
            .take_while(|(p, q)| p == q)
            .count();
        prefix >= 2 || suffix >= 2
    };
    (one_word(a) && one_word(b) && !family(a, b)).then(|| (a.clone(), b.clone()))
}

/// `collections 모듈 (deque, Counter, defaultdict)` → (`collections 모듈`,
/// `(deque, Counter, defaultdict)`): a head whose brackets list three or
/// more examples. The head is what to hide; the examples are its cue.
fn head_with_examples(item: &str) -> Option<(&str, &str)> {
    let open = item.find(" (")?;
    let (head, brackets) = (item.get(..open)?, item.get(open + 1..)?);
    let inner = brackets.strip_prefix('(')?.strip_suffix(')')?;
    (split_top_level(inner, &[',']).len() >= 3 && !head.trim().is_empty())
        .then_some((head.trim(), brackets))
}

/// One cloze per item of a list, the other items as context (a list of
/// three or more is never one answer); `numbered` writes `1. …` before
/// each item. An item that is itself a list of three or more gets one
/// cloze per part, except for one-word parts of a well-known set; a pair
/// of words is split with the partner as the cue; `Head (a, b, c)` hides
/// the head and leaves the examples as the cue. A gap whose answer could
/// be read elsewhere in its context is left out.
pub(crate) fn list_gaps<S: AsRef<str>>(items: &[S], joiner: &str, numbered: bool) -> Vec<Gap> {
    let items: Vec<&str> = items.iter().map(|s| s.as_ref().trim()).collect();
    let render = |hidden: Option<(usize, &str)>| -> String {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let text = match hidden {
                    Some((at, with)) if at == i => with.to_string(),
                    _ => (*item).to_string(),
                };
                if numbered {
                    format!("{}. {text}", i + 1)
                } else {
                    text
                }
            })
            .collect::<Vec<_>>()
            .join(joiner)
    };
    let parts_gaps = |i: usize, parts: &[String], inner_joiner: &str, gaps: &mut Vec<Gap>| {
        let one_words = parts.iter().filter(|p| one_word(p)).count();
        for (j, answer) in parts.iter().enumerate() {
            let with_gap = parts
                .iter()
                .enumerate()
                .map(|(k, part)| if k == j { CLOZE_GAP } else { part.as_str() })
                .collect::<Vec<_>>()
                .join(inner_joiner);
            let open =
                (parts.len() >= 3 && one_words >= 2 && one_word(answer)).then_some(WELL_KNOWN_SET);
            gaps.push(Gap {
                role: format!("{i}.{j}"),
                context: render(Some((i, &with_gap))),
                answer: answer.clone(),
                open,
            });
        }
    };
    let mut gaps = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Some((head, examples)) = head_with_examples(item) {
            gaps.push(Gap {
                role: i.to_string(),
                context: render(Some((i, &format!("{CLOZE_GAP} {examples}")))),
                answer: head.to_string(),
                open: None,
            });
            continue;
        }
        if let Some((a, b)) = pair(item) {
            parts_gaps(i, &[a, b], ", ", &mut gaps);
            continue;
        }
        match enumeration_with_joiner(item) {
            Some((inner_joiner, parts)) if inner_joiner != "\n" => {
                parts_gaps(i, &parts, inner_joiner, &mut gaps);
            }
            _ => gaps.push(Gap {
                role: i.to_string(),
                context: render(Some((i, CLOZE_GAP))),
                answer: (*item).to_string(),
                open: None,
            }),
        }
    }
    gaps.retain(|gap| !gap.answer.is_empty() && !contains_token(&gap.context, &gap.answer));
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_source_line_is_the_line_str_lines_gives(
            text in "(a|b|\r|\n|\r\n| |가){0,40}",
            line in 0u32..45,
        ) {
            let doc = Document { file: "f.md", deck: "d", text: &text };
            let builder = DeckBuilder::new(Generator::Notes, doc, None);
            let expected = usize::try_from(line)
                .ok()
                .and_then(|l| l.checked_sub(1))
                .and_then(|i| text.lines().nth(i));
            proptest::prop_assert_eq!(builder.source_line(line), expected);
            // Asked again, from the index made by the first call.
            proptest::prop_assert_eq!(builder.source_line(line), expected);
        }
    }

    #[test]
    fn cards_in_batches_are_the_collected_cards_in_order() {
        for deck in crate::decks::BUILTIN {
            let text = deck.text;
            let doc = Document {
                file: "doc.md",
                deck: "deck",
                text,
            };
            let blocks = markdown::parse(text);
            let generator = detect_blocks(&blocks);
            let whole = generate_from_blocks(generator, doc, &blocks);
            let mut batches = Vec::new();
            let rest = generate_in_batches(generator, doc, &blocks, 7, &mut |b| batches.push(b));
            assert!(batches.len() > 1, "{}", deck.deck);
            assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= 7));
            assert!(batches[..batches.len() - 1].iter().all(|b| b.len() == 7));
            assert_eq!(batches.concat(), whole.cards, "{}", deck.deck);
            assert!(rest.cards.is_empty());
            assert_eq!(rest.facts, whole.facts);
            assert_eq!(rest.skipped, whole.skipped);
        }
    }

    #[test]
    fn list_gaps_hide_each_item_once_and_split_items_that_are_lists() {
        let items = [
            "시간 복잡도, 공간 복잡도, 상각 분석",
            "functools 모듈",
            "파셜 함수",
        ];
        let gaps = list_gaps(&items, " · ", false);
        let roles: Vec<&str> = gaps.iter().map(|g| g.role.as_str()).collect();
        assert_eq!(roles, vec!["0.0", "0.1", "0.2", "1", "2"]);
        assert_eq!(
            gaps[1].context,
            "시간 복잡도, [...], 상각 분석 · functools 모듈 · 파셜 함수"
        );
        assert_eq!(gaps[1].answer, "공간 복잡도");
        assert!(gaps.iter().all(|g| g.open.is_none()));
        assert_eq!(gaps[3].answer, "functools 모듈");
    }

    #[test]
    fn one_word_sets_are_not_split_pairs_are_and_heads_hide_before_their_examples() {
        let gaps = list_gaps(
            &["map, filter, reduce", "변수, 상수, 타입 시스템"],
            " · ",
            false,
        );
        let open: Vec<(&str, bool)> = gaps
            .iter()
            .map(|g| (g.answer.as_str(), g.open.is_some()))
            .collect();
        assert_eq!(
            open,
            vec![
                ("map", true),
                ("filter", true),
                ("reduce", true),
                ("변수", true),
                ("상수", true),
                ("타입 시스템", false)
            ]
        );
        let gaps = list_gaps(&["싱글톤, 팩토리", "aiohttp, aiofiles"], " · ", false);
        assert_eq!(gaps.len(), 3);
        assert_eq!(gaps[0].context, "[...], 팩토리 · aiohttp, aiofiles");
        assert_eq!(gaps[0].answer, "싱글톤");
        assert_eq!(gaps[2].answer, "aiohttp, aiofiles");
        let gaps = list_gaps(
            &["collections 모듈 (deque, Counter, defaultdict)", "정렬"],
            " · ",
            false,
        );
        assert_eq!(
            gaps[0].context,
            "[...] (deque, Counter, defaultdict) · 정렬"
        );
        assert_eq!(gaps[0].answer, "collections 모듈");
    }

    #[test]
    fn list_gaps_number_ordered_lists_and_drop_gaps_that_leak() {
        let gaps = list_gaps(&["개념 이해", "코드 작성", "리뷰"], " · ", true);
        assert_eq!(gaps[2].context, "1. 개념 이해 · 2. 코드 작성 · 3. [...]");
        // `테스트` is readable in the other items: no gap for it.
        let gaps = list_gaps(&["단위 테스트", "테스트", "통합 테스트"], ", ", false);
        let answers: Vec<&str> = gaps.iter().map(|g| g.answer.as_str()).collect();
        assert_eq!(answers, vec!["단위 테스트", "통합 테스트"]);
    }
}
