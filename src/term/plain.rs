//! Plain mode: the session over lines, for scripts and tests.
//!
//! Review: `Q: …` on stdout, one line in (empty = reveal, `s` suspend,
//! `b` bury, `u` undo, `q` quit); `A: …`, one grade line in (`0`–`5`, or `u`,
//! `s`, `b`, `q`); a cloze card's sentence follows the `A:` line, indented,
//! with the answer in its gap. Text is printed as it is, no escape codes of
//! recall's own; control characters in card text are shown visibly
//! ([`visible`]).
//! Anything else is asked again with a message on stderr, and so is a
//! line over 64 KiB or one that is not UTF-8. End of input ends
//! the session like `q`.

use crate::domain::display::visible;
use std::io::{BufRead, Write};

use super::card_view;
use crate::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use crate::domain::card::CardKind;
use crate::domain::collection::CardRecord;
use crate::domain::sm2::Grade;
use crate::error::Result;

/// The longest input line plain mode reads (64 KiB); the rest of a longer
/// one is dropped as it is read.
pub const MAX_LINE: usize = 64 * 1024;

/// One line of `input` (its `\n` included) if it has at most `max` bytes,
/// and whether it was whole: a longer line is read to its end and dropped
/// (an empty vector, `false`), so that memory stays bounded. `None` at the
/// end of input.
fn read_bounded_line(input: &mut impl BufRead, max: usize) -> Result<Option<(Vec<u8>, bool)>> {
    let mut line = Vec::new();
    let mut whole = true;
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if buf.is_empty() {
            return Ok(any.then_some((line, whole)));
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (buf.get(..=i).unwrap_or(buf), true),
            None => (buf, false),
        };
        let taken = chunk.len();
        if whole && line.len() + taken <= max {
            line.extend_from_slice(chunk);
        } else {
            whole = false;
            line = Vec::new();
        }
        input.consume(taken);
        if done {
            return Ok(Some((line, whole)));
        }
    }
}

pub struct PlainPrompter<R, O, E> {
    input: R,
    out: O,
    err: E,
}

impl<R: BufRead, O: Write, E: Write> PlainPrompter<R, O, E> {
    pub fn new(input: R, out: O, err: E) -> Self {
        PlainPrompter { input, out, err }
    }

    /// The next input line without its line ending; `None` at end of input.
    /// A line over [`MAX_LINE`] bytes (the rest of it is read and dropped,
    /// never kept) or one that is not UTF-8 is asked again, with a message
    /// on stderr.
    fn line(&mut self) -> Result<Option<String>> {
        self.out.flush()?;
        loop {
            let Some((bytes, whole)) = read_bounded_line(&mut self.input, MAX_LINE)? else {
                return Ok(None);
            };
            if !whole {
                self.complain(&format!(
                    "a line of over {} KiB was skipped; type the answer again",
                    MAX_LINE / 1024
                ))?;
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(line) => {
                    return Ok(Some(line.trim_end_matches(['\n', '\r']).trim().to_string()));
                }
                Err(_) => self.complain("the line was not UTF-8 text; type it again")?,
            }
        }
    }

    /// A message on stderr; an unwritable stderr does not end the session.
    fn complain(&mut self, text: &str) -> Result<()> {
        let _ = writeln!(self.err, "recall: {text}");
        Ok(())
    }
}

impl<R: BufRead, O: Write, E: Write> Prompter for PlainPrompter<R, O, E> {
    fn question(&mut self, card: &CardRecord, _progress: Progress) -> Result<AtQuestion> {
        writeln!(self.out, "Q: {}", visible(&card.card.question))?;
        loop {
            let Some(line) = self.line()? else {
                return Ok(AtQuestion::Quit);
            };
            match line.as_str() {
                "" => return Ok(AtQuestion::Reveal),
                "q" => return Ok(AtQuestion::Quit),
                "s" => return Ok(AtQuestion::Suspend),
                "b" => return Ok(AtQuestion::Bury),
                "u" => return Ok(AtQuestion::Undo),
                other => self.complain(&format!(
                    "{other:?}: empty line to reveal, s suspend, b bury, u undo, q quit"
                ))?,
            }
        }
    }

    fn answer(&mut self, card: &CardRecord, _progress: Progress) -> Result<AtAnswer> {
        writeln!(self.out, "A: {}", visible(&card.card.answer))?;
        // A cloze's sentence with the answer in its gap, indented under the
        // `A:` line so that a script reading that line still gets the answer.
        if card.card.kind == CardKind::Cloze {
            if let Some(filled) = card_view::filled(&card.card, "[", "]") {
                for line in filled.lines() {
                    writeln!(self.out, "   {line}")?;
                }
            }
        }
        loop {
            let Some(line) = self.line()? else {
                return Ok(AtAnswer::Quit);
            };
            let grade = line.parse::<u8>().ok().and_then(Grade::new);
            match (line.as_str(), grade) {
                (_, Some(grade)) => return Ok(AtAnswer::Grade(grade)),
                ("u", _) => return Ok(AtAnswer::Undo),
                ("q", _) => return Ok(AtAnswer::Quit),
                ("s", _) => return Ok(AtAnswer::Suspend),
                ("b", _) => return Ok(AtAnswer::Bury),
                (other, None) => self.complain(&format!(
                    "{other:?}: grade 0-5 (0 blackout … 5 perfect), s suspend, b bury, u undo, q quit"
                ))?,
            }
        }
    }

    fn quiz(&mut self, prompt: &QuizPrompt<'_>) -> Result<QuizReply> {
        writeln!(self.out, "Q: {}", visible(prompt.question))?;
        for (i, option) in prompt.options.iter().enumerate() {
            writeln!(self.out, "{}) {}", i + 1, visible(option))?;
        }
        loop {
            let Some(line) = self.line()? else {
                return Ok(QuizReply::Quit);
            };
            if line == "q" {
                return Ok(QuizReply::Quit);
            }
            if prompt.options.is_empty() {
                return Ok(QuizReply::Typed(line));
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=prompt.options.len()).contains(&n) => {
                    return Ok(QuizReply::Choice(n - 1));
                }
                _ => self.complain(&format!(
                    "{line:?}: answer with a number from 1 to {}, or q to quit",
                    prompt.options.len()
                ))?,
            }
        }
    }

    fn notice(&mut self, text: &str) -> Result<()> {
        writeln!(self.out, "{}", visible(text))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(Vec<u8>, bool)> {
        // A tiny buffer, so that lines arrive in many pieces.
        let mut reader = std::io::BufReader::with_capacity(3, input);
        let mut out = Vec::new();
        while let Some(line) = read_bounded_line(&mut reader, max).unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn a_line_up_to_the_limit_is_whole_and_a_longer_one_is_dropped() {
        assert_eq!(
            lines(b"abcd\nabcde\nab", 5),
            vec![
                (b"abcd\n".to_vec(), true),
                (Vec::new(), false),
                (b"ab".to_vec(), true),
            ]
        );
        assert!(lines(b"", 5).is_empty());
    }

    #[test]
    fn after_an_overlong_line_the_next_answer_still_counts() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\n\n5\n");
        let mut out = Vec::new();
        let mut err = Vec::new();
        {
            let mut prompter = PlainPrompter::new(&input[..], &mut out, &mut err);
            assert_eq!(prompter.line().unwrap(), Some(String::new()));
            assert_eq!(prompter.line().unwrap(), Some("5".to_string()));
            assert_eq!(prompter.line().unwrap(), None);
        }
        let said = String::from_utf8(err).unwrap();
        assert!(!said.contains('x'), "{said}");
    }
}
