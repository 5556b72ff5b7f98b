//! `[aws]`: region, endpoint (moto, MinIO) and static credentials for the SDK clients.

use secrecy::SecretString;
use serde::Deserialize;

use super::empty_as_none;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsSettings {
    pub region: String,
    #[serde(deserialize_with = "empty_as_none")]
    pub endpoint_url: Option<String>,
    #[serde(deserialize_with = "empty_as_none")]
    pub access_key_id: Option<String>,
    pub secret_access_key: SecretString,
}
