-- Live updates (issue 11): a transactional outbox filled by triggers, so no Java write path needs a
-- hook and nothing is announced for a rolled-back write. Each row is written inside the write's own
-- transaction together with a pg_notify that PostgreSQL delivers only on commit. Every app instance
-- LISTENs on the channel, reads new rows by cursor and filters them for its own subscribers; a
-- client that reconnects (to any instance) catches up from this table with ?since={cursor}.
CREATE TABLE live_event (
    -- the cursor: assigned at insert, not at commit; readers handle the gaps that follow (LiveCursor)
    id             bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           varchar(16)  NOT NULL,
    annotation_id  uuid,
    document_id    uuid,
    group_id       uuid,
    -- for 'access': whose membership changed
    user_id        uuid,
    created_at     timestamptz  NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT live_event_kind CHECK (kind IN ('created', 'updated', 'deleted', 'access')),
    CONSTRAINT live_event_shape CHECK (
        (kind = 'access' AND group_id IS NOT NULL AND user_id IS NOT NULL AND annotation_id IS NULL)
        OR (kind <> 'access' AND annotation_id IS NOT NULL AND document_id IS NOT NULL))
);
CREATE INDEX live_event_created_idx ON live_event (created_at);
CREATE INDEX live_event_document_idx ON live_event (document_id, id);

-- How far retention has deleted: a client whose cursor is older must reload instead of catching up.
CREATE TABLE live_retention (
    singleton       boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
    purged_through  bigint   NOT NULL DEFAULT 0
);
INSERT INTO live_retention DEFAULT VALUES;

-- Writes one event and wakes every instance. Ids only in the payload (limit 8000 bytes).
CREATE FUNCTION live_publish(p_kind text, p_annotation uuid, p_document uuid, p_group uuid, p_user uuid)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c bigint;
BEGIN
    -- make sure the transaction has its id before it takes a cursor: readers wait for every
    -- transaction that was running when they saw a gap, and this one must be among them
    PERFORM pg_current_xact_id();
    INSERT INTO live_event (kind, annotation_id, document_id, group_id, user_id)
    VALUES (p_kind, p_annotation, p_document, p_group, p_user)
    RETURNING id INTO c;
    PERFORM pg_notify('scholion_live', json_build_object('cursor', c, 'kind', p_kind, 'document', p_document,
        'group', p_group)::text);
END $$;

-- THE place that says which change of an annotation row is which event (NULL: none). Moderation
-- (issue 10) extends it here, e.g. WHEN n.moderation IS DISTINCT FROM o.moderation THEN 'moderated'
-- (and adds 'moderated' to live_event_kind).
CREATE FUNCTION live_annotation_change(o annotation, n annotation) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN o IS NULL THEN 'created'
        WHEN n.deleted_at IS NOT NULL AND o.deleted_at IS NULL THEN 'deleted'
        WHEN n IS NOT DISTINCT FROM o THEN NULL
        ELSE 'updated'
    END
$$;

CREATE FUNCTION live_annotation_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        k := live_annotation_change(NULL, NEW);
    ELSE
        k := live_annotation_change(OLD, NEW);
    END IF;
    IF k IS NOT NULL THEN
        PERFORM live_publish(k, NEW.id, NEW.document_id, NEW.group_id, NULL);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER annotation_live AFTER INSERT OR UPDATE ON annotation
    FOR EACH ROW EXECUTE FUNCTION live_annotation_event();

-- A membership that starts, ends or changes role changes what its user may see: instances
-- re-check that user's live subscriptions to the group at once.
CREATE FUNCTION live_membership_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM live_publish('access', NULL, NULL, OLD.group_id, OLD.user_id);
    ELSIF TG_OP = 'INSERT' OR NEW.role IS DISTINCT FROM OLD.role OR NEW.user_id <> OLD.user_id
            OR NEW.group_id <> OLD.group_id THEN
        IF TG_OP = 'UPDATE' AND (NEW.user_id <> OLD.user_id OR NEW.group_id <> OLD.group_id) THEN
            PERFORM live_publish('access', NULL, NULL, OLD.group_id, OLD.user_id);
        END IF;
        PERFORM live_publish('access', NULL, NULL, NEW.group_id, NEW.user_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER membership_live AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH ROW EXECUTE FUNCTION live_membership_event();

-- Who reads which document in which group now, per instance, kept alive by heartbeats; rows of an
-- instance that stopped heartbeating are ignored and then deleted by any instance.
CREATE TABLE live_presence (
    instance_id  uuid         NOT NULL,
    document_id  uuid         NOT NULL,
    group_id     uuid         NOT NULL,
    user_id      uuid         NOT NULL,
    seen_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (instance_id, document_id, group_id, user_id)
);
CREATE INDEX live_presence_key_idx ON live_presence (document_id, group_id);

CREATE FUNCTION live_presence_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r live_presence;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    PERFORM pg_notify('scholion_live', json_build_object('presence', true, 'document', r.document_id,
        'group', r.group_id)::text);
    RETURN NULL;
END $$;

CREATE TRIGGER live_presence_changed AFTER INSERT OR DELETE ON live_presence
    FOR EACH ROW EXECUTE FUNCTION live_presence_event();
