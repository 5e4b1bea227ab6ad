package org.scholion.annotations;

import java.sql.SQLException;

/**
 * The database refused an anchor: it was worked out on a revision of the document that is no longer
 * the current one (a revision was published since this instance cached the document; migration
 * V13's trigger, SQLSTATE {@value #SQLSTATE}). The write was rolled back; the caller forgets the
 * cached document and anchors again on the new revision.
 */
public final class RevisionMoved extends RuntimeException {
    static final String SQLSTATE = "SC409";

    RevisionMoved(Throwable cause) {
        super("the document was revised while the annotation was written", cause, false, false);
    }

    /** Throws a {@code RevisionMoved} when the database's refusal is the cause of {@code e}. */
    static void rethrowIfSo(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && SQLSTATE.equals(sql.getSQLState())) {
                throw new RevisionMoved(e);
            }
        }
    }
}
