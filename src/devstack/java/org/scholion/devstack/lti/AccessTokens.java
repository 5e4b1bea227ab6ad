package org.scholion.devstack.lti;

import com.sun.net.httpserver.HttpExchange;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The opaque bearer tokens the token endpoint hands out, and the scope check of the services that take them. */
final class AccessTokens {
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    private record Grant(Set<String> scopes, Instant expires) {
    }

    String issue(Collection<String> scopes) {
        String token = random(32);
        grants.put(token, new Grant(Set.copyOf(scopes), Instant.now().plus(LIFETIME)));
        return token;
    }

    /**
     * Lets the request through if it bears a live token with one of {@code anyOf}; else 401 (no, unknown or expired
     * token) or 403 (a good token without the scope), each with its RFC 6750 §3 WWW-Authenticate challenge.
     */
    void require(HttpExchange exchange, String... anyOf) {
        String token = Http.bearer(exchange);
        if (token == null) {
            throw Http.Failure.text(401, "An Authorization: Bearer access token is required")
                    .header("WWW-Authenticate", "Bearer");
        }
        Grant grant = grants.get(token);
        if (grant == null || grant.expires().isBefore(Instant.now())) {
            throw Http.Failure.text(401, "The access token is unknown or has expired")
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        for (String scope : anyOf) {
            if (grant.scopes().contains(scope)) {
                return;
            }
        }
        String needed = String.join(" ", anyOf);
        throw Http.Failure.text(403, "The access token lacks the scope " + needed)
                .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"");
    }

    /** A URL-safe random string of {@code bytes} bytes of entropy, for tokens and hints. */
    static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
