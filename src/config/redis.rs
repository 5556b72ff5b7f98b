//! `[redis]`: the shared store of a fleet (none: this process's memory).

use secrecy::SecretString;
use serde::Deserialize;

use super::empty_as_none;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedisSettings {
    #[serde(deserialize_with = "empty_as_none")]
    pub url: Option<SecretString>,
    pub key_prefix: String,
}
