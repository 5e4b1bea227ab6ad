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
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.documents.DocumentService;
import org.scholion.security.UserRef;
import org.scholion.web.PublicUrl;

/**
 * Who may open a live socket, decided on the HTTP upgrade request, in this order:
 * a foreign {@code Origin} → 403 (a browser on another site must not ride the reader's cookie);
 * a malformed {@code group} or {@code since} → 400; no valid session cookie or bearer token → 401;
 * a document or group the caller may not read → 404, the same whether it exists or not.
 */
@ApplicationScoped
class LiveUpgradeCheck implements HttpUpgradeCheck {
    static final String EXPIRE_TIME = "quarkus.identity.expire-time";
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CURSOR_FORM = Pattern.compile("0|[1-9][0-9]{0,17}");

    private final LiveAudience audience;
    private final DocumentService documents;
    private final LiveHub hub;
    private final String origin;

    LiveUpgradeCheck(LiveAudience audience, DocumentService documents, LiveHub hub, PublicUrl publicUrl) {
        this.audience = audience;
        this.hub = hub;
        this.documents = documents;
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
        String from = req.getHeader("Origin");
        if (from != null && !from.equals(origin)) {
            return CheckResult.rejectUpgrade(403);
        }
        List<String> groups = req.params().getAll("group");
        List<String> sinces = req.params().getAll("since");
        if (groups.size() != 1 || !UUID_FORM.matcher(groups.get(0)).matches() || sinces.size() > 1
                || (sinces.size() == 1 && !CURSOR_FORM.matcher(sinces.get(0)).matches())) {
            return CheckResult.rejectUpgrade(400);
        }
        UUID group = UUID.fromString(groups.get(0));
        Long since = sinces.isEmpty() ? null : Long.valueOf(sinces.get(0));
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
                ctx.userData().put(LiveEndpoint.SUBSCRIBE, new Subscription.Subscribe(user, slug, doc.get(), group, since, expiresAt));
                return CheckResult.permitUpgradeSync();
            });
        });
    }

    private Optional<UUID> document(UserRef user, String slug, UUID group) {
        return QuarkusTransaction.requiringNew().call(() -> audience.mayFollow(user, slug, group)
                ? documents.findBySlug(slug).map(d -> d.id) : Optional.empty());
    }

    private static long expiresAt(SecurityIdentity identity) {
        Object at = identity.getAttribute(EXPIRE_TIME);
        return at instanceof Long seconds ? seconds * 1000 : Long.MAX_VALUE;
    }
}
