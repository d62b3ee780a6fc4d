//! Anki CSV ("Notes in Plain Text" read by Anki's importer), HTML mode.
//!
//! The header fixes everything Anki would otherwise guess; the card id is
//! the GUID, so importing a newer export updates notes instead of adding
//! copies. See the format notes in the README.

use std::io::{self, Write};

use crate::domain::card::{Segment, answer_segments};

/// One note of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiNote<'a> {
    pub guid: &'a str,
    pub deck: &'a str,
    pub front: &'a str,
    pub back: &'a str,
    pub tags: &'a [String],
}

const HEADER: &str = "#separator:Comma\n#html:true\n#notetype:Basic\n#guid column:1\n#deck column:2\n#tags column:5\n#if matches:update current\n";

/// Escapes text for an HTML field into `out`: `& < >` as entities, line
/// breaks as `<br>`. Works on bytes and copies runs of plain text whole:
/// the bytes looked for are ASCII, so a run never splits a character.
fn escape_into(text: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    for (i, &byte) in text.iter().enumerate() {
        let replacement: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\n' => b"<br>",
            b'\r' => b"",
            _ => continue,
        };
        out.extend_from_slice(text.get(start..i).unwrap_or_default());
        out.extend_from_slice(replacement);
        start = i + 1;
    }
    out.extend_from_slice(text.get(start..).unwrap_or_default());
}

/// A card's text as an Anki HTML field; code blocks become `<pre><code>`.
pub fn to_html(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 16);
    html_into(text.as_bytes(), &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `text` without the line breaks at its ends.
fn trim_line_breaks(text: &[u8]) -> &[u8] {
    let start = text.iter().position(|&b| b != b'\n').unwrap_or(text.len());
    let end = text
        .iter()
        .rposition(|&b| b != b'\n')
        .map_or(start, |last| last + 1);
    text.get(start..end).unwrap_or_default()
}

fn html_into(text: &[u8], out: &mut Vec<u8>) {
    // Without a backtick there is no code fence: the text is one segment,
    // as `answer_segments` would find it, without building the list or
    // checking the bytes for UTF-8 (they are copied as they are).
    if !text.contains(&b'`') {
        escape_into(trim_line_breaks(text), out);
        return;
    }
    // A row that is not UTF-8 (a damaged file) is read with replacement
    // characters rather than refused.
    let text = String::from_utf8_lossy(text);
    for (i, segment) in answer_segments(&text).into_iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"<br>");
        }
        match segment {
            Segment::Text(t) => escape_into(t.as_bytes(), out),
            Segment::Code { code, .. } => {
                out.extend_from_slice(b"<pre><code>");
                escape_into(code.as_bytes(), out);
                out.extend_from_slice(b"</code></pre>");
            }
        }
    }
}

/// Writes the header, then one note at a time.
pub struct AnkiWriter<W: Write> {
    csv: csv::Writer<W>,
    front: Vec<u8>,
    back: Vec<u8>,
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
            front: Vec::new(),
            back: Vec::new(),
            tags: String::new(),
        })
    }

    /// `tags` is space-separated; a tag never holds whitespace, so Anki
    /// splits it back into the same tags. The card's text comes as the
    /// store holds it, UTF-8 bytes.
    pub fn note(
        &mut self,
        guid: &str,
        deck: &str,
        front: &[u8],
        back: &[u8],
        tags: &str,
    ) -> io::Result<()> {
        self.front.clear();
        self.back.clear();
        self.tags.clear();
        html_into(front, &mut self.front);
        html_into(back, &mut self.back);
        for (i, tag) in tags.split_whitespace().enumerate() {
            if i > 0 {
                self.tags.push(' ');
            }
            self.tags.push_str(tag);
        }
        self.csv
            .write_record([
                guid.as_bytes(),
                deck.as_bytes(),
                &self.front,
                &self.back,
                self.tags.as_bytes(),
            ])
            .map_err(io::Error::from)
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

pub fn write<W: Write>(notes: &[AnkiNote<'_>], out: W) -> io::Result<()> {
    let mut writer = AnkiWriter::new(out)?;
    for note in notes {
        let tags: Vec<String> = note.tags.iter().map(|t| clean_tag(t)).collect();
        writer.note(
            note.guid,
            note.deck,
            note.front.as_bytes(),
            note.back.as_bytes(),
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
        let tags = vec!["a b".to_string(), "태그".to_string()];
        let notes = [AnkiNote {
            guid: "g1",
            deck: "d::e",
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
        assert!(text.starts_with("#separator:Comma\n#html:true\n#notetype:Basic\n"));
        assert!(text.ends_with("g1,d::e,q,a,a_b 태그\n"), "{text}");
        assert!(!text.contains("#columns"));
    }

    #[test]
    fn quoting_and_escaping() {
        let text = export("#include <x> & y", "a, \"b\"\nc");
        let body = text.lines().last().unwrap();
        assert_eq!(
            body,
            "g1,d::e,\"#include &lt;x&gt; &amp; y\",\"a, \"\"b\"\"<br>c\",a_b 태그"
        );
    }

    #[test]
    fn text_is_escaped_as_bytes_with_line_breaks_trimmed() {
        let mut out = Vec::new();
        html_into(b"\n\xffa<b\r\nc\n\n", &mut out);
        assert_eq!(out, b"\xffa&lt;b<br>c");
        assert_eq!(to_html("\n\n"), "");
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
