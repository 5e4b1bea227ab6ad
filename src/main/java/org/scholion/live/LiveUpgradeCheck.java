package org.scholion.live;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.security.UserRef;
import org.scholion.web.PublicUrl;

/**
 * Who may open a live socket, decided on the HTTP upgrade request, in this order (after
 * {@link LiveGate}'s limits on how many and how fast): a foreign {@code Origin} → 403 (a browser on another site must not ride the reader's cookie);
 * a malformed {@code group} or {@code since} → 400; no valid session cookie or bearer token → 401;
 * a document or group the caller may not read → 404, the same whether it exists or not.
 */
@ApplicationScoped
class LiveUpgradeCheck implements HttpUpgradeCheck {
    static final String EXPIRE_TIME = "quarkus.identity.expire-time";
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * What may be a cursor: base64url, as sealed cursors are. One that is of this form but no
     * instance sealed (an old numeric one, a changed one) is not refused: the hub tells the client
     * to reload, which a client that reconnects with it can act on (a refused upgrade it cannot).
     */
    private static final Pattern CURSOR_FORM = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final LiveAudience audience;
    private final LiveHub hub;
    private final SealedCursors cursors;
    private final String origin;

    LiveUpgradeCheck(LiveAudience audience, LiveHub hub, PublicUrl publicUrl, SealedCursors cursors) {
        this.audience = audience;
        this.cursors = cursors;
        this.hub = hub;
        this.origin = publicUrl.origin();
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return LiveEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext ctx) {
        HttpServerRequest req = ctx.httpRequest();
        if (hub.stopping()) {
            // this instance is shutting down: the client retries and the load balancer picks another
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        int malformed = malformed(req, origin);
        if (malformed != 0) {
            return CheckResult.rejectUpgrade(malformed);
        }
        List<String> sinces = req.params().getAll("since");
        UUID group = UUID.fromString(req.params().get("group"));
        OptionalLong opened = sinces.isEmpty() ? OptionalLong.empty() : cursors.open(sinces.get(0));
        Long since = opened.isPresent() ? opened.getAsLong() : null;
        boolean sinceUnknown = !sinces.isEmpty() && opened.isEmpty();
        String slug = ctx.pathParam("slug");
        return ctx.securityIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            UserRef user = identity == null || identity.isAnonymous() ? null : identity.getAttribute(UserRef.ATTRIBUTE);
            if (user == null) {
                return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer")));
            }
            long expiresAt = expiresAt(identity);
            return VertxContextSupport.executeBlocking(() -> document(user, slug, group)).map(doc -> {
                if (doc.isEmpty()) {
                    return CheckResult.rejectUpgradeSync(404);
                }
                ctx.userData().put(LiveEndpoint.SUBSCRIBE, new Subscription.Subscribe(user, slug, doc.get(), group, since, sinceUnknown,
                        expiresAt));
                return CheckResult.permitUpgradeSync();
            });
        });
    }

    /**
     * The refusal that needs no lookup: 403 for a foreign Origin, 400 for a malformed query; 0 when
     * there is none. {@link LiveGate} asks too, so that such a request costs no upgrade token.
     */
    static int malformed(HttpServerRequest req, String origin) {
        String from = req.getHeader("Origin");
        if (from != null && !from.equals(origin)) {
            return 403;
        }
        List<String> groups = req.params().getAll("group");
        List<String> sinces = req.params().getAll("since");
        if (groups.size() != 1 || !UUID_FORM.matcher(groups.get(0)).matches() || sinces.size() > 1
                || (sinces.size() == 1 && !CURSOR_FORM.matcher(sinces.get(0)).matches())) {
            return 400;
        }
        return 0;
    }

    private Optional<UUID> document(UserRef user, String slug, UUID group) {
        return QuarkusTransaction.requiringNew().call(() -> audience.followable(user, slug, group));
    }

    private static long expiresAt(SecurityIdentity identity) {
        Object at = identity.getAttribute(EXPIRE_TIME);
        return at instanceof Long seconds ? seconds * 1000 : Long.MAX_VALUE;
    }
}
