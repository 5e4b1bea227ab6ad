package org.scholion.annotations.jsonld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.scholion.domain.DomainError;
import org.scholion.text.Fields;

/**
 * What Scholion keeps of a client's annotation that it does not interpret itself: the ids a client
 * gave its bodies, target and selectors, the selectors only a DOM can resolve, states other than
 * Scholion's, and the other terms of the W3C model (rights, audience, styleClass …). They are kept
 * as sent — ids made absolute — and returned with the annotation (issue 19: "liberal in what it
 * accepts, exact in what it stores"). Terms outside the W3C model are refused, naming them.
 */
final class ClientTerms {
    /**
     * The terms of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) that may describe
     * a resource: what a client may send beside the terms Scholion reads, kept as it is.
     */
    static final Set<String> MODEL = Set.of("id", "type", "rights", "audience", "accessibility", "stylesheet", "textDirection",
            "processingLanguage", "language", "format", "styleClass", "renderedVia", "scope", "purpose", "canonical", "via",
            "homepage", "name", "email", "email_sha1", "nickname", "label", "conformsTo", "value", "refinedBy", "startSelector",
            "endSelector", "exact", "prefix", "suffix", "start", "end", "sourceDate", "sourceDateStart", "sourceDateEnd", "cached",
            "source", "selector", "state", "body", "target", "bodyValue", "motivation", "created", "modified", "generated", "creator",
            "generator", "items", "first", "last", "next", "prev", "partOf", "total", "startIndex");
    /** Set by the server (Protocol §5.1 lets it): what a client says of them is not kept. */
    static final Set<String> SERVER_SET = Set.of("created", "modified", "generated", "creator", "generator");
    /** The selector types of the W3C model (§4.2) that Scholion keeps beside the text selectors it anchors by. */
    static final Set<String> DOM_SELECTORS = Set.of("RangeSelector", "XPathSelector", "CssSelector", "FragmentSelector",
            "DataPositionSelector", "SvgSelector", "TextQuoteSelector", "TextPositionSelector");
    /** All that is kept of one annotation, as JSON, at most. */
    static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_DEPTH = 12;

    private ClientTerms() {
    }

    /**
     * An id of a body, target, selector or state, as the server keeps it: absolute (http, https or a
     * URN), or relative as sent — it is resolved when the annotation is written out, against the
     * annotation's own IRI, which is the base of what a client POSTs (LDP 1.0 §5.2.3.7, which the
     * Protocol builds on: the null relative IRI in the request is the created resource), so "#b1"
     * becomes the annotation's IRI with the fragment #b1.
     */
    static String id(JsonNode n, String field, String containerIri) {
        String raw = Fields.string(n, field, AnnotationReader.MAX_IRI);
        URI uri = reference(raw, field);
        if (!uri.isAbsolute()) {
            return raw;
        }
        String problem = Fields.webOrUrnProblem(raw);
        if (problem != null) {
            throw DomainError.invalid(field, field.substring(field.lastIndexOf('.') + 1) + " " + problem);
        }
        return raw;
    }

    /**
     * The annotation's own id from a client: kept as {@code via} when absolute (Protocol §5.1); a
     * relative one ("", "#…", a bare UUID) names the annotation being created (LDP 1.0 §5.2.3.7), whose
     * IRI the server assigns, so there is nothing to keep: null.
     */
    static String annotationId(JsonNode n) {
        String raw = Fields.string(n, "id", AnnotationReader.MAX_IRI);
        if (!reference(raw, "id").isAbsolute()) {
            return null;
        }
        String problem = Fields.webOrUrnProblem(raw);
        if (problem != null) {
            throw DomainError.invalid("id", "id " + problem);
        }
        return raw;
    }

    private static URI reference(String raw, String field) {
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            throw DomainError.invalid(field, "is not a valid IRI");
        }
    }

    /** Every relative {@code id} (and the text selectors' kept ids) in a kept tree, resolved against {@code base}. */
    static JsonNode resolved(JsonNode n, String base) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            for (String key : new String[] {"id", "quoteId", "positionId"}) {
                if (o.path(key).isTextual()) {
                    o.put(key, resolve(o.get(key).asText(), base));
                }
            }
            o.fields().forEachRemaining(e -> resolved(e.getValue(), base));
        } else if (n.isArray()) {
            n.forEach(c -> resolved(c, base));
        }
        return n;
    }

    private static String resolve(String raw, String base) {
        try {
            URI uri = new URI(raw);
            return uri.isAbsolute() ? raw : URI.create(base).resolve(uri).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return raw;
        }
    }

    /**
     * A copy of what a client sent, to keep: every {@code id} in it resolved as {@link #id} does,
     * nothing deeper than {@value #MAX_DEPTH} levels.
     */
    static JsonNode kept(JsonNode n, String field, String containerIri) {
        return kept(n, field, containerIri, 0);
    }

    private static JsonNode kept(JsonNode n, String field, String containerIri, int depth) {
        if (depth > MAX_DEPTH) {
            throw DomainError.invalid(field, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (n.isObject()) {
            ObjectNode o = n.deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = field + "." + Fields.cleanForMessage(e.getKey());
                if (e.getKey().equals("id") && e.getValue().isTextual()) {
                    o.put("id", id(e.getValue(), at, containerIri));
                } else {
                    o.set(e.getKey(), kept(e.getValue(), at, containerIri, depth + 1));
                }
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < n.size(); i++) {
                a.add(kept(n.get(i), field + "[" + i + "]", containerIri, depth + 1));
            }
            return a;
        }
        if (n.isTextual()) {
            Fields.text(n.asText(), field, 10_000, true);
        }
        return n;
    }

    /**
     * The terms of {@code item} other than those the caller reads ({@code read}) and those the server
     * sets: W3C model terms are kept (into {@code into}), anything else is a 400 naming it.
     */
    static void extras(JsonNode item, String at, Set<String> read, ObjectNode into, String containerIri,
            java.util.function.Consumer<String> notices) {
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (read.contains(name) || SERVER_SET.contains(name) || e.getValue().isNull()) {
                continue;
            }
            String field = (at.isEmpty() ? "" : at + ".") + Fields.cleanForMessage(name);
            if (MODEL.contains(name) || isIri(name)) {
                into.set(name, kept(e.getValue(), field, containerIri));
            } else if (name.startsWith("@")) {
                throw DomainError.invalid(field, "the JSON-LD keyword " + Fields.cleanForMessage(name) + " is not taken here");
            } else {
                // JSON-LD 1.1 §4.1.1: a term the context does not define expands to nothing and is dropped
                notices.accept(field + ": not a term of the W3C Web Annotation context (nor a compact IRI of one of its"
                        + " prefixes); ignored, as a JSON-LD processor ignores it");
            }
        }
    }

    /** The prefixes the W3C context defines: a key written with one of them is a compact IRI and expands to a property. */
    private static final Set<String> PREFIXES = Set.of("oa", "dc", "dcterms", "dctypes", "foaf", "rdf", "rdfs", "skos", "xsd",
            "iana", "owl", "as", "schema");

    /** A compact IRI with one of the W3C context's prefixes ({@code dcterms:language}), or an absolute IRI. */
    static boolean isIri(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String prefix = name.substring(0, colon);
        return PREFIXES.contains(prefix) || (prefix.equals("http") || prefix.equals("https")) && name.startsWith(prefix + "://");
    }

    /** A string, or a JSON-LD value object whose {@code @value} is one ({@code {"@value": "…", "@language": "en"}}). */
    static JsonNode literal(JsonNode n) {
        if (n != null && n.isObject() && n.has("@value")) {
            for (Iterator<String> names = n.fieldNames(); names.hasNext();) {
                String k = names.next();
                if (!k.equals("@value") && !k.equals("@language") && !k.equals("@type") && !k.equals("@direction")) {
                    return n;
                }
            }
            return n.get("@value");
        }
        return n;
    }
}
