package org.scholion.annotations.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Author;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.security.Visibility;

/**
 * What a viewer is told about an annotation beyond its row: their own upvote and flag, the open
 * flags (moderators only), the reviews of its sources, who endorsed it. As SQL columns
 * ({@link #columns}) every reader of annotations — the container, moderation queues, search,
 * exports — takes them with the rows in the same statement; {@link #of(Object[], int)} reads them
 * back.
 */
@ApplicationScoped
public class ViewerExtras {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A moderator's current verdict on one source of an annotation.
     *
     * @param verdict {@code verified}, {@code does-not-support} or {@code unreliable}
     */
    public record SourceReview(String verdict, String note, OffsetDateTime reviewed, Author reviewer) {
    }

    /**
     * What one viewer is told about an annotation beyond its row.
     *
     * @param openFlags the number of open flags, or null when the viewer does not moderate it
     * @param reviews   by source id
     * @param endorser  null unless endorsed
     * @param flagsSeen a version of the flags the viewer sees on it (their own; everyone's where they
     *                  moderate), null when there are none: part of the annotation's ETag, since
     *                  flags change what the viewer is shown without changing the annotation
     */
    public record Extras(boolean upvotedByMe, boolean flaggedByMe, Integer openFlags, Map<UUID, SourceReview> reviews,
            Author endorser, String flagsSeen) {
        public static final Extras NONE = new Extras(false, false, null, Map.of(), null, null);
    }

    private final EntityManager em;

    ViewerExtras(EntityManager em) {
        this.em = em;
    }

    /** How many columns {@link #columns} adds. */
    public static final int COLUMNS = 6;

    /**
     * The extras as SQL columns over the alias {@code a}, for the viewer {@code :viewer}: one
     * statement gives them with the rows (see {@code Annotation}'s result set mapping).
     */
    public static String columns(UserRef user) {
        return "EXISTS (SELECT 1 FROM annotation_upvote u WHERE u.annotation_id = a.id AND u.user_id = :viewer"
                + " AND u.withdrawn_at IS NULL) AS x_upvoted,"
                + " EXISTS (SELECT 1 FROM annotation_flag f WHERE f.annotation_id = a.id AND f.flagger_id = :viewer"
                + " AND f.resolved_at IS NULL) AS x_flagged,"
                + " CASE WHEN " + Visibility.MODERATES.sql(user) + " THEN " + OPEN_FLAGS + " END AS x_flags,"
                + " " + REVIEWS + " AS x_reviews,"
                + " " + ENDORSER + " AS x_endorser,"
                + " " + flagsSeen("f.flagger_id = :viewer OR " + Visibility.MODERATES.sql(user)) + " AS x_flagsseen";
    }

    /** Over the alias {@code a}: its open flags. */
    private static final String OPEN_FLAGS = "(SELECT count(*) FROM annotation_flag f WHERE f.annotation_id = a.id"
            + " AND f.resolved_at IS NULL)";
    /** Over the alias {@code a}: the current review of each source, as a JSON array (text), or null. */
    private static final String REVIEWS = "CAST((SELECT jsonb_agg(jsonb_build_object('source', r.source_id, 'verdict', r.verdict,"
            + " 'note', r.note, 'reviewed', r.reviewed_at, 'id', u.id, 'username', u.username, 'name', u.display_name))"
            + " FROM (SELECT DISTINCT ON (r.source_id) r.* FROM source_review r WHERE r.annotation_id = a.id"
            + " ORDER BY r.source_id, r.id DESC) r JOIN app_user u ON u.id = r.reviewer_id WHERE r.verdict IS NOT NULL) AS text)";
    /** Over the alias {@code a}: who endorsed it, as a JSON object (text), or null. */
    private static final String ENDORSER = "CAST((SELECT jsonb_build_object('id', u.id, 'username', u.username, 'name',"
            + " u.display_name) FROM app_user u WHERE u.id = a.endorsed_by) AS text)";

    /**
     * A version of a set of flags (alias {@code f}) that moves with every change of it: flags are
     * never deleted, each starts at row version 1 and every update adds 1 (migration V10), so the
     * sum grows with every flag added and every flag resolved. Per-row numbers, not the instance's
     * {@code change_seq}: it is part of ETags, which must not count anyone else's writes.
     */
    private static final String FLAGS_VERSION = "sum(f.row_version) || '.' || count(*)";

    /** Over the alias {@code a}: a version of those of its flags that {@code which} selects (alias {@code f}), or null. */
    private static String flagsSeen(String which) {
        return "(SELECT " + FLAGS_VERSION + " FROM annotation_flag f WHERE f.annotation_id = a.id AND (" + which + "))";
    }

    /** The extras from a row whose {@link #columns} start at {@code at}. */
    public static Extras of(Object[] r, int at) {
        Map<UUID, SourceReview> reviews = new HashMap<>();
        if (r[at + 3] != null) {
            for (JsonNode n : json((String) r[at + 3])) {
                reviews.put(UUID.fromString(n.get("source").asText()), new SourceReview(n.get("verdict").asText(),
                        n.hasNonNull("note") ? n.get("note").asText() : null, OffsetDateTime.parse(n.get("reviewed").asText()),
                        author(n)));
            }
        }
        return new Extras(Boolean.TRUE.equals(r[at]), Boolean.TRUE.equals(r[at + 1]),
                r[at + 2] == null ? null : ((Number) r[at + 2]).intValue(), reviews,
                r[at + 4] == null ? null : author(json((String) r[at + 4])), (String) r[at + 5]);
    }

    private static Author author(JsonNode n) {
        return new Author(UUID.fromString(n.get("id").asText()), n.get("username").asText(), n.get("name").asText());
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The extras of one annotation for the viewer. */
    public Extras of(UserRef user, Annotation a) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT " + columns(user) + " FROM annotation a WHERE a.id = :id")
                .setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
        return of(r, 0);
    }

    /** The version of the flags on the annotation that the viewer sees (their extras' {@code flagsSeen}), alone. */
    public String flagsSeen(UserRef user, Annotation a) {
        return (String) em.createNativeQuery("SELECT " + flagsSeen("f.flagger_id = :viewer OR " + Visibility.MODERATES.sql(user))
                + " FROM annotation a WHERE a.id = :id").setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
    }

    /**
     * The extras of one annotation for each of several viewers (who may read it), in three
     * statements whatever their number: what is the same for all (reviews, endorser, open flags),
     * whose flags are on it, whose upvotes. Gives what {@link #of(UserRef, Annotation)} gives
     * each of them (live updates send each viewer what a GET would).
     *
     * @param targets how each viewer stands towards it ({@code AnnotationQueries.targets})
     */
    public Map<UUID, Extras> forViewers(Annotation a, Map<UUID, Target.Annotation> targets, Collection<UserRef> viewers) {
        Map<UUID, Extras> out = new HashMap<>();
        if (viewers.isEmpty()) {
            return out;
        }
        Object[] shared = (Object[]) em.createNativeQuery("SELECT " + OPEN_FLAGS + ", " + REVIEWS + ", " + ENDORSER + ", "
                + flagsSeen("TRUE") + " FROM annotation a WHERE a.id = :id").setParameter("id", a.id).getSingleResult();
        List<UUID> ids = viewers.stream().map(UserRef::id).toList();
        Map<UUID, String> ownFlags = new HashMap<>();
        Set<UUID> flaggedOpen = new HashSet<>();
        @SuppressWarnings("unchecked")
        List<Object[]> flags = em.createNativeQuery("SELECT f.flagger_id, " + FLAGS_VERSION + ","
                + " bool_or(f.resolved_at IS NULL) FROM annotation_flag f WHERE f.annotation_id = :id AND f.flagger_id IN (:viewers)"
                + " GROUP BY f.flagger_id").setParameter("id", a.id).setParameter("viewers", ids).getResultList();
        for (Object[] f : flags) {
            ownFlags.put((UUID) f[0], (String) f[1]);
            if (Boolean.TRUE.equals(f[2])) {
                flaggedOpen.add((UUID) f[0]);
            }
        }
        @SuppressWarnings("unchecked")
        List<UUID> upvoted = em.createNativeQuery("SELECT u.user_id FROM annotation_upvote u WHERE u.annotation_id = :id"
                + " AND u.user_id IN (:viewers) AND u.withdrawn_at IS NULL", UUID.class).setParameter("id", a.id)
                .setParameter("viewers", ids).getResultList();
        for (UserRef v : viewers) {
            boolean moderates = Visibility.MODERATES.test(v, targets.get(v.id()));
            // the same columns as extrasColumns, in its order
            Object[] row = { upvoted.contains(v.id()), flaggedOpen.contains(v.id()), moderates ? shared[0] : null, shared[1], shared[2],
                    moderates ? shared[3] : ownFlags.get(v.id()) };
            out.put(v.id(), of(row, 0));
        }
        return out;
    }
}
