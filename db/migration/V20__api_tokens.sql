-- Personal API tokens (issue 22). A token acts as its owner within its scopes, so the owner's
-- realm roles (admin, instructor, student) are kept with the user at each sign-in: a request that
-- carries only a token has no Keycloak claims to read them from.
ALTER TABLE app_user ADD COLUMN roles text[] NOT NULL DEFAULT '{}';

-- The secret (sch_ + 43 characters of base64url, 256 random bits) is shown once and kept only as
-- its SHA-256: a leaked table does not let anyone act as the owners. `hint` is the secret's first
-- characters, so a user tells their tokens apart. A revoked token keeps its row (revoked_at),
-- like everything else here: the history says what acted and when.
CREATE TABLE api_token (
    id           uuid        PRIMARY KEY,
    owner_id     uuid        NOT NULL REFERENCES app_user (id),
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret_hash  bytea       NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    hint         text        NOT NULL,
    scopes       text[]      NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'moderate']),
    -- NULL: every group the owner is in; otherwise only these (their ids; no foreign key in an array)
    group_ids    uuid[]      CHECK (group_ids IS NULL OR cardinality(group_ids) > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX api_token_owner_idx ON api_token (owner_id, created_at);
