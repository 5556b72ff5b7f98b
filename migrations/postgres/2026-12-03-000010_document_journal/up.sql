-- The embedded profile's edit journal (production keeps edits in the Redis stream): every
-- accepted edit is written here before anyone sees it, replayed after the newest snapshot
-- when the document loads, and deleted once a snapshot covers it. Ids are stream ids
-- (`ms-seq`), kept as two numbers so they sort.
CREATE TABLE document_journal (
    doc_key   TEXT NOT NULL,
    id_ms     BIGINT NOT NULL,
    id_seq    BIGINT NOT NULL,
    user_id   TEXT NOT NULL,
    update_v1 BYTEA NOT NULL,
    PRIMARY KEY (doc_key, id_ms, id_seq)
);
