-- Search (issue 21): PostgreSQL full-text search over what annotations say and the readings' text,
-- and trigram matching for quotes and names.
--
-- Text is analysed with the 'english' configuration (stemming, stop words): the readings so far
-- are English. Both vectors are generated columns, so no write path can forget them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- 1. An annotation's words, weighted by where they are: its comment and tags (A), the passage it
--    quotes (B), the titles of the sources it cites (C), their authors (D).
ALTER TABLE annotation ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(body #>> '{comment,text}', '')), 'A')
    || setweight(to_tsvector('english', coalesce(body -> 'tags', '[]'::jsonb)), 'A')
    || setweight(to_tsvector('english', coalesce(exact, '')), 'B')
    || setweight(to_tsvector('english', jsonb_path_query_array(body, '$.sources[*].title')), 'C')
    || setweight(to_tsvector('english', jsonb_path_query_array(body, '$.sources[*].authors')), 'D')
) STORED;
-- partial, as every search reads only what is not deleted: a BitmapAnd with another index to leave the
-- deleted out cost as much as the match
CREATE INDEX annotation_search_idx ON annotation USING gin (search) WHERE deleted_at IS NULL;
-- a quote found by any part of it ("that comment on 'the Cheka was'"), also where stemming misses
CREATE INDEX annotation_exact_trgm_idx ON annotation USING gin (exact gin_trgm_ops) WHERE deleted_at IS NULL;
-- the newest first across everything one may see (search without words, sort=newest)
CREATE INDEX annotation_created_idx ON annotation (created_at DESC, id DESC) WHERE deleted_at IS NULL;

-- 2. A reading's words (find a reading by what it says). Stripped of positions: a reading may hold
--    two million code points, and a tsvector with positions of that much text could exceed the
--    1 MB a tsvector may hold; documents are ranked by frequency (ts_rank), not proximity.
ALTER TABLE document_revision ADD COLUMN search tsvector GENERATED ALWAYS AS (
    strip(to_tsvector('english', left(body, 1000000)))
) STORED;
CREATE INDEX document_revision_search_idx ON document_revision USING gin (search);

-- 3. People by any part of their name or username (search matches annotations by their author).
CREATE INDEX app_user_name_trgm_idx ON app_user USING gin ((username || ' ' || display_name) gin_trgm_ops);
