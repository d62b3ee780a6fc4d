//! Hostile input for every parser: arbitrary text and bytes never panic,
//! and what comes out still keeps the rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use recall::app::quiz::grade_typed;
use recall::domain::card::{CardKind, Generator};
use recall::domain::clock::Now;
use recall::domain::encoding;
use recall::domain::generators::{Document, detect, generate};
use recall::export::anki::{AnkiNote, write};
use unicode_normalization::UnicodeNormalization;

/// Markdown-ish text: headings, bullets, labels, tables, fences, Korean,
/// combining marks and emoji mixed at random.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("## 1단계: 기초\n".to_string()),
        Just("### json\n".to_string()),
        Just("#### 7. 함수형\n".to_string()),
        Just("- **기능**: ".to_string()),
        Just("- **핵심**: `json.dumps()`".to_string()),
        Just("- os.chdir() : 디렉터리 변경\n".to_string()),
        Just("| 주제 | 세부 내용 |\n| --- | --- |\n| a | - b<br/>- c |\n".to_string()),
        Just("```python\nx = 1\n".to_string()),
        Just("```\n".to_string()),
        Just("---\n".to_string()),
        Just("**목표**: 이해\n".to_string()),
        Just("\u{1100}\u{1161}\u{11A8}".to_string()),
        Just("📘 ".to_string()),
        Just("\n".to_string()),
        "[ -~가-힣]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generators_never_panic_and_keep_the_rules(text in markdownish()) {
        let detected = detect(&text);
        for generator in Generator::ALL.into_iter().chain([detected]) {
            let deck = generate(generator, Document { file: "f.md", deck: "d", text: &text });
            for card in &deck.cards {
                prop_assert!(!card.answer.trim().is_empty());
                prop_assert_eq!(card.answer.nfc().collect::<String>(), card.answer.clone());
                prop_assert_eq!(card.question.nfc().collect::<String>(), card.question.clone());
                prop_assert!(card.tags.iter().all(|t| !t.contains(char::is_whitespace)));
                prop_assert!(card.deck.starts_with('d'));
            }
        }
    }

    #[test]
    fn the_encoding_check_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = encoding::check(&bytes) {
            // The text is the input, less at most a byte-order mark.
            let decoded = std::str::from_utf8(&bytes).unwrap();
            let bom = '\u{feff}';
            let kept_whole_or_less_a_bom = decoded == text || decoded.strip_prefix(bom) == Some(text);
            prop_assert!(kept_whole_or_less_a_bom);
        }
    }

    #[test]
    fn clean_korean_is_never_taken_for_mojibake(text in "[가-힣 a-z0-9.,()é]{0,200}") {
        prop_assert!(encoding::check(text.as_bytes()).is_ok());
    }

    #[test]
    fn anki_csv_reads_back_field_for_field(front in "\\PC{1,40}", back in "[\\PC\n\"#,<>&]{1,80}") {
        let tags = vec!["t1".to_string()];
        let note = AnkiNote { guid: "#g,\"1", deck: "A::B", kind: CardKind::Basic, front: &front, back: &back, tags: &tags };
        let mut out = Vec::new();
        write(&[note], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let body: String = text.lines().skip_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
        // No data row may start with an unquoted '#': Anki would drop it.
        prop_assert!(!body.starts_with('#'));
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        prop_assert_eq!(&record[0], "#g,\"1");
        prop_assert_eq!(&record[1], "Basic");
        prop_assert_eq!(&record[2], "A::B");
        prop_assert_eq!(&record[3], recall::export::anki::to_html(&front));
        prop_assert_eq!(&record[4], recall::export::anki::to_html(&back));
        prop_assert!(!record[4].contains('\n'));
    }

    #[test]
    fn a_cloze_note_has_exactly_one_deletion(
        before in "[\\PC\n{}:]{0,30}",
        after in "[\\PC\n{}:]{0,30}",
        answer in "[\\PC\n{}:]{1,30}",
    ) {
        prop_assume!(!before.contains("[...]") && !after.contains("[...]"));
        let question = format!("{before}[...]{after}");
        let text = recall::export::anki::cloze_text(&question, &answer).unwrap();
        // One deletion, c1, whatever braces and colons the text holds: one Anki card.
        prop_assert_eq!(text.matches("{{").count(), 1);
        prop_assert_eq!(text.matches("}}").count(), 1);
        prop_assert_eq!(text.matches("{{c1::").count(), 1);
        let open = text.find("{{c1::").unwrap();
        let close = text.find("}}").unwrap();
        prop_assert!(open < close);
        // No hint separator inside the deletion.
        prop_assert!(!text[open + 6..close].contains("::"));
    }

    #[test]
    fn clock_and_grading_accept_anything(text in "\\PC{0,40}", expected in "\\PC{1,20}") {
        let offset = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        let _ = Now::parse(&text, offset);
        let _ = grade_typed(&text, &expected, Some("os."));
    }
}
