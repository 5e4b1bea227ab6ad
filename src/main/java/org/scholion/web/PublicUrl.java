package org.scholion.web;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured public URL (scholion.public-url): the base of every IRI and link the app hands
 * out, and the one origin that browser writes may come from. Read and normalised here only.
 */
@ApplicationScoped
public class PublicUrl {
    private final String base;
    private final String origin;

    public PublicUrl(@ConfigProperty(name = "scholion.public-url") String configured) {
        this.base = configured.strip().replaceAll("/+$", "");
        this.origin = originOf(base);
        if (origin == null) {
            throw new IllegalArgumentException("scholion.public-url must be an absolute http(s) URL, not '" + configured + "'");
        }
    }

    /** The public URL without a trailing slash, e.g. http://localhost:8080. */
    public String base() {
        return base;
    }

    /** scheme://host[:port] of the public URL, as browsers send it in Origin. */
    public String origin() {
        return origin;
    }

    /**
     * Whether a browser request comes from our own pages: its Origin, or its Referer's origin when a
     * browser sends no Origin, is {@link #origin()}. Neither header is no proof, so that is a no.
     */
    public boolean isOwnOrigin(String originHeader, String refererHeader) {
        String from = originHeader != null ? originHeader : refererHeader == null ? null : originOf(refererHeader);
        return from != null && from.equals(origin);
    }

    /** scheme://host[:port] of a URL, the form browsers send in Origin; null when it is not a URL. */
    public static String originOf(String url) {
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() == null || u.getHost() == null) {
                return null;
            }
            return u.getScheme().toLowerCase() + "://" + u.getHost().toLowerCase() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
