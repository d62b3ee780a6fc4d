//! The command line: clap types, the environment resolved once, one file
//! per command.

mod backup;
mod cards;
mod check;
mod completions;
mod env;
mod eval;
mod export;
mod import;
mod lint;
mod optimize;
mod quiz;
mod review;
mod scheduler;
mod stats;
mod status;
mod suspend;
mod sync;
mod undo;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use env::Env;

use crate::error::Result;

#[derive(Debug, Parser)]
#[command(
    name = "recall",
    version,
    about = "Spaced-repetition flashcards from Korean Python study notes (SM-2 over SQLite)"
)]
pub struct Cli {
    /// Database file [default: the platform data directory, e.g. ~/.local/share/recall/recall.db]
    #[arg(long, env = "RECALL_DB", global = true, value_name = "PATH")]
    db: Option<std::path::PathBuf>,
    /// Use this moment instead of the clock: YYYY-MM-DD (noon) or RFC 3339
    #[arg(long, env = "RECALL_NOW", global = true, value_name = "WHEN")]
    now: Option<String>,
    /// Fix every random choice (quiz questions, option order)
    #[arg(long, env = "RECALL_SEED", global = true, value_name = "N")]
    seed: Option<u64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The daily review session (SM-2, or FSRS: see `recall scheduler`)
    Review(review::Args),
    /// Quiz yourself on library functions
    Quiz(quiz::Args),
    /// Counts per deck: new / learning / due / suspended / total
    Status(status::Args),
    /// List cards with their scheduling state
    Cards(cards::Args),
    /// Import your own markdown notes as a deck
    Import(import::Args),
    /// Regenerate the built-in decks (keeps progress)
    Sync,
    /// Check cards against the card rules: the built-in decks, or FILE.md…
    Lint(lint::Args),
    /// Export decks as Anki CSV or a JSON backup
    Export(export::Args),
    /// Forecast, heatmap, retention, streak, most lapsed cards
    Stats(stats::Args),
    /// Revert the last answer
    Undo,
    /// Take cards out of the review queue
    Suspend(suspend::Args),
    /// Put suspended cards back into the review queue
    Unsuspend(suspend::Args),
    /// Print shell completions
    Completions(completions::Args),
    /// Show or set the scheduler: sm2 (default) or fsrs, and FSRS's retention
    Scheduler(scheduler::Args),
    /// Fit FSRS's parameters to your review log
    Optimize(optimize::Args),
    /// How well SM-2 and FSRS predict your recalls (log loss, RMSE(bins), AUC)
    Eval(eval::Args),
    /// Verify the database: integrity, counters, each card against its log
    Check(check::Args),
    /// Write a snapshot of the database into the `backups` folder beside it
    Backup,
    /// Replace the collection with a snapshot (the current one is kept as a snapshot)
    Restore(backup::RestoreArgs),
}

/// Parses the arguments, runs the command and maps the outcome to an exit
/// code: 0 ok, 1 a user or data error (one `recall: …` line, and a `hint: …`
/// line where one helps), 2 bad usage, 3 an internal fault (see
/// [`crate::error`]).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = err.exit_code();
            // Help and version go to stdout; ignore a closed pipe there too.
            let _ = err.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            // An unwritable stderr (closed, a full disk) must not turn an
            // error into a panic: the exit code still tells.
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "recall: {err}");
            if let Some(hint) = err.hint() {
                let _ = writeln!(stderr, "hint: {hint}");
            }
            ExitCode::from(err.exit_code())
        }
    }
}

fn dispatch(cli: Cli) -> Result<()> {
    if let Command::Completions(args) = &cli.command {
        return completions::run(args);
    }
    // The check reads documents only: no database, no clock.
    if let Command::Lint(args) = &cli.command {
        return lint::run(args);
    }
    let env = Env::resolve(cli.db, cli.now.as_deref(), cli.seed)?;
    match cli.command {
        Command::Review(args) => review::run(&args, &env),
        Command::Quiz(args) => quiz::run(&args, &env),
        Command::Status(args) => status::run(&args, &env),
        Command::Cards(args) => cards::run(&args, &env),
        Command::Import(args) => import::run(&args, &env),
        Command::Sync => sync::run(&env),
        Command::Lint(args) => lint::run(&args),
        Command::Export(args) => export::run(&args, &env),
        Command::Stats(args) => stats::run(&args, &env),
        Command::Undo => undo::run(&env),
        Command::Suspend(args) => suspend::run(&args, &env, true),
        Command::Unsuspend(args) => suspend::run(&args, &env, false),
        Command::Completions(args) => completions::run(&args),
        Command::Scheduler(args) => scheduler::run(&args, &env),
        Command::Optimize(args) => optimize::run(&args, &env),
        Command::Eval(args) => eval::run(&args, &env),
        Command::Check(args) => check::run(&args, &env),
        Command::Backup => backup::run_backup(&env),
        Command::Restore(args) => backup::run_restore(&args, &env),
    }
}

/// `clap` command for completions and docs.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
