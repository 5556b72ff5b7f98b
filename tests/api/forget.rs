//! Deleting a video, a space or an account deletes its documents' live copies (Redis keys)
//! and version history too — in the local database and in DynamoDB + S3 (moto) — after the
//! grace period (`collab.forget_grace_secs`, 0 here), while documents of others stay.

use std::sync::Arc;
use std::time::Duration;

use redis::AsyncCommands;
use reqwest::StatusCode;
use serde_json::json;
use vivid::collab::history::{HistoryStore, LocalHistory};

use crate::support::aws::with_aws_history;
use crate::support::peer::Peer;
use crate::support::{Session, TestApp, ok_json, test_settings, use_redis};

#[derive(Clone, Copy, Debug)]
enum Store {
    Local,
    Dynamo,
}

struct Fixture {
    app: TestApp,
    history: Arc<dyn HistoryStore>,
    redis: redis::aio::MultiplexedConnection,
    prefix: String,
}

async fn fixture(store: Store) -> Fixture {
    let (mut settings, dir) = test_settings().await;
    let url = use_redis(&mut settings);
    settings.collab.forget_grace = Duration::ZERO;
    settings.collab.forget_sweep = Duration::from_millis(100);
    settings.collab.room_grace = Duration::from_millis(200);
    if let Store::Dynamo = store {
        with_aws_history(&mut settings);
    }
    let prefix = settings.redis.key_prefix.clone();
    let app = TestApp::spawn_with(settings.clone(), dir).await;
    let history: Arc<dyn HistoryStore> = match store {
        Store::Dynamo => {
            let table = settings.history.dynamodb_table.clone().unwrap();
            Arc::new(vivid::startup::dynamo_history(&settings, &table).await)
        }
        Store::Local => {
            let db = vivid::db::Db::connect(&settings.database_url(), 1).unwrap();
            Arc::new(LocalHistory::new(db))
        }
    };
    let redis = redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    Fixture {
        app,
        history,
        redis,
        prefix,
    }
}

impl Fixture {
    /// Types into `doc` as `who` and saves a named version of it.
    async fn edit_and_save(&self, who: &Session, doc: &str) {
        let mut peer = Peer::join(&self.app, who, doc).await;
        peer.type_memo("a line to keep").await;
        assert!(peer.wait_for_memo("a line to keep").await);
        let saved = who
            .post(
                &format!("/api/docs/{doc}/versions"),
                json!({"name": "Mine"}),
            )
            .await;
        assert_eq!(saved.status(), StatusCode::CREATED, "{doc}");
        peer.close().await;
        assert!(self.is_kept(doc).await, "{doc} has history and Redis keys");
    }

    async fn redis_keys(&self, doc: &str) -> Vec<String> {
        let mut redis = self.redis.clone();
        redis
            .keys(format!("{}doc:{{{doc}}}:*", self.prefix))
            .await
            .unwrap()
    }

    async fn versions(&self, doc: &str) -> usize {
        self.history.list(doc, None, 100).await.unwrap().len()
    }

    async fn is_kept(&self, doc: &str) -> bool {
        self.versions(doc).await > 0 && !self.redis_keys(doc).await.is_empty()
    }

    /// Waits until neither history nor Redis holds anything of `doc`.
    async fn is_forgotten(&self, doc: &str) -> bool {
        for _ in 0..100 {
            if self.versions(doc).await == 0 && self.redis_keys(doc).await.is_empty() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }
}

async fn note_of(who: &Session, video: &str) -> String {
    let individual = ok_json(
        who.get(&format!("/api/videos/{video}/individual-video"))
            .await,
    )
    .await;
    format!("note-{}", individual["id"].as_str().unwrap())
}

async fn deleting_a_video_forgets_its_board_and_everyones_notes(store: Store) {
    let f = fixture(store).await;
    let m = f.app.space_with_members().await;
    let video = f.app.create_video(&m.host, &m.space, "Lecture 1").await;
    let other = f.app.create_video(&m.host, &m.space, "Lecture 2").await;
    let board = format!("video-{video}");
    let note = note_of(&m.participant, &video).await;
    let other_board = format!("video-{other}");
    f.edit_and_save(&m.host, &board).await;
    f.edit_and_save(&m.participant, &note).await;
    f.edit_and_save(&m.host, &other_board).await;

    let deleted = m.host.delete(&format!("/api/videos/{video}")).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    assert!(f.is_forgotten(&board).await, "{store:?}: the board is gone");
    assert!(f.is_forgotten(&note).await, "{store:?}: the note is gone");
    assert!(
        f.is_kept(&other_board).await,
        "the other video's board stays"
    );
}

async fn deleting_a_space_forgets_the_documents_of_all_its_videos(store: Store) {
    let f = fixture(store).await;
    let m = f.app.space_with_members().await;
    let first = f.app.create_video(&m.host, &m.space, "Lecture 1").await;
    let second = f.app.create_video(&m.host, &m.space, "Lecture 2").await;
    let elsewhere = f.app.create_space(&m.host, "Another course").await;
    let kept = f.app.create_video(&m.host, &elsewhere, "Kept").await;
    let docs = [
        format!("video-{first}"),
        format!("video-{second}"),
        note_of(&m.participant, &second).await,
    ];
    for doc in &docs {
        let who = if doc.starts_with("note-") {
            &m.participant
        } else {
            &m.host
        };
        f.edit_and_save(who, doc).await;
    }
    f.edit_and_save(&m.host, &format!("video-{kept}")).await;

    let deleted = m.host.delete(&format!("/api/spaces/{}", m.space)).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    for doc in &docs {
        assert!(f.is_forgotten(doc).await, "{store:?}: {doc} is gone");
    }
    assert!(f.is_kept(&format!("video-{kept}")).await);
}

async fn deleting_an_account_forgets_its_notes_and_the_spaces_it_hosted_alone(store: Store) {
    let f = fixture(store).await;
    let m = f.app.space_with_members().await;
    let shared = f
        .app
        .create_video(&m.host, &m.space, "Shared lecture")
        .await;
    let shared_board = format!("video-{shared}");
    let my_note = note_of(&m.participant, &shared).await;
    let host_note = note_of(&m.host, &shared).await;
    let solo_space = f.app.create_space(&m.participant, "My own course").await;
    let solo = f
        .app
        .create_video(&m.participant, &solo_space, "Solo")
        .await;
    let solo_board = format!("video-{solo}");
    let solo_note = note_of(&m.participant, &solo).await;
    f.edit_and_save(&m.host, &shared_board).await;
    f.edit_and_save(&m.host, &host_note).await;
    f.edit_and_save(&m.participant, &my_note).await;
    f.edit_and_save(&m.participant, &solo_board).await;
    f.edit_and_save(&m.participant, &solo_note).await;

    let deleted = m.participant.delete("/api/me").await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    for doc in [&my_note, &solo_board, &solo_note] {
        assert!(f.is_forgotten(doc).await, "{store:?}: {doc} is gone");
    }
    // The space they only joined, and the host's notes in it, stay.
    assert!(f.is_kept(&shared_board).await);
    assert!(f.is_kept(&host_note).await);
    let solo_video = m.host.get(&format!("/api/videos/{solo}")).await;
    assert_eq!(solo_video.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_video_forgets_its_documents_in_the_local_history() {
    deleting_a_video_forgets_its_board_and_everyones_notes(Store::Local).await;
}

#[tokio::test]
async fn deleting_a_video_forgets_its_documents_in_dynamodb() {
    deleting_a_video_forgets_its_board_and_everyones_notes(Store::Dynamo).await;
}

#[tokio::test]
async fn deleting_a_space_forgets_its_documents_in_the_local_history() {
    deleting_a_space_forgets_the_documents_of_all_its_videos(Store::Local).await;
}

#[tokio::test]
async fn deleting_a_space_forgets_its_documents_in_dynamodb() {
    deleting_a_space_forgets_the_documents_of_all_its_videos(Store::Dynamo).await;
}

#[tokio::test]
async fn deleting_an_account_forgets_its_documents_in_the_local_history() {
    deleting_an_account_forgets_its_notes_and_the_spaces_it_hosted_alone(Store::Local).await;
}

#[tokio::test]
async fn deleting_an_account_forgets_its_documents_in_dynamodb() {
    deleting_an_account_forgets_its_notes_and_the_spaces_it_hosted_alone(Store::Dynamo).await;
}
