//! A one-line editor for typed answers that measures display width.
//!
//! General-purpose prompts move the cursor by characters and clear one cell
//! per Backspace, so a Hangul syllable (two cells) leaves half of itself on
//! screen while the answer loses a different character: what is seen and
//! what is submitted drift apart. Here the line is redrawn from the edit
//! state after every key, laid out cell by cell, so the screen always shows
//! exactly the text that Enter submits.
//!
//! Keys: characters insert; Backspace / Delete; Left / Right, Home / End
//! (Ctrl-A / Ctrl-E); Ctrl-U deletes to the start, Ctrl-K to the end,
//! Ctrl-W the word before the cursor; Up / Down walk the earlier answers;
//! Enter submits; Ctrl-C, Escape, or Ctrl-D on an empty line cancel.

use std::io::{self, Write};

use console::{Key, Term};
use unicode_width::UnicodeWidthChar;

const CTRL_D: char = '\u{4}';
const CTRL_K: char = '\u{b}';
const CTRL_U: char = '\u{15}';
const CTRL_W: char = '\u{17}';

/// What a key did to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Continue,
    Submit(String),
    Cancel,
}

/// Cells a character takes; control characters never reach the line.
fn width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The text being edited, the cursor (a char index), and the earlier
/// answers that Up and Down bring back. Pure: no terminal in here.
#[derive(Debug, Clone, Default)]
pub struct LineState {
    chars: Vec<char>,
    cursor: usize,
    history: Vec<String>,
    /// The history entry shown, when walking the history.
    recalled: Option<usize>,
    /// The line as it was before walking the history.
    draft: Vec<char>,
}

impl LineState {
    pub fn new(history: &[String]) -> Self {
        LineState {
            history: history.to_vec(),
            ..LineState::default()
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The cursor as a char index into `text()`.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies one key.
    pub fn key(&mut self, key: &Key) -> Edit {
        match key {
            Key::Enter => return Edit::Submit(self.text()),
            Key::CtrlC | Key::Escape => return Edit::Cancel,
            Key::Char(CTRL_D) if self.chars.is_empty() => return Edit::Cancel,
            Key::Char(CTRL_D) | Key::Del => self.delete_forward(),
            Key::Backspace => self.delete_back(),
            Key::ArrowLeft => self.cursor = self.previous_stop(self.cursor),
            Key::ArrowRight => self.cursor = self.next_stop(self.cursor),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = self.chars.len(),
            Key::Char(CTRL_U) => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::Char(CTRL_K) => self.chars.truncate(self.cursor),
            Key::Char(CTRL_W) => self.delete_word(),
            Key::ArrowUp => self.recall_older(),
            Key::ArrowDown => self.recall_newer(),
            Key::Char(c) if !c.is_control() => {
                self.chars.insert(self.cursor, *c);
                self.cursor += 1;
            }
            _ => {}
        }
        Edit::Continue
    }

    /// The cursor stop before `at`: a base character together with the
    /// zero-width marks that follow it moves and deletes as one.
    fn previous_stop(&self, at: usize) -> usize {
        let mut i = at;
        while i > 0 {
            i -= 1;
            if width(self.chars[i]) > 0 {
                break;
            }
        }
        i
    }

    fn next_stop(&self, at: usize) -> usize {
        let mut i = (at + 1).min(self.chars.len());
        while i < self.chars.len() && width(self.chars[i]) == 0 {
            i += 1;
        }
        i
    }

    fn delete_back(&mut self) {
        let from = self.previous_stop(self.cursor);
        self.chars.drain(from..self.cursor);
        self.cursor = from;
    }

    fn delete_forward(&mut self) {
        let to = self.next_stop(self.cursor);
        self.chars.drain(self.cursor..to);
    }

    /// Ctrl-W as in a shell: the spaces before the cursor, then the word.
    fn delete_word(&mut self) {
        let mut from = self.cursor;
        while from > 0 && self.chars[from - 1].is_whitespace() {
            from -= 1;
        }
        while from > 0 && !self.chars[from - 1].is_whitespace() {
            from -= 1;
        }
        self.chars.drain(from..self.cursor);
        self.cursor = from;
    }

    fn show(&mut self, chars: Vec<char>) {
        self.cursor = chars.len();
        self.chars = chars;
    }

    fn recall_older(&mut self) {
        let index = match self.recalled {
            None if self.history.is_empty() => return,
            None => {
                self.draft = self.chars.clone();
                self.history.len() - 1
            }
            Some(i) => i.saturating_sub(1),
        };
        self.recalled = Some(index);
        let chars = self.history[index].chars().collect();
        self.show(chars);
    }

    fn recall_newer(&mut self) {
        let Some(i) = self.recalled else { return };
        if i + 1 < self.history.len() {
            self.recalled = Some(i + 1);
            let chars = self.history[i + 1].chars().collect();
            self.show(chars);
        } else {
            self.recalled = None;
            let draft = std::mem::take(&mut self.draft);
            self.show(draft);
        }
    }
}

/// A cell on screen, relative to the first cell of the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
}

/// Where text printed from the left edge of a screen `cols` wide puts each
/// character, and where printing ends. A wide character that does not fit
/// at the end of a row goes to the next one, as terminals do. `wrapped_end`
/// says the last row is exactly full: the terminal cursor then waits at
/// its last cell and the next output starts a new row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub starts: Vec<Cell>,
    pub end: Cell,
    pub wrapped_end: bool,
}

pub fn layout(text: impl IntoIterator<Item = char>, cols: usize) -> Layout {
    let cols = cols.max(2);
    let (mut row, mut col) = (0, 0);
    let mut starts = Vec::new();
    for c in text {
        let w = width(c);
        if w > 0 && col + w > cols {
            row += 1;
            col = 0;
        }
        starts.push(Cell { row, col });
        col += w;
    }
    let wrapped_end = col == cols;
    let end = if wrapped_end {
        Cell {
            row: row + 1,
            col: 0,
        }
    } else {
        Cell { row, col }
    };
    Layout {
        starts,
        end,
        wrapped_end,
    }
}

/// Draws the prompt and the line, and keeps track of where the cursor was
/// left so that the next draw starts from the prompt's first row.
#[derive(Debug, Default)]
pub struct Renderer {
    /// Rows between the prompt's first row and the cursor.
    cursor_row: usize,
}

impl Renderer {
    /// Redraws `prompt` (plain text, shown as `styled_prompt`) and the line
    /// on a screen `cols` wide, cursor placed; with `at_end`, the cursor
    /// goes below the line instead, ready for the next output.
    pub fn draw(
        &mut self,
        out: &mut impl Write,
        prompt: &str,
        styled_prompt: &str,
        state: &LineState,
        cols: usize,
        at_end: bool,
    ) -> io::Result<()> {
        let text = state.text();
        let placed = layout(prompt.chars().chain(text.chars()), cols);
        if self.cursor_row > 0 {
            write!(out, "\x1b[{}A", self.cursor_row)?;
        }
        write!(out, "\r\x1b[J{styled_prompt}{text}")?;
        if placed.wrapped_end {
            // Leave the pending wrap: the cursor now really is at `end`.
            write!(out, "\r\n")?;
        }
        if at_end {
            if placed.end.col > 0 {
                write!(out, "\r\n")?;
            }
            self.cursor_row = 0;
            return out.flush();
        }
        let index = prompt.chars().count() + state.cursor();
        let target = placed.starts.get(index).copied().unwrap_or(placed.end);
        let up = placed.end.row.saturating_sub(target.row);
        if up > 0 {
            write!(out, "\x1b[{up}A")?;
        }
        write!(out, "\r")?;
        if target.col > 0 {
            write!(out, "\x1b[{}C", target.col)?;
        }
        self.cursor_row = target.row;
        out.flush()
    }
}

/// Reads one line on the terminal under `prompt`. `None` when cancelled.
/// The earlier answers in `history` come back with Up.
pub fn read_line(
    term: &Term,
    prompt: &str,
    styled_prompt: &str,
    history: &[String],
) -> io::Result<Option<String>> {
    // Keys typed while a line is being drawn must not be echoed by the
    // terminal between reads: the screen would show text the line does
    // not hold. Raw input for the whole edit prevents that.
    let _raw = RawInput::enable();
    let mut state = LineState::new(history);
    let mut renderer = Renderer::default();
    let mut out = term.clone();
    let cols = || usize::from(term.size().1);
    renderer.draw(&mut out, prompt, styled_prompt, &state, cols(), false)?;
    loop {
        let key = term.read_key_raw()?;
        match state.key(&key) {
            Edit::Continue => {
                renderer.draw(&mut out, prompt, styled_prompt, &state, cols(), false)?;
            }
            Edit::Submit(text) => {
                renderer.draw(&mut out, prompt, styled_prompt, &state, cols(), true)?;
                return Ok(Some(text));
            }
            Edit::Cancel => {
                // The line is emptied: nothing on it was submitted.
                let empty = LineState::default();
                renderer.draw(&mut out, prompt, styled_prompt, &empty, cols(), true)?;
                return Ok(None);
            }
        }
    }
}

/// Raw terminal input (no echo, no line buffering) until dropped; output
/// processing is kept so that `\n` still starts a new line. Keys pressed
/// while a screen is being redrawn then wait unseen for the next read.
pub(crate) struct RawInput {
    saved: Option<rustix::termios::Termios>,
}

impl RawInput {
    pub(crate) fn enable() -> Self {
        let stdin = io::stdin();
        let Ok(saved) = rustix::termios::tcgetattr(&stdin) else {
            return RawInput { saved: None };
        };
        let mut raw = saved.clone();
        raw.make_raw();
        raw.output_modes = saved.output_modes;
        let set = rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Drain, &raw);
        RawInput {
            saved: set.ok().map(|()| saved),
        }
    }
}

impl Drop for RawInput {
    fn drop(&mut self) {
        if let Some(saved) = &self.saved {
            let _ = rustix::termios::tcsetattr(
                io::stdin(),
                rustix::termios::OptionalActions::Drain,
                saved,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(state: &mut LineState, text: &str) {
        for c in text.chars() {
            assert_eq!(state.key(&Key::Char(c)), Edit::Continue);
        }
    }

    fn keys(state: &mut LineState, keys: &[Key]) {
        for key in keys {
            state.key(key);
        }
    }

    #[test]
    fn backspace_removes_one_syllable_from_the_answer() {
        let mut s = LineState::default();
        typed(&mut s, "가나다라");
        keys(&mut s, &[Key::Backspace, Key::Backspace]);
        typed(&mut s, "X");
        assert_eq!(s.key(&Key::Enter), Edit::Submit("가나X".into()));
    }

    #[test]
    fn arrows_home_and_end_move_by_character() {
        let mut s = LineState::default();
        typed(&mut s, "os.한글");
        keys(&mut s, &[Key::ArrowLeft, Key::ArrowLeft]);
        typed(&mut s, "|");
        assert_eq!(s.text(), "os.|한글");
        keys(&mut s, &[Key::Home]);
        typed(&mut s, "<");
        keys(&mut s, &[Key::End]);
        typed(&mut s, ">");
        keys(&mut s, &[Key::ArrowRight, Key::ArrowRight]);
        assert_eq!(s.text(), "<os.|한글>");
        assert_eq!(s.cursor(), 8);
        keys(&mut s, &[Key::Home, Key::ArrowLeft, Key::Del]);
        assert_eq!(s.text(), "os.|한글>");
    }

    #[test]
    fn ctrl_u_ctrl_k_and_ctrl_w_delete_the_right_part() {
        let mut s = LineState::default();
        typed(&mut s, "json dumps 함수");
        keys(&mut s, &[Key::Char(CTRL_W)]);
        assert_eq!(s.text(), "json dumps ");
        keys(&mut s, &[Key::Char(CTRL_W)]);
        assert_eq!(s.text(), "json ");
        typed(&mut s, "loads");
        keys(&mut s, &[Key::ArrowLeft, Key::ArrowLeft, Key::Char(CTRL_U)]);
        assert_eq!(s.text(), "ds");
        assert_eq!(s.cursor(), 0);
        keys(&mut s, &[Key::ArrowRight, Key::Char(CTRL_K)]);
        assert_eq!(s.text(), "d");
    }

    #[test]
    fn a_mark_after_a_letter_goes_with_it() {
        let mut s = LineState::default();
        typed(&mut s, "ae\u{301}");
        keys(&mut s, &[Key::ArrowLeft]);
        assert_eq!(s.cursor(), 1);
        keys(&mut s, &[Key::End, Key::Backspace]);
        assert_eq!(s.text(), "a");
    }

    #[test]
    fn control_characters_are_not_inserted() {
        let mut s = LineState::default();
        typed(&mut s, "a");
        keys(&mut s, &[Key::Char('\u{1}'), Key::Tab, Key::Char('\u{7}')]);
        assert_eq!(s.text(), "a");
    }

    #[test]
    fn up_and_down_walk_the_earlier_answers_and_keep_the_draft() {
        let history = vec!["chdir".to_string(), "getcwd".to_string()];
        let mut s = LineState::new(&history);
        typed(&mut s, "lis");
        keys(&mut s, &[Key::ArrowUp]);
        assert_eq!(s.text(), "getcwd");
        keys(&mut s, &[Key::ArrowUp, Key::ArrowUp]);
        assert_eq!(s.text(), "chdir");
        assert_eq!(s.cursor(), 5);
        keys(&mut s, &[Key::ArrowDown]);
        assert_eq!(s.text(), "getcwd");
        keys(&mut s, &[Key::ArrowDown]);
        assert_eq!(s.text(), "lis");
        keys(&mut s, &[Key::ArrowDown]);
        assert_eq!(s.text(), "lis");
    }

    #[test]
    fn cancel_keys_and_ctrl_d_only_on_an_empty_line() {
        let mut s = LineState::default();
        assert_eq!(s.key(&Key::CtrlC), Edit::Cancel);
        assert_eq!(s.key(&Key::Escape), Edit::Cancel);
        assert_eq!(s.key(&Key::Char(CTRL_D)), Edit::Cancel);
        typed(&mut s, "ab");
        keys(&mut s, &[Key::Home]);
        assert_eq!(s.key(&Key::Char(CTRL_D)), Edit::Continue);
        assert_eq!(s.text(), "b");
    }

    #[test]
    fn layout_moves_a_wide_character_that_does_not_fit_to_the_next_row() {
        let placed = layout("ab가나".chars(), 5);
        let starts: Vec<(usize, usize)> = placed.starts.iter().map(|c| (c.row, c.col)).collect();
        assert_eq!(starts, vec![(0, 0), (0, 1), (0, 2), (1, 0)]);
        assert_eq!(placed.end, Cell { row: 1, col: 2 });
        assert!(!placed.wrapped_end);
        let full = layout("가나".chars(), 4);
        assert!(full.wrapped_end);
        assert_eq!(full.end, Cell { row: 1, col: 0 });
    }

    /// Feeds everything drawn into a terminal emulator and reads the screen.
    fn screen(cols: u16, draws: &[(&LineState, bool)]) -> vt100::Parser {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(10), size(cols), 0);
        let mut renderer = Renderer::default();
        for (state, at_end) in draws {
            let mut bytes = Vec::new();
            renderer
                .draw(&mut bytes, "› ", "› ", state, usize::from(cols), *at_end)
                .unwrap();
            parser.process(&bytes);
        }
        parser
    }

    /// The screen's rows, trailing blanks left out.
    fn rows(parser: &vt100::Parser) -> Vec<String> {
        let (_, cols) = parser.screen().size();
        let mut rows: Vec<String> = parser
            .screen()
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_string())
            .collect();
        while rows.last().is_some_and(String::is_empty) {
            rows.pop();
        }
        rows
    }

    #[test]
    fn the_screen_shows_what_is_submitted_after_korean_backspaces() {
        let mut s = LineState::default();
        typed(&mut s, "가나다라");
        let before = s.clone();
        keys(&mut s, &[Key::Backspace, Key::Backspace]);
        typed(&mut s, "X");
        let parser = screen(40, &[(&before, false), (&s, false)]);
        assert_eq!(rows(&parser), ["› 가나X"]);
        assert_eq!(parser.screen().cursor_position(), (0, 7));
    }

    #[test]
    fn a_line_longer_than_the_screen_wraps_and_redraws_cleanly() {
        let mut s = LineState::default();
        typed(&mut s, "가나다라마바사아자");
        let long = s.clone();
        keys(&mut s, &[Key::Home, Key::ArrowRight, Key::ArrowRight]);
        let moved = s.clone();
        keys(&mut s, &[Key::Char(CTRL_K)]);
        // 10 columns: "› " takes two cells, four syllables fill the row.
        let parser = screen(10, &[(&long, false), (&moved, false)]);
        assert_eq!(rows(&parser), ["› 가나다라", "마바사아자"]);
        assert_eq!(parser.screen().cursor_position(), (0, 6));
        let parser = screen(10, &[(&long, false), (&moved, false), (&s, true)]);
        assert_eq!(rows(&parser), ["› 가나"]);
        assert_eq!(parser.screen().cursor_position(), (1, 0));
    }

    #[test]
    fn a_row_filled_exactly_leaves_the_cursor_on_the_next_row() {
        let mut s = LineState::default();
        typed(&mut s, "가나다라");
        let parser = screen(10, &[(&s, false)]);
        assert_eq!(parser.screen().cursor_position(), (1, 0));
        keys(&mut s, &[Key::Backspace]);
        let full = {
            let mut f = LineState::default();
            typed(&mut f, "가나다라");
            f
        };
        let parser = screen(10, &[(&full, false), (&s, false)]);
        assert_eq!(rows(&parser), ["› 가나다"]);
        assert_eq!(parser.screen().cursor_position(), (0, 8));
    }
}
