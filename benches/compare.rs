//! Whole-process benchmark of what users feel, side by side with Anki's own
//! backend in the same run.
//!
//! `cargo bench --bench compare` builds a collection of N notes (default
//! 100,000; `RECALL_BENCH_N`, a comma-separated list such as
//! `1000,10000,100000,1000000` for several sizes in one run) in 20 decks with
//! half of them due, then times the `recall` binary, median of
//! `RECALL_BENCH_RUNS` (3) runs each: (a) import, (b) status, (c) time to the
//! first card with the day's whole queue and (c') with the default limits,
//! (d) each answer over 1,000 answers, (e) export, and the peak RSS. Times
//! run from spawning the process to its exit, CPU from the kernel's account
//! of the child; the peak RSS comes from one more run of each phase under
//! /usr/bin/time, so that the wrapper is in no timing. When
//! Anki's harness is beside the project (`../shared/tools/anki`, set up with
//! its `setup.sh`), its `bench.py` runs on the same N up to
//! `RECALL_BENCH_ANKI_MAX` (100,000) and the table shows both with ratios.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const RECALL: &str = env!("CARGO_BIN_EXE_recall");
const DECKS: usize = 20;

struct Measure {
    /// From spawning the process to its exit, with nothing in between (a
    /// wrapper such as /usr/bin/time would add its own start-up).
    seconds: f64,
    /// User + system CPU time (from the kernel's account of waited-for
    /// children): on a shared machine the wall clock also counts the time
    /// spent waiting for a core.
    cpu_seconds: f64,
}

fn children_cpu() -> f64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN)
        .map(|u| {
            let t = |v: nix::sys::time::TimeVal| v.tv_sec() as f64 + v.tv_usec() as f64 / 1e6;
            t(u.user_time()) + t(u.system_time())
        })
        .unwrap_or(0.0)
}

fn command(db: &Path, now: &str, program: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("RECALL_DB", db)
        .env("RECALL_NOW", now)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn run(mut cmd: Command, input: &str, what: &[&str]) -> String {
    let mut child = cmd.spawn().expect("spawn recall");
    // A session that ends (its queue done) before reading all the input
    // closes the pipe; whether it succeeded is its exit status.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "recall {what:?} failed: {stderr}");
    stderr
}

/// Runs `recall ARGS` with `input` on stdin; panics on failure.
fn recall(db: &Path, now: &str, args: &[&str], input: &str) -> Measure {
    let cmd = command(db, now, Path::new(RECALL), args);
    let cpu = children_cpu();
    let start = Instant::now();
    run(cmd, input, args);
    Measure {
        seconds: start.elapsed().as_secs_f64(),
        cpu_seconds: children_cpu() - cpu,
    }
}

/// The peak resident memory of one more run, in KiB, from /usr/bin/time
/// (0 where it is missing): a run of its own, so that the wrapper's
/// start-up is in none of the timings.
fn peak(db: &Path, now: &str, args: &[&str], input: &str) -> u64 {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return 0;
    }
    let mut cmd = command(db, now, time, &["-f", "%M", RECALL]);
    cmd.args(args);
    let stderr = run(cmd, input, args);
    stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The medians of the wall-clock and the CPU times, each on its own.
fn medians(values: &[(f64, f64)]) -> (f64, f64) {
    (
        median(values.iter().map(|v| v.0).collect()),
        median(values.iter().map(|v| v.1).collect()),
    )
}

/// N notes in 20 decks, as notes documents (one heading and answer each).
fn write_notes(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..DECKS)
        .map(|d| {
            let path = dir.join(format!("Deck{:02}.md", d + 1));
            let mut text = String::new();
            for i in (d..n).step_by(DECKS) {
                text.push_str(&format!(
                    "## 항목 {i}\n\n\"quoted, comma\" 설명 {i}: 함수 f{i}() 는 값을 반환한다\n\n"
                ));
            }
            fs::write(&path, text).expect("write notes");
            path
        })
        .collect()
}

fn copy_db(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let src = PathBuf::from(format!("{}{suffix}", from.display()));
        let dst = PathBuf::from(format!("{}{suffix}", to.display()));
        let _ = fs::remove_file(&dst);
        if src.exists() {
            fs::copy(&src, &dst).expect("copy db");
        }
    }
}

fn anki_bench(n: usize) -> Option<serde_json::Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/anki");
    let python = [root.join(".venv/bin/python")]
        .into_iter()
        .chain(std::env::var_os("ANKI_PYTHON").map(PathBuf::from))
        .find(|p| p.exists())?;
    let out = Command::new(python)
        .arg(root.join("bench.py"))
        .arg(n.to_string())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "anki bench failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn main() {
    // `cargo bench -- --list` and filters from the harness protocol: run only
    // when asked for everything or for "compare".
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if std::env::args().any(|a| a == "--list")
        || args.iter().any(|a| !"compare".contains(a.as_str()))
    {
        return;
    }
    let sizes: Vec<usize> = std::env::var("RECALL_BENCH_N")
        .unwrap_or_else(|_| "100000".to_string())
        .split(',')
        .filter_map(|v| v.trim().replace('_', "").parse().ok())
        .collect();
    let runs: usize = std::env::var("RECALL_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let anki_max: usize = std::env::var("RECALL_BENCH_ANKI_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut tables = Vec::new();
    for &n in &sizes {
        let result = bench(n, runs, n <= anki_max);
        result.print();
        tables.push(result);
    }
    if tables.len() > 1 {
        println!("\nall sizes (recall, whole process; Anki in brackets where run):");
        for result in &tables {
            result.print_line();
        }
    }
}

struct Phase {
    name: &'static str,
    seconds: f64,
    cpu_seconds: f64,
    anki: Option<f64>,
}

struct Result {
    n: usize,
    runs: usize,
    setup_seconds: f64,
    phases: Vec<Phase>,
    peak_mib: f64,
    anki_peak_mib: Option<f64>,
}

fn fmt_time(s: f64) -> String {
    if s < 0.01 {
        format!("{:.3} ms", s * 1000.0)
    } else {
        format!("{:.1} ms", s * 1000.0)
    }
}

impl Result {
    fn print(&self) {
        let n = self.n;
        println!(
            "\nrecall vs Anki backend, {n} notes, {DECKS} decks, median of {} runs (recall: whole process)",
            self.runs
        );
        println!(
            "setup: {} reviews answered in {:.2} s ({:.3} ms each)",
            n / 2,
            self.setup_seconds,
            self.setup_seconds * 1000.0 / (n / 2).max(1) as f64
        );
        println!(
            "{:<40} {:>12} {:>12} {:>12} {:>8}",
            "phase", "recall", "(its cpu)", "anki", "ratio"
        );
        for phase in &self.phases {
            let (anki, ratio) = match phase.anki {
                Some(v) => (fmt_time(v), format!("{:.1}x", v / phase.seconds)),
                None => ("-".to_string(), "-".to_string()),
            };
            println!(
                "{:<40} {:>12} {:>12} {:>12} {:>8}",
                phase.name,
                fmt_time(phase.seconds),
                fmt_time(phase.cpu_seconds),
                anki,
                ratio
            );
        }
        match self.anki_peak_mib {
            Some(v) => println!(
                "{:<40} {:>8.1} MiB {:>12} {:>8.1} MiB {:>7.1}x",
                "peak RSS",
                self.peak_mib,
                "",
                v,
                v / self.peak_mib
            ),
            None => println!("{:<40} {:>8.1} MiB", "peak RSS", self.peak_mib),
        }
    }

    /// One line per size: every phase, then the peak RSS.
    fn print_line(&self) {
        let mut line = format!("{:>8} notes:", self.n);
        for phase in &self.phases {
            let short = phase.name.split(' ').next().unwrap_or(phase.name);
            line.push_str(&format!(" {short} {}", fmt_time(phase.seconds)));
            if let Some(v) = phase.anki {
                line.push_str(&format!(" [{}, {:.1}x]", fmt_time(v), v / phase.seconds));
            }
            line.push(';');
        }
        line.push_str(&format!(" RSS {:.1} MiB", self.peak_mib));
        if let Some(v) = self.anki_peak_mib {
            line.push_str(&format!(" [{v:.1} MiB, {:.1}x]", v / self.peak_mib));
        }
        println!("{line}");
    }
}

fn bench(n: usize, runs: usize, with_anki: bool) -> Result {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_notes(dir.path(), n);
    let file_args: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let mut import_args = vec!["import"];
    import_args.extend(file_args.iter().map(String::as_str));

    let (day0, day1) = ("2026-11-20", "2026-11-21");
    let t = |m: Measure| (m.seconds, m.cpu_seconds);
    // The peak resident memory over one more run of each phase.
    let mut peak_kib = 0;

    // (a) import into a fresh database; the databases of the other runs
    // are removed at once (at a million cards each is hundreds of MB).
    let mut import = Vec::new();
    let base = dir.path().join("base.db");
    for run in 0..runs {
        let db = dir.path().join(format!("import{run}.db"));
        import.push(t(recall(&db, day0, &import_args, "")));
        if run == 0 {
            copy_db(&db, &base);
        }
        remove_db(&db);
    }
    let db = dir.path().join("import-peak.db");
    peak_kib = peak_kib.max(peak(&db, day0, &import_args, ""));
    remove_db(&db);
    // Setup (untimed in the table): half the notes answered before today,
    // so that they are due reviews today. In sessions of at most 100,000
    // answers (the most new cards a day allows), one study day each, the
    // last on `day0`: a card answered 4 on an earlier day is overdue today.
    let start = Instant::now();
    let sessions = (n / 2).div_ceil(100_000);
    let day_zero = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
    for session in 0..sessions {
        let chunk = (n / 2 - session * 100_000).min(100_000);
        let back = u64::try_from(sessions - 1 - session).expect("few sessions");
        let day = (day_zero - chrono::Days::new(back)).to_string();
        let limit = chunk.to_string();
        recall(
            &base,
            &day,
            &["review", "--plain", "--new", &limit, "--max", "0"],
            &"\n4\n".repeat(chunk + 700),
        );
    }
    let setup_seconds = start.elapsed().as_secs_f64();
    let _ = recall(&base, day1, &["status"], "");

    // (b) status.
    let status: Vec<(f64, f64)> = (0..runs)
        .map(|_| t(recall(&base, day1, &["status"], "")))
        .collect();
    // (c) to the first card: open, build the day's queue, show the question.
    let first: Vec<(f64, f64)> = (0..runs)
        .map(|_| {
            t(recall(
                &base,
                day1,
                &["review", "--plain", "--new", "9999", "--max", "9999"],
                "q\n",
            ))
        })
        .collect();
    // (c') the same with the default limits (20 new, 200 reviews).
    let first_default: Vec<(f64, f64)> = (0..runs)
        .map(|_| t(recall(&base, day1, &["review", "--plain"], "q\n")))
        .collect();
    let full = ["review", "--plain", "--new", "9999", "--max", "9999"];
    peak_kib = peak_kib.max(peak(&base, day1, &["status"], ""));
    peak_kib = peak_kib.max(peak(&base, day1, &full, "q\n"));
    peak_kib = peak_kib.max(peak(&base, day1, &["review", "--plain"], "q\n"));
    // (d) 1,000 answers: a session of 1,001 answers less one of a single
    // answer, each on a fresh copy. Both pay what a session's first write
    // costs once (the integrity check, the day's snapshot), so the
    // difference is what each further answer costs.
    let mut per_answer = Vec::new();
    let answering = ["review", "--plain", "--new", "0", "--max", "1001"];
    let answers = "\n4\n".repeat(1001);
    let session = |run: usize, input: &str| {
        let db = dir.path().join(format!("answer{run}.db"));
        copy_db(&base, &db);
        let _ = fs::remove_dir_all(dir.path().join("backups"));
        let m = t(recall(&db, day1, &answering, input));
        remove_db(&db);
        m
    };
    for run in 0..runs {
        let one = session(run, "\n4\n");
        let all = session(run, &answers);
        per_answer.push((
            (all.0 - one.0).max(0.0) / 1000.0,
            (all.1 - one.1).max(0.0) / 1000.0,
        ));
    }
    let db = dir.path().join("answer-peak.db");
    copy_db(&base, &db);
    peak_kib = peak_kib.max(peak(&db, day1, &answering, &answers));
    remove_db(&db);
    // (e) export everything as Anki CSV.
    let out = dir.path().join("export.csv");
    let out_arg = out.display().to_string();
    let export: Vec<(f64, f64)> = (0..runs)
        .map(|_| t(recall(&base, day1, &["export", "-o", &out_arg], "")))
        .collect();
    peak_kib = peak_kib.max(peak(&base, day1, &["export", "-o", &out_arg], ""));

    let anki = if with_anki { anki_bench(n) } else { None };
    let theirs = |key: &str| {
        anki.as_ref()
            .and_then(|a| a["timings_s"][key].as_f64())
            .map(|v| {
                if key == "d_answer_total" {
                    v / a_answered(anki.as_ref())
                } else {
                    v
                }
            })
    };
    let phases = vec![
        Phase {
            name: "(a) import",
            seconds: medians(&import).0,
            cpu_seconds: medians(&import).1,
            anki: theirs("a_import_total"),
        },
        Phase {
            name: "(b) status / deck counts",
            seconds: medians(&status).0,
            cpu_seconds: medians(&status).1,
            anki: theirs("b_deck_tree"),
        },
        Phase {
            name: "(c) to the first card (cold, full queue)",
            seconds: medians(&first).0,
            cpu_seconds: medians(&first).1,
            anki: theirs("c_get_queued_cards_cold"),
        },
        Phase {
            name: "(c') first card, default limits",
            seconds: medians(&first_default).0,
            cpu_seconds: medians(&first_default).1,
            anki: None,
        },
        Phase {
            name: "(d) per answer",
            seconds: medians(&per_answer).0,
            cpu_seconds: medians(&per_answer).1,
            anki: theirs("d_answer_total"),
        },
        Phase {
            name: "(e) export all",
            seconds: medians(&export).0,
            cpu_seconds: medians(&export).1,
            anki: theirs("e_export_note_csv"),
        },
    ];
    Result {
        n,
        runs,
        setup_seconds,
        phases,
        peak_mib: peak_kib as f64 / 1024.0,
        anki_peak_mib: anki.as_ref().and_then(|a| a["peak_rss_mib"].as_f64()),
    }
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

fn a_answered(anki: Option<&serde_json::Value>) -> f64 {
    anki.and_then(|a| a["details"]["answer"]["answered"].as_f64())
        .filter(|v| *v > 0.0)
        .unwrap_or(1.0)
}
