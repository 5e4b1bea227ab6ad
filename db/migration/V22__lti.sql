-- LTI 1.3 (issue 23, lti/): the learning platforms (LMSs) an admin registered, Scholion's own signing
-- keys, the logins in flight, the LMS's users and courses as Scholion users and groups, and the browser
-- sessions a launch opens.

-- One registration of Scholion in a platform: (issuer, client id). A launch names one of its deployments.
-- Removing a platform keeps the row (removed_at): its users, courses and their work stay; its launches
-- are refused from then on.
CREATE TABLE lti_platform (
    id                uuid          PRIMARY KEY,
    name              varchar(120)  NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    issuer            varchar(1000) NOT NULL,
    client_id         varchar(255)  NOT NULL,
    authorization_url varchar(2000) NOT NULL,
    token_url         varchar(2000) NOT NULL,
    jwks_url          varchar(2000) NOT NULL,
    -- how it came: typed by an admin, or exchanged by LTI Dynamic Registration (confirmed by an admin)
    registration      varchar(16)   NOT NULL CHECK (registration IN ('manual', 'dynamic')),
    registered_by     uuid          NOT NULL REFERENCES app_user (id),
    registered_at     timestamptz   NOT NULL DEFAULT now(),
    removed_by        uuid          REFERENCES app_user (id),
    removed_at        timestamptz,
    CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE UNIQUE INDEX lti_platform_client_idx ON lti_platform (issuer, client_id) WHERE removed_at IS NULL;

CREATE TABLE lti_deployment (
    platform_id   uuid         NOT NULL REFERENCES lti_platform (id),
    deployment_id varchar(255) NOT NULL,
    PRIMARY KEY (platform_id, deployment_id)
);

-- Scholion's signing keys (RS256) as JWKs with their private parts. The newest key not retired signs;
-- a retired key stays published at /lti/jwks for the overlap after retired_at, so what it signed
-- still verifies where a platform cached it.
CREATE TABLE lti_tool_key (
    kid         varchar(64) PRIMARY KEY,
    private_jwk text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);

-- A login in flight: the platform's login initiation, its authorization answer (the launch), and the
-- browser's proof that it started the login. Only hashes of the state, of the browser's binding
-- secret and of the launch's handle are kept. The nonce is used once: launched_at.
CREATE TABLE lti_login (
    state_hash    bytea         PRIMARY KEY,
    platform_id   uuid          NOT NULL REFERENCES lti_platform (id),
    nonce         varchar(64)   NOT NULL,
    binding_hash  bytea         NOT NULL,
    -- the platform offered its client-side storage (lti_storage_target): the state is kept there too
    storage       boolean       NOT NULL,
    -- the initiation's parameters (iss, login_hint, …): to start the same launch again in a new tab
    initiation    jsonb         NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    expires_at    timestamptz   NOT NULL,
    launched_at   timestamptz,
    handle_hash   bytea         UNIQUE,
    -- the verified launch, waiting for the browser's same-site request that completes it
    launch        jsonb,
    completed_at  timestamptz,
    -- a deep-linking request is answered once (the signed LtiDeepLinkingResponse sent back)
    answered_at   timestamptz
);
CREATE INDEX lti_login_expiry_idx ON lti_login (expires_at);

-- An LMS user is an ordinary Scholion user (app_user, whose subject is 'lti:' and a hash of the
-- platform and sub), keyed by (platform, sub).
CREATE TABLE lti_account (
    user_id     uuid         PRIMARY KEY REFERENCES app_user (id),
    platform_id uuid         NOT NULL REFERENCES lti_platform (id),
    sub         varchar(255) NOT NULL,
    email       varchar(320),
    CONSTRAINT lti_account_sub_unique UNIQUE (platform_id, sub)
);

-- An LMS course (context) is one Scholion group; its services, where the launches name them.
CREATE TABLE lti_context (
    platform_id     uuid          NOT NULL REFERENCES lti_platform (id),
    context_id      varchar(255)  NOT NULL,
    group_id        uuid          NOT NULL REFERENCES classroom_group (id),
    memberships_url varchar(2000),
    lineitems_url   varchar(2000),
    synced_at       timestamptz,
    PRIMARY KEY (platform_id, context_id),
    CONSTRAINT lti_context_group_unique UNIQUE (group_id)
);

-- A gradebook column of a course (AGS line item) bound to a reading of its group: the reading's
-- participation score goes there. Learnt from the launches that name it (their lineitem claim).
CREATE TABLE lti_line_item (
    id              uuid          PRIMARY KEY,
    platform_id     uuid          NOT NULL REFERENCES lti_platform (id),
    url             varchar(2000) NOT NULL,
    group_id        uuid          NOT NULL REFERENCES classroom_group (id),
    document_id     uuid          NOT NULL REFERENCES document (id),
    resource_link_id varchar(255),
    score_maximum   numeric(10,2),
    -- the platform's details were read (score maximum, end date)
    read_at         timestamptz,
    -- the last live_event seen for the reading in this group: later ones may change scores
    event_cursor    bigint        NOT NULL DEFAULT 0,
    -- everything was computed again at or after this time (overrides and rubrics make no live event)
    scored_at       timestamptz,
    -- the scores were posted as final at the reading's due date
    due_posted_at   timestamptz,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT lti_line_item_url_unique UNIQUE (platform_id, url)
);

-- The outbox of scores for the platforms' gradebooks: written in the transaction that computed them,
-- sent after commit in order per student and line item, retried with backoff; kept after sending.
CREATE TABLE lti_score (
    id              bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    line_item_id    uuid          NOT NULL REFERENCES lti_line_item (id),
    user_id         uuid          NOT NULL REFERENCES app_user (id),
    score_given     numeric(10,2) NOT NULL,
    score_maximum   numeric(10,2) NOT NULL,
    activity        varchar(16)   NOT NULL CHECK (activity IN ('InProgress', 'Completed')),
    -- the score's timestamp (AGS: a platform keeps a score only if it is newer than the one it has)
    at              timestamptz   NOT NULL DEFAULT clock_timestamp(),
    attempts        int           NOT NULL DEFAULT 0,
    next_attempt_at timestamptz   NOT NULL DEFAULT now(),
    last_error      varchar(500),
    sent_at         timestamptz
);
CREATE INDEX lti_score_pending_idx ON lti_score (next_attempt_at, id) WHERE sent_at IS NULL;
CREATE INDEX lti_score_latest_idx ON lti_score (line_item_id, user_id, id);

-- The browser sessions launches opened: the cookie carries a secret, only its hash is here.
CREATE TABLE lti_session (
    secret_hash bytea       PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES app_user (id),
    platform_id uuid        NOT NULL REFERENCES lti_platform (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    ended_at    timestamptz,
    -- the origins that may show Scholion in a frame for this session (CSP frame-ancestors): the
    -- platform's and its launch's return URL's (Canvas serves a school's pages from another host than its issuer)
    frame_origins varchar(2000) NOT NULL DEFAULT ''
);
CREATE INDEX lti_session_user_idx ON lti_session (user_id);
CREATE INDEX lti_session_expiry_idx ON lti_session (expires_at);
