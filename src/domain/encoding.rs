//! Refuses text that is not clean UTF-8: invalid bytes, and mojibake (UTF-8
//! that was decoded as Windows-125x and encoded again).

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EncodingError {
    #[error("line {line}: not valid UTF-8 (byte {byte:#04x} at offset {offset})")]
    InvalidUtf8 {
        line: usize,
        offset: usize,
        byte: u8,
    },
    #[error(
        "line {line}: mis-encoded text (UTF-8 read as Windows-125x and saved again): \
         \"{sample}\" was probably \"{repaired}\"; {count} such sequences in the file"
    )]
    Mojibake {
        line: usize,
        sample: String,
        repaired: String,
        count: usize,
    },
}

/// The byte a Windows-1252/1254 decoder turns into `c`, if any.
fn cp125x_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if (0xA0..=0xFF).contains(&cp) {
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

fn is_lead(byte: u8) -> bool {
    (0xC2..=0xF4).contains(&byte)
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xBF).contains(&byte)
}

/// Checks that `bytes` are clean UTF-8 text and returns it.
pub fn check(bytes: &[u8]) -> Result<&str, EncodingError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        EncodingError::InvalidUtf8 {
            line: bytes.iter().take(offset).filter(|&&b| b == b'\n').count() + 1,
            offset,
            byte: bytes.get(offset).copied().unwrap_or(0),
        }
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut count = 0;
    let mut first: Option<(usize, String, String)> = None;
    for (index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while let Some(&at) = chars.get(i) {
            let Some(lead) = cp125x_byte(at).filter(|b| is_lead(*b)) else {
                i += 1;
                continue;
            };
            let mut run = vec![lead];
            let mut j = i + 1;
            while let Some(&next) = chars.get(j).filter(|_| run.len() < 4) {
                match cp125x_byte(next).filter(|b| is_continuation(*b)) {
                    Some(b) => run.push(b),
                    None => break,
                }
                j += 1;
            }
            if run.len() >= 2 {
                count += 1;
                if first.is_none() {
                    let sample: String = chars.iter().skip(i).take(12).collect();
                    first = Some((index + 1, sample.clone(), repair(&sample)));
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    // One stray pair can be real text ("Ã©" in a note about encodings);
    // several cannot.
    match first {
        Some((line, sample, repaired)) if count >= 3 => Err(EncodingError::Mojibake {
            line,
            sample,
            repaired,
            count,
        }),
        _ => Ok(text),
    }
}

/// Best-effort reversal of a mojibake sample, for the error message only.
fn repair(sample: &str) -> String {
    let bytes: Vec<u8> = sample
        .chars()
        .flat_map(|c| match cp125x_byte(c) {
            Some(b) => vec![b],
            None => c.to_string().into_bytes(),
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn mojibake_is_refused_with_a_repair_hint() {
        let original = "아래는 한국어 문서입니다";
        // Decode as Windows-1252 would; bytes it has no character for are
        // lost, as they were in the curriculum that arrived this way.
        let decode = |b: u8| {
            (0xA0..=0xFFu32)
                .chain(0x0152..=0x2122)
                .filter_map(char::from_u32)
                .find(|c| cp125x_byte(*c) == Some(b))
        };
        let garbled: String = original
            .bytes()
            .filter_map(|b| {
                if b < 0x80 {
                    Some(char::from(b))
                } else {
                    decode(b)
                }
            })
            .collect();
        let Err(EncodingError::Mojibake { line, repaired, .. }) = check(garbled.as_bytes()) else {
            panic!("mojibake not detected");
        };
        assert_eq!(line, 1);
        assert!(repaired.starts_with("아래"), "{repaired}");
    }
}
