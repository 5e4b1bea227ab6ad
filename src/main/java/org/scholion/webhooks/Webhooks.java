package org.scholion.webhooks;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.domain.DomainError;
import org.scholion.domain.SqlUpdate;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.UserRef;
import org.scholion.web.Destinations;

/**
 * A group's webhook endpoints, managed by its moderators (and admins): subscribe a URL to some of
 * the group's events, optionally of one document; change, disable, delete; rotate the signing
 * secret; read the delivery log and send a delivery again. Changing needs what managing the group
 * needs (MANAGE_GROUP: moderators, not in an archived group; a token's {@code moderate} scope);
 * reading, what reading its moderation needs (READ_MODERATION). Another group's endpoint, or a
 * deleted one, is not found.
 */
@ApplicationScoped
public class Webhooks {
    /** The events an endpoint may subscribe to (Standard Webhooks' "type"). */
    public static final List<String> EVENTS = List.of("annotation.created", "annotation.updated", "annotation.deleted",
            "annotation.moderated", "source.reviewed", "document.revised", "reanchoring.done");
    static final int MAX_ENDPOINTS_PER_GROUP = 100;

    private final AgroalDataSource db;
    private final GroupService groups;
    private final boolean allowPrivate;

    Webhooks(AgroalDataSource db, GroupService groups,
            @ConfigProperty(name = "scholion.webhooks.allow-private-addresses", defaultValue = "false") boolean allowPrivate) {
        this.db = db;
        this.groups = groups;
        this.allowPrivate = allowPrivate;
    }

    /** An endpoint as its managers see it; {@code secret} only in the answers that make or rotate it. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Endpoint(UUID id, UUID group, String url, List<String> events, String document, boolean enabled,
            String disabledReason, OffsetDateTime created, OffsetDateTime updated, String secret) {
    }

    /** One delivery with its attempts, newest first in the log. */
    public record Delivery(UUID id, String type, long event, String state, int attempts, OffsetDateTime created,
            OffsetDateTime nextAttempt, OffsetDateTime finished, List<Attempt> tried) {
    }

    public record Attempt(int n, OffsetDateTime at, Integer status, String error, int ms) {
    }

    public Endpoint create(UserRef user, UUID group, String url, List<String> events, String document) {
        groups.require(user, group, Action.MANAGE_GROUP);
        checkUrl(url);
        String[] types = events(events);
        UUID doc = document(document);
        String secret = Signatures.newSecret();
        UUID id = UUID.randomUUID();
        int made = update("""
                INSERT INTO webhook (id, group_id, owner_id, url, events, document_id, secret)
                SELECT ?, ?, ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM webhook WHERE group_id = ? AND deleted_at IS NULL) < ?""",
                ps -> {
                    ps.setObject(1, id);
                    ps.setObject(2, group);
                    ps.setObject(3, user.id());
                    ps.setString(4, url);
                    ps.setArray(5, ps.getConnection().createArrayOf("text", types));
                    ps.setObject(6, doc);
                    ps.setString(7, secret);
                    ps.setObject(8, group);
                    ps.setInt(9, MAX_ENDPOINTS_PER_GROUP);
                });
        if (made == 0) {
            throw DomainError.conflict("url", "a group has at most " + MAX_ENDPOINTS_PER_GROUP + " webhooks");
        }
        return withSecret(find(group, id).orElseThrow(), secret);
    }

    public List<Endpoint> list(UserRef user, UUID group) {
        groups.require(user, group, Action.READ_MODERATION);
        return endpoints("w.group_id = ? AND w.deleted_at IS NULL ORDER BY w.created_at, w.id", group, null);
    }

    public Endpoint get(UserRef user, UUID group, UUID hook) {
        groups.require(user, group, Action.READ_MODERATION);
        return find(group, hook).orElseThrow(DomainError::notFound);
    }

    /** Changes what is given (null: unchanged); enabling a disabled endpoint clears why it was disabled. */
    public Endpoint change(UserRef user, UUID group, UUID hook, String url, List<String> events, String document,
            boolean documentGiven, Boolean enabled) {
        groups.require(user, group, Action.MANAGE_GROUP);
        Endpoint e = find(group, hook).orElseThrow(DomainError::notFound);
        if (url != null) {
            checkUrl(url);
        }
        String[] types = events == null ? null : events(events);
        UUID doc = documentGiven ? document(document) : null;
        update("""
                UPDATE webhook SET url = coalesce(?, url), events = coalesce(?, events),
                       document_id = CASE WHEN ? THEN ? ELSE document_id END,
                       enabled = coalesce(?, enabled), disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END,
                       updated_at = now()
                 WHERE id = ? AND deleted_at IS NULL""", ps -> {
                    ps.setString(1, url);
                    ps.setArray(2, types == null ? null : ps.getConnection().createArrayOf("text", types));
                    ps.setBoolean(3, documentGiven);
                    ps.setObject(4, doc);
                    ps.setObject(5, enabled);
                    ps.setBoolean(6, Boolean.TRUE.equals(enabled));
                    ps.setObject(7, e.id());
                });
        return find(group, hook).orElseThrow(DomainError::notFound);
    }

    /** Deleted: nothing more is sent to it; its row and its delivery log stay. */
    public void delete(UserRef user, UUID group, UUID hook) {
        groups.require(user, group, Action.MANAGE_GROUP);
        Endpoint e = find(group, hook).orElseThrow(DomainError::notFound);
        update("UPDATE webhook SET deleted_at = now(), updated_at = now() WHERE id = ? AND deleted_at IS NULL",
                ps -> ps.setObject(1, e.id()));
    }

    /** A new secret, answered once; the previous one still signs (beside it) for a day, so receivers can switch. */
    public Endpoint rotate(UserRef user, UUID group, UUID hook) {
        groups.require(user, group, Action.MANAGE_GROUP);
        Endpoint e = find(group, hook).orElseThrow(DomainError::notFound);
        String secret = Signatures.newSecret();
        update("""
                UPDATE webhook SET previous_secret = secret, previous_until = now() + interval '1 day', secret = ?, updated_at = now()
                 WHERE id = ?""", ps -> {
                    ps.setString(1, secret);
                    ps.setObject(2, e.id());
                });
        return withSecret(find(group, hook).orElseThrow(), secret);
    }

    /** The delivery log: the newest {@code limit} deliveries with their attempts. */
    public List<Delivery> deliveries(UserRef user, UUID group, UUID hook, int limit) {
        groups.require(user, group, Action.READ_MODERATION);
        Endpoint e = find(group, hook).orElseThrow(DomainError::notFound);
        List<Delivery> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT d.id, d.type, d.event_id, d.state, d.attempts, d.created_at, d.next_attempt_at, d.finished_at,
                       coalesce(json_agg(json_build_object('n', a.n, 'at', a.at, 'status', a.status, 'error', a.error, 'ms', a.ms)
                                ORDER BY a.n) FILTER (WHERE a.n IS NOT NULL), '[]')::text
                  FROM (SELECT * FROM webhook_delivery WHERE webhook_id = ? ORDER BY created_at DESC, event_id DESC LIMIT ?) d
                  LEFT JOIN webhook_attempt a ON a.delivery_id = d.id
                 GROUP BY d.id, d.type, d.event_id, d.state, d.attempts, d.created_at, d.next_attempt_at, d.finished_at
                 ORDER BY d.created_at DESC, d.event_id DESC""")) {
            ps.setObject(1, e.id());
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class), attempts(rs.getString(9))));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not read the deliveries: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Sends a delivery again ("send again"): it is pending from now, in its place in the endpoint's order. */
    public void retry(UserRef user, UUID group, UUID hook, UUID delivery) {
        groups.require(user, group, Action.MANAGE_GROUP);
        Endpoint e = find(group, hook).orElseThrow(DomainError::notFound);
        int sent = update("""
                UPDATE webhook_delivery SET state = 'pending', next_attempt_at = now(), created_at = now(), finished_at = NULL,
                       leased_until = NULL
                 WHERE id = ? AND webhook_id = ? AND state <> 'pending'""", ps -> {
                    ps.setObject(1, delivery);
                    ps.setObject(2, e.id());
                });
        if (sent == 0 && deliveryState(e.id(), delivery).isEmpty()) {
            throw DomainError.notFound();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Optional<String> deliveryState(UUID hook, UUID delivery) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT state FROM webhook_delivery WHERE id = ? AND webhook_id = ?")) {
            ps.setObject(1, delivery);
            ps.setObject(2, hook);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not read the delivery: " + ex.getMessage(), ex);
        }
    }

    private void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw DomainError.unprocessable("url", "is required");
        }
        if (url.length() > 2000) {
            throw DomainError.unprocessable("url", "must be at most 2,000 characters");
        }
        Destinations.refusal(url, allowPrivate).ifPresent(why -> {
            throw DomainError.unprocessable("url", why);
        });
    }

    private static String[] events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw DomainError.unprocessable("events", "name at least one of " + String.join(", ", EVENTS));
        }
        Set<String> types = new LinkedHashSet<>();
        for (String e : events) {
            if (!EVENTS.contains(e)) {
                throw DomainError.unprocessable("events", "unknown event '" + e + "': the events are " + String.join(", ", EVENTS));
            }
            types.add(e);
        }
        return types.toArray(String[]::new);
    }

    /** A document named by its slug (or its IRI, …/api/documents/{slug}); null for none. */
    private UUID document(String document) {
        if (document == null || document.isBlank()) {
            return null;
        }
        String slug = document.contains("/api/documents/") ? document.substring(document.lastIndexOf('/') + 1) : document;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM document WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw DomainError.unprocessable("document", "no document has this slug");
                }
                return rs.getObject(1, UUID.class);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not read the document: " + ex.getMessage(), ex);
        }
    }

    Optional<Endpoint> find(UUID group, UUID hook) {
        List<Endpoint> found = endpoints("w.group_id = ? AND w.id = ? AND w.deleted_at IS NULL", group, hook);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<Endpoint> endpoints(String where, UUID group, UUID hook) {
        List<Endpoint> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT w.id, w.group_id, w.url, array_to_string(w.events, ','), d.slug, w.enabled, w.disabled_reason,
                       w.created_at, w.updated_at
                  FROM webhook w LEFT JOIN document d ON d.id = w.document_id WHERE\s""" + where)) {
            ps.setObject(1, group);
            if (hook != null) {
                ps.setObject(2, hook);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Endpoint(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            List.of(rs.getString(4).split(",")), rs.getString(5), rs.getBoolean(6), rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class), null));
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("could not read the webhooks: " + ex.getMessage(), ex);
        }
        return out;
    }

    private static Endpoint withSecret(Endpoint e, String secret) {
        return new Endpoint(e.id(), e.group(), e.url(), e.events(), e.document(), e.enabled(), e.disabledReason(), e.created(),
                e.updated(), secret);
    }

    private static List<Attempt> attempts(String json) {
        try {
            List<Attempt> out = new ArrayList<>();
            for (var n : MAPPER.readTree(json)) {
                out.add(new Attempt(n.get("n").asInt(), OffsetDateTime.parse(n.get("at").asText()),
                        n.get("status").isNull() ? null : n.get("status").asInt(), n.get("error").isNull() ? null : n.get("error").asText(),
                        n.get("ms").asInt()));
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private int update(String sql, SqlUpdate.Binder binder) {
        return SqlUpdate.run(db, "change the webhook", sql, binder);
    }
}
