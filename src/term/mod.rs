//! The terminal edge: the two prompters, the line editor, layout to the
//! terminal's width, and the tables.

pub mod card_view;
pub mod interactive;
pub mod layout;
pub mod line_editor;
pub mod plain;
pub mod tables;

use std::io::{self, IsTerminal};

use crate::app::prompt::Prompter;
use crate::error::Result;

/// The prompter for a session: the line protocol when asked for, or when
/// stdin or stdout is not a terminal; otherwise the interactive screens.
/// Returns whether it is interactive.
pub fn prompter(plain: bool) -> (Box<dyn Prompter>, bool) {
    if plain || !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        let prompter =
            plain::PlainPrompter::new(io::stdin().lock(), io::stdout().lock(), io::stderr());
        return (Box::new(prompter), false);
    }
    // The screens read Ctrl-C as a key (input is raw while they wait); a
    // Ctrl-C between two reads must not kill the process with the cursor
    // hidden and the terminal raw.
    let _ = ctrlc::set_handler(|| {});
    (Box::new(interactive::TermPrompter::default()), true)
}

/// Asks a yes/no question before something that replaces the user's data
/// (dialoguer's confirm prompt; `n` is the default). Without a terminal —
/// a script, a pipe — there is nobody to ask: the command goes ahead, as
/// its flags said. Ctrl-C or Esc answers no.
pub fn confirm(question: &str) -> Result<bool> {
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Ok(true);
    }
    let answer = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact_opt()
        .map_err(|err| match err {
            dialoguer::Error::IO(io) => io,
        })?;
    Ok(answer.unwrap_or(false))
}
