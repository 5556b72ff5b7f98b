//! `/api/objects/{bucket}/{key}`: the local object store's signed reads (with HTTP ranges)
//! and uploads (streamed to disk), standing in for S3's presigned URLs on a laptop.

use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::http::state::AppState;
use crate::media::storage::{LocalObjects, SignedPart, unavailable};

#[derive(Debug, Deserialize)]
pub struct Signed {
    expires: i64,
    sig: String,
    size: Option<u64>,
    upload: Option<String>,
    part: Option<i32>,
}

fn objects(state: &AppState) -> ApiResult<&LocalObjects> {
    state
        .media
        .stores
        .local
        .as_deref()
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such endpoint"))
}

/// Serves an object to the holder of a signed URL, with HTTP ranges.
pub async fn get(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<Signed>,
) -> ApiResult<HttpResponse> {
    let (bucket, key) = path.into_inner();
    let (path, content_type) = objects(&state)?
        .signed_read(&bucket, &key, query.expires, &query.sig)
        .await?;
    let file = NamedFile::open_async(path).await.map_err(unavailable)?;
    let file = match content_type.and_then(|text| text.parse().ok()) {
        Some(mime) => file.set_content_type(mime),
        None => file,
    };
    let mut response = file.use_etag(true).into_response(&request);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, max-age=300"),
    );
    Ok(response)
}

/// Receives a whole object or one part of a multipart upload, streaming it to disk.
pub async fn put(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<Signed>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let objects = objects(&state)?;
    let (bucket, key) = path.into_inner();
    let max = state.settings.storage.max_upload_bytes;
    if let (Some(upload), Some(part)) = (&query.upload, query.part) {
        let declared = query.size.unwrap_or(max);
        let signed = SignedPart {
            upload,
            number: part,
            size: declared,
            expires: query.expires,
            signature: &query.sig,
        };
        let dir = objects.check_signed_part(&bucket, &key, &signed).await?;
        let temp = objects.temp_path();
        let size = receive(payload, &temp, declared).await?;
        if size != declared {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(ApiError::new(
                ErrorCode::PutSizeMismatch,
                format!("part {part} was declared as {declared} bytes but {size} arrived"),
            ));
        }
        objects.install_part(&dir, part, &temp).await?;
        return Ok(HttpResponse::Ok()
            .insert_header((header::ETAG, format!("\"{part}-{size}\"")))
            .finish());
    }
    let declared = query
        .size
        .ok_or_else(|| ApiError::new(ErrorCode::BadSignature, "this link is not valid"))?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    objects.check_signed_put(
        &bucket,
        &key,
        &content_type,
        declared,
        query.expires,
        &query.sig,
    )?;
    let temp = objects.temp_path();
    let size = receive(payload, &temp, declared).await?;
    if size != declared {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(ApiError::new(
            ErrorCode::PutSizeMismatch,
            format!("the upload was declared as {declared} bytes but {size} arrived"),
        ));
    }
    objects.install(&bucket, &key, &temp, &content_type).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{size}\"")))
        .finish())
}

/// Streams the body into `file`, refusing more than `limit` bytes; the byte count.
async fn receive(mut payload: web::Payload, file: &std::path::Path, limit: u64) -> ApiResult<u64> {
    let mut out = tokio::fs::File::create(file).await.map_err(unavailable)?;
    let mut size = 0u64;
    let outcome: ApiResult<()> = async {
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|error| ApiError::new(ErrorCode::UploadInterrupted, error.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(ApiError::new(
                    ErrorCode::UploadTooLarge,
                    format!("more than the {limit} bytes this upload allows"),
                ));
            }
            out.write_all(&chunk).await.map_err(unavailable)?;
        }
        Ok(out.flush().await.map_err(unavailable)?)
    }
    .await;
    if let Err(error) = outcome {
        drop(out);
        let _ = tokio::fs::remove_file(file).await;
        return Err(error);
    }
    Ok(size)
}
