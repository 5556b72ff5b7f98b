//! `[http]`: where the server listens and how it answers.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::{SettingsError, invalid, seconds};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub addr: String,
    pub allow_public_embedded: bool,
    pub public_url: String,
    pub json_limit: usize,
    #[serde(rename = "shutdown_timeout_secs", deserialize_with = "seconds")]
    pub shutdown_timeout: Duration,
    pub client_dir: PathBuf,
    /// 0: one per CPU core.
    pub workers: usize,
    /// Over all workers.
    pub max_connections: usize,
    /// Proxies in front of this server that append to `X-Forwarded-For` (1 behind an ALB):
    /// the client's address is that many entries from the right. 0: the peer's address.
    pub proxy_hops: usize,
    /// Where `/metrics` is served (an internal listener, never the public one); empty: nowhere.
    pub metrics_addr: String,
}

impl HttpSettings {
    /// Whether `addr` names a loopback address (`127.0.0.1`, `[::1]`, `localhost`).
    pub fn is_loopback(&self) -> bool {
        let host = self
            .addr
            .rsplit_once(':')
            .map_or(self.addr.as_str(), |(host, _)| host);
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    pub(super) fn check(&self) -> Result<(), SettingsError> {
        if url::Url::parse(&self.public_url).is_err() {
            return invalid("http.public_url", "must be an absolute URL");
        }
        // Port 0 (tests) picks a free port for each.
        if !self.metrics_addr.is_empty()
            && self.metrics_addr == self.addr
            && !self.addr.ends_with(":0")
        {
            return invalid(
                "http.metrics_addr",
                "must differ from http.addr (metrics stay off the public listener)",
            );
        }
        if self.max_connections == 0 {
            return invalid("http.max_connections", "must be positive");
        }
        Ok(())
    }
}
