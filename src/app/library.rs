//! Opening the collection and keeping its decks in step with the documents.

use std::borrow::BorrowMut;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde::Serialize;

use crate::decks::{BUILTIN, fingerprint};
use crate::domain::card::{Card, GeneratedDeck, Generator, Skipped};
use crate::domain::clock::Now;
use crate::domain::collection::SyncReport;
use crate::domain::generators::{self, Document};
use crate::domain::natural::natural_cmp;
use crate::domain::{encoding, markdown};
use crate::error::{Error, Result};
use crate::storage::{Batch, Store};

const BUILTIN_FINGERPRINT: &str = "builtin_fingerprint";

/// An open collection: the one door to the store. The command line holds
/// it and hands it to the use cases in `app`, which alone reach inside.
pub struct Collection {
    pub(super) store: Store,
}

impl Collection {
    /// A collection in memory, for tests and trials; nothing is written.
    pub fn in_memory() -> Result<Collection> {
        let mut collection = Collection {
            store: Store::open_in_memory()?,
        };
        sync_builtin_if_changed(&mut collection)?;
        Ok(collection)
    }
}

/// Opens the database at `path`, creating it (and its folder) when missing.
/// When the built-in decks in this build differ from the ones in the
/// database, they are synced first and the report is returned. `now` names
/// snapshots and decides the once-a-day one.
pub fn open(path: &Path, now: Now) -> Result<(Collection, Option<SyncReport>)> {
    let mut collection = open_unsynced(path, now)?;
    let report = sync_builtin_if_changed(&mut collection)?;
    Ok((collection, report))
}

/// Opens the database without syncing the built-in decks: `check` and
/// `restore` read or replace it as it is.
pub fn open_unsynced(path: &Path, now: Now) -> Result<Collection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|source| Error::File {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let mut store = Store::open(path).map_err(|source| Error::Database {
        path: path.to_path_buf(),
        source,
    })?;
    store.set_now(now);
    Ok(Collection { store })
}

fn sync_builtin_if_changed(collection: &mut Collection) -> Result<Option<SyncReport>> {
    let current = fingerprint();
    if collection.store.meta(BUILTIN_FINGERPRINT)?.as_deref() == Some(current.as_str()) {
        return Ok(None);
    }
    let report = sync_builtin(collection)?;
    Ok(Some(report.total))
}

/// A sync's report, per document and in total.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncSummary {
    pub decks: Vec<(String, SyncReport)>,
    pub total: SyncReport,
}

/// Regenerates every built-in deck; progress is kept by card id.
pub fn sync_builtin(collection: &mut Collection) -> Result<SyncSummary> {
    let generated: Vec<_> = BUILTIN.iter().map(|deck| deck.generate()).collect();
    Ok(collection.store.write_batch(Batch::Rewrite, |store| {
        let mut summary = SyncSummary::default();
        for (index, (deck, generated)) in BUILTIN.iter().zip(&generated).enumerate() {
            let origin = format!("builtin:{}", deck.deck);
            let base = i64::try_from(index).unwrap_or(0) * 1_000_000;
            let report = store.sync_origin(&origin, base, generated)?;
            summary.total.add(&report);
            summary.decks.push((deck.deck.to_string(), report));
        }
        store.set_meta(BUILTIN_FINGERPRINT, &fingerprint())?;
        Ok(summary)
    })?)
}

/// Checks that `--deck` matches a deck with active cards, so that an empty
/// session, quiz or list says why instead of showing nothing.
pub fn require_deck(collection: &Collection, deck: Option<&str>) -> Result<()> {
    let Some(prefix) = deck else {
        return Ok(());
    };
    if !collection.store.deck_names(Some(prefix))?.is_empty() {
        return Ok(());
    }
    let names = collection.store.deck_names(None)?;
    Err(Error::NoDeck {
        prefix: prefix.to_string(),
        top: top_level(&names),
    })
}

/// The first `::` parts of these deck paths, once each, in natural order.
fn top_level(decks: &[String]) -> Vec<String> {
    let mut top: Vec<String> = decks
        .iter()
        .filter_map(|d| d.split("::").next())
        .map(str::to_string)
        .collect();
    top.sort_by(|a, b| natural_cmp(a, b));
    top.dedup();
    top
}

/// How to read an imported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Auto,
    Shape(Generator),
}

/// What importing one file did (or would do, on a dry run).
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub file: PathBuf,
    pub deck: String,
    pub generator: Generator,
    /// The shape `--format auto` picks for this document.
    pub detected: Generator,
    pub cards: usize,
    pub report: Option<SyncReport>,
    pub skipped: Vec<Skipped>,
    /// On a dry run, the cards it would make, for the preview and the
    /// card-rule report.
    #[serde(skip)]
    pub preview: Option<GeneratedDeck>,
}

/// The largest document `import` reads: notes far beyond any study
/// document, small enough to hold in memory with its cards.
pub const MAX_IMPORT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a document: a regular file (not a device, FIFO or directory) of
/// at most [`MAX_IMPORT_BYTES`]. The read itself stops past the limit, so
/// a file that grows while it is read cannot take more memory either.
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let file_error = |source| Error::File {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(file_error)?;
    let meta = file.metadata().map_err(file_error)?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = || Error::TooLarge {
        path: path.to_path_buf(),
        limit: MAX_IMPORT_BYTES,
    };
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    // The whole file at once: grown as it is read, the buffer would end up
    // to twice its size (at 4.5 MB, 8 MB held through the whole import).
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(file_error)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_IMPORT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A document read and generated: its deck, the generator used, the one
/// `--format auto` picks, and the cards.
pub struct ReadDocument {
    pub deck: String,
    pub generator: Generator,
    pub detected: Generator,
    pub generated: GeneratedDeck,
}

/// A user document read, checked and parsed, handed to `generate` with its
/// deck, the generator to use and the one `--format auto` picks.
fn with_document<T>(
    path: &Path,
    deck: Option<&str>,
    format: Format,
    generate: impl FnOnce(Document<'_>, &[markdown::Block], Generator, Generator) -> T,
) -> Result<T> {
    let bytes = read_bounded(path)?;
    let text = encoding::check(&bytes).map_err(|source| Error::Encoding {
        path: path.to_path_buf(),
        source,
    })?;
    let blocks = markdown::parse(text);
    let detected = generators::detect_blocks(&blocks);
    let generator = match format {
        Format::Auto => detected,
        Format::Shape(g) => g,
    };
    let deck = match deck {
        Some(name) => name.trim().to_string(),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "imported".to_string()),
    };
    if deck.is_empty() || deck.split("::").any(|part| part.trim().is_empty()) {
        return Err(Error::DeckName(deck));
    }
    let file = path.display().to_string();
    let doc = Document {
        file: &file,
        deck: &deck,
        text,
    };
    Ok(generate(doc, &blocks, generator, detected))
}

/// Reads, checks and generates one user document.
pub fn read_document(path: &Path, deck: Option<&str>, format: Format) -> Result<ReadDocument> {
    with_document(path, deck, format, |doc, blocks, generator, detected| {
        ReadDocument {
            deck: doc.deck.to_string(),
            generator,
            detected,
            generated: generators::generate_from_blocks(generator, doc, blocks),
        }
    })
}

/// Cards handed from the reading thread to the writing one at a time: a
/// few batches in flight hold well under a megabyte.
const IMPORT_BATCH: usize = 512;

/// What the reading thread hands the writing one, for each file in turn:
/// its deck, its cards a batch at a time, then the rest of what it made.
enum Piece {
    Deck(String),
    Cards(Vec<Card>),
    Done(Box<DocumentEnd>),
}

/// A document's end: how it was read, how many cards it made, and what
/// else (quiz facts, skipped parts).
struct DocumentEnd {
    generator: Generator,
    detected: Generator,
    cards: usize,
    rest: GeneratedDeck,
}

/// Reads and generates each file in turn, handing the pieces to `send`
/// until it refuses one (the writer stopped). Stops at the first file
/// that cannot be read; its error is the last thing sent. Before each
/// batch it drops the batches the writer is done with (`spent`): freed on
/// the thread that made them, they cost a third of what they do on the
/// other one (no lock on this thread's memory arena).
fn read_in_batches(
    files: &[PathBuf],
    deck: Option<&str>,
    format: Format,
    send: impl Fn(Result<Piece>) -> bool,
    spent: &mpsc::Receiver<Vec<Card>>,
) {
    for path in files {
        let mut open = true;
        let outcome = with_document(path, deck, format, |doc, blocks, generator, detected| {
            open = send(Ok(Piece::Deck(doc.deck.to_string())));
            let mut cards = 0;
            let rest = generators::generate_in_batches(
                generator,
                doc,
                blocks,
                IMPORT_BATCH,
                &mut |batch| {
                    cards += batch.len();
                    spent.try_iter().for_each(drop);
                    // Once the writer has stopped, the rest is only made and
                    // dropped: one document's worth at most.
                    open = open && send(Ok(Piece::Cards(batch)));
                },
            );
            DocumentEnd {
                generator,
                detected,
                cards,
                rest,
            }
        });
        let failed = outcome.is_err();
        if !open || !send(outcome.map(|end| Piece::Done(Box::new(end)))) || failed {
            return;
        }
    }
}

/// Imports user documents; each file is its own origin, so importing it
/// again updates its cards instead of duplicating them.
pub fn import(
    collection: &mut Collection,
    files: &[PathBuf],
    deck: Option<&str>,
    format: Format,
    dry_run: bool,
) -> Result<Vec<Imported>> {
    import_opening(|| Ok(collection), files, deck, format, dry_run)
}

/// [`import`] into the collection that `open` gives, opened while the
/// documents are already being read: creating a database (its schema, the
/// built-in decks, their syncs to disk) takes as long as reading the first
/// few thousand notes, and need not come first.
pub fn import_opening<C: BorrowMut<Collection>>(
    open: impl FnOnce() -> Result<C>,
    files: &[PathBuf],
    deck: Option<&str>,
    format: Format,
    dry_run: bool,
) -> Result<Vec<Imported>> {
    if dry_run {
        // Opened all the same: a database that cannot be opened is an
        // error a dry run should show too.
        open()?;
        return files
            .iter()
            .map(|path| {
                let doc = read_document(path, deck, format)?;
                Ok(Imported {
                    file: path.clone(),
                    deck: doc.deck,
                    generator: doc.generator,
                    detected: doc.detected,
                    cards: doc.generated.cards.len(),
                    report: None,
                    skipped: doc.generated.skipped.clone(),
                    preview: Some(doc.generated),
                })
            })
            .collect();
    }
    // One transaction for all the files: a file that fails (or a full
    // disk) leaves the collection as it was. A snapshot comes first when
    // there is history to protect. The files are read and their cards made
    // on a second thread while this one writes the cards before them; a
    // few batches in flight, so memory stays flat however large the files.
    // The reader starts first: the collection is opened (at a new
    // database: created) while it reads.
    let bytes: u64 = files
        .iter()
        .filter_map(|path| fs::metadata(path).ok())
        .map(|meta| meta.len())
        .sum();
    let kind = if bytes >= BULK_IMPORT_BYTES {
        Batch::Bulk
    } else {
        Batch::Rewrite
    };
    std::thread::scope(|scope| {
        let (sender, pieces) = mpsc::sync_channel::<Result<Piece>>(4);
        let (give_back, spent) = mpsc::sync_channel::<Vec<Card>>(4);
        std::thread::Builder::new()
            .name("recall-reader".into())
            .spawn_scoped(scope, move || {
                read_in_batches(
                    files,
                    deck,
                    format,
                    |piece| sender.send(piece).is_ok(),
                    &spent,
                );
            })?;
        let written = open().and_then(|mut collection| {
            collection
                .borrow_mut()
                .store
                .write_batch_with(kind, |store| {
                    write_pieces(store, files, &pieces, &give_back)
                })
        });
        // Dropped before the scope waits for the reader: a reader blocked
        // on a full channel then wakes to a refusal and ends.
        drop(pieces);
        written
    })
}

/// Documents of at least this size together (some 10,000 cards) are a
/// large import: written through a rollback journal when nothing else has
/// the file open (see `Batch::Bulk`).
const BULK_IMPORT_BYTES: u64 = 1 << 20;

/// Syncs each file's cards as the reader hands them over.
fn write_pieces(
    store: &mut Store,
    files: &[PathBuf],
    pieces: &mpsc::Receiver<Result<Piece>>,
    give_back: &mpsc::SyncSender<Vec<Card>>,
) -> Result<Vec<Imported>> {
    let next = || pieces.recv().map_err(|_| Error::ReaderStopped)?;
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        let Piece::Deck(deck) = next()? else {
            return Err(Error::ReaderStopped);
        };
        let origin = format!(
            "import:{deck}:{}",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        let base = store.next_ord_base(&origin)?;
        let mut sync = store.begin_origin_sync(&origin, base)?;
        let end = loop {
            match next()? {
                Piece::Cards(cards) => {
                    sync.cards(&cards)?;
                    // Dropped here when the reader has enough to drop.
                    let _ = give_back.try_send(cards);
                }
                Piece::Done(end) => break end,
                Piece::Deck(_) => return Err(Error::ReaderStopped),
            }
        };
        let report = sync.finish(&end.rest.facts)?;
        out.push(Imported {
            file: path.clone(),
            deck,
            generator: end.generator,
            detected: end.detected,
            cards: end.cards,
            report: Some(report),
            skipped: end.rest.skipped,
            preview: None,
        });
    }
    Ok(out)
}
