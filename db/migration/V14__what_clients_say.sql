-- W3C clients as they are (issue 19): what a client says of its annotation that Scholion does not
-- interpret is kept as sent and returned — the ids of its bodies, target and selectors, selectors
-- only a DOM resolves (RangeSelector, XPathSelector, CssSelector, FragmentSelector …), states other
-- than Scholion's, other terms of the W3C model (rights, audience, styleClass …). At most 16 kB
-- (annotations/jsonld/ClientTerms). Its "target" part holds for the revision in "target_on"; once the
-- annotation is re-anchored onto another revision, those selectors are shown as the old revision's.
ALTER TABLE annotation ADD COLUMN client jsonb;

-- What an annotation weighs on a container page (V8, V12) counts it too: rebuilt as in V12, with
-- the client's part added once (it is written back as the JSON it is stored as).
DROP INDEX annotation_listing_idx;
ALTER TABLE annotation DROP COLUMN weight;
ALTER TABLE annotation ADD COLUMN weight integer GENERATED ALWAYS AS (
    octet_length(body::text)
    + 2 * (coalesce(octet_length(exact), 0) + coalesce(octet_length(prefix), 0) + coalesce(octet_length(suffix), 0)
           + coalesce(octet_length(original_exact), 0)
           + coalesce(octet_length(canonical), 0) + coalesce(octet_length(via), 0)
           + coalesce(octet_length(moderation_reason), 0))
    + coalesce(octet_length(client::text), 0)
    + coalesce(jsonb_array_length(body -> 'sources'), 0) * (128 + CASE WHEN reviewed_at IS NULL THEN 0 ELSE 4800 END)
) STORED;
CREATE INDEX annotation_listing_idx ON annotation (document_id, created_at, id)
    INCLUDE (change_seq, modified_at, group_id, author_id, visibility, moderation, thread_concealed, by_moderator, upvotes,
             weight)
    WHERE deleted_at IS NULL;
