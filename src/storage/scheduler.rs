//! The collection's scheduler settings and rescheduling every card at once
//! when they change.

use rusqlite::params;

use super::{Result, Store};
use crate::domain::card::CardId;
use crate::domain::scheduler::{SchedulerKind, Settings};
use crate::domain::state::CardState;

impl Store {
    pub fn scheduler_settings(&self) -> Result<Settings> {
        let (kind, retention, parameters): (String, f64, Option<String>) = self.conn.query_row(
            "SELECT kind, retention, parameters FROM scheduler WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let kind = SchedulerKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown scheduler {kind:?}").into(),
            )
        })?;
        let parameters = parameters
            .map(|p| serde_json::from_str::<Vec<f32>>(&p))
            .transpose()?;
        Ok(Settings {
            kind,
            // Stored from an f32, so this gives back the same f32.
            retention: retention as f32,
            parameters,
        })
    }

    /// Stores new settings and the schedules they give, in one transaction:
    /// only the scheduling columns change, the log is left as it is.
    pub fn set_scheduler(
        &mut self,
        settings: &Settings,
        states: &[(CardId, CardState)],
    ) -> Result<()> {
        let parameters = settings
            .parameters
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE scheduler SET kind = ?1, retention = ?2, parameters = ?3 WHERE id = 1",
            params![
                settings.kind.as_str(),
                // Four decimals: the f32 0.97 is 0.97000003 as an f64, which the
                // table's range check would refuse.
                (f64::from(settings.retention) * 10_000.0).round() / 10_000.0,
                parameters
            ],
        )?;
        {
            let mut update = tx.prepare_cached(
                "UPDATE cards SET reps = ?2, ef = ?3, interval = ?4, due = ?5, lapses = ?6 \
                 WHERE id = ?1",
            )?;
            for (id, state) in states {
                update.execute(params![
                    id,
                    state.reps,
                    state.ef,
                    state.interval,
                    state.due,
                    state.lapses
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
