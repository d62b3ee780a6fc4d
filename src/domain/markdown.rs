//! A document as a flat list of blocks, read with pulldown-cmark.
//!
//! Generators walk these blocks instead of raw lines: inline markup
//! (`**`, backticks, escapes, `<br/>`) is already rendered to clean text, code
//! blocks are kept verbatim, and every block knows its line in the source.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::text::{tidy, tidy_owned};

mod parts;

/// Inline content rendered to text, with what the generators need to know
/// about its markup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// The visible text, markup removed; `<br>` and line breaks become `\n`.
    pub text: String,
    /// The contents of each inline code span, in order.
    pub code_spans: Vec<String>,
    /// A bold label that opens the text (`**기능**: …` → `기능`).
    pub label: Option<Box<str>>,
}

impl Inline {
    /// The text after a leading `label:`; `None` when the text has no such label.
    pub fn labelled_value(&self) -> Option<(&str, &str)> {
        let label = self.label.as_deref()?;
        let rest = self.text.strip_prefix(label)?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
        Some((label, value.trim()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: u32,
    },
    Paragraph {
        inline: Inline,
        line: u32,
    },
    /// A list item's own text (nested lists come as separate items).
    Item {
        depth: u8,
        ordered: bool,
        inline: Inline,
        line: u32,
    },
    Code {
        lang: String,
        code: String,
        line: u32,
    },
    Quote {
        text: String,
        line: u32,
    },
    Table {
        header: Vec<String>,
        rows: Vec<TableRow>,
        line: u32,
    },
    Rule {
        line: u32,
    },
}

impl Block {
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. }
            | Block::Paragraph { line, .. }
            | Block::Item { line, .. }
            | Block::Code { line, .. }
            | Block::Quote { line, .. }
            | Block::Table { line, .. }
            | Block::Rule { line } => *line,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub line: u32,
    /// Each cell split into its parts at `<br>`.
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading(u8),
    Paragraph,
    Item { depth: usize, ordered: bool },
    Quote,
    Cell,
}

struct Collector {
    kind: Kind,
    line: u32,
    inline: Inline,
    strong_start: Option<usize>,
    /// Inside emphasis that was really a Python name (`__dict__`): the
    /// restored name, written at the end of the emphasis instead of its text.
    restoring: Option<String>,
}

impl Collector {
    fn new(kind: Kind, line: u32) -> Self {
        Collector {
            kind,
            line,
            inline: Inline::default(),
            strong_start: None,
            restoring: None,
        }
    }
}

/// Dunder names that note-taking tools turn into bold or italic words
/// (`__dict__` → **dict**, `_init_` → *init*). Only these are restored from
/// `**name**`, where the asterisks leave no trace of the underscores.
const DUNDER_NAMES: &[&str] = &[
    "all",
    "annotations",
    "bool",
    "call",
    "class",
    "contains",
    "del",
    "delattr",
    "dict",
    "doc",
    "enter",
    "eq",
    "exit",
    "file",
    "getattr",
    "getattribute",
    "getitem",
    "hash",
    "init",
    "init_subclass",
    "iter",
    "len",
    "main",
    "module",
    "name",
    "new",
    "next",
    "post_init",
    "repr",
    "setattr",
    "setitem",
    "slots",
    "str",
    "weakref",
];

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// The Python name an emphasis span destroyed, judged from its raw source:
/// `__dict__` (strong made of underscores around an identifier) is always a
/// name; `_init_` and `**slots**` are when they wrap a known dunder name.
/// `None` for ordinary emphasis such as `**기능**`.
fn destroyed_name(raw: &str) -> Option<String> {
    if let Some(inner) = raw.strip_prefix("__").and_then(|r| r.strip_suffix("__")) {
        if is_identifier(inner) {
            return Some(format!("__{inner}__"));
        }
    }
    let inner = raw
        .strip_prefix("**")
        .and_then(|r| r.strip_suffix("**"))
        .or_else(|| raw.strip_prefix('_').and_then(|r| r.strip_suffix('_')))?;
    let inner = inner.trim_matches('_');
    DUNDER_NAMES
        .contains(&inner)
        .then(|| format!("__{inner}__"))
}

/// A document's lines: byte offsets to 1-based line numbers, and back.
pub(crate) struct Lines<'t> {
    text: &'t str,
    /// Where each line starts.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn line_of(&self, offset: usize) -> u32 {
        let index = self.starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The text of a line (1-based), as [`str::lines`] gives it: without
    /// its line ending.
    pub(crate) fn line(&self, line: u32) -> Option<&'t str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self
            .starts
            .get(index)
            .filter(|&&start| start < self.text.len())?;
        let end = self
            .starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.text.get(start..end)?;
        Some(match line.strip_suffix('\n') {
            Some(line) => line.strip_suffix('\r').unwrap_or(line),
            None => line,
        })
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_line_break_html(html: &str) -> bool {
    let lower = html.trim().to_ascii_lowercase();
    lower.starts_with("<br")
}

/// How many blank lines follow a line of text: about how many blocks a
/// document holds, so that their list is made once at its size instead of
/// grown to up to twice it (a block is 96 bytes; a 50,000-note document
/// has 100,000). Lists and tables hold more blocks or fewer than that, and
/// runs of blank lines count once.
fn paragraph_breaks(source: &str) -> usize {
    let bytes = source.as_bytes();
    memchr::memmem::find_iter(bytes, b"\n\n")
        .filter(|&at| {
            at.checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_some_and(|&b| b != b'\n')
        })
        .count()
}

/// Reads a markdown document into blocks.
pub fn parse(source: &str) -> Vec<Block> {
    parse_in_parts(source, PART_BYTES)
}

/// How large a part of a document is read at a time, at least (see
/// [`parts`]).
const PART_BYTES: usize = 256 * 1024;

/// After this many parts refused (see [`read_part`]), the rest of the
/// document is read whole: each refusal reads its part again.
const MAX_REFUSED_PARTS: usize = 8;

/// [`parse`], in parts of at least `part_bytes` where the document allows.
fn parse_in_parts(source: &str, part_bytes: usize) -> Vec<Block> {
    let lines = Lines::new(source);
    let mut blocks = Vec::with_capacity(paragraph_breaks(source).saturating_add(1));
    let mut start = front_matter_end(source);
    let mut rest = source.get(start..).unwrap_or_default();
    let mut splits = parts::Splits::new(source, start);
    let mut refused = 0;
    loop {
        let mut cut = None;
        let mut from = start.saturating_add(part_bytes);
        while refused < MAX_REFUSED_PARTS {
            let Some(at) = splits.next_from(from) else {
                break;
            };
            let Some((part, after)) = rest.split_at_checked(at - start) else {
                break;
            };
            let mark = blocks.len();
            if read_part(part, start, &lines, &mut blocks) {
                cut = Some((at, after));
                break;
            }
            blocks.truncate(mark);
            refused += 1;
            from = at + 1;
        }
        match cut {
            Some((at, after)) => {
                start = at;
                rest = after;
            }
            None => {
                read_part(rest, start, &lines, &mut blocks);
                break;
            }
        }
    }
    restore_heading_names(&mut blocks);
    blocks
}

/// Where YAML front matter at the top of a document ends; 0 without any.
/// It is `---` on the first line with text, a line with text under it, and
/// everything up to a line `---` or `...`. (pulldown-cmark's own metadata
/// blocks stay off: it starts one at any `---` line that has a closing line
/// anywhere below, and the sections between were lost.)
fn front_matter_end(source: &str) -> usize {
    let is_blank = |line: &str| line.trim().is_empty();
    let is_end = |line: &str| {
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        matches!(line.trim_end_matches(' '), "---" | "...")
    };
    let mut end = 0;
    let mut lines = source
        .split_inclusive('\n')
        .inspect(|line| end += line.len());
    let opens = lines
        .by_ref()
        .find(|line| !is_blank(line))
        .is_some_and(|line| line.trim_end_matches(|c: char| c.is_ascii_whitespace()) == "---");
    let has_text = lines
        .next()
        .is_some_and(|line| !is_blank(line) && !is_end(line));
    if opens && has_text && lines.any(is_end) {
        end
    } else {
        0
    }
}

/// Reads `source`, found at `offset` in the document, into `blocks`. False
/// when it ends in a code or HTML block: such a block may only have ended
/// because the part did, and would have gone on in the whole document.
fn read_part(source: &str, offset: usize, lines: &Lines<'_>, blocks: &mut Vec<Block>) -> bool {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut open: Option<Collector> = None;
    let mut list_stack: Vec<bool> = Vec::new();
    let mut quote_depth = 0usize;
    let mut code: Option<(String, String, u32)> = None;
    let mut table: Option<(Vec<String>, Vec<TableRow>, u32)> = None;
    let mut row: Vec<Vec<String>> = Vec::new();
    let mut row_line = 0u32;
    let mut in_head = false;

    let mut ends_open = false;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        // Only the events that open a block need their line.
        let line = || lines.line_of(offset + range.start);
        ends_open = matches!(event, Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock));
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some(Collector::new(Kind::Heading(heading_level(level)), line()));
            }
            Event::Start(Tag::Paragraph) => match open.as_mut() {
                Some(c) if matches!(c.kind, Kind::Item { .. }) => {
                    if !c.inline.text.is_empty() {
                        c.inline.text.push('\n');
                    }
                }
                _ => {
                    let kind = if quote_depth > 0 {
                        Kind::Quote
                    } else {
                        Kind::Paragraph
                    };
                    open = Some(Collector::new(kind, line()));
                }
            },
            Event::Start(Tag::List(start)) => {
                if let Some(c) = open.take() {
                    flush(c, blocks);
                }
                list_stack.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                list_stack.pop();
            }
            Event::Start(Tag::Item) => {
                let kind = Kind::Item {
                    depth: list_stack.len().saturating_sub(1),
                    ordered: list_stack.last().copied().unwrap_or(false),
                };
                open = Some(Collector::new(kind, line()));
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), line()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body, line)) = code.take() {
                    blocks.push(Block::Code {
                        lang,
                        code: body.trim_end_matches('\n').to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((Vec::new(), Vec::new(), line())),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                row.clear();
                row_line = line();
            }
            Event::Start(Tag::TableRow) => {
                row.clear();
                row_line = line();
            }
            Event::Start(Tag::TableCell) => open = Some(Collector::new(Kind::Cell, line())),
            Event::End(TagEnd::TableCell) => {
                if let Some(c) = open.take() {
                    let parts = c
                        .inline
                        .text
                        .split('\n')
                        .map(tidy)
                        .filter(|part| !part.is_empty())
                        .collect();
                    row.push(parts);
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some((header, rows, _)) = table.as_mut() {
                    if in_head {
                        *header = row.iter().map(|cell| cell.join(" ")).collect();
                    } else {
                        rows.push(TableRow {
                            line: row_line,
                            cells: std::mem::take(&mut row),
                        });
                    }
                }
                in_head = false;
            }
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, line)) = table.take() {
                    blocks.push(Block::Table { header, rows, line });
                }
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Item) => {
                if let Some(c) = open.take() {
                    flush(c, blocks);
                }
            }
            Event::End(TagEnd::Paragraph)
                if open
                    .as_ref()
                    .is_some_and(|c| !matches!(c.kind, Kind::Item { .. })) =>
            {
                if let Some(c) = open.take() {
                    flush(c, blocks);
                }
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                if let Some(c) = open.as_mut() {
                    if c.restoring.is_none() {
                        c.restoring = source.get(range.clone()).and_then(destroyed_name);
                    }
                    if c.restoring.is_none() && matches!(event, Event::Start(Tag::Strong)) {
                        c.strong_start = Some(c.inline.text.len());
                    }
                }
            }
            Event::End(TagEnd::Emphasis) => {
                if let Some(c) = open.as_mut() {
                    if let Some(name) = c.restoring.take() {
                        c.inline.text.push_str(&name);
                    }
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(c) = open.as_mut() {
                    if let Some(name) = c.restoring.take() {
                        c.inline.text.push_str(&name);
                    }
                    if let Some(start) = c.strong_start.take() {
                        if start == 0 && c.inline.label.is_none() {
                            c.inline.label = Some(c.inline.text.trim().into());
                        }
                    }
                }
            }
            Event::Text(text) => {
                if let Some((_, body, _)) = code.as_mut() {
                    body.push_str(&text);
                } else if let Some(c) = open.as_mut() {
                    if c.restoring.is_none() {
                        c.inline.text.push_str(&text);
                    }
                }
            }
            Event::Code(text) => {
                if let Some(c) = open.as_mut() {
                    c.inline.text.push_str(&text);
                    c.inline.code_spans.push(text.to_string());
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(c) = open.as_mut() {
                    c.inline.text.push('\n');
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(c) = open.as_mut() {
                    if is_line_break_html(&html) {
                        c.inline.text.push('\n');
                    }
                }
            }
            Event::Rule => blocks.push(Block::Rule { line: line() }),
            _ => {}
        }
    }
    if let Some(c) = open.take() {
        flush(c, blocks);
    }
    !ends_open
}

/// The `__name__` identifiers a text spells out in full.
fn dunders_in(text: &str, found: &mut Vec<String>) {
    // Most text has no underscore at all, let alone a dunder.
    if !text.contains('_') {
        return;
    }
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if let Some(inner) = word.strip_prefix("__").and_then(|w| w.strip_suffix("__")) {
            if is_identifier(inner) && !found.iter().any(|f| f == inner) {
                found.push(inner.to_string());
            }
        }
    }
}

/// Headings lose a name's underscores without any markup left to see
/// (`# slots(메모리 최적화)` over notes about `__slots__`). A heading word is
/// restored only when the same document spells that dunder out in full, so
/// an ordinary word such as `name` in a heading stays as written.
fn restore_heading_names(blocks: &mut [Block]) {
    let mut names = Vec::new();
    for block in blocks.iter() {
        match block {
            Block::Code { code, .. } => dunders_in(code, &mut names),
            Block::Paragraph { inline, .. } | Block::Item { inline, .. } => {
                dunders_in(&inline.text, &mut names)
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return;
    }
    for block in blocks.iter_mut() {
        if let Block::Heading { text, .. } = block {
            *text = restore_bare_names(text, &names);
        }
    }
}

/// Rewrites every whole ASCII word of `text` that is one of `names` as
/// `__word__`.
fn restore_bare_names(text: &str, names: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush_word = |word: &mut String, out: &mut String| {
        if names.iter().any(|n| n == word.as_str()) {
            out.push_str("__");
            out.push_str(word);
            out.push_str("__");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            out.push(c);
        }
    }
    flush_word(&mut word, &mut out);
    out
}

fn flush(collector: Collector, blocks: &mut Vec<Block>) {
    let Collector {
        kind, line, inline, ..
    } = collector;
    let inline = Inline {
        text: tidy_owned(inline.text),
        code_spans: inline.code_spans,
        label: inline
            .label
            .map(|label| tidy_owned(label.into()))
            .filter(|l| !l.is_empty())
            .map(String::into_boxed_str),
    };
    match kind {
        Kind::Heading(level) => blocks.push(Block::Heading {
            level,
            text: inline.text,
            line,
        }),
        Kind::Paragraph => {
            if !inline.text.is_empty() {
                blocks.push(Block::Paragraph { inline, line });
            }
        }
        Kind::Item { depth, ordered } => {
            if !inline.text.is_empty() {
                blocks.push(Block::Item {
                    // Deeper lists than this are read as this deep.
                    depth: u8::try_from(depth).unwrap_or(u8::MAX),
                    ordered,
                    inline,
                    line,
                });
            }
        }
        Kind::Quote => {
            if !inline.text.is_empty() {
                blocks.push(Block::Quote {
                    text: inline.text,
                    line,
                });
            }
        }
        Kind::Cell => {}
    }
}

/// A heading and the blocks under it, up to the next heading of any level.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub level: u8,
    pub title: &'a str,
    pub line: u32,
    pub body: &'a [Block],
}

/// Splits blocks into sections at every heading and thematic break. Blocks
/// before the first heading or after a break form a section of level 0 with
/// an empty title.
pub fn sections(blocks: &[Block]) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = Section {
        level: 0,
        title: "",
        line: 1,
        body: &[],
    };
    for (i, block) in blocks.iter().enumerate() {
        let next = match block {
            Block::Heading { level, text, line } => Section {
                level: *level,
                title: text,
                line: *line,
                body: &[],
            },
            // A thematic break ends the section: what follows it is not
            // under the heading before it.
            Block::Rule { line } => Section {
                level: 0,
                title: "",
                line: *line,
                body: &[],
            },
            _ => continue,
        };
        current.body = blocks.get(start..i).unwrap_or_default();
        out.push(current);
        current = next;
        start = i + 1;
    }
    current.body = blocks.get(start..).unwrap_or_default();
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read in parts at every place allowed, and whole.
    fn parts_and_whole(doc: &str) -> (Vec<Block>, Vec<Block>) {
        (parse_in_parts(doc, 0), parse_in_parts(doc, usize::MAX))
    }

    #[test]
    fn the_built_in_documents_read_the_same_in_parts() {
        for deck in &crate::decks::BUILTIN {
            let (parts, whole) = parts_and_whole(deck.text);
            assert_eq!(parts, whole, "{}", deck.deck);
            // Also every deck split wherever a heading follows a blank line.
            assert!(parts.len() > 10);
        }
    }

    #[test]
    fn what_a_part_cannot_end_in_is_read_again_with_more() {
        for doc in [
            // A comment in code after a blank line; a fence the line-by-line
            // look takes for a top-level one, inside a list item.
            "# A\n\n```py\nx = 1\n\n# comment\n```\n\n# B\n\ntext\n",
            "- item\n\n   ```\n   code\n```\n\n# in code\n\ntext\n\n```\n\n# C\n",
            "# A\n\n<!--\ntext\n\n# inside a comment\n-->\n\n# B\n",
            "# A\n\n<pre>\ntext\n\n# inside pre\n</pre>\n\n# B\n",
            "# A\n\n~~~~\n~~~\n\n# still code\n~~~~\n\n# B\n",
            "# A\n\n> quote\n> ```\n> code\n\n# B\n\ntext\n",
            "---\ntitle: x\n\n# yaml\n---\n\ntext\n\n# B\n",
            "text [x]\n\n# A\n\n[x]: /url\n",
            "# A\r\n\r\ntext\r\n\r\n# B\r\n\r\n    indented\r\n\r\n# C\r\n",
        ] {
            let (parts, whole) = parts_and_whole(doc);
            assert_eq!(parts, whole, "{doc:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn any_document_reads_the_same_in_parts(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "# H\n", "## 제목\n", "#tag\n", "\n", "\n", "\n", "text\n", "**기능**: 값\n",
                "```\n", "```py\n", "~~~\n", "````\n", "   ```\n", "    code\n",
                "- item\n", "  - nested\n", "1. one\n", "> quote\n", "> ```\n",
                "<!--\n", "-->\n", "<div>\n", "</div>\n", "<pre>\n", "</pre>\n",
                "| a | b |\n", "|---|---|\n", "---\n", "...\n", "[x]: /u\n", "[x]\n",
                "`a`\n", "__dict__\n", "Title\n", "===\n", "\r\n",
            ]), 0..40)
        ) {
            let doc = pieces.concat();
            let (parts, whole) = parts_and_whole(&doc);
            proptest::prop_assert_eq!(parts, whole, "{:?}", doc);
        }
    }

    #[test]
    fn blocks_are_counted_ahead_by_their_blank_lines() {
        let notes = "## 항목 0\n\n설명 0: 값을 반환한다\n\n## 항목 1\n\n설명 1\n\n";
        assert_eq!(paragraph_breaks(notes), parse(notes).len());
        // A run of blank lines is one break; blank lines alone are none.
        assert_eq!(paragraph_breaks("a\n\n\n\n\nb\n\nc"), 2);
        assert_eq!(paragraph_breaks(&"\n".repeat(10_000)), 0);
        assert_eq!(paragraph_breaks(""), 0);
    }

    #[test]
    fn labels_code_spans_and_lines() {
        let blocks = parse("# T\n\n- **기능**: JSON `json.dumps()`\n- plain\n");
        assert_eq!(blocks.len(), 3);
        let Block::Item { inline, line, .. } = &blocks[1] else {
            panic!("not an item: {:?}", blocks[1]);
        };
        assert_eq!(*line, 3);
        assert_eq!(inline.labelled_value(), Some(("기능", "JSON json.dumps()")));
        assert_eq!(inline.code_spans, vec!["json.dumps()"]);
    }

    #[test]
    fn table_cells_split_at_br_and_escapes_render() {
        let doc = "| a | b |\n| - | - |\n| x | - one<br/>- \\_\\_slots\\_\\_ |\n";
        let blocks = parse(doc);
        let Block::Table { header, rows, .. } = &blocks[0] else {
            panic!("not a table");
        };
        assert_eq!(header, &vec!["a".to_string(), "b".to_string()]);
        assert_eq!(rows[0].cells[1], vec!["- one", "- __slots__"]);
        assert_eq!(rows[0].line, 3);
    }

    #[test]
    fn python_names_destroyed_by_emphasis_are_restored() {
        let inline = |doc: &str| match parse(doc).into_iter().next() {
            Some(Block::Paragraph { inline, .. }) => inline,
            other => panic!("not a paragraph: {other:?}"),
        };
        // Underscores around an identifier are a name, not bold.
        assert_eq!(inline("__dict__미사용").text, "__dict__미사용");
        assert_eq!(inline("a __my_attr__ b").text, "a __my_attr__ b");
        // Bold or italic that wrapped a known dunder name.
        let restored = inline("**dict**미사용 -> 메모리 절감");
        assert_eq!(restored.text, "__dict__미사용 -> 메모리 절감");
        assert_eq!(restored.label, None, "a restored name is not a label");
        assert_eq!(
            inline("반드시 Thread._init_()을 수행").text,
            "반드시 Thread.__init__()을 수행"
        );
        assert_eq!(
            inline("**slots**를 사용한 클래스:").text,
            "__slots__를 사용한 클래스:"
        );
        // Ordinary emphasis stays ordinary.
        let label = inline("**기능**: JSON");
        assert_eq!(label.text, "기능: JSON");
        assert_eq!(label.label.as_deref(), Some("기능"));
        assert_eq!(inline("**bold** and _it_").text, "bold and it");
    }

    #[test]
    fn heading_words_are_restored_only_when_the_document_spells_the_name() {
        let doc = "# slots(메모리 최적화)\n\n```python\n__slots__ = ('x',)\n```\n\n## name slot\n";
        let headings: Vec<String> = parse(doc)
            .into_iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(headings, vec!["__slots__(메모리 최적화)", "name slot"]);
        let without = parse("# slots(메모리 최적화)\n\n메모리\n");
        assert!(
            matches!(&without[0], Block::Heading { text, .. } if text == "slots(메모리 최적화)")
        );
    }

    #[test]
    fn a_rule_before_a_heading_hides_nothing() {
        // Not front matter: the section between two rules is read.
        let blocks = parse("# A\n\n---\n## X\n\ntext\n\n---\n## Y\n");
        let headings: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["A", "X", "Y"]);
        // Front matter: only at the top, closed, with text under `---`.
        assert_eq!(front_matter_end("---\ntitle: x\n...\ntext\n"), 17);
        assert_eq!(front_matter_end("\n---\ntitle: x\n---  \n"), 20);
        assert_eq!(front_matter_end("---\n\ntitle: x\n---\n"), 0);
        assert_eq!(front_matter_end("---\ntitle: x\n"), 0);
        assert_eq!(front_matter_end("text\n---\ntitle: x\n---\n"), 0);
        assert_eq!(front_matter_end(""), 0);
    }

    #[test]
    fn front_matter_is_skipped_and_code_is_verbatim() {
        let doc = "---\ntitle: x\n---\n\n```python\ndef f():\n    return  1\n```\n";
        let blocks = parse(doc);
        assert_eq!(
            blocks,
            vec![Block::Code {
                lang: "python".into(),
                code: "def f():\n    return  1".into(),
                line: 5
            }]
        );
    }
}
