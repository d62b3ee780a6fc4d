//! `recall export`: Anki CSV or a JSON backup, to stdout or a file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::Env;
use crate::app::export::{ExportFormat, export, export_to_file};
use crate::app::library;
use crate::error::Result;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    AnkiCsv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only decks whose path, or one of its `::` parts, starts with this, any
    /// case (`python-libraries::1단계`, `python`, `1단계`)
    #[arg(long, value_name = "PREFIX")]
    deck: Option<String>,
    #[arg(long, value_enum, default_value_t = FormatArg::AnkiCsv)]
    format: FormatArg,
    /// Write to this file (atomically) instead of stdout; never the database,
    /// a symbolic link, a read-only or a non-regular file
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: &Args, env: &Env) -> Result<()> {
    let collection = env.open()?;
    // A --deck that matches nothing is a typo, not an empty export.
    library::require_deck(&collection, args.deck.as_deref())?;
    let format = match args.format {
        FormatArg::AnkiCsv => ExportFormat::AnkiCsv,
        FormatArg::Json => ExportFormat::Json,
    };
    let at = env.now.rfc3339();
    // `-o -` is stdout, as for most tools.
    let output = args.output.as_deref().filter(|p| *p != Path::new("-"));
    match output {
        Some(path) => {
            let count = export_to_file(
                &collection,
                args.deck.as_deref(),
                format,
                &at,
                path,
                &env.db,
            )?;
            // The export is done; an unwritable stderr does not undo that.
            let _ = writeln!(io::stderr(), "recall: {count} cards → {}", path.display());
        }
        None => {
            // Not locked: the export writes from a thread of its own.
            let mut out = io::BufWriter::new(io::stdout());
            export(&collection, args.deck.as_deref(), format, &at, &mut out)?;
            out.flush()?;
        }
    }
    Ok(())
}
