//! `recall export -o FILE` never replaces what it must not: the database
//! (by any spelling), its companion files, links, devices, FIFOs, folders
//! or read-only files; it keeps a file's mode and never names its
//! temporary file.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;

use assert_cmd::Command;
use common::{TestEnv, file_bytes};
use predicates::prelude::*;

const DAY1: &str = "2026-11-21";

/// Creates the database (with its built-in decks) and returns its bytes.
fn collection(env: &TestEnv) -> Vec<u8> {
    env.cmd(DAY1, &["status"]).assert().success();
    file_bytes(&env.db())
}

/// `recall export -o FILE`, expected to be refused with a message that
/// names FILE and says `why`.
fn refused(env: &TestEnv, file: &Path, why: &str) {
    let name = file.to_str().unwrap();
    env.cmd(DAY1, &["export", "-o", name])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("recall: {name}: ")))
        .stderr(predicate::str::contains(why))
        .stderr(predicate::str::contains(".recall-export").not());
}

/// The files in the test folder whose name says they are temporary.
fn leftovers(env: &TestEnv) -> Vec<String> {
    fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".recall-export"))
        .collect()
}

/// `recall export -o FILE` run by `sh` after `setup` (umask, ulimit…).
fn export_after(env: &TestEnv, setup: &str, file: &Path) -> assert_cmd::assert::Assert {
    Command::new("sh")
        .env_clear()
        .env("HOME", env.dir.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RECALL_DB", env.db())
        .env("RECALL_SEED", "7")
        .env("TZ", "UTC")
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_recall"))
        .args(["--now", DAY1, "export", "-o"])
        .arg(file)
        .assert()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn export_never_replaces_the_database() {
    let env = TestEnv::new();
    let before = collection(&env);
    refused(&env, &env.db(), "this is the collection's database");
    assert_eq!(file_bytes(&env.db()), before);
    env.cmd(DAY1, &["status"]).assert().success();
}

#[test]
fn export_refuses_the_database_by_another_spelling_of_its_path() {
    let env = TestEnv::new();
    let before = collection(&env);
    fs::create_dir(env.path("sub")).unwrap();
    symlink(env.dir.path(), env.path("sub/up")).unwrap();
    fs::hard_link(env.db(), env.path("linked.db")).unwrap();
    for spelling in [
        env.path("sub/../recall.db"),
        env.path("./recall.db"),
        env.path("sub/up/recall.db"),
        env.path("linked.db"),
    ] {
        refused(&env, &spelling, "this is the collection's database");
    }
    assert_eq!(file_bytes(&env.db()), before);
    assert!(leftovers(&env).is_empty());
}

#[test]
fn export_refuses_the_write_ahead_log_and_shared_memory_files() {
    let env = TestEnv::new();
    collection(&env);
    // Whether or not SQLite left them on disk.
    for name in ["recall.db-wal", "recall.db-shm", "recall.db-journal"] {
        let existed = env.path(name).exists();
        refused(&env, &env.path(name), "this is the collection's database");
        if existed {
            assert!(!file_bytes(&env.path(name)).starts_with(b"#separator"));
        } else {
            assert!(!env.path(name).exists(), "{name} was created");
        }
    }
    env.cmd(DAY1, &["status"]).assert().success();
}

#[test]
fn export_refuses_a_device_and_leaves_it_a_device() {
    let env = TestEnv::new();
    collection(&env);
    // Run as root, a rename over /dev/null would replace the device node.
    refused(
        &env,
        Path::new("/dev/null"),
        "not a regular file (a device)",
    );
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn export_refuses_a_fifo_without_waiting_for_a_reader() {
    let env = TestEnv::new();
    collection(&env);
    let fifo = env.path("pipe");
    Command::new("mkfifo").arg(&fifo).assert().success();
    env.cmd(DAY1, &["export", "-o", fifo.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a regular file (a FIFO)"));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn export_refuses_a_folder() {
    let env = TestEnv::new();
    collection(&env);
    fs::create_dir(env.path("exports")).unwrap();
    refused(
        &env,
        &env.path("exports"),
        "not a regular file (a directory)",
    );
    assert!(env.path("exports").is_dir());
}

#[test]
fn export_refuses_a_symbolic_link_and_leaves_both_files() {
    let env = TestEnv::new();
    collection(&env);
    fs::write(env.path("real.csv"), "keep me\n").unwrap();
    symlink(env.path("real.csv"), env.path("link.csv")).unwrap();
    refused(&env, &env.path("link.csv"), "a symbolic link");
    assert!(
        fs::symlink_metadata(env.path("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(env.path("real.csv")).unwrap(),
        "keep me\n"
    );
}

#[test]
fn export_refuses_a_read_only_file_even_as_root() {
    let env = TestEnv::new();
    collection(&env);
    let out = env.path("frozen.csv");
    fs::write(&out, "old export\n").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
    refused(&env, &out, "read-only; not replaced");
    assert_eq!(fs::read_to_string(&out).unwrap(), "old export\n");
    assert_eq!(mode(&out), 0o444);
}

#[test]
fn export_keeps_an_existing_files_mode() {
    let env = TestEnv::new();
    collection(&env);
    let out = env.path("shared.csv");
    fs::write(&out, "old export\n").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o664)).unwrap();
    env.cmd(DAY1, &["export", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("#separator:Comma\n")
    );
    assert_eq!(mode(&out), 0o664);
    assert!(leftovers(&env).is_empty());
}

#[test]
fn a_new_export_gets_the_mode_of_any_new_file() {
    let env = TestEnv::new();
    collection(&env);
    let out = env.path("new.csv");
    export_after(&env, "umask 027", &out).success();
    assert_eq!(mode(&out), 0o640);
    let out = env.path("open.csv");
    export_after(&env, "umask 002", &out).success();
    assert_eq!(mode(&out), 0o664);
}

#[test]
fn a_failed_write_names_the_file_never_its_temporary_file_and_leaves_nothing() {
    let env = TestEnv::new();
    collection(&env);
    let out = env.path("big.csv");
    fs::write(&out, "old export\n").unwrap();
    // A 50 KiB file size limit (above SQLite's 32 KiB index, below the export) fails the write (EFBIG) half-way; the
    // signal it would raise is ignored so that the error comes back.
    let name = out.to_str().unwrap();
    export_after(&env, "trap '' XFSZ; ulimit -f 100", &out)
        .code(1)
        .stderr(predicate::str::contains(format!("recall: {name}: ")))
        .stderr(predicate::str::contains("File too large"))
        .stderr(predicate::str::contains(".recall-export").not())
        .stderr(predicate::function(|err: &str| err.lines().count() == 1));
    assert_eq!(fs::read_to_string(&out).unwrap(), "old export\n");
    assert!(leftovers(&env).is_empty());
}

#[test]
fn dash_exports_to_stdout() {
    let env = TestEnv::new();
    collection(&env);
    env.cmd(DAY1, &["export", "-o", "-", "--deck", "python-api::os"])
        .current_dir(env.dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("#separator:Comma\n"));
    assert!(!env.path("-").exists());
}
