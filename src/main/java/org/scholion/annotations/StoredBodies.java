package org.scholion.annotations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code annotation.body} column: a {@link Body} as JSON in Scholion's own shape (not the W3C
 * one, which the W3C mapping writes):
 * {@code {"comment": {"text", "format", "language"}, "tags": [..], "verdict": "misleading",
 * "sources": [{"id", "iri", "title", "authors": [..], "published", "container", "locator", "excerpt", "doi"}]}}.
 * Absent parts are left out. The tag filter relies on {@code tags} being an array of strings.
 */
public final class StoredBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredBodies() {
    }

    public static String write(Body body) {
        ObjectNode o = JSON.createObjectNode();
        if (body.comment() != null) {
            ObjectNode c = o.putObject("comment").put("text", body.comment().text()).put("format", body.comment().format());
            putIf(c, "language", body.comment().language());
        }
        if (!body.tags().isEmpty()) {
            ArrayNode tags = o.putArray("tags");
            body.tags().forEach(tags::add);
        }
        if (body.verdict() != null) {
            o.put("verdict", body.verdict().wire());
        }
        if (!body.sources().isEmpty()) {
            ArrayNode sources = o.putArray("sources");
            for (Body.Source s : body.sources()) {
                ObjectNode n = sources.addObject().put("id", s.id().toString()).put("iri", s.iri());
                putIf(n, "title", s.title());
                if (!s.authors().isEmpty()) {
                    ArrayNode a = n.putArray("authors");
                    s.authors().forEach(a::add);
                }
                putIf(n, "published", s.published());
                putIf(n, "container", s.container());
                putIf(n, "locator", s.locator());
                putIf(n, "excerpt", s.excerpt());
                putIf(n, "doi", s.doi());
            }
        }
        return o.toString();
    }

    public static Body read(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Body.Comment comment = null;
        JsonNode c = o.get("comment");
        if (c != null) {
            comment = new Body.Comment(c.get("text").asText(), c.get("format").asText(), text(c, "language"));
        }
        List<String> tags = new ArrayList<>();
        o.path("tags").forEach(t -> tags.add(t.asText()));
        Body.Verdict verdict = o.hasNonNull("verdict") ? Body.Verdict.valueOf(o.get("verdict").asText().toUpperCase(Locale.ROOT)) : null;
        List<Body.Source> sources = new ArrayList<>();
        for (JsonNode s : o.path("sources")) {
            List<String> authors = new ArrayList<>();
            s.path("authors").forEach(a -> authors.add(a.asText()));
            sources.add(new Body.Source(UUID.fromString(s.get("id").asText()), s.get("iri").asText(), text(s, "title"), authors,
                    text(s, "published"), text(s, "container"), text(s, "locator"), text(s, "excerpt"), text(s, "doi")));
        }
        return new Body(comment, tags, verdict, sources);
    }

    /** The value the tag filter looks for with {@code body @> :tag}. */
    public static String tagQuery(String tag) {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("tags").add(tag);
        return o.toString();
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }
}
