//! `[history]`: DynamoDB (+ S3 overflow) for version history (none: the database).

use serde::Deserialize;

use super::{SettingsError, empty_as_none, invalid};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistorySettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub dynamodb_table: Option<String>,
    pub s3_bucket: String,
}

impl HistorySettings {
    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if self.dynamodb_table.is_some() && self.s3_bucket.is_empty() {
            return invalid(
                "history.s3_bucket",
                "is required with history.dynamodb_table (large snapshots overflow to S3)",
            );
        }
        Ok(())
    }
}
