//! `recall sync`: regenerate the built-in decks, keeping progress.

use std::io::{self, Write};

use super::Env;
use crate::app::library;
use crate::error::Result;
use crate::term::tables;

pub fn run(env: &Env) -> Result<()> {
    let mut store = env.open()?;
    let summary = library::sync_builtin(&mut store)?;
    writeln!(io::stdout().lock(), "{}", tables::sync(&summary))?;
    Ok(())
}
