-- The search index: passages of text that can be found, each tied to a video (and so to a
-- space), and for a private layer to its owner's individual video. Rows go with their video
-- or individual video (cascade), hence with the space and the account too.
CREATE TABLE search_entries (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
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

-- Substring search (Korean included) through trigrams: an FTS5 index over `body` with the
-- trigram tokenizer (SQLite 3.34+; the bundled SQLite is 3.50), case-insensitive. It holds
-- no copy of the text (external content); the triggers keep it in step with every insert
-- and delete, cascades included. Only SQLite has it (tests/api/schema_drift.rs skips it).
CREATE VIRTUAL TABLE search_entries_fts USING fts5 (
    body, content = 'search_entries', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER search_entries_fts_insert AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_entries_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_entries_fts (search_entries_fts, rowid, body)
        VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER search_entries_fts_update AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_entries_fts (search_entries_fts, rowid, body)
        VALUES ('delete', old.id, old.body);
    INSERT INTO search_entries_fts (rowid, body) VALUES (new.id, new.body);
END;

-- The videos that exist already are found by title and description from now on.
INSERT INTO search_entries (video_id, kind, body)
    SELECT id, 'title', title FROM videos WHERE title <> '';
INSERT INTO search_entries (video_id, kind, body)
    SELECT id, 'description', description FROM videos WHERE description <> '';
