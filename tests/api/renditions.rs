//! What the ffmpeg transcoder makes of sources that players cannot decode as they are (4:4:4
//! and 10-bit H.264): renditions in 8-bit 4:2:0, High profile; and a queued transcode says
//! its place in the queue before work starts.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vivid::config::TranscodeBackend;

use crate::support::media::{Sse, create_for, put, until_settled};
use crate::support::{Session, TestApp, ok_json, test_settings};

/// A short clip in the given pixel format (libx264 picks the matching profile: High 4:4:4
/// Predictive for `yuv444p`, High 10 for `yuv420p10le`).
fn clip_in(dir: &Path, pix_fmt: &str, seconds: u32) -> PathBuf {
    let path = dir.join(format!("clip-{pix_fmt}-{seconds}s.mp4"));
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=duration={seconds}:size=640x360:rate=25"))
        .args([
            "-pix_fmt",
            pix_fmt,
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
        ])
        .arg(&path)
        .status()
        .expect("ffmpeg runs (scripts/test installs it)");
    assert!(status.success(), "ffmpeg generated the {pix_fmt} clip");
    path
}

/// `(profile, pix_fmt)` of each video stream ffprobe finds at `url`.
fn video_streams(url: &str) -> Vec<(String, String)> {
    let probe = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v"])
        .args(["-show_entries", "stream=profile,pix_fmt", "-of", "json"])
        .arg(url)
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let probed: Value = serde_json::from_slice(&probe.stdout).unwrap();
    probed["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["profile"].as_str().unwrap().to_owned(),
                s["pix_fmt"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Uploads `file` and completes the upload; answers the video's id.
async fn upload(app: &TestApp, who: &Session, space: &str, file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    let (video, instructions) = create_for(app, who, space, bytes.len() as u64, "video/mp4").await;
    assert_eq!(
        put(app, &instructions, bytes).await.status(),
        StatusCode::OK
    );
    let id = video["id"].as_str().unwrap().to_owned();
    let complete = who
        .post(&format!("/api/videos/{id}/upload-complete"), json!({}))
        .await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn four_four_four_and_ten_bit_sources_become_yuv420p_high_profile() {
    let (mut settings, dir) = test_settings().await;
    settings.transcode.backend = TranscodeBackend::Ffmpeg;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let mut sse = Sse::open(&app, &m.host).await;
    for pix_fmt in ["yuv444p", "yuv420p10le"] {
        let file = clip_in(app.settings.data_dir.as_path(), pix_fmt, 2);
        let id = upload(&app, &m.host, &m.space, &file).await;
        let settled = until_settled(&mut sse, &id).await;
        assert_eq!(
            settled.last().unwrap().1["status"],
            "ready",
            "{pix_fmt}: {settled:?}"
        );
        let playback = ok_json(m.host.get(&format!("/api/videos/{id}/playback")).await).await;
        let master = playback["url"].as_str().unwrap();
        let playlist = app
            .http
            .get(master)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            playlist.contains("avc1.64"),
            "High profile in CODECS: {playlist}"
        );
        let streams = video_streams(master);
        assert!(!streams.is_empty());
        for (profile, format) in streams {
            assert_eq!(
                (profile.as_str(), format.as_str()),
                ("High", "yuv420p"),
                "{pix_fmt}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transcode_waiting_for_a_slot_says_its_place_in_the_queue() {
    let (mut settings, dir) = test_settings().await;
    settings.transcode.backend = TranscodeBackend::Ffmpeg;
    settings.transcode.max_concurrent = 1;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let mut sse = Sse::open(&app, &m.participant).await;
    let long = clip_in(app.settings.data_dir.as_path(), "yuv420p", 20);
    let short = clip_in(app.settings.data_dir.as_path(), "yuv420p", 1);
    let first = upload(&app, &m.host, &m.space, &long).await;
    let second = upload(&app, &m.host, &m.space, &short).await;

    let events = until_settled(&mut sse, &second).await;
    let queued = events
        .iter()
        .position(|(_, e)| e["status"] == "transcoding" && e["queue_position"] == 1)
        .unwrap_or_else(|| panic!("the second video was queued: {events:?}"));
    let started = queued
        + events[queued..]
            .iter()
            .position(|(_, e)| e["status"] == "transcoding" && e["queue_position"].is_null())
            .unwrap_or_else(|| panic!("the second video started after waiting: {events:?}"));
    assert!(
        events[..started].iter().all(|(_, e)| e["percent"] == 0),
        "no progress while queued: {events:?}"
    );
    let video = ok_json(m.host.get(&format!("/api/videos/{first}")).await).await;
    assert_eq!(
        video["status"], "ready",
        "the first finished before the second ended"
    );
    assert!(video["queue_position"].is_null());
}
