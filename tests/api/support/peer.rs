//! A y-websocket client for tests: a real `yrs` document on the other end of a real socket,
//! speaking the protocol through the server's own codec.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use vivid::collab::protocol;
use yrs::sync::{Message as YMessage, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{Doc, GetString, Map, ReadTxn, Text, Transact, Update};

use crate::support::{Session, TestApp};

pub const PATIENCE: Duration = Duration::from_secs(10);

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Peer {
    pub socket: Socket,
    pub doc: Doc,
    /// Awareness frames received (decoded JSON states by client id).
    pub presence: Vec<(u64, Value)>,
    /// The server answered our step 1.
    pub synced: bool,
}

/// A ticket for `doc`, as the user.
pub async fn ticket(app: &TestApp, who: &Session, doc: &str) -> reqwest::Response {
    app.post("/api/ws-tickets", Some(&who.token), json!({"doc": doc}))
        .await
}

pub async fn ticket_url(app: &TestApp, who: &Session, doc: &str) -> String {
    let response = ticket(app, who, doc).await;
    assert_eq!(response.status(), 200, "ticket for {doc}");
    let body: Value = response.json().await.unwrap();
    // The URL names the public host; tests reach the server on its real port.
    let url = body["url"].as_str().unwrap();
    let path = url.split_once("/ws/").unwrap().1;
    format!("{}/ws/{path}", app.address.replacen("http://", "ws://", 1))
}

impl Peer {
    /// Opens the socket and completes the initial sync both ways.
    pub async fn join(app: &TestApp, who: &Session, doc: &str) -> Peer {
        let url = ticket_url(app, who, doc).await;
        Self::connect_url(&url).await.expect("the socket opens")
    }

    pub async fn connect_url(url: &str) -> Result<Peer, tokio_tungstenite::tungstenite::Error> {
        let (socket, _) = tokio_tungstenite::connect_async(url).await?;
        let mut peer = Peer::new(socket);
        let step1 = protocol::sync_step1(peer.doc.transact().state_vector());
        peer.send(step1.to_vec()).await;
        // The server sends its step 1 (and presence), and answers ours with step 2.
        while !peer.synced {
            if !peer.pump_until(|_| true, 1).await {
                break;
            }
        }
        Ok(peer)
    }

    pub fn new(socket: Socket) -> Peer {
        Peer {
            socket,
            doc: Doc::new(),
            presence: Vec::new(),
            synced: false,
        }
    }

    pub async fn send(&mut self, frame: Vec<u8>) {
        let _ = self.socket.send(Message::Binary(frame.into())).await;
    }

    /// Handles incoming frames until `done(doc)` holds after at least `min_frames` frames.
    pub async fn pump_until(&mut self, done: impl Fn(&Doc) -> bool, min_frames: usize) -> bool {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut seen = 0;
        loop {
            if seen >= min_frames && done(&self.doc) {
                return true;
            }
            let next = tokio::time::timeout_at(deadline, self.socket.next()).await;
            match next {
                Ok(Some(Ok(Message::Binary(bytes)))) => {
                    seen += 1;
                    self.handle(&bytes).await;
                }
                Ok(Some(Ok(_))) => {}
                _ => return done(&self.doc),
            }
        }
    }

    async fn handle(&mut self, frame: &[u8]) {
        match YMessage::decode_v1(frame).expect("the server sends valid frames") {
            YMessage::Sync(SyncMessage::SyncStep1(sv)) => {
                let missing = self.doc.transact().encode_state_as_update_v1(&sv);
                self.send(protocol::sync_step2(missing).to_vec()).await;
            }
            YMessage::Sync(SyncMessage::SyncStep2(update)) => {
                let update = Update::decode_v1(&update).unwrap();
                self.doc.transact_mut().apply_update(update).unwrap();
                self.synced = true;
            }
            YMessage::Sync(SyncMessage::Update(update)) => {
                let update = Update::decode_v1(&update).unwrap();
                self.doc.transact_mut().apply_update(update).unwrap();
            }
            YMessage::Awareness(update) => {
                for (client, entry) in update.clients {
                    let state: Value = serde_json::from_str(&entry.json).unwrap_or(Value::Null);
                    self.presence.push((client.get(), state));
                }
            }
            _ => {}
        }
    }

    /// Edits the memo locally and sends the update.
    pub async fn type_memo(&mut self, text: &str) {
        let memo = self.doc.get_or_insert_text("memo");
        let update = {
            let mut txn = self.doc.transact_mut();
            let end = memo.len(&txn);
            memo.insert(&mut txn, end, text);
            txn.encode_update_v1()
        };
        self.send(protocol::update(&update).to_vec()).await;
    }

    /// Appends a timestamp chip (`{timestamp: ms}`, as the client's Alt+T does) and then
    /// `text` to the memo, in one update.
    pub async fn type_memo_at(&mut self, ms: f64, text: &str) {
        let memo = self.doc.get_or_insert_text("memo");
        let update = {
            let mut txn = self.doc.transact_mut();
            let end = memo.len(&txn);
            let chip = HashMap::from([("timestamp".to_owned(), yrs::Any::from(ms))]);
            memo.insert_embed(&mut txn, end, yrs::Any::from(chip));
            let end = memo.len(&txn);
            memo.insert(&mut txn, end, text);
            txn.encode_update_v1()
        };
        self.send(protocol::update(&update).to_vec()).await;
    }

    /// Sets `map[id]` to a plain object (a comment, a bookmark) and sends the update.
    pub async fn put_entry(&mut self, map: &str, id: &str, fields: &[(&str, yrs::Any)]) {
        let map = self.doc.get_or_insert_map(map);
        let update = {
            let mut txn = self.doc.transact_mut();
            let value: HashMap<String, yrs::Any> = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            map.insert(&mut txn, id, yrs::Any::from(value));
            txn.encode_update_v1()
        };
        self.send(protocol::update(&update).to_vec()).await;
    }

    pub async fn draw(&mut self, id: &str, t: f64) {
        let strokes = self.doc.get_or_insert_map("strokes");
        let update = {
            let mut txn = self.doc.transact_mut();
            let stroke = yrs::Any::from(std::collections::HashMap::from([
                ("t".to_owned(), yrs::Any::from(t)),
                ("d".to_owned(), yrs::Any::from(3000.0)),
                ("tool".to_owned(), yrs::Any::from("pen")),
            ]));
            strokes.insert(&mut txn, id, stroke);
            txn.encode_update_v1()
        };
        self.send(protocol::update(&update).to_vec()).await;
    }

    /// Waits until the memo reads `expected` (edits from others may still be in flight).
    pub async fn wait_for_memo(&mut self, expected: &str) -> bool {
        let expected = expected.to_owned();
        self.pump_until(
            move |doc| doc.get_or_insert_text("memo").get_string(&doc.transact()) == expected,
            0,
        )
        .await
    }

    pub fn memo(&self) -> String {
        let memo = self.doc.get_or_insert_text("memo");
        memo.get_string(&self.doc.transact())
    }

    pub fn strokes(&self) -> Vec<String> {
        let strokes = self.doc.get_or_insert_map("strokes");
        let txn = self.doc.transact();
        let mut keys: Vec<String> = strokes.keys(&txn).map(str::to_owned).collect();
        keys.sort();
        keys
    }

    /// The awareness client ids whose latest state received is not a removal.
    pub fn presence_clients(&self) -> Vec<u64> {
        let mut latest = std::collections::BTreeMap::new();
        for (client, state) in &self.presence {
            latest.insert(*client, state);
        }
        latest
            .into_iter()
            .filter(|(_, state)| !state.is_null())
            .map(|(client, _)| client)
            .collect()
    }

    pub async fn set_presence(&mut self, client: u64, clock: u32, state: Value) {
        let update = yrs::sync::AwarenessUpdate {
            clients: [(
                yrs::ClientID::new(client),
                yrs::sync::awareness::AwarenessUpdateEntry {
                    clock,
                    json: state.to_string().into(),
                },
            )]
            .into(),
        };
        self.send(protocol::awareness(update).to_vec()).await;
    }

    /// Waits for the server to close the socket; returns the close code.
    pub async fn closed_with(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => {
                    return frame.map(|f| u16::from(f.code));
                }
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) | Ok(None) => return None,
                Err(_) => panic!("the server did not close the socket"),
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self
            .socket
            .close(Some(tokio_tungstenite::tungstenite::protocol::CloseFrame {
                code: CloseCode::Normal,
                reason: "bye".into(),
            }))
            .await;
        // Read until the server's close frame arrives, so the server has seen us leave (the
        // TCP close itself follows actix's 1 s client-disconnect timeout; no need to wait).
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(message)) = self.socket.next().await {
                if message.is_close() {
                    break;
                }
            }
        })
        .await;
    }
}
