-- Annotations: highlights, comments, questions, assessments and replies on a document, served as
-- W3C Web Annotations. Positions count Unicode code points of document.body.
CREATE TABLE annotation (
    id            uuid          PRIMARY KEY,
    document_id   uuid          NOT NULL REFERENCES document (id),
    author_id     uuid          NOT NULL REFERENCES app_user (id),
    -- NULL for a private note; replies copy group and visibility from their thread root
    group_id      uuid          REFERENCES classroom_group (id),
    visibility    varchar(16)   NOT NULL CHECK (visibility IN ('group', 'private')),
    motivation    varchar(16)   NOT NULL
                  CHECK (motivation IN ('highlighting', 'commenting', 'questioning', 'assessing', 'replying')),
    parent_id     uuid          REFERENCES annotation (id),
    root_id       uuid          NOT NULL REFERENCES annotation (id),
    -- the text anchor; NULL for replies, whose target is the parent annotation
    start_pos     integer,
    end_pos       integer,
    exact         text,
    prefix        varchar(400),
    suffix        varchar(400),
    -- the validated, normalised W3C body array (comments, tags, assessment, sources)
    body          jsonb         NOT NULL,
    canonical     varchar(2000),
    via           varchar(2000),
    version       integer       NOT NULL,
    created_at    timestamptz   NOT NULL,
    modified_at   timestamptz   NOT NULL,
    deleted_at    timestamptz,
    CONSTRAINT annotation_visibility_group CHECK ((visibility = 'group') = (group_id IS NOT NULL)),
    CONSTRAINT annotation_anchor CHECK (
        (parent_id IS NULL AND start_pos IS NOT NULL AND end_pos IS NOT NULL AND exact IS NOT NULL
             AND start_pos >= 0 AND start_pos < end_pos)
        OR (parent_id IS NOT NULL AND start_pos IS NULL AND end_pos IS NULL AND exact IS NULL)),
    CONSTRAINT annotation_reply_motivation CHECK ((parent_id IS NOT NULL) = (motivation = 'replying')),
    CONSTRAINT annotation_body_array CHECK (jsonb_typeof(body) = 'array')
);
-- the container page: one document, live annotations, in creation order
CREATE INDEX annotation_document_idx ON annotation (document_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX annotation_group_idx ON annotation (group_id);
CREATE INDEX annotation_author_idx ON annotation (author_id);
CREATE INDEX annotation_root_idx ON annotation (root_id);
CREATE INDEX annotation_body_idx ON annotation USING gin (body jsonb_path_ops);

-- Every edit and the delete keep the version they replaced, whole, with who and when.
CREATE TABLE annotation_revision (
    id             bigserial    PRIMARY KEY,
    annotation_id  uuid         NOT NULL REFERENCES annotation (id),
    version        integer      NOT NULL,
    snapshot       jsonb        NOT NULL,
    replaced_by    uuid         NOT NULL REFERENCES app_user (id),
    replaced_at    timestamptz  NOT NULL,
    reason         varchar(16)  NOT NULL CHECK (reason IN ('update', 'delete')),
    CONSTRAINT annotation_revision_unique UNIQUE (annotation_id, version)
);
