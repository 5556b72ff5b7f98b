-- Invite links: a host shares a link that lets whoever opens it (signed in) join the space.
-- The link carries a random secret; only its SHA-256 (hex) is stored. A link is refused
-- once revoked (`revoked_at`) or past `expires_at`; the row stays so the refusal can say why.
-- (Invitations by email stay rows of `participants` with `user_id` NULL: since this
-- migration they are offers the invitee accepts or declines, not bound at sign-in.)
CREATE TABLE invite_links (
    id         TEXT PRIMARY KEY,
    space_id   TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    uses       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invite_links_space_id ON invite_links (space_id);
