//! History in DynamoDB, one item per version:
//!
//! | attribute | type | |
//! |---|---|---|
//! | `doc` | S | partition key: the document key (`video-…`, `note-…`) |
//! | `version` | N | sort key: 1, 2, 3, … per document |
//! | `created_at` | S | RFC 3339 |
//! | `name` | S | optional: a named version |
//! | `contributors` | L of S | user ids who edited since the previous version |
//! | `size_bytes` | N | uncompressed state size |
//! | `stream_id` | S | last stream entry included |
//! | `state` | B | deflate-compressed Yjs state, when it fits the item |
//! | `state_key` | S | else: S3 key of the compressed state in the history bucket |
//!
//! Items cap at 400 KB, so a compressed state over [`OVERFLOW_BYTES`] goes to S3
//! (`history/{doc}/{version}.deflate`) and the item keeps its key. Billing is on demand.

use std::collections::HashMap;

use async_trait::async_trait;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, DeleteRequest, KeySchemaElement, KeyType,
    ScalarAttributeType, WriteRequest,
};
use aws_sdk_s3::types::{Delete, ObjectIdentifier};
use chrono::{DateTime, Utc};

use super::{HistoryStore, NewSnapshot, Snapshot, VersionMeta, compress, decompress};

/// Deletes per `BatchWriteItem` (DynamoDB's limit).
const BATCH_DELETE: usize = 25;

/// Rounds of retrying the items a `BatchWriteItem` left unprocessed (throttling).
const UNPROCESSED_RETRIES: u32 = 8;

/// Compressed states above this go to S3 (DynamoDB items cap at 400 KB, attributes included).
pub const OVERFLOW_BYTES: usize = 350 * 1024;

type Item = HashMap<String, AttributeValue>;

pub struct DynamoHistory {
    dynamo: aws_sdk_dynamodb::Client,
    s3: aws_sdk_s3::Client,
    table: String,
    bucket: String,
}

impl DynamoHistory {
    pub fn new(
        dynamo: aws_sdk_dynamodb::Client,
        s3: aws_sdk_s3::Client,
        table: String,
        bucket: String,
    ) -> Self {
        Self {
            dynamo,
            s3,
            table,
            bucket,
        }
    }

    /// Creates the table and the bucket when absent (`vivid migrate`).
    pub async fn ensure_resources(&self) -> anyhow::Result<()> {
        let described = self
            .dynamo
            .describe_table()
            .table_name(&self.table)
            .send()
            .await;
        if let Err(error) = described {
            if !error
                .as_service_error()
                .is_some_and(|e| e.is_resource_not_found_exception())
            {
                return Err(anyhow::anyhow!("describing {}: {error:?}", self.table));
            }
            tracing::info!(table = %self.table, "creating the DynamoDB history table");
            self.dynamo
                .create_table()
                .table_name(&self.table)
                .billing_mode(BillingMode::PayPerRequest)
                .attribute_definitions(attribute("doc", ScalarAttributeType::S)?)
                .attribute_definitions(attribute("version", ScalarAttributeType::N)?)
                .key_schema(key("doc", KeyType::Hash)?)
                .key_schema(key("version", KeyType::Range)?)
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("creating {}: {e:?}", self.table))?;
        }
        if self
            .s3
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .is_err()
        {
            crate::aws::create_bucket(&self.s3, &self.bucket).await?;
        }
        Ok(())
    }

    async fn newest_version(&self, doc: &str) -> anyhow::Result<i64> {
        let newest = self.query(doc, None, 1, true).await?;
        Ok(newest.first().map(|meta| meta.version).unwrap_or(0))
    }

    async fn query(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
        meta_only: bool,
    ) -> anyhow::Result<Vec<VersionMeta>> {
        let items = self.query_items(doc, before, limit, meta_only).await?;
        items.iter().map(meta_of).collect()
    }

    async fn query_items(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
        meta_only: bool,
    ) -> anyhow::Result<Vec<Item>> {
        let mut request = self
            .dynamo
            .query()
            .table_name(&self.table)
            .key_condition_expression("#d = :d AND #v < :before")
            .expression_attribute_names("#d", "doc")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(":d", AttributeValue::S(doc.to_owned()))
            .expression_attribute_values(
                ":before",
                AttributeValue::N(before.unwrap_or(i64::MAX).to_string()),
            )
            .scan_index_forward(false)
            .limit(limit as i32);
        if meta_only {
            request = request
                .projection_expression("#v, created_at, #n, contributors, size_bytes, stream_id")
                .expression_attribute_names("#n", "name");
        }
        let output = request
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("querying history of {doc}: {e:?}"))?;
        Ok(output.items.unwrap_or_default())
    }

    fn overflow_key(doc: &str, version: i64) -> String {
        format!("history/{doc}/{version}.deflate")
    }

    /// Deletes the items of these versions, 25 per request, retrying what DynamoDB leaves
    /// unprocessed.
    async fn delete_items(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()> {
        for chunk in versions.chunks(BATCH_DELETE) {
            let mut requests = chunk
                .iter()
                .map(|version| {
                    let delete = DeleteRequest::builder()
                        .key("doc", AttributeValue::S(doc.to_owned()))
                        .key("version", AttributeValue::N(version.to_string()))
                        .build()?;
                    Ok(WriteRequest::builder().delete_request(delete).build())
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            for round in 0.. {
                let output = self
                    .dynamo
                    .batch_write_item()
                    .request_items(&self.table, requests)
                    .send()
                    .await
                    .map_err(|e| anyhow::anyhow!("deleting versions of {doc}: {e:?}"))?;
                requests = output
                    .unprocessed_items
                    .and_then(|mut left| left.remove(&self.table))
                    .unwrap_or_default();
                if requests.is_empty() {
                    break;
                }
                anyhow::ensure!(
                    round < UNPROCESSED_RETRIES,
                    "DynamoDB left {} deletes of {doc} unprocessed",
                    requests.len()
                );
                tokio::time::sleep(std::time::Duration::from_millis(50 << round)).await;
            }
        }
        Ok(())
    }

    /// Deletes these S3 objects (absent ones count as deleted), 1000 per request.
    async fn delete_objects(&self, keys: Vec<String>) -> anyhow::Result<()> {
        for chunk in keys.chunks(1000) {
            let objects = chunk
                .iter()
                .map(|key| ObjectIdentifier::builder().key(key).build())
                .collect::<Result<Vec<_>, _>>()?;
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()?;
            let output = self
                .s3
                .delete_objects()
                .bucket(&self.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("deleting history objects: {e:?}"))?;
            if let Some(error) = output.errors().first() {
                anyhow::bail!("deleting {:?}: {:?}", error.key(), error.message());
            }
        }
        Ok(())
    }

    /// Every object under `history/{doc}/`, also ones whose items are gone already.
    async fn overflow_objects(&self, doc: &str) -> anyhow::Result<Vec<String>> {
        let mut keys = Vec::new();
        let mut pages = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(format!("history/{doc}/"))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| anyhow::anyhow!("listing history of {doc}: {e:?}"))?;
            keys.extend(
                page.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_owned)),
            );
        }
        Ok(keys)
    }

    async fn snapshot_of(&self, item: &Item) -> anyhow::Result<Snapshot> {
        let meta = meta_of(item)?;
        let compressed = match (item.get("state"), item.get("state_key")) {
            (Some(AttributeValue::B(blob)), _) => blob.clone().into_inner(),
            (_, Some(AttributeValue::S(key))) => {
                let object = self
                    .s3
                    .get_object()
                    .bucket(&self.bucket)
                    .key(key)
                    .send()
                    .await
                    .map_err(|e| anyhow::anyhow!("reading {key}: {e:?}"))?;
                object.body.collect().await?.into_bytes().to_vec()
            }
            _ => anyhow::bail!("history item without state"),
        };
        Ok(Snapshot {
            meta,
            state: decompress(&compressed)?,
        })
    }
}

fn attribute(name: &str, kind: ScalarAttributeType) -> anyhow::Result<AttributeDefinition> {
    Ok(AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(kind)
        .build()?)
}

fn key(name: &str, kind: KeyType) -> anyhow::Result<KeySchemaElement> {
    Ok(KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(kind)
        .build()?)
}

fn text<'a>(item: &'a Item, name: &str) -> anyhow::Result<&'a str> {
    match item.get(name) {
        Some(AttributeValue::S(value)) => Ok(value),
        _ => anyhow::bail!("history item lacks `{name}`"),
    }
}

fn number(item: &Item, name: &str) -> anyhow::Result<i64> {
    match item.get(name) {
        Some(AttributeValue::N(value)) => Ok(value.parse()?),
        _ => anyhow::bail!("history item lacks `{name}`"),
    }
}

fn meta_of(item: &Item) -> anyhow::Result<VersionMeta> {
    let contributors = match item.get("contributors") {
        Some(AttributeValue::L(values)) => values
            .iter()
            .filter_map(|v| v.as_s().ok().cloned())
            .collect(),
        _ => Vec::new(),
    };
    Ok(VersionMeta {
        version: number(item, "version")?,
        created_at: text(item, "created_at")?.parse::<DateTime<Utc>>()?,
        name: item.get("name").and_then(|v| v.as_s().ok()).cloned(),
        contributors,
        size_bytes: number(item, "size_bytes")?,
        stream_id: text(item, "stream_id")?.parse()?,
    })
}

#[async_trait]
impl HistoryStore for DynamoHistory {
    async fn save(&self, doc: &str, snapshot: NewSnapshot) -> anyhow::Result<VersionMeta> {
        let version = self.newest_version(doc).await? + 1;
        let meta = VersionMeta {
            version,
            created_at: crate::db::now().and_utc(),
            name: snapshot.name,
            contributors: snapshot.contributors,
            size_bytes: snapshot.state.len() as i64,
            stream_id: snapshot.stream_id,
        };
        let compressed = compress(&snapshot.state);
        let mut item: Item = HashMap::from([
            ("doc".into(), AttributeValue::S(doc.to_owned())),
            ("version".into(), AttributeValue::N(version.to_string())),
            (
                "created_at".into(),
                AttributeValue::S(meta.created_at.to_rfc3339()),
            ),
            (
                "contributors".into(),
                AttributeValue::L(
                    meta.contributors
                        .iter()
                        .map(|c| AttributeValue::S(c.clone()))
                        .collect(),
                ),
            ),
            (
                "size_bytes".into(),
                AttributeValue::N(meta.size_bytes.to_string()),
            ),
            (
                "stream_id".into(),
                AttributeValue::S(meta.stream_id.to_string()),
            ),
        ]);
        if let Some(name) = &meta.name {
            item.insert("name".into(), AttributeValue::S(name.clone()));
        }
        if compressed.len() > OVERFLOW_BYTES {
            let key = Self::overflow_key(doc, version);
            self.s3
                .put_object()
                .bucket(&self.bucket)
                .key(&key)
                .body(compressed.into())
                .send()
                .await
                .map_err(|e| anyhow::anyhow!("writing {key}: {e:?}"))?;
            item.insert("state_key".into(), AttributeValue::S(key));
        } else {
            item.insert("state".into(), AttributeValue::B(Blob::new(compressed)));
        }
        self.dynamo
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            // Two writers racing for one version number: the second fails instead of
            // overwriting.
            .condition_expression("attribute_not_exists(#v)")
            .expression_attribute_names("#v", "version")
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("saving version {version} of {doc}: {e:?}"))?;
        Ok(meta)
    }

    async fn latest(&self, doc: &str) -> anyhow::Result<Option<Snapshot>> {
        let items = self.query_items(doc, None, 1, false).await?;
        match items.first() {
            Some(item) => Ok(Some(self.snapshot_of(item).await?)),
            None => Ok(None),
        }
    }

    async fn get(&self, doc: &str, version: i64) -> anyhow::Result<Option<Snapshot>> {
        let output = self
            .dynamo
            .get_item()
            .table_name(&self.table)
            .key("doc", AttributeValue::S(doc.to_owned()))
            .key("version", AttributeValue::N(version.to_string()))
            .send()
            .await
            .map_err(|e| anyhow::anyhow!("reading version {version} of {doc}: {e:?}"))?;
        match output.item {
            Some(item) => Ok(Some(self.snapshot_of(&item).await?)),
            None => Ok(None),
        }
    }

    async fn list(
        &self,
        doc: &str,
        before: Option<i64>,
        limit: usize,
    ) -> anyhow::Result<Vec<VersionMeta>> {
        self.query(doc, before, limit, true).await
    }

    /// Items first, then their overflow objects: a failure in between leaves an object no
    /// item points at (removed with the document), never an item without its state.
    async fn delete(&self, doc: &str, versions: &[i64]) -> anyhow::Result<()> {
        self.delete_items(doc, versions).await?;
        let keys = versions
            .iter()
            .map(|version| Self::overflow_key(doc, *version))
            .collect();
        self.delete_objects(keys).await
    }

    async fn delete_all(&self, doc: &str) -> anyhow::Result<usize> {
        let mut deleted = 0;
        loop {
            let page = self.query(doc, None, 500, true).await?;
            if page.is_empty() {
                break;
            }
            let versions: Vec<i64> = page.iter().map(|meta| meta.version).collect();
            self.delete_items(doc, &versions).await?;
            deleted += versions.len();
        }
        let objects = self.overflow_objects(doc).await?;
        self.delete_objects(objects).await?;
        Ok(deleted)
    }
}
