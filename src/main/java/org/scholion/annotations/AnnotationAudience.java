package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.groups.Memberships;
import org.scholion.live.LiveAudience;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Live updates' view of the annotation rules: per event, one annotation load, how every
 * subscriber stands towards it in three queries ({@link AnnotationQueries#targets}), the
 * permission map (whose read rule is {@link org.scholion.security.Visibility#READ}) per viewer in
 * memory, and for each reader the representation a GET would give them (with their own upvote and
 * flag, and the flag count for moderators: {@link AnnotationQueries#extras(Annotation, Map, Collection)},
 * three more queries). A viewer who may no longer read it, but would if moderation did not hold it
 * back, is told it is withdrawn — if the group ever saw it; a new annotation still waiting for its
 * first approval is never announced to those who cannot read it.
 */
@ApplicationScoped
public class AnnotationAudience implements LiveAudience {
    private static final Withdrawn WITHDRAWN = new Withdrawn();

    private final AnnotatedDocuments documents;
    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final AnnotationQueries queries;
    private final Representations representations;
    private final ViewerExtras viewerExtras;

    AnnotationAudience(AnnotatedDocuments documents, EntityManager em, Permissions permissions, Memberships memberships,
            AnnotationQueries queries, Representations representations, ViewerExtras viewerExtras) {
        this.viewerExtras = viewerExtras;
        this.documents = documents;
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
        this.queries = queries;
        this.representations = representations;
    }

    @Override
    @Transactional
    public Map<UUID, Sight> sights(String slug, UUID id, Collection<UserRef> viewers) {
        Optional<Doc> doc = document(slug);
        Annotation a = em.find(Annotation.class, id);
        if (doc.isEmpty() || a == null || !a.documentId.equals(doc.get().id()) || viewers.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Target.Annotation> targets = queries.targets(a, viewers);
        List<UserRef> readers = new ArrayList<>();
        Map<UUID, Sight> sights = new HashMap<>();
        for (UserRef viewer : viewers) {
            Target.Annotation t = targets.get(viewer.id());
            if (permissions.may(viewer, Action.READ_ANNOTATION, t)) {
                readers.add(viewer);
            } else {
                sights.put(viewer.id(), unreadable(viewer, a, t));
            }
        }
        if (readers.isEmpty()) {
            return sights;
        }
        // each reader is sent what a GET would give them, their ETag included (tombstones too: a
        // moderator restores the one they were shown)
        Map<UUID, Extras> extras = viewerExtras.forViewers(a, targets, readers);
        Map<Extras, Sight> shown = new HashMap<>();
        if (a.isDeleted()) {
            for (UserRef r : readers) {
                sights.put(r.id(), shown.computeIfAbsent(extras.get(r.id()),
                        e -> new Deleted(Representations.write(representations.tombstone(a, slug, e)))));
            }
            return sights;
        }
        Author author = Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
        for (UserRef r : readers) {
            sights.put(r.id(), shown.computeIfAbsent(extras.get(r.id()),
                    e -> new Visible(Representations.write(representations.annotation(a, slug, author, e)))));
        }
        return sights;
    }

    /**
     * The catch-up of one viewer: the same decision as {@link #sights} for each annotation, made for
     * all of them at once ({@link AnnotationQueries#seenBy}: a few statements whatever their number).
     */
    @Override
    @Transactional
    public Map<UUID, Sight> sightsOf(String slug, UserRef viewer, Collection<UUID> annotations) {
        Optional<Doc> doc = document(slug);
        if (doc.isEmpty() || annotations.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Sight> sights = new HashMap<>();
        for (AnnotationQueries.Shown s : queries.seenBy(viewer, doc.get(), annotations)) {
            Annotation a = s.annotation();
            if (!permissions.may(viewer, Action.READ_ANNOTATION, s.target())) {
                sights.put(a.id, unreadable(viewer, a, s.target()));
            } else if (a.isDeleted()) {
                sights.put(a.id, new Deleted(Representations.write(representations.tombstone(a, slug, s.extras()))));
            } else {
                sights.put(a.id, new Visible(Representations.write(representations.annotation(a, slug, s.author(), s.extras()))));
            }
        }
        return sights;
    }

    /**
     * What a viewer who may not read the annotation is told: that it is withdrawn if they would
     * read it but for moderation and the group ever saw it, else nothing.
     */
    private Sight unreadable(UserRef viewer, Annotation a, Target.Annotation t) {
        return a.everVisible && permissions.may(viewer, Action.READ_ANNOTATION, unmoderated(t)) ? WITHDRAWN : UNSEEN;
    }

    /** The same annotation as the viewer would stand towards it if moderation held nothing back. */
    private static Target.Annotation unmoderated(Target.Annotation t) {
        return new Target.Annotation(t.authorId(), t.isPrivate(), t.deleted(), t.group(), ModerationState.VISIBLE, false,
                t.byModerator(), t.viewerPosts(), t.threadLocked());
    }

    @Override
    @Transactional
    public Optional<UUID> followable(UserRef user, String slug, UUID group) {
        Doc doc;
        try {
            doc = documents.find(user, slug);
        } catch (DomainError e) {
            return Optional.empty();
        }
        return memberships.standing(group, user).filter(g -> permissions.may(user, Action.READ_GROUP, g)).map(g -> doc.id());
    }

    @Override
    public void documentChanged(UUID document) {
        documents.forgetAll();
    }

    @Override
    public String annotationIri(String slug, UUID annotation) {
        return representations.iris().annotation(slug, annotation);
    }

    private Optional<Doc> document(String slug) {
        try {
            return Optional.of(documents.load(slug));
        } catch (DomainError e) {
            return Optional.empty();
        }
    }
}
