//! How well a scheduler predicts a learner's recalls, with srs-benchmark's
//! metrics: log loss, RMSE(bins) and AUC over the first answer of each day
//! that follows an earlier one (the first sight of a card predicts nothing).
//!
//! SM-2 predicts as srs-benchmark's SM-2 does: its interval is taken as the
//! time at which recall falls to 90%, p = 0.9^(t / I). FSRS predicts with its
//! own forgetting curve from the memory its history gives.

use std::collections::HashMap;

use fsrs::{FSRSItem, FSRSReview};
use serde::Serialize;

use super::clock::StudyDay;
use super::scheduler::{Memory, Scheduler, SchedulerError, rating};
use super::sm2::{self, Grade};
use super::state::CardState;

/// One card's history: the first applied answer of each study day.
pub type History = [(StudyDay, Grade)];

/// One predicted answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// The predicted probability of recall.
    pub p: f64,
    pub recalled: bool,
    /// srs-benchmark's bin: days since the last answer, answers so far,
    /// lapses so far, each on a log scale.
    pub bin: (u64, u64, u64),
    pub day: StudyDay,
}

/// The three figures of srs-benchmark, over `reviews` predictions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    pub reviews: usize,
    pub log_loss: f64,
    pub rmse_bins: f64,
    /// `None` when every answer was a recall (or every one a miss).
    pub auc: Option<f64>,
}

/// srs-benchmark clips predictions so that one confident miss cannot make
/// the log loss infinite.
const CLIP: f64 = 1e-4;

/// Log loss, RMSE(bins) and AUC; `None` without predictions.
pub fn metrics(predictions: &[Prediction]) -> Option<Metrics> {
    if predictions.is_empty() {
        return None;
    }
    let n = predictions.len() as f64;
    let log_loss = predictions
        .iter()
        .map(|x| {
            let p = x.p.clamp(CLIP, 1.0 - CLIP);
            if x.recalled { -p.ln() } else { -(1.0 - p).ln() }
        })
        .sum::<f64>()
        / n;
    // Per bin: summed prediction, summed outcome, count; the squared gap of
    // the means weighted by the bin's size.
    let mut bins: HashMap<(u64, u64, u64), (f64, f64, f64)> = HashMap::new();
    for x in predictions {
        let entry = bins.entry(x.bin).or_default();
        entry.0 += x.p;
        entry.1 += f64::from(u8::from(x.recalled));
        entry.2 += 1.0;
    }
    let squared: f64 = bins
        .values()
        .map(|(p, y, count)| (p / count - y / count).powi(2) * count)
        .sum();
    Some(Metrics {
        reviews: predictions.len(),
        log_loss,
        rmse_bins: (squared / n).sqrt(),
        auc: auc(predictions),
    })
}

/// The probability that a recalled answer was predicted higher than a
/// missed one (ties count half): the Mann-Whitney form of ROC AUC.
fn auc(predictions: &[Prediction]) -> Option<f64> {
    let mut sorted: Vec<&Prediction> = predictions.iter().collect();
    sorted.sort_by(|a, b| a.p.total_cmp(&b.p));
    let positives = sorted.iter().filter(|x| x.recalled).count() as f64;
    let negatives = sorted.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    // Ranks from 1, tied predictions sharing their mean rank.
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < sorted.len() {
        let p = sorted.get(start).map_or(0.0, |x| x.p);
        let tied = sorted
            .iter()
            .skip(start)
            .take_while(|x| x.p.total_cmp(&p).is_eq())
            .count();
        let mean_rank = start as f64 + (tied as f64 + 1.0) / 2.0;
        let recalled = sorted
            .iter()
            .skip(start)
            .take(tied)
            .filter(|x| x.recalled)
            .count();
        rank_sum += mean_rank * recalled as f64;
        start += tied;
    }
    Some((rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives))
}

/// srs-benchmark's (and fsrs-rs's) log-scale bin of a value.
fn log_bin(value: f64, base: f64, scale: f64) -> u64 {
    if value <= 0.0 {
        return 0;
    }
    (scale * base.powf(value.log(base).floor())).to_bits()
}

fn bin(days: i64, answers: usize, lapses: usize) -> (u64, u64, u64) {
    (
        log_bin(days as f64, 3.62, 2.48 * 100.0),
        log_bin(answers as f64, 1.89, 1.99),
        log_bin(lapses as f64, 1.73, 1.65),
    )
}

/// Every answer of `history` after the first, with what `predict` made of
/// the answers before it and the days since the last one.
fn predict_each(
    history: &History,
    mut predict: impl FnMut(&History, i64) -> Result<f64, SchedulerError>,
) -> Result<Vec<Prediction>, SchedulerError> {
    let mut out = Vec::new();
    let mut lapses = 0;
    for (index, window) in history.windows(2).enumerate() {
        let [(last_day, last_grade), (day, grade)] = window else {
            continue;
        };
        // A failed answer after the first one is a lapse, as srs-benchmark
        // counts them for the bins.
        if index > 0 && !last_grade.passed() {
            lapses += 1;
        }
        let before = history.get(..=index).unwrap_or_default();
        let elapsed = day.number() - last_day.number();
        out.push(Prediction {
            p: predict(before, elapsed)?,
            recalled: grade.passed(),
            bin: bin(elapsed, index + 1, lapses),
            day: *day,
        });
    }
    Ok(out)
}

/// SM-2's predictions for one card.
pub fn sm2_predictions(history: &History) -> Vec<Prediction> {
    let sm2 = |before: &History, elapsed: i64| {
        let mut schedule = sm2::Schedule::default();
        for (day, grade) in before {
            schedule = sm2::answer(schedule, *grade, *day).schedule;
        }
        let interval = f64::from(schedule.interval.max(1));
        Ok(0.9f64.powf(elapsed as f64 / interval))
    };
    predict_each(history, sm2).unwrap_or_default()
}

/// The memory FSRS has after a history that starts with the card new.
pub fn memory_after(
    scheduler: &Scheduler,
    history: &History,
) -> Result<Option<Memory>, SchedulerError> {
    let mut memory = None;
    for (day, grade) in history {
        memory = Some(scheduler.next_memory(&CardState::default(), memory, *grade, *day)?);
    }
    Ok(memory)
}

/// FSRS's predictions for one card, with the scheduler's parameters.
pub fn fsrs_predictions(
    scheduler: &Scheduler,
    history: &History,
) -> Result<Vec<Prediction>, SchedulerError> {
    predict_each(history, |before, elapsed| {
        let Some(memory) = memory_after(scheduler, before)? else {
            return Ok(0.0);
        };
        let day = memory.day.plus(elapsed);
        Ok(f64::from(scheduler.retrievability(&memory, day)))
    })
}

/// The training items of one card for `fsrs::compute_parameters`: for each
/// answer after the first that `keep` accepts, the history up to it.
pub fn training_items(history: &History, keep: impl Fn(StudyDay) -> bool) -> Vec<FSRSItem> {
    let reviews: Vec<FSRSReview> = history
        .iter()
        .scan(None, |last: &mut Option<StudyDay>, (day, grade)| {
            let delta = last.map_or(0, |l| day.number() - l.number());
            *last = Some(*day);
            Some(FSRSReview {
                rating: rating(*grade),
                delta_t: u32::try_from(delta.max(0)).unwrap_or(u32::MAX),
            })
        })
        .collect();
    (2..=reviews.len())
        .filter(|&end| history.get(end - 1).is_some_and(|(day, _)| keep(*day)))
        .filter_map(|end| {
            reviews.get(..end).map(|r| FSRSItem {
                reviews: r.to_vec(),
            })
        })
        .collect()
}

/// The study day that splits the predictable answers in time: about the
/// first `train_share` of them fall before it. `None` without answers.
pub fn split_day(histories: &[Vec<(StudyDay, Grade)>], train_share: f64) -> Option<StudyDay> {
    let mut days: Vec<StudyDay> = histories
        .iter()
        .flat_map(|h| h.iter().skip(1).map(|(day, _)| *day))
        .collect();
    days.sort();
    let n = days.len();
    // Truncating towards zero is the intent: the index of the first answer
    // past the share. The value is within 0..=n, so it fits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let at = ((n as f64) * train_share.clamp(0.0, 1.0)) as usize;
    days.get(at.min(n.saturating_sub(1))).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(p: f64, recalled: bool, bin: u64) -> Prediction {
        Prediction {
            p,
            recalled,
            bin: (bin, 0, 0),
            day: StudyDay::from_number(0),
        }
    }

    #[test]
    fn log_loss_rmse_and_auc_by_hand() {
        let points = [
            point(0.8, true, 1),
            point(0.6, false, 1),
            point(0.9, true, 2),
            point(0.3, true, 2),
        ];
        let m = metrics(&points).unwrap();
        let expected_loss = (-(0.8f64.ln()) - 0.4f64.ln() - 0.9f64.ln() - 0.3f64.ln()) / 4.0;
        assert!((m.log_loss - expected_loss).abs() < 1e-12);
        // Bin 1: mean p 0.7, recalled 0.5; bin 2: mean p 0.6, recalled 1.
        let expected_rmse = ((0.2f64.powi(2) * 2.0 + 0.4f64.powi(2) * 2.0) / 4.0).sqrt();
        assert!((m.rmse_bins - expected_rmse).abs() < 1e-12);
        // Recalled 0.3, 0.8, 0.9 against missed 0.6: 2 of 3 pairs ranked right.
        assert!((m.auc.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn ties_count_half_and_one_class_has_no_auc() {
        let tied = [point(0.5, true, 0), point(0.5, false, 0)];
        assert_eq!(metrics(&tied).unwrap().auc, Some(0.5));
        let all = [point(0.5, true, 0), point(0.7, true, 0)];
        assert_eq!(metrics(&all).unwrap().auc, None);
        assert!(metrics(&[]).is_none());
    }

    #[test]
    fn sm2_predicts_ninety_percent_at_its_interval() {
        let g = |v| Grade::new(v).unwrap();
        let d = StudyDay::from_number;
        // After one pass SM-2's interval is 1 day, after two 6 days.
        let history = [(d(0), g(4)), (d(1), g(4)), (d(13), g(1))];
        let predictions = sm2_predictions(&history);
        let [first, second] = predictions.as_slice() else {
            panic!("two predictions expected");
        };
        assert!((first.p - 0.9).abs() < 1e-12);
        assert!((second.p - 0.81).abs() < 1e-12);
        assert!(first.recalled && !second.recalled);
    }

    #[test]
    fn training_items_are_prefixes_with_day_gaps() {
        let g = |v| Grade::new(v).unwrap();
        let d = StudyDay::from_number;
        let history = [(d(0), g(0)), (d(1), g(4)), (d(5), g(5))];
        let items = training_items(&history, |day| day.number() < 5);
        let [first] = items.as_slice() else {
            panic!("one item expected");
        };
        assert_eq!(
            first
                .reviews
                .iter()
                .map(|r| (r.rating, r.delta_t))
                .collect::<Vec<_>>(),
            [(1, 0), (3, 1)]
        );
        assert_eq!(training_items(&history, |_| true).len(), 2);
    }
}
