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

    private final Iris iris;

    private final TargetReader targets;

    AnnotationReader(Iris iris) {
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
        Read r = read(root, slug);
        return r.draft(r.clientId() != null ? r.clientId() : r.via());
    }

    /** The new state of an existing annotation: an {@code id}, if sent, must be the annotation's own IRI. */
    public Draft forUpdate(JsonNode root, String slug, UUID id) {
        Read r = read(root, slug);
        String own = iris.annotation(slug, id);
        if (r.clientId() != null && !r.clientId().equals(own)) {
            throw DomainError.invalid("id", "id must be this annotation's IRI " + own);
        }
        return r.draft(r.via());
    }

    private record Read(Motivation motivation, Body body, Anchorer.Selector selector, Integer revision, UUID parent, UUID group,
            String visibility, String canonical, String via, String clientId) {
        Draft draft(String via) {
            return new Draft(motivation, body, selector, parent, group, visibility, canonical, via, revision);
        }
    }

    private Read read(JsonNode root, String slug) {
        if (root == null || !root.isObject()) {
            throw DomainError.invalid("", "The body must be a JSON object: one W3C Web Annotation.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
                throw DomainError.invalid(name, "unknown property '" + cleanForMessage(name) + "'");
            }
        }
        checkContext(root.get("@context"));
        checkType(root.get("type"));
        String clientId = optionalIri(root, "id");
        String canonical = optionalIri(root, "canonical");
        String via = optionalIri(root, "via");
        String motivationName = required(root, "motivation");
        Motivation motivation = Motivation.of(motivationName).orElseThrow(() -> DomainError.invalid("motivation",
                "motivation must be one of " + String.join(", ", motivationNames())));
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
            selector = targets.textTarget(target, slug);
            revision = targets.revision(target.get("state"), slug);
        }
        Body body = BodyReader.body(root.get("body"), motivation);
        return new Read(motivation, body, selector, revision, parent, group, visibility, canonical, via, clientId);
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
