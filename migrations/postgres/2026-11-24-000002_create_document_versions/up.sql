-- Document history for the embedded profile (production keeps it in DynamoDB): one row per
-- snapshot of a collaborative document, its state compressed (deflate).
CREATE TABLE document_versions (
    doc_key      TEXT NOT NULL,
    version      BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    name         TEXT,
    contributors TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    stream_id    TEXT NOT NULL,
    state        BYTEA NOT NULL,
    PRIMARY KEY (doc_key, version)
);
