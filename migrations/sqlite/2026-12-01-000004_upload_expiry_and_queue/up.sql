-- When a video's upload URLs expire (the sweeper removes videos still awaiting their upload
-- after that), and its place in this instance's ffmpeg queue while it waits for a slot.
ALTER TABLE videos ADD COLUMN upload_expires_at TIMESTAMP;
ALTER TABLE videos ADD COLUMN queue_position INTEGER;
-- Uploads already waiting get a day from their last change before they count as abandoned
-- (diesel's text form of a timestamp).
UPDATE videos SET upload_expires_at = strftime('%Y-%m-%d %H:%M:%f', updated_at, '+1 day')
  WHERE status = 'awaiting_upload' AND content_type IS NOT NULL;
CREATE INDEX videos_upload_expires_at ON videos (upload_expires_at)
  WHERE status = 'awaiting_upload';
