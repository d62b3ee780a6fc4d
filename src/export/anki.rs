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
use crate::domain::display::strip;

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

/// Writes the header, then one note at a time.
pub struct AnkiWriter<W: Write> {
    csv: csv::Writer<W>,
    front: String,
    back: String,
    tags: String,
}

impl<W: Write> AnkiWriter<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(HEADER.as_bytes())?;
        let csv = csv::WriterBuilder::new()
            .has_headers(false)
            .quote_style(csv::QuoteStyle::Necessary)
            // Quote a field that starts with '#': Anki drops such rows as comments.
            .comment(Some(b'#'))
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        Ok(AnkiWriter {
            csv,
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
        self.front.clear();
        self.back.clear();
        self.tags.clear();
        let cloze = match kind {
            CardKind::Cloze => cloze_text(front, back),
            _ => None,
        };
        let notetype = match cloze {
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
        };
        for (i, tag) in strip(tags).split_whitespace().enumerate() {
            if i > 0 {
                self.tags.push(' ');
            }
            self.tags.push_str(tag);
        }
        self.csv
            .write_record([
                &*strip(guid),
                notetype,
                &*strip(deck),
                &self.front,
                &self.back,
                &self.tags,
            ])
            .map_err(csv_io)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

/// A CSV writer's error as the I/O error underneath it, so that its kind
/// (a broken pipe, a full disk) is kept; `io::Error::from` would make every
/// one `Other`.
fn csv_io(error: csv::Error) -> io::Error {
    if matches!(error.kind(), csv::ErrorKind::Io(_)) {
        if let csv::ErrorKind::Io(e) = error.into_kind() {
            return e;
        }
        return io::Error::other("CSV write failed");
    }
    io::Error::other(error)
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
}
