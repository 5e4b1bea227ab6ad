package org.scholion.annotations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.domain.DomainError;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.security.Visibility;

/**
 * Reading annotations: one annotation for one caller, and the container's listing. Every listing
 * query narrows by {@link Visibility#LISTED}, the same rule the permission map applies to one
 * annotation.
 */
@ApplicationScoped
public class AnnotationQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An annotation's author as shown in {@code creator}. */
    public record Author(UUID id, String username, String displayName) {
        public static Author of(AppUser u) {
            return new Author(u.id, u.username, u.displayName);
        }
    }

    /**
     * An annotation with what an answer about it needs.
     *
     * @param author null for a deleted annotation (its tombstone names no one)
     * @param target how the caller stands towards it, for the permission map (e.g. may they edit)
     * @param extras what the caller is told beyond the row (upvoted, flagged, reviews …)
     */
    public record Shown(Annotation annotation, Author author, Target.Annotation target, Extras extras) {
        public Shown(Annotation annotation, Author author, Target.Annotation target) {
            this(annotation, author, target, Extras.NONE);
        }
    }

    /**
     * A moderator's current verdict on one source of an annotation.
     *
     * @param verdict {@code verified}, {@code does-not-support} or {@code unreliable}
     */
    public record SourceReview(String verdict, String note, OffsetDateTime reviewed, Author reviewer) {
    }

    /**
     * What one viewer is told about an annotation beyond its row: their own upvote and flag, the
     * open flags (moderators only), the reviews of its sources, who endorsed it.
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

    /**
     * What the caller sees in a container (with its filters), summed up in one query: how many
     * annotations, the latest change, and a validator that moves exactly when what this caller
     * may see moves — any listed annotation changing, appearing or leaving, or the caller's own
     * memberships or groups changing — and is the same in every app instance, since it is made
     * from the database alone.
     *
     * @param heaviest the largest {@code annotation.weight} of the listing (0 when it is empty): an
     *                 upper bound of the bytes any one of its rows adds to a page (see migration V8)
     */
    public record ContainerState(long total, OffsetDateTime modified, String validator, long heaviest) {
        /** The number of the last page (from 0) when the listing is cut into pages of this size. */
        public int lastPage(int pageSize) {
            return lastPage(total, pageSize);
        }

        static int lastPage(long total, int pageSize) {
            return total == 0 ? 0 : (int) ((total - 1) / pageSize);
        }
    }

    /**
     * A page of a listing. Each item is what its representation is made of (the row's id and version,
     * its author as named now, the viewer's extras) and, when the writer did not have that item written
     * already, its annotation; {@link #reread} reads one the writer lost meanwhile.
     */
    public record Page(List<Listed> items, long total, OffsetDateTime modified, int page, int pageSize,
            Function<UUID, Annotation> reread) {
        public int lastPage() {
            return ContainerState.lastPage(total, pageSize);
        }
    }

    /** One row of a listing; {@code annotation} is null when the caller had its item already (or wanted only ids). */
    public record Listed(UUID id, long rowVersion, Author author, Extras extras, Annotation annotation) {
    }

    private final EntityManager em;
    /** Listings evaluated, under their fingerprint, caller, document and filter ({@link #state}); small records. */
    private final Cache<String, ContainerState> states = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Permissions permissions;
    private final Memberships memberships;

    private final AgroalDataSource db;

    AnnotationQueries(EntityManager em, Permissions permissions, Memberships memberships, AgroalDataSource db) {
        this.em = em;
        this.db = db;
        this.permissions = permissions;
        this.memberships = memberships;
    }

    // ---- one annotation --------------------------------------------------------------------------

    /** The annotation if the caller may read it (deleted ones included, for their tombstone); not found otherwise. */
    public Shown get(UserRef user, Doc doc, UUID id) {
        Found f = readable(user, doc, id, null);
        return shown(user, f.annotation(), f.target());
    }

    /** As {@link #get}, for an annotation already loaded (and checked, and perhaps changed) by the caller. */
    public Shown shown(UserRef user, Annotation a) {
        return shown(user, a, target(user, a));
    }

    private Shown shown(UserRef user, Annotation a, Target.Annotation target) {
        if (a.isDeleted()) {
            return new Shown(a, null, target, Extras.NONE);
        }
        // the viewer's extras and the author in one statement
        Object[] r = (Object[]) em.createNativeQuery("SELECT " + extrasColumns(user) + ", u.id AS author_id, u.username AS author_username,"
                + " u.display_name AS author_name FROM annotation a LEFT JOIN app_user u ON u.id = a.author_id WHERE a.id = :id")
                .setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
        Author author = r[EXTRAS_COLUMNS] == null ? null
                : new Author((UUID) r[EXTRAS_COLUMNS], (String) r[EXTRAS_COLUMNS + 1], (String) r[EXTRAS_COLUMNS + 2]);
        return new Shown(a, author, target, extrasOf(r, 0));
    }

    /** An annotation and how the caller stands towards it. */
    public record Found(Annotation annotation, Target.Annotation target) {
    }

    /**
     * The annotation the caller may read, or not found naming {@code field} (null: the request
     * itself). Each call loads the row and the caller's standing in its group.
     */
    public Found readable(UserRef user, Doc doc, UUID id, String field) {
        Annotation a = em.find(Annotation.class, id);
        Target.Annotation target = a == null || !a.documentId.equals(doc.id()) ? null : target(user, a);
        if (target == null || !permissions.may(user, Action.READ_ANNOTATION, target)) {
            throw field == null ? DomainError.notFound() : DomainError.notFound(field, "no annotation you can see has this IRI");
        }
        return new Found(a, target);
    }

    /** The permission map's view of an annotation for this caller (tests and tools). */
    public Target.Annotation targetOf(UserRef user, UUID id) {
        return target(user, em.find(Annotation.class, id));
    }

    /**
     * How the caller stands towards the annotation: its group through the one membership lookup;
     * whether the caller has posted here, looked up only when the group hides peers until one
     * posts; whether its thread is locked.
     */
    public Target.Annotation target(UserRef user, Annotation a) {
        Target.Group group = a.groupId == null ? null
                : memberships.standing(a.groupId, user, a.documentId)
                        .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
        int posts = group != null && group.settings().postsToSee() > 0 ? posts(a, List.of(user.id())).getOrDefault(user.id(), 0) : 0;
        return a.asTarget(group, posts, threadLocked(a));
    }

    /**
     * How each of several viewers stands towards one annotation, in at most three queries whatever
     * their number (the group and its settings, the viewers' roles, who of them has posted here):
     * for deciding one annotation for many viewers at once (live updates).
     */
    public Map<UUID, Target.Annotation> targets(Annotation a, Collection<UserRef> viewers) {
        Map<UUID, Target.Annotation> out = new HashMap<>();
        boolean locked = threadLocked(a);
        if (a.groupId == null || viewers.isEmpty()) {
            viewers.forEach(v -> out.put(v.id(), a.asTarget(null, 0, locked)));
            return out;
        }
        Target.Group group = memberships.standing(a.groupId, viewers.iterator().next(), a.documentId)
                .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
        List<UUID> ids = viewers.stream().map(UserRef::id).toList();
        Map<UUID, Target.MemberRole> roles = memberships.roles(a.groupId, ids);
        Map<UUID, Integer> posts = group.settings().postsToSee() > 0 ? posts(a, ids) : Map.of();
        for (UserRef v : viewers) {
            Target.Group seen = new Target.Group(group.id(), group.archived(), roles.get(v.id()), group.settings());
            out.put(v.id(), a.asTarget(seen, posts.getOrDefault(v.id(), 0), locked));
        }
        return out;
    }

    /**
     * Several annotations of one document as one viewer stands towards them and would be shown
     * them: the mirror of {@link #targets(Annotation, Collection)} (one viewer, many annotations),
     * for live catch-up. A fixed number of statements whatever their number: the rows with the
     * viewer's extras (as a listing page reads them), the viewer's standing in each of their groups
     * (one for a catch-up, which follows one group), whether the viewer has posted there (only where
     * the group hides peers until one posts), which of their threads are locked, their authors.
     * Ids that are not annotations of the document are left out.
     *
     * @return in no particular order
     */
    public List<Shown> seenBy(UserRef viewer, Doc doc, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Query q = em.createNativeQuery("SELECT a.*, " + extrasColumns(viewer) + " FROM annotation a"
                + " WHERE a.id IN (:ids) AND a.document_id = :doc", Annotation.WITH_EXTRAS)
                .setParameter("ids", ids).setParameter("doc", doc.id()).setParameter("viewer", viewer.id());
        List<Annotation> rows = new ArrayList<>();
        Map<UUID, Extras> extras = new HashMap<>();
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            Annotation a = (Annotation) r[0];
            rows.add(a);
            extras.put(a.id, extrasOf(r, 1));
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, Target.Group> groups = new HashMap<>();
        Map<UUID, Integer> posted = new HashMap<>();
        for (Annotation a : rows) {
            if (a.groupId != null && !groups.containsKey(a.groupId)) {
                Target.Group g = memberships.standing(a.groupId, viewer, a.documentId)
                        .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
                groups.put(a.groupId, g);
                posted.put(a.groupId, g.settings().postsToSee() > 0 ? posts(a, List.of(viewer.id())).getOrDefault(viewer.id(), 0) : 0);
            }
        }
        Set<UUID> roots = rows.stream().map(a -> a.rootId).collect(Collectors.toSet());
        @SuppressWarnings("unchecked")
        List<UUID> lockedList = em.createNativeQuery("SELECT r.id FROM annotation r WHERE r.id IN (:roots) AND r.locked_at IS NOT NULL",
                UUID.class).setParameter("roots", roots).getResultList();
        Set<UUID> locked = Set.copyOf(lockedList);
        Set<UUID> authorIds = rows.stream().filter(a -> !a.isDeleted()).map(a -> a.authorId).collect(Collectors.toSet());
        Map<UUID, Author> authors = authorIds.isEmpty() ? Map.of()
                : em.createQuery("SELECT u FROM AppUser u WHERE u.id IN :ids", AppUser.class).setParameter("ids", authorIds)
                        .getResultStream().collect(Collectors.toMap(u -> u.id, Author::of));
        List<Shown> out = new ArrayList<>();
        for (Annotation a : rows) {
            Target.Group g = a.groupId == null ? null : groups.get(a.groupId);
            Target.Annotation t = a.asTarget(g, a.groupId == null ? 0 : posted.get(a.groupId), locked.contains(a.rootId));
            // a deleted one keeps its extras: its tombstone carries the viewer's ETag, as in the live stream
            out.add(new Shown(a, a.isDeleted() ? null : authors.get(a.authorId), t, extras.get(a.id)));
        }
        return out;
    }

    /**
     * How many annotations each of the users has posted on the annotation's document in its group
     * ({@link Visibility#POSTED}); those who posted none are left out.
     */
    private Map<UUID, Integer> posts(Annotation a, List<UUID> users) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT p.author_id, count(*) FROM annotation p WHERE p.document_id = :doc"
                + " AND p.group_id = :group AND p.author_id IN (:users) AND " + Visibility.POSTED.replace("p.author_id = :viewer AND ", "")
                + " GROUP BY p.author_id")
                .setParameter("doc", a.documentId).setParameter("group", a.groupId).setParameter("users", users).getResultList();
        Map<UUID, Integer> out = new HashMap<>();
        for (Object[] r : found) {
            out.put((UUID) r[0], ((Number) r[1]).intValue());
        }
        return out;
    }

    private boolean threadLocked(Annotation a) {
        Annotation root = a.isReply() ? em.find(Annotation.class, a.rootId) : a;
        return root != null && root.lockedAt != null;
    }

    // ---- what a viewer is told beyond the row ----------------------------------------------------

    /**
     * The extras as SQL columns over the alias {@code a}, for the viewer {@code :viewer}: one
     * statement gives them with the rows (see {@code Annotation}'s result set mapping).
     */
    public static String extrasColumns(UserRef user) {
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

    /**
     * The extras of one annotation for each of several viewers (who may read it), in three
     * statements whatever their number: what is the same for all (reviews, endorser, open flags),
     * whose flags are on it, whose upvotes. Gives what {@link #extras(UserRef, Annotation)} gives
     * each of them (live updates send each viewer what a GET would).
     *
     * @param targets how each viewer stands towards it ({@link #targets})
     */
    public Map<UUID, Extras> extras(Annotation a, Map<UUID, Target.Annotation> targets, Collection<UserRef> viewers) {
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
            out.put(v.id(), extrasOf(row, 0));
        }
        return out;
    }

    /** The version of the flags on the annotation that the viewer sees (their extras' {@code flagsSeen}), alone. */
    public String flagsSeen(UserRef user, Annotation a) {
        return (String) em.createNativeQuery("SELECT " + flagsSeen("f.flagger_id = :viewer OR " + Visibility.MODERATES.sql(user))
                + " FROM annotation a WHERE a.id = :id").setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
    }

    /** How many columns {@link #extrasColumns} adds. */
    public static final int EXTRAS_COLUMNS = 6;

    /** The extras of one annotation for the viewer. */
    public Extras extras(UserRef user, Annotation a) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT " + extrasColumns(user) + " FROM annotation a WHERE a.id = :id")
                .setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
        return extrasOf(r, 0);
    }

    /** The extras from a row whose {@link #extrasColumns} start at {@code at}. */
    public static Extras extrasOf(Object[] r, int at) {
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

    // ---- the container ---------------------------------------------------------------------------

    /**
     * The listing's summary and validator; not found when it filters by a group the caller may not
     * read. Evaluating the listing costs a pass over every annotation of the document with the
     * visibility rule, so it is done only when its inputs moved: a first, cheap query reads the
     * {@linkplain #fingerprint fingerprint} of everything the listing depends on, and the summary is
     * kept in memory under it (with the caller, their admin role, the document and the filter). The
     * validator itself stays exact — a write someone else cannot see moves the fingerprint, not
     * their ETag — and comes from the database alone, so every instance agrees.
     */
    public ContainerState state(UserRef user, Doc doc, Filter f) {
        Fingerprint fingerprint = fingerprint(user, doc, f);
        return states.get(fingerprint.document() + "|" + fingerprint.caller() + "|" + user.id() + "|" + user.isAdmin() + "|"
                + doc.id() + "|" + f, k -> evaluate(user, doc, f, fingerprint.caller()));
    }

    /**
     * @param document the document's annotations (count, highest and sum of their change numbers)
     * @param caller   what the caller's view depends on besides them: their access number, their groups'
     *                 change numbers, the flags they see
     */
    record Fingerprint(String document, String caller) {
    }

    /** The caller's groups, over the alias {@code g}. */
    private static String callersGroups(UserRef user) {
        return user.isAdmin() ? "TRUE" : "g.id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer)";
    }

    /** 1 when the filter names no group or a group the caller may read, else 0. */
    private static String filterGroup(UserRef user, Filter f) {
        return f.group() == null ? "1"
                : "(SELECT count(*) FROM classroom_group g WHERE g.id = :group AND (" + (user.isAdmin() ? "TRUE"
                        : "EXISTS (SELECT 1 FROM membership m WHERE m.group_id = g.id AND m.user_id = :viewer)") + "))";
    }

    /**
     * Flags are not changes of the annotation row: the viewer's own flags and, where they moderate,
     * everyone's move their validator (and no one else's).
     */
    private static String flagsSeen(UserRef user) {
        String seen = "f.flagger_id = :viewer OR " + (user.isAdmin() ? "TRUE"
                : "f.group_id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer AND m.role = 'moderator')");
        return "(SELECT coalesce(max(f.change_seq), 0) || '-' || count(*) FROM annotation_flag f WHERE f.document_id = :doc"
                + " AND (" + seen + "))";
    }

    /**
     * Everything the listing of this document depends on, for this caller, in one cheap query: the
     * count, the highest and the sum of the change numbers of the document's annotations that are
     * not deleted (read from the listing index alone; a trigger takes a new number from one
     * sequence on every insert and update, so any write moves the sum, whatever order transactions
     * commit in), the caller's access number, their groups' change numbers and the flags they see.
     * Not found when the filter names a group the caller may not read.
     */
    Fingerprint fingerprint(UserRef user, Doc doc, Filter f) {
        NamedSql q = NamedSql.of("SELECT count(*), coalesce(max(a.change_seq), 0), coalesce(sum(a.change_seq), 0),"
                + " (SELECT u.access_seq FROM app_user u WHERE u.id = :viewer),"
                + " (SELECT coalesce(max(g.change_seq), 0) FROM classroom_group g WHERE " + callersGroups(user) + "),"
                + " " + filterGroup(user, f) + ", " + flagsSeen(user)
                + " FROM annotation a WHERE a.document_id = :doc AND a.deleted_at IS NULL");
        Map<String, Object> params = new HashMap<>(4);
        params.put("doc", doc.id());
        params.put("viewer", user.id());
        if (f.group() != null) {
            params.put("group", f.group());
        }
        Object[] r = q.row(db, params);
        if (((Number) r[5]).longValue() == 0) {
            throw DomainError.notFound("group", "no group you belong to has this id");
        }
        return new Fingerprint(r[0] + "." + r[1] + "." + r[2], r[3] + "." + r[4] + "." + r[6]);
    }

    /**
     * The listing evaluated: what the caller sees, summed up, and its exact validator — the count,
     * highest and sum of the change numbers of what they see, and {@code caller}, the part of the
     * fingerprint read just before that does not depend on the annotations.
     */
    private ContainerState evaluate(UserRef user, Doc doc, Filter f, String caller) {
        Where w = where(user, doc, f);
        // plain JDBC, like the fingerprint: a filter value never asked before (a new creator= each time)
        // evaluates the listing on every request, and through Hibernate the statement cost more than the query
        Object[] r = NamedSql.of("SELECT count(*), max(a.modified_at), coalesce(max(a.change_seq), 0),"
                + " coalesce(sum(a.change_seq), 0), coalesce(max(a.weight), 0)"
                + " FROM annotation a WHERE " + w.sql()).row(db, w.params());
        long total = ((Number) r[0]).longValue();
        return new ContainerState(total, toOffset(r[1]), total + "." + r[2] + "." + r[3] + "." + caller, ((Number) r[4]).longValue());
    }

    /**
     * One page of what the caller may see, in creation order (or most upvoted first): one statement
     * whatever its size for what its items are made of (ids, row versions, authors, the viewer's
     * extras), and one more for the whole rows of the items {@code written} says are not written yet.
     *
     * @param full descriptions (authors and extras), not only IRIs
     */
    public Page page(UserRef user, Doc doc, Filter f, ContainerState state, int page, int pageSize, boolean full,
            Predicate<Listed> written) {
        List<Listed> items = List.of();
        if (state.total() > (long) page * pageSize) {
            Where w = where(user, doc, f);
            String order = (f.byUpvotes() ? " ORDER BY a.upvotes DESC, a.created_at, a.id" : " ORDER BY a.created_at, a.id")
                    + " LIMIT :limit OFFSET :offset";
            Map<String, Object> params = new HashMap<>(w.params());
            params.put("limit", pageSize);
            params.put("offset", (long) page * pageSize);
            if (!full) {
                items = NamedSql.of("SELECT a.id FROM annotation a WHERE " + w.sql() + order).rows(db, params).stream()
                        .map(r -> new Listed((UUID) r[0], 0, null, Extras.NONE, null)).toList();
            } else {
                // what each item is made of, without its text: most items are written already (for this
                // viewer or one shown the same), and reading 100 whole rows into entities was a third of a
                // classroom's CPU (issue 20); the rows of the items not written yet are read after
                List<Listed> listed = new ArrayList<>();
                for (Object[] r : NamedSql.of("SELECT a.id, a.row_version, au.id, au.username, au.display_name, "
                        + extrasColumns(user) + " FROM annotation a LEFT JOIN app_user au ON au.id = a.author_id WHERE "
                        + w.sql() + order).rows(db, params)) {
                    Author author = r[2] == null ? null : new Author((UUID) r[2], (String) r[3], (String) r[4]);
                    listed.add(new Listed((UUID) r[0], ((Number) r[1]).longValue(), author, extrasOf(r, 5), null));
                }
                Set<UUID> unwritten = listed.stream().filter(l -> !written.test(l)).map(Listed::id).collect(Collectors.toSet());
                Map<UUID, Annotation> rows = unwritten.isEmpty() ? Map.of()
                        : em.createQuery("SELECT a FROM Annotation a WHERE a.id IN :ids", Annotation.class).setParameter("ids", unwritten)
                                .getResultStream().collect(Collectors.toMap(a -> a.id, a -> a));
                items = listed.stream().map(l -> unwritten.contains(l.id())
                        ? new Listed(l.id(), l.rowVersion(), l.author(), l.extras(), rows.get(l.id())) : l).toList();
            }
        }
        return new Page(items, state.total(), state.modified(), page, pageSize, id -> em.find(Annotation.class, id));
    }

    /** A WHERE clause and its parameters. */
    private record Where(String sql, Map<String, Object> params) {
    }

    /** The listing: this document, {@link Visibility#LISTED} for the caller, and the filters. */
    private static Where where(UserRef user, Doc doc, Filter f) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder w = new StringBuilder("a.document_id = :doc AND ").append(Visibility.LISTED.sql(user));
        params.put("doc", doc.id());
        params.put("viewer", user.id());
        if (f.group() != null) {
            w.append(" AND a.group_id = :group");
            params.put("group", f.group());
        }
        if (f.creator() != null) {
            UUID creatorId = uuidOrNull(f.creator());
            if (creatorId != null) {
                w.append(" AND a.author_id = :creator");
                params.put("creator", creatorId);
            } else {
                w.append(" AND a.author_id IN (SELECT u.id FROM app_user u WHERE u.username = :creator)");
                params.put("creator", f.creator());
            }
        }
        if (f.tag() != null) {
            w.append(" AND a.body @> CAST(:tag AS jsonb)");
            params.put("tag", StoredBodies.tagQuery(f.tag()));
        }
        if (f.motivation() != null) {
            w.append(" AND a.motivation = :motivation");
            params.put("motivation", f.motivation().wire());
        }
        if (f.visibility() != null) {
            w.append(" AND a.visibility = :visibility");
            params.put("visibility", f.visibility());
        }
        if (f.moderation() != null) {
            w.append(" AND a.moderation = :moderation");
            params.put("moderation", f.moderation().wire());
        }
        if (f.anchoring() != null) {
            w.append(" AND a.anchoring = :anchoring");
            params.put("anchoring", f.anchoring());
        }
        return new Where(w.toString(), params);
    }

    /** A UUID in its canonical lower-case form, else null (then it is a username). */
    public static UUID uuidOrNull(String s) {
        try {
            UUID id = UUID.fromString(s);
            return id.toString().equalsIgnoreCase(s) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A timestamp as JDBC hands it over, as an OffsetDateTime (null stays null). */
    public static OffsetDateTime toOffset(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
