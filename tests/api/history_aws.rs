//! DynamoDB history with S3 overflow, through the real AWS SDK clients, against moto.

use crate::support::aws::with_aws_history;
use aws_sdk_dynamodb::types::AttributeValue;
use rand::{Rng, SeedableRng};
use vivid::collab::history::{HistoryStore, NewSnapshot};
use vivid::collab::stream_id::StreamId;
use yrs::updates::decoder::Decode;
use yrs::{Doc, ReadTxn, StateVector, Text, Transact, Update};

fn big_document(bytes: usize) -> Doc {
    // Random letters compress poorly, so the compressed state stays well over 350 KB.
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let doc = Doc::new();
    let memo = doc.get_or_insert_text("memo");
    let mut txn = doc.transact_mut();
    let mut written = 0;
    while written < bytes {
        let chunk: String = (0..4096)
            .map(|_| rng.random_range(b'a'..=b'z') as char)
            .collect();
        memo.insert(&mut txn, written as u32, &chunk);
        written += chunk.len();
    }
    drop(txn);
    doc
}

#[tokio::test]
async fn a_snapshot_over_a_megabyte_overflows_to_s3_and_loads_back_identical() {
    let (mut settings, _dir) = crate::support::test_settings().await;
    with_aws_history(&mut settings);
    let table = settings.history.dynamodb_table.clone().unwrap();
    let history = vivid::startup::dynamo_history(&settings, &table).await;
    history.ensure_resources().await.unwrap();
    // Creating them again is a no-op.
    history.ensure_resources().await.unwrap();

    let doc = big_document(1_200_000);
    let state = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    assert!(state.len() > 1_000_000);
    let stream_id: StreamId = "1700000000000-3".parse().unwrap();
    let meta = history
        .save(
            "video-big",
            NewSnapshot {
                name: Some("Big".into()),
                contributors: vec!["u1".into()],
                stream_id,
                state: state.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(meta.version, 1);
    assert_eq!(meta.size_bytes as usize, state.len());

    // The item holds a pointer, the bucket the state.
    let config = vivid::aws::sdk_config(&settings.aws).await;
    let dynamo = aws_sdk_dynamodb::Client::new(&config);
    let item = dynamo
        .get_item()
        .table_name(settings.history.dynamodb_table.as_deref().unwrap())
        .key("doc", AttributeValue::S("video-big".into()))
        .key("version", AttributeValue::N("1".into()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert!(!item.contains_key("state"));
    let key = item["state_key"].as_s().unwrap().clone();
    let s3 = vivid::aws::s3_client(&config, &settings.aws);
    let object = s3
        .head_object()
        .bucket(&settings.history.s3_bucket)
        .key(&key)
        .send()
        .await
        .unwrap();
    assert!(object.content_length().unwrap() > 350 * 1024);

    for loaded in [
        history.get("video-big", 1).await.unwrap().unwrap(),
        history.latest("video-big").await.unwrap().unwrap(),
    ] {
        assert_eq!(loaded.state, state, "byte-identical");
        assert_eq!(loaded.meta, meta);
        let copy = Doc::new();
        copy.transact_mut()
            .apply_update(Update::decode_v1(&loaded.state).unwrap())
            .unwrap();
        assert_eq!(
            copy.transact().state_vector(),
            doc.transact().state_vector()
        );
    }

    // A small snapshot stays inside its item.
    let small = history
        .save(
            "video-big",
            NewSnapshot {
                name: None,
                contributors: vec![],
                stream_id: "1700000000000-4".parse().unwrap(),
                state: vec![0, 0],
            },
        )
        .await
        .unwrap();
    assert_eq!(small.version, 2);
    let versions = history.list("video-big", None, 10).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(
        history.list("video-big", Some(2), 10).await.unwrap()[0].version,
        1
    );
    assert!(history.get("video-big", 3).await.unwrap().is_none());
    assert!(history.latest("video-none").await.unwrap().is_none());

    // Deleting the document deletes both items and the overflow object.
    assert_eq!(history.delete_all("video-big").await.unwrap(), 2);
    assert!(
        history
            .list("video-big", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let gone = s3
        .head_object()
        .bucket(&settings.history.s3_bucket)
        .key(&key)
        .send()
        .await;
    assert!(gone.is_err(), "the overflow object is deleted");
    assert_eq!(history.delete_all("video-big").await.unwrap(), 0);
}
