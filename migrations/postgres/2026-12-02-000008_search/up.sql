-- The search index: passages of text that can be found, each tied to a video (and so to a
-- space), and for a private layer to its owner's individual video. Rows go with their video
-- or individual video (cascade), hence with the space and the account too.
-- Substring search (Korean included) through trigrams: pg_trgm's GIN index serves ILIKE.
-- pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it, and RDS
-- offers it. It lives in `public` so that every schema's migrations find its operator class.
-- The advisory lock serialises concurrent first creations (parallel test schemas).
SELECT pg_advisory_xact_lock(7402871500);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE search_entries (
    id                  BIGSERIAL PRIMARY KEY,
    video_id            TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    -- Set for a private layer (`note-{individualVideoId}`): only its owner finds it.
    individual_video_id TEXT REFERENCES individual_videos (id) ON DELETE CASCADE,
    kind                TEXT NOT NULL
        CHECK (kind IN ('title', 'description', 'memo', 'comment', 'bookmark')),
    body                TEXT NOT NULL,
    -- The video time the passage belongs to (a timestamp chip, a bookmark, a comment).
    time_ms             BIGINT
);
CREATE INDEX search_entries_video_id ON search_entries (video_id);
CREATE INDEX search_entries_individual_video_id ON search_entries (individual_video_id);
CREATE INDEX search_entries_body_trgm ON search_entries USING gin (body public.gin_trgm_ops);

-- The videos that exist already are found by title and description from now on.
INSERT INTO search_entries (video_id, kind, body)
    SELECT id, 'title', title FROM videos WHERE title <> '';
INSERT INTO search_entries (video_id, kind, body)
    SELECT id, 'description', description FROM videos WHERE description <> '';
