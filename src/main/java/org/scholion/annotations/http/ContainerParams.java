package org.scholion.annotations.http;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The container's query parameters, checked by Bean Validation before the resource runs (a bad one
 * answers 400 naming it). Numbers and ids arrive as strings so that "abc" is a 400 naming the
 * parameter, not the 404 JAX-RS gives a query parameter it cannot convert.
 */
public class ContainerParams {
    static final int MAX_PAGE_SIZE = 1000;

    @QueryParam("page")
    @Pattern(regexp = "0|[1-9][0-9]{0,8}", message = "page must be a whole number from 0")
    @Parameter(description = "Page number from 0; absent for the collection")
    public String page;

    @QueryParam("pageSize")
    @Pattern(regexp = "[1-9][0-9]{0,2}|1000", message = "pageSize must be a whole number from 1 to " + MAX_PAGE_SIZE)
    @Parameter(description = "Items per page, 1.." + MAX_PAGE_SIZE + ", default 100")
    public String pageSize;

    @QueryParam("iris")
    @Pattern(regexp = "0|1|true|false", message = "iris must be 1 (list IRIs) or 0")
    @Parameter(description = "1: list contained IRIs instead of descriptions")
    public String iris;

    @QueryParam("group")
    @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", message = "group must be a UUID")
    @Parameter(description = "Only this group (UUID); 404 for a group the caller does not belong to")
    public String group;

    @QueryParam("creator")
    @Size(min = 1, max = 255, message = "creator must be 1 to 255 characters")
    @Parameter(description = "Only this author (username or user id)")
    public String creator;

    @QueryParam("tag")
    @Size(min = 1, max = 64, message = "tag must be 1 to 64 characters")
    @Parameter(description = "Only annotations with this tag")
    public String tag;

    @QueryParam("motivation")
    @Pattern(regexp = "highlighting|commenting|questioning|assessing|tagging|replying",
            message = "motivation must be one of highlighting, commenting, questioning, assessing, tagging, replying")
    @Parameter(description = "Only this motivation")
    public String motivation;

    @QueryParam("moderation")
    @Pattern(regexp = "visible|pending|hidden", message = "moderation must be 'visible', 'pending' or 'hidden'")
    @Parameter(description = "Only annotations in this moderation state. Pending and hidden ones are listed to the group's"
            + " moderators (and to their authors, their own); others get an empty listing")
    public String moderation;

    @QueryParam("sort")
    @Pattern(regexp = "created|upvotes", message = "sort must be 'created' (the default) or 'upvotes'")
    @Parameter(description = "`upvotes`: most upvoted first, then in creation order; `created` (default): creation order")
    public String sort;

    @QueryParam("anchoring")
    @Pattern(regexp = "exact|fuzzy|orphaned", message = "anchoring must be 'exact', 'fuzzy' or 'orphaned'")
    @Parameter(description = "Only annotations whose last re-anchoring onto a new revision of the document went this way;"
            + " `orphaned`: those whose passage could not be found (they keep the selectors of the revision they were made on)")
    public String anchoring;

    @QueryParam("visibility")
    @Pattern(regexp = "group|private", message = "visibility must be 'group' or 'private'")
    @Parameter(description = "Only `group` or `private` annotations")
    public String visibility;
}
