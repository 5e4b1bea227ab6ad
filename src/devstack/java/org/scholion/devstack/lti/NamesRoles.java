package org.scholion.devstack.lti;

import com.sun.net.httpserver.HttpExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The Names and Role Provisioning Service 2.0 membership endpoint, {@code GET /nrps/{contextId}/memberships}:
 * the context's roster, paged, to a bearer of the contextmembership.readonly scope.
 */
final class NamesRoles {
    static final String PREFIX = "/nrps/";
    private static final String SUFFIX = "/memberships";
    private final String issuer;
    private final AccessTokens tokens;
    private final Function<String, FakeRoster> rosters;
    private final AtomicInteger requests = new AtomicInteger();

    NamesRoles(String issuer, AccessTokens tokens, Function<String, FakeRoster> rosters) {
        this.issuer = issuer;
        this.tokens = tokens;
        this.rosters = rosters;
    }

    String url(String contextId) {
        return issuer + PREFIX + Http.segment(contextId) + SUFFIX;
    }

    int requests() {
        return requests.get();
    }

    void handle(HttpExchange exchange) throws Exception {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getRawPath();
        String rawContext = path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()
                ? path.substring(PREFIX.length(), path.length() - SUFFIX.length()) : "";
        if (rawContext.isEmpty() || rawContext.contains("/")) {
            throw Http.Failure.text(404, "Nothing at " + path + "; a memberships URL is " + issuer + PREFIX + "{contextId}" + SUFFIX);
        }
        Http.requireMethod(exchange, "GET");
        tokens.require(exchange, Lti.SCOPE_NRPS);
        FakeRoster roster = rosters.apply(Http.decodeSegment(rawContext));
        String role = Http.query(exchange).get("role");
        List<FakeRoster.Member> listed = roster.members().stream()
                .filter(m -> !"Deleted".equals(m.status()))
                .filter(m -> role == null || m.roles().stream().anyMatch(r -> r.equals(role) || r.endsWith("#" + role)))
                .toList();
        Map<String, String> filters = role == null ? Map.of() : Map.of("role", role);
        String url = url(roster.contextId());
        List<FakeRoster.Member> page = Paging.page(exchange, listed, url, filters);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", url);
        body.put("context", Map.of("id", roster.contextId(), "label", roster.label(), "title", roster.title()));
        body.put("members", page.stream().map(NamesRoles::json).toList());
        Http.sendJson(exchange, 200, Lti.MEMBERSHIP_CONTAINER, body);
    }

    private static Map<String, Object> json(FakeRoster.Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", m.status());
        out.put("user_id", m.userId());
        out.put("roles", m.roles());
        putIfSet(out, "name", m.name());
        putIfSet(out, "given_name", m.givenName());
        putIfSet(out, "family_name", m.familyName());
        putIfSet(out, "email", m.email());
        return out;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
