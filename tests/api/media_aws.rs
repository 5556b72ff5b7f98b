//! The production media adapters through the real AWS SDK clients: S3 on moto (presigned
//! upload, playlists rewritten with presigned segment URLs) and MediaConvert on a local stub
//! (the CreateJob settings, EventBridge events on the webhook, the GetJob poller).

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use sha2::Sha256;
use vivid::config::{StorageBackend, TranscodeBackend};

use crate::support::aws::aws_endpoint;
use crate::support::media::{create_for, put};
use crate::support::mediaconvert_stub::MediaConvertStub;
use crate::support::{TestApp, assert_error, ok_json, test_settings};

const SECRET: &str = "events-secret-for-tests-0123456789";
const ROLE: &str = "arn:aws:iam::000000000000:role/vivid-mediaconvert";
const QUEUE: &str = "arn:aws:mediaconvert:us-east-1:000000000000:queues/vivid";

struct Aws {
    app: TestApp,
    stub: MediaConvertStub,
    s3: aws_sdk_s3::Client,
    media_bucket: String,
    upload_bucket: String,
}

async fn spawn() -> Aws {
    let stub = MediaConvertStub::start().await;
    let (mut settings, dir) = test_settings().await;
    let unique = uuid::Uuid::now_v7().simple().to_string();
    settings.aws.endpoint_url = Some(aws_endpoint());
    settings.aws.access_key_id = Some("test".into());
    settings.aws.secret_access_key = SecretString::from("test");
    settings.storage.backend = Some(StorageBackend::S3);
    settings.storage.upload_bucket = format!("vivid-uploads-{unique}");
    settings.storage.media_bucket = format!("vivid-media-{unique}");
    settings.storage.image_bucket = format!("vivid-images-{unique}");
    settings.transcode.backend = TranscodeBackend::Mediaconvert;
    settings.transcode.mediaconvert_role_arn = ROLE.into();
    settings.transcode.mediaconvert_queue = Some(QUEUE.into());
    settings.transcode.mediaconvert_endpoint_url = Some(stub.base.clone());
    settings.transcode.events_secret = SecretString::from(SECRET);
    settings.transcode.poll_interval = std::time::Duration::from_secs(1);
    settings.transcode.poll_stale = std::time::Duration::from_secs(0);
    vivid::media::storage::ensure_buckets(&settings)
        .await
        .unwrap();
    let config = vivid::aws::sdk_config(&settings.aws).await;
    let s3 = vivid::aws::s3_client(&config, &settings.aws);
    let media_bucket = settings.storage.media_bucket.clone();
    let upload_bucket = settings.storage.upload_bucket.clone();
    Aws {
        app: TestApp::spawn_with(settings, dir).await,
        stub,
        s3,
        media_bucket,
        upload_bucket,
    }
}

/// `x-vivid-signature` for `body`, signed now.
fn sign(body: &[u8]) -> String {
    sign_at(body, chrono::Utc::now().timestamp())
}

fn sign_at(body: &[u8], time: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{time}.").as_bytes());
    mac.update(body);
    format!(
        "t={time},sha256={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// An EventBridge "MediaConvert Job State Change" event.
fn state_change(job: &str, video: &str, detail: Value) -> Vec<u8> {
    let mut event = json!({
        "version": "0",
        "id": uuid::Uuid::now_v7().to_string(),
        "detail-type": "MediaConvert Job State Change",
        "source": "aws.mediaconvert",
        "account": "000000000000",
        "time": "2026-11-24T12:00:00Z",
        "region": "us-east-1",
        "resources": [format!("arn:aws:mediaconvert:us-east-1:000000000000:jobs/{job}")],
        "detail": {
            "timestamp": 1_700_000_000_000_i64,
            "accountId": "000000000000",
            "queue": QUEUE,
            "jobId": job,
            "userMetadata": {"videoId": video},
        }
    });
    for (key, value) in detail.as_object().unwrap() {
        event["detail"][key] = value.clone();
    }
    serde_json::to_vec(&event).unwrap()
}

async fn post_event(app: &TestApp, body: Vec<u8>, header: (&str, String)) -> reqwest::Response {
    app.http
        .post(app.url("/api/internal/transcode-events"))
        .header("content-type", "application/json")
        .header(header.0, header.1)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Uploads a small "video" to S3 through the presigned URL and completes it; the job id.
async fn uploaded(aws: &Aws, who: &crate::support::Session, space: &str) -> (String, String) {
    let body = b"not really a video, MediaConvert is a stub".to_vec();
    let (video, upload) = create_for(&aws.app, who, space, body.len() as u64, "video/mp4").await;
    let url = upload["url"].as_str().unwrap();
    assert!(
        url.contains("X-Amz-Signature="),
        "a presigned S3 URL: {url}"
    );
    assert_eq!(put(&aws.app, &upload, body).await.status(), StatusCode::OK);
    let id = video["id"].as_str().unwrap().to_owned();
    let complete = who
        .post(&format!("/api/videos/{id}/upload-complete"), json!({}))
        .await;
    assert_eq!(complete.status(), StatusCode::ACCEPTED);
    assert_eq!(ok_json(complete).await["status"], "transcoding");
    let job = aws
        .stub
        .created()
        .into_iter()
        .rev()
        .find(|job| job["userMetadata"]["videoId"] == id.as_str())
        .expect("a job was created for the video");
    let job_id = find_job_id(aws, &id);
    assert!(job["settings"].is_object());
    (id, job_id)
}

fn find_job_id(aws: &Aws, video: &str) -> String {
    for index in 0.. {
        let Some(job) = aws.stub.job_by_index(index) else {
            break;
        };
        if job["userMetadata"]["videoId"] == video {
            return job["id"].as_str().unwrap().to_owned();
        }
    }
    panic!("no job for {video}")
}

async fn status_of(app: &TestApp, token: &str, video: &str) -> Value {
    ok_json(app.get(&format!("/api/videos/{video}"), Some(token)).await).await
}

async fn put_object(aws: &Aws, key: &str, body: &str, content_type: &str) {
    aws.s3
        .put_object()
        .bucket(&aws.media_bucket)
        .key(key)
        .content_type(content_type)
        .body(body.as_bytes().to_vec().into())
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn mediaconvert_jobs_carry_the_ladder_and_events_settle_them() {
    let aws = spawn().await;
    let app = &aws.app;
    let m = app.space_with_members().await;
    let (video, job) = uploaded(&aws, &m.host, &m.space).await;

    // The CreateJob request, as the real SDK sent it.
    let created = aws.stub.created();
    let request = created.last().unwrap();
    assert_eq!(request["role"], ROLE);
    assert_eq!(request["queue"], QUEUE);
    assert_eq!(request["userMetadata"], json!({"videoId": video}));
    let settings = &request["settings"];
    assert_eq!(
        settings["inputs"][0]["fileInput"],
        format!("s3://{}/videos/{video}/source", aws.upload_bucket)
    );
    let groups = settings["outputGroups"].as_array().unwrap();
    assert_eq!(groups.len(), 3);
    let media = format!("s3://{}/videos/{video}", aws.media_bucket);
    let hls = &groups[0]["outputGroupSettings"];
    assert_eq!(hls["type"], "HLS_GROUP_SETTINGS");
    assert_eq!(
        hls["hlsGroupSettings"]["destination"],
        format!("{media}/hls/master")
    );
    let heights: Vec<i64> = groups[0]["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["videoDescription"]["height"].as_i64().unwrap())
        .collect();
    assert_eq!(heights, [360, 720]);
    assert_eq!(
        groups[0]["outputs"][0]["containerSettings"]["container"],
        "M3U8"
    );
    assert_eq!(
        groups[0]["outputs"][0]["videoDescription"]["codecSettings"]["codec"],
        "H_264"
    );
    let thumbs = &groups[1];
    assert_eq!(thumbs["outputGroupSettings"]["type"], "FILE_GROUP_SETTINGS");
    assert_eq!(
        thumbs["outputGroupSettings"]["fileGroupSettings"]["destination"],
        format!("{media}/thumbs/thumb")
    );
    let capture = &thumbs["outputs"][0]["videoDescription"]["codecSettings"];
    assert_eq!(capture["codec"], "FRAME_CAPTURE");
    assert_eq!(capture["frameCaptureSettings"]["framerateNumerator"], 1);
    assert_eq!(capture["frameCaptureSettings"]["framerateDenominator"], 10);
    let poster = &groups[2]["outputs"][0]["videoDescription"]["codecSettings"];
    assert_eq!(poster["frameCaptureSettings"]["maxCaptures"], 1);
    assert_eq!(
        groups[2]["outputGroupSettings"]["fileGroupSettings"]["destination"],
        format!("{media}/poster/poster")
    );

    // Unauthenticated or badly signed events change nothing.
    let complete = state_change(
        &job,
        &video,
        json!({
            "status": "COMPLETE",
            "outputGroupDetails": [{"type": "HLS_GROUP", "outputDetails": [{"durationInMs": 12_000}]}],
        }),
    );
    let unsigned_time = {
        let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(&complete);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    };
    let now = chrono::Utc::now().timestamp();
    let refused = [
        ("x-vivid-signature", "sha256=00ff".to_owned()),
        ("x-vivid-signature", sign(b"other body")),
        // The body's MAC without a time, and a signature ten minutes old (a replay).
        ("x-vivid-signature", unsigned_time),
        ("x-vivid-signature", sign_at(&complete, now - 600)),
        ("x-vivid-events-secret", "wrong".to_owned()),
        ("x-other", "x".to_owned()),
    ];
    for header in refused {
        assert_error(
            post_event(app, complete.clone(), header).await,
            StatusCode::UNAUTHORIZED,
            "bad_signature",
        )
        .await;
    }
    assert_eq!(
        status_of(app, &m.host.token, &video).await["status"],
        "transcoding"
    );
    let malformed = b"{\"detail-type\": 1}".to_vec();
    assert_error(
        post_event(
            app,
            malformed.clone(),
            ("x-vivid-signature", sign(&malformed)),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "malformed_event",
    )
    .await;

    // Progress, then COMPLETE (signed): ready, with HLS and poster keys in the media bucket.
    let progress = state_change(
        &job,
        &video,
        json!({"status": "STATUS_UPDATE", "jobProgress": {"jobPercentComplete": 42}}),
    );
    let applied = post_event(
        app,
        progress.clone(),
        ("x-vivid-signature", sign(&progress)),
    )
    .await;
    assert_eq!(ok_json(applied).await["applied"], true);
    assert_eq!(status_of(app, &m.host.token, &video).await["percent"], 42);
    let applied = post_event(
        app,
        complete.clone(),
        ("x-vivid-signature", sign(&complete)),
    )
    .await;
    assert_eq!(ok_json(applied).await["applied"], true);
    let ready = status_of(app, &m.host.token, &video).await;
    assert_eq!(
        (ready["status"].as_str(), ready["percent"].as_i64()),
        (Some("ready"), Some(100))
    );
    assert_eq!(ready["duration_ms"], 12_000);
    // The same event again is a no-op.
    let again = post_event(
        app,
        complete.clone(),
        ("x-vivid-signature", sign(&complete)),
    )
    .await;
    assert_eq!(ok_json(again).await["applied"], false);

    // Playback through rewritten playlists: segments become presigned S3 URLs.
    let prefix = format!("videos/{video}");
    put_object(
        &aws,
        &format!("{prefix}/hls/master.m3u8"),
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nmaster_360p.m3u8\n",
        "application/vnd.apple.mpegurl",
    )
    .await;
    put_object(
        &aws,
        &format!("{prefix}/hls/master_360p.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nmaster_360p_00001.ts\n#EXT-X-ENDLIST\n",
        "application/vnd.apple.mpegurl",
    )
    .await;
    put_object(
        &aws,
        &format!("{prefix}/hls/master_360p_00001.ts"),
        "segment-bytes",
        "video/mp2t",
    )
    .await;
    put_object(
        &aws,
        &format!("{prefix}/thumbs/thumb.0000000.jpg"),
        "t0",
        "image/jpeg",
    )
    .await;
    put_object(
        &aws,
        &format!("{prefix}/thumbs/thumb.0000001.jpg"),
        "t1",
        "image/jpeg",
    )
    .await;
    let playback = ok_json(
        m.participant
            .get(&format!("/api/videos/{video}/playback"))
            .await,
    )
    .await;
    assert_eq!(playback["kind"], "hls");
    assert!(
        playback["poster_url"]
            .as_str()
            .unwrap()
            .contains("poster.0000000.jpg")
    );
    let master_url = playback["url"].as_str().unwrap();
    let master = app
        .http
        .get(master_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        master.contains("\nmaster_360p.m3u8\n"),
        "nested playlists stay relative: {master}"
    );
    let variant_url = master_url.replace("master.m3u8", "master_360p.m3u8");
    let variant = app
        .http
        .get(&variant_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let segment = variant
        .lines()
        .find(|l| l.starts_with("http"))
        .expect("a segment URL");
    assert!(
        segment.contains(&aws.media_bucket) && segment.contains("X-Amz-Signature="),
        "{segment}"
    );
    let bytes = app
        .http
        .get(segment)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), b"segment-bytes");
    let thumbnails = ok_json(
        m.participant
            .get(&format!("/api/videos/{video}/thumbnails"))
            .await,
    )
    .await;
    let ts: Vec<i64> = thumbnails
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["t"].as_i64().unwrap())
        .collect();
    assert_eq!(ts, [0, 10]);
    assert_error(
        m.outsider
            .get(&format!("/api/videos/{video}/playback"))
            .await,
        StatusCode::NOT_FOUND,
        "video_not_found",
    )
    .await;

    // ERROR (authenticated by the shared secret header): failed, with MediaConvert's reason.
    let (broken, broken_job) = uploaded(&aws, &m.host, &m.space).await;
    // It got halfway first; a late, lower progress report changes nothing.
    for percent in [55, 30] {
        let progress = state_change(
            &broken_job,
            &broken,
            json!({"status": "STATUS_UPDATE", "jobProgress": {"jobPercentComplete": percent}}),
        );
        post_event(
            app,
            progress.clone(),
            ("x-vivid-signature", sign(&progress)),
        )
        .await;
    }
    assert_eq!(status_of(app, &m.host.token, &broken).await["percent"], 55);
    let error = state_change(
        &broken_job,
        &broken,
        json!({
            "status": "ERROR", "errorCode": 1010, "errorMessage": "Input file is not a valid video",
        }),
    );
    let applied = post_event(app, error, ("x-vivid-events-secret", SECRET.into())).await;
    assert_eq!(ok_json(applied).await["applied"], true);
    let failed = status_of(app, &m.host.token, &broken).await;
    assert_eq!(failed["status"], "failed");
    // MediaConvert's words are logged; people see a fixed reason the client translates.
    assert_eq!(
        failed["status_reason"],
        "the upload is not a video the transcoder can read"
    );
    // A stale event of an old job does not touch the retried one.
    let retried = m
        .host
        .post(&format!("/api/videos/{broken}/retry"), json!({}))
        .await;
    assert_eq!(ok_json(retried).await["status"], "transcoding");
    let stale = state_change(&broken_job, &broken, json!({"status": "COMPLETE"}));
    let applied = post_event(app, stale.clone(), ("x-vivid-signature", sign(&stale))).await;
    assert_eq!(ok_json(applied).await["applied"], false);
    assert_eq!(
        status_of(app, &m.host.token, &broken).await["status"],
        "transcoding"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_poller_finishes_a_job_whose_event_never_came_and_deletion_cancels_jobs() {
    let aws = spawn().await;
    let app = &aws.app;
    let m = app.space_with_members().await;
    let (video, job) = uploaded(&aws, &m.host, &m.space).await;
    aws.stub.update(
        &job,
        json!({
            "status": "COMPLETE",
            "outputGroupDetails": [{"outputDetails": [{"durationInMs": 7_000}]}],
        }),
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let state = status_of(app, &m.host.token, &video).await;
        if state["status"] == "ready" {
            assert_eq!(state["duration_ms"], 7_000);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the poller never settled {state}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Deleting a video mid-transcode cancels its job and removes its objects.
    let (doomed, doomed_job) = uploaded(&aws, &m.host, &m.space).await;
    put_object(
        &aws,
        &format!("videos/{doomed}/hls/partial.ts"),
        "x",
        "video/mp2t",
    )
    .await;
    let deleted = m.host.delete(&format!("/api/videos/{doomed}")).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(aws.stub.job(&doomed_job).unwrap()["status"], "CANCELED");
    for bucket in [&aws.upload_bucket, &aws.media_bucket] {
        let listed = aws
            .s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(format!("videos/{doomed}/"))
            .send()
            .await
            .unwrap();
        assert_eq!(listed.key_count(), Some(0), "{bucket} is clean");
    }
}
