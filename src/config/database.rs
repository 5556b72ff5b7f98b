//! `[database]`: SQLite (embedded) or PostgreSQL.

use secrecy::SecretString;
use serde::Deserialize;

use super::{SettingsError, empty_as_none, invalid};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub url: Option<SecretString>,
    pub max_connections: usize,
    pub migrate_on_start: bool,
}

impl DatabaseSettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.max_connections == 0 {
            return invalid("database.max_connections", "must be at least 1");
        }
        Ok(())
    }
}
