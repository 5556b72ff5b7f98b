//! A space's videos as the space screen lists them (issue 15): sorted by newest, title or the
//! caller's own last study, page by page with no repeats or gaps, and each with its poster
//! (a signed image URL once transcoding made one, `null` before).

use reqwest::StatusCode;
use serde_json::{Value, json};
use vivid::config::TranscodeBackend;

use crate::support::media::{Sse, clip, create_for, put, until_settled};
use crate::support::{Session, TestApp, all_pages, assert_error, ok_json, test_settings};

fn ids(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect()
}

/// Opens `video` as `who` (the room does this): it becomes their most recently studied.
async fn open(who: &Session, space: &str, video: &str) {
    let items = all_pages(who, &format!("/api/spaces/{space}/videos?"), 100).await;
    let mine = items.iter().find(|item| item["id"] == video).unwrap();
    let copy = mine["individual_video_id"].as_str().unwrap();
    ok_json(
        who.put(
            &format!("/api/individual-videos/{copy}/accessed"),
            json!({}),
        )
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_spaces_videos_sort_by_newest_title_or_the_callers_last_study_on_every_page_size() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    // Titles that sort the same under any collation (one capitalised word each, Hangul
    // after Latin), and a repeated title, ordered by age.
    let mut made = vec![(m.video.clone(), "Lecture 1")];
    for title in ["Graphs", "Arrays", "Graphs", "고유값 분해", "Complexity"] {
        made.push((app.create_video(&m.host, &m.space, title).await, title));
    }
    let id = |title: &str, nth: usize| {
        made.iter()
            .filter(|(_, t)| *t == title)
            .nth(nth)
            .unwrap()
            .0
            .clone()
    };
    let newest: Vec<String> = made.iter().rev().map(|(id, _)| id.clone()).collect();
    let by_title = vec![
        id("Arrays", 0),
        id("Complexity", 0),
        id("Graphs", 0),
        id("Graphs", 1),
        id("Lecture 1", 0),
        id("고유값 분해", 0),
    ];

    // The host studied Complexity, then Arrays; the participant only Graphs (the newer one).
    open(&m.host, &m.space, &id("Complexity", 0)).await;
    open(&m.host, &m.space, &id("Arrays", 0)).await;
    open(&m.participant, &m.space, &id("Graphs", 1)).await;
    let never_opened = |except: &[String]| -> Vec<String> {
        newest
            .iter()
            .filter(|id| !except.contains(id))
            .cloned()
            .collect()
    };
    let mut hosts = vec![id("Arrays", 0), id("Complexity", 0)];
    hosts.extend(never_opened(&hosts.clone()));
    let mut theirs = vec![id("Graphs", 1)];
    theirs.extend(never_opened(&theirs.clone()));

    let base = format!("/api/spaces/{}/videos?", m.space);
    for limit in [1, 2, 4, 100] {
        let default = all_pages(&m.host, &base, limit).await;
        assert_eq!(ids(&default), newest, "default, limit {limit}");
        let listed = all_pages(&m.host, &format!("{base}sort=newest"), limit).await;
        assert_eq!(ids(&listed), newest, "newest, limit {limit}");
        let listed = all_pages(&m.participant, &format!("{base}sort=title"), limit).await;
        assert_eq!(ids(&listed), by_title, "title, limit {limit}");
        let listed = all_pages(&m.host, &format!("{base}sort=last_studied"), limit).await;
        assert_eq!(ids(&listed), hosts, "host's last studied, limit {limit}");
        assert!(listed[0]["last_accessed_at"].as_str() > listed[1]["last_accessed_at"].as_str());
        assert!(
            listed[2..]
                .iter()
                .all(|item| item["last_accessed_at"].is_null())
        );
        let listed = all_pages(&m.participant, &format!("{base}sort=last_studied"), limit).await;
        assert_eq!(
            ids(&listed),
            theirs,
            "participant's last studied, limit {limit}"
        );
        assert!(
            listed[1..]
                .iter()
                .all(|item| item["last_accessed_at"].is_null())
        );
    }

    // Sorts and cursors are checked; an outsider sees nothing of the space.
    assert_error(
        m.host.get(&format!("{base}sort=oldest")).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    // "Zm9v" is "foo": no title key and no last-studied key.
    for sort in ["title", "last_studied"] {
        assert_error(
            m.host.get(&format!("{base}sort={sort}&cursor=Zm9v")).await,
            StatusCode::BAD_REQUEST,
            "invalid_cursor",
        )
        .await;
    }
    assert_error(
        m.outsider.get(&format!("{base}sort=title")).await,
        StatusCode::NOT_FOUND,
        "space_not_found",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn videos_carry_a_signed_poster_once_transcoded_and_null_before() {
    let (mut settings, dir) = test_settings().await;
    settings.transcode.backend = TranscodeBackend::Ffmpeg;
    let app = TestApp::spawn_with(settings, dir).await;
    let m = app.space_with_members().await;
    let file = clip(app.settings.data_dir.as_path(), 2, "320x180");
    let bytes = std::fs::read(&file).unwrap();
    let mut sse = Sse::open(&app, &m.participant).await;
    let (video, upload) =
        create_for(&app, &m.host, &m.space, bytes.len() as u64, "video/mp4").await;
    let id = video["id"].as_str().unwrap().to_owned();
    assert!(video["thumbnail_url"].is_null(), "{video}");
    assert_eq!(put(&app, &upload, bytes).await.status(), StatusCode::OK);
    let complete = format!("/api/videos/{id}/upload-complete");
    assert_eq!(
        m.host.post(&complete, json!({})).await.status(),
        StatusCode::ACCEPTED
    );
    let statuses = until_settled(&mut sse, &id).await;
    assert_eq!(statuses.last().unwrap().1["status"], "ready");

    let items = all_pages(
        &m.participant,
        &format!("/api/spaces/{}/videos?", m.space),
        100,
    )
    .await;
    let ready = items.iter().find(|item| item["id"] == id.as_str()).unwrap();
    let pending = items
        .iter()
        .find(|item| item["id"] == m.video.as_str())
        .unwrap();
    assert!(pending["thumbnail_url"].is_null(), "{pending}");
    assert!(ready["duration_ms"].as_i64().unwrap() > 1_500, "{ready}");
    let poster = ready["thumbnail_url"].as_str().unwrap().to_owned();
    let image = app.http.get(&poster).send().await.unwrap();
    assert_eq!(image.status(), StatusCode::OK, "{poster}");
    assert!(
        image.bytes().await.unwrap().starts_with(&[0xff, 0xd8]),
        "a JPEG"
    );
    // Signed: the same path without its signature is refused.
    let unsigned = poster.split('?').next().unwrap();
    assert!(
        !app.http
            .get(unsigned)
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );

    // The same poster on every answer that carries the video.
    let detail = ok_json(m.participant.get(&format!("/api/spaces/{}", m.space)).await).await;
    let first = &detail["videos"]["items"][0];
    assert_eq!(first["id"], id.as_str());
    assert!(first["thumbnail_url"].is_string(), "{first}");
    let one = ok_json(m.participant.get(&format!("/api/videos/{id}")).await).await;
    assert!(one["thumbnail_url"].is_string(), "{one}");
    let mine = all_pages(&m.participant, "/api/individual-videos?", 100).await;
    let copy = mine
        .iter()
        .find(|item| item["video"]["id"] == id.as_str())
        .unwrap();
    assert!(copy["video"]["thumbnail_url"].is_string(), "{copy}");
    let copy_id = copy["id"].as_str().unwrap();
    ok_json(
        m.participant
            .put(
                &format!("/api/individual-videos/{copy_id}/accessed"),
                json!({}),
            )
            .await,
    )
    .await;
    let dashboard = ok_json(m.participant.get("/api/me/dashboard").await).await;
    assert!(
        dashboard["last_studied"]["video"]["thumbnail_url"].is_string(),
        "{dashboard}"
    );
    assert!(
        dashboard["recent_videos"][0]["thumbnail_url"].is_string(),
        "{dashboard}"
    );
    assert!(
        dashboard["recent_videos"][1]["thumbnail_url"].is_null(),
        "{dashboard}"
    );
}
