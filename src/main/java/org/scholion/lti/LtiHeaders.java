package org.scholion.lti;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /** The origins of the registered platforms (issuers and authorization endpoints), re-read each minute. */
    @ApplicationScoped
    public static class Ancestors {
        private final EntityManager em;

        Ancestors(EntityManager em) {
            this.em = em;
        }

        @CacheResult(cacheName = "lti-frame-ancestors")
        @Transactional
        public String origins() {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT issuer, authorization_url FROM lti_platform WHERE removed_at IS NULL")
                    .getResultList();
            Set<String> origins = new LinkedHashSet<>();
            origins.add("'self'");
            for (Object[] r : rows) {
                for (Object url : r) {
                    String o = PublicUrl.originOf((String) url);
                    if (o != null) {
                        origins.add(o);
                    }
                }
            }
            return String.join(" ", origins);
        }
    }
}
