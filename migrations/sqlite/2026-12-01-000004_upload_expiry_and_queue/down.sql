DROP INDEX videos_upload_expires_at;
ALTER TABLE videos DROP COLUMN queue_position;
ALTER TABLE videos DROP COLUMN upload_expires_at;
