-- Documents: the texts a class reads. Positions into `body` are Unicode code points.
CREATE TABLE document (
    id           uuid         PRIMARY KEY,
    slug         varchar(120) NOT NULL,
    title        varchar(300) NOT NULL,
    published    date,
    body         text         NOT NULL,
    body_length  integer      NOT NULL CHECK (body_length >= 0),
    sha256       varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT document_slug_unique UNIQUE (slug),
    CONSTRAINT document_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);

-- Users as Keycloak knows them, recorded on first sign-in so other rows can reference them.
CREATE TABLE app_user (
    id            uuid         PRIMARY KEY,
    subject       varchar(255) NOT NULL,
    username      varchar(255) NOT NULL,
    display_name  varchar(255) NOT NULL,
    first_seen_at timestamptz  NOT NULL DEFAULT now(),
    last_seen_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT app_user_subject_unique UNIQUE (subject)
);
CREATE INDEX app_user_username_idx ON app_user (username);
