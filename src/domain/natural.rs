//! Natural order for names that carry numbers: `Level 2` before `Level 10`,
//! `1단계` before `10단계`, as a person reads them.

use std::cmp::Ordering;

/// A run of digits or of other characters.
#[derive(Debug, PartialEq, Eq)]
enum Chunk<'a> {
    Number(&'a str),
    Text(&'a str),
}

fn chunks(s: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digits = None;
    for (i, c) in s.char_indices() {
        let is_digit = c.is_ascii_digit();
        if digits.is_some_and(|d| d != is_digit) {
            out.push(chunk(s.get(start..i).unwrap_or_default(), !is_digit));
            start = i;
        }
        digits = Some(is_digit);
    }
    if let Some(d) = digits {
        out.push(chunk(s.get(start..).unwrap_or_default(), d));
    }
    out
}

fn chunk(text: &str, digits: bool) -> Chunk<'_> {
    if digits {
        Chunk::Number(text)
    } else {
        Chunk::Text(text)
    }
}

/// Numbers compared by value (leading zeros aside), however long.
fn cmp_numbers(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Compares two names with digit runs taken as numbers; ties (`01` and
/// `1`) fall back to plain order so that the result is a total order.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (xs, ys) = (chunks(a), chunks(b));
    for (x, y) in xs.iter().zip(&ys) {
        let order = match (x, y) {
            (Chunk::Number(x), Chunk::Number(y)) => cmp_numbers(x, y),
            (Chunk::Text(x), Chunk::Text(y)) => x.cmp(y),
            // A name that goes on with a number sorts before one with text.
            (Chunk::Number(_), Chunk::Text(_)) => Ordering::Less,
            (Chunk::Text(_), Chunk::Number(_)) => Ordering::Greater,
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    xs.len().cmp(&ys.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn numbers_sort_by_value() {
        assert_eq!(
            sorted(&["Level 10", "Level 2", "Level 1"]),
            ["Level 1", "Level 2", "Level 10"]
        );
        assert_eq!(
            sorted(&["python::10단계", "python::2단계", "python::1단계 기초"]),
            ["python::1단계 기초", "python::2단계", "python::10단계"]
        );
    }

    #[test]
    fn text_without_numbers_keeps_plain_order() {
        assert_eq!(
            sorted(&["os", "json", "datetime"]),
            ["datetime", "json", "os"]
        );
        assert_eq!(sorted(&["a::b", "a", "a::a"]), ["a", "a::a", "a::b"]);
    }

    #[test]
    fn long_numbers_and_leading_zeros() {
        assert_eq!(
            sorted(&["v100000000000000000000", "v9", "v009", "v10"]),
            ["v009", "v9", "v10", "v100000000000000000000"]
        );
        assert_eq!(natural_cmp("x1y", "x1y"), Ordering::Equal);
        assert_ne!(natural_cmp("01", "1"), Ordering::Equal);
    }

    #[test]
    fn chunks_split_digit_runs() {
        assert_eq!(
            chunks("L12b3"),
            [
                Chunk::Text("L"),
                Chunk::Number("12"),
                Chunk::Text("b"),
                Chunk::Number("3")
            ]
        );
        assert!(chunks("").is_empty());
    }
}
