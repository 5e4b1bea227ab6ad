package org.scholion.live;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.scholion.security.UserRef;

/**
 * The one place where live updates meet the annotation rules: for a committed change, which of an
 * instance's subscribers may see the annotation now, and as what. Everything else in {@code live/}
 * is plumbing that never decides visibility.
 * <p>
 * Contract for implementations:
 * <ul>
 * <li>{@link #sights} is called once per event for all local subscribers of the annotation's
 * document (and group) at once, on one background thread. It must load the annotation once and
 * decide for every viewer in memory: no query per viewer.</li>
 * <li>It decides on the annotation's state <em>now</em> (after the commit that raised the event,
 * or later): a replayed or delayed event never shows more than the viewer may see today.</li>
 * <li>A viewer that may see the annotation gets exactly the W3C representation (a standalone
 * JSON-LD document with {@code @context}) that a GET of the annotation would return to them.</li>
 * </ul>
 */
public interface LiveAudience {

    /** What one viewer is told about an annotation after a change. */
    sealed interface Sight {
    }

    /** The viewer may see it: the JSON-LD document a GET would return them. */
    record Visible(String json) implements Sight {
    }

    /** It was deleted and the viewer could see it: the tombstone a GET would return them (410). */
    record Deleted(String tombstoneJson) implements Sight {
    }

    /** The viewer may no longer see it (hidden, pending, ...), though they may have before: it must vanish. */
    record Withdrawn() implements Sight {
    }

    /** Nothing to tell this viewer: they could not see it before and cannot now. */
    record Unseen() implements Sight {
    }

    Sight UNSEEN = new Unseen();

    /**
     * What each viewer is to be told about one annotation of the document.
     *
     * @param slug the annotation's document
     * @param annotation the annotation's id; unknown or on another document: every viewer gets {@link Unseen}
     * @param viewers the subscribers to decide for, at most one entry per user
     * @return a sight per viewer's {@link UserRef#id()}; a viewer left out is {@link Unseen}
     */
    Map<UUID, Sight> sights(String slug, UUID annotation, Collection<UserRef> viewers);

    /**
     * What one viewer is to be told about each of several annotations of the document: the catch-up
     * of a reconnecting subscriber. The same decision as {@link #sights} gives for each, made for all
     * of them at once: a fixed number of queries whatever their number, never a query per annotation.
     * Called off the hub's dispatch thread, possibly on several threads at once.
     *
     * @param annotations ids of annotations; unknown ones, or on another document, are {@link Unseen}
     * @return a sight per annotation id; one left out is {@link Unseen}
     */
    Map<UUID, Sight> sightsOf(String slug, UserRef viewer, Collection<UUID> annotations);

    /**
     * May the user follow the annotations of this group on this document (read the group)? The
     * same {@code false} for a document or group that does not exist and for one the user may not
     * see, so an answer never tells which.
     */
    default boolean mayFollow(UserRef user, String slug, UUID group) {
        return followable(user, slug, group).isPresent();
    }

    /**
     * As {@link #mayFollow}, with the document's id when the user may: the upgrade needs it, and
     * looking the document up a second time (uncached) cost every socket a query (issue 20).
     */
    java.util.Optional<UUID> followable(UserRef user, String slug, UUID group);

    /**
     * A document changed (a new revision, who may read it, its details), on this instance or
     * another: forget what was kept of it. Called on the hub's thread; must be quick.
     */
    void documentChanged(UUID document);

    /** The annotation's IRI, as events name it (also when it can no longer be shown). */
    String annotationIri(String slug, UUID annotation);
}
