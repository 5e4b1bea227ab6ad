package org.scholion.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body sent without Content-Length (chunked) is held to its route's limit ({@link BodyLimit})
 * while it is read: past it, 413. The hard limit of the HTTP layer is the upload limit, far above
 * what any JSON request may carry.
 */
@ApplicationScoped
class StreamedBodyLimit {
    private final BodyLimit limits;

    StreamedBodyLimit(BodyLimit limits) {
        this.limits = limits;
    }

    @ServerRequestFilter
    void bound(ContainerRequestContext ctx) {
        if (ctx.hasEntity() && ctx.getHeaderString("Content-Length") == null) {
            long max = limits.limitFor(ctx.getMethod(), ctx.getUriInfo().getPath());
            ctx.setEntityStream(new Bounded(ctx.getEntityStream(), max));
        }
    }

    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new WebApplicationException("The request body is larger than the limit of " + max + " bytes.", 413);
            }
        }
    }
}
