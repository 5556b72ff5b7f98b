-- Documents of deleted videos, spaces and accounts whose live copies (Redis keys) and
-- version history are still to be deleted. Written in the transaction that deletes the rows
-- they belong to; collab::forget deletes the rest after a grace period, then the row.
CREATE TABLE forgotten_documents (
    doc_key TEXT PRIMARY KEY NOT NULL,
    forgotten_at TIMESTAMP NOT NULL
);
