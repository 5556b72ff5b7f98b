ALTER TABLE individual_videos DROP COLUMN last_position_secs;
