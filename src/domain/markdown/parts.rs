//! Where a large document can be read in parts.
//!
//! pulldown-cmark builds the tree of a whole document before it hands out
//! the first event: for a 4.5 MB document of notes, 13.6 MB held at once
//! beside the document and its blocks. Read in parts of a few hundred KB,
//! the tree stays the size of a part; the blocks are the same.
//!
//! A part may end only where the document reads the same either way: at a
//! heading (`#` at the start of a line) after a blank line. Nothing open
//! there goes on past it, except a fenced code block or an HTML block that
//! has not ended yet (a `# comment` in a code sample). Fences are followed
//! line by line and a heading inside one is passed over; and the part read
//! up to a heading is refused afterwards when it ends in a code or HTML
//! block (see [`super::read_part`]), which covers what the line-by-line look
//! missed. (Front matter is cut off before, see
//! [`super::front_matter_end`].)
//! Link reference definitions (`[name]: url`) apply to the whole document:
//! a document that may hold one (`]:` anywhere) is read whole.

/// Where the next part may begin, found by reading the document's lines
/// once, in order.
pub(super) struct Splits<'s> {
    source: &'s str,
    /// The start of the next line to look at.
    next_line: usize,
    /// No part may begin before this.
    earliest: usize,
    /// The fence of the code block open at `next_line`: its character and
    /// length.
    fence: Option<(u8, usize)>,
    /// The line before `next_line` was blank.
    after_blank: bool,
    /// The last line with text was plain text: not a fence or an HTML tag.
    after_text: bool,
}

impl<'s> Splits<'s> {
    /// The places in `source` from `start` on, a line's start.
    pub(super) fn new(source: &'s str, start: usize) -> Splits<'s> {
        let linked = memchr::memmem::find(source.as_bytes(), b"]:").is_some();
        Splits {
            source,
            next_line: start,
            earliest: if linked { usize::MAX } else { start },
            fence: None,
            after_blank: false,
            after_text: false,
        }
    }

    /// The first place at or after `from` where a part may begin.
    pub(super) fn next_from(&mut self, from: usize) -> Option<usize> {
        let from = from.max(self.earliest);
        if from >= self.source.len() {
            return None;
        }
        let bytes = self.source.as_bytes();
        while let Some(rest) = bytes.get(self.next_line..).filter(|r| !r.is_empty()) {
            let start = self.next_line;
            let len = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            let line = rest.get(..len).unwrap_or(rest);
            self.next_line = start + len;
            let here = start >= from
                && self.fence.is_none()
                && self.after_blank
                && self.after_text
                && is_atx_heading(line);
            self.read(line);
            if here {
                return Some(start);
            }
        }
        None
    }

    /// Follows the fences and blank lines over one line.
    fn read(&mut self, line: &[u8]) {
        let text = line.trim_ascii();
        if text.is_empty() {
            self.after_blank = true;
            return;
        }
        self.after_blank = false;
        match self.fence {
            Some((mark, len)) => {
                if closes(line, mark, len) {
                    self.fence = None;
                }
                self.after_text = false;
            }
            None => {
                self.fence = opens(line);
                self.after_text = self.fence.is_none() && !text.starts_with(b"<");
            }
        }
    }
}

/// Up to three spaces of indentation removed; `None` for a line indented
/// more (code, or a list item's content).
fn unindented(line: &[u8]) -> Option<&[u8]> {
    let spaces = line.iter().take_while(|&&b| b == b' ').count();
    (spaces <= 3).then(|| line.get(spaces..)).flatten()
}

/// The fence a line opens: its character and length.
fn opens(line: &[u8]) -> Option<(u8, usize)> {
    let text = unindented(line)?;
    let mark = *text.first().filter(|&&b| b == b'`' || b == b'~')?;
    let len = text.iter().take_while(|&&b| b == mark).count();
    let info = text.get(len..).unwrap_or_default();
    (len >= 3 && !(mark == b'`' && info.contains(&b'`'))).then_some((mark, len))
}

/// Whether a line closes a fence of `len` `mark`s.
fn closes(line: &[u8], mark: u8, len: usize) -> bool {
    let Some(text) = unindented(line) else {
        return false;
    };
    let run = text.iter().take_while(|&&b| b == mark).count();
    run >= len && text.get(run..).unwrap_or_default().trim_ascii().is_empty()
}

/// `#` to `######` at the start of a line, then a space or the line's end.
fn is_atx_heading(line: &[u8]) -> bool {
    let hashes = line.iter().take_while(|&&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line
            .get(hashes)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(source: &str) -> Vec<usize> {
        let mut splits = Splits::new(source, 0);
        std::iter::from_fn(|| splits.next_from(0)).collect()
    }

    #[test]
    fn parts_begin_at_headings_after_blank_lines_outside_code() {
        let doc = "# A\n\ntext\n\n## B\n\n```py\nx = 1\n\n# comment\n```\n\ntext\n\n# C\n";
        let b = doc.find("## B").unwrap();
        let c = doc.find("# C").unwrap();
        assert_eq!(all(doc), vec![b, c]);
        // Right after a code block or an HTML tag: not there.
        assert_eq!(all("```\nx\n```\n\n# A\n"), Vec::<usize>::new());
        assert_eq!(all("<div>\n\n# A\n"), Vec::<usize>::new());
        // No blank line before, or not a heading.
        assert_eq!(all("text\n# A\n\n#tag\n"), Vec::<usize>::new());
        // CRLF lines.
        assert_eq!(all("text\r\n\r\n# A\r\n"), vec![8]);
    }

    #[test]
    fn link_definitions_keep_parts_out() {
        assert_eq!(all("text\n\n# A\n\n[x]: /url\n"), Vec::<usize>::new());
    }
}
