//! `recall lint`: every card that breaks a card rule (DESIGN §2), with the
//! rule and its source line, and what the generators skipped. Exit 1 when
//! a card breaks a rule, so that a script or CI can stop on it.

use crate::domain::display::visible;
use std::io::{self, Write};
use std::path::PathBuf;

use super::import::FormatArg;
use crate::app::lint;
use crate::domain::lint::Report;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Markdown files to check (default: the built-in decks)
    #[arg(value_name = "FILE.md")]
    files: Vec<PathBuf>,
    /// Deck name, as for import (default: the file name)
    #[arg(long)]
    deck: Option<String>,
    /// Document shape, as for import; `auto` picks it from the document
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
}

pub fn run(args: &Args) -> Result<()> {
    let docs = if args.files.is_empty() {
        lint::builtin()
    } else {
        lint::files(&args.files, args.deck.as_deref(), args.format.into())?
    };
    let mut out = io::stdout().lock();
    let (mut problems, mut cards) = (0, 0);
    for doc in &docs {
        let report = doc.report();
        writeln!(
            out,
            "{}: {} → {}: {} cards, {} problems, {} skipped",
            doc.file,
            doc.generator.as_str(),
            visible(&doc.deck),
            doc.generated.cards.len(),
            report.problems.len(),
            report.skipped.len()
        )?;
        write_report(&mut out, &report)?;
        problems += report.problems.len();
        cards += doc.generated.cards.len();
    }
    writeln!(
        out,
        "{} documents, {cards} cards: {problems} problems",
        docs.len()
    )?;
    if problems > 0 {
        return Err(Error::Lint { problems });
    }
    Ok(())
}

/// The report's lines (`file:line: rule: question — detail`, then
/// `file:line: skipped: what — reason`), indented under the document.
pub(super) fn write_report(out: &mut impl Write, report: &Report<'_>) -> io::Result<()> {
    for line in visible(&report.to_string()).lines() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}
