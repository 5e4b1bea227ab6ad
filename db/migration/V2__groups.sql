-- Classroom groups: what a student writes in a group is seen by that group and nobody else.
CREATE TABLE classroom_group (
    id           uuid          PRIMARY KEY,
    name         varchar(120)  NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    description  varchar(2000) NOT NULL DEFAULT '',
    join_code    varchar(64)   NOT NULL,
    archived     boolean       NOT NULL DEFAULT false,
    created_by   uuid          NOT NULL REFERENCES app_user (id),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT classroom_group_join_code_unique UNIQUE (join_code),
    CONSTRAINT classroom_group_join_code_length CHECK (length(join_code) >= 10)
);

-- One row per (group, user): the primary key makes concurrent joins with one code meet, not duplicate.
CREATE TABLE membership (
    group_id   uuid        NOT NULL REFERENCES classroom_group (id),
    user_id    uuid        NOT NULL REFERENCES app_user (id),
    role       varchar(16) NOT NULL CHECK (role IN ('moderator', 'member')),
    joined_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX membership_user_idx ON membership (user_id);

-- Who changed what in a group, kept forever (membership rows themselves are deleted on leave/remove).
CREATE TABLE group_audit (
    id          bigserial    PRIMARY KEY,
    group_id    uuid         NOT NULL REFERENCES classroom_group (id),
    actor_id    uuid         NOT NULL REFERENCES app_user (id),
    action      varchar(40)  NOT NULL,
    subject_id  uuid,
    detail      varchar(2000) NOT NULL DEFAULT '',
    at          timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX group_audit_group_idx ON group_audit (group_id, at);
