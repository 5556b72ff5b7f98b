//! Where a video's objects live in storage: its raw upload in the uploads bucket, and its
//! renditions and thumbnails in the media bucket, all under `videos/{videoId}/`.

/// Every object of a video starts with this.
pub fn media_prefix(video_id: &str) -> String {
    format!("videos/{video_id}/")
}

/// The raw upload, in the uploads bucket.
pub fn source_key(video_id: &str) -> String {
    format!("{}source", media_prefix(video_id))
}

/// The thumbnails of the visual index, one every `thumbnail_interval_secs`, in order.
pub fn thumbnails_prefix(video_id: &str) -> String {
    format!("{}thumbs/", media_prefix(video_id))
}
