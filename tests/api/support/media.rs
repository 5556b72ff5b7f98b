//! Media helpers shared by the media tests: generated clips, the SSE stream, creating a video
//! and sending its upload as the instructions say.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::{Session, TestApp, ok_json};

/// Generates a test clip (test pattern + tone) with ffmpeg.
pub fn clip(dir: &Path, seconds: u32, size: &str) -> PathBuf {
    let path = dir.join(format!("clip-{seconds}s-{size}.mp4"));
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=duration={seconds}:size={size}:rate=25"))
        .args(["-f", "lavfi", "-i", "sine=frequency=440"])
        .args(["-t", &seconds.to_string()])
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"])
        .arg(&path)
        .status()
        .expect("ffmpeg runs (scripts/test installs it)");
    assert!(status.success(), "ffmpeg generated the clip");
    path
}

/// A Server-Sent Events subscription: `(event, data)` pairs as they arrive.
pub struct Sse {
    events: mpsc::UnboundedReceiver<(String, Value)>,
}

impl Sse {
    pub async fn open(app: &TestApp, who: &Session) -> Sse {
        let response = app
            .http
            .get(app.url("/api/events"))
            .bearer_auth(&who.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        let (tx, events) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut body = response.bytes_stream();
            let mut buffer = String::new();
            while let Some(Ok(chunk)) = body.next().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let frame: String = buffer.drain(..end + 2).collect();
                    let mut name = None;
                    let mut data = None;
                    for line in frame.lines() {
                        if let Some(value) = line.strip_prefix("event: ") {
                            name = Some(value.to_owned());
                        } else if let Some(value) = line.strip_prefix("data: ") {
                            data = serde_json::from_str(value).ok();
                        }
                    }
                    if let (Some(name), Some(data)) = (name, data)
                        && tx.send((name, data)).is_err()
                    {
                        return;
                    }
                }
            }
        });
        let mut sse = Sse { events };
        let (first, _) = sse.next().await;
        assert_eq!(first, "ready");
        sse
    }

    pub async fn next(&mut self) -> (String, Value) {
        tokio::time::timeout(Duration::from_secs(60), self.events.recv())
            .await
            .expect("an event within 60 s")
            .expect("the stream is open")
    }

    /// Events until one matches, returning all of them (the match last).
    pub async fn until(&mut self, done: impl Fn(&str, &Value) -> bool) -> Vec<(String, Value)> {
        let mut seen = Vec::new();
        loop {
            let (name, data) = self.next().await;
            let finished = done(&name, &data);
            seen.push((name, data));
            if finished {
                return seen;
            }
        }
    }

    /// Nothing arrives for `wait`.
    pub async fn quiet_for(&mut self, wait: Duration) -> Option<(String, Value)> {
        tokio::time::timeout(wait, self.events.recv())
            .await
            .ok()
            .flatten()
    }
}

/// A video's status events until it is `ready` or `failed`.
pub async fn until_settled(sse: &mut Sse, video: &str) -> Vec<(String, Value)> {
    sse.until(|name, data| {
        name == "video_status"
            && data["video_id"] == video
            && (data["status"] == "ready" || data["status"] == "failed")
    })
    .await
    .into_iter()
    .filter(|(name, data)| name == "video_status" && data["video_id"] == video)
    .collect()
}

/// Creates a video for `file` and returns (video, upload instructions).
pub async fn create_for(
    app: &TestApp,
    who: &Session,
    space: &str,
    size: u64,
    content_type: &str,
) -> (Value, Value) {
    let response = app
        .post(
            &format!("/api/spaces/{space}/videos"),
            Some(&who.token),
            json!({"title": "Lecture", "size": size, "content_type": content_type}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let video = ok_json(response).await;
    let upload = video["upload"].clone();
    (video, upload)
}

/// Sends a body as the upload instructions say (one PUT).
pub async fn put(app: &TestApp, upload: &Value, body: Vec<u8>) -> reqwest::Response {
    assert_eq!(upload["method"], "PUT");
    let mut request = app.http.put(upload["url"].as_str().unwrap()).body(body);
    for (name, value) in upload["headers"].as_object().unwrap() {
        request = request.header(name, value.as_str().unwrap());
    }
    request.send().await.unwrap()
}
