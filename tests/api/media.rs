//! The media pipeline in the embedded profile: a generated clip uploaded through the signed
//! URL, transcoded by ffmpeg with progress on the SSE stream, played back over HLS (read by
//! ffprobe), its thumbnails listed; and the bad input around it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vivid::config::{Settings, TranscodeBackend};

use crate::support::media::{Sse, clip, create_for, put, until_settled};
use crate::support::{Members, TestApp, assert_error, ok_json, test_settings};

fn complete_path(video: &Value) -> String {
    format!(
        "/api/videos/{}/upload-complete",
        video["id"].as_str().unwrap()
    )
}

async fn spawn(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (mut settings, dir) = test_settings().await;
    configure(&mut settings);
    TestApp::spawn_with(settings, dir).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_clip_is_transcoded_with_live_progress_and_plays_over_hls() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Ffmpeg).await;
    let m = app.space_with_members().await;
    let file = clip(app.settings.data_dir.as_path(), 10, "640x360");
    let bytes = std::fs::read(&file).unwrap();
    let mut sse = Sse::open(&app, &m.participant).await;

    let (video, upload) =
        create_for(&app, &m.host, &m.space, bytes.len() as u64, "video/mp4").await;
    let id = video["id"].as_str().unwrap().to_owned();
    assert_eq!(video["status"], "awaiting_upload");
    assert!(
        upload["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1")
    );
    assert_eq!(upload["headers"]["content-type"], "video/mp4");
    let (name, created) = sse.next().await;
    assert_eq!(
        (name.as_str(), &created["video_id"]),
        ("video_created", &video["id"])
    );

    assert_eq!(put(&app, &upload, bytes).await.status(), StatusCode::OK);
    let response = m.host.post(&complete_path(&video), json!({})).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);

    let statuses = until_settled(&mut sse, &id).await;
    let names: Vec<&str> = statuses
        .iter()
        .map(|(_, d)| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(names.first(), Some(&"uploaded"), "{names:?}");
    assert!(names.contains(&"transcoding"), "{names:?}");
    assert_eq!(names.last(), Some(&"ready"), "{statuses:?}");
    let percents: Vec<i64> = statuses
        .iter()
        .map(|(_, d)| d["percent"].as_i64().unwrap())
        .collect();
    assert!(
        percents.windows(2).all(|w| w[0] <= w[1]),
        "percent only grows: {percents:?}"
    );
    assert_eq!(percents.last(), Some(&100));

    let video = ok_json(m.participant.get(&format!("/api/videos/{id}")).await).await;
    assert_eq!(video["status"], "ready");
    assert_eq!(video["percent"], 100);
    assert!(
        (9_500..=10_500).contains(&video["duration_ms"].as_i64().unwrap()),
        "{video}"
    );

    let playback = ok_json(
        m.participant
            .get(&format!("/api/videos/{id}/playback"))
            .await,
    )
    .await;
    assert_eq!(playback["kind"], "hls");
    let url = playback["url"].as_str().unwrap();
    let master = app
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(master.starts_with("#EXTM3U"), "{master}");
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration:stream=codec_type",
            "-of",
            "json",
        ])
        .arg(url)
        .output()
        .unwrap();
    assert!(
        probe.status.success(),
        "{}",
        String::from_utf8_lossy(&probe.stderr)
    );
    let probed: Value = serde_json::from_slice(&probe.stdout).unwrap();
    let duration: f64 = probed["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((9.0..=11.0).contains(&duration), "{probed}");
    let kinds: Vec<&str> = probed["streams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["codec_type"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"video") && kinds.contains(&"audio"),
        "{kinds:?}"
    );

    let thumbnails = ok_json(
        m.participant
            .get(&format!("/api/videos/{id}/thumbnails"))
            .await,
    )
    .await;
    let thumbnails = thumbnails.as_array().unwrap();
    assert!(!thumbnails.is_empty());
    assert_eq!(thumbnails[0]["t"], 0);
    let image = app
        .http
        .get(thumbnails[0]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/jpeg");
    assert_eq!(&image.bytes().await.unwrap()[..3], &[0xFF, 0xD8, 0xFF]);

    // Signed URLs: a tampered one and an expired one are refused.
    let thumb = thumbnails[0]["url"].as_str().unwrap();
    let tampered = thumb.replace("sig=", "sig=00");
    assert_error(
        app.http.get(tampered).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "bad_signature",
    )
    .await;
    let key = format!("videos/{id}/thumbs/00001.jpg");
    let signer = vivid::media::signing::UrlSigner::new(
        &app.settings.storage.url_signing_secret,
        &app.settings.auth.jwt_secret,
    );
    let past = chrono::Utc::now().timestamp() - 5;
    let signature = signer.sign(&["GET", "media", &key], past);
    let expired = app.url(&format!(
        "/api/objects/media/{key}?expires={past}&sig={signature}"
    ));
    assert_error(
        app.http.get(&expired).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "url_expired",
    )
    .await;
    let fresh = signer.sign(&["GET", "media", &key], past + 600);
    let valid = app.url(&format!(
        "/api/objects/media/{key}?expires={}&sig={fresh}",
        past + 600
    ));
    assert_eq!(
        app.http.get(&valid).send().await.unwrap().status(),
        StatusCode::OK
    );
    // An expired playback URL too.
    let hls_signature = signer.sign(&["HLS", &id], past);
    let old_playlist = app.url(&format!("/api/hls/{id}/{past}/{hls_signature}/master.m3u8"));
    assert_error(
        app.http.get(&old_playlist).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "url_expired",
    )
    .await;
}

#[tokio::test]
async fn uploads_refuse_bad_input_clearly() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Passthrough).await;
    let m = app.space_with_members().await;
    let create = format!("/api/spaces/{}/videos", m.space);
    let body = |size: u64, content_type: &str| json!({"title": "Lecture", "size": size, "content_type": content_type});
    assert_error(
        m.host.post(&create, body(10, "image/png")).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "not_a_video",
    )
    .await;
    assert_error(
        m.host
            .post(&create, body(5 * 1024 * 1024 * 1024 + 1, "video/mp4"))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload_too_large",
    )
    .await;
    assert_error(
        m.host.post(&create, body(0, "video/mp4")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let (video, upload) = create_for(&app, &m.participant, &m.space, 1000, "video/webm").await;
    let complete = complete_path(&video);
    // Completing before anything was uploaded.
    assert_error(
        m.participant.post(&complete, json!({})).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;
    // The PUT must carry what was declared.
    assert_error(
        put(&app, &upload, vec![1; 999]).await,
        StatusCode::BAD_REQUEST,
        "size_mismatch",
    )
    .await;
    assert_error(
        put(&app, &upload, vec![1; 1001]).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload_too_large",
    )
    .await;
    let wrong_type = app
        .http
        .put(upload["url"].as_str().unwrap())
        .header("content-type", "video/mp4")
        .body(vec![1; 1000])
        .send()
        .await
        .unwrap();
    assert_error(wrong_type, StatusCode::FORBIDDEN, "bad_signature").await;
    // Someone else in the space may not complete it; an outsider does not see it.
    assert_error(
        m.outsider.post(&complete, json!({})).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    assert_eq!(
        put(&app, &upload, vec![1; 1000]).await.status(),
        StatusCode::OK
    );
    let done = m.participant.post(&complete, json!({})).await;
    assert_eq!(done.status(), StatusCode::ACCEPTED);
    assert_eq!(
        ok_json(done).await["status"],
        "ready",
        "pass-through plays the original"
    );
    // Completing twice.
    assert_error(
        m.participant.post(&complete, json!({})).await,
        StatusCode::CONFLICT,
        "already_uploaded",
    )
    .await;
    // A ready video cannot be retried, nor re-uploaded.
    let id = video["id"].as_str().unwrap();
    assert_error(
        m.host
            .post(&format!("/api/videos/{id}/retry"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "not_failed",
    )
    .await;
    assert_error(
        m.host
            .post(&format!("/api/videos/{id}/upload"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "already_uploaded",
    )
    .await;

    // Playback: participants only, and only once ready.
    let playback = format!("/api/videos/{id}/playback");
    assert_error(
        m.outsider.get(&playback).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
    let file = ok_json(m.host.get(&playback).await).await;
    assert_eq!(file["kind"], "file");
    let played = app
        .http
        .get(file["url"].as_str().unwrap())
        .header("range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(played.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(played.headers()["content-type"], "video/webm");
    assert_eq!(played.bytes().await.unwrap().len(), 100);
    assert_error(
        m.host
            .get(&format!("/api/videos/{}/playback", m.video))
            .await,
        StatusCode::CONFLICT,
        "not_ready",
    )
    .await;
}

#[tokio::test]
async fn a_large_upload_goes_in_parts() {
    let app = spawn(|settings| {
        settings.transcode.backend = TranscodeBackend::Passthrough;
        settings.storage.multipart_threshold_bytes = 5 * 1024 * 1024;
        settings.storage.multipart_part_bytes = 5 * 1024 * 1024;
    })
    .await;
    let m = app.space_with_members().await;
    let size = 11 * 1024 * 1024 + 7;
    let data: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let (video, upload) = create_for(&app, &m.host, &m.space, size as u64, "video/mp4").await;
    assert_eq!(upload["method"], "MULTIPART");
    let part_size = upload["part_size"].as_u64().unwrap() as usize;
    let parts = upload["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    let complete = complete_path(&video);
    assert_error(
        m.host.post(&complete, json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Each part's URL is signed for its size: one byte more (or less) is refused.
    let first = parts[0]["url"].as_str().unwrap();
    for (wrong, status, code) in [
        (
            part_size + 1,
            StatusCode::PAYLOAD_TOO_LARGE,
            "upload_too_large",
        ),
        (part_size - 1, StatusCode::BAD_REQUEST, "size_mismatch"),
    ] {
        let response = app
            .http
            .put(first)
            .body(data[..wrong].to_vec())
            .send()
            .await
            .unwrap();
        assert_error(response, status, code).await;
    }
    let mut etags = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let chunk = data[index * part_size..((index + 1) * part_size).min(size)].to_vec();
        let response = app
            .http
            .put(part["url"].as_str().unwrap())
            .body(chunk)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        etags.push(json!({"part_number": part["part_number"], "etag": etag}));
    }
    // A part missing from the list is refused, and nothing is lost: the full list works.
    let missing = json!({"parts": [etags[0], etags[2]]});
    assert_error(
        m.host.post(&complete, missing).await,
        StatusCode::BAD_REQUEST,
        "invalid_parts",
    )
    .await;
    let done = m.host.post(&complete, json!({"parts": etags})).await;
    assert_eq!(done.status(), StatusCode::ACCEPTED);
    let id = video["id"].as_str().unwrap();
    let playback = ok_json(m.host.get(&format!("/api/videos/{id}/playback")).await).await;
    let stored = app
        .http
        .get(playback["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(stored.bytes().await.unwrap().as_ref(), data.as_slice());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_upload_fails_with_a_reason_and_can_be_retried() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Ffmpeg).await;
    let m = app.space_with_members().await;
    let mut sse = Sse::open(&app, &m.host).await;
    let (video, upload) = create_for(&app, &m.host, &m.space, 4096, "video/mp4").await;
    let id = video["id"].as_str().unwrap().to_owned();
    assert_eq!(
        put(&app, &upload, vec![7; 4096]).await.status(),
        StatusCode::OK
    );
    let complete = m.host.post(&complete_path(&video), json!({})).await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    let settled = until_settled(&mut sse, &id).await;
    let (_, last) = settled.last().unwrap();
    assert_eq!(last["status"], "failed");
    assert!(
        last["reason"].as_str().unwrap().contains("not a video"),
        "{last}"
    );
    let stored = ok_json(m.host.get(&format!("/api/videos/{id}")).await).await;
    assert_eq!(stored["status"], "failed");
    assert_eq!(stored["status_reason"], last["reason"]);

    let retry = format!("/api/videos/{id}/retry");
    assert_error(
        m.participant.post(&retry, json!({})).await,
        StatusCode::FORBIDDEN,
        "host_or_uploader_only",
    )
    .await;
    let again = m.host.post(&retry, json!({})).await;
    assert_eq!(again.status(), StatusCode::ACCEPTED);
    let settled = until_settled(&mut sse, &id).await;
    assert_eq!(settled.first().unwrap().1["status"], "transcoding");
    assert_eq!(settled.last().unwrap().1["status"], "failed");
}

fn ffmpeg_running_for(video_id: &str) -> bool {
    std::fs::read_dir("/proc").unwrap().flatten().any(|entry| {
        std::fs::read(entry.path().join("cmdline"))
            .map(|cmdline| {
                let text = String::from_utf8_lossy(&cmdline);
                text.starts_with("ffmpeg") && text.contains(video_id)
            })
            .unwrap_or(false)
    })
}

fn files_under(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            if entry.path().is_dir() {
                files_under(&entry.path())
            } else {
                1
            }
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_video_mid_transcode_stops_the_work_and_removes_its_objects() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Ffmpeg).await;
    let Members {
        host,
        space,
        participant,
        ..
    } = app.space_with_members().await;
    let file = clip(app.settings.data_dir.as_path(), 120, "1280x720");
    let bytes = std::fs::read(&file).unwrap();
    let mut sse = Sse::open(&app, &participant).await;
    let (video, upload) = create_for(&app, &host, &space, bytes.len() as u64, "video/mp4").await;
    let id = video["id"].as_str().unwrap().to_owned();
    assert_eq!(put(&app, &upload, bytes).await.status(), StatusCode::OK);
    let complete = host.post(&complete_path(&video), json!({})).await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    sse.until(|name, data| {
        name == "video_status"
            && data["video_id"] == id.as_str()
            && data["percent"].as_i64() > Some(0)
    })
    .await;
    assert!(ffmpeg_running_for(&id), "ffmpeg is at work");

    let deleted = host.delete(&format!("/api/videos/{id}")).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(!ffmpeg_running_for(&id), "the ffmpeg run was killed");
    let objects = app.settings.data_dir.join("objects");
    for bucket in ["uploads", "media"] {
        let dir = objects.join(bucket).join("videos").join(&id);
        assert_eq!(files_under(&dir), 0, "{bucket} holds nothing of the video");
    }
    sse.until(|name, data| name == "video_deleted" && data["video_id"] == id.as_str())
        .await;
    // No late progress or outcome from the killed run.
    if let Some((name, data)) = sse.quiet_for(Duration::from_secs(2)).await {
        assert_ne!(data["video_id"], id.as_str(), "late {name}: {data}");
    }
    assert_error(
        host.get(&format!("/api/videos/{id}")).await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;
}

#[tokio::test]
async fn snapshots_are_images_of_the_owners_individual_video() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Passthrough).await;
    let m = app.space_with_members().await;
    let mine = ok_json(m.participant.get("/api/individual-videos").await).await;
    let individual = mine["items"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/individual-videos/{individual}/snapshots");
    let form = |bytes: Vec<u8>, time: &str| {
        reqwest::multipart::Form::new()
            .part(
                "image",
                reqwest::multipart::Part::bytes(bytes).file_name("frame.png"),
            )
            .text("video_time_ms", time.to_owned())
    };
    let send = |token: String, form: reqwest::multipart::Form| {
        let request = app
            .http
            .post(app.url(&path))
            .bearer_auth(token)
            .multipart(form);
        async move { request.send().await.unwrap() }
    };
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();

    let created = send(m.participant.token.clone(), form(png.clone(), "61500")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let snapshot = ok_json(created).await;
    assert_eq!(snapshot["video_time_ms"], 61500);
    assert_eq!(snapshot["content_type"], "image/png");
    let image = app
        .http
        .get(snapshot["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.unwrap().as_ref(), png.as_slice());

    let gif = b"GIF89a-not-allowed".to_vec();
    assert_error(
        send(m.participant.token.clone(), form(gif, "1")).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "not_an_image",
    )
    .await;
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec();
    assert_error(
        send(m.participant.token.clone(), form(svg, "1")).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "not_an_image",
    )
    .await;
    let huge = [png.clone(), vec![0; 10 * 1024 * 1024]].concat();
    assert_error(
        send(m.participant.token.clone(), form(huge, "1")).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "image_too_large",
    )
    .await;
    assert_error(
        send(m.participant.token.clone(), form(png.clone(), "soon")).await,
        StatusCode::BAD_REQUEST,
        "invalid_form",
    )
    .await;
    assert_error(
        send(m.participant.token.clone(), form(png.clone(), "-1")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // Someone else's individual video is not found.
    assert_error(
        send(m.host.token.clone(), form(png.clone(), "1")).await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;

    let list = ok_json(m.participant.get(&path).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let snapshot_path = format!("/api/snapshots/{}", snapshot["id"].as_str().unwrap());
    assert_error(
        m.host.delete(&snapshot_path).await,
        StatusCode::NOT_FOUND,
        "snapshot_not_found",
    )
    .await;
    assert_eq!(
        m.participant.delete(&snapshot_path).await.status(),
        StatusCode::NO_CONTENT
    );
    let list = ok_json(m.participant.get(&path).await).await;
    assert_eq!(list["items"], json!([]));
    let gone = app
        .http
        .get(snapshot["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);

    // Deleting the video deletes its snapshot images too.
    let kept = ok_json(send(m.participant.token.clone(), form(png.clone(), "5")).await).await;
    let video = format!("/api/videos/{}", m.video);
    assert_eq!(m.host.delete(&video).await.status(), StatusCode::NO_CONTENT);
    let orphan = app
        .http
        .get(kept["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(orphan.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_playlist_cannot_make_ffmpeg_read_other_files() {
    let app = spawn(|settings| settings.transcode.backend = TranscodeBackend::Ffmpeg).await;
    let m = app.space_with_members().await;
    // A valid clip elsewhere on disk, and a "video" that is an HLS playlist pointing at it.
    let victim = clip(app.settings.data_dir.as_path(), 2, "320x240");
    let playlist = format!(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n{}\n#EXT-X-ENDLIST\n",
        victim.display()
    );
    let mut sse = Sse::open(&app, &m.host).await;
    let body = playlist.into_bytes();
    let (video, upload) = create_for(&app, &m.host, &m.space, body.len() as u64, "video/mp4").await;
    let id = video["id"].as_str().unwrap().to_owned();
    assert_eq!(put(&app, &upload, body).await.status(), StatusCode::OK);
    let complete = m.host.post(&complete_path(&video), json!({})).await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    let settled = until_settled(&mut sse, &id).await;
    let (_, last) = settled.last().unwrap();
    assert_eq!(last["status"], "failed", "{last}");
}

#[tokio::test]
async fn the_event_stream_carries_only_the_callers_spaces_and_follows_membership() {
    let app = spawn(|_| {}).await;
    let m = app.space_with_members().await;
    let newcomer = app.login(&crate::support::unique_email("newcomer")).await;
    let mut outsider = Sse::open(&app, &m.outsider).await;
    let mut joining = Sse::open(&app, &newcomer).await;
    assert_eq!(
        app.get("/api/events", None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    app.invite(&m.host, &m.space, &newcomer.email).await;
    let (name, data) = joining.next().await;
    assert_eq!(
        (name.as_str(), data["space_id"].as_str()),
        ("participant_added", Some(m.space.as_str()))
    );
    app.accept_invitation(&newcomer, &m.space).await;
    let (name, data) = joining.next().await;
    assert_eq!(
        (name.as_str(), data["space_id"].as_str()),
        ("participant_joined", Some(m.space.as_str()))
    );
    let (video, _) = create_for(&app, &m.participant, &m.space, 100, "video/mp4").await;
    let (name, data) = joining.next().await;
    assert_eq!(
        (name.as_str(), &data["video_id"]),
        ("video_created", &video["id"])
    );
    assert!(
        outsider
            .quiet_for(Duration::from_millis(300))
            .await
            .is_none(),
        "outsiders hear nothing"
    );

    let leave = format!("/api/spaces/{}/participants/{}", m.space, newcomer.user_id);
    assert_eq!(
        newcomer.delete(&leave).await.status(),
        StatusCode::NO_CONTENT
    );
    let (name, _) = joining.next().await;
    assert_eq!(name, "participant_left");
    app.create_video(&m.host, &m.space, "After").await;
    assert!(
        joining
            .quiet_for(Duration::from_millis(300))
            .await
            .is_none(),
        "nothing after leaving"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn library_events_cross_instances_through_redis() {
    let (mut settings, dir) = test_settings().await;
    crate::support::use_redis(&mut settings);
    settings.transcode.backend = TranscodeBackend::Passthrough;
    let first = TestApp::spawn_with(settings, dir).await;
    let second = first.spawn_sibling().await;
    let m = first.space_with_members().await;
    let mut sse = Sse::open(&second, &m.participant).await;
    // The subscription on the second instance is live once its own events arrive.
    let (video, upload) = create_for(&first, &m.host, &m.space, 10, "video/mp4").await;
    let (name, data) = sse.next().await;
    assert_eq!(
        (name.as_str(), &data["video_id"]),
        ("video_created", &video["id"])
    );
    assert_eq!(
        put(&first, &upload, vec![0; 10]).await.status(),
        StatusCode::OK
    );
    let complete = first
        .post(&complete_path(&video), Some(&m.host.token), json!({}))
        .await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    let id = video["id"].as_str().unwrap();
    let settled = until_settled(&mut sse, id).await;
    let statuses: Vec<&str> = settled
        .iter()
        .map(|(_, d)| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["uploaded", "transcoding", "ready"]);
}

#[tokio::test]
async fn upload_complete_refuses_a_malformed_or_oversized_body_and_keeps_the_video() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let (video, _) = create_for(&app, &m.host, &m.space, 1000, "video/mp4").await;
    let path = complete_path(&video);
    let malformed = app
        .post_raw(
            &path,
            Some(&m.host.token),
            "application/json",
            "{\"parts\": [",
        )
        .await;
    assert_error(malformed, StatusCode::BAD_REQUEST, "invalid_json").await;
    // 10,000 parts fit; a body past 1 MiB is refused before it is read whole.
    let parts: Vec<Value> = (1..=20_000)
        .map(|n| json!({"part_number": n, "etag": format!("\"{n:032x}\"")}))
        .collect();
    let huge = serde_json::to_vec(&json!({ "parts": parts })).unwrap();
    assert!(huge.len() > 1024 * 1024);
    let oversized = app
        .post_raw(&path, Some(&m.host.token), "application/json", huge)
        .await;
    assert_error(
        oversized,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    let id = video["id"].as_str().unwrap();
    let unchanged = ok_json(m.host.get(&format!("/api/videos/{id}")).await).await;
    assert_eq!(unchanged["status"], "awaiting_upload");
}
