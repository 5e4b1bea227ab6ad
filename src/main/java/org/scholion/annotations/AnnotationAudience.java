package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.scholion.live.LiveAudience;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.web.ProblemException;

/**
 * Live updates' view of the annotation rules, on today's {@link Permissions} and presenter:
 * one annotation load, one membership query for all viewers, then the permission map per viewer in
 * memory. To be re-implemented on the single visibility rule (issue 8).
 */
@ApplicationScoped
public class AnnotationAudience implements LiveAudience {
    private final AnnotationService annotations;
    private final EntityManager em;
    private final Permissions permissions;

    AnnotationAudience(AnnotationService annotations, EntityManager em, Permissions permissions) {
        this.annotations = annotations;
        this.em = em;
        this.permissions = permissions;
    }

    @Override
    @Transactional
    public Map<UUID, Sight> sights(String slug, UUID id, Collection<UserRef> viewers) {
        AnnotationService.Doc doc;
        try {
            doc = annotations.document(slug);
        } catch (ProblemException e) {
            return Map.of();
        }
        Annotation a = em.find(Annotation.class, id);
        if (a == null || !a.documentId.equals(doc.id()) || viewers.isEmpty()) {
            return Map.of();
        }
        boolean archived = false;
        Map<UUID, Target.MemberRole> roles = new HashMap<>();
        if (a.groupId != null) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT g.archived, m.user_id, m.role FROM classroom_group g
                    LEFT JOIN membership m ON m.group_id = g.id AND m.user_id IN (:viewers)
                    WHERE g.id = :group""")
                    .setParameter("group", a.groupId)
                    .setParameter("viewers", viewers.stream().map(UserRef::id).toList())
                    .getResultList();
            for (Object[] r : rows) {
                archived = Boolean.TRUE.equals(r[0]);
                if (r[1] != null) {
                    roles.put((UUID) r[1], "moderator".equals(r[2]) ? Target.MemberRole.MODERATOR : Target.MemberRole.MEMBER);
                }
            }
        }
        Sight shown = null;
        Map<UUID, Sight> sights = new HashMap<>();
        for (UserRef viewer : viewers) {
            Target.Group group = a.groupId == null ? null : new Target.Group(a.groupId, archived, roles.get(viewer.id()));
            Target.Annotation target = new Target.Annotation(a.authorId, a.isPrivate(), group);
            if (permissions.decide(viewer, Action.READ_ANNOTATION, target) != Permissions.Decision.ALLOW) {
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
        AnnotationJsonLd presenter = annotations.presenter();
        if (a.isDeleted()) {
            return new Deleted(AnnotationJsonLd.write(presenter.tombstone(a, slug)));
        }
        AppUser u = em.find(AppUser.class, a.authorId);
        AnnotationJsonLd.Author author = u == null ? null : new AnnotationJsonLd.Author(u.id, u.username, u.displayName);
        return new Visible(AnnotationJsonLd.write(presenter.document(a, slug, author)));
    }

    @Override
    @Transactional
    public boolean mayFollow(UserRef user, String slug, UUID group) {
        try {
            annotations.document(slug);
            return permissions.decide(user, Action.READ_GROUP, annotations.group(user, group)) == Permissions.Decision.ALLOW;
        } catch (ProblemException e) {
            return false;
        }
    }

    @Override
    public String annotationIri(String slug, UUID annotation) {
        return annotations.presenter().annotationIri(slug, annotation);
    }
}
