//! Storage in a private S3 bucket: presigned URLs for the client, streaming transfers for the
//! server.

use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::{PresignedRequest, PresigningConfig};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, Delete, ObjectIdentifier};
use bytes::Bytes;

use super::{
    CompletedPart, ObjectInfo, ObjectStore, SignedRequest, StorageError, StorageResult, unavailable,
};

pub struct S3Store {
    client: Client,
    bucket: String,
}

impl S3Store {
    pub fn new(client: Client, bucket: String) -> Self {
        Self { client, bucket }
    }

    /// Creates the bucket when it is missing (`vivid migrate`, tests).
    pub async fn ensure_bucket(&self) -> anyhow::Result<()> {
        if self
            .client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .is_ok()
        {
            return Ok(());
        }
        crate::aws::create_bucket(&self.client, &self.bucket).await
    }
}

fn presigning(ttl: Duration) -> StorageResult<PresigningConfig> {
    PresigningConfig::expires_in(ttl).map_err(StorageError::internal)
}

/// The headers a browser may and must send with a presigned request (never `host` or
/// `content-length`, which it sets itself).
fn client_headers(request: &PresignedRequest) -> std::collections::BTreeMap<String, String> {
    request
        .headers()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            name != "host" && name != "content-length"
        })
        .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
        .collect()
}

#[async_trait]
impl ObjectStore for S3Store {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<SignedRequest> {
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(size as i64)
            .presigned(presigning(ttl)?)
            .await
            .map_err(unavailable)?;
        Ok(SignedRequest {
            method: request.method().to_owned(),
            url: request.uri().to_owned(),
            headers: client_headers(&request),
        })
    }

    async fn start_multipart(&self, key: &str, content_type: &str) -> StorageResult<String> {
        let output = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(unavailable)?;
        output
            .upload_id
            .ok_or_else(|| unavailable(anyhow::anyhow!("S3 returned no upload id")))
    }

    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: i32,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<String> {
        let request = self
            .client
            .upload_part()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number)
            .content_length(size as i64)
            .presigned(presigning(ttl)?)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> StorageResult<()> {
        let parts = parts
            .iter()
            .map(|part| {
                aws_sdk_s3::types::CompletedPart::builder()
                    .part_number(part.part_number)
                    .e_tag(&part.etag)
                    .build()
            })
            .collect();
        let result = self
            .client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => {
                let service = error.as_service_error().map(|e| e.meta().code());
                match service.flatten() {
                    Some(
                        "InvalidPart" | "InvalidPartOrder" | "EntityTooSmall" | "InvalidArgument",
                    ) => Err(StorageError::InvalidParts(
                        "the listed parts do not match what was uploaded".into(),
                    )),
                    Some("NoSuchUpload") => Err(StorageError::UploadNotFound),
                    _ => Err(unavailable(error)),
                }
            }
        }
    }

    async fn abort_multipart(&self, key: &str, upload_id: &str) -> StorageResult<()> {
        self.client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(key)
            .upload_id(upload_id)
            .send()
            .await
            .map(drop)
            .map_err(unavailable)
    }

    async fn head(&self, key: &str) -> StorageResult<Option<ObjectInfo>> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
        {
            Ok(output) => Ok(Some(ObjectInfo {
                size: output.content_length.unwrap_or(0).max(0) as u64,
                content_type: output.content_type,
            })),
            Err(error) if error.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> StorageResult<String> {
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(presigning(ttl)?)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    async fn read(&self, key: &str, limit: usize) -> StorageResult<Bytes> {
        let output = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|error| {
                if error.as_service_error().is_some_and(|e| e.is_no_such_key()) {
                    StorageError::NotFound
                } else {
                    unavailable(error)
                }
            })?;
        if output.content_length.unwrap_or(0) as usize > limit {
            return Err(StorageError::internal(anyhow::anyhow!(
                "{key} is larger than {limit} bytes"
            )));
        }
        let bytes = output.body.collect().await.map_err(unavailable)?;
        Ok(bytes.into_bytes())
    }

    async fn put_bytes(&self, key: &str, bytes: Bytes, content_type: &str) -> StorageResult<()> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map(drop)
            .map_err(unavailable)
    }

    async fn put_file(&self, key: &str, file: &Path, content_type: &str) -> StorageResult<()> {
        let body = ByteStream::from_path(file).await.map_err(unavailable)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map(drop)
            .map_err(unavailable)
    }

    async fn download_to(&self, key: &str, file: &Path) -> StorageResult<()> {
        let output = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(unavailable)?;
        let mut reader = output.body.into_async_read();
        let mut out = tokio::fs::File::create(file).await.map_err(unavailable)?;
        tokio::io::copy(&mut reader, &mut out)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn list(&self, prefix: &str) -> StorageResult<Vec<String>> {
        let mut keys = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(unavailable)?;
            keys.extend(page.contents().iter().filter_map(|o| o.key.clone()));
        }
        keys.sort();
        Ok(keys)
    }

    async fn delete_prefix(&self, prefix: &str) -> StorageResult<usize> {
        let keys = self.list(prefix).await?;
        for batch in keys.chunks(1000) {
            let objects = batch
                .iter()
                .map(|key| ObjectIdentifier::builder().key(key).build())
                .collect::<Result<Vec<_>, _>>()
                .map_err(StorageError::internal)?;
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()
                .map_err(StorageError::internal)?;
            self.client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(keys.len())
    }

    async fn delete(&self, key: &str) -> StorageResult<()> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map(drop)
            .map_err(unavailable)
    }

    async fn ping(&self) -> StorageResult<()> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map(drop)
            .map_err(unavailable)
    }
}
