//! What one connection can make the server hold, measured on the real binary (its RSS): a
//! peer that never reads asks for a 16 MB document again and again.

use std::time::{Duration, Instant};

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use yrs::{GetString, Transact};

use crate::support::TestApp;
use crate::support::peer::{Peer, ticket_url};
use crate::support::processes::start;
use crate::support::test_settings;

/// The process's resident memory, in bytes.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kb * 1024
}

async fn metrics(app: &TestApp) -> String {
    app.metrics().await
}

fn value(metrics: &str, name: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0)
}

const MB: u64 = 1024 * 1024;

#[tokio::test(flavor = "multi_thread")]
async fn a_peer_that_never_reads_cannot_pin_memory_with_repeated_step_1s() {
    let (settings, dir) = test_settings().await;
    let idle_timeout = Duration::from_secs(20);
    let server = start(
        &settings,
        &dir,
        &[
            ("VIVID__COLLAB__HEARTBEAT_SECS", "1"),
            ("VIVID__COLLAB__WRITE_TIMEOUT_SECS", "3"),
            ("VIVID__COLLAB__IDLE_TIMEOUT_SECS", "20"),
            ("VIVID__COLLAB__UPDATE_BURST", "1000"),
            // One writer fills the whole document.
            ("VIVID__COLLAB__MAX_USER_SHARE", "1"),
        ],
    )
    .await;
    let app = &server.app;
    let pid = server.child.id();
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);

    // A 16 MB document (the default limit is 16 MiB), kept open by its writer.
    let mut writer = Peer::join(app, &m.host, &doc).await;
    let chunk = "x".repeat(1_000_000);
    for _ in 0..16 {
        writer.type_memo(&chunk).await;
    }
    let mut check = Peer::join(app, &m.host, &doc).await;
    let whole = |doc: &yrs::Doc| {
        let memo = doc.get_or_insert_text("memo");
        memo.get_string(&doc.transact()).len() == 16_000_000
    };
    assert!(check.pump_until(whole, 0).await, "the document is 16 MB");
    check.close().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss(pid);

    // A peer with a tiny receive buffer that never reads, asking 300 times for everything.
    let url = ticket_url(app, &m.participant, &doc).await;
    let tcp = tokio::net::TcpSocket::new_v4().unwrap();
    tcp.set_recv_buffer_size(4096).unwrap();
    let address = url
        .trim_start_matches("ws://")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let stream = tcp.connect(address).await.unwrap();
    let (mut stalled, _) = tokio_tungstenite::client_async(url.as_str(), stream)
        .await
        .unwrap();
    let empty_step1 = vec![0u8, 0, 1, 0];
    for _ in 0..300 {
        stalled
            .feed(Message::Binary(empty_step1.clone().into()))
            .await
            .unwrap();
    }
    stalled.flush().await.unwrap();

    // The connection is closed as a slow consumer within the idle timeout; meanwhile the
    // server holds about one answer, not 300.
    let started = Instant::now();
    let mut peak = before;
    let closed = loop {
        peak = peak.max(rss(pid));
        let now = metrics(app).await;
        let slow = now.contains(r#"vivid_rejected_frames_total{reason="slow_consumer"}"#);
        if slow && value(&now, "vivid_ws_connections") == 1.0 {
            break now;
        }
        assert!(
            started.elapsed() < idle_timeout,
            "not closed within the idle timeout"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        value(&closed, "vivid_coalesced_answers_total") >= 290.0,
        "the repeated step 1s were coalesced: {}",
        value(&closed, "vivid_coalesced_answers_total")
    );
    println!("RSS before {} MB, peak {} MB", before / MB, peak / MB);
    assert!(
        peak < before + 64 * MB,
        "held {} MB for one connection",
        (peak - before) / MB
    );

    // The memory comes back.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = rss(pid);
    println!("RSS after {} MB", after / MB);
    assert!(
        after < before + 8 * MB,
        "still holding {} MB after the close",
        after.saturating_sub(before) / MB
    );

    // The writer was not affected.
    writer.type_memo("!").await;
    let late = Peer::join(app, &m.host, &doc).await;
    assert!(late.memo().ends_with('!'));
    drop(stalled);
}
