package org.scholion.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.annotations.AnnotationQueries.Found;
import org.scholion.annotations.Author;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * What the moderators of a group read: the queue, an annotation's flags and moderation history,
 * the log. All of it needs the permission map's {@link Action#READ_MODERATION} (moderators and
 * admins; members 403, others 404); reading stays allowed in an archived group.
 */
@ApplicationScoped
public class ModerationQueries {

    /** Which part of a group's annotations the queue shows. */
    public enum QueueFilter {
        /** What waits for a decision: open flags, pending, or edited after a verdict (the default). */
        OPEN("(EXISTS (SELECT 1 FROM annotation_flag f WHERE f.annotation_id = a.id AND f.resolved_at IS NULL)"
                + " OR a.moderation = 'pending' OR a.recheck_since IS NOT NULL) AND a.deleted_at IS NULL"),
        FLAGGED("EXISTS (SELECT 1 FROM annotation_flag f WHERE f.annotation_id = a.id AND f.resolved_at IS NULL)"
                + " AND a.deleted_at IS NULL"),
        PENDING("a.moderation = 'pending' AND a.deleted_at IS NULL"),
        /** Its author's edit cleared a moderator's verdict (endorsement, source review): look again. */
        RECHECK("a.recheck_since IS NOT NULL AND a.deleted_at IS NULL"),
        HIDDEN("a.moderation = 'hidden' AND a.deleted_at IS NULL"),
        /** A new revision of their document lost their passage (issue 18): their authors re-attach them, moderators see them. */
        ORPHANED("a.anchoring = 'orphaned' AND a.parent_id IS NULL AND a.deleted_at IS NULL"),
        /** Deleted by their authors: what a moderator may restore. */
        DELETED("a.deleted_at IS NOT NULL"),
        ALL("TRUE");

        private final String sql;

        QueueFilter(String sql) {
            this.sql = sql;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final String PATTERN_TEXT = "open|flagged|pending|recheck|hidden|orphaned|deleted|all";
    }

    /** A flag as moderators see it: with who flagged. */
    public record FlagSeen(Flag flag, Author flagger) {
    }

    /** An annotation in the queue: with its document, author, extras (for the moderator) and flags. */
    public record Item(Annotation annotation, String documentSlug, String documentTitle, Author author, Extras extras,
            List<FlagSeen> flags) {
    }

    public record Queue(UUID groupId, QueueFilter filter, long total, int page, int pageSize, List<Item> items) {
    }

    /** An annotation's moderation as its moderators see it. */
    public record Record(Annotation annotation, Extras extras, Author moderatedBy, List<FlagSeen> flags,
            List<ModerationLog.Line> history) {
    }

    public record LogPage(UUID groupId, long total, int page, int pageSize, List<ModerationLog.Line> lines) {
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final AnnotationQueries annotations;
    private final ModerationLog log;
    private final ViewerExtras viewerExtras;

    ModerationQueries(EntityManager em, Permissions permissions, Memberships memberships, AnnotationQueries annotations,
            ModerationLog log, ViewerExtras viewerExtras) {
        this.viewerExtras = viewerExtras;
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
        this.annotations = annotations;
        this.log = log;
    }

    /** The group, if the caller may read its moderation; else the permission map's answer (404, 403). */
    Target.Group moderatedGroup(UserRef user, UUID groupId) {
        Target.Group g = memberships.standing(groupId, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.READ_MODERATION, g);
        return g;
    }

    /**
     * The queue: flagged first (most open flags first), then pending, then those to look at
     * again, then newest. Three
     * statements whatever the page size: the count, the annotations with their extras, the flags
     * (plus the authors).
     */
    public Queue queue(UserRef user, UUID groupId, QueueFilter filter, int page, int pageSize) {
        moderatedGroup(user, groupId);
        String where = " FROM annotation a JOIN document d ON d.id = a.document_id WHERE a.group_id = :group AND " + filter.sql;
        long total = ((Number) em.createNativeQuery("SELECT count(*)" + where).setParameter("group", groupId).getSingleResult())
                .longValue();
        List<Item> items = new ArrayList<>();
        if (total > (long) page * pageSize) {
            Query q = em.createNativeQuery("SELECT a.*, " + ViewerExtras.columns(user) + ", d.slug AS x_slug,"
                    + " d.title AS x_title" + where
                    + " ORDER BY (SELECT count(*) FROM annotation_flag f WHERE f.annotation_id = a.id AND f.resolved_at IS NULL) DESC,"
                    + " (a.moderation = 'pending') DESC, (a.recheck_since IS NOT NULL) DESC, a.created_at DESC, a.id"
                    + " LIMIT :limit OFFSET :offset",
                    Annotation.WITH_EXTRAS_AND_DOCUMENT);
            q.setParameter("group", groupId).setParameter("viewer", user.id()).setParameter("limit", pageSize)
                    .setParameter("offset", (long) page * pageSize);
            List<Object[]> rows = new ArrayList<>();
            for (Object row : q.getResultList()) {
                rows.add((Object[]) row);
            }
            Set<UUID> ids = rows.stream().map(r -> ((Annotation) r[0]).id).collect(Collectors.toSet());
            Set<UUID> authorIds = rows.stream().map(r -> ((Annotation) r[0]).authorId).collect(Collectors.toSet());
            Map<UUID, List<FlagSeen>> flags = flags(ids);
            Map<UUID, Author> authors = authors(authorIds);
            for (Object[] r : rows) {
                Annotation a = (Annotation) r[0];
                int extrasEnd = 1 + ViewerExtras.COLUMNS;
                items.add(new Item(a, (String) r[extrasEnd], (String) r[extrasEnd + 1], authors.get(a.authorId),
                        ViewerExtras.of(r, 1), flags.getOrDefault(a.id, List.of())));
            }
        }
        return new Queue(groupId, filter, total, page, pageSize, items);
    }

    /** One annotation's moderation: its state, who decided it, all its flags (open and resolved) and its history. */
    public Record record(UserRef user, Doc doc, UUID id) {
        Found f = annotations.readable(user, doc, id, null);
        permissions.require(user, Action.READ_MODERATION, f.target());
        Annotation a = f.annotation();
        Author by = a.moderatedBy == null ? null : authors(Set.of(a.moderatedBy)).get(a.moderatedBy);
        return new Record(a, viewerExtras.of(user, a), by, flags(Set.of(a.id)).getOrDefault(a.id, List.of()),
                log.ofAnnotation(a.id));
    }

    /** A page of the group's log, newest first. */
    public LogPage log(UserRef user, UUID groupId, int page, int pageSize) {
        moderatedGroup(user, groupId);
        return new LogPage(groupId, log.count(groupId), page, pageSize, log.lines(groupId, page, pageSize));
    }

    /** Entries an export reads per statement: its memory stays one chunk whatever the log's length. */
    static final int EXPORT_CHUNK = 500;

    /**
     * The whole log of the group, in the order it happened (the export), as it stands now: the
     * caller is checked here, the entries are read chunk by chunk, each in its own short
     * transaction, while they are written out; entries appended meanwhile are not part of it.
     */
    public LogExport wholeLog(UserRef user, UUID groupId) {
        moderatedGroup(user, groupId);
        return new LogExport(groupId, log.lastId(groupId));
    }

    /** The log up to one entry, read in chunks. */
    public final class LogExport {
        private final UUID groupId;
        private final long upToId;

        private LogExport(UUID groupId, long upToId) {
            this.groupId = groupId;
            this.upToId = upToId;
        }

        /** Hands each chunk of entries, in order, to {@code each}. */
        public void forEachChunk(java.util.function.Consumer<List<ModerationLog.Line>> each) {
            long after = 0;
            while (after < upToId) {
                long from = after;
                List<ModerationLog.Line> chunk = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                        .call(() -> log.chunk(groupId, from, upToId, EXPORT_CHUNK));
                if (chunk.isEmpty()) {
                    return;
                }
                each.accept(chunk);
                after = chunk.get(chunk.size() - 1).id();
            }
        }
    }

    private Map<UUID, List<FlagSeen>> flags(Set<UUID> annotationIds) {
        Map<UUID, List<FlagSeen>> out = new HashMap<>();
        if (annotationIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createQuery("SELECT f, u FROM Flag f, AppUser u WHERE u.id = f.flaggerId"
                + " AND f.annotationId IN :ids ORDER BY f.id", Object[].class).setParameter("ids", annotationIds).getResultList();
        for (Object[] r : rows) {
            Flag f = (Flag) r[0];
            AppUser u = (AppUser) r[1];
            out.computeIfAbsent(f.annotationId, k -> new ArrayList<>()).add(new FlagSeen(f, new Author(u.id, u.username, u.displayName)));
        }
        return out;
    }

    Map<UUID, Author> authors(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("SELECT u FROM AppUser u WHERE u.id IN :ids", AppUser.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(u -> u.id, u -> new Author(u.id, u.username, u.displayName)));
    }
}
