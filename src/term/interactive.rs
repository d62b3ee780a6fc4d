//! The interactive screens: the review card with a grade menu (arrows or a
//! digit; `u` undo, `s` suspend, `b` bury, `q` or Ctrl-C quit), and the quiz
//! through dialoguer's Select and Input.

use std::io;

use console::{Key, Style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};

use super::render_text;
use crate::app::prompt::{AtAnswer, AtQuestion, Progress, Prompter, QuizPrompt, QuizReply};
use crate::domain::collection::CardRecord;
use crate::domain::sm2::Grade;
use crate::error::{Error, Result};

pub struct TermPrompter {
    term: Term,
    theme: ColorfulTheme,
    /// The grade the menu starts on.
    default_grade: u8,
    /// Notices given since the last card; the next card's screen shows them
    /// again, since drawing it clears the screen.
    pending: Vec<String>,
}

impl Default for TermPrompter {
    fn default() -> Self {
        TermPrompter {
            term: Term::stdout(),
            theme: ColorfulTheme::default(),
            default_grade: 4,
            pending: Vec::new(),
        }
    }
}

/// Ctrl-C inside a dialoguer prompt surfaces as an interrupted read.
fn interrupted(err: &dialoguer::Error) -> bool {
    let dialoguer::Error::IO(e) = err;
    e.kind() == io::ErrorKind::Interrupted
}

impl TermPrompter {
    fn header(&self, card: &CardRecord, progress: Progress) -> io::Result<()> {
        self.screen(card, progress)?;
        for notice in &self.pending {
            self.term
                .write_line(&Style::new().yellow().apply_to(notice).to_string())?;
        }
        if !self.pending.is_empty() {
            self.term.write_line("")?;
        }
        Ok(())
    }

    fn screen(&self, card: &CardRecord, progress: Progress) -> io::Result<()> {
        let dim = Style::new().dim();
        let mode = if progress.drilling {
            " · ▶ 반복 연습 중 (drilling)"
        } else {
            ""
        };
        self.term.clear_screen()?;
        self.term.write_line(&format!(
            "{}  {}",
            Style::new().cyan().bold().apply_to(&card.card.deck),
            dim.apply_to(format!(
                "{} 완료 / {} 남음 · 새 카드 {} · 복습 {} · 반복 {}{mode}",
                progress.done,
                progress.left,
                progress.new_left,
                progress.review_left,
                progress.drill_left
            ))
        ))?;
        self.term.write_line("")?;
        self.term.write_line(&format!(
            "{} {}",
            Style::new().bold().yellow().apply_to("Q"),
            Style::new()
                .bold()
                .apply_to(render_text(&card.card.question, |l| l.to_string()))
        ))?;
        self.term.write_line("")
    }

    fn grade_menu(&self, selected: u8) -> io::Result<()> {
        for value in 0..=5u8 {
            let meaning = Grade::new(value).map(Grade::meaning).unwrap_or_default();
            let line = format!("{value}  {meaning}");
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
        self.term.write_line(
            &Style::new()
                .dim()
                .apply_to("↑↓ 또는 0-5 · Enter 선택 · u 되돌리기 · s 보류 · b 내일로 · q 종료")
                .to_string(),
        )
    }
}

impl Prompter for TermPrompter {
    fn question(&mut self, card: &CardRecord, progress: Progress) -> Result<AtQuestion> {
        self.header(card, progress)?;
        self.pending.clear();
        self.term.write_line(
            &Style::new()
                .dim()
                .apply_to("Enter 답 보기 · s 보류(suspend) · b 내일로(bury) · u 되돌리기 · q 종료")
                .to_string(),
        )?;
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
        self.header(card, progress)?;
        let code = Style::new().cyan();
        let answer = render_text(&card.card.answer, |l| code.apply_to(l).to_string());
        let label = Style::new().bold().green().apply_to("A");
        if answer.contains('\n') {
            // A multi-line answer starts on its own line, indented as a block.
            self.term.write_line(&label.to_string())?;
            for line in answer.lines() {
                self.term.write_line(&format!("  {line}"))?;
            }
        } else {
            self.term.write_line(&format!("{label} {answer}"))?;
        }
        self.term.write_line("")?;
        let mut selected = self.default_grade;
        self.term.hide_cursor()?;
        let result = loop {
            self.grade_menu(selected)?;
            let key = self.term.read_key_raw()?;
            self.term.clear_last_lines(7)?;
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
        let title = format!("[{}/{}] {}", prompt.number, prompt.total, prompt.question);
        let reply = if prompt.options.is_empty() {
            Input::<String>::with_theme(&self.theme)
                .with_prompt(title)
                .allow_empty(true)
                .interact_text_on(&self.term)
                .map(QuizReply::Typed)
        } else {
            Select::with_theme(&self.theme)
                .with_prompt(title)
                .items(prompt.options)
                .default(0)
                .interact_on_opt(&self.term)
                .map(|choice| choice.map_or(QuizReply::Quit, QuizReply::Choice))
        };
        match reply {
            Ok(reply) => Ok(reply),
            Err(e) if interrupted(&e) => {
                self.term.show_cursor()?;
                Ok(QuizReply::Quit)
            }
            Err(dialoguer::Error::IO(e)) => Err(Error::Io(e)),
        }
    }

    fn notice(&mut self, text: &str) -> Result<()> {
        self.term
            .write_line(&Style::new().bold().apply_to(text).to_string())?;
        Ok(())
    }
}
