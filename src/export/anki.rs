//! Anki CSV ("Notes in Plain Text" read by Anki's importer), HTML mode.
//!
//! The header fixes everything Anki would otherwise guess; the card id is
//! the GUID, so importing a newer export updates notes instead of adding
//! copies. See the format notes in the README.
//!
//! One file mixes note types, so each row names its own (a notetype
//! column): a cloze card with its single gap goes to Anki's built-in
//! `Cloze` (the gap becomes `{{c1::answer}}` in its Text field, Back Extra
//! empty), every other card to `Basic` (code as `<pre><code>`). Either way
//! one recall card is one note with exactly one Anki card.

use std::io::{self, Write};

use crate::domain::card::{CLOZE_GAP, CardKind, Segment, answer_segments, split_gap};
use crate::domain::display::{has_unsafe, has_unsafe_multibyte, strip};

/// One note of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNote<'a> {
    pub guid: &'a str,
    pub deck: &'a str,
    pub kind: CardKind,
    pub front: &'a str,
    pub back: &'a str,
    pub tags: &'a [String],
}

const HEADER: &str = "#separator:Comma\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n#if matches:update current\n";

/// Anki's built-in note types (present in every collection, by these names).
pub const BASIC: &str = "Basic";
pub const CLOZE: &str = "Cloze";

/// Escapes text for an HTML field into `out`: `& < >` as entities, line
/// breaks as `<br>`.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            other => out.push(other),
        }
    }
}

/// A card's text as an Anki HTML field; code blocks become `<pre><code>`.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    html_into(text, &mut out);
    out
}

fn html_into(text: &str, out: &mut String) {
    // Control characters and escape sequences would reach whoever opens
    // the file in a terminal, or Anki's fields: they never leave recall.
    let text = strip(text);
    for (i, segment) in answer_segments(&text).into_iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        match segment {
            Segment::Text(t) => escape_into(t, out),
            Segment::Code { code, .. } => {
                out.push_str("<pre><code>");
                escape_into(code, out);
                out.push_str("</code></pre>");
            }
        }
    }
}

/// Escapes the text inside a cloze: also `{`, `}` and `:`, which would
/// otherwise end the deletion or start a hint (`{{c1::a::hint}}`).
fn escape_cloze_into(text: &str, out: &mut String) {
    let mut escaped = String::with_capacity(text.len());
    html_into(text, &mut escaped);
    for c in escaped.chars() {
        match c {
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            ':' => out.push_str("&#58;"),
            other => out.push(other),
        }
    }
}

/// Stands for the gap while the question is made HTML (a Unicode
/// noncharacter: card text never holds one, and escaping leaves it alone).
const GAP_MARK: char = '\u{FDD2}';

/// A cloze card's Text field: the context with `{{c1::answer}}` in its
/// gap, or `None` when the question has no single gap (it is then a Basic
/// note, still one card).
pub fn cloze_text(question: &str, answer: &str) -> Option<String> {
    split_gap(question)?;
    let marked = question
        .replace(GAP_MARK, "")
        .replacen(CLOZE_GAP, &GAP_MARK.to_string(), 1);
    let mut context = String::with_capacity(marked.len() + 16);
    html_into(&marked, &mut context);
    // Braces in the context would read as another deletion.
    let context = context.replace('{', "&#123;").replace('}', "&#125;");
    let (before, after) = context.split_once(GAP_MARK)?;
    let mut out = String::with_capacity(context.len() + answer.len() + 16);
    out.push_str(before);
    out.push_str("{{c1::");
    escape_cloze_into(answer, &mut out);
    out.push_str("}}");
    out.push_str(after);
    Some(out)
}

/// What a byte of card text may need on its way into a CSV field, as bits
/// (see [`CLASS`]); [`classify`] ORs them over a whole text. Each byte that
/// is ever escaped has a bit of its own, so that the bits of a text also
/// say which of them it holds (see [`escape_bytes`]).
mod class {
    /// `"`: the field is quoted, and the quote doubled in it.
    pub const DQUOTE: u16 = 1;
    /// `,`: the field is quoted.
    pub const COMMA: u16 = 1 << 1;
    /// `#` (a row starting with `#` is a comment to Anki; the csv crate, as
    /// Anki configures it, quotes a `#` anywhere): the field is quoted.
    pub const HASH: u16 = 1 << 2;
    /// `\n`: the field is quoted where it is kept; `<br>` in an HTML field.
    pub const NL: u16 = 1 << 3;
    /// `\r`: the field is quoted (where it is kept).
    pub const CR: u16 = 1 << 4;
    /// `&`, `<`, `>`: entities in an HTML field.
    pub const AMP: u16 = 1 << 5;
    pub const LT: u16 = 1 << 6;
    pub const GT: u16 = 1 << 7;
    /// `{` and `}`: entities inside a cloze's Text field.
    pub const OPEN_BRACE: u16 = 1 << 8;
    pub const CLOSE_BRACE: u16 = 1 << 9;
    /// `:`: an entity inside the cloze deletion.
    pub const COLON: u16 = 1 << 10;
    /// A control byte (but `\n` and `\t`): [`strip`](super::strip) has work.
    pub const CONTROL: u16 = 1 << 11;
    /// The lead byte of a C1 control, a bidirectional control or a line
    /// separator (`C2`, `D8`, `E2`), which [`strip`](super::strip) removes
    /// (see [`has_unsafe`](super::has_unsafe)), or of other characters.
    pub const LEAD: u16 = 1 << 12;
    /// A backtick: a code fence, maybe.
    pub const TICK: u16 = 1 << 13;
    /// The lead byte of the gap mark (`EF`), or of other characters.
    pub const MARK: u16 = 1 << 14;

    /// What quotes a field, besides `"`.
    pub const QUOTE: u16 = COMMA | HASH;
    /// Line breaks: the field is quoted (where they are kept).
    pub const LINE: u16 = NL | CR;
    /// What an HTML field escapes.
    pub const HTML: u16 = AMP | LT | GT | NL;
    /// Braces.
    pub const BRACE: u16 = OPEN_BRACE | CLOSE_BRACE;
}

use class::{
    AMP, BRACE, CLOSE_BRACE, COLON, CONTROL, CR, DQUOTE, GT, HTML, LEAD, LINE, LT, MARK, NL,
    OPEN_BRACE, QUOTE, TICK,
};

/// The [`class`] bits of every byte.
static CLASS: [u16; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = CONTROL;
        b += 1;
    }
    table[0x7F] = CONTROL;
    table[b'\t' as usize] = 0;
    table[b'\n' as usize] = NL;
    table[b'\r' as usize] = CR | CONTROL;
    table[b'"' as usize] = DQUOTE;
    table[b',' as usize] = class::COMMA;
    table[b'#' as usize] = class::HASH;
    table[b'&' as usize] = AMP;
    table[b'<' as usize] = LT;
    table[b'>' as usize] = GT;
    table[b'{' as usize] = OPEN_BRACE;
    table[b'}' as usize] = CLOSE_BRACE;
    table[b':' as usize] = COLON;
    table[b'`' as usize] = TICK;
    table[0xC2] = LEAD;
    table[0xD8] = LEAD;
    table[0xE2] = LEAD;
    table[0xEF] = MARK;
    table
};

fn class_of(b: u8) -> u16 {
    CLASS[usize::from(b)]
}

/// The [`class`] bits of all of `text`'s bytes.
fn classify(text: &str) -> u16 {
    text.bytes().fold(0, |bits, b| bits | class_of(b))
}

/// Whether making `text` (of [`classify`] `bits`) an HTML field only trims
/// line breaks and escapes bytes: nothing for [`strip`], no code fence, no
/// gap mark.
fn plain(text: &str, bits: u16) -> bool {
    bits & CONTROL == 0
        && (bits & LEAD == 0 || !has_unsafe_multibyte(text))
        && (bits & TICK == 0 || !(text.starts_with("```") || text.contains("\n```")))
        && (bits & MARK == 0 || !text.contains(GAP_MARK))
}

/// Whether `tags` (of [`classify`] `bits`) is written as it is: nothing
/// for [`strip`], and single spaces between the tags the only whitespace
/// (no tab or line break, none of the Unicode spaces, which start with
/// `C2`, `E1`, `E2` or `E3`).
fn tags_as_they_are(tags: &str, bits: u16) -> bool {
    bits & (CONTROL | LEAD | LINE) == 0
        && !tags.bytes().any(|b| matches!(b, b'\t' | 0xE1 | 0xE3))
        && !tags.starts_with(' ')
        && !tags.ends_with(' ')
        // Two spaces in a row, byte by byte: a substring search sets up
        // more than a few bytes of tags take to read (a tenth of the
        // writer's work when it did).
        && !tags.as_bytes().windows(2).any(|pair| pair == b"  ")
}

/// The bytes [`escape_bytes`] replaces, each with its [`class`] bit and
/// what it becomes.
const ESCAPES: [(u16, u8, &[u8]); 8] = [
    (DQUOTE, b'"', b"\"\""),
    (NL, b'\n', b"<br>"),
    (AMP, b'&', b"&amp;"),
    (LT, b'<', b"&lt;"),
    (GT, b'>', b"&gt;"),
    (OPEN_BRACE, b'{', b"&#123;"),
    (CLOSE_BRACE, b'}', b"&#125;"),
    (COLON, b':', b"&#58;"),
];

/// The class bits of all of [`ESCAPES`].
const ESCAPED: u16 = {
    let mut bits = 0;
    let mut i = 0;
    while i < ESCAPES.len() {
        bits |= ESCAPES[i].0;
        i += 1;
    }
    bits
};

/// What `b` becomes when escaped (itself if it is not one of [`ESCAPES`]).
fn escaped(b: &u8) -> &[u8] {
    ESCAPES
        .iter()
        .find(|(_, byte, _)| byte == b)
        .map_or(std::slice::from_ref(b), |(_, _, with)| with)
}

/// Appends `text` to `out` with every byte whose class is in `replace`
/// escaped; `bits` is `text`'s [`classify`], so that text with nothing to
/// escape is copied whole, and text with one to three of the bytes to
/// escape is searched for them with `memchr` (a few bytes at a time)
/// instead of byte by byte.
fn escape_bytes(out: &mut Vec<u8>, text: &str, bits: u16, replace: u16) {
    let bytes = text.as_bytes();
    let present = bits & replace;
    if present == 0 {
        out.extend_from_slice(bytes);
        return;
    }
    let mut needles = [0u8; 3];
    let mut found = 0;
    for (bit, byte, _) in ESCAPES {
        if present & bit != 0 {
            if let Some(slot) = needles.get_mut(found) {
                *slot = byte;
            }
            found += 1;
        }
    }
    let [a, b, c] = needles;
    // A class outside ESCAPES (none is asked for today) is found by class.
    match (present & !ESCAPED == 0, found) {
        (true, 1) => escape_where(out, bytes, memchr::memchr_iter(a, bytes)),
        (true, 2) => escape_where(out, bytes, memchr::memchr2_iter(a, b, bytes)),
        (true, 3) => escape_where(out, bytes, memchr::memchr3_iter(a, b, c, bytes)),
        _ => escape_where(out, bytes, by_class(bytes, replace)),
    }
}

/// Where the bytes whose class is in `replace` are, one by one.
fn by_class(bytes: &[u8], replace: u16) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(move |(_, b)| class_of(**b) & replace != 0)
        .map(|(at, _)| at)
}

/// Appends `bytes` with the bytes at `positions` (in order) escaped.
fn escape_where(out: &mut Vec<u8>, bytes: &[u8], positions: impl Iterator<Item = usize>) {
    let mut start = 0;
    for at in positions {
        out.extend_from_slice(bytes.get(start..at).unwrap_or_default());
        if let Some(b) = bytes.get(at) {
            out.extend_from_slice(escaped(b));
        }
        start = at + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// Appends `text` as a CSV field, as the csv crate writes it for Anki:
/// quoted when it holds `"`, `,`, `#` or a line break, with `"` doubled.
fn csv_field(out: &mut Vec<u8>, text: &str) {
    csv_field_of(out, text, classify(text));
}

/// [`csv_field`] of `text`, whose [`classify`] is `bits`.
fn csv_field_of(out: &mut Vec<u8>, text: &str, bits: u16) {
    if bits & (DQUOTE | QUOTE | LINE) == 0 {
        out.extend_from_slice(text.as_bytes());
    } else {
        out.push(b'"');
        escape_bytes(out, text, bits, DQUOTE);
        out.push(b'"');
    }
}

/// [`csv_field`] of [`strip`] of `text`.
fn stripped_field(out: &mut Vec<u8>, text: &str) {
    let bits = classify(text);
    if bits & (CONTROL | LEAD) != 0 && has_unsafe(text) {
        csv_field(out, &strip(text));
    } else {
        csv_field_of(out, text, bits);
    }
}

/// Appends plain text (see [`plain`]) as a quoted or unquoted HTML field:
/// the same bytes as [`csv_field`] of [`to_html`], without either's copies.
fn html_field(out: &mut Vec<u8>, text: &str, bits: u16) {
    // Line breaks become `<br>`, so only these need quotes.
    if bits & (DQUOTE | QUOTE) == 0 {
        escape_bytes(out, text.trim_matches('\n'), bits, HTML);
    } else {
        out.push(b'"');
        escape_bytes(out, text.trim_matches('\n'), bits, HTML | DQUOTE);
        out.push(b'"');
    }
}

/// Appends the Text field of a cloze note whose question (`bits` its
/// [`classify`]) is split at its gap into `before` and `after` and whose
/// answer is `answer` (`answer_bits`), both plain: the same bytes as
/// [`csv_field`] of [`cloze_text`].
fn cloze_field(
    out: &mut Vec<u8>,
    (before, after): (&str, &str),
    bits: u16,
    answer: &str,
    answer_bits: u16,
) {
    // Braces become `&#123;`/`&#125;` and a colon in the answer `&#58;`,
    // which hold a `#`.
    let quoted = (bits | answer_bits) & (DQUOTE | QUOTE | BRACE) != 0 || answer_bits & COLON != 0;
    let dquote = if quoted { DQUOTE } else { 0 };
    if quoted {
        out.push(b'"');
    }
    // The question is trimmed as a whole: at its start and at its end.
    escape_bytes(
        out,
        before.trim_start_matches('\n'),
        bits,
        HTML | BRACE | dquote,
    );
    out.extend_from_slice(b"{{c1::");
    escape_bytes(
        out,
        answer.trim_matches('\n'),
        answer_bits,
        HTML | BRACE | COLON | dquote,
    );
    out.extend_from_slice(b"}}");
    escape_bytes(
        out,
        after.trim_end_matches('\n'),
        bits,
        HTML | BRACE | dquote,
    );
    if quoted {
        out.push(b'"');
    }
}

/// How much of the export is gathered before it is written out.
const CHUNK: usize = 256 * 1024;

/// Writes the header, then one note at a time.
///
/// Rows are built in a buffer of its own and written in large chunks. Most
/// notes take a byte-level path (the text is classified once, clean runs
/// are copied whole); a note with anything for [`strip`], a code fence or
/// the gap mark is made through [`to_html`] and [`cloze_text`] instead.
/// Both give the same bytes, as the csv crate configured like Anki's
/// exporter would (see the tests).
pub struct AnkiWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// For the notes that take the slow path, and the tags.
    front: String,
    back: String,
    tags: String,
}

impl<W: Write> AnkiWriter<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(HEADER.as_bytes())?;
        Ok(AnkiWriter {
            out,
            buf: Vec::with_capacity(CHUNK + CHUNK / 4),
            front: String::new(),
            back: String::new(),
            tags: String::new(),
        })
    }

    /// `tags` is space-separated; a tag never holds whitespace, so Anki
    /// splits it back into the same tags.
    pub fn note(
        &mut self,
        guid: &str,
        deck: &str,
        kind: CardKind,
        front: &str,
        back: &str,
        tags: &str,
    ) -> io::Result<()> {
        let (front_bits, back_bits) = (classify(front), classify(back));
        // Plain text is escaped straight into the row; anything else is
        // made into the fields' text first, by to_html and cloze_text.
        let fast = plain(front, front_bits) && plain(back, back_bits);
        let gap = match kind {
            CardKind::Cloze if fast => split_gap(front),
            _ => None,
        };
        let notetype = match (fast, gap) {
            (true, Some(_)) => CLOZE,
            (true, None) => BASIC,
            (false, _) => self.make_fields(kind, front, back),
        };
        let buf = &mut self.buf;
        stripped_field(buf, guid);
        buf.push(b',');
        buf.extend_from_slice(notetype.as_bytes());
        buf.push(b',');
        stripped_field(buf, deck);
        buf.push(b',');
        match (fast, gap) {
            (true, Some(gap)) => {
                cloze_field(buf, gap, front_bits, back, back_bits);
                // Back Extra stays empty: the answer is in the Text field.
                buf.push(b',');
            }
            (true, None) => {
                html_field(buf, front, front_bits);
                buf.push(b',');
                html_field(buf, back, back_bits);
            }
            (false, _) => {
                csv_field(buf, &self.front);
                buf.push(b',');
                csv_field(buf, &self.back);
            }
        }
        buf.push(b',');
        self.tags_field(tags);
        self.buf.push(b'\n');
        if self.buf.len() >= CHUNK {
            self.write_out()?;
        }
        Ok(())
    }

    /// Makes the note's fields into `front` and `back` through [`to_html`]
    /// and [`cloze_text`]; returns its note type.
    fn make_fields(&mut self, kind: CardKind, front: &str, back: &str) -> &'static str {
        self.front.clear();
        self.back.clear();
        let cloze = match kind {
            CardKind::Cloze => cloze_text(front, back),
            _ => None,
        };
        match cloze {
            Some(text) => {
                // Back Extra stays empty: the answer is in the Text field.
                self.front.push_str(&text);
                CLOZE
            }
            None => {
                html_into(front, &mut self.front);
                html_into(back, &mut self.back);
                BASIC
            }
        }
    }

    /// Appends the tags field: the tags separated by single spaces.
    fn tags_field(&mut self, tags: &str) {
        let bits = classify(tags);
        if tags_as_they_are(tags, bits) {
            csv_field_of(&mut self.buf, tags, bits);
            return;
        }
        self.tags.clear();
        for (i, tag) in strip(tags).split_whitespace().enumerate() {
            if i > 0 {
                self.tags.push(' ');
            }
            self.tags.push_str(tag);
        }
        csv_field(&mut self.buf, &self.tags);
    }

    fn write_out(&mut self) -> io::Result<()> {
        // Cleared first: a failed write is not repeated when dropped.
        let result = self.out.write_all(&self.buf);
        self.buf.clear();
        result
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.write_out()?;
        self.out.flush()
    }
}

/// The rows written so far are written out when the export stops early
/// (an error reading the database), as the csv crate's writer did.
impl<W: Write> Drop for AnkiWriter<W> {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            let _ = self.write_out();
        }
    }
}

pub fn write<W: Write>(notes: &[AnkiNote<'_>], out: W) -> io::Result<()> {
    let mut writer = AnkiWriter::new(out)?;
    for note in notes {
        let tags: Vec<String> = note.tags.iter().map(|t| clean_tag(t)).collect();
        writer.note(
            note.guid,
            note.deck,
            note.kind,
            note.front,
            note.back,
            &tags.join(" "),
        )?;
    }
    writer.finish()
}

/// A tag as Anki stores it: no whitespace inside.
fn clean_tag(tag: &str) -> String {
    tag.split_whitespace().collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(front: &str, back: &str) -> String {
        export_kind(CardKind::Basic, front, back)
    }

    fn export_kind(kind: CardKind, front: &str, back: &str) -> String {
        let tags = vec!["a b".to_string(), "태그".to_string()];
        let notes = [AnkiNote {
            guid: "g1",
            deck: "d::e",
            kind,
            front,
            back,
            tags: &tags,
        }];
        let mut buf = Vec::new();
        write(&notes, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn header_comes_first_and_is_unquoted() {
        let text = export("q", "a");
        assert!(text.starts_with("#separator:Comma\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"));
        assert!(text.ends_with("g1,Basic,d::e,q,a,a_b 태그\n"), "{text}");
        assert!(!text.contains("#columns") && !text.contains("#notetype:"));
    }

    #[test]
    fn quoting_and_escaping() {
        let text = export("#include <x> & y", "a, \"b\"\nc");
        let body = text.lines().last().unwrap();
        assert_eq!(
            body,
            "g1,Basic,d::e,\"#include &lt;x&gt; &amp; y\",\"a, \"\"b\"\"<br>c\",a_b 태그"
        );
    }

    #[test]
    fn a_cloze_becomes_a_cloze_note_with_one_deletion() {
        let text = export_kind(CardKind::Cloze, "map · [...] · 클로저", "functools 모듈");
        let body = text.lines().last().unwrap();
        assert_eq!(
            body,
            "g1,Cloze,d::e,map · {{c1::functools 모듈}} · 클로저,,a_b 태그"
        );
    }

    #[test]
    fn cloze_text_cannot_end_early_or_make_a_second_card() {
        assert_eq!(
            cloze_text("{{c2::x}} < [...]", "a::b}} & c").unwrap(),
            "&#123;&#123;c2::x&#125;&#125; &lt; {{c1::a&#58;&#58;b&#125;&#125; &amp; c}}"
        );
        // Without exactly one gap it stays a Basic note.
        assert_eq!(cloze_text("no gap", "a"), None);
        assert_eq!(cloze_text("[...] [...]", "a"), None);
        // Line breaks around the gap stay where they were.
        assert_eq!(
            cloze_text("목록:\n• a\n• [...]\n• c", "b").unwrap(),
            "목록:<br>• a<br>• {{c1::b}}<br>• c"
        );
        let text = export_kind(CardKind::Cloze, "[...] and [...]", "a");
        assert!(
            text.ends_with("g1,Basic,d::e,[...] and [...],a,a_b 태그\n"),
            "{text}"
        );
    }

    #[test]
    fn code_stays_basic_with_the_snippet_as_pre() {
        let front = "무엇이 나는가?\n```python\nopt.z = 3  # [...]\n```";
        let text = export_kind(CardKind::Code, front, "AttributeError");
        assert!(
            text.ends_with("g1,Basic,d::e,\"무엇이 나는가?<br><pre><code>opt.z = 3  # [...]</code></pre>\",AttributeError,a_b 태그\n"),
            "{text}"
        );
    }

    #[test]
    fn escape_sequences_and_controls_never_reach_the_file() {
        let text = export("q\x1b]0;title\x07\u{202E}", "\x1b[2Ja\x07\u{9b}31mb");
        let body = text.lines().last().unwrap();
        assert_eq!(body, "g1,Basic,d::e,q,ab,a_b 태그");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn code_blocks_become_pre() {
        let html = to_html("설명\n```python\nif a < b:\n    pass\n```");
        assert_eq!(
            html,
            "설명<br><pre><code>if a &lt; b:<br>    pass</code></pre>"
        );
    }

    /// The writer as it was before the byte-level path: every note through
    /// [`to_html`] / [`cloze_text`] and the csv crate, configured as Anki's
    /// exporter configures it.
    fn reference(notes: &[(&str, &str, CardKind, &str, &str, &str)]) -> Vec<u8> {
        let mut out = HEADER.as_bytes().to_vec();
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .quote_style(csv::QuoteStyle::Necessary)
            .comment(Some(b'#'))
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(&mut out);
        for &(guid, deck, kind, front, back, tags) in notes {
            let cloze = match kind {
                CardKind::Cloze => cloze_text(front, back),
                _ => None,
            };
            let (notetype, front, back) = match cloze {
                Some(text) => (CLOZE, text, String::new()),
                None => (BASIC, to_html(front), to_html(back)),
            };
            let tags = strip(tags).split_whitespace().collect::<Vec<_>>().join(" ");
            csv.write_record([&*strip(guid), notetype, &*strip(deck), &front, &back, &tags])
                .unwrap();
        }
        csv.flush().unwrap();
        drop(csv);
        out
    }

    fn written(notes: &[(&str, &str, CardKind, &str, &str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut writer = AnkiWriter::new(&mut out).unwrap();
        for &(guid, deck, kind, front, back, tags) in notes {
            writer.note(guid, deck, kind, front, back, tags).unwrap();
        }
        writer.finish().unwrap();
        out
    }

    /// Card text made of the pieces each path treats specially: what the
    /// byte-level path escapes (quotes, entities, braces, colons, line
    /// breaks, characters sharing a lead byte with a control), more rarely
    /// what sends a note to the slow path (controls, escape sequences, bidi
    /// controls, fences, the gap mark) and Unicode spaces, and any character.
    fn card_text() -> impl Strategy<Value = String> {
        let escaped = prop::sample::select(vec![
            "\"",
            ",",
            "#",
            "&",
            "<",
            ">",
            "{",
            "}",
            ":",
            "\n",
            "\t",
            " ",
            "  ",
            "[...]",
            "[..",
            "[",
            "]",
            "`",
            "``",
            "\u{FDD1}",
            "\u{2014}",
            "\u{2022}",
            "\u{ff1a}",
            "\u{c2}",
            "가",
            "한국어",
            "a",
            "&amp;",
            "{{c1::x}}",
            "\u{2029}x",
        ]);
        let slow = prop::sample::select(vec![
            "\r",
            "\r\n",
            "```",
            "\n```",
            "```py\nx\n```\n",
            "\u{FDD2}",
            "\x1b[2J",
            "\x1b]0;t\x07",
            "\x1b",
            "\u{9b}",
            "\u{85}",
            "\u{7f}",
            "\0",
            "\u{202e}",
            "\u{2028}",
            "\u{200e}",
            "\u{2066}",
            "\u{61c}",
            "\u{a0}",
            "\u{3000}",
            "\u{1680}",
            "\u{2009}",
        ]);
        let piece = prop_oneof![
            12 => escaped.prop_map(str::to_string),
            1 => slow.prop_map(str::to_string),
            2 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    /// A question: half of them with one gap between two texts.
    fn question() -> impl Strategy<Value = String> {
        prop_oneof![
            card_text(),
            (card_text(), card_text()).prop_map(|(a, b)| format!("{a}{CLOZE_GAP}{b}")),
        ]
    }

    fn card_kind() -> impl Strategy<Value = CardKind> {
        prop_oneof![
            2 => Just(CardKind::Cloze),
            1 => prop::sample::select(CardKind::ALL.to_vec()),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn the_byte_level_path_writes_what_the_reference_writes(
            guid in card_text(), deck in card_text(), kind in card_kind(),
            front in question(), back in card_text(), tags in card_text(),
        ) {
            let note = [(&*guid, &*deck, kind, &*front, &*back, &*tags)];
            let ours = written(&note);
            let theirs = reference(&note);
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }
    }

    #[test]
    fn many_notes_across_chunks_match_the_reference() {
        let texts = [
            "항목 1 — \"quoted, comma\" 설명: 함수 [...] 는 값을 반환한다",
            "plain",
            "a < b & c\n```python\nx = {1: 2}\n```",
            "\x1b[1m굵게\x1b[0m [...]",
            "#tag, \"q\"",
            "",
        ];
        let notes: Vec<_> = (0..20_000)
            .map(|i| {
                let text = |k: usize| texts[(i * 7 + k) % texts.len()];
                let kind = CardKind::ALL[i % CardKind::ALL.len()];
                ("g", "d::e", kind, text(0), text(1), "t1 t2")
            })
            .collect();
        let ours = written(&notes);
        assert!(ours.len() > 2 * CHUNK);
        assert!(ours == reference(&notes));
    }

    #[test]
    fn rows_written_before_an_early_stop_are_kept() {
        let mut out = Vec::new();
        {
            let mut writer = AnkiWriter::new(&mut out).unwrap();
            writer
                .note("g", "d", CardKind::Basic, "q", "a", "")
                .unwrap();
            // Dropped without finish(), as when reading the database fails.
        }
        assert!(out.ends_with(b"g,Basic,d,q,a,\n"));
    }
}
