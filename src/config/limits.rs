//! `[limits]`: how much expensive work one user (or one address) may start, shared by every
//! instance (the counters live in the key store), and quotas on work in progress.

use serde::Deserialize;

use super::{SettingsError, invalid};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSettings {
    /// Google sign-ins started per client address and minute (each writes login state).
    pub login_starts_per_minute: u32,
    /// Socket tickets per user and minute (a reconnect takes one).
    pub tickets_per_minute: u32,
    /// Versions saved on purpose (and restores) per user and minute: each stores a snapshot.
    pub versions_per_minute: u32,
    /// Snapshot images saved per user and minute.
    pub snapshots_per_minute: u32,
    /// Videos added (and upload instructions issued) per user and hour.
    pub videos_per_hour: u32,
    /// Recording imports started per user and hour.
    pub imports_per_hour: u32,
    /// Library event streams opened per user and minute.
    pub event_streams_per_minute: u32,
    /// Videos a user added that still wait for their upload.
    pub max_pending_uploads: u32,
    /// Recording imports of one user running at once.
    pub max_running_imports: u32,
}

impl LimitSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        let all = [
            self.login_starts_per_minute,
            self.tickets_per_minute,
            self.versions_per_minute,
            self.snapshots_per_minute,
            self.videos_per_hour,
            self.imports_per_hour,
            self.event_streams_per_minute,
            self.max_pending_uploads,
            self.max_running_imports,
        ];
        if all.contains(&0) {
            return invalid("limits", "every limit must be at least 1");
        }
        Ok(())
    }
}
