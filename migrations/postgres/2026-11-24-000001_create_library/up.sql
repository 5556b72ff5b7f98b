-- The library: users, spaces with their participants, videos, each participant's own copy
-- of a video (progress, notes), snapshot images and external-account connections.
-- Ids are opaque text (UUIDv7); timestamps are set by the application, in UTC.

CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    picture_url TEXT,
    google_sub  TEXT UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE spaces (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    host_id     TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX spaces_host_id ON spaces (host_id);

-- One row per invitation. `user_id` is NULL until the invited email signs in for the first
-- time; then the row is bound to that user.
CREATE TABLE participants (
    id         TEXT PRIMARY KEY,
    space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    user_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    is_host    BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    joined_at  TIMESTAMP,
    UNIQUE (space_id, email)
);
CREATE INDEX participants_user_id ON participants (user_id);
CREATE INDEX participants_email ON participants (email);

CREATE TABLE videos (
    id            TEXT PRIMARY KEY,
    space_id      TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    uploader_id   TEXT REFERENCES users (id) ON DELETE SET NULL,
    status        TEXT NOT NULL
        CHECK (status IN ('awaiting_upload', 'uploaded', 'transcoding', 'ready', 'failed')),
    status_reason TEXT,
    duration_ms   BIGINT,
    source_key    TEXT,
    playback_key  TEXT,
    thumbnail_key TEXT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX videos_space_id ON videos (space_id);

CREATE TABLE individual_videos (
    id               TEXT PRIMARY KEY,
    video_id         TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    progress_percent INTEGER NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    last_accessed_at TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (video_id, user_id)
);
CREATE INDEX individual_videos_user_id ON individual_videos (user_id);

CREATE TABLE snapshot_images (
    id                  TEXT PRIMARY KEY,
    individual_video_id TEXT NOT NULL REFERENCES individual_videos (id) ON DELETE CASCADE,
    video_time_ms       BIGINT NOT NULL,
    object_key          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX snapshot_images_individual_video_id ON snapshot_images (individual_video_id);

-- OAuth connections to other services (Webex). Tokens are stored encrypted by the application.
CREATE TABLE external_accounts (
    id                       TEXT PRIMARY KEY,
    user_id                  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider                 TEXT NOT NULL,
    external_id              TEXT,
    access_token_ciphertext  BYTEA NOT NULL,
    refresh_token_ciphertext BYTEA,
    expires_at               TIMESTAMP,
    scopes                   TEXT NOT NULL,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    UNIQUE (user_id, provider)
);
