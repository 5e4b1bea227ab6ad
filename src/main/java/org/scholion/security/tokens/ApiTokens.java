package org.scholion.security.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.system.ExpireAt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.scholion.domain.DomainError;
import org.scholion.domain.SqlUpdate;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.Grant;
import org.scholion.security.Permissions;
import org.scholion.security.Scope;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Personal API tokens: made, listed and revoked by their owner, and found again from the secret a
 * client sends. The secret is {@code sch_} and 43 characters of base64url (256 random bits); only
 * its SHA-256 is stored, so it is shown once, when it is made. A token acts as its owner within its
 * {@link Grant}: the owner's roles are read from the owner's row (kept at each sign-in), and
 * everything decided from memberships is decided on every request, as for any caller — a member
 * removed from a group loses it for their tokens at once.
 *
 * <p>Who a secret stands for is read from the database at most once per
 * {@code scholion.api-tokens.recheck} (1 s) per token and instance, and kept meanwhile (bounded,
 * metric {@code cache_*{cache="api-tokens"}}), so that a script's requests cost what a Keycloak
 * bearer token's do (a map lookup, VerifiedTokens) rather than a query each. Revoking a token
 * forgets it on the instance that revoked it at once; another instance stops accepting it within
 * the recheck period, as it notices a changed role or an expiry (an entry never outlives its token).
 */
@ApplicationScoped
public class ApiTokens {
    public static final String PREFIX = "sch_";
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);
    static final Duration MAX_LIFETIME = Duration.ofDays(366);
    /** last_used_at is written at most this often per token, so that a busy script costs no write per request. */
    static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);
    private static final Pattern FORMAT = Pattern.compile("sch_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource db;
    private final Permissions permissions;
    private final Memberships memberships;
    private final Cache<String, Found> found;
    private final long recheckNanos;

    /** A holder as read at {@code at} (System.nanoTime), good until {@code until} (nanoTime of the token's expiry at most). */
    private record Found(Holder holder, long until) {
    }

    @Inject
    ApiTokens(AgroalDataSource db, Permissions permissions, Memberships memberships,
            @ConfigProperty(name = "scholion.api-tokens.recheck", defaultValue = "1s") Duration recheck,
            @ConfigProperty(name = "scholion.api-tokens.max-size", defaultValue = "10000") long maxSize, MeterRegistry registry) {
        this.db = db;
        this.permissions = permissions;
        this.memberships = memberships;
        this.recheckNanos = recheck.toNanos();
        this.found = Caffeine.newBuilder().maximumSize(maxSize).recordStats()
                .expireAfter(new ExpireAt<String, Found>(f -> f.until() - System.nanoTime())).build();
        CaffeineCacheMetrics.monitor(registry, found, "api-tokens");
    }

    /** A token as its owner sees it (never its secret). */
    public record Token(UUID id, String name, String hint, Set<Scope> scopes, Set<UUID> groups, OffsetDateTime created,
            OffsetDateTime expires, OffsetDateTime lastUsed) {
    }

    /** A token just made, with its secret: the only time the secret is seen. */
    public record Made(Token token, String secret) {
    }

    /** Who a secret stands for: the owner, as the rest of the application sees them, with the token's grant. */
    public record Holder(UserRef user) {
    }

    /**
     * Makes a token for the caller. {@code scopes} must be some of read, write, moderate;
     * {@code moderate} only for someone who moderates (a group's moderator or an admin). Expiry: at
     * most a year ahead, 90 days when not given. {@code groups}: when given, groups the caller
     * belongs to (an admin: any group), each answered 404-alike when not.
     */
    @Transactional
    public Made create(UserRef owner, String name, List<String> scopeNames, OffsetDateTime expires, List<UUID> groups) {
        if (owner.byToken()) {
            throw DomainError.forbidden("An API token cannot make tokens: sign in to Scholion to make one.");
        }
        Set<Scope> scopes = scopes(scopeNames);
        Instant now = Instant.now();
        Instant until = expires == null ? now.plus(DEFAULT_LIFETIME) : expires.toInstant();
        if (!until.isAfter(now)) {
            throw DomainError.unprocessable("expires", "must be in the future");
        }
        if (until.isAfter(now.plus(MAX_LIFETIME))) {
            throw DomainError.unprocessable("expires", "must be at most a year from now");
        }
        Set<UUID> reach = null;
        if (groups != null) {
            if (groups.isEmpty()) {
                throw DomainError.unprocessable("groups", "leave it out for every group, or name at least one");
            }
            reach = new LinkedHashSet<>(groups);
            for (UUID g : reach) {
                Target.Group standing = memberships.standing(g, owner).orElseThrow(
                        () -> DomainError.notFound("groups", "nothing you can see has this group: " + g));
                permissions.require(owner, Action.READ_GROUP, standing, "groups");
            }
        }
        if (scopes.contains(Scope.MODERATE) && !moderates(owner, reach)) {
            throw DomainError.unprocessable("scopes", "'moderate' is for moderators: you moderate none of the token's groups");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        UUID id = UUID.randomUUID();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO api_token (id, owner_id, name, secret_hash, hint, scopes, group_ids, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING created_at""")) {
            ps.setObject(1, id);
            ps.setObject(2, owner.id());
            ps.setString(3, name);
            ps.setBytes(4, hash(secret));
            ps.setString(5, secret.substring(0, PREFIX.length() + 4));
            ps.setArray(6, c.createArrayOf("text", scopes.stream().map(Scope::wire).sorted().toArray()));
            ps.setArray(7, reach == null ? null : c.createArrayOf("uuid", reach.toArray()));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setTimestamp(9, Timestamp.from(until));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the token: " + e.getMessage(), e);
        }
        return new Made(list(owner).stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow(), secret);
    }

    /** The caller's tokens that are neither revoked nor expired, newest first. */
    public List<Token> list(UserRef owner) {
        List<Token> tokens = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, name, hint, array_to_string(scopes, ','), array_to_string(group_ids, ','), created_at, expires_at, last_used_at
                  FROM api_token WHERE owner_id = ? AND revoked_at IS NULL AND expires_at > now()
                 ORDER BY created_at DESC, id""")) {
            ps.setObject(1, owner.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new Token(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), scopeSet(rs.getString(4)),
                            groupSet(rs.getString(5)), rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tokens: " + e.getMessage(), e);
        }
        return tokens;
    }

    /**
     * Revokes one of the caller's tokens: the next request with it is refused. The row stays (with
     * the time it was revoked). Someone else's token, an unknown one or one already revoked: 404.
     */
    public void revoke(UserRef owner, UUID id) {
        if (owner.byToken()) {
            throw DomainError.forbidden("An API token cannot revoke tokens: sign in to Scholion to revoke one.");
        }
        int revoked = SqlUpdate.run(db, "revoke the token",
                "UPDATE api_token SET revoked_at = now() WHERE id = ? AND owner_id = ? AND revoked_at IS NULL", ps -> {
                    ps.setObject(1, id);
                    ps.setObject(2, owner.id());
                });
        // one statement, committed when it returns: forgotten here only once no read can find it in force
        if (revoked == 0) {
            throw DomainError.notFound();
        }
        found.asMap().values().removeIf(f -> f.holder().user().grant().tokenId().equals(id));
    }

    /** Who a secret stands for, if it was read from the database within the recheck period; no I/O. */
    public Optional<Holder> remembered(String secret) {
        if (!FORMAT.matcher(secret).matches()) {
            return Optional.empty();
        }
        Found f = found.getIfPresent(key(secret));
        return f == null || f.until() - System.nanoTime() <= 0 ? Optional.empty() : Optional.of(f.holder());
    }

    /**
     * Who a secret stands for, if it is one of ours, neither revoked nor expired: one indexed read
     * (the hash is unique), and a write of the time it was used at most once a minute. Remembered
     * for the recheck period.
     */
    public Optional<Holder> holder(String secret) {
        if (!FORMAT.matcher(secret).matches()) {
            return Optional.empty();
        }
        long readAt = System.nanoTime();
        try (Connection c = db.getConnection()) {
            UUID tokenId;
            Holder holder;
            boolean stale;
            long expiresInNanos;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.id, array_to_string(t.scopes, ','), array_to_string(t.group_ids, ','),
                           t.last_used_at IS NULL OR t.last_used_at < now() - make_interval(secs => ?),
                           u.id, u.subject, u.username, u.display_name, array_to_string(u.roles, ','),
                           floor(extract(epoch FROM t.expires_at - now()) * 1000)::bigint
                      FROM api_token t JOIN app_user u ON u.id = t.owner_id
                     WHERE t.secret_hash = ? AND t.revoked_at IS NULL AND t.expires_at > now()""")) {
                ps.setLong(1, USE_RECORDED_EVERY.toSeconds());
                ps.setBytes(2, hash(secret));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    tokenId = rs.getObject(1, UUID.class);
                    Grant grant = new Grant(tokenId, scopeSet(rs.getString(2)), groupSet(rs.getString(3)));
                    stale = rs.getBoolean(4);
                    expiresInNanos = rs.getLong(10) * 1_000_000L;
                    Set<String> roles = rs.getString(9).isEmpty() ? Set.of() : Set.of(rs.getString(9).split(","));
                    holder = new Holder(new UserRef(rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getString(8),
                            roles, grant));
                }
            }
            if (stale) {
                SqlUpdate.run(c, "UPDATE api_token SET last_used_at = now() WHERE id = ?", ps -> ps.setObject(1, tokenId));
            }
            found.put(key(secret), new Found(holder, readAt + Math.min(recheckNanos, expiresInNanos)));
            return Optional.of(holder);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the token: " + e.getMessage(), e);
        }
    }

    private boolean moderates(UserRef owner, Set<UUID> groups) {
        if (owner.isAdmin()) {
            return true;
        }
        String sql = "SELECT 1 FROM membership WHERE user_id = ? AND role = 'moderator'"
                + (groups == null ? "" : " AND group_id = ANY (?)") + " LIMIT 1";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, owner.id());
            if (groups != null) {
                ps.setArray(2, c.createArrayOf("uuid", groups.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read memberships: " + e.getMessage(), e);
        }
    }

    private static Set<Scope> scopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw DomainError.unprocessable("scopes", "name at least one of read, write, moderate");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String n : names) {
            scopes.add(Scope.parse(n).orElseThrow(
                    () -> DomainError.unprocessable("scopes", "unknown scope '" + n + "': the scopes are read, write and moderate")));
        }
        return scopes;
    }

    private static Set<Scope> scopeSet(String joined) {
        return Arrays.stream(joined.split(",")).map(s -> Scope.parse(s).orElseThrow()).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<UUID> groupSet(String joined) {
        return joined == null ? null : Arrays.stream(joined.split(",")).map(UUID::fromString).collect(Collectors.toUnmodifiableSet());
    }

    /** The cache's key: the secret's hash, so that the secrets themselves are not kept in memory. */
    private static String key(String secret) {
        return Base64.getEncoder().encodeToString(hash(secret));
    }

    /** How many requests were answered from memory (tests). */
    long remembered() {
        return found.stats().hitCount();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
