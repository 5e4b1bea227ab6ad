package org.scholion.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only operations, one on its way out and one not, for {@link DeprecationHeadersTest}. */
@Path("/api/test-retiring")
public class RetiringEchoResource {
    @Deprecated
    @Retiring(deprecated = "2026-07-01", sunset = "2027-01-31", link = "/README.md#versioning")
    @GET
    @Path("old")
    @Produces(MediaType.TEXT_PLAIN)
    public String old() {
        return "old";
    }

    @GET
    @Path("current")
    @Produces(MediaType.TEXT_PLAIN)
    public String current() {
        return "current";
    }
}
