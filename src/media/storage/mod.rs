//! Object storage: three private buckets (raw uploads, transcoded media, images), in S3 or in
//! a local directory. Nothing is public: clients get presigned S3 URLs, or this server's own
//! signed URLs for the local directory (see [`local`]).

mod local;
mod s3;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use local::{LocalObjects, LocalStore, SignedPart};
pub use s3::S3Store;

use crate::config::{Settings, StorageBackend};
use crate::error::{ApiError, ErrorCode};
use crate::media::signing::UrlSigner;

/// What `HEAD` tells about a stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: u64,
    pub content_type: Option<String>,
}

/// A request the client makes itself, straight to storage.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SignedRequest {
    pub method: String,
    pub url: String,
    /// Headers the request must carry exactly (they are part of the signature).
    pub headers: BTreeMap<String, String>,
}

/// One uploaded part of a multipart upload, as the client reports it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompletedPart {
    pub part_number: i32,
    /// The `ETag` header storage answered the part's PUT with.
    pub etag: String,
}

#[async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    /// A URL to PUT the whole object to, with `content_type` and exactly `size` bytes.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<SignedRequest>;
    /// Starts a multipart upload; the answer is its upload id.
    async fn start_multipart(&self, key: &str, content_type: &str) -> StorageResult<String>;
    /// A URL to PUT part `part_number` to, of exactly `size` bytes (signed, so a client
    /// cannot send more).
    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: i32,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<String>;
    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> StorageResult<()>;
    async fn abort_multipart(&self, key: &str, upload_id: &str) -> StorageResult<()>;
    /// `None` when there is no such object.
    async fn head(&self, key: &str) -> StorageResult<Option<ObjectInfo>>;
    /// A URL that reads the object until `ttl` has passed.
    async fn presign_get(&self, key: &str, ttl: Duration) -> StorageResult<String>;
    /// Reads a small object whole (playlists), refusing more than `limit` bytes; 404
    /// `object_not_found` when it is missing.
    async fn read(&self, key: &str, limit: usize) -> StorageResult<Bytes>;
    async fn put_bytes(&self, key: &str, bytes: Bytes, content_type: &str) -> StorageResult<()>;
    /// Stores a file, streaming it (never whole in memory). The file may be moved.
    async fn put_file(&self, key: &str, file: &Path, content_type: &str) -> StorageResult<()>;
    /// Copies the object into a local file, streaming.
    async fn download_to(&self, key: &str, file: &Path) -> StorageResult<()>;
    /// Keys under `prefix`, sorted.
    async fn list(&self, prefix: &str) -> StorageResult<Vec<String>>;
    /// Deletes every object under `prefix`; the answer is how many went.
    async fn delete_prefix(&self, prefix: &str) -> StorageResult<usize>;
    async fn delete(&self, key: &str) -> StorageResult<()>;
    /// Checks the bucket answers (for `/readyz`).
    async fn ping(&self) -> StorageResult<()>;
    /// Where the object lives on this machine, for stores that are local directories (ffmpeg
    /// then reads it in place).
    fn local_path(&self, _key: &str) -> Option<PathBuf> {
        None
    }
}

/// The three buckets.
#[derive(Clone)]
pub struct Stores {
    /// Raw uploads, as the client sent them.
    pub uploads: Arc<dyn ObjectStore>,
    /// Transcoded media: HLS renditions, thumbnails, posters.
    pub media: Arc<dyn ObjectStore>,
    /// Snapshot images.
    pub images: Arc<dyn ObjectStore>,
    /// The local directory behind all three, when storage is local (its URLs are served by
    /// this server).
    pub local: Option<Arc<LocalObjects>>,
}

impl Stores {
    pub async fn from_settings(settings: &Settings, signer: &UrlSigner) -> anyhow::Result<Self> {
        Ok(match settings.storage_backend() {
            StorageBackend::Local => {
                let root = settings.data_dir.join("objects");
                let objects = Arc::new(LocalObjects::new(&root, signer.clone())?);
                let store = |bucket: &str| -> Arc<dyn ObjectStore> {
                    Arc::new(LocalStore::new(objects.clone(), bucket))
                };
                Self {
                    uploads: store("uploads"),
                    media: store("media"),
                    images: store("images"),
                    local: Some(objects),
                }
            }
            StorageBackend::S3 => {
                let config = crate::aws::sdk_config(&settings.aws).await;
                let client = crate::aws::s3_client(&config, &settings.aws);
                let storage = &settings.storage;
                let store = |bucket: &str| -> Arc<dyn ObjectStore> {
                    Arc::new(S3Store::new(client.clone(), bucket.to_owned()))
                };
                Self {
                    uploads: store(&storage.upload_bucket),
                    media: store(&storage.media_bucket),
                    images: store(&storage.image_bucket),
                    local: None,
                }
            }
        })
    }

    pub async fn ping(&self) -> StorageResult<()> {
        self.uploads.ping().await?;
        self.media.ping().await?;
        self.images.ping().await
    }
}

/// What object storage answers when it cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("no such object")]
    NotFound,
    #[error("there is no such multipart upload")]
    UploadNotFound,
    /// The client's list of parts does not match the upload.
    #[error("{0}")]
    InvalidParts(String),
    #[error("{0}")]
    PartMissing(String),
    /// The store cannot be reached or failed (503, cause logged).
    #[error("storage is unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A bug or an impossible answer (500, cause logged).
    #[error("storage failed: {0:#}")]
    Internal(anyhow::Error),
}

pub type StorageResult<T> = Result<T, StorageError>;

impl StorageError {
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }
}

/// A storage failure the store could not help: unavailable, cause logged.
pub fn unavailable(cause: impl Into<anyhow::Error>) -> StorageError {
    StorageError::Unavailable(cause.into())
}

/// Storage errors as API answers, in one place.
impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound => ApiError::new(ErrorCode::ObjectNotFound, "no such object"),
            StorageError::UploadNotFound => ApiError::new(
                ErrorCode::UploadNotFound,
                "there is no such multipart upload",
            ),
            StorageError::InvalidParts(message) => ApiError::new(ErrorCode::InvalidParts, message),
            StorageError::PartMissing(message) => ApiError::new(ErrorCode::PartMissing, message),
            StorageError::Unavailable(cause) => {
                ApiError::unavailable(ErrorCode::StorageUnavailable, cause)
            }
            StorageError::Internal(cause) => ApiError::internal(cause),
        }
    }
}

/// Creates the three S3 buckets when they are missing (`vivid migrate`); nothing to do for
/// local storage.
pub async fn ensure_buckets(settings: &Settings) -> anyhow::Result<()> {
    if settings.storage_backend() != StorageBackend::S3 {
        return Ok(());
    }
    let config = crate::aws::sdk_config(&settings.aws).await;
    let client = crate::aws::s3_client(&config, &settings.aws);
    let storage = &settings.storage;
    for bucket in [
        &storage.upload_bucket,
        &storage.media_bucket,
        &storage.image_bucket,
    ] {
        S3Store::new(client.clone(), bucket.clone())
            .ensure_bucket()
            .await?;
    }
    tracing::info!("media buckets ready");
    Ok(())
}
