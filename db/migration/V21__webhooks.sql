-- Webhooks (issue 22): a group's moderators subscribe a URL to the group's events. They read the
-- live outbox (V7: one mechanism for events): an instance's live hub says up to which cursor the
-- outbox is final, and the fan-out turns those events into one delivery per matching endpoint, in
-- one statement, after the position it reached last (kept here, so a restart loses nothing).

-- 1. The outbox says a little more: what kind of update an annotation's was (webhooks tell
--    annotation.updated, annotation.moderated and source.reviewed apart), and when a revision's
--    re-anchoring is done ('reanchored', a document's event that live clients are not sent).
ALTER TABLE live_event ADD COLUMN detail varchar(16);
ALTER TABLE live_event DROP CONSTRAINT live_event_kind, DROP CONSTRAINT live_event_shape;
ALTER TABLE live_event
    ADD CONSTRAINT live_event_kind CHECK (kind IN ('created', 'updated', 'deleted', 'access', 'revised', 'document', 'reanchored')),
    ADD CONSTRAINT live_event_shape CHECK (
        (kind = 'access' AND group_id IS NOT NULL AND user_id IS NOT NULL AND annotation_id IS NULL)
        OR (kind IN ('revised', 'document', 'reanchored') AND document_id IS NOT NULL AND annotation_id IS NULL)
        OR (kind IN ('created', 'updated', 'deleted') AND annotation_id IS NOT NULL AND document_id IS NOT NULL));

CREATE FUNCTION live_publish(p_kind text, p_annotation uuid, p_document uuid, p_group uuid, p_user uuid, p_detail text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    c bigint;
BEGIN
    PERFORM pg_current_xact_id();
    INSERT INTO live_event (kind, annotation_id, document_id, group_id, user_id, detail)
    VALUES (p_kind, p_annotation, p_document, p_group, p_user, p_detail)
    RETURNING id INTO c;
    PERFORM pg_notify('scholion_live', json_build_object('cursor', c, 'kind', p_kind, 'document', p_document,
        'group', p_group)::text);
END $$;

-- the five-argument form (V7) writes no detail: one body for both
CREATE OR REPLACE FUNCTION live_publish(p_kind text, p_annotation uuid, p_document uuid, p_group uuid, p_user uuid)
RETURNS void LANGUAGE sql AS $$
    SELECT live_publish(p_kind, p_annotation, p_document, p_group, p_user, NULL)
$$;

-- What kind of update: a moderator's decision on it, a review of one of its sources, or anything else (NULL).
CREATE FUNCTION live_annotation_detail(o annotation, n annotation) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN o IS NULL OR n.deleted_at IS NOT NULL THEN NULL
        WHEN n.moderation IS DISTINCT FROM o.moderation OR n.locked_at IS DISTINCT FROM o.locked_at
             OR n.endorsed_at IS DISTINCT FROM o.endorsed_at THEN 'moderated'
        WHEN n.reviewed_at IS DISTINCT FROM o.reviewed_at THEN 'reviewed'
        ELSE NULL
    END
$$;

CREATE OR REPLACE FUNCTION live_annotation_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        k := live_annotation_change(NULL, NEW);
    ELSE
        k := live_annotation_change(OLD, NEW);
    END IF;
    IF k IS NOT NULL THEN
        PERFORM live_publish(k, NEW.id, NEW.document_id, NEW.group_id, NULL,
            CASE WHEN TG_OP = 'UPDATE' THEN live_annotation_detail(OLD, NEW) END);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION live_reanchoring_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'done' AND OLD.state <> 'done' THEN
        PERFORM live_publish('reanchored', NULL, NEW.document_id, NULL, NULL, NEW.revision::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER reanchoring_live AFTER UPDATE OF state ON reanchoring_job
    FOR EACH ROW EXECUTE FUNCTION live_reanchoring_event();

-- A published revision's event names its number (detail), for document.revised.
CREATE OR REPLACE FUNCTION live_document_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.revision <> OLD.revision THEN
        PERFORM live_publish('revised', NULL, NEW.id, NULL, NULL, NEW.revision::text);
    ELSIF NEW.is_public <> OLD.is_public OR NEW.owner_id IS DISTINCT FROM OLD.owner_id OR NEW.title <> OLD.title
            OR NEW.slug <> OLD.slug THEN
        PERFORM live_publish('document', NULL, NEW.id, NULL, NULL);
    END IF;
    RETURN NULL;
END $$;

-- 2. The endpoints. The signing secret (whsec_ + base64 of 32 random bytes) must be kept to sign
--    with: it is the receiver's and ours, like a client secret. Rotating it keeps the previous one
--    for a day, and deliveries are signed with both meanwhile (Standard Webhooks: several signatures).
--    A deleted endpoint keeps its row and its deliveries (deleted_at).
CREATE TABLE webhook (
    id               uuid         PRIMARY KEY,
    group_id         uuid         NOT NULL REFERENCES classroom_group (id),
    owner_id         uuid         NOT NULL REFERENCES app_user (id),
    url              text         NOT NULL CHECK (length(url) <= 2000),
    events           text[]       NOT NULL CHECK (cardinality(events) > 0),
    document_id      uuid         REFERENCES document (id),
    secret           text         NOT NULL,
    previous_secret  text,
    previous_until   timestamptz,
    enabled          boolean      NOT NULL DEFAULT true,
    disabled_reason  text,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE INDEX webhook_group_idx ON webhook (group_id) WHERE deleted_at IS NULL;

-- 3. One delivery per event and endpoint (the unique key makes the fan-out idempotent: every
--    instance may run it). Sent in event order per endpoint: the next waits for the one before.
--    state: pending (to send or to retry), delivered, failed (given up after a day), withheld (the
--    endpoint's owner may not read what it is about, checked when it is sent: nothing was sent).
CREATE TABLE webhook_delivery (
    id               uuid         PRIMARY KEY,
    webhook_id       uuid         NOT NULL REFERENCES webhook (id),
    event_id         bigint       NOT NULL,
    type             varchar(32)  NOT NULL,
    annotation_id    uuid,
    document_id      uuid,
    group_id         uuid,
    revision         integer,
    occurred_at      timestamptz  NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    state            varchar(10)  NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed', 'withheld')),
    attempts         integer      NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    -- a sender's claim: nobody else sends it before this time (an instance that dies while sending lets it go)
    leased_until     timestamptz,
    finished_at      timestamptz,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (webhook_id, event_id) WHERE state = 'pending';
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, created_at DESC);

-- 4. Every attempt: the delivery log (status, time, response code, how long, what went wrong).
CREATE TABLE webhook_attempt (
    delivery_id  uuid         NOT NULL REFERENCES webhook_delivery (id),
    n            integer      NOT NULL,
    at           timestamptz  NOT NULL,
    status       integer,
    error        varchar(500),
    ms           integer      NOT NULL,
    PRIMARY KEY (delivery_id, n)
);

-- 5. How far the fan-out has gone through the outbox.
CREATE TABLE webhook_position (
    singleton  boolean  PRIMARY KEY DEFAULT true CHECK (singleton),
    event_id   bigint   NOT NULL
);
INSERT INTO webhook_position (event_id) SELECT coalesce(max(id), 0) FROM live_event;
