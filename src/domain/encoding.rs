//! Refuses text that is not clean UTF-8: invalid bytes, and mojibake (UTF-8
//! that was decoded as Windows-1252, Windows-1254 or Latin-1 and encoded
//! again).
//!
//! A mis-decoded character leaves a run of 2 to 4 characters, each standing
//! for one byte of the original UTF-8 (`é` → `Ã©`, `한` → `í•œ`). The check
//! turns every such run back into bytes and counts it only when they are
//! one complete, valid UTF-8 sequence: a lone `Ã` (`SÃO`), `é` followed by
//! a letter or a `°` after a digit are real text and pass. One such run is
//! enough to refuse the file: even one garbled word would become a card.

use thiserror::Error;

use super::display;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EncodingError {
    #[error("line {line}: not valid UTF-8 (byte {byte:#04x} at offset {offset})")]
    InvalidUtf8 {
        line: usize,
        offset: usize,
        byte: u8,
    },
    /// `sample` is the text as found (controls made visible), `repaired`
    /// the same text decoded again; bytes that were lost on the way show
    /// as `\xNN` escapes there, never as broken characters.
    #[error(
        "line {line}: mis-encoded text at column {column} (UTF-8 read as Windows-1252 or \
         Latin-1 and saved again): \"{sample}\" was probably \"{repaired}\"; \
         {count} such sequence(s) in the file; save the original again as UTF-8"
    )]
    Mojibake {
        line: usize,
        column: usize,
        sample: String,
        repaired: String,
        count: usize,
    },
}

/// Whether `text` holds a char that may be [`legacy_byte`]'s: every such
/// char starts with one of these bytes in UTF-8 (U+0080..=U+02FF, and the
/// punctuation, currency and letterlike signs from U+2000), and no ASCII
/// or Korean char does.
fn may_map_to_legacy(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, 0xC2..=0xCB | 0xE2))
}

/// The byte a Windows-1252, Windows-1254 or Latin-1 decoder turns into `c`,
/// if any.
fn legacy_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    // Latin-1 maps every byte 0x80..=0xFF to the same code point (C1
    // controls included); Windows-1252 agrees from 0xA0 up and leaves the
    // bytes it has no letter for (0x81, 0x8D, …) as those controls too.
    if (0x80..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    let byte = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        // Windows-1254 (Turkish) letters in the Latin-1 range.
        'Ğ' => 0xD0,
        'İ' => 0xDD,
        'Ş' => 0xDE,
        'ğ' => 0xF0,
        'ı' => 0xFD,
        'ş' => 0xFE,
        _ => return None,
    };
    Some(byte)
}

/// How many bytes a UTF-8 sequence starting with `byte` has, if it can
/// start a multi-byte sequence at all.
fn sequence_len(byte: u8) -> Option<usize> {
    match byte {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// What starts at a position of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// `len` characters that re-encode to the UTF-8 of `decoded`.
    Sequence {
        len: usize,
        decoded: char,
    },
    /// A lead and continuation characters that are not a complete sequence
    /// (bytes were lost): shown as escapes in a repair, never counted.
    Fragment {
        len: usize,
    },
    Other,
}

fn run_at(chars: &[char], at: usize) -> Run {
    let Some(lead) = chars.get(at).copied().and_then(legacy_byte) else {
        return Run::Other;
    };
    let Some(want) = sequence_len(lead) else {
        return Run::Other;
    };
    let mut bytes = Vec::with_capacity(want);
    bytes.push(lead);
    while bytes.len() < want {
        match chars
            .get(at + bytes.len())
            .copied()
            .and_then(legacy_byte)
            .filter(|b| is_continuation(*b))
        {
            Some(b) => bytes.push(b),
            None => break,
        }
    }
    // from_utf8 also rejects overlong forms and surrogates (`í` `\u{A0}` `€`).
    let decoded = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| s.chars().next())
        .filter(|c| !c.is_ascii());
    match decoded {
        Some(decoded) if bytes.len() == want => Run::Sequence { len: want, decoded },
        _ if bytes.len() >= 2 => Run::Fragment { len: bytes.len() },
        _ => Run::Other,
    }
}

/// How many runs of the sample the error shows, at most.
const SAMPLE_RUNS: usize = 12;

/// Checks that `bytes` are clean UTF-8 text and returns it (less a leading
/// byte-order mark).
pub fn check(bytes: &[u8]) -> Result<&str, EncodingError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = bytes.get(..offset).unwrap_or(bytes);
        EncodingError::InvalidUtf8 {
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            offset,
            byte: bytes.get(offset).copied().unwrap_or(0),
        }
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut count = 0;
    let mut first: Option<EncodingError> = None;
    for (index, line) in text.lines().enumerate() {
        // Korean and ASCII never map to a legacy byte: most lines stop here,
        // at a look at their bytes.
        if !may_map_to_legacy(line) || !line.chars().any(|c| legacy_byte(c).is_some()) {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            match run_at(&chars, at) {
                Run::Sequence { len, .. } => {
                    count += 1;
                    if first.is_none() {
                        let (sample, repaired) = excerpt(&chars, at);
                        first = Some(EncodingError::Mojibake {
                            line: index + 1,
                            column: at + 1,
                            sample,
                            repaired,
                            count: 0,
                        });
                    }
                    at += len;
                }
                Run::Fragment { .. } | Run::Other => at += 1,
            }
        }
    }
    match first {
        Some(EncodingError::Mojibake {
            line,
            column,
            sample,
            repaired,
            ..
        }) => Err(EncodingError::Mojibake {
            line,
            column,
            sample,
            repaired,
            count,
        }),
        _ => Ok(text),
    }
}

/// The text from `start` on (at most [`SAMPLE_RUNS`] characters or
/// sequences, never cutting one), as found and as repaired. Both are safe
/// to print: controls are made visible, and bytes that cannot be decoded
/// again show as `\xNN`.
fn excerpt(chars: &[char], start: usize) -> (String, String) {
    let mut repaired = String::new();
    let mut at = start;
    let mut runs = 0;
    while at < chars.len() && runs < SAMPLE_RUNS {
        match run_at(chars, at) {
            Run::Sequence { len, decoded } => {
                repaired.push(decoded);
                at += len;
            }
            Run::Fragment { len } => {
                for c in chars.iter().skip(at).take(len) {
                    if let Some(b) = legacy_byte(*c) {
                        repaired.push_str(&format!("\\x{b:02X}"));
                    }
                }
                at += len;
            }
            Run::Other => {
                if let Some(c) = chars.get(at) {
                    repaired.push(*c);
                }
                at += 1;
            }
        }
        runs += 1;
    }
    let sample: String = chars.iter().skip(start).take(at - start).collect();
    (
        display::visible(&sample).into_owned(),
        display::visible(&repaired).into_owned(),
    )
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn every_char_a_legacy_decoder_makes_is_seen_by_its_first_byte() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if legacy_byte(c).is_some() {
                assert!(may_map_to_legacy(c.encode_utf8(&mut buf)), "{c:?}");
            }
        }
        assert!(!may_map_to_legacy("가나다 ASCII `code` 힣"));
    }
    use proptest::prelude::*;

    /// Text as a Windows-1252 decoder would show the UTF-8 of `original`,
    /// with the bytes it has no letter for shown as Latin-1 controls.
    fn garble(original: &str) -> String {
        original
            .bytes()
            .map(|b| {
                if b < 0x80 {
                    return char::from(b);
                }
                (0x0152..=0x2122u32)
                    .filter_map(char::from_u32)
                    .find(|c| legacy_byte(*c) == Some(b))
                    .unwrap_or(char::from(b))
            })
            .collect()
    }

    fn mojibake(text: &str) -> (usize, usize, String, String, usize) {
        match check(text.as_bytes()) {
            Err(EncodingError::Mojibake {
                line,
                column,
                sample,
                repaired,
                count,
            }) => (line, column, sample, repaired, count),
            other => panic!("{text:?} not refused as mojibake: {other:?}"),
        }
    }

    #[test]
    fn clean_korean_passes_and_bom_is_dropped() {
        assert_eq!(check("\u{FEFF}# 제목\ncafé".as_bytes()), Ok("# 제목\ncafé"));
    }

    #[test]
    fn invalid_bytes_name_the_line() {
        let err = check(b"ok\n\xff bad").unwrap_err();
        assert_eq!(
            err,
            EncodingError::InvalidUtf8 {
                line: 2,
                offset: 3,
                byte: 0xff
            }
        );
    }

    #[test]
    fn one_latin_sequence_is_enough_to_refuse() {
        let (line, column, sample, repaired, count) = mojibake("# 메뉴\n\nthe cafÃ© opens");
        assert_eq!((line, column, count), (3, 8, 1));
        assert_eq!(sample, "Ã© opens");
        assert_eq!(repaired, "é opens");
    }

    #[test]
    fn one_korean_sequence_is_enough_to_refuse() {
        let text = format!("{} 글자", garble("한"));
        assert_eq!(text, "í•œ 글자");
        let (line, column, _, repaired, count) = mojibake(&text);
        assert_eq!((line, column, count), (1, 1, 1));
        assert_eq!(repaired, "한 글자");
    }

    #[test]
    fn latin1_decoding_with_c1_controls_is_refused_and_shown_safely() {
        // "한" read as Latin-1: the 0x95 and 0x9C bytes become C1 controls.
        let (_, _, sample, repaired, _) = mojibake("x í\u{95}\u{9C} y");
        assert_eq!(repaired, "한 y");
        assert!(sample.chars().all(|c| !c.is_control()), "{sample:?}");
    }

    #[test]
    fn double_encoding_is_refused() {
        let (_, _, _, repaired, _) = mojibake(&garble(&garble("café")));
        assert!(repaired.contains("Ã©"), "{repaired}");
    }

    #[test]
    fn real_text_with_latin_letters_and_symbols_passes() {
        for text in [
            "SÃO PAULO, São Paulo",
            "Ã la carte",
            "25°C, ±3, ©2026, naïve résumé",
            "Müller — “quoted” … Straße",
            "Ÿ and é» without a third byte",
            // Overlong and surrogate forms are not UTF-8 of anything.
            "À€ and í\u{A0}€",
            "İstanbul, ğüşıöç",
            "α β γ, привет, שלום",
        ] {
            assert_eq!(check(text.as_bytes()), Ok(text), "{text}");
        }
    }

    #[test]
    fn the_real_documents_pass() {
        for deck in crate::decks::BUILTIN {
            assert!(check(deck.text.as_bytes()).is_ok(), "{}", deck.file);
        }
    }

    #[test]
    fn the_mojibake_curriculum_is_refused_at_its_first_garbled_line() {
        let bytes = include_bytes!("../../tests/data/curriculum.mojibake.md");
        let (line, column, sample, repaired, count) = mojibake(std::str::from_utf8(bytes).unwrap());
        // Line 8 is the front matter's `excerpt: "10ë…„ì°¨ …`.
        assert_eq!((line, column), (8, 13));
        assert!(sample.starts_with("ë…„ì°¨"), "{sample}");
        assert!(repaired.starts_with("년차"), "{repaired}");
        // Every character that kept all its bytes is found: the file lost
        // 0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D and 0x9E on the way, and 0xAD
        // (a soft hyphen in Windows-1254, dropped as invisible).
        let clean = include_str!("../../decks/python-advanced-curriculum.md");
        let lost = [0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD];
        let intact = clean
            .chars()
            .filter(|c| !c.is_ascii())
            .filter(|c| !c.to_string().bytes().any(|b| lost.contains(&b)))
            .count();
        assert_eq!(count, intact);
    }

    #[test]
    fn the_hint_shows_lost_bytes_as_escapes_never_as_broken_characters() {
        // "글자" with the 0x90 of "자" (EC 9E 90) lost, as in the curriculum.
        let garbled: String = garble("글자").chars().filter(|c| *c != '\u{90}').collect();
        let (_, _, _, repaired, _) = mojibake(&garbled);
        assert_eq!(repaired, "글\\xEC\\x9E");
    }

    #[test]
    fn the_sample_never_cuts_a_sequence() {
        let text = garble("가나다라마바사아자차카타파하");
        let (_, _, sample, repaired, _) = mojibake(&text);
        assert_eq!(repaired, "가나다라마바사아자차카타");
        assert_eq!(display::visible(&garble(&repaired)), sample.as_str());
    }

    proptest! {
        #[test]
        fn any_single_misdecoded_character_is_refused(
            before in "[가-힣a-z .,]{0,20}",
            c in any::<char>().prop_filter("non-ASCII", |c| !c.is_ascii()),
            after in "[가-힣a-z .,]{0,20}",
        ) {
            let text = format!("{before}{}{after}", garble(&c.to_string()));
            let (_, column, _, repaired, count) = mojibake(&text);
            prop_assert_eq!(column, before.chars().count() + 1);
            prop_assert_eq!(count, 1);
            prop_assert!(repaired.starts_with(&*display::visible(&c.to_string())));
        }

        #[test]
        fn korean_and_ascii_text_is_never_refused(text in "[가-힣ㄱ-ㅎ \n\t!-~]{0,300}") {
            prop_assert_eq!(check(text.as_bytes()), Ok(text.as_str()));
        }
    }
}
