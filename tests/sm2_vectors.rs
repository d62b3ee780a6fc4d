//! The scheduler against the reference vectors of an independent SM-2
//! implementation (copied from the shared oracle into tests/data).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use recall::domain::clock::StudyDay;
use recall::domain::sm2::{Grade, Schedule, answer};
use serde::Deserialize;

#[derive(Deserialize)]
struct Step {
    q: u8,
    n: u32,
    ef: f64,
    interval: u32,
    due_day: i64,
    repeat_today: bool,
}

#[derive(Deserialize)]
struct Vector {
    id: String,
    grades: Vec<u8>,
    expected: Vec<Step>,
}

#[test]
fn every_reference_vector_passes_exactly() {
    let text = include_str!("data/sm2_vectors.jsonl");
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let vector: Vector = serde_json::from_str(line).unwrap();
        assert_eq!(vector.grades.len(), vector.expected.len());
        let mut state = Schedule::default();
        let mut day = 0;
        for (i, step) in vector.expected.iter().enumerate() {
            assert_eq!(step.q, vector.grades[i]);
            let result = answer(
                state,
                Grade::new(step.q).unwrap(),
                StudyDay::from_number(day),
            );
            state = result.schedule;
            let ef_hundredths = (step.ef * 100.0).round() as u32;
            let got = (
                state.reps,
                state.ef,
                state.interval,
                state.due.map(StudyDay::number),
                result.repeat_today,
            );
            let want = (
                step.n,
                ef_hundredths,
                step.interval,
                Some(step.due_day),
                step.repeat_today,
            );
            assert_eq!(
                got, want,
                "vector {} step {i} (grade {})",
                vector.id, step.q
            );
            day = step.due_day;
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} steps checked");
}
