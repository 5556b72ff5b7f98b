-- Where each participant's "continue" resumes: whole seconds into the video.
ALTER TABLE individual_videos ADD COLUMN last_position_secs INTEGER NOT NULL DEFAULT 0;
