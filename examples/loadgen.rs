//! The high-rate load generator: `rooms × clients` y-websocket clients, each sending
//! `rate` updates per second to its room, measuring every delivery's latency from the send
//! time carried inside the update (a memo insert `LT:{µs since the epoch}`), plus the
//! server's CPU seconds and peak RSS from /proc. Speaks to three servers:
//! - `vivid`: dev login, a space and video per room, a fresh ticket per socket;
//! - `y-websocket`: the reference server (`ws://host/{room}`);
//! - `hocuspocus`: one socket per client, every frame prefixed with the document name, an
//!   auth message first.
//!
//! cargo run --release --example loadgen -- --target vivid --url http://127.0.0.1:8080 \
//!     --rooms 10 --clients 10 --rate 10 --seconds 20 --server-pid 1234
//!
//! `--url2 URL` puts every other client of a room on a second VIVID instance (both sharing
//! Redis), so half the deliveries cross instances.
//!
//! `--idle` connects everyone, waits until every socket is open (or failed), then only samples
//! the server's RSS for `seconds`: memory per idle connection. `--shared-user` makes every
//! client of a VIVID room sign in as the room's host (like many tabs), which keeps the setup
//! to three requests per room for tens of thousands of sockets. Past 20,000 sockets the
//! clients spread over the source addresses 127.0.0.1, 127.0.0.2, … (one source address has
//! about 28,000 ephemeral ports towards one server port).
//!
//! Prints one JSON line of results (for `load-tests/compare.sh`) after a human summary.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Mutex, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Target {
    Vivid,
    YWebsocket,
    Hocuspocus,
}

struct Args {
    target: Target,
    url: String,
    /// A second instance: every other client of a room connects there (VIVID only).
    url2: Option<String>,
    rooms: usize,
    clients: usize,
    rate: f64,
    seconds: u64,
    idle: bool,
    shared_user: bool,
    server_pid: Option<u32>,
    label: String,
}

fn args() -> Args {
    let mut args = Args {
        target: Target::Vivid,
        url: "http://127.0.0.1:8080".into(),
        url2: None,
        rooms: 10,
        clients: 10,
        rate: 10.0,
        seconds: 20,
        idle: false,
        shared_user: false,
        server_pid: None,
        label: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().expect("a value after the flag");
        match flag.as_str() {
            "--target" => {
                args.target = match value().as_str() {
                    "vivid" => Target::Vivid,
                    "y-websocket" => Target::YWebsocket,
                    "hocuspocus" => Target::Hocuspocus,
                    other => panic!("unknown target {other}"),
                }
            }
            "--url" => args.url = value(),
            "--url2" => args.url2 = Some(value()),
            "--rooms" => args.rooms = value().parse().unwrap(),
            "--clients" => args.clients = value().parse().unwrap(),
            "--rate" => args.rate = value().parse().unwrap(),
            "--seconds" => args.seconds = value().parse().unwrap(),
            "--idle" => args.idle = true,
            "--shared-user" => args.shared_user = true,
            "--server-pid" => args.server_pid = Some(value().parse().unwrap()),
            "--label" => args.label = value(),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

// lib0 encoding, by hand: the frames are the same for every server.
fn uint(out: &mut Vec<u8>, mut n: u64) {
    while n > 0x7f {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn string(out: &mut Vec<u8>, text: &str) {
    uint(out, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

fn bytes(out: &mut Vec<u8>, data: &[u8]) {
    uint(out, data.len() as u64);
    out.extend_from_slice(data);
}

fn now_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as u64
}

/// `[0, 2, update]`: a memo insert `LT:{µs}:{client}` (a valid Yjs v1 update), typed the way
/// a person types: the first one at the start of `memo`, each next one right after the
/// client's previous insert (its left origin). Inserts without an origin would all compete
/// for the start of the text, and every server would rescan the whole text on each one.
fn update_frame(client: u64, clock: &mut u64) -> Vec<u8> {
    let text = format!("LT:{:016}:{client:016x}", now_micros());
    let mut update = Vec::with_capacity(48);
    uint(&mut update, 1); // one client
    uint(&mut update, 1); // one struct
    uint(&mut update, client);
    uint(&mut update, *clock);
    if *clock == 0 {
        update.push(4); // info byte: ContentString, no origins, so the parent by name follows
        uint(&mut update, 1);
        string(&mut update, "memo");
    } else {
        update.push(0x80 | 4); // info byte: ContentString with a left origin
        uint(&mut update, client);
        uint(&mut update, *clock - 1);
    }
    string(&mut update, &text);
    uint(&mut update, 0); // delete set
    *clock += text.len() as u64;
    let mut frame = vec![0, 2];
    bytes(&mut frame, &update);
    frame
}

/// `[0, 0, sv]` with an empty state vector.
fn sync_step1() -> Vec<u8> {
    vec![0, 0, 1, 0]
}

/// The send time and sender inside a received update frame (`[0, 2, …]`, after the
/// Hocuspocus document name when there is one), when it carries one of our updates. Sync
/// answers (history) are not deliveries.
fn marker(frame: &[u8], prefixed: bool) -> Option<(u64, u64)> {
    let body = if prefixed {
        let (len, rest) = frame.split_first()?;
        rest.get(*len as usize..)?
    } else {
        frame
    };
    if body.get(..2)? != [0, 2] {
        return None;
    }
    let at = body.windows(3).position(|w| w == b"LT:")?;
    let text = std::str::from_utf8(body.get(at + 3..at + 36)?).ok()?;
    let (time, sender) = text.split_once(':')?;
    Some((time.parse().ok()?, u64::from_str_radix(sender, 16).ok()?))
}

struct Stats {
    latency: Mutex<Histogram<u64>>,
    deliveries: AtomicU64,
    sent: AtomicU64,
    errors: AtomicU64,
    connected: AtomicU64,
}

/// Where each client connects, and what it must send first.
struct Endpoint {
    url: String,
    /// Hocuspocus: the document name every frame starts with.
    prefix: Option<String>,
}

async fn vivid_endpoints(args: &Args) -> Vec<Vec<(String, String)>> {
    // Per room: (token, video) for every client. Tickets are taken at connect time.
    let http = reqwest::Client::new();
    let base = &args.url;
    let run = format!("{:x}", now_micros());
    let login = |email: String| {
        let http = http.clone();
        async move {
            let response: Value = http
                .post(format!("{base}/api/auth/dev-login"))
                .json(&json!({"email": email, "name": "Load"}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            response["access_token"].as_str().unwrap().to_owned()
        }
    };
    let mut rooms = Vec::new();
    for room in 0..args.rooms {
        let host = login(format!("lg-{run}-{room}-host@load.test")).await;
        let space = post_json(
            &http,
            &format!("{base}/api/spaces"),
            &host,
            json!({"name": "load", "description": ""}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let video = post_json(
            &http,
            &format!("{base}/api/spaces/{space}/videos"),
            &host,
            json!({"title": "load", "size": 1000, "content_type": "video/mp4"}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut clients = vec![(host, video.clone())];
        if args.shared_user {
            clients.resize(args.clients, clients[0].clone());
            rooms.push(clients);
            continue;
        }
        for client in 1..args.clients {
            let email = format!("lg-{run}-{room}-{client}@load.test");
            http.post(format!("{base}/api/spaces/{space}/participants"))
                .bearer_auth(&clients[0].0)
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap();
            let token = login(email).await;
            accept_invitation(&http, base, &token, &space).await;
            clients.push((token, video.clone()));
        }
        rooms.push(clients);
    }
    rooms
}

/// An invitation is an offer: the invitee accepts it to become a participant.
async fn accept_invitation(http: &reqwest::Client, base: &str, token: &str, space: &str) {
    let invitations: Value = http
        .get(format!("{base}/api/me/invitations?limit=50"))
        .bearer_auth(token)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("the invitations")
        .json()
        .await
        .expect("a JSON answer");
    let offer = invitations["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["space"]["id"] == space))
        .expect("an invitation to the space");
    let id = offer["id"].as_str().expect("an invitation id");
    post_json(
        http,
        &format!("{base}/api/me/invitations/{id}/accept"),
        token,
        json!({}),
    )
    .await;
}

/// POSTs JSON with a bearer token; the answer's JSON (setup calls: failures are fatal).
async fn post_json(http: &reqwest::Client, url: &str, token: &str, body: Value) -> Value {
    http.post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("a setup request")
        .json()
        .await
        .expect("a JSON answer")
}

async fn vivid_ticket(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    video: &str,
) -> anyhow::Result<Endpoint> {
    let ticket: Value = http
        .post(format!("{base}/api/ws-tickets"))
        .bearer_auth(token)
        .json(&json!({"doc": format!("video-{video}")}))
        .send()
        .await?
        .json()
        .await?;
    let ticket = ticket["ticket"].as_str().unwrap_or_default();
    let ws = base.replacen("http", "ws", 1);
    Ok(Endpoint {
        url: format!("{ws}/ws/video-{video}?ticket={ticket}"),
        prefix: None,
    })
}

/// Which local address connection `index` of `total` leaves from.
fn source_address(index: usize, total: usize) -> Ipv4Addr {
    const PER_SOURCE: usize = 20_000;
    if total <= PER_SOURCE {
        Ipv4Addr::LOCALHOST
    } else {
        Ipv4Addr::new(127, 0, 0, 1 + (index / PER_SOURCE) as u8)
    }
}

/// Opens a WebSocket to `url` (`ws://` and an IPv4 address, as every caller builds it) from
/// `source`, without Nagle's delay.
async fn connect(url: &str, source: Ipv4Addr) -> anyhow::Result<WebSocketStream<TcpStream>> {
    let authority = url
        .trim_start_matches("ws://")
        .split('/')
        .next()
        .unwrap_or_default();
    let server: SocketAddr = authority.parse()?;
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source.into(), 0))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    let (socket, _) = tokio_tungstenite::client_async(url, stream).await?;
    Ok(socket)
}

fn framed(prefix: &Option<String>, frame: Vec<u8>) -> Vec<u8> {
    match prefix {
        None => frame,
        Some(doc) => {
            let mut out = Vec::with_capacity(frame.len() + doc.len() + 2);
            string(&mut out, doc);
            out.extend_from_slice(&frame);
            out
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn client(
    endpoint: Endpoint,
    source: Ipv4Addr,
    id: u64,
    rate: f64,
    idle: Option<watch::Receiver<bool>>,
    start_at: Instant,
    stop_at: Instant,
    stats: Arc<Stats>,
) {
    let connected =
        tokio::time::timeout(Duration::from_secs(30), connect(&endpoint.url, source)).await;
    let Ok(Ok(socket)) = connected else {
        stats.errors.fetch_add(1, Ordering::Relaxed);
        return;
    };
    stats.connected.fetch_add(1, Ordering::Relaxed);
    let (mut sink, mut stream) = socket.split();
    let prefix = endpoint.prefix.clone();
    if let Some(doc) = &prefix {
        // Hocuspocus: authenticate (any token without an onAuthenticate hook) first.
        let mut auth = Vec::new();
        string(&mut auth, doc);
        auth.extend_from_slice(&[2, 0]);
        string(&mut auth, "load");
        let _ = sink.send(Message::binary(auth)).await;
    }
    let _ = sink
        .send(Message::binary(framed(&prefix, sync_step1())))
        .await;
    let reader_stats = stats.clone();
    let prefixed = prefix.is_some();
    let reader = tokio::spawn(async move {
        while let Some(Ok(message)) = stream.next().await {
            if let Message::Binary(frame) = message
                && let Some((sent, sender)) = marker(&frame, prefixed)
                && sender != id
            {
                let latency = now_micros().saturating_sub(sent);
                if Instant::now() >= start_at {
                    reader_stats.deliveries.fetch_add(1, Ordering::Relaxed);
                    let _ = reader_stats.latency.lock().await.record(latency.max(1));
                }
            }
        }
    });
    let mut clock = 0;
    if let Some(mut until) = idle {
        let _ = until.wait_for(|stop| *stop).await;
    } else {
        let period = Duration::from_secs_f64(1.0 / rate);
        // Spread clients over the period so they do not send in lockstep.
        tokio::time::sleep(period.mul_f64((id % 97) as f64 / 97.0)).await;
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while Instant::now() < stop_at {
            ticks.tick().await;
            let frame = framed(&prefix, update_frame(id, &mut clock));
            if sink.send(Message::binary(frame)).await.is_err() {
                stats.errors.fetch_add(1, Ordering::Relaxed);
                break;
            }
            if Instant::now() >= start_at {
                stats.sent.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    // Let the last deliveries arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = sink.close().await;
    reader.abort();
}

/// (CPU seconds, peak RSS in KiB) of a process.
fn process_usage(pid: u32) -> Option<(f64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let rss = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    Some((ticks / 100.0, rss("VmHWM:").or_else(|| rss("VmRSS:"))?))
}

fn current_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args();
    let stats = Arc::new(Stats {
        latency: Mutex::new(Histogram::new_with_bounds(1, 60_000_000, 3)?),
        deliveries: AtomicU64::new(0),
        sent: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        connected: AtomicU64::new(0),
    });
    let rooms = if args.target == Target::Vivid {
        Some(vivid_endpoints(&args).await)
    } else {
        None
    };
    let rss_before = args.server_pid.and_then(current_rss);
    let cpu_before = args.server_pid.and_then(process_usage).map(|u| u.0);
    // Connect everyone (warm-up: 2 s), then measure for `seconds`.
    let connect_started = Instant::now();
    let warmup = Duration::from_secs(2) + Duration::from_millis((args.rooms * args.clients) as u64);
    let start_at = connect_started + warmup;
    let stop_at = start_at + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    let run = format!("{:x}", now_micros());
    let http = reqwest::Client::new();
    let (stop_idle, idle_until) = watch::channel(false);
    let total = args.rooms * args.clients;
    for room in 0..args.rooms {
        for c in 0..args.clients {
            let endpoint = match args.target {
                Target::Vivid => {
                    let (token, video) = &rooms.as_ref().unwrap()[room][c];
                    let base = match &args.url2 {
                        Some(second) if c % 2 == 1 => second,
                        _ => &args.url,
                    };
                    match vivid_ticket(&http, base, token, video).await {
                        Ok(endpoint) => endpoint,
                        Err(error) => {
                            eprintln!("no ticket: {error:#}");
                            stats.errors.fetch_add(1, Ordering::Relaxed);
                            continue;
                        }
                    }
                }
                Target::YWebsocket => Endpoint {
                    url: format!("{}/bench-{run}-{room}", args.url.replacen("http", "ws", 1)),
                    prefix: None,
                },
                Target::Hocuspocus => Endpoint {
                    url: args.url.replacen("http", "ws", 1),
                    prefix: Some(format!("bench-{run}-{room}")),
                },
            };
            let id = (room * args.clients + c) as u64 + 1 + (now_micros() % 1_000_000) * 1000;
            let source = source_address(tasks.len(), total);
            tasks.push(tokio::spawn(client(
                endpoint,
                source,
                id,
                args.rate,
                args.idle.then(|| idle_until.clone()),
                start_at,
                stop_at,
                stats.clone(),
            )));
        }
    }
    let (start_at, stop_at) = if args.idle {
        // Measure once every socket is open or has failed, however long that took.
        let opened = Instant::now() + Duration::from_secs(600);
        while stats.connected.load(Ordering::Relaxed) + stats.errors.load(Ordering::Relaxed)
            < total as u64
            && Instant::now() < opened
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let now = Instant::now();
        (now, now + Duration::from_secs(args.seconds))
    } else {
        (start_at, stop_at)
    };
    let mut peak_rss_during = 0;
    let cpu_at_start = loop {
        if Instant::now() >= start_at {
            break args.server_pid.and_then(process_usage).map(|u| u.0);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    while Instant::now() < stop_at {
        if let Some(rss) = args.server_pid.and_then(current_rss) {
            peak_rss_during = peak_rss_during.max(rss);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let cpu_at_stop = args.server_pid.and_then(process_usage).map(|u| u.0);
    let _ = stop_idle.send(true);
    // Sockets that never opened (or hang) must not keep the run from ending.
    let deadline = Instant::now() + Duration::from_secs(10);
    for mut task in tasks {
        if tokio::time::timeout_at(deadline.into(), &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
    let histogram = stats.latency.lock().await;
    let ms = |q: f64| histogram.value_at_quantile(q) as f64 / 1000.0;
    let deliveries = stats.deliveries.load(Ordering::Relaxed);
    let server_cpu = match (cpu_at_start, cpu_at_stop) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    let connections = stats.connected.load(Ordering::Relaxed);
    let rss_per_connection = match (rss_before, peak_rss_during) {
        (Some(before), peak) if peak > 0 && connections > 0 => {
            Some((peak.saturating_sub(before)) as f64 * 1024.0 / connections as f64)
        }
        _ => None,
    };
    let result = json!({
        "label": args.label,
        "target": format!("{:?}", args.target),
        "rooms": args.rooms, "clients": args.clients, "rate": args.rate, "seconds": args.seconds,
        "connections": connections,
        "sent": stats.sent.load(Ordering::Relaxed),
        "deliveries": deliveries,
        "deliveries_per_sec": deliveries as f64 / args.seconds as f64,
        "p50_ms": ms(0.5), "p95_ms": ms(0.95), "p99_ms": ms(0.99), "p999_ms": ms(0.999),
        "errors": stats.errors.load(Ordering::Relaxed),
        "server_cpu_secs": server_cpu,
        "server_cpu_total_secs": cpu_before,
        "server_rss_kib": peak_rss_during,
        "server_rss_before_kib": rss_before,
        "rss_bytes_per_connection": rss_per_connection,
    });
    eprintln!(
        "{:?} {}×{} @ {}/s: {} deliveries/s, p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, {} errors, server CPU {:?} s, RSS {} KiB",
        args.target,
        args.rooms,
        args.clients,
        args.rate,
        result["deliveries_per_sec"],
        ms(0.5),
        ms(0.99),
        ms(0.999),
        result["errors"],
        server_cpu,
        peak_rss_during
    );
    println!("{result}");
    Ok(())
}
