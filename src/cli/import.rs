//! `recall import`: turn your own notes into a deck.

use crate::domain::display::visible;
use std::io::{self, Write};
use std::path::PathBuf;

use super::Env;
use crate::app::library::{self, Format};
use crate::domain::card::{GeneratedDeck, Generator};
use crate::domain::lint;
use crate::error::Result;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum FormatArg {
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
    /// Show the cards it would make and the card-rule report (as `recall
    /// lint`) without changing the database
    #[arg(long)]
    dry_run: bool,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Auto => Format::Auto,
            FormatArg::Library => Format::Shape(Generator::Library),
            FormatArg::Roadmap => Format::Shape(Generator::Roadmap),
            FormatArg::Reference => Format::Shape(Generator::Reference),
            FormatArg::Curriculum => Format::Shape(Generator::Curriculum),
            FormatArg::Notes => Format::Shape(Generator::Notes),
        }
    }
}

/// A card's text on one line of the dry run's list, cut to `max` characters.
fn compact(text: &str, max: usize) -> String {
    let line = visible(text).replace('\n', " ⏎ ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The dry run's list: the cards it would make (line, kind, question →
/// answer), then the card-rule report, as `recall lint` prints it.
fn write_preview(out: &mut impl Write, file: &str, generated: &GeneratedDeck) -> Result<()> {
    for card in &generated.cards {
        writeln!(
            out,
            "  {:>4} {:<7} {} → {}",
            card.source.line,
            card.kind.as_str(),
            compact(&card.question, 80),
            compact(&card.answer, 60)
        )?;
    }
    let report = lint::report(file, generated);
    writeln!(
        out,
        "  {} problems, {} skipped",
        report.problems.len(),
        report.skipped.len()
    )?;
    super::lint::write_report(out, &report)?;
    Ok(())
}

/// Why a document made no cards: read as a shape it does not have, or
/// nothing in it was a card.
fn no_cards_hint(file: &library::Imported) -> String {
    if file.generator == file.detected {
        format!(
            "0 cards: nothing in this document made a card when read as {}; \
             `recall lint {}` shows what was skipped and why",
            file.generator.shape(),
            file.file.display()
        )
    } else {
        format!(
            "0 cards: this document does not look like {} (it reads as {}); try --format auto",
            file.generator.shape(),
            file.detected.shape()
        )
    }
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let format = Format::from(args.format);
    let imported = library::import_opening(
        || env.open(),
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
        if file.cards == 0 {
            writeln!(io::stderr().lock(), "hint: {}", no_cards_hint(file))?;
        }
        if let Some(generated) = &file.preview {
            write_preview(&mut out, &file.file.display().to_string(), generated)?;
            continue;
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
