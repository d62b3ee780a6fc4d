//! `recall import`: turn your own notes into a deck.

use std::io::{self, Write};
use std::path::PathBuf;

use super::Env;
use crate::app::library::{self, Format};
use crate::domain::card::Generator;
use crate::error::Result;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Auto,
    Library,
    Roadmap,
    Reference,
    Curriculum,
    Notes,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Markdown files (UTF-8)
    #[arg(required = true, value_name = "FILE.md")]
    files: Vec<PathBuf>,
    /// Deck name (default: the file name); `::` makes sub-decks
    #[arg(long)]
    deck: Option<String>,
    /// Document shape; `auto` picks it from the document
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Show what would be imported without changing the database
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let format = match args.format {
        FormatArg::Auto => Format::Auto,
        FormatArg::Library => Format::Shape(Generator::Library),
        FormatArg::Roadmap => Format::Shape(Generator::Roadmap),
        FormatArg::Reference => Format::Shape(Generator::Reference),
        FormatArg::Curriculum => Format::Shape(Generator::Curriculum),
        FormatArg::Notes => Format::Shape(Generator::Notes),
    };
    let mut collection = env.open()?;
    let imported = library::import(
        &mut collection,
        &args.files,
        args.deck.as_deref(),
        format,
        args.dry_run,
    )?;
    let mut out = io::stdout().lock();
    for file in &imported {
        write!(
            out,
            "{}: {} → {}: {} cards",
            file.file.display(),
            file.generator.as_str(),
            file.deck,
            file.cards
        )?;
        match &file.report {
            Some(r) => writeln!(
                out,
                " ({} added, {} updated, {} retired, {} unchanged)",
                r.added, r.updated, r.retired, r.unchanged
            )?,
            None => writeln!(out, " (dry run: nothing changed)")?,
        }
        for skip in &file.skipped {
            writeln!(
                out,
                "  skipped line {}: {} — {}",
                skip.line, skip.what, skip.reason
            )?;
        }
    }
    Ok(())
}
