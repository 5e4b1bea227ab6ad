package org.scholion.moderation;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query parameters of the queue and the log, checked by Bean Validation before the resource
 * runs (a bad one answers 400 naming it). Numbers arrive as strings so that "abc" is a 400 naming
 * the parameter, not the 404 JAX-RS gives a query parameter it cannot convert.
 */
public class PageParams {
    static final int DEFAULT_PAGE_SIZE = 50;

    @QueryParam("page")
    @Pattern(regexp = "0|[1-9][0-9]{0,8}", message = "must be a whole number from 0")
    @Parameter(description = "Page number from 0")
    public String page;

    @QueryParam("pageSize")
    @Pattern(regexp = "[1-9][0-9]?|1[0-9][0-9]|200", message = "must be a whole number from 1 to 200")
    @Parameter(description = "Items per page, 1..200, default 50")
    public String pageSize;

    @QueryParam("filter")
    @Pattern(regexp = ModerationQueries.QueueFilter.PATTERN_TEXT, message = "must be one of open, flagged, pending, recheck, hidden, deleted, all")
    @Parameter(description = "The queue: open (default: open flags, pending, or edited after a verdict), flagged, pending, recheck (edited"
            + " by the author after a moderator's verdict, which the edit cleared), hidden, deleted, all")
    public String filter;

    @QueryParam("format")
    @Pattern(regexp = "csv|json", message = "must be 'csv' or 'json'")
    @Parameter(description = "The log: csv or json, overriding Accept (a download link cannot set it)")
    public String format;

    int page() {
        return page == null ? 0 : Integer.parseInt(page);
    }

    int pageSize() {
        return pageSize == null ? DEFAULT_PAGE_SIZE : Integer.parseInt(pageSize);
    }
}
