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

/// Escapes text for an HTML field: `& < >` as entities, line breaks as `<br>`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
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
    out
}

/// A card's text as an Anki HTML field; code blocks become `<pre><code>`.
pub fn to_html(text: &str) -> String {
    answer_segments(text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(t) => escape(t),
            Segment::Code { code, .. } => format!("<pre><code>{}</code></pre>", escape(code)),
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A tag as Anki stores it: no whitespace inside.
fn clean_tag(tag: &str) -> String {
    tag.split_whitespace().collect::<Vec<_>>().join("_")
}

pub fn write<W: Write>(notes: &[AnkiNote<'_>], out: W) -> io::Result<()> {
    let mut out = out;
    out.write_all(HEADER.as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .quote_style(csv::QuoteStyle::Necessary)
        // Quote a field that starts with '#': Anki drops such rows as comments.
        .comment(Some(b'#'))
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    for note in notes {
        let tags: Vec<String> = note
            .tags
            .iter()
            .map(|t| clean_tag(t))
            .filter(|t| !t.is_empty())
            .collect();
        writer.write_record([
            note.guid,
            note.deck,
            &to_html(note.front),
            &to_html(note.back),
            &tags.join(" "),
        ])?;
    }
    writer.flush()?;
    Ok(())
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
