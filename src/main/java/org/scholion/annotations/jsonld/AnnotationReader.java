package org.scholion.annotations.jsonld;

import static org.scholion.text.Fields.cleanForMessage;
import static org.scholion.text.Fields.required;
import static org.scholion.text.Fields.string;
import static org.scholion.text.Fields.uuid;
import static org.scholion.text.Fields.webOrUrnProblem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Body;
import org.scholion.annotations.Draft;
import org.scholion.annotations.Motivation;
import org.scholion.anchoring.Anchorer;
import org.scholion.domain.DomainError;
import org.scholion.text.Fields;

/**
 * Reads a client's W3C annotation (JSON-LD) into a {@link Draft}, rule by rule instead of binding
 * it blindly: JSON-LD allows many shapes, and each rule must answer naming the field it concerns.
 * What it returns is well-formed; whether the anchor fits the text and whether the caller may write
 * in the group is the domain's business. The annotation's own terms are read here, its target by
 * {@link TargetReader}, its bodies by {@link BodyReader}.
 */
@ApplicationScoped
public class AnnotationReader {
    public static final int MAX_COMMENT = 10_000;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG = 64;
    public static final int MAX_SOURCES = 10;
    public static final int MAX_AUTHORS = 50;
    public static final int MAX_IRI = 2000;
    /** Server-set or informational terms a client may echo back from a GET; they are ignored. */
    private static final Set<String> IGNORED = Set.of("created", "modified", "creator", "generator", "generated",
            "moderationState", "moderationReason", "moderated", "upvotes", "upvotedByMe", "flaggedByMe", "flagCount", "endorsed",
            "endorsedBy", "locked", "etag", "anchoring", "originalQuote");
    private static final Set<String> KNOWN = Set.of("@context", "id", "type", "motivation", "body", "target", "group",
            "visibility", "canonical", "via");
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** What {@link #read} takes from the annotation object itself (its terms, the ignored ones, bodyValue); the rest is {@link ClientTerms}'. */
    private static final Set<String> READ_HERE = java.util.stream.Stream.of(KNOWN, IGNORED, Set.of("bodyValue"))
            .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final Iris iris;

    private final TargetReader targets;

    private final Compaction compaction;

    private final org.scholion.annotations.Notices notices;

    AnnotationReader(Iris iris, Compaction compaction, org.scholion.annotations.Notices notices) {
        this.notices = notices;
        this.compaction = compaction;
        this.iris = iris;
        this.targets = new TargetReader(iris);
    }

    /** The body of a request as a JSON tree; invalid JSON is an invalid {@code body}. */
    public static JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw DomainError.invalid("body", "The body is empty: send a W3C Web Annotation as JSON-LD.");
        }
        try {
            return STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            throw DomainError.invalid("body", "The body is not valid JSON"
                    + (reason != null && reason.startsWith("Duplicate field") ? ": " + reason : "."));
        } catch (IOException e) {
            throw DomainError.invalid("body", "The body could not be read.");
        }
    }

    /** A new annotation for the document's container; a client {@code id} becomes {@code via} (Protocol §5.1). */
    public Draft forCreate(JsonNode root, String slug) {
        Read r = read(compacted(root, slug), slug);
        return r.draft(r.clientId() != null ? r.clientId() : r.via());
    }

    /** The new state of an existing annotation: an {@code id}, if sent, must be the annotation's own IRI. */
    public Draft forUpdate(JsonNode root, String slug, UUID id) {
        Read r = read(compacted(root, slug), slug);
        String own = iris.annotation(slug, id);
        if (r.clientId() != null && !r.clientId().equals(own)) {
            throw DomainError.invalid("id", "id must be this annotation's IRI " + own);
        }
        return r.draft(r.via());
    }

    /** Other serializations of the W3C model, compacted to the W3C context first ({@link Compaction}). */
    private JsonNode compacted(JsonNode root, String slug) {
        return root != null && compaction.needed(root) ? compaction.compact(root) : root;
    }

    private record Read(Motivation motivation, Body body, Anchorer.Selector selector, Integer revision, UUID parent, UUID group,
            String visibility, String canonical, String via, String clientId, ObjectNode client) {
        Draft draft(String via) {
            return new Draft(motivation, body, selector, parent, group, visibility, canonical, via, revision, client);
        }
    }

    private static boolean hasStyleClass(JsonNode bodies) {
        for (JsonNode b : bodies) {
            if (b.has("styleClass")) {
                return true;
            }
        }
        return false;
    }

    private Read read(JsonNode root, String slug) {
        if (root == null || !root.isObject()) {
            throw DomainError.invalid("", "The body must be a JSON object: one W3C Web Annotation.");
        }
        String container = iris.container(slug);
        ObjectNode client = JsonNodeFactory.instance.objectNode();
        ObjectNode annotationTerms = JsonNodeFactory.instance.objectNode();
        // Scholion's own terms and the server-set ones a client echoes back are read or ignored; the other
        // terms of the W3C model are kept as sent; anything else is refused, naming it
        java.util.function.Consumer<String> say = notices::add;
        ClientTerms.extras(root, "", READ_HERE, annotationTerms, container, say);
        if (!annotationTerms.isEmpty()) {
            client.set("annotation", annotationTerms);
        }
        checkContext(root.get("@context"));
        checkType(root.get("type"));
        // Protocol §5.1: the server assigns the IRI; a client's own id (absolute, or relative to the
        // container, as "#…" or a bare UUID is) is kept as via
        String clientId = root.hasNonNull("id") ? ClientTerms.annotationId(root.get("id")) : null;
        String canonical = optionalIri(root, "canonical");
        String via = optionalIri(root, "via");
        Motivation motivation;
        if (root.hasNonNull("motivation")) {
            String motivationName = required(root, "motivation");
            motivation = Motivation.of(motivationName).orElseThrow(() -> DomainError.invalid("motivation",
                    "motivation must be one of " + String.join(", ", motivationNames())));
        } else {
            // the W3C model: an Annotation "SHOULD have 1 or more" motivations (§3.3.5); some clients send none
            motivation = BodyReader.implied(root.has("body") ? root.get("body") : root.get("bodyValue"));
            say.accept("motivation: none was sent; taken as " + motivation.wire() + " from the bodies");
        }
        UUID group = root.hasNonNull("group") ? uuid(root.get("group"), "group") : null;
        String visibility = null;
        if (root.hasNonNull("visibility")) {
            visibility = string(root.get("visibility"), "visibility", 16);
            if (!visibility.equals(Annotation.GROUP) && !visibility.equals(Annotation.PRIVATE)) {
                throw DomainError.invalid("visibility", "visibility must be 'group' or 'private'");
            }
        }
        JsonNode target = root.get("target");
        if (target == null || target.isNull()) {
            throw DomainError.invalid("target", "target is required");
        }
        if (target.isArray()) {
            if (target.size() != 1) {
                throw DomainError.invalid("target", "exactly one target is supported");
            }
            target = target.get(0);
        }
        Anchorer.Selector selector = null;
        Integer revision = null;
        UUID parent = null;
        String parentIri = targets.replyTarget(target, slug);
        if (parentIri != null) {
            parent = targets.parentId(parentIri, slug);
        } else {
            TargetReader.TextTarget text = targets.textTarget(target, slug, say);
            if (motivation == Motivation.REPLYING) {
                // the W3C model lets one reply "to a previous statement, either an Annotation or another resource";
                // dokieli's comment action says replying on a passage. In Scholion a reply is in a thread.
                motivation = Motivation.COMMENTING;
                say.accept("motivation: replying on a passage of the text is kept as commenting (a reply in Scholion"
                        + " targets the annotation it answers)");
            }
            selector = text.selector();
            revision = text.revision();
            if (!text.kept().isEmpty()) {
                client.set("target", text.kept());
            }
        }
        JsonNode bodies = root.get("body");
        if ((bodies == null || bodies.isNull()) && root.hasNonNull("bodyValue")) {
            // Web Annotation Data Model §3.2.5: bodyValue is a TextualBody with only a value, plain text
            bodies = JsonNodeFactory.instance.objectNode().put("type", "TextualBody")
                    .set("value", root.get("bodyValue"));
        } else if (root.hasNonNull("bodyValue")) {
            throw DomainError.invalid("bodyValue", "an annotation has body or bodyValue, not both (Web Annotation Data Model §3.2.5)");
        }
        ObjectNode bodyTerms = JsonNodeFactory.instance.objectNode();
        Body body = BodyReader.body(bodies, motivation, container, bodyTerms, say);
        if (!bodyTerms.isEmpty()) {
            client.set("bodies", bodyTerms);
        }
        // Web Annotation Data Model §4.4: "styleClass ... a class in the stylesheet": none without one
        if (!annotationTerms.has("stylesheet") && (client.path("target").has("styleClass") || hasStyleClass(client.path("bodies")))) {
            throw DomainError.invalid("stylesheet", "a styleClass names a class of the annotation's stylesheet: send the stylesheet"
                    + " too (Web Annotation Data Model §4.4)");
        }
        if (Representations.bytes(client).length > ClientTerms.MAX_BYTES) {
            throw DomainError.invalid("", "what this annotation says besides what Scholion reads (ids, other selectors, other terms"
                    + " of the W3C model) is longer than " + ClientTerms.MAX_BYTES + " bytes");
        }
        return new Read(motivation, body, selector, revision, parent, group, visibility, canonical, via, clientId,
                client.isEmpty() ? null : client);
    }

    private void checkContext(JsonNode ctx) {
        if (ctx == null) {
            throw DomainError.invalid("@context", "@context is required: \"" + Vocabulary.ANNO_CONTEXT + "\"");
        }
        if (ctx.isTextual() && ctx.asText().equals(Vocabulary.ANNO_CONTEXT)) {
            return;
        }
        if (ctx.isArray()) {
            boolean anno = false;
            for (JsonNode c : ctx) {
                if (!c.isTextual() || !(c.asText().equals(Vocabulary.ANNO_CONTEXT) || c.asText().equals(iris.context()))) {
                    throw DomainError.invalid("@context",
                            "@context may hold only \"" + Vocabulary.ANNO_CONTEXT + "\" and \"" + iris.context() + "\"");
                }
                anno |= c.asText().equals(Vocabulary.ANNO_CONTEXT);
            }
            if (anno) {
                return;
            }
        }
        throw DomainError.invalid("@context", "@context must be or contain \"" + Vocabulary.ANNO_CONTEXT + "\"");
    }

    private static void checkType(JsonNode type) {
        boolean ok = type != null && (type.isTextual() && type.asText().equals("Annotation")
                || type.isArray() && type.size() == 1 && "Annotation".equals(type.get(0).asText()));
        if (!ok) {
            throw DomainError.invalid("type", "type must be \"Annotation\"");
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    private static List<String> motivationNames() {
        List<String> names = new ArrayList<>();
        for (Motivation m : Motivation.values()) {
            names.add(m.wire());
        }
        return names.stream().sorted().toList();
    }

    /**
     * {@code id}, {@code canonical}, {@code via}: IRIs the server keeps and hands out again, so only
     * http(s) IRIs and URNs (a client's own {@code urn:uuid:} ids) — not {@code javascript:} or
     * {@code data:}, which a client of ours could be made to follow.
     */
    private static String optionalIri(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String v = string(n, field, MAX_IRI);
        String problem = webOrUrnProblem(v);
        if (problem != null) {
            throw DomainError.invalid(field, field + " " + problem);
        }
        return v;
    }

    /** Text a client may store or look up: {@link Fields#text}. */
    public static String text(String v, String field, int maxCodePoints, boolean multiline) {
        return Fields.text(v, field, maxCodePoints, multiline);
    }

    /** A tag as it is stored and looked up, for a new annotation and the container's filter alike: {@link Fields#tag}. */
    public static String tag(String raw, String field) {
        return Fields.tag(raw, field, MAX_TAG);
    }
}
