-- Readings (issue 18): instructors bring their own texts, revise them and assign them to groups.
--
-- 1. A document is now metadata and a sequence of immutable revisions. Its text moves to
--    document_revision; `document.revision` names the current one. The shipped essay becomes
--    revision 1 of itself, public, owned by nobody (only admins revise it), at the same slug and id.
CREATE TABLE document_revision (
    document_id  uuid         NOT NULL REFERENCES document (id),
    n            integer      NOT NULL CHECK (n >= 1),
    -- how the text was given: text (plain), markdown, html or pdf
    format       varchar(16)  NOT NULL CHECK (format IN ('text', 'markdown', 'html', 'pdf')),
    -- the canonical text: every W3C selector counts its Unicode code points
    body         text         NOT NULL,
    body_length  integer      NOT NULL CHECK (body_length >= 0),
    sha256       varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- formatted sources: sanitised HTML whose DOM textContent is exactly `body`
    rendition    text,
    -- PDF: the code-point offset in `body` where each page starts
    pages        integer[],
    created_at   timestamptz  NOT NULL DEFAULT now(),
    created_by   uuid         REFERENCES app_user (id),
    PRIMARY KEY (document_id, n)
);

-- The file a revision was made from, kept as uploaded (apart from the revision: read rarely).
CREATE TABLE document_original (
    document_id  uuid         NOT NULL,
    n            integer      NOT NULL,
    media_type   varchar(100) NOT NULL,
    filename     varchar(255),
    bytes        bytea        NOT NULL,
    PRIMARY KEY (document_id, n),
    FOREIGN KEY (document_id, n) REFERENCES document_revision (document_id, n)
);

INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_at)
SELECT id, 1, 'text', body, body_length, sha256, created_at FROM document;

ALTER TABLE document
    DROP COLUMN body,
    DROP COLUMN body_length,
    DROP COLUMN sha256,
    ADD COLUMN revision  integer       NOT NULL DEFAULT 1,
    -- who brought it; null for the documents the project ships (admins manage those)
    ADD COLUMN owner_id  uuid          REFERENCES app_user (id),
    -- public: every signed-in user reads it; else its owner, admins and members of groups it is assigned to
    ADD COLUMN is_public boolean       NOT NULL DEFAULT false,
    ADD COLUMN authors   varchar(300)[] NOT NULL DEFAULT '{}',
    -- a URL or DOI where the reading comes from
    ADD COLUMN source    varchar(2000),
    ADD COLUMN licence   varchar(1000);
ALTER TABLE document ALTER COLUMN revision DROP DEFAULT;
UPDATE document SET is_public = true;
ALTER TABLE document ADD CONSTRAINT document_current_revision
    FOREIGN KEY (id, revision) REFERENCES document_revision (document_id, n) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX document_owner_idx ON document (owner_id);

-- 2. Reading lists: a document assigned to a group, with an optional due date, instructions and a
--    reveal rule (peers' annotations stay hidden from a student until they posted reveal_after of
--    their own, or until the due date).
CREATE TABLE reading (
    group_id      uuid          NOT NULL REFERENCES classroom_group (id),
    document_id   uuid          NOT NULL REFERENCES document (id),
    due           timestamptz,
    instructions  varchar(4000),
    reveal_after  integer       CHECK (reveal_after BETWEEN 1 AND 100),
    assigned_by   uuid          NOT NULL REFERENCES app_user (id),
    assigned_at   timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, document_id)
);
CREATE INDEX reading_document_idx ON reading (document_id, group_id);

-- 3. Each annotation records the revision its selectors hold for, and how its last re-anchoring
--    went. Every existing annotation was made on revision 1 and is exactly where it was.
ALTER TABLE annotation
    ADD COLUMN revision   integer     NOT NULL DEFAULT 1,
    ADD COLUMN anchoring  varchar(8)  NOT NULL DEFAULT 'exact' CHECK (anchoring IN ('exact', 'fuzzy', 'orphaned'));
ALTER TABLE annotation ALTER COLUMN revision DROP DEFAULT;
CREATE INDEX annotation_revision_idx ON annotation (document_id, revision);

-- Re-anchoring keeps what it replaced in the annotation's history, like an edit.
ALTER TABLE annotation_revision DROP CONSTRAINT annotation_revision_reason_check;
ALTER TABLE annotation_revision ADD CONSTRAINT annotation_revision_reason_check
    CHECK (reason IN ('update', 'delete', 'reanchor'));
