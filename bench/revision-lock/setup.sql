-- The two ways an annotation write reads the document's current revision (issue 18), on the shape
-- of the real tables: one document, annotations that reference it (the foreign key locks the
-- document row FOR KEY SHARE in both), and the function of migration V13.
DROP TABLE IF EXISTS annotation; DROP TABLE IF EXISTS document;
CREATE TABLE document (id uuid PRIMARY KEY, revision integer NOT NULL, title text);
CREATE TABLE annotation (id bigserial PRIMARY KEY, document_id uuid NOT NULL REFERENCES document (id), revision integer NOT NULL,
                         body text);
INSERT INTO document VALUES ('00000000-0000-4000-8000-000000000001', 1, 'essay');
CREATE OR REPLACE FUNCTION document_revision_for_write(p_document uuid) RETURNS integer
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1397966924, hashtext(p_document::text));
    RETURN (SELECT revision FROM document WHERE id = p_document);
END $$;
-- V13's check, as the trigger does it on every annotation written (enabled only for the "trigger" way)
CREATE OR REPLACE FUNCTION annotation_on_current_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current integer;
BEGIN
    IF current_setting('scholion.reanchoring', true) = 'on' THEN
        RETURN NEW;
    END IF;
    current := document_revision_for_write(NEW.document_id);
    IF NEW.revision <> current THEN
        RAISE EXCEPTION 'stale' USING ERRCODE = 'SC409';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER annotation_on_current_revision_insert BEFORE INSERT ON annotation
    FOR EACH ROW EXECUTE FUNCTION annotation_on_current_revision();
ALTER TABLE annotation DISABLE TRIGGER annotation_on_current_revision_insert;
