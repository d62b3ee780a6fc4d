//! Where `recall export -o FILE` may write, and how.
//!
//! An export never replaces what it must not: the database or its
//! `-wal`, `-shm` or `-journal` file (by any spelling of the path: the
//! canonical paths and the device and inode are compared), a symbolic link
//! (refused rather than followed: replacing it would cut the link, writing
//! through it would reach a file the user did not name), anything that is
//! not a regular file (a directory, a FIFO, `/dev/null` — replacing a device
//! node as root would break the system), or a file without write
//! permission. An existing file keeps its permission mode (and, where the
//! system allows, its owner).
//!
//! The export is written to a hidden temporary file in the same folder and
//! renamed over FILE when complete, so FILE is never half-written. Error
//! messages name FILE only, never the temporary file.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum TargetError {
    #[error("{}: this is the collection's database{}; export to another file", path.display(), which)]
    Database { path: PathBuf, which: &'static str },
    #[error("{}: a symbolic link; name the file it points to", path.display())]
    Symlink { path: PathBuf },
    #[error("{}: not a regular file ({kind}); leave out -o to write to stdout", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("{}: read-only; not replaced", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// The files SQLite keeps beside a database, by suffix, and how a message
/// names them.
const DATABASE_FILES: [(&str, &str); 4] = [
    ("", ""),
    ("-wal", " (its write-ahead log)"),
    ("-shm", " (its shared-memory index)"),
    ("-journal", " (its rollback journal)"),
];

/// A checked export target: see [`check`] and [`Target::write`].
#[derive(Debug)]
pub struct Target {
    path: PathBuf,
    /// The file being replaced, if there is one.
    existing: Option<Metadata>,
}

/// An io error with any path the library attached to it left out (tempfile
/// names its temporary file); the message names FILE instead.
fn scrub(error: io::Error) -> io::Error {
    match error.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::from(error.kind()),
    }
}

fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// `path` with its folder resolved (symbolic links, `..`, `.`), for a file
/// that may not exist yet.
fn canonical(path: &Path) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(fs::canonicalize(dir)?.join(name))
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Checks that `path` may receive an export of the collection at
/// `database`, before anything is written.
pub fn check(path: &Path, database: &Path) -> Result<Target, TargetError> {
    let io_error = |source: io::Error| TargetError::Io {
        path: path.to_path_buf(),
        source: scrub(source),
    };
    let existing = match fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(e)),
    };
    if let Some(meta) = &existing {
        if meta.file_type().is_symlink() {
            return Err(TargetError::Symlink {
                path: path.to_path_buf(),
            });
        }
        if !meta.is_file() {
            return Err(TargetError::NotRegular {
                path: path.to_path_buf(),
                kind: kind_of(meta),
            });
        }
    }
    let target = canonical(path).map_err(io_error)?;
    let database = canonical(database).ok();
    for (suffix, which) in DATABASE_FILES {
        let Some(db) = &database else { break };
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        let db_file = PathBuf::from(name);
        let same_inode = match (&existing, fs::metadata(&db_file)) {
            (Some(target), Ok(db)) => same_file(target, &db),
            _ => false,
        };
        if same_inode || db_file == target {
            return Err(TargetError::Database {
                path: path.to_path_buf(),
                which,
            });
        }
    }
    if let Some(meta) = &existing {
        // A file without any write permission is its owner's "keep this":
        // refused even for root, who could write it anyway. Opening for
        // writing (without truncating) asks the system whether this user
        // may change the file at all.
        let writable =
            !meta.permissions().readonly() && OpenOptions::new().write(true).open(path).is_ok();
        if !writable {
            return Err(TargetError::ReadOnly {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(Target {
        path: path.to_path_buf(),
        existing,
    })
}

impl Target {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `write` on a temporary file in FILE's folder, then gives it
    /// FILE's mode (and owner), syncs it and renames it over FILE. When
    /// `write` fails, the temporary file is removed and FILE is untouched.
    pub fn write<T, E>(
        &self,
        write: impl FnOnce(&mut BufWriter<WriteBehind<'_>>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<TargetError>,
    {
        let io_error = |source: io::Error| TargetError::Io {
            path: self.path.clone(),
            source: scrub(source),
        };
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".recall-export-").suffix(".tmp");
        #[cfg(unix)]
        let new_file_mode = {
            use std::os::unix::fs::PermissionsExt;
            // A new file gets the mode any new file gets: 0666 less the
            // umask (tempfile's own default, 0600, would hide it).
            fs::Permissions::from_mode(0o666)
        };
        #[cfg(unix)]
        if self.existing.is_none() {
            builder.permissions(new_file_mode);
        }
        let mut temp = builder.tempfile_in(dir).map_err(io_error)?;
        let value = {
            let mut out = BufWriter::new(WriteBehind::new(temp.as_file_mut()));
            let value = write(&mut out)?;
            out.flush().map_err(io_error)?;
            value
        };
        if let Some(meta) = &self.existing {
            temp.as_file()
                .set_permissions(meta.permissions())
                .map_err(io_error)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Best effort: only root may give a file to another user,
                // and for the user's own file this changes nothing.
                let _ =
                    std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
            }
        }
        temp.as_file().sync_all().map_err(io_error)?;
        temp.persist(&self.path).map_err(|e| io_error(e.error))?;
        // The rename is durable once the folder is synced; not every
        // system can sync a folder, and the export is complete without it.
        if let Ok(folder) = File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(value)
    }
}

/// How much of the file is written before its writeback is started.
const WRITE_BEHIND: u64 = 1 << 20;

/// The temporary file, with the writeback of what is written started as
/// it grows, every [`WRITE_BEHIND`] bytes: the disk writes while the rest
/// of the export is made, and the closing sync waits for the last MiB or
/// so only (at 100,000 cards, 14 MB took 10–18 ms to sync at once; 1.2 ms
/// with 4 MiB steps, 0.5 ms with 1 MiB steps).
///
/// Linux starts writeback of a range on `POSIX_FADV_DONTNEED`, and drops
/// the range's pages from the page cache if they are written by then:
/// each advice covers the window advised before it too, so the file's
/// pages leave the cache as the export goes (1.2 of 13 MB still cached at
/// the end, where all 13 stayed before). The export is for another
/// program, which reads it once. Elsewhere, and if the advice fails, the
/// sync at the end does it all, as before.
#[derive(Debug)]
pub struct WriteBehind<'a> {
    file: &'a mut File,
    /// Bytes written, where the range not yet advised starts, and where
    /// the range advised once (its pages still cached) starts.
    written: u64,
    advised: u64,
    dropped: u64,
}

impl<'a> WriteBehind<'a> {
    fn new(file: &'a mut File) -> Self {
        WriteBehind {
            file,
            written: 0,
            advised: 0,
            dropped: 0,
        }
    }

    fn start_writeback(&mut self) {
        #[cfg(target_os = "linux")]
        {
            let len = std::num::NonZeroU64::new(self.written - self.dropped);
            let advice = rustix::fs::Advice::DontNeed;
            // Advice: its failure changes nothing but the time of the sync.
            let _ = rustix::fs::fadvise(&*self.file, self.dropped, len, advice);
        }
        self.dropped = self.advised;
        self.advised = self.written;
    }
}

impl Write for WriteBehind<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.advised >= WRITE_BEHIND {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_larger_than_the_write_behind_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let database = dir.path().join("recall.db");
        // Uneven writes, past several write-behind steps.
        let data: Vec<u8> = (0..11_000_000u32).map(|i| (i % 251) as u8).collect();
        let target = check(&path, &database).unwrap();
        target
            .write(|out| -> Result<(), TargetError> {
                for piece in data.chunks(70_001) {
                    out.write_all(piece).unwrap();
                }
                Ok(())
            })
            .unwrap();
        assert!(fs::read(&path).unwrap() == data);
    }
}
