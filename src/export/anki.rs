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
/// breaks as `<br>`. Runs of plain text are copied whole: the bytes looked
/// for are ASCII, so a run never splits a character.
fn escape_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\n' => "<br>",
            b'\r' => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// A card's text as an Anki HTML field; code blocks become `<pre><code>`.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    html_into(text, &mut out);
    out
}

fn html_into(text: &str, out: &mut String) {
    // Without a backtick there is no code fence: the text is one segment,
    // as `answer_segments` would find it, without building the list.
    if !text.as_bytes().contains(&b'`') {
        escape_into(text.trim_matches('\n'), out);
        return;
    }
    for (i, segment) in answer_segments(text).into_iter().enumerate() {
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
        front: &str,
        back: &str,
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
            .write_record([guid, deck, &self.front, &self.back, &self.tags])
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
        writer.note(note.guid, note.deck, note.front, note.back, &tags.join(" "))?;
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
    fn code_blocks_become_pre() {
        let html = to_html("설명\n```python\nif a < b:\n    pass\n```");
        assert_eq!(
            html,
            "설명<br><pre><code>if a &lt; b:<br>    pass</code></pre>"
        );
    }
}
