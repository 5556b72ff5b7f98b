//! `GET /api/search` (issue 15): notes written through a real y-websocket peer are found by a
//! substring once their snapshot is stored — Korean and English, shared and private — and
//! only by who may see them; deleting a video or a space takes its passages along.

use reqwest::StatusCode;
use serde_json::{Value, json};
use yrs::Any;

use crate::support::peer::{PATIENCE, Peer};
use crate::support::{Members, Session, TestApp, assert_error, ok_json};

fn encode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

/// The first page of hits for `q`.
async fn hits(who: &Session, q: &str) -> Vec<Value> {
    let page = ok_json(who.get(&format!("/api/search?q={}", encode(q))).await).await;
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Waits (up to the peer's patience) until `q` finds something for `who`: the index follows
/// snapshots on a task of its own.
async fn found(who: &Session, q: &str) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let found = hits(who, q).await;
        if !found.is_empty() || tokio::time::Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The marked parts of a hit's snippet, and its whole text.
fn marks(hit: &Value) -> (Vec<String>, String) {
    let parts = hit["snippet"].as_array().expect("snippet parts");
    let marked = parts
        .iter()
        .filter(|p| p["mark"] == true)
        .map(|p| p["text"].as_str().unwrap().to_owned())
        .collect();
    let text = parts.iter().map(|p| p["text"].as_str().unwrap()).collect();
    (marked, text)
}

async fn my_copy(who: &Session, space: &str, video: &str) -> String {
    let page = ok_json(who.get(&format!("/api/spaces/{space}/videos")).await).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == video)
        .and_then(|item| item["individual_video_id"].as_str())
        .expect("an individual video")
        .to_owned()
}

/// Saves a version of `doc` now, as `who`: the snapshot the index follows.
async fn save_version(app: &TestApp, who: &Session, doc: &str) {
    let saved = app
        .post(
            &format!("/api/docs/{doc}/versions"),
            Some(&who.token),
            json!({}),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::CREATED, "version of {doc}");
}

/// Writes a Korean memo line after a chip at 1:05 and an English comment at 0:12 into the
/// shared layer, through a real peer, waits until another peer has both, and stores a
/// snapshot.
async fn write_shared_notes(app: &TestApp, m: &Members) {
    let doc = format!("video-{}", m.video);
    let mut writer = Peer::join(app, &m.host, &doc).await;
    let mut reader = Peer::join(app, &m.participant, &doc).await;
    writer
        .type_memo_at(65_000.0, " 오늘은 고유값 분해를 배웠다\n")
        .await;
    writer
        .put_entry(
            "comments",
            "c1",
            &[
                ("t", Any::from(12_000.0)),
                ("text", Any::from("Remember the Eigenvector trick")),
                ("author", Any::from(m.host.user_id.as_str())),
            ],
        )
        .await;
    let arrived = reader
        .pump_until(
            |doc| {
                use yrs::{Map, Transact};
                doc.get_or_insert_map("comments").len(&doc.transact()) == 1
            },
            0,
        )
        .await;
    assert!(arrived, "the comment reached the other peer");
    save_version(app, &m.host, &doc).await;
    writer.close().await;
    reader.close().await;
}

#[tokio::test]
async fn shared_notes_are_found_by_a_substring_in_korean_and_english() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    write_shared_notes(&app, &m).await;

    let korean = found(&m.host, "유값 분").await;
    assert_eq!(korean.len(), 1, "{korean:?}");
    let hit = &korean[0];
    assert_eq!(hit["kind"], "memo");
    assert_eq!(hit["layer"], "shared");
    assert_eq!(hit["time_secs"], 65, "the chip before the passage");
    assert_eq!(hit["video"]["id"], m.video.as_str());
    assert_eq!(hit["video"]["title"], "Lecture 1");
    assert_eq!(hit["video"]["space_id"], m.space.as_str());
    assert_eq!(hit["video"]["space_name"], "Algorithms");
    assert_eq!(
        hit["video"]["individual_video_id"],
        my_copy(&m.host, &m.space, &m.video).await.as_str()
    );
    let (marked, text) = marks(hit);
    assert_eq!(marked, ["유값 분"]);
    assert_eq!(text, "오늘은 고유값 분해를 배웠다");

    // The participant finds the same passage (with their own individual video), and the
    // English comment by a lower-case substring; the mark keeps the text's case.
    let theirs = found(&m.participant, "고유값 분해").await;
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        theirs[0]["video"]["individual_video_id"],
        my_copy(&m.participant, &m.space, &m.video).await.as_str()
    );
    let english = found(&m.participant, "eigenvec").await;
    assert_eq!(english.len(), 1, "{english:?}");
    assert_eq!(english[0]["kind"], "comment");
    assert_eq!(english[0]["time_secs"], 12);
    assert_eq!(marks(&english[0]).0, ["Eigenvec"]);

    // Two Korean syllables are enough (a scan of the caller's passages).
    let short = hits(&m.participant, "분해").await;
    assert_eq!(short.len(), 1, "{short:?}");
    assert_eq!(short[0]["kind"], "memo");

    // Titles are found from the moment the video exists.
    let titles = hits(&m.participant, "ecture").await;
    assert_eq!(titles.len(), 1, "{titles:?}");
    assert_eq!(titles[0]["kind"], "title");
    assert!(titles[0]["time_secs"].is_null());

    // Someone outside the space finds nothing of it.
    for q in ["고유값 분해", "분해", "eigenvec", "Lecture"] {
        assert!(hits(&m.outsider, q).await.is_empty(), "outsider found {q}");
    }
}

#[tokio::test]
async fn a_new_snapshot_replaces_the_passages_of_its_document() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    write_shared_notes(&app, &m).await;
    assert_eq!(found(&m.host, "고유값").await.len(), 1);

    // The memo is rewritten and a new snapshot stored: the old line goes, the new one comes,
    // the comment stays once.
    let doc = format!("video-{}", m.video);
    let mut writer = Peer::join(&app, &m.host, &doc).await;
    let removed = {
        use yrs::{Text, Transact};
        let memo = writer.doc.get_or_insert_text("memo");
        let mut txn = writer.doc.transact_mut();
        let len = memo.len(&txn);
        memo.remove_range(&mut txn, 0, len);
        txn.encode_update_v1()
    };
    writer
        .send(vivid::collab::protocol::update(&removed).to_vec())
        .await;
    writer.type_memo("Spectral theorem\n").await;
    let mut reader = Peer::join(&app, &m.participant, &doc).await;
    assert!(reader.wait_for_memo("Spectral theorem\n").await);
    save_version(&app, &m.host, &doc).await;

    let new = found(&m.host, "spectral").await;
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0]["time_secs"].is_null(), "a line without a chip");
    assert!(
        hits(&m.host, "고유값").await.is_empty(),
        "the old line is gone"
    );
    assert_eq!(hits(&m.host, "eigenvector").await.len(), 1);
}

#[tokio::test]
async fn private_notes_are_found_by_their_owner_only() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mine = my_copy(&m.participant, &m.space, &m.video).await;
    let doc = format!("note-{mine}");
    let mut peer = Peer::join(&app, &m.participant, &doc).await;
    peer.type_memo_at(30_000.0, " 비밀 메모: 스펙트럴 정리\n")
        .await;
    peer.put_entry(
        "bookmarks",
        "b1",
        &[
            ("t", Any::from(45_000.0)),
            ("label", Any::from("Private pivot")),
        ],
    )
    .await;
    // A second socket of the owner sees both edits, so the room has applied them.
    let mut other_tab = Peer::join(&app, &m.participant, &doc).await;
    let arrived = other_tab
        .pump_until(
            |doc| {
                use yrs::{Map, Transact};
                doc.get_or_insert_map("bookmarks").len(&doc.transact()) == 1
            },
            0,
        )
        .await;
    assert!(arrived, "the bookmark reached the other tab");
    save_version(&app, &m.participant, &doc).await;

    let own = found(&m.participant, "스펙트럴").await;
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["layer"], "private");
    assert_eq!(own[0]["kind"], "memo");
    assert_eq!(own[0]["time_secs"], 30);
    assert_eq!(own[0]["video"]["individual_video_id"], mine.as_str());
    let bookmark = hits(&m.participant, "pivot").await;
    assert_eq!(bookmark.len(), 1);
    assert_eq!(bookmark[0]["kind"], "bookmark");
    assert_eq!(bookmark[0]["layer"], "private");
    assert_eq!(bookmark[0]["time_secs"], 45);

    // The host of the same space, and an outsider, never find it.
    for who in [&m.host, &m.outsider] {
        for q in ["스펙트럴", "비밀 메모", "pivot"] {
            assert!(hits(who, q).await.is_empty(), "{q} leaked");
        }
    }
}

#[tokio::test]
async fn a_deleted_video_or_space_is_no_longer_found() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    write_shared_notes(&app, &m).await;
    assert_eq!(found(&m.participant, "고유값").await.len(), 1);

    let deleted = m.host.delete(&format!("/api/videos/{}", m.video)).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    for q in ["고유값", "분해", "eigenvector", "Lecture 1"] {
        assert!(hits(&m.host, q).await.is_empty(), "{q} outlived its video");
        assert!(
            hits(&m.participant, q).await.is_empty(),
            "{q} outlived its video"
        );
    }

    // A space's videos go with the space.
    let other = app
        .create_video(&m.host, &m.space, "Graphs and trees")
        .await;
    assert_eq!(hits(&m.participant, "and tree").await.len(), 1);
    let gone = m.host.delete(&format!("/api/spaces/{}", m.space)).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT, "{other}");
    assert!(hits(&m.host, "and tree").await.is_empty());
    assert!(hits(&m.participant, "and tree").await.is_empty());
}

#[tokio::test]
async fn hits_come_in_pages_and_special_characters_are_literal() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    for title in ["Sale 100% real", "Sale 1000 items", "Sale under_score"] {
        app.create_video(&m.host, &m.space, title).await;
    }
    let percent = hits(&m.host, "100%").await;
    assert_eq!(percent.len(), 1, "{percent:?}");
    assert_eq!(percent[0]["video"]["title"], "Sale 100% real");
    assert_eq!(hits(&m.host, "r_s").await.len(), 1, "_ is not a wildcard");
    assert_eq!(
        hits(&m.host, "\"sale").await.len(),
        0,
        "a quote is just a quote"
    );

    let first = ok_json(m.host.get("/api/search?q=sale&limit=2").await).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let second = ok_json(
        m.host
            .get(&format!("/api/search?q=sale&limit=2&cursor={cursor}"))
            .await,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second["next_cursor"].is_null());
    let mut titles: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|hit| hit["video"]["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Sale 100% real", "Sale 1000 items", "Sale under_score"]
    );
}

#[tokio::test]
async fn bad_searches_get_clear_errors() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    for q in ["", "ab", "행", "%20%20x%20"] {
        assert_error(
            m.host.get(&format!("/api/search?q={q}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "query_too_short",
        )
        .await;
    }
    assert_error(
        m.host.get("/api/search").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "query_too_short",
    )
    .await;
    let long = "가".repeat(101);
    let body = assert_error(
        m.host
            .get(&format!("/api/search?q={}", encode(&long)))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert!(body["fields"]["q"].is_array(), "{body}");
    for limit in ["0", "51"] {
        assert_error(
            m.host
                .get(&format!("/api/search?q=lecture&limit={limit}"))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
    }
    assert_error(
        m.host.get("/api/search?q=lecture&cursor=%25%25").await,
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    )
    .await;
    assert_error(
        app.get("/api/search?q=lecture", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

/// Rows of the index for one video, or one individual video (`private`), read directly.
async fn indexed(app: &TestApp, video: &str, private: Option<&str>) -> i64 {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use vivid::db::schema::search_entries;
    async fn count(
        db: &vivid::db::Db,
        video: &str,
        private: Option<&str>,
    ) -> Result<i64, vivid::error::ApiError> {
        let rows = vivid::with_conn!(db, |conn| {
            let mut query = search_entries::table
                .filter(search_entries::video_id.eq(video))
                .into_boxed();
            if let Some(private) = private {
                query = query.filter(search_entries::individual_video_id.eq(private));
            }
            query.count().get_result::<i64>(conn).await
        })?;
        Ok(rows)
    }
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    count(&db, video, private).await.unwrap()
}

#[tokio::test]
async fn a_deleted_account_takes_its_private_notes_and_its_lone_spaces_along() {
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    write_shared_notes(&app, &m).await;
    let mine = my_copy(&m.participant, &m.space, &m.video).await;
    let doc = format!("note-{mine}");
    let mut peer = Peer::join(&app, &m.participant, &doc).await;
    peer.type_memo("행렬식 메모\n").await;
    let mut other_tab = Peer::join(&app, &m.participant, &doc).await;
    assert!(other_tab.wait_for_memo("행렬식 메모\n").await);
    save_version(&app, &m.participant, &doc).await;
    assert_eq!(found(&m.participant, "행렬식").await.len(), 1);
    assert_eq!(indexed(&app, &m.video, Some(&mine)).await, 1);
    peer.close().await;
    other_tab.close().await;

    // The participant leaves VIVID: their private passages go, the space's stay.
    let gone = m.participant.delete("/api/me").await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(indexed(&app, &m.video, Some(&mine)).await, 0);
    assert_eq!(hits(&m.host, "고유값 분해").await.len(), 1);

    // The host, now alone in the space, leaves too: the space goes, and every passage of it.
    let solo = app.create_video(&m.host, &m.space, "Solo lecture").await;
    assert!(indexed(&app, &solo, None).await > 0);
    let gone = m.host.delete("/api/me").await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(indexed(&app, &m.video, None).await, 0);
    assert_eq!(indexed(&app, &solo, None).await, 0);
}

#[tokio::test]
async fn a_lost_index_is_rebuilt_from_the_stored_snapshots() {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use vivid::db::schema::search_entries;

    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    write_shared_notes(&app, &m).await;
    assert_eq!(found(&m.host, "고유값").await.len(), 1);

    // The passages are lost (as for documents written before the index existed).
    let db = vivid::db::Db::connect(&app.settings.database_url(), 1).unwrap();
    async fn forget(db: &vivid::db::Db) -> Result<usize, vivid::error::ApiError> {
        Ok(vivid::with_conn!(db, |conn| diesel::delete(
            search_entries::table.filter(search_entries::kind.ne("title"))
        )
        .execute(conn)
        .await)?)
    }
    assert!(forget(&db).await.unwrap() >= 2);
    assert!(hits(&m.host, "고유값").await.is_empty());

    // `vivid reindex-search` reads every document's newest snapshot back into the index.
    let history = vivid::startup::history_store(&app.settings, &db)
        .await
        .unwrap();
    let documents = vivid::library::search::index::reindex_all(&db, history.as_ref())
        .await
        .unwrap();
    assert_eq!(documents, 1, "one document had a snapshot");
    let again = hits(&m.host, "고유값").await;
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["time_secs"], 65);
    assert_eq!(hits(&m.participant, "eigenvector").await.len(), 1);
    assert_eq!(
        hits(&m.host, "Lecture 1").await.len(),
        1,
        "titles stay once"
    );
}
