//! The interactive screens: the review card with a grade menu (arrows or a
//! digit; `u` undo, `s` suspend, `b` bury, `q` or Ctrl-C quit), the quiz's
//! choice menu, and typed answers through the width-aware line editor.
//!
//! Every line is laid out for the terminal's width before it is printed,
//! so that a menu redrawn in place clears exactly the rows it took.

use crate::domain::display::visible;
use std::io;

use console::{Key, Style, Term};

use super::card_view;
use super::layout::{rows, wrap_parts, wrap_words};
use super::line_editor::{self, RawInput};
use crate::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use crate::domain::collection::CardRecord;
use crate::domain::sm2::Grade;
use crate::error::{Error, Result};

const QUESTION_KEYS: [&str; 5] = [
    "Enter 답 보기",
    "s 보류(suspend)",
    "b 내일로(bury)",
    "u 되돌리기",
    "q 종료",
];
const GRADE_KEYS: [&str; 6] = [
    "↑↓ 또는 0-5",
    "Enter 선택",
    "u 되돌리기",
    "s 보류",
    "b 내일로",
    "q 종료",
];
const TYPED_PROMPT: &str = "› ";

pub struct TermPrompter {
    term: Term,
    /// The grade the menu starts on.
    default_grade: u8,
    /// Notices given since the last card; the next card's screen shows them,
    /// since drawing it clears the screen.
    pending: Vec<String>,
    /// This session's typed answers, brought back with Up.
    typed: Vec<String>,
    /// Input stays raw for the whole session, not only while a key is
    /// read: keys pressed while a screen is drawn (or an answer is saved)
    /// are then not echoed over it, and Ctrl-C is always a key.
    _raw: RawInput,
}

impl Default for TermPrompter {
    fn default() -> Self {
        TermPrompter {
            term: Term::stdout(),
            default_grade: 4,
            pending: Vec::new(),
            typed: Vec::new(),
            _raw: RawInput::enable(),
        }
    }
}

/// Header parts: the deck, then the progress, each kept whole on a line.
pub fn header_parts(deck: &str, progress: Progress) -> Vec<String> {
    let mut parts = vec![
        deck.to_string(),
        format!("{} 완료 / {} 남음", progress.done, progress.left),
        format!("새 카드 {}", progress.new_left),
        format!("복습 {}", progress.review_left),
        format!("반복 {}", progress.drill_left),
    ];
    if progress.drilling {
        parts.push("▶ 반복 연습 중 (drilling)".to_string());
    }
    parts
}

impl TermPrompter {
    fn cols(&self) -> usize {
        usize::from(self.term.size().1)
    }

    /// Writes key hints dimmed, wrapped between hints; returns the rows.
    fn hints(&self, parts: &[&str]) -> io::Result<usize> {
        let cols = self.cols();
        let mut taken = 0;
        for line in wrap_parts(parts, " · ", cols) {
            taken += rows(&line, cols);
            self.term
                .write_line(&Style::new().dim().apply_to(line).to_string())?;
        }
        Ok(taken)
    }

    /// Colour follows the terminal (`NO_COLOR`, `TERM=dumb`, `CLICOLOR`).
    fn colour(&self) -> bool {
        console::colors_enabled()
    }

    /// Header and question; once `revealed`, a cloze or code card's gap is
    /// filled with the answer.
    fn screen(&self, card: &CardRecord, progress: Progress, revealed: bool) -> io::Result<()> {
        let cols = self.cols();
        let dim = Style::new().dim();
        let deck = visible(&card.card.deck);
        let deck = deck.as_ref();
        self.term.clear_screen()?;
        for (index, line) in wrap_parts(&header_parts(deck, progress), " · ", cols)
            .iter()
            .enumerate()
        {
            let styled = match line.strip_prefix(deck) {
                Some(rest) if index == 0 => format!(
                    "{}{}",
                    Style::new().cyan().bold().apply_to(deck),
                    dim.apply_to(rest)
                ),
                _ => dim.apply_to(line).to_string(),
            };
            self.term.write_line(&styled)?;
        }
        self.term.write_line("")?;
        let label = Style::new().bold().yellow().apply_to("Q");
        let width = cols.saturating_sub(2);
        let body = if revealed {
            card_view::revealed_lines(&card.card, width, self.colour())
        } else {
            card_view::question_lines(&card.card, width, self.colour())
        };
        for (index, line) in body.iter().enumerate() {
            // A line with its own colours (a marked gap, highlighted code)
            // is left as it is: bold around it would end at its first reset.
            let line = if line.contains('\x1b') {
                line.clone()
            } else {
                Style::new().bold().apply_to(line).to_string()
            };
            if index == 0 {
                self.term.write_line(&format!("{label} {line}"))?;
            } else {
                self.term.write_line(&format!("  {line}"))?;
            }
        }
        self.term.write_line("")?;
        for notice in &self.pending {
            for line in wrap_words(notice, cols) {
                self.term
                    .write_line(&Style::new().yellow().apply_to(line).to_string())?;
            }
        }
        if !self.pending.is_empty() {
            self.term.write_line("")?;
        }
        Ok(())
    }

    /// Draws the grade menu; returns the rows it took.
    fn grade_menu(&self, selected: u8) -> io::Result<usize> {
        let cols = self.cols();
        let mut taken = 0;
        for value in 0..=5u8 {
            let meaning = Grade::new(value).map(Grade::meaning).unwrap_or_default();
            let line = format!("{value}  {meaning}");
            taken += rows(&format!("  {line}"), cols);
            if value == selected {
                self.term.write_line(&format!(
                    "{} {}",
                    Style::new().green().apply_to("❯"),
                    Style::new().green().bold().apply_to(line)
                ))?;
            } else {
                self.term.write_line(&format!("  {line}"))?;
            }
        }
        Ok(taken + self.hints(&GRADE_KEYS)?)
    }

    /// The numbered options with the selected one marked; returns the rows.
    fn choice_menu(&self, options: &[String], selected: usize) -> io::Result<usize> {
        let cols = self.cols();
        let mut taken = 0;
        for (index, option) in options.iter().enumerate() {
            let number = format!("{}) ", index + 1);
            // Continuation lines start under the option's first letter.
            let option = visible(option);
            let lines = wrap_words(&option, cols.saturating_sub(2 + number.len()));
            for (at, line) in lines.iter().enumerate() {
                let text = if at == 0 {
                    format!("{number}{line}")
                } else {
                    format!("{}{line}", " ".repeat(number.len()))
                };
                taken += rows(&format!("  {text}"), cols);
                if index == selected {
                    let marker = if at == 0 { "❯" } else { " " };
                    self.term.write_line(&format!(
                        "{} {}",
                        Style::new().green().apply_to(marker),
                        Style::new().green().bold().apply_to(text)
                    ))?;
                } else {
                    self.term.write_line(&format!("  {text}"))?;
                }
            }
        }
        let keys = format!("↑↓ 또는 1-{}", options.len());
        Ok(taken + self.hints(&[&keys, "Enter 선택", "q 종료"])?)
    }

    fn choose(&self, options: &[String]) -> io::Result<Option<usize>> {
        let mut selected = 0;
        self.term.hide_cursor()?;
        let chosen = loop {
            let taken = self.choice_menu(options, selected)?;
            let key = self.term.read_key_raw()?;
            self.term.clear_last_lines(taken)?;
            match key {
                Key::ArrowUp | Key::Char('k') => selected = selected.saturating_sub(1),
                Key::ArrowDown | Key::Char('j') => {
                    selected = (selected + 1).min(options.len().saturating_sub(1));
                }
                Key::Enter => break Some(selected),
                Key::Char(c) => match c.to_digit(10).and_then(|d| usize::try_from(d).ok()) {
                    Some(n) if (1..=options.len()).contains(&n) => break Some(n - 1),
                    _ if c == 'q' => break None,
                    _ => {}
                },
                Key::Escape | Key::CtrlC => break None,
                _ => {}
            }
        };
        self.term.show_cursor()?;
        Ok(chosen)
    }
}

impl Prompter for TermPrompter {
    fn question(&mut self, card: &CardRecord, progress: Progress) -> Result<AtQuestion> {
        self.screen(card, progress, false)?;
        self.pending.clear();
        self.hints(&QUESTION_KEYS)?;
        loop {
            match self.term.read_key_raw()? {
                Key::Enter | Key::Char(' ') => return Ok(AtQuestion::Reveal),
                Key::Char('s') => return Ok(AtQuestion::Suspend),
                Key::Char('b') => return Ok(AtQuestion::Bury),
                Key::Char('u') => return Ok(AtQuestion::Undo),
                Key::Char('q') | Key::Escape | Key::CtrlC => return Ok(AtQuestion::Quit),
                _ => {}
            }
        }
    }

    fn answer(&mut self, card: &CardRecord, progress: Progress) -> Result<AtAnswer> {
        self.screen(card, progress, true)?;
        let cols = self.cols();
        let label = Style::new().bold().green().apply_to("A");
        let answer =
            card_view::answer_lines(&card.card.answer, cols.saturating_sub(2), self.colour());
        if answer.len() > 1 {
            // A multi-line answer starts on its own line, indented as a block.
            self.term.write_line(&label.to_string())?;
            for line in &answer {
                self.term.write_line(&format!("  {line}"))?;
            }
        } else {
            let line = answer.first().map(String::as_str).unwrap_or_default();
            self.term.write_line(&format!("{label} {line}"))?;
        }
        self.term.write_line("")?;
        let mut selected = self.default_grade;
        self.term.hide_cursor()?;
        let result = loop {
            let taken = self.grade_menu(selected)?;
            let key = self.term.read_key_raw()?;
            self.term.clear_last_lines(taken)?;
            match key {
                Key::ArrowUp | Key::Char('k') => selected = selected.saturating_sub(1),
                Key::ArrowDown | Key::Char('j') => selected = (selected + 1).min(5),
                Key::Enter => break Grade::new(selected).map(AtAnswer::Grade),
                Key::Char(c @ '0'..='5') => {
                    break c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .and_then(Grade::new)
                        .map(AtAnswer::Grade);
                }
                Key::Char('u') => break Some(AtAnswer::Undo),
                Key::Char('s') => break Some(AtAnswer::Suspend),
                Key::Char('b') => break Some(AtAnswer::Bury),
                Key::Char('q') | Key::Escape | Key::CtrlC => break Some(AtAnswer::Quit),
                _ => {}
            }
        };
        self.term.show_cursor()?;
        result.ok_or_else(|| Error::Internal("grade out of range".into()))
    }

    fn quiz(&mut self, prompt: &QuizPrompt<'_>) -> Result<QuizReply> {
        // Quiz screens are not cleared: notices are already on screen.
        self.pending.clear();
        let cols = self.cols();
        if prompt.number > 1 {
            self.term.write_line("")?;
        }
        let title = format!(
            "[{}/{}] {}",
            prompt.number,
            prompt.total,
            visible(prompt.question)
        );
        for line in wrap_words(&title, cols) {
            self.term
                .write_line(&Style::new().bold().apply_to(line).to_string())?;
        }
        let marker = Style::new().green().apply_to(TYPED_PROMPT).to_string();
        if prompt.options.is_empty() {
            let line = line_editor::read_line(&self.term, TYPED_PROMPT, &marker, &self.typed)?;
            return Ok(match line {
                Some(text) => {
                    if !text.trim().is_empty() && self.typed.last() != Some(&text) {
                        self.typed.push(text.clone());
                    }
                    QuizReply::Typed(text)
                }
                None => QuizReply::Quit,
            });
        }
        Ok(match self.choose(prompt.options)? {
            Some(index) => {
                let option = prompt
                    .options
                    .get(index)
                    .map(|o| visible(o).into_owned())
                    .unwrap_or_default();
                for line in wrap_words(&format!("{TYPED_PROMPT}{option}"), cols) {
                    self.term.write_line(&line)?;
                }
                QuizReply::Choice(index)
            }
            None => QuizReply::Quit,
        })
    }

    fn notice(&mut self, text: &str) -> Result<()> {
        let text = visible(text);
        for line in wrap_words(&text, self.cols()) {
            self.term
                .write_line(&Style::new().bold().apply_to(line).to_string())?;
        }
        self.pending.push(text.to_string());
        Ok(())
    }
}
