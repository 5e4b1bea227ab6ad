package org.scholion.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.domain.DomainError;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.web.Destinations;

/**
 * The learning platforms Scholion is registered in: one row per (issuer, client id), with the
 * deployments a launch may name. Admins register and remove them (the permission map's
 * {@link Action#MANAGE_LTI}); launches find them without a caller.
 *
 * <p>The platform's URLs may not point at this host or at link-local addresses (cloud metadata)
 * unless {@code scholion.lti.allow-loopback-platforms} says so (the demo and the tests do): Scholion
 * calls them itself (keys, tokens, rosters, grades).
 */
@ApplicationScoped
public class Platforms {
    /** What a launch needs of a platform. */
    public record Platform(UUID id, String name, String issuer, String clientId, String authorizationUrl, String tokenUrl,
            String jwksUrl, List<String> deployments, String registration, OffsetDateTime registered) {
    }

    /** A new registration, as an admin types it or dynamic registration exchanges it. */
    public record Registration(String name, String issuer, String clientId, List<String> deploymentIds, String authorizationUrl,
            String tokenUrl, String jwksUrl) {
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Destinations.Reach reach;
    private final LtiHeaders.Ancestors ancestors;

    Platforms(EntityManager em, Permissions permissions, LtiHeaders.Ancestors ancestors,
            @ConfigProperty(name = "scholion.lti.allow-loopback-platforms", defaultValue = "false") boolean allowLoopback) {
        this.em = em;
        this.permissions = permissions;
        this.ancestors = ancestors;
        this.reach = allowLoopback ? Destinations.Reach.ANY : Destinations.Reach.NOT_LOOPBACK;
    }

    @Transactional
    public Platform register(UserRef admin, Registration r, String how) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        String name = required("name", r.name(), 120);
        String issuer = issuer(r.issuer());
        String clientId = required("clientId", r.clientId(), 255);
        List<String> deployments = deployments(r.deploymentIds());
        String authorization = url("authorizationUrl", r.authorizationUrl());
        String token = url("tokenUrl", r.tokenUrl());
        String jwks = url("jwksUrl", r.jwksUrl());
        // the unique index is the last word; this makes the usual case a clear 409 rather than a constraint error
        Number taken = (Number) em.createNativeQuery(
                "SELECT count(*) FROM lti_platform WHERE issuer = :i AND client_id = :c AND removed_at IS NULL")
                .setParameter("i", issuer).setParameter("c", clientId).getSingleResult();
        if (taken.longValue() > 0) {
            throw DomainError.conflict("clientId", "This platform (issuer " + issuer + ", client id " + clientId
                    + ") is registered already; remove it first to register it again.");
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                INSERT INTO lti_platform (id, name, issuer, client_id, authorization_url, token_url, jwks_url, registration, registered_by)
                VALUES (:id, :name, :issuer, :client, :auth, :token, :jwks, :how, :by)""")
                .setParameter("id", id).setParameter("name", name).setParameter("issuer", issuer).setParameter("client", clientId)
                .setParameter("auth", authorization).setParameter("token", token).setParameter("jwks", jwks)
                .setParameter("how", how).setParameter("by", admin.id())
                .executeUpdate();
        for (String d : deployments) {
            em.createNativeQuery("INSERT INTO lti_deployment (platform_id, deployment_id) VALUES (:p, :d)")
                    .setParameter("p", id).setParameter("d", d).executeUpdate();
        }
        ancestors.refresh();
        return find(id).orElseThrow();
    }

    @Transactional
    public List<Platform> list(UserRef admin) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM lti_platform WHERE removed_at IS NULL ORDER BY registered_at, id",
                UUID.class).getResultList();
        List<Platform> out = new ArrayList<>();
        for (UUID id : ids) {
            find(id).ifPresent(out::add);
        }
        return out;
    }

    @Transactional
    public Platform get(UserRef admin, UUID id) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        return find(id).orElseThrow(Permissions::notFound);
    }

    /** Launches from it are refused from now on; its users, courses and their work stay. */
    @Transactional
    public void remove(UserRef admin, UUID id) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        int n = em.createNativeQuery("UPDATE lti_platform SET removed_at = now(), removed_by = :by WHERE id = :id AND removed_at IS NULL")
                .setParameter("by", admin.id()).setParameter("id", id).executeUpdate();
        if (n == 0) {
            throw Permissions.notFound();
        }
        ancestors.refresh();
    }

    /** The registered platform with this issuer and client id (a launch's {@code iss} and {@code aud}). */
    @Transactional
    public Optional<Platform> byClient(String issuer, String clientId) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery(
                "SELECT id FROM lti_platform WHERE issuer = :i AND client_id = :c AND removed_at IS NULL", UUID.class)
                .setParameter("i", issuer).setParameter("c", clientId).getResultList();
        return ids.isEmpty() ? Optional.empty() : find(ids.get(0));
    }

    /** The registered platforms with this issuer (a login initiation may leave the client id out). */
    @Transactional
    public List<Platform> byIssuer(String issuer) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM lti_platform WHERE issuer = :i AND removed_at IS NULL", UUID.class)
                .setParameter("i", issuer).getResultList();
        List<Platform> out = new ArrayList<>();
        for (UUID id : ids) {
            find(id).ifPresent(out::add);
        }
        return out;
    }

    /** A platform that is still registered. */
    @Transactional
    public Optional<Platform> find(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.name, p.issuer, p.client_id, p.authorization_url, p.token_url, p.jwks_url, p.registration, p.registered_at,
                       (SELECT string_agg(d.deployment_id, chr(31) ORDER BY d.deployment_id) FROM lti_deployment d WHERE d.platform_id = p.id)
                  FROM lti_platform p WHERE p.id = :id AND p.removed_at IS NULL""").setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        List<String> deployments = r[8] == null ? List.of() : Arrays.asList(((String) r[8]).split("\u001f"));
        return Optional.of(new Platform(id, (String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                deployments, (String) r[6], ((Instant) r[7]).atOffset(ZoneOffset.UTC)));
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw DomainError.unprocessable(field, "is required");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw DomainError.unprocessable(field, "must be at most " + max + " characters");
        }
        return v;
    }

    /** LTI 1.3 (Security Framework §5.1.2): the issuer is a case-sensitive https URL without query or fragment. */
    private String issuer(String value) {
        String issuer = url("issuer", value);
        URI u = URI.create(issuer);
        if (u.getRawQuery() != null) {
            throw DomainError.unprocessable("issuer", "must not have a query");
        }
        return issuer;
    }

    private String url(String field, String value) {
        String url = required(field, value, 2000);
        // LTI's Security Framework (§3) asks for TLS; plain http only where loopback platforms are allowed (demo, tests)
        if (reach != Destinations.Reach.ANY && !url.regionMatches(true, 0, "https://", 0, 8)) {
            throw DomainError.unprocessable(field, "must be an https URL");
        }
        Destinations.refusal(url, reach).ifPresent(why -> {
            throw DomainError.unprocessable(field, why);
        });
        return url;
    }

    private static List<String> deployments(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw DomainError.unprocessable("deploymentIds", "name at least one deployment id (the platform shows it where Scholion is installed)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            out.add(required("deploymentIds", id, 255));
        }
        if (out.size() > 100) {
            throw DomainError.unprocessable("deploymentIds", "at most 100 deployments");
        }
        return List.copyOf(out);
    }
}
