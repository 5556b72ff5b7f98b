//! Faults under churn, with stock `yjs` + `y-websocket` clients (tests/node/churn.mjs) on
//! Redis: edits sent right before a close, presence echoes of departed clients, an instance
//! killed while its clients type, and a Redis link left half-open. They run in the production
//! pass (PostgreSQL + Redis, `VIVID_TEST_REDIS_URL`); the embedded pass has no Redis to fault.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::aws::with_aws_history;
use crate::support::peer::Peer;
use crate::support::processes::start;
use crate::support::tcp_proxy::TcpProxy;
use crate::support::{Session, TestApp, ok_json, redis_url, test_settings, unique_email};

fn node_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

/// The production pass only (Redis and PostgreSQL named by scripts/test).
fn production_pass() -> bool {
    let on = redis_url().is_some();
    if !on {
        eprintln!("skipped: runs in the PostgreSQL + Redis pass");
    }
    on
}

/// A space with `steady` + `churn` members signed in on `app`.
async fn members(
    app: &TestApp,
    steady: usize,
    churn: usize,
) -> (String, Vec<Session>, Vec<Session>) {
    let host = app.login(&unique_email("host")).await;
    let space = app.create_space(&host, "Faults").await;
    let video = app.create_video(&host, &space, "Lecture").await;
    let mut users = vec![host.clone()];
    for i in 1..steady + churn {
        let email = unique_email(&format!("student{i}"));
        let student = app.login(&email).await;
        app.add_member(&host, &space, &student).await;
        users.push(student);
    }
    let churners = users.split_off(steady);
    (format!("video-{video}"), users, churners)
}

fn tokens(users: &[Session]) -> Vec<String> {
    users.iter().map(|u| u.token.clone()).collect()
}

/// Runs churn.mjs with `config`; `on_ready` runs once the steady clients are synced and
/// returns what to write on the script's stdin (e.g. `killed`).
async fn churn(config: Value, on_ready: impl FnOnce() -> Option<String> + Send + 'static) -> Value {
    assert!(
        node_dir().join("node_modules/y-websocket").exists(),
        "run `npm ci` in tests/node (scripts/test does)"
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), config.to_string()).unwrap();
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new("node")
            .current_dir(node_dir())
            .arg("churn.mjs")
            .arg(file.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("node printed a line").unwrap();
        assert_eq!(first, "ready", "the steady clients synced");
        let mut stdin = child.stdin.take().unwrap();
        if let Some(line) = on_ready() {
            writeln!(stdin, "{line}").unwrap();
        }
        let result = lines.next().expect("node printed its result").unwrap();
        let _ = child.wait();
        serde_json::from_str::<Value>(&result).expect("a JSON result")
    })
    .await
    .unwrap()
}

/// Every marker the clients typed is in the document as REST reads it.
async fn assert_in_document(app: &TestApp, who: &Session, doc: &str, seen: &Value) {
    let content = ok_json(app.get(&format!("/api/docs/{doc}"), Some(&who.token)).await).await;
    let memo = content["memo"]["text"].as_str().unwrap();
    let expected = seen["expected"].as_array().unwrap();
    let missing: Vec<&Value> = expected
        .iter()
        .filter(|m| !memo.contains(m.as_str().unwrap()))
        .collect();
    assert!(missing.is_empty(), "not in the document: {missing:?}");
}

fn assert_nothing_lost(seen: &Value) {
    for (client, lost) in seen["lost"].as_object().unwrap() {
        assert_eq!(lost, &json!([]), "{client} lacks edits");
    }
}

fn codes(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| match v {
            Value::Array(inner) => inner.iter().filter_map(Value::as_i64).collect::<Vec<_>>(),
            other => other.as_i64().into_iter().collect(),
        })
        .collect()
}

/// The value of an unlabelled gauge in `/metrics`.
async fn gauge(app: &TestApp, name: &str) -> f64 {
    let text = app.metrics().await;
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("{name} in /metrics"))
}

async fn rooms_return_to_zero(apps: &[&TestApp]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    for app in apps {
        while gauge(app, "vivid_rooms").await > 0.0 {
            assert!(Instant::now() < deadline, "rooms did not close");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_sent_just_before_a_close_are_never_dropped() {
    if !production_pass() {
        return;
    }
    let (settings, dir) = test_settings().await;
    let app = TestApp::spawn_with(settings, dir).await;
    let (doc, steady, churners) = members(&app, 6, 10).await;
    // 50 clients each send one update and close at once while 6 others type; 5 rounds.
    let seen = churn(
        json!({"http": app.address, "doc": doc, "scenario": "leavers",
               "steady": tokens(&steady), "churn": tokens(&churners),
               "rounds": 5, "perRound": 50, "typeMs": 150}),
        || None,
    )
    .await;
    assert_eq!(
        seen["expected"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m.as_str().unwrap().starts_with('L'))
            .count(),
        250
    );
    assert_nothing_lost(&seen);
    assert_in_document(&app, &steady[0], &doc, &seen).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn presence_churn_kicks_no_steady_client_and_leaves_no_ghosts() {
    if !production_pass() {
        return;
    }
    let (mut settings, dir) = test_settings().await;
    settings.collab.room_grace = std::time::Duration::from_secs(1);
    let a = TestApp::spawn_with(settings.clone(), dir.clone()).await;
    let b = a.spawn_sibling().await;
    let balancer = TcpProxy::start(vec![addr(&a), addr(&b)]).await;
    let (doc, steady, churners) = members(&a, 6, 20).await;
    // 200 clients join and leave in rounds, on two instances, while 6 type.
    let seen = churn(
        json!({"http": balancer.url("http"), "doc": doc, "scenario": "presence",
               "steady": tokens(&steady), "churn": tokens(&churners),
               "rounds": 4, "perRound": 50, "typeMs": 150}),
        || None,
    )
    .await;
    let steady_closes = codes(&seen["steadyCloses"]);
    assert!(
        !steady_closes.contains(&4002),
        "a steady client was kicked: {steady_closes:?}"
    );
    let churn_closes = codes(&seen["churnCloses"]);
    assert!(
        !churn_closes.contains(&4002),
        "a joining client was kicked: {churn_closes:?}"
    );
    assert_nothing_lost(&seen);
    for (client, ghosts) in seen["ghosts"].as_object().unwrap() {
        assert_eq!(ghosts, 0, "{client} still shows departed clients");
    }
    assert_in_document(&a, &steady[0], &doc, &seen).await;
    // A newcomer sees no presence but its own: nothing of the departed remains on the server.
    let mut late = Peer::join(&b, &steady[1], &doc).await;
    let _ = tokio::time::timeout(Duration::from_millis(500), late.pump_until(|_| false, 10)).await;
    assert!(
        late.presence_clients().is_empty(),
        "{:?}",
        late.presence_clients()
    );
    late.close().await;
    rooms_return_to_zero(&[&a, &b]).await;
}

fn addr(app: &TestApp) -> std::net::SocketAddr {
    app.address.trim_start_matches("http://").parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn clients_of_a_killed_instance_fail_over_without_4002_and_lose_nothing() {
    if !production_pass() {
        return;
    }
    let (mut settings, dir) = test_settings().await;
    with_aws_history(&mut settings);
    let grace = [("VIVID__COLLAB__ROOM_GRACE_SECS", "2")];
    let mut a = start(&settings, &dir, &grace).await;
    let b = start(&settings, &dir, &grace).await;
    let balancer = TcpProxy::start(vec![
        format!("127.0.0.1:{}", a.port).parse().unwrap(),
        format!("127.0.0.1:{}", b.port).parse().unwrap(),
    ])
    .await;
    let (doc, steady, _) = members(&b.app, 6, 0).await;
    // The steady clients are spread over both instances; A dies while they type and stays down.
    let a_pid = a.child.id();
    let seen = churn(
        json!({"http": balancer.url("http"), "doc": doc, "scenario": "failover",
               "steady": tokens(&steady), "churn": [], "settleMs": 6000, "typeMs": 120}),
        move || {
            std::thread::sleep(Duration::from_secs(2));
            Command::new("kill")
                .args(["-KILL", &a_pid.to_string()])
                .status()
                .unwrap();
            Some("killed".into())
        },
    )
    .await;
    let _ = a.child.wait();
    let closes = codes(&seen["steadyCloses"]);
    let lockouts = closes.iter().filter(|code| **code == 4002).count();
    assert_eq!(
        lockouts, 0,
        "failed-over clients were closed with 4002 {lockouts} times"
    );
    let reconnects = seen["reconnectMs"].as_array().unwrap();
    assert!(
        !reconnects.is_empty(),
        "some clients were on the killed instance"
    );
    for ms in reconnects {
        let ms = ms.as_i64().expect("every client synced again");
        assert!(ms <= 3000, "a client took {ms} ms to be served again");
    }
    assert_nothing_lost(&seen);
    assert_in_document(&b.app, &steady[0], &doc, &seen).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_instance_recovers_from_a_half_open_redis_link() {
    if !production_pass() {
        return;
    }
    let (mut settings, dir) = test_settings().await;
    let redis = redis_url().unwrap();
    let target = redis.trim_start_matches("redis://").trim_end_matches('/');
    let link = TcpProxy::start(vec![
        tokio::net::lookup_host(target)
            .await
            .unwrap()
            .next()
            .unwrap(),
    ])
    .await;
    settings.redis.url = Some(secrecy::SecretString::from(link.url("redis")));
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    writer.type_memo("before the fault. ").await;
    // In the stream before the fault (REST reads the room's document).
    let stored = Instant::now();
    loop {
        let content = ok_json(
            app.get(&format!("/api/docs/{doc}"), Some(&m.host.token))
                .await,
        )
        .await;
        if content["memo"]["text"] == "before the fault. " {
            break;
        }
        assert!(stored.elapsed() < Duration::from_secs(5), "{content}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    link.hang();
    tokio::time::sleep(Duration::from_secs(15)).await;
    link.heal();
    let healed = Instant::now();
    loop {
        let ready = app.get("/readyz", None).await.status().is_success();
        if ready {
            break;
        }
        assert!(
            healed.elapsed() < Duration::from_secs(10),
            "not ready 10 s after the heal"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // It serves its documents again: a new client joins, edits, and nothing is lost.
    let mut fresh = Peer::join(&app, &m.participant, &doc).await;
    assert!(
        fresh.wait_for_memo("before the fault. ").await,
        "{}",
        fresh.memo()
    );
    fresh.type_memo("after the heal.").await;
    let mut reader = Peer::join(&app, &m.host, &doc).await;
    assert!(
        reader
            .wait_for_memo("before the fault. after the heal.")
            .await,
        "{}",
        reader.memo()
    );
    drop(writer);
}
