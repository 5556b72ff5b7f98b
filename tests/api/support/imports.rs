//! What the recording-import tests (Webex, Zoom) share: waiting for an imported video to
//! settle, checking the stored copy byte for byte against the stubs' pattern, and a real
//! `vivid` process whose resident memory can be read while it imports.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::webex_stub::pattern_byte;
use super::{PUBLIC_URL, Session, ok_json};

pub const SETTLE_DEADLINE: Duration = Duration::from_secs(60);
pub const MIB: f64 = 1024.0 * 1024.0;

/// Polls the video until it is `ready` or `failed` (at most [`SETTLE_DEADLINE`]), calling
/// `sample` on every round.
pub async fn settle(who: &Session, video: &str, mut sample: impl FnMut()) -> Value {
    let deadline = Instant::now() + SETTLE_DEADLINE;
    loop {
        sample();
        let view = ok_json(who.get(&format!("/api/videos/{video}")).await).await;
        if matches!(view["status"].as_str(), Some("ready" | "failed")) {
            return view;
        }
        assert!(
            Instant::now() < deadline,
            "video {video} did not settle in {SETTLE_DEADLINE:?}: {view}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn source_path(data_dir: &Path, video: &str) -> PathBuf {
    data_dir
        .join("objects/uploads/videos")
        .join(video)
        .join("source")
}

/// Checks the stored copy byte for byte against the stubs' pattern.
pub fn assert_copy(path: &Path, size: u64) {
    let mut file = std::fs::File::open(path).unwrap();
    let mut buffer = vec![0u8; 1 << 20];
    let mut offset = 0u64;
    loop {
        let read = file.read(&mut buffer).unwrap();
        if read == 0 {
            break;
        }
        for (i, byte) in buffer[..read].iter().enumerate() {
            let position = offset + i as u64;
            assert_eq!(
                *byte,
                pattern_byte(position),
                "byte {position} of {}",
                path.display()
            );
        }
        offset += read as u64;
    }
    assert_eq!(offset, size, "{}", path.display());
}

/// No import left a temporary file behind.
pub fn assert_no_temp_files(data_dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(data_dir.join("imports"))
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "temporary import files left: {left:?}");
}

/// The `vivid` binary (embedded profile, local storage, pass-through transcoding), killed
/// when dropped (a failing test included).
pub struct ServerProcess {
    child: Child,
    pub address: String,
}

impl ServerProcess {
    /// Starts the binary with `env` on top of the embedded defaults and waits until it is up.
    pub async fn start(data_dir: &Path, env: Vec<(&'static str, String)>) -> ServerProcess {
        let port = super::processes::free_port();
        let database = format!("sqlite://{}", data_dir.join("vivid.db").display());
        let mut command = Command::new(env!("CARGO_BIN_EXE_vivid"));
        command
            .arg("serve")
            .env_remove("VIVID_CONFIG")
            .env("VIVID__PROFILE", "embedded")
            .env("VIVID__HTTP__ADDR", format!("127.0.0.1:{port}"))
            .env("VIVID__HTTP__METRICS_ADDR", "127.0.0.1:0")
            .env("VIVID__HTTP__PUBLIC_URL", PUBLIC_URL)
            .env("VIVID__DATA_DIR", data_dir.as_os_str())
            .env("DATABASE_URL", &database)
            .env("VIVID__REDIS__URL", "")
            .env("VIVID__STORAGE__BACKEND", "local")
            .env("VIVID__TRANSCODE__BACKEND", "passthrough")
            .env("VIVID__HTTP__SHUTDOWN_TIMEOUT_SECS", "1")
            .env("VIVID__LOG__LEVEL", "warn")
            .envs(env)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let mut server = ServerProcess {
            child: command.spawn().expect("the vivid binary starts"),
            address: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(exit) = server.child.try_wait().unwrap() {
                panic!("the server exited early: {exit}");
            }
            let health = reqwest::get(format!("{}/healthz", server.address)).await;
            if health.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(Instant::now() < deadline, "the server did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A `kB` field of `/proc/{pid}/status` (`VmRSS`, `VmHWM`), in bytes.
    pub fn status_bytes(&self, field: &str) -> u64 {
        let pid = self.pid();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find_map(|line| {
                let value = line.strip_prefix(field)?.strip_prefix(':')?.trim();
                value.strip_suffix("kB")?.trim().parse::<u64>().ok()
            })
            .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
            * 1024
    }

    /// Resets `VmHWM` (the peak RSS) to the current RSS, so that it records the peak of what
    /// follows even between two samples; false where the kernel does not allow it.
    pub fn reset_peak(&self) -> bool {
        std::fs::write(format!("/proc/{}/clear_refs", self.pid()), "5").is_ok()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
