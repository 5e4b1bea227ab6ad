package org.scholion.annotations.jsonld;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import org.scholion.domain.DomainError;

/**
 * Any serialization of the W3C model in, the W3C context's compact form out (issue 19): an
 * annotation written with another context, an inline context, prefixed or full IRIs, or in expanded
 * form is compacted to {@code ["http://www.w3.org/ns/anno.jsonld", <Scholion's context>]} by a
 * JSON-LD 1.1 processor (titanium), then read like any other. Relative IRIs resolve against the
 * container (the document's base: where it was POSTed). Bounded: no context is fetched — the loader
 * knows the two bundled ones and refuses every other — processing stops after {@link #TIMEOUT}, a
 * term that maps to nothing is refused rather than silently dropped, and what comes out is no larger
 * than {@link #MAX_OUT} bytes.
 */
@ApplicationScoped
public class Compaction {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_OUT = 2 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Iris iris;
    private final JsonDocument anno;
    private final JsonDocument scholion;

    Compaction(Iris iris, ScholionContext context) {
        this.iris = iris;
        try (InputStream in = Compaction.class.getResourceAsStream("/jsonld/anno.jsonld")) {
            this.anno = JsonDocument.of(in);
        } catch (IOException | JsonLdError e) {
            throw new IllegalStateException("the bundled W3C context (jsonld/anno.jsonld) is missing or broken", e);
        }
        try {
            this.scholion = JsonDocument.of(new StringReader(context.document().toString()));
        } catch (JsonLdError e) {
            throw new IllegalStateException("Scholion's context does not parse", e);
        }
    }

    /**
     * Whether the document needs the processor: anything but the compact form with the W3C context
     * (and Scholion's) that the readers take directly — an array, an inline or other context, or no
     * context with JSON-LD keywords or full IRIs as keys (expanded form).
     */
    boolean needed(JsonNode root) {
        if (root.isArray()) {
            return !root.isEmpty();
        }
        if (!root.isObject()) {
            return false;
        }
        JsonNode ctx = root.get("@context");
        if (ctx == null) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (name.startsWith("@") || name.contains("://")) {
                    return true;
                }
            }
            return false;
        }
        if (ctx.isTextual()) {
            return !ctx.asText().equals(Vocabulary.ANNO_CONTEXT);
        }
        if (ctx.isArray()) {
            for (JsonNode c : ctx) {
                if (!c.isTextual() || !(c.asText().equals(Vocabulary.ANNO_CONTEXT) || c.asText().equals(iris.context()))) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** The largest document the processor is given, in bytes of JSON. */
    static final int MAX_IN = 64 * 1024;
    /**
     * How large expansion may make it, at most: each key (K of them) expands to an IRI no longer than
     * the inline contexts' text (C characters: remote ones are never loaded), so K × C bounds what
     * expansion adds — a few kB of context used by thousands of keys is the bomb this refuses.
     */
    static final long MAX_GROWTH = 4_000_000;

    /** The document compacted to the W3C context and Scholion's; a clear 400 naming {@code @context} or the term when it cannot be. */
    ObjectNode compact(JsonNode root) {
        bounded(root);
        try {
            // two steps: titanium 1.6 applies compactToRelative=false only without a base, and the base is
            // needed to expand relative ids ("#…") against the container
            // relative references stay relative, as in the compact form ClientTerms takes: the base is a
            // placeholder (RFC 2606's .invalid) that is taken off again after compaction
            JsonLdOptions expanding = options();
            expanding.setBase(URI.create(PLACEHOLDER + "new"));  // "#x" → …/new#x, "x" → …/x
            JsonDocument input = JsonDocument.of(new StringReader(JSON.writeValueAsString(root)));
            jakarta.json.JsonArray expanded = JsonLd.expand(input).options(expanding).get();
            JsonLdOptions compacting = options();
            compacting.setCompactToRelative(false);
            jakarta.json.JsonArray context = Json.createArrayBuilder().add(Vocabulary.ANNO_CONTEXT).add(iris.context()).build();
            JsonObject out = JsonLd.compact(JsonDocument.of(expanded), JsonDocument.of(Json.createObjectBuilder().add("@context", context)
                    .build())).options(compacting).get();
            String json = out.toString();
            if (json.length() > MAX_OUT) {
                throw DomainError.tooLarge("", "the annotation expands to more than " + MAX_OUT + " bytes of JSON-LD");
            }
            JsonNode compacted = relativeAgain(JSON.readTree(json));
            if (!compacted.isObject() || compacted.has("@graph")) {
                throw DomainError.invalid("", "the JSON-LD describes more than one resource: send one W3C Web Annotation");
            }
            return (ObjectNode) compacted;
        } catch (JsonLdError e) {
            throw problem(e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void bounded(JsonNode root) {
        long[] keysAndContext = new long[2];
        measure(root, keysAndContext, false);
        int bytes = Representations.bytes(root).length;
        if (bytes > MAX_IN) {
            throw DomainError.tooLarge("", "a JSON-LD document other than the W3C context's compact form is read up to " + MAX_IN
                    + " bytes; this one has " + bytes);
        }
        if (keysAndContext[0] * keysAndContext[1] > MAX_GROWTH) {
            throw DomainError.tooLarge("@context", "its inline contexts would expand the document's " + keysAndContext[0]
                    + " keys to more than Scholion processes; use the W3C context");
        }
    }

    private static void measure(JsonNode n, long[] keysAndContext, boolean inContext) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                keysAndContext[0]++;
                boolean context = inContext || e.getKey().equals("@context");
                if (context) {
                    keysAndContext[1] += e.getKey().length();
                }
                measure(e.getValue(), keysAndContext, context);
            });
        } else if (n.isArray()) {
            n.forEach(c -> measure(c, keysAndContext, inContext));
        } else if (inContext && n.isTextual()) {
            keysAndContext[1] += n.asText().length();
        }
    }

    private static final String PLACEHOLDER = "http://base.scholion.invalid/d/";

    private static JsonNode relativeAgain(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && e.getValue().asText().startsWith(PLACEHOLDER)) {
                    String rest = e.getValue().asText().substring(PLACEHOLDER.length());
                    o.put(e.getKey(), rest.equals("new") || rest.startsWith("new#") ? rest.substring(3) : rest);
                } else {
                    relativeAgain(e.getValue());
                }
            });
        } else if (n.isArray()) {
            n.forEach(Compaction::relativeAgain);
        }
        return n;
    }

    private JsonLdOptions options() {
        JsonLdOptions options = new JsonLdOptions(new Bundled());
        options.setTimeout(TIMEOUT);
        options.setUndefinedTermsPolicy(JsonLdOptions.ProcessingPolicy.Fail);
        return options;
    }

    private static DomainError problem(JsonLdError e) {
        JsonLdErrorCode code = e.getCode();
        String detail = e.getMessage() == null ? code.toMessage() : e.getMessage();
        if (code == JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED || code == JsonLdErrorCode.LOADING_DOCUMENT_FAILED
                || code == JsonLdErrorCode.INVALID_REMOTE_CONTEXT) {
            return DomainError.invalid("@context", "remote contexts are not fetched: only " + Vocabulary.ANNO_CONTEXT
                    + " and Scholion's own context are known; put other terms in an inline context (" + clean(detail) + ")");
        }
        if (code == JsonLdErrorCode.PROCESSING_TIMEOUT_EXCEEDED) {
            return DomainError.tooLarge("", "the JSON-LD takes too long to process (over " + TIMEOUT.toSeconds() + " s)");
        }
        return DomainError.invalid("@context", "not a JSON-LD document Scholion can compact to the W3C model: " + code.name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + clean(detail) + ")");
    }

    private static String clean(String s) {
        return org.scholion.text.Fields.cleanForMessage(s.replaceAll("\\s+", " "));
    }

    /** The loader: the W3C context and Scholion's, from memory; anything else is not fetched. */
    private final class Bundled implements DocumentLoader {
        @Override
        public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
            String u = url.toString();
            if (u.equals(Vocabulary.ANNO_CONTEXT) || u.equals("https://www.w3.org/ns/anno.jsonld")) {
                return anno;
            }
            if (u.equals(iris.context())) {
                return scholion;
            }
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED, "not fetched: " + u);
        }
    }
}
