//! Real server processes (the `vivid` binary) for tests that kill, stop or cut off an
//! instance: started on a free port with the test's settings, plus extra environment.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use secrecy::ExposeSecret;
use vivid::config::Settings;

use crate::support::TestApp;

pub struct Instance {
    pub child: Child,
    pub app: TestApp,
    pub port: u16,
}

impl Instance {
    pub fn sigkill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().unwrap();
    }

    pub fn sigterm(&mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `vivid serve` with `settings` (database, Redis, history) and `extra` variables, and
/// waits until it answers.
pub async fn start(
    settings: &Settings,
    dir: &std::sync::Arc<tempfile::TempDir>,
    extra: &[(&str, &str)],
) -> Instance {
    start_logging_to(settings, dir, extra, Stdio::null()).await
}

/// [`start`], with the process's log (stdout) going to `log`.
pub async fn start_logging_to(
    settings: &Settings,
    dir: &std::sync::Arc<tempfile::TempDir>,
    extra: &[(&str, &str)],
    log: Stdio,
) -> Instance {
    let port = free_port();
    let metrics_port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_vivid"))
        .arg("serve")
        .env("VIVID__HTTP__ADDR", format!("127.0.0.1:{port}"))
        .env(
            "VIVID__HTTP__METRICS_ADDR",
            format!("127.0.0.1:{metrics_port}"),
        )
        .env("VIVID__DATA_DIR", settings.data_dir.as_os_str())
        .env("DATABASE_URL", settings.database_url().expose_secret())
        .env(
            "VIVID__REDIS__URL",
            settings.redis_url().unwrap_or_default(),
        )
        .env("VIVID__REDIS__KEY_PREFIX", &settings.redis.key_prefix)
        .env(
            "VIVID__AUTH__JWT_SECRET",
            settings.auth.jwt_secret.expose_secret(),
        )
        .env(
            "VIVID__HISTORY__DYNAMODB_TABLE",
            settings
                .history
                .dynamodb_table
                .as_deref()
                .unwrap_or_default(),
        )
        .env("VIVID__HISTORY__S3_BUCKET", &settings.history.s3_bucket)
        .env(
            "VIVID__AWS__ENDPOINT_URL",
            settings.aws.endpoint_url.as_deref().unwrap_or_default(),
        )
        .env(
            "VIVID__AWS__ACCESS_KEY_ID",
            settings.aws.access_key_id.as_deref().unwrap_or_default(),
        )
        .env(
            "VIVID__AWS__SECRET_ACCESS_KEY",
            settings.aws.secret_access_key.expose_secret(),
        )
        .env("VIVID__COLLAB__STREAM_CHECK_SECS", "1")
        .env("VIVID__HTTP__SHUTDOWN_TIMEOUT_SECS", "2")
        .env("VIVID__LOG__LEVEL", "warn")
        .envs(extra.iter().copied())
        .stdout(log)
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the vivid binary starts");
    let address = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http.get(format!("{address}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut app = TestApp::attach(address, settings.clone(), dir.clone());
    app.metrics_address = Some(format!("http://127.0.0.1:{metrics_port}"));
    Instance { child, app, port }
}
