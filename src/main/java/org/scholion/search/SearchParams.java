package org.scholion.search;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The search's query parameters, checked by Bean Validation before the resource runs (a bad one
 * answers 400 naming it). They arrive as strings, so "abc" for a number is a 400 naming the
 * parameter.
 */
public class SearchParams {
    static final int MAX_WORDS = 500;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_LIMIT = 20;
    private static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2}))?";

    @QueryParam("q")
    @Size(max = MAX_WORDS, message = "q must be at most " + MAX_WORDS + " characters")
    @Parameter(description = "The words, as one types them in a search box (PostgreSQL `websearch_to_tsquery`): words are"
            + " stemmed (English), `\"a phrase\"` matches words in that order, `or` between alternatives, `-word` excludes."
            + " Matches comments, tags, the quoted passage, the titles and authors of cited sources, and the readings' own"
            + " text; from 3 characters on, also any part of a quote or of an author's name. Absent: list by the filters alone")
    public String q;

    @QueryParam("document")
    @Size(min = 1, max = 200, message = "document must be a document's slug")
    @Parameter(description = "Only this document (its slug)")
    public String document;

    @QueryParam("group")
    @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", message = "group must be a UUID")
    @Parameter(description = "Only this group (UUID); a group the caller is not in finds nothing")
    public String group;

    @QueryParam("user")
    @Size(min = 1, max = 255, message = "user must be 1 to 255 characters")
    @Parameter(description = "Only this author (username or user id)")
    public String user;

    @QueryParam("tag")
    @Size(min = 1, max = 64, message = "tag must be 1 to 64 characters")
    @Parameter(description = "Only annotations with this tag")
    public String tag;

    @QueryParam("motivation")
    @Pattern(regexp = "highlighting|commenting|questioning|assessing|replying",
            message = "motivation must be one of highlighting, commenting, questioning, assessing, replying")
    @Parameter(description = "Only this motivation")
    public String motivation;

    @QueryParam("verdict")
    @Pattern(regexp = "accurate|inaccurate|misleading|unsupported",
            message = "verdict must be one of accurate, inaccurate, misleading, unsupported")
    @Parameter(description = "Only assessments with this verdict")
    public String verdict;

    @QueryParam("state")
    @Pattern(regexp = "visible|pending|hidden", message = "state must be 'visible', 'pending' or 'hidden'")
    @Parameter(description = "Only annotations in this moderation state (pending and hidden ones are found by the group's"
            + " moderators, and by their authors their own)")
    public String state;

    @QueryParam("anchoring")
    @Pattern(regexp = "exact|fuzzy|orphaned", message = "anchoring must be 'exact', 'fuzzy' or 'orphaned'")
    @Parameter(description = "Only annotations whose last re-anchoring went this way")
    public String anchoring;

    @QueryParam("from")
    @Pattern(regexp = DATE, message = "from must be a date (2026-12-01) or a date-time with offset (2026-12-01T09:00:00Z)")
    @Parameter(description = "Only annotations created at or after this date (UTC midnight) or date-time")
    public String from;

    @QueryParam("to")
    @Pattern(regexp = DATE, message = "to must be a date (2026-12-31) or a date-time with offset (2026-12-31T18:00:00Z)")
    @Parameter(description = "Only annotations created before this date-time, or on or before this date (UTC)")
    public String to;

    @QueryParam("hasSources")
    @Pattern(regexp = "true|false", message = "hasSources must be true or false")
    @Parameter(description = "true: only annotations that cite sources; false: only those that cite none")
    public String hasSources;

    @QueryParam("sort")
    @Pattern(regexp = "relevance|newest|upvotes", message = "sort must be 'relevance' (the default), 'newest' or 'upvotes'")
    @Parameter(description = "`relevance` (default; best match first, then newest; without `q` the newest first), `newest`,"
            + " `upvotes` (most upvoted first, then newest)")
    public String sort;

    @QueryParam("limit")
    @Pattern(regexp = "[1-9][0-9]?|100", message = "limit must be a whole number from 1 to " + MAX_LIMIT)
    @Parameter(description = "Annotations per page, 1.." + MAX_LIMIT + ", default " + DEFAULT_LIMIT)
    public String limit;

    @QueryParam("cursor")
    @Size(max = 1000, message = "cursor must be the `next` cursor of a search answer")
    @Parameter(description = "Where to go on: the cursor in the previous answer's `next` (it is bound to the same words,"
            + " filters and sort)")
    public String cursor;
}
