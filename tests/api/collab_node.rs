//! The stock npm `y-websocket` + `yjs` clients, run with Node, against the server.

use std::process::Command;

use serde_json::Value;

use crate::support::peer::ticket_url;
use crate::support::{TestApp, ok_json};

fn node_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

#[tokio::test]
async fn stock_y_websocket_clients_edit_together_and_see_server_assigned_presence() {
    assert!(
        node_dir().join("node_modules/y-websocket").exists(),
        "run `npm ci` in tests/node (scripts/test does)"
    );
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let ticket = |url: String| url.split("ticket=").nth(1).unwrap().to_owned();
    let ticket_a = ticket(ticket_url(&app, &m.host, &doc).await);
    let ticket_b = ticket(ticket_url(&app, &m.participant, &doc).await);
    let base = format!("{}/ws", app.address.replacen("http://", "ws://", 1));

    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(node_dir())
            .args(["two_clients.mjs", &base, &doc, &ticket_a, &ticket_b])
            .output()
            .expect("node runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "node failed: {stdout}\n{stderr}");
    let seen: Value = serde_json::from_str(stdout.trim()).unwrap();

    assert_eq!(seen["memoA"], "Graphs: BFS and DFS");
    assert_eq!(seen["memoB"], "Graphs: BFS and DFS");
    assert_eq!(
        seen["strokesA"],
        serde_json::json!(["stroke-a", "stroke-b"])
    );
    assert_eq!(seen["strokesB"], seen["strokesA"]);
    // Each sees the other under the server-assigned identity, not the claimed one.
    let host_name = m.host.email.split('@').next().unwrap();
    let participant_name = m.participant.email.split('@').next().unwrap();
    assert_eq!(seen["aSees"][0]["user"]["name"], participant_name);
    assert_eq!(
        seen["aSees"][0]["user"]["id"],
        m.participant.user_id.as_str()
    );
    assert_eq!(seen["bSees"][0]["user"]["name"], host_name);
    assert_eq!(seen["bSees"][0]["user"]["id"], m.host.user_id.as_str());
    assert_eq!(seen["bSees"][0]["playhead"], 12.5);

    let content = ok_json(
        app.get(&format!("/api/docs/video-{}", m.video), Some(&m.host.token))
            .await,
    )
    .await;
    assert_eq!(content["memo"]["text"], "Graphs: BFS and DFS");
    assert_eq!(content["strokes"]["stroke-b"]["tool"], "highlighter");
}
