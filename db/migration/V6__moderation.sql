-- Moderation and evidence review (issue 10).
--
-- Nothing here is ever deleted by a user action: hiding, rejecting, withdrawing an upvote or a
-- review and resolving a flag are states or new rows, and moderation_log refuses UPDATE and DELETE.

-- 1. Group settings, controlled by the group's moderators. They live on the group row, so a change
--    moves the group's change number and with it every member's container validator.
ALTER TABLE classroom_group
    ADD COLUMN require_sources       boolean NOT NULL DEFAULT false,
    ADD COLUMN pre_moderation        boolean NOT NULL DEFAULT false,
    ADD COLUMN hide_peers_until_post boolean NOT NULL DEFAULT false;

-- 2. What moderation says about an annotation: columns of the annotation row, so every moderation
--    change is an UPDATE of the row (its change number moves: ETags, validators, live updates).
ALTER TABLE annotation
    ADD COLUMN moderation        varchar(16) NOT NULL DEFAULT 'visible'
                                 CHECK (moderation IN ('visible', 'pending', 'hidden')),
    -- why it was hidden, shown to its author; null unless hidden
    ADD COLUMN moderation_reason varchar(1000),
    ADD COLUMN moderated_at      timestamptz,
    ADD COLUMN moderated_by      uuid REFERENCES app_user (id),
    -- an annotation above it in its thread is hidden or pending (kept by the services, see Threads)
    ADD COLUMN thread_concealed  boolean NOT NULL DEFAULT false,
    -- written by a moderator (or an admin) of its group: stays visible when peers are held back
    ADD COLUMN by_moderator      boolean NOT NULL DEFAULT false,
    -- the group has seen it at some time (false while a new annotation waits for its first
    -- approval): only then does holding it back withdraw something from its readers (live updates)
    ADD COLUMN ever_visible      boolean NOT NULL DEFAULT true,
    -- on a thread's first annotation: no more replies from members
    ADD COLUMN locked_at         timestamptz,
    ADD COLUMN locked_by         uuid REFERENCES app_user (id),
    ADD COLUMN endorsed_at       timestamptz,
    ADD COLUMN endorsed_by       uuid REFERENCES app_user (id),
    -- the last source review (the reviews are rows of source_review; this moves the row)
    ADD COLUMN reviewed_at       timestamptz,
    ADD COLUMN upvotes           integer NOT NULL DEFAULT 0 CHECK (upvotes >= 0),
    ADD CONSTRAINT annotation_moderation_reason CHECK ((moderation = 'hidden') = (moderation_reason IS NOT NULL)),
    ADD CONSTRAINT annotation_private_unmoderated CHECK (visibility = 'group' OR moderation = 'visible');

UPDATE annotation a SET by_moderator = true
 WHERE EXISTS (SELECT 1 FROM membership m WHERE m.group_id = a.group_id AND m.user_id = a.author_id AND m.role = 'moderator');

-- The listing and its validator read what the visibility rule needs from the index.
DROP INDEX annotation_listing_idx;
CREATE INDEX annotation_listing_idx ON annotation (document_id, created_at, id)
    INCLUDE (change_seq, modified_at, group_id, author_id, visibility, moderation, thread_concealed, by_moderator, upvotes)
    WHERE deleted_at IS NULL;
-- "has the viewer posted on this document in this group?" (hide peers until you post)
CREATE INDEX annotation_poster_idx ON annotation (document_id, group_id, author_id) WHERE deleted_at IS NULL;

-- 3. Flags: at most one open flag per user and annotation. A moderator's decision resolves the
--    open flags (the row stays); a later flag by the same user is a new row. document_id and
--    group_id are copied from the annotation so that a container validator finds the flags of its
--    document in one index lookup.
CREATE TABLE annotation_flag (
    id             bigserial     PRIMARY KEY,
    annotation_id  uuid          NOT NULL REFERENCES annotation (id),
    document_id    uuid          NOT NULL REFERENCES document (id),
    group_id       uuid          NOT NULL REFERENCES classroom_group (id),
    flagger_id     uuid          NOT NULL REFERENCES app_user (id),
    reason         varchar(16)   NOT NULL CHECK (reason IN ('spam', 'offensive', 'off-topic', 'misinformation', 'other')),
    note           varchar(1000),
    flagged_at     timestamptz   NOT NULL,
    resolved_at    timestamptz,
    resolved_by    uuid          REFERENCES app_user (id),
    resolution     varchar(16)   CHECK (resolution IN ('hidden', 'dismissed')),
    change_seq     bigint        NOT NULL DEFAULT nextval('change_seq'),
    CONSTRAINT annotation_flag_other_note CHECK (reason <> 'other' OR note IS NOT NULL),
    CONSTRAINT annotation_flag_resolution CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
CREATE UNIQUE INDEX annotation_flag_open ON annotation_flag (annotation_id, flagger_id) WHERE resolved_at IS NULL;
CREATE INDEX annotation_flag_annotation_idx ON annotation_flag (annotation_id);
CREATE INDEX annotation_flag_document_idx ON annotation_flag (document_id, group_id) INCLUDE (flagger_id, change_seq);
CREATE TRIGGER annotation_flag_change_seq BEFORE UPDATE ON annotation_flag
    FOR EACH ROW EXECUTE FUNCTION take_change_seq();

-- 4. Upvotes ("helpful"): one per user and annotation; withdrawing one is a state, not a delete.
--    annotation.upvotes is the count of the standing ones, kept in the same transaction.
CREATE TABLE annotation_upvote (
    annotation_id  uuid         NOT NULL REFERENCES annotation (id),
    user_id        uuid         NOT NULL REFERENCES app_user (id),
    upvoted_at     timestamptz  NOT NULL,
    withdrawn_at   timestamptz,
    PRIMARY KEY (annotation_id, user_id)
);

-- 5. Source reviews: a moderator's verdict on one source (by its stable id inside the annotation,
--    so the review survives edits). Append-only: the latest row of a source is its review; a row
--    without a verdict withdraws it.
CREATE TABLE source_review (
    id             bigserial     PRIMARY KEY,
    annotation_id  uuid          NOT NULL REFERENCES annotation (id),
    source_id      uuid          NOT NULL,
    verdict        varchar(24)   CHECK (verdict IN ('verified', 'does-not-support', 'unreliable')),
    note           varchar(1000),
    reviewer_id    uuid          NOT NULL REFERENCES app_user (id),
    reviewed_at    timestamptz   NOT NULL
);
CREATE INDEX source_review_annotation_idx ON source_review (annotation_id, source_id, id);

-- 6. The moderation log: who did what to what, when, before and after, and why. Append-only.
CREATE TABLE moderation_log (
    id             bigserial     PRIMARY KEY,
    group_id       uuid          NOT NULL REFERENCES classroom_group (id),
    annotation_id  uuid          REFERENCES annotation (id),
    source_id      uuid,
    actor_id       uuid          NOT NULL REFERENCES app_user (id),
    action         varchar(32)   NOT NULL,
    before_value   varchar(1000),
    after_value    varchar(1000),
    reason         varchar(1000),
    at             timestamptz   NOT NULL
);
CREATE INDEX moderation_log_group_idx ON moderation_log (group_id, id);
CREATE INDEX moderation_log_annotation_idx ON moderation_log (annotation_id, id);

CREATE FUNCTION moderation_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'moderation_log is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
    FOR EACH ROW EXECUTE FUNCTION moderation_log_is_append_only();
CREATE TRIGGER moderation_log_no_truncate BEFORE TRUNCATE ON moderation_log
    FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_is_append_only();
