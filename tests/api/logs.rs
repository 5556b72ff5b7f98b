//! What the server's log holds: every request, by path, and never the secrets that travel
//! in query strings (socket tickets, signed URLs, OAuth codes).

use std::process::Stdio;

use crate::support::processes::start_logging_to;
use crate::support::test_settings;

#[tokio::test]
async fn the_request_log_records_paths_without_their_secret_queries() {
    let (settings, dir) = test_settings().await;
    let log_path = dir.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut server = start_logging_to(
        &settings,
        &dir,
        &[
            ("VIVID__LOG__LEVEL", "info"),
            ("VIVID__LOG__FORMAT", "json"),
        ],
        Stdio::from(log),
    )
    .await;
    let app = &server.app;
    let secrets = [
        "/ws/video-0190a5c2-0000-7000-8000-000000000000?ticket=SECRET-TICKET-1",
        "/api/auth/google/callback?code=SECRET-CODE-2&state=SECRET-STATE-3",
        "/objects/uploads/x.mp4?expires=1&signature=SECRET-SIGNATURE-4",
    ];
    for path in secrets {
        let _ = app.get(path, None).await;
    }
    server.sigterm();
    let written = std::fs::read_to_string(&log_path).unwrap();
    for path in ["/api/auth/google/callback", "/objects/uploads/x.mp4"] {
        assert!(written.contains(path), "{path} is logged:\n{written}");
    }
    assert!(
        !written.contains("SECRET-"),
        "a secret reached the log:\n{written}"
    );
}
