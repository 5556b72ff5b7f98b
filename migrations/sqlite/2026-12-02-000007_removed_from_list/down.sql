ALTER TABLE individual_videos DROP COLUMN removed_at;
