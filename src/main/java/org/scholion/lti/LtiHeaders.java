package org.scholion.lti;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.scholion.web.PublicUrl;

/**
 * The security headers of the LTI pages (/lti/…), which the reader's pages' fixed ones
 * (application.properties, {@code frame-ancestors 'none'}) would break: the platform shows them in
 * its frame, so {@code frame-ancestors} names the registered platforms' origins; a page that posts to
 * a platform sets its own {@code form-action} (and keeps it).
 */
@Provider
@ApplicationScoped
public class LtiHeaders implements ContainerResponseFilter {
    private final Ancestors ancestors;

    LtiHeaders(Ancestors ancestors) {
        this.ancestors = ancestors;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/lti/") || response.getHeaders().containsKey("Content-Security-Policy")) {
            return;
        }
        response.getHeaders().putSingle("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
                + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + ancestors.origins());
    }

    /**
     * The origins of the registered platforms (issuers and authorization endpoints), re-read every
     * minute and when a platform is registered or removed here: the filter also runs on the event loop
     * (a sign-in challenge), where the database may not be asked.
     */
    @ApplicationScoped
    public static class Ancestors {
        private final EntityManager em;
        private volatile String origins = "'self'";
        private ScheduledExecutorService executor;

        Ancestors(EntityManager em) {
            this.em = em;
        }

        void onStart(@Observes StartupEvent e) {
            refresh();
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "scholion-lti-origins");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::refreshQuietly, 60, 60, TimeUnit.SECONDS);
        }

        void onStop(@Observes ShutdownEvent e) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }

        public String origins() {
            return origins;
        }

        @Transactional
        void refresh() {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT issuer, authorization_url FROM lti_platform WHERE removed_at IS NULL")
                    .getResultList();
            Set<String> found = new LinkedHashSet<>();
            found.add("'self'");
            for (Object[] r : rows) {
                for (Object url : r) {
                    String o = PublicUrl.originOf((String) url);
                    if (o != null) {
                        found.add(o);
                    }
                }
            }
            origins = String.join(" ", found);
        }

        private void refreshQuietly() {
            try {
                refresh();
            } catch (RuntimeException ex) {
                Log.warnf("LTI: could not re-read the platforms' origins: %s", ex.getMessage());
            }
        }
    }
}
