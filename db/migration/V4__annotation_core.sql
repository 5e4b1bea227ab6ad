-- The annotation core, second cut (issue 8).
--
-- 1. Change numbers. One sequence numbers every change of an annotation row (insert and every
--    update, by trigger, so no write path can forget it), of a group row, and of a user's
--    memberships. Container validators are computed from these numbers, in the database, so every
--    app instance computes the same validator at the same moment.
CREATE SEQUENCE change_seq;

ALTER TABLE annotation ADD COLUMN change_seq bigint;
UPDATE annotation a SET change_seq = n.seq
  FROM (SELECT id, nextval('change_seq') AS seq FROM (SELECT id FROM annotation ORDER BY modified_at, id) o) n
 WHERE a.id = n.id;
ALTER TABLE annotation ALTER COLUMN change_seq SET DEFAULT nextval('change_seq');
ALTER TABLE annotation ALTER COLUMN change_seq SET NOT NULL;

CREATE FUNCTION take_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('change_seq');
    RETURN NEW;
END $$;

CREATE TRIGGER annotation_change_seq BEFORE UPDATE ON annotation
    FOR EACH ROW EXECUTE FUNCTION take_change_seq();

ALTER TABLE classroom_group ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('change_seq');
CREATE TRIGGER classroom_group_change_seq BEFORE UPDATE ON classroom_group
    FOR EACH ROW EXECUTE FUNCTION take_change_seq();

-- A user's access number moves whenever one of their memberships appears, goes or changes role:
-- what they may see changed, even though no annotation did.
ALTER TABLE app_user ADD COLUMN access_seq bigint NOT NULL DEFAULT 0;

CREATE FUNCTION membership_moves_access() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE app_user SET access_seq = nextval('change_seq') WHERE id = OLD.user_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE app_user SET access_seq = nextval('change_seq') WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER membership_access AFTER INSERT OR UPDATE OR DELETE ON membership
    FOR EACH ROW EXECUTE FUNCTION membership_moves_access();

-- The container listing and its validator read the same index: live annotations of a document in
-- creation order, with what the visibility rule and the validator need.
DROP INDEX annotation_document_idx;
CREATE INDEX annotation_listing_idx ON annotation (document_id, created_at, id)
    INCLUDE (change_seq, modified_at, group_id, author_id, visibility) WHERE deleted_at IS NULL;

-- 2. Motivation "tagging" (W3C Data Model §3.3.5) for annotations that only tag.
ALTER TABLE annotation DROP CONSTRAINT annotation_motivation_check;
ALTER TABLE annotation ADD CONSTRAINT annotation_motivation_check CHECK (motivation IN
    ('highlighting', 'commenting', 'questioning', 'assessing', 'tagging', 'replying'));

-- 3. The body column holds Scholion's own shape (annotations/StoredBodies), no longer the W3C
--    body array: {"comment": {"text", "format", "language"}, "tags": [..], "verdict": "…",
--    "sources": [{"id", "iri", "title", "authors": [..], "published", "locator", "excerpt", "doi"}]}.
--    Each source gets its stable id now. A source without a URL is identified by a name-based
--    (version 3) UUID of its title, authors and year, exactly as Body.Source.unlinkedWorkIri
--    computes it in Java (MigrationV4Test checks both agree).
CREATE FUNCTION pg_temp.unlinked_work_iri(title text, author text, published text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'urn:uuid:' || (substr(h, 1, 12) || '3' || substr(h, 14, 3)
           || to_hex((('x' || substr(h, 17, 1))::bit(4)::int & 3) | 8) || substr(h, 18))::uuid
      FROM md5(convert_to('scholion:work' || chr(31) || coalesce(title, '') || chr(31) || coalesce(author, '')
                          || chr(31) || coalesce(published, ''), 'UTF8')) AS h
$$;

ALTER TABLE annotation DROP CONSTRAINT annotation_body_array;

UPDATE annotation a SET body = converted.body
  FROM (SELECT x.id, jsonb_strip_nulls(jsonb_build_object(
          'comment', (SELECT jsonb_build_object('text', e->>'value', 'format', coalesce(e->>'format', 'text/plain'),
                                                'language', e->>'language')
                        FROM jsonb_array_elements(x.body) e WHERE e->>'purpose' = 'commenting' LIMIT 1),
          'tags', (SELECT jsonb_agg(e->>'value' ORDER BY i)
                     FROM jsonb_array_elements(x.body) WITH ORDINALITY t(e, i) WHERE e->>'purpose' = 'tagging'),
          'verdict', (SELECT e->>'value' FROM jsonb_array_elements(x.body) e WHERE e->>'purpose' = 'assessing' LIMIT 1),
          'sources', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                          'id', gen_random_uuid()::text,
                          'iri', coalesce(e->>'url', pg_temp.unlinked_work_iri(e->>'title', e->>'author', e->>'published')),
                          'title', e->>'title',
                          'authors', CASE WHEN e->>'author' IS NOT NULL THEN jsonb_build_array(e->>'author') END,
                          'published', e->>'published',
                          'locator', e->>'locator',
                          'excerpt', e->>'excerpt',
                          'doi', CASE WHEN e->>'url' LIKE 'https://doi.org/%' THEN substr(e->>'url', 17) END)) ORDER BY i)
                        FROM jsonb_array_elements(x.body) WITH ORDINALITY s(e, i) WHERE e->>'type' = 'Citation')
        )) AS body
          FROM annotation x) converted
 WHERE a.id = converted.id;

ALTER TABLE annotation ADD CONSTRAINT annotation_body_object CHECK (jsonb_typeof(body) = 'object');

-- The converted rows got new change numbers through the trigger: fine, their representation changed.
