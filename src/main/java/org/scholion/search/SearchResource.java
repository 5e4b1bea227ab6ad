package org.scholion.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.Body.Verdict;
import org.scholion.annotations.Motivation;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.search.SearchQuery.Sort;
import org.scholion.security.CurrentUser;
import org.scholion.web.PublicUrl;

@Path("/api/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search", description = "Find annotations and readings across every document and group the caller may see")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class SearchResource {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EXAMPLE = """
            {"total": 2,
             "items": [
              {"document": {"id": "http://localhost:8080/api/documents/red-terror-essay", "slug": "red-terror-essay",
                            "title": "Stalin and the Red Terror", "revision": 1},
               "snippet": "… the Cheka, the secret police …", "highlights": [[6, 11]], "rank": 1.2},
              {"annotation": {"id": "http://localhost:8080/api/documents/red-terror-essay/annotations/5b0c…", "type": "Annotation",
                              "motivation": "commenting", "body": [], "target": {}},
               "snippet": "The Cheka was founded in December 1917 …", "highlights": [[4, 9]], "rank": 0.43}],
             "next": "http://localhost:8080/api/search?q=cheka&cursor=eyJzIjoi…"}""";

    private final SearchService search;
    private final CurrentUser currentUser;
    private final Representations representations;
    private final PublicUrl publicUrl;

    SearchResource(SearchService search, CurrentUser currentUser, Representations representations, PublicUrl publicUrl) {
        this.search = search;
        this.currentUser = currentUser;
        this.representations = representations;
        this.publicUrl = publicUrl;
    }

    @GET
    @Operation(summary = "Search annotations and readings",
            description = "Full-text search (PostgreSQL) over comments, tags, quoted passages, cited sources' titles and authors,"
                    + " and the readings' own text, narrowed by filters. Only what the caller may see is found, counted or quoted:"
                    + " their groups' annotations as the group's rules show them (hidden and pending ones to moderators and their"
                    + " authors only), their own private notes, readings they may read. `items` holds annotations"
                    + " (`{\"annotation\", \"snippet\", \"highlights\", \"rank\"}`, the annotation as in a container page) and, on"
                    + " the first page of a search with words and no annotation-only filter, up to 5 readings matching by their"
                    + " text (`{\"document\", \"snippet\", \"highlights\", \"rank\"}`) before them. `snippet` is plain text (never"
                    + " HTML); `highlights` are `[start, end)` ranges of the matched words in it, in Unicode code points. `total`"
                    + " counts the annotations matched plus the readings listed. `next` is the URL of the next page (a cursor:"
                    + " stable while people write), absent on the last.")
    @APIResponse(responseCode = "200", description = "The results", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "results", value = EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A parameter is malformed (problem+json naming it)")
    public ObjectNode search(@Valid @BeanParam SearchParams p, @Context UriInfo uri) {
        SearchQuery q = query(p);
        SearchService.Results r = search.search(currentUser.get(), q);
        ObjectNode out = NODES.objectNode();
        out.put("total", r.total());
        ArrayNode items = out.putArray("items");
        for (SearchService.DocumentHit d : r.documents()) {
            ObjectNode item = items.addObject();
            item.putObject("document").put("id", representations.iris().document(d.slug())).put("slug", d.slug())
                    .put("title", d.title()).put("revision", d.revision());
            snippet(item, d.snippet());
            item.put("rank", d.rank());
        }
        for (SearchService.Hit h : r.hits()) {
            ObjectNode item = items.addObject();
            item.set("annotation", representations.item(h.annotation(), h.slug(), h.author(), h.extras()));
            snippet(item, h.snippet());
            item.put("rank", h.rank());
        }
        if (r.next() != null) {
            out.put("next", next(uri, r.next()));
        }
        return out;
    }

    private static void snippet(ObjectNode item, Snippet s) {
        item.put("snippet", s.text());
        ArrayNode hl = item.putArray("highlights");
        for (int[] range : s.highlights()) {
            hl.addArray().add(range[0]).add(range[1]);
        }
    }

    /** This search's URL with the cursor of its next page. */
    private String next(UriInfo uri, Cursor c) {
        StringBuilder url = new StringBuilder(publicUrl.base()).append("/api/search?");
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            if (!e.getKey().equals("cursor")) {
                for (String v : e.getValue()) {
                    url.append(encode(e.getKey())).append('=').append(encode(v)).append('&');
                }
            }
        }
        return url.append("cursor=").append(c.token()).toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static SearchQuery query(SearchParams p) {
        String q = p.q == null || p.q.isBlank() ? null : p.q.strip();
        return new SearchQuery(q, p.document, p.group == null ? null : UUID.fromString(p.group), p.user, p.tag,
                p.motivation == null ? null : Motivation.of(p.motivation).orElseThrow(),
                p.verdict == null ? null : Verdict.valueOf(p.verdict.toUpperCase(java.util.Locale.ROOT)),
                p.state == null ? null : ModerationState.of(p.state).orElseThrow(), p.anchoring,
                time("from", p.from, false), time("to", p.to, true),
                p.hasSources == null ? null : Boolean.valueOf(p.hasSources),
                p.sort == null ? Sort.RELEVANCE : Sort.valueOf(p.sort.toUpperCase(java.util.Locale.ROOT)),
                p.limit == null ? SearchParams.DEFAULT_LIMIT : Integer.parseInt(p.limit),
                p.cursor == null ? null : Cursor.parse(p.cursor));
    }

    /** A date (UTC midnight; for the end of a range, the midnight after it) or a date-time with offset. */
    private static OffsetDateTime time(String field, String value, boolean end) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return (end ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainError.invalid(field, field + " is not a valid date: " + value);
        }
    }
}
