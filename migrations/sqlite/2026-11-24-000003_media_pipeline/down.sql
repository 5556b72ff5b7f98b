DROP INDEX videos_status;
ALTER TABLE snapshot_images DROP COLUMN size_bytes;
ALTER TABLE snapshot_images DROP COLUMN content_type;
ALTER TABLE videos DROP COLUMN transcode_percent;
ALTER TABLE videos DROP COLUMN transcode_job_id;
ALTER TABLE videos DROP COLUMN upload_id;
ALTER TABLE videos DROP COLUMN size_bytes;
ALTER TABLE videos DROP COLUMN content_type;
