//! `recall sync`: regenerate the built-in decks, keeping progress.

use std::io::{self, Write};

use super::Env;
use crate::app::library;
use crate::error::Result;
use crate::term::tables;

pub fn run(env: &Env) -> Result<()> {
    let mut collection = env.open()?;
    let summary = library::sync_builtin(&mut collection)?;
    writeln!(io::stdout().lock(), "{}", tables::sync(&summary))?;
    Ok(())
}
