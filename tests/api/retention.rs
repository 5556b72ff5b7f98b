//! Thinning a document's history (`collab::history::retention`) deletes exactly the versions
//! the policy drops, from the local database and from DynamoDB + S3 (moto).

use std::sync::Arc;

use chrono::{Duration, Utc};
use vivid::collab::history::retention::thin;
use vivid::collab::history::{HistoryStore, LocalHistory, NewSnapshot};

use crate::support::aws::with_aws_history;
use crate::support::test_settings;

async fn save(history: &dyn HistoryStore, doc: &str, n: u64, name: Option<&str>) {
    history
        .save(
            doc,
            NewSnapshot {
                name: name.map(str::to_owned),
                contributors: vec!["u1".into()],
                stream_id: format!("1700000000000-{n}").parse().unwrap(),
                state: vec![0, 0],
            },
        )
        .await
        .unwrap();
}

/// Ten versions saved today, the fourth named: ten days later the named one, the newest,
/// and nothing else of that day remain — and another document is untouched.
async fn thins(history: Arc<dyn HistoryStore>) {
    for n in 1..=10 {
        let name = (n == 4).then_some("Before the exam");
        save(history.as_ref(), "video-busy", n, name).await;
    }
    save(history.as_ref(), "video-quiet", 1, None).await;
    save(history.as_ref(), "video-quiet", 2, None).await;

    // Today everything is kept.
    assert_eq!(
        thin(history.as_ref(), "video-busy", Utc::now())
            .await
            .unwrap(),
        0
    );

    let later = Utc::now() + Duration::days(10);
    let dropped = thin(history.as_ref(), "video-busy", later).await.unwrap();
    let left: Vec<i64> = history
        .list("video-busy", None, 100)
        .await
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    // Saved within a second or two: one UTC day unless the run crossed midnight.
    assert!(left == [10, 4] || left.len() == 3, "left {left:?}");
    assert_eq!(dropped, 10 - left.len());
    assert!(history.get("video-busy", 4).await.unwrap().is_some());
    assert_eq!(
        history.list("video-quiet", None, 10).await.unwrap().len(),
        2
    );
}

#[tokio::test]
async fn thinning_the_local_history_keeps_named_versions_and_the_newest() {
    let (settings, _dir) = test_settings().await;
    vivid::db::migrate(&settings.database_url()).await.unwrap();
    let db = vivid::db::Db::connect(&settings.database_url(), 1).unwrap();
    thins(Arc::new(LocalHistory::new(db))).await;
}

#[tokio::test]
async fn thinning_dynamodb_history_keeps_named_versions_and_the_newest() {
    let (mut settings, _dir) = test_settings().await;
    with_aws_history(&mut settings);
    let table = settings.history.dynamodb_table.clone().unwrap();
    let history = vivid::startup::dynamo_history(&settings, &table).await;
    history.ensure_resources().await.unwrap();
    thins(Arc::new(history)).await;
}
