-- Hardening, second part (issue 9).
--
-- 1. What an annotation weighs on a container page. A page holds at most SCHOLION_PAGE_BYTES: the
--    server lowers the page size to what that allows for the heaviest annotation of the listing
--    (annotations/protocol/PageBudget), which the container's one validator query reads from this
--    column. It is an upper bound of the bytes the row's own data takes in the annotation's JSON,
--    whoever reads it; w3c/Representations.itemBound adds what does not depend on the row (the
--    structure, the IRIs, the creator's and endorser's names):
--    - the stored body as JSON text: each of its strings appears in the representation once, escaped
--      the same way (its keys and separators more than pay for the W3C keys that replace them);
--    - twice the bytes of the quote, its prefix and suffix, canonical, via and a moderator's reason:
--      JSON escaping makes at most two bytes of one (\" \\ \n \r \t; other control characters are
--      refused in these texts);
--    - per source, 128 bytes for the W3C shape around it; and once the annotation's sources have been
--      reviewed (every review sets reviewed_at), 4,800 bytes per source for a review: a note of up to
--      1,000 characters (at most 3 bytes each in JSON), the reviewer's username and name (255
--      characters each) and the keys — the reviewer's IRI is Representations' part.
--    A generated column: no write path can forget it, and it is computed where the row is.
ALTER TABLE annotation ADD COLUMN weight integer GENERATED ALWAYS AS (
    octet_length(body::text)
    + 2 * (coalesce(octet_length(exact), 0) + coalesce(octet_length(prefix), 0) + coalesce(octet_length(suffix), 0)
           + coalesce(octet_length(canonical), 0) + coalesce(octet_length(via), 0)
           + coalesce(octet_length(moderation_reason), 0))
    + coalesce(jsonb_array_length(body -> 'sources'), 0) * (128 + CASE WHEN reviewed_at IS NULL THEN 0 ELSE 4800 END)
) STORED;

-- The validator query reads the heaviest weight of the listing from the listing's index.
DROP INDEX annotation_listing_idx;
CREATE INDEX annotation_listing_idx ON annotation (document_id, created_at, id)
    INCLUDE (change_seq, modified_at, group_id, author_id, visibility, moderation, thread_concealed, by_moderator, upvotes,
             weight)
    WHERE deleted_at IS NULL;

-- 2. Comments, tags and the details of sources are stored in Unicode Normalization Form C from now
--    on (w3c/JsonLdReader), so text that looks the same is the same and a tag filter finds both
--    spellings; rows written before are converted the same way. Quotes (exact, prefix, suffix) stay
--    as the document has them, and so do IRIs. Tags that become equal are merged, keeping the first.
CREATE FUNCTION pg_temp.nfc(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t IS NULL THEN NULL ELSE normalize(t, NFC) END
$$;

CREATE FUNCTION pg_temp.nfc_source(s jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_strip_nulls(s || jsonb_build_object(
        'title', pg_temp.nfc(s ->> 'title'),
        'published', pg_temp.nfc(s ->> 'published'),
        'container', pg_temp.nfc(s ->> 'container'),
        'locator', pg_temp.nfc(s ->> 'locator'),
        'excerpt', pg_temp.nfc(s ->> 'excerpt'),
        'authors', (SELECT jsonb_agg(pg_temp.nfc(x) ORDER BY i) FROM jsonb_array_elements_text(s -> 'authors') WITH ORDINALITY y(x, i))))
$$;

CREATE FUNCTION pg_temp.nfc_body(b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'comment', CASE WHEN b ? 'comment'
                        THEN jsonb_set(b -> 'comment', '{text}', to_jsonb(pg_temp.nfc(b -> 'comment' ->> 'text'))) END,
        'tags', (SELECT jsonb_agg(t ORDER BY first)
                   FROM (SELECT pg_temp.nfc(x) AS t, min(i) AS first
                           FROM jsonb_array_elements_text(b -> 'tags') WITH ORDINALITY y(x, i) GROUP BY 1) merged),
        'verdict', b -> 'verdict',
        'sources', (SELECT jsonb_agg(pg_temp.nfc_source(s) ORDER BY i) FROM jsonb_array_elements(b -> 'sources') WITH ORDINALITY y(s, i))))
$$;

-- Only rows whose text changes are written (their change numbers move: their representation changed).
UPDATE annotation SET body = pg_temp.nfc_body(body)
 WHERE NOT (body::text IS NFC NORMALIZED) AND pg_temp.nfc_body(body) IS DISTINCT FROM body;
