//! Storage in a local directory (the embedded profile): `{data_dir}/objects/{bucket}/{key}`,
//! with each object's content type beside it under `.meta/`. This server serves the objects
//! at `/api/objects/{bucket}/{key}` to whoever holds a signed URL: reads (with HTTP ranges,
//! for video), whole uploads and the parts of multipart uploads.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use super::{
    CompletedPart, ObjectInfo, ObjectStore, SignedRequest, StorageError, StorageResult, unavailable,
};
use crate::error::ApiResult;
use crate::media::signing::{UrlSigner, expiry};

/// The directory all local buckets live in, and the key that signs their URLs.
pub struct LocalObjects {
    root: PathBuf,
    signer: UrlSigner,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    content_type: Option<String>,
}

/// What a multipart upload in progress remembers (`.parts/{upload_id}/upload.json`).
#[derive(Debug, Serialize, Deserialize)]
struct PendingUpload {
    bucket: String,
    key: String,
    content_type: String,
}

impl LocalObjects {
    pub fn new(root: &Path, signer: UrlSigner) -> std::io::Result<Self> {
        // Temporary files of uploads cut short by a restart.
        let _ = std::fs::remove_dir_all(root.join(".tmp"));
        for dir in [".tmp", ".meta", ".parts"] {
            std::fs::create_dir_all(root.join(dir))?;
        }
        Ok(Self {
            root: root.to_path_buf(),
            signer,
        })
    }

    fn object_path(&self, bucket: &str, key: &str) -> StorageResult<PathBuf> {
        check_name(bucket)?;
        check_key(key)?;
        Ok(self.root.join(bucket).join(key))
    }

    fn meta_path(&self, bucket: &str, key: &str) -> PathBuf {
        self.root
            .join(".meta")
            .join(bucket)
            .join(format!("{key}.json"))
    }

    fn parts_dir(&self, upload_id: &str) -> StorageResult<PathBuf> {
        check_name(upload_id)?;
        Ok(self.root.join(".parts").join(upload_id))
    }

    pub fn temp_path(&self) -> PathBuf {
        self.root.join(".tmp").join(crate::db::new_id())
    }

    /// Moves `file` into place as `bucket/key` and records its content type.
    pub async fn install(
        &self,
        bucket: &str,
        key: &str,
        file: &Path,
        content_type: &str,
    ) -> StorageResult<()> {
        let target = self.object_path(bucket, key)?;
        let meta = self.meta_path(bucket, key);
        for path in [&target, &meta] {
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await.map_err(unavailable)?;
            }
        }
        let meta_json = serde_json::to_vec(&Meta {
            content_type: Some(content_type.to_owned()),
        })
        .map_err(StorageError::internal)?;
        tokio::fs::write(&meta, meta_json)
            .await
            .map_err(unavailable)?;
        if tokio::fs::rename(file, &target).await.is_err() {
            // Another file system: copy, then drop the original.
            tokio::fs::copy(file, &target).await.map_err(unavailable)?;
            let _ = tokio::fs::remove_file(file).await;
        }
        Ok(())
    }

    async fn head(&self, bucket: &str, key: &str) -> StorageResult<Option<ObjectInfo>> {
        let path = self.object_path(bucket, key)?;
        let metadata = match tokio::fs::metadata(&path).await {
            Ok(metadata) if metadata.is_file() => metadata,
            Ok(_) => return Ok(None),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(unavailable(error)),
        };
        let content_type = match tokio::fs::read(self.meta_path(bucket, key)).await {
            Ok(bytes) => serde_json::from_slice::<Meta>(&bytes)
                .ok()
                .and_then(|meta| meta.content_type),
            Err(_) => None,
        };
        Ok(Some(ObjectInfo {
            size: metadata.len(),
            content_type,
        }))
    }

    fn url(&self, bucket: &str, key: &str, terms: &[&str], query: &str, ttl: Duration) -> String {
        let expires = expiry(ttl.as_secs());
        let signature = self.signer.sign(terms, expires);
        format!("/api/objects/{bucket}/{key}?{query}expires={expires}&sig={signature}")
    }
}

/// One bucket of [`LocalObjects`].
pub struct LocalStore {
    objects: Arc<LocalObjects>,
    bucket: String,
}

impl LocalStore {
    pub fn new(objects: Arc<LocalObjects>, bucket: &str) -> Self {
        Self {
            objects,
            bucket: bucket.to_owned(),
        }
    }
}

/// What a part's signed URL says: the upload, the part's number and size, and the signature.
#[derive(Debug, Clone, Copy)]
pub struct SignedPart<'a> {
    pub upload: &'a str,
    pub number: i32,
    pub size: u64,
    pub expires: i64,
    pub signature: &'a str,
}

#[async_trait]
impl ObjectStore for LocalStore {
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<SignedRequest> {
        let size_text = size.to_string();
        let url = self.objects.url(
            &self.bucket,
            key,
            &["PUT", &self.bucket, key, content_type, &size_text],
            &format!("size={size}&"),
            ttl,
        );
        Ok(SignedRequest {
            method: "PUT".into(),
            url,
            headers: [("content-type".to_owned(), content_type.to_owned())].into(),
        })
    }

    async fn start_multipart(&self, key: &str, content_type: &str) -> StorageResult<String> {
        self.objects.object_path(&self.bucket, key)?;
        let upload_id = crate::db::new_id();
        let dir = self.objects.parts_dir(&upload_id)?;
        tokio::fs::create_dir_all(&dir).await.map_err(unavailable)?;
        let pending = PendingUpload {
            bucket: self.bucket.clone(),
            key: key.to_owned(),
            content_type: content_type.to_owned(),
        };
        let json = serde_json::to_vec(&pending).map_err(StorageError::internal)?;
        tokio::fs::write(dir.join("upload.json"), json)
            .await
            .map_err(unavailable)?;
        Ok(upload_id)
    }

    async fn presign_part(
        &self,
        key: &str,
        upload_id: &str,
        part_number: i32,
        size: u64,
        ttl: Duration,
    ) -> StorageResult<String> {
        let part = part_number.to_string();
        let size_text = size.to_string();
        Ok(self.objects.url(
            &self.bucket,
            key,
            &["PUT-PART", &self.bucket, key, upload_id, &part, &size_text],
            &format!("upload={upload_id}&part={part}&size={size}&"),
            ttl,
        ))
    }

    async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[CompletedPart],
    ) -> StorageResult<()> {
        let dir = self.objects.parts_dir(upload_id)?;
        let pending: PendingUpload = match tokio::fs::read(dir.join("upload.json")).await {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(StorageError::internal)?,
            Err(_) => return Err(no_such_upload()),
        };
        if pending.bucket != self.bucket || pending.key != key {
            return Err(no_such_upload());
        }
        let target = self.objects.temp_path();
        let mut out = tokio::fs::File::create(&target)
            .await
            .map_err(unavailable)?;
        for (index, part) in parts.iter().enumerate() {
            if part.part_number != index as i32 + 1 {
                let _ = tokio::fs::remove_file(&target).await;
                return Err(StorageError::InvalidParts(
                    "parts must be listed in order, numbered from 1".into(),
                ));
            }
            let path = dir.join(part.part_number.to_string());
            let mut file = match tokio::fs::File::open(&path).await {
                Ok(file) => file,
                Err(_) => {
                    let _ = tokio::fs::remove_file(&target).await;
                    return Err(StorageError::PartMissing(format!(
                        "part {} was never uploaded",
                        part.part_number
                    )));
                }
            };
            tokio::io::copy(&mut file, &mut out)
                .await
                .map_err(unavailable)?;
        }
        out.flush().await.map_err(unavailable)?;
        drop(out);
        self.objects
            .install(&self.bucket, key, &target, &pending.content_type)
            .await?;
        let _ = tokio::fs::remove_dir_all(&dir).await;
        Ok(())
    }

    async fn abort_multipart(&self, _key: &str, upload_id: &str) -> StorageResult<()> {
        let dir = self.objects.parts_dir(upload_id)?;
        match tokio::fs::remove_dir_all(dir).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn head(&self, key: &str) -> StorageResult<Option<ObjectInfo>> {
        self.objects.head(&self.bucket, key).await
    }

    async fn presign_get(&self, key: &str, ttl: Duration) -> StorageResult<String> {
        Ok(self
            .objects
            .url(&self.bucket, key, &["GET", &self.bucket, key], "", ttl))
    }

    async fn read(&self, key: &str, limit: usize) -> StorageResult<Bytes> {
        let path = self.objects.object_path(&self.bucket, key)?;
        let bytes = match tokio::fs::read(path).await {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(StorageError::NotFound);
            }
            Err(error) => return Err(unavailable(error)),
        };
        if bytes.len() > limit {
            return Err(StorageError::internal(anyhow::anyhow!(
                "{key} is larger than {limit} bytes"
            )));
        }
        Ok(bytes.into())
    }

    async fn put_bytes(&self, key: &str, bytes: Bytes, content_type: &str) -> StorageResult<()> {
        let temp = self.objects.temp_path();
        tokio::fs::write(&temp, &bytes).await.map_err(unavailable)?;
        self.objects
            .install(&self.bucket, key, &temp, content_type)
            .await
    }

    async fn put_file(&self, key: &str, file: &Path, content_type: &str) -> StorageResult<()> {
        self.objects
            .install(&self.bucket, key, file, content_type)
            .await
    }

    async fn download_to(&self, key: &str, file: &Path) -> StorageResult<()> {
        let path = self.objects.object_path(&self.bucket, key)?;
        tokio::fs::copy(path, file).await.map_err(unavailable)?;
        Ok(())
    }

    async fn list(&self, prefix: &str) -> StorageResult<Vec<String>> {
        let root = self.objects.root.join(&self.bucket);
        // Walk only the directory the prefix names (keys are paths).
        let start = match prefix.rfind('/') {
            Some(end) => root.join(&prefix[..end]),
            None => root.clone(),
        };
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut keys = Vec::new();
            let mut pending = vec![start];
            while let Some(dir) = pending.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        pending.push(path);
                    } else if let Ok(relative) = path.strip_prefix(&root) {
                        let key = relative.to_string_lossy().into_owned();
                        if key.starts_with(&prefix) {
                            keys.push(key);
                        }
                    }
                }
            }
            keys.sort();
            keys
        })
        .await
        .map_err(StorageError::internal)
    }

    async fn delete_prefix(&self, prefix: &str) -> StorageResult<usize> {
        let keys = self.list(prefix).await?;
        for key in &keys {
            self.delete(key).await?;
        }
        Ok(keys.len())
    }

    async fn delete(&self, key: &str) -> StorageResult<()> {
        let path = self.objects.object_path(&self.bucket, key)?;
        for path in [path, self.objects.meta_path(&self.bucket, key)] {
            match tokio::fs::remove_file(path).await {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(unavailable(error)),
            }
        }
        Ok(())
    }

    async fn ping(&self) -> StorageResult<()> {
        tokio::fs::metadata(&self.objects.root)
            .await
            .map(drop)
            .map_err(unavailable)
    }

    fn local_path(&self, key: &str) -> Option<PathBuf> {
        self.objects.object_path(&self.bucket, key).ok()
    }
}

fn no_such_upload() -> StorageError {
    StorageError::UploadNotFound
}

/// Bucket names and upload ids: one plain path segment.
fn check_name(name: &str) -> StorageResult<()> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err(StorageError::NotFound)
    }
}

/// Keys: relative paths of plain segments (no `..`, no hidden names).
fn check_key(key: &str) -> StorageResult<()> {
    let plain = !key.is_empty()
        && !key.contains('\\')
        && Path::new(key).components().all(|component| {
            matches!(component, Component::Normal(segment)
                if !segment.to_string_lossy().starts_with('.'))
        });
    if plain {
        Ok(())
    } else {
        Err(StorageError::NotFound)
    }
}

/// What the signed URLs of `/api/objects/…` allow (the HTTP edge streams the bodies).
impl LocalObjects {
    /// The file behind a signed GET, with its stored content type.
    pub async fn signed_read(
        &self,
        bucket: &str,
        key: &str,
        expires: i64,
        signature: &str,
    ) -> ApiResult<(PathBuf, Option<String>)> {
        self.signer
            .verify(&["GET", bucket, key], expires, signature)?;
        let info = self
            .head(bucket, key)
            .await?
            .ok_or(StorageError::NotFound)?;
        Ok((self.object_path(bucket, key)?, info.content_type))
    }

    /// Checks a signed PUT of a whole object of `declared` bytes and `content_type`.
    pub fn check_signed_put(
        &self,
        bucket: &str,
        key: &str,
        content_type: &str,
        declared: u64,
        expires: i64,
        signature: &str,
    ) -> ApiResult<()> {
        let declared = declared.to_string();
        self.signer.verify(
            &["PUT", bucket, key, content_type, &declared],
            expires,
            signature,
        )
    }

    /// Checks a signed PUT of one part of a multipart upload that is still pending for this
    /// object; the directory its parts go to.
    pub async fn check_signed_part(
        &self,
        bucket: &str,
        key: &str,
        part: &SignedPart<'_>,
    ) -> ApiResult<PathBuf> {
        let SignedPart {
            upload,
            number,
            size,
            expires,
            signature,
        } = *part;
        let number = number.to_string();
        let size = size.to_string();
        self.signer.verify(
            &["PUT-PART", bucket, key, upload, &number, &size],
            expires,
            signature,
        )?;
        check_name(upload)?;
        let dir = self.parts_dir(upload)?;
        let pending: Option<PendingUpload> = tokio::fs::read(dir.join("upload.json"))
            .await
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        if pending.is_none_or(|pending| pending.key != key || pending.bucket != bucket) {
            return Err(no_such_upload().into());
        }
        Ok(dir)
    }

    /// Moves a received part (written to `temp`) into its upload's directory.
    pub async fn install_part(&self, dir: &Path, part: i32, temp: &Path) -> ApiResult<()> {
        tokio::fs::rename(temp, dir.join(part.to_string()))
            .await
            .map_err(|error| unavailable(error).into())
    }
}
