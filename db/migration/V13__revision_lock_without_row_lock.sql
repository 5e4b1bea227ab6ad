-- Annotation writes and the publishing of a revision meet on an advisory lock, checked by the
-- database as the annotation row is written (issue 18: the write path back at its floor).
--
-- An annotation on the text is anchored on the document's current revision. Until now the write
-- read that revision first, with SELECT ... FOR SHARE: correct (a publish, which takes the row FOR
-- UPDATE, waited for the writes in flight, and they for it), but one more round trip on every write,
-- and every write to a document locked the same tuple. Now the instance anchors on the revision it
-- has cached, and a trigger checks, as the row is inserted (or moved to another revision), that this
-- is still the current revision — under the document's advisory lock, held shared to the end of the
-- transaction. Publishing takes the same lock exclusively. So an annotation is either written before
-- a revision is published (the publish waits for it, and its re-anchoring job then finds it) or after
-- (and if the instance anchored it on the revision before, the trigger refuses it with SQLSTATE
-- SC409 and the instance anchors it again on the new one).
--
-- document_revision_for_write is VOLATILE and in PL/pgSQL, so its SELECT takes a snapshot of its
-- own after the lock is granted: a writer that waited for a publish sees the revision that publish
-- committed. The key is (class, hash of the id): the two-int key space, apart from Flyway's bigint
-- keys; two documents that share a hash only wait for each other.
CREATE FUNCTION document_revision_for_write(p_document uuid) RETURNS integer
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1397966924, hashtext(p_document::text));
    RETURN (SELECT revision FROM document WHERE id = p_document);
END $$;

CREATE FUNCTION document_publish_lock(p_document uuid) RETURNS boolean
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1397966924, hashtext(p_document::text));
    RETURN true;
END $$;

-- The re-anchoring job moves annotations onto the revision of its job, which need not be the current
-- one (a later revision was published while it ran; the later job moves them on): its transactions
-- say so with the setting scholion.reanchoring, and are not checked.
CREATE FUNCTION annotation_on_current_revision() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    current integer;
BEGIN
    IF current_setting('scholion.reanchoring', true) = 'on' THEN
        RETURN NEW;
    END IF;
    current := document_revision_for_write(NEW.document_id);
    IF NEW.checked_revision <> current THEN
        RAISE EXCEPTION 'annotation % was anchored against revision % of document %, whose current revision is %',
            NEW.id, NEW.checked_revision, NEW.document_id, current USING ERRCODE = 'SC409';
    END IF;
    RETURN NEW;
END $$;

-- What is checked is checked_revision, the revision the anchor was last worked out against (V12):
-- it is the current one for every annotation written now, orphans included (an orphan keeps the
-- revision its selectors hold for, older). Replies take their thread's revision and follow it; only
-- annotations on the text are checked, when they are written and whenever their anchor is worked out
-- again (an edit, re-anchoring); moderation and votes, which leave the anchor alone, are not.
CREATE TRIGGER annotation_on_current_revision_insert BEFORE INSERT ON annotation
    FOR EACH ROW WHEN (NEW.parent_id IS NULL) EXECUTE FUNCTION annotation_on_current_revision();
CREATE TRIGGER annotation_on_current_revision_update BEFORE UPDATE OF checked_revision ON annotation
    FOR EACH ROW WHEN (NEW.parent_id IS NULL AND NEW.checked_revision <> OLD.checked_revision)
    EXECUTE FUNCTION annotation_on_current_revision();
