-- A participant may take a video off their own list ("My lectures"); it stays in the space,
-- with their notes and progress, and opening it again puts it back.
ALTER TABLE individual_videos ADD COLUMN removed_at TIMESTAMP NULL;
