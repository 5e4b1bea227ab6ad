package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries.Author;
import org.scholion.annotations.w3c.Representations;
import org.scholion.domain.DomainError;
import org.scholion.groups.Group;
import org.scholion.groups.Membership;
import org.scholion.groups.Memberships;
import org.scholion.live.LiveAudience;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Live updates' view of the annotation rules: per event, one annotation load and one membership
 * query for all of an instance's subscribers, then the permission map (whose read rule is
 * {@link org.scholion.security.Visibility#READ}) per viewer in memory, and the same representation
 * a GET would give.
 */
@ApplicationScoped
public class AnnotationAudience implements LiveAudience {
    private final AnnotatedDocuments documents;
    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final Representations representations;

    AnnotationAudience(AnnotatedDocuments documents, EntityManager em, Permissions permissions, Memberships memberships,
            Representations representations) {
        this.documents = documents;
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
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
        Group group = a.groupId == null ? null : em.find(Group.class, a.groupId);
        Map<UUID, Target.MemberRole> roles = new HashMap<>();
        if (group != null) {
            em.createQuery("SELECT m FROM Membership m WHERE m.groupId = :group AND m.userId IN :viewers", Membership.class)
                    .setParameter("group", a.groupId).setParameter("viewers", viewers.stream().map(UserRef::id).toList())
                    .getResultStream().forEach(m -> roles.put(m.userId, m.role));
        }
        Sight shown = null;
        Map<UUID, Sight> sights = new HashMap<>();
        for (UserRef viewer : viewers) {
            Target.Group standing = group == null ? null : new Target.Group(group.id, group.archived, roles.get(viewer.id()));
            if (!permissions.may(viewer, Action.READ_ANNOTATION, a.asTarget(standing))) {
                sights.put(viewer.id(), UNSEEN);
                continue;
            }
            if (shown == null) {
                shown = present(a, slug);
            }
            sights.put(viewer.id(), shown);
        }
        return sights;
    }

    /** Today every viewer who may see an annotation gets the same representation. */
    private Sight present(Annotation a, String slug) {
        if (a.isDeleted()) {
            return new Deleted(Representations.write(representations.tombstone(a, slug)));
        }
        Author author = Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
        return new Visible(Representations.write(representations.annotation(a, slug, author)));
    }

    @Override
    @Transactional
    public boolean mayFollow(UserRef user, String slug, UUID group) {
        return document(slug).isPresent() && memberships.standing(group, user)
                .map(g -> permissions.may(user, Action.READ_GROUP, g)).orElse(false);
    }

    @Override
    public String annotationIri(String slug, UUID annotation) {
        return representations.iris().annotation(slug, annotation);
    }

    private Optional<Doc> document(String slug) {
        try {
            return Optional.of(documents.find(slug));
        } catch (DomainError e) {
            return Optional.empty();
        }
    }
}
