-- The media pipeline: what was declared for an upload, a pending multipart upload, the
-- transcoding job and its progress; the stored form of snapshot images.
ALTER TABLE videos ADD COLUMN content_type TEXT;
ALTER TABLE videos ADD COLUMN size_bytes BIGINT;
ALTER TABLE videos ADD COLUMN upload_id TEXT;
ALTER TABLE videos ADD COLUMN transcode_job_id TEXT;
ALTER TABLE videos ADD COLUMN transcode_percent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE snapshot_images ADD COLUMN content_type TEXT NOT NULL DEFAULT 'image/png';
ALTER TABLE snapshot_images ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
CREATE INDEX videos_status ON videos (status);
