//! A fuzz run over every parser and writer the library offers: the deck
//! generators and shape detection, the encoding check, safe display and
//! stripping, the Anki CSV and JSON writers (read back with `csv` and
//! `serde_json`), `--now`, typed grading, snapshot names and thinning.
//! Each property must hold for any input, and nothing may panic.
//!
//! `cargo test --test fuzz` runs each property on about a hundred cases
//! (the generators and the store-backed export a quarter of that), in a
//! few seconds. The `#[ignore]`d `long_*` twins take their case count from
//! `PROPTEST_CASES` (default 10,000): each cheap property runs that many,
//! `long_generators` and `long_exports` a tenth. A million cases in all:
//!
//! ```sh
//! PROPTEST_CASES=140000 cargo test --test fuzz -- --ignored --test-threads=1
//! ```
//!
//! (7 × 140,000 + 2 × 14,000 = 1,008,000 cases.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use recall::app::export::{ExportFormat, export};
use recall::app::quiz::grade_typed;
use recall::domain::backup::{DEFAULT_LIMITS, Snapshot, thin};
use recall::domain::card::{Generator, answer_segments};
use recall::domain::clock::{FIRST_YEAR, LAST_YEAR, Now};
use recall::domain::display::{strip, visible};
use recall::domain::encoding::{self, EncodingError};
use recall::domain::generators::{Document, detect, generate};
use recall::export::anki::{AnkiNote, to_html, write};
use unicode_normalization::UnicodeNormalization;

type Outcome = Result<(), TestCaseError>;

/// Case count of the normal run: a few seconds for the whole file.
const QUICK: u32 = 96;

fn long_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The generators and the store cost 10 to 20 ms a case in a debug build,
/// fifty times the others: they run a tenth of the cases.
fn long_costly_cases() -> u32 {
    (long_cases() / 10).max(1)
}

// ---- inputs ----

/// Markdown in the shapes of the five documents, cut and mixed at random,
/// with hostile pieces: controls, escape sequences, bidi overrides,
/// mojibake, unclosed fences, huge headings.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("## 1단계: 기초\n".to_string()),
        Just("### json\n".to_string()),
        Just("#### 7. 함수형\n".to_string()),
        Just("### Level 2\n".to_string()),
        Just("- **기능**: ".to_string()),
        Just("- **용도**: 설정 파일\n".to_string()),
        Just("- **핵심**: `json.dumps()`, `json.loads()`\n".to_string()),
        Just("- os.chdir() : 디렉터리 변경\n".to_string()),
        Just("| 주제 | 세부 내용 | 실습 / 목표 |\n| --- | --- | --- |\n".to_string()),
        Just("| a | - b<br/>- c | d |\n".to_string()),
        Just("```python\nx = 1\n".to_string()),
        Just("```\n".to_string()),
        Just("---\nlayout: post\n---\n".to_string()),
        Just("**목표**: 이해\n".to_string()),
        Just("1. 첫째\n2. 둘째\n3. 셋째\n".to_string()),
        Just("\u{1100}\u{1161}\u{11A8}".to_string()),
        Just("\x1b]0;title\x07\x1b[2J\u{9b}1m\u{202e}\r\x08".to_string()),
        Just("cafÃ© í•œ".to_string()),
        Just("📘 ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[ -~가-힣]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

/// Text mixing every kind of character that matters here.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\x00-\x1f\x7f-\u{9f}\u{202a}-\u{202e}\u{2066}-\u{2069}a-z가-힣#,\"<>& \n\t]{0,60}",
        "(\\PC|\\pC){0,60}",
    ]
}

/// Text in the characters a Windows-1252 decoder produces, Korean and
/// ASCII: where mojibake and real text meet.
fn legacy_text() -> impl Strategy<Value = String> {
    "[\u{80}-\u{ff}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸĞİŞğış가-힣a-z \n]{0,80}"
}

// ---- properties ----

fn generators_keep_the_card_rules(text: &str) -> Outcome {
    let detected = detect(text);
    for generator in Generator::ALL.into_iter().chain([detected]) {
        let deck = generate(
            generator,
            Document {
                file: "f.md",
                deck: "d",
                text,
            },
        );
        for card in &deck.cards {
            prop_assert!(!card.answer.trim().is_empty());
            prop_assert_eq!(card.answer.nfc().collect::<String>(), card.answer.clone());
            prop_assert_eq!(
                card.question.nfc().collect::<String>(),
                card.question.clone()
            );
            prop_assert!(card.tags.iter().all(|t| !t.contains(char::is_whitespace)));
            prop_assert!(card.deck.starts_with('d'));
            let _ = answer_segments(&card.answer);
        }
    }
    Ok(())
}

/// The encoding check returns the input (less a byte-order mark) or says
/// where it stopped, in a message that prints no control characters.
fn the_encoding_check_is_exact(bytes: &[u8]) -> Outcome {
    match encoding::check(bytes) {
        Ok(text) => {
            let decoded = std::str::from_utf8(bytes).unwrap();
            let bom = '\u{feff}';
            prop_assert!(decoded == text || decoded.strip_prefix(bom) == Some(text));
        }
        Err(EncodingError::InvalidUtf8 { line, offset, byte }) => {
            let e = std::str::from_utf8(bytes).unwrap_err();
            prop_assert_eq!(offset, e.valid_up_to());
            prop_assert_eq!(Some(byte), bytes.get(offset).copied());
            let newlines = bytes[..offset].iter().filter(|b| **b == b'\n').count();
            prop_assert_eq!(line, newlines + 1);
        }
        Err(e @ EncodingError::Mojibake { .. }) => {
            let message = e.to_string();
            prop_assert!(!message.chars().any(char::is_control), "{:?}", message);
        }
    }
    Ok(())
}

fn display_is_safe(text: &str) -> Outcome {
    let shown = visible(text);
    prop_assert!(
        shown.chars().all(|c| c == '\n' || !c.is_control()),
        "{:?}",
        shown
    );
    let stripped = strip(text);
    prop_assert!(
        stripped
            .chars()
            .all(|c| c == '\n' || c == '\t' || !c.is_control()),
        "{:?}",
        stripped
    );
    prop_assert_eq!(strip(&stripped), stripped.clone());
    // What strip keeps, visible shows unchanged (tabs as spaces).
    prop_assert_eq!(visible(&stripped), stripped.replace('\t', "    "));
    Ok(())
}

fn anki_csv_reads_back(guid: &str, deck: &str, front: &str, back: &str, tag: &str) -> Outcome {
    let tags = vec![tag.to_string(), "t2".to_string()];
    let note = AnkiNote {
        guid,
        deck,
        kind: recall::domain::card::CardKind::Basic,
        front,
        back,
        tags: &tags,
    };
    let mut out = Vec::new();
    write(&[note], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    prop_assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{:?}",
        text
    );
    let records = data_rows(&text);
    prop_assert_eq!(records.len(), 1);
    let record = &records[0];
    prop_assert_eq!(record.len(), 6);
    prop_assert_eq!(&record[0], &*strip(guid));
    prop_assert_eq!(&record[1], "Basic");
    prop_assert_eq!(&record[2], &*strip(deck));
    prop_assert_eq!(&record[3], to_html(front));
    prop_assert_eq!(&record[4], to_html(back));
    prop_assert!(record[5].split(' ').all(|t| !t.is_empty()) || record[5].is_empty());
    Ok(())
}

/// The records after the seven header lines, read as Anki reads them: no
/// data row may start with an unquoted `#` (a comment to Anki).
fn data_rows(text: &str) -> Vec<csv::StringRecord> {
    let body: Vec<&str> = text.lines().skip(7).collect();
    let body = body.join("\n");
    assert!(!body.starts_with('#'), "{body:?}");
    // A leading row of six fields: the csv crate would take a byte-order
    // mark at the very start of its input for the file's own.
    let body = format!("h,h,h,h,h,h\n{body}");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body.as_bytes());
    reader.records().map(Result::unwrap).collect()
}

/// Generated cards through the store and out through both writers: every
/// card comes back from the CSV and the JSON.
fn exports_read_back(text: &str) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.md");
    std::fs::write(&file, text).unwrap();
    let mut collection = recall::app::library::Collection::in_memory().unwrap();
    let imported = recall::app::library::import(
        &mut collection,
        &[file],
        Some("fuzz"),
        recall::app::library::Format::Shape(Generator::Notes),
        false,
    );
    // Text the encoding check refuses never reaches the store.
    prop_assume!(imported.is_ok());
    let mut csv_out = Vec::new();
    let n = export(
        &collection,
        Some("fuzz"),
        ExportFormat::AnkiCsv,
        "2026-11-21T12:00:00+00:00",
        &mut csv_out,
    )
    .unwrap();
    let text = String::from_utf8(csv_out).unwrap();
    prop_assert_eq!(data_rows(&text).len(), n);
    let mut json_out = Vec::new();
    let m = export(
        &collection,
        Some("fuzz"),
        ExportFormat::Json,
        "2026-11-21T12:00:00+00:00",
        &mut json_out,
    )
    .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json_out).unwrap();
    prop_assert_eq!(value["cards"].as_array().map(Vec::len), Some(m));
    prop_assert!(m >= n);
    Ok(())
}

fn now_parses_only_dates_in_range(text: &str) -> Outcome {
    let offset = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    if let Ok(now) = Now::parse(text, offset) {
        use chrono::Datelike;
        let year = now.0.naive_local().year();
        prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&year));
        // The longest interval from there is still a date.
        let last_due = now
            .0
            .date_naive()
            .checked_add_days(chrono::Days::new(36_500));
        prop_assert!(last_due.is_some());
        prop_assert_eq!(Now::parse(&now.rfc3339(), offset), Ok(now));
    }
    Ok(())
}

fn snapshot_names_read_back(name: &str, times: &[i64], today: i64) -> Outcome {
    if let Some(snapshot) = Snapshot::parse(name) {
        prop_assert!(name.starts_with("recall-") && name.ends_with(".db"));
        prop_assert_eq!(Snapshot::parse(&snapshot.file_name()), Some(snapshot));
    }
    let snapshots: Vec<Snapshot> = times
        .iter()
        .filter_map(|t| chrono::DateTime::from_timestamp(*t, 0))
        .map(|t| Snapshot {
            taken: t.naive_utc(),
        })
        .collect();
    let removed = thin(&snapshots, today, DEFAULT_LIMITS);
    prop_assert!(removed.len() <= snapshots.len());
    Ok(())
}

fn snapshot_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "recall-[0-9+-]{4,7}-[0-9]{1,2}-[0-9]{1,2}T[0-9]{3,7}\\.db",
        any::<String>(),
    ]
}

macro_rules! fuzz_suite {
    ($cheap:expr, $costly:expr, $($attr:meta)?; $gen:ident, $exp:ident, $enc:ident,
     $legacy:ident, $disp:ident, $anki:ident, $now:ident, $grade:ident, $snap:ident) => {
        proptest! {
            #![proptest_config($costly)]

            #[test] $(#[$attr])?
            fn $gen(text in markdownish()) {
                generators_keep_the_card_rules(&text)?;
            }

            #[test] $(#[$attr])?
            fn $exp(text in markdownish()) {
                exports_read_back(&text)?;
            }
        }

        proptest! {
            #![proptest_config($cheap)]

            #[test] $(#[$attr])?
            fn $enc(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
                the_encoding_check_is_exact(&bytes)?;
            }

            #[test] $(#[$attr])?
            fn $legacy(text in legacy_text()) {
                the_encoding_check_is_exact(text.as_bytes())?;
            }

            #[test] $(#[$attr])?
            fn $disp(text in hostile_text()) {
                display_is_safe(&text)?;
            }

            #[test] $(#[$attr])?
            fn $anki(
                guid in hostile_text(),
                deck in hostile_text(),
                front in hostile_text(),
                back in hostile_text(),
                tag in hostile_text(),
            ) {
                anki_csv_reads_back(&guid, &deck, &front, &back, &tag)?;
            }

            #[test] $(#[$attr])?
            fn $now(text in prop_oneof![
                "[+-]?[0-9]{1,7}-[0-9]{1,2}-[0-9]{1,2}",
                "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})",
                any::<String>(),
            ]) {
                now_parses_only_dates_in_range(&text)?;
            }

            #[test] $(#[$attr])?
            fn $grade(typed in hostile_text(), expected in hostile_text()) {
                let _ = grade_typed(&typed, &expected, Some("os."));
                let _ = grade_typed(&typed, &expected, None);
            }

            #[test] $(#[$attr])?
            fn $snap(
                name in snapshot_name(),
                times in prop::collection::vec(-100_000_000_000i64..100_000_000_000, 0..60),
                today in any::<i64>(),
            ) {
                snapshot_names_read_back(&name, &times, today)?;
            }
        }
    };
}

fuzz_suite!(
    ProptestConfig::with_cases(QUICK), ProptestConfig::with_cases(QUICK / 4), ;
    generators, exports, encoding_bytes, encoding_legacy_text, display, anki_csv,
    now, typed_grading, snapshots
);

fuzz_suite!(
    ProptestConfig::with_cases(long_cases()), ProptestConfig::with_cases(long_costly_cases()), ignore;
    long_generators, long_exports, long_encoding_bytes, long_encoding_legacy_text, long_display,
    long_anki_csv, long_now, long_typed_grading, long_snapshots
);
