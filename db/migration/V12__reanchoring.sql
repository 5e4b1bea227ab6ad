-- Re-anchoring (issue 18): publishing a revision moves every annotation of the document onto it,
-- once, on the server, as a job that survives restarts and shares its work between instances.
--
-- checked_revision: the latest revision the annotation has been re-anchored against. It equals
-- `revision` unless the annotation is an orphan, which keeps the selectors (and `revision`) of the
-- last revision it was anchored on. The job takes the annotations whose checked_revision is below
-- the new revision, a batch at a time (FOR UPDATE SKIP LOCKED), so nothing is done twice or skipped.
-- Every existing annotation was made on, and checked against, revision 1.
ALTER TABLE annotation
    ADD COLUMN checked_revision integer NOT NULL DEFAULT 1,
    -- a fuzzy re-anchoring moves the selectors to the edited text; the quote the author selected stays here
    ADD COLUMN original_exact   text;
ALTER TABLE annotation ALTER COLUMN checked_revision DROP DEFAULT;
CREATE INDEX annotation_reanchor_idx ON annotation (document_id, checked_revision) WHERE deleted_at IS NULL AND parent_id IS NULL;

-- One job per published revision that had annotations to move: its progress, kept when done.
CREATE TABLE reanchoring_job (
    document_id    uuid         NOT NULL,
    revision       integer      NOT NULL,
    from_revision  integer      NOT NULL,
    state          varchar(8)   NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
    total          integer      NOT NULL CHECK (total >= 0),
    done           integer      NOT NULL DEFAULT 0,
    exact          integer      NOT NULL DEFAULT 0,
    fuzzy          integer      NOT NULL DEFAULT 0,
    orphaned       integer      NOT NULL DEFAULT 0,
    published_by   uuid         NOT NULL REFERENCES app_user (id),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    PRIMARY KEY (document_id, revision),
    FOREIGN KEY (document_id, revision) REFERENCES document_revision (document_id, n)
);
CREATE INDEX reanchoring_job_running_idx ON reanchoring_job (created_at) WHERE state = 'running';

-- W3C clients grow a quote's prefix and suffix until it is unique: hundreds of code points, up to
-- 1,000 taken. A column used by the generated `weight` cannot change type in place, so weight and
-- the index that includes it are rebuilt around the change, with the original quote added to what
-- an annotation weighs on a container page (V8); otherwise unchanged.
DROP INDEX annotation_listing_idx;
ALTER TABLE annotation DROP COLUMN weight;
ALTER TABLE annotation ALTER COLUMN prefix TYPE varchar(1000), ALTER COLUMN suffix TYPE varchar(1000);
ALTER TABLE annotation ADD COLUMN weight integer GENERATED ALWAYS AS (
    octet_length(body::text)
    + 2 * (coalesce(octet_length(exact), 0) + coalesce(octet_length(prefix), 0) + coalesce(octet_length(suffix), 0)
           + coalesce(octet_length(original_exact), 0)
           + coalesce(octet_length(canonical), 0) + coalesce(octet_length(via), 0)
           + coalesce(octet_length(moderation_reason), 0))
    + coalesce(jsonb_array_length(body -> 'sources'), 0) * (128 + CASE WHEN reviewed_at IS NULL THEN 0 ELSE 4800 END)
) STORED;
CREATE INDEX annotation_listing_idx ON annotation (document_id, created_at, id)
    INCLUDE (change_seq, modified_at, group_id, author_id, visibility, moderation, thread_concealed, by_moderator, upvotes,
             weight)
    WHERE deleted_at IS NULL;

-- Readers of a document are told when a new revision is published (live updates, one mechanism:
-- the trigger-filled outbox of V7). A 'revised' event names the document only; a 'document' event
-- (who may read it, or its title, changed) tells every instance to forget what it cached of it and
-- is sent to no client.
ALTER TABLE live_event DROP CONSTRAINT live_event_kind, DROP CONSTRAINT live_event_shape;
ALTER TABLE live_event
    ADD CONSTRAINT live_event_kind CHECK (kind IN ('created', 'updated', 'deleted', 'access', 'revised', 'document')),
    ADD CONSTRAINT live_event_shape CHECK (
        (kind = 'access' AND group_id IS NOT NULL AND user_id IS NOT NULL AND annotation_id IS NULL)
        OR (kind IN ('revised', 'document') AND document_id IS NOT NULL AND annotation_id IS NULL)
        OR (kind IN ('created', 'updated', 'deleted') AND annotation_id IS NOT NULL AND document_id IS NOT NULL));

CREATE FUNCTION live_document_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.revision <> OLD.revision THEN
        PERFORM live_publish('revised', NULL, NEW.id, NULL, NULL);
    ELSIF NEW.is_public <> OLD.is_public OR NEW.owner_id IS DISTINCT FROM OLD.owner_id OR NEW.title <> OLD.title
            OR NEW.slug <> OLD.slug THEN
        PERFORM live_publish('document', NULL, NEW.id, NULL, NULL);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER document_live AFTER UPDATE OF revision, is_public, owner_id, title, slug ON document
    FOR EACH ROW EXECUTE FUNCTION live_document_event();
