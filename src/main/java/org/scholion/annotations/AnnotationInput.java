package org.scholion.annotations;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.web.ProblemException;

/**
 * Reads a client's W3C annotation from the JSON tree, rule by rule, instead of binding it blindly:
 * JSON-LD allows many shapes, and each rule must answer 400 naming the field it concerns. What it
 * returns is valid in itself; whether the anchor fits the text and whether the caller may write in
 * the group is the service's business.
 */
final class AnnotationInput {
    static final String ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
    static final Set<String> MOTIVATIONS = Set.of("highlighting", "commenting", "questioning", "assessing", "replying");
    static final Set<String> ASSESSMENTS = Set.of("accurate", "inaccurate", "misleading", "unsupported");
    static final Set<String> FORMATS = Set.of("text/markdown", "text/plain");
    static final int MAX_COMMENT = 10_000;
    static final int MAX_TAGS = 20;
    static final int MAX_TAG = 64;
    static final int MAX_SOURCES = 10;
    static final int MAX_IRI = 2000;
    /** Source fields and their length limits in code points. */
    static final Map<String, Integer> SOURCE_FIELDS = Map.of("title", 500, "author", 300, "published", 40, "locator", 100,
            "excerpt", 2000);
    /** Server-set or informational terms a client may echo back from a GET; they are ignored. */
    private static final Set<String> IGNORED = Set.of("created", "modified", "creator", "generator", "generated");
    private static final Set<String> KNOWN = Set.of("@context", "id", "type", "motivation", "body", "target", "group",
            "visibility", "canonical", "via");
    private static final Pattern BARE_DOI = Pattern.compile("^10\\.\\d{4,9}/\\S+$");
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The quote and/or position the client sent; resolved against the text by {@link TextAnchor}. */
    record Selector(String exact, String prefix, String suffix, Integer start, Integer end) {
    }

    /**
     * A valid annotation as the client described it.
     *
     * @param selector set for an anchored annotation, null for a reply
     * @param parentId set for a reply, null otherwise
     * @param clientId the {@code id} the client sent, if any (moved to {@code via} on create)
     */
    record Draft(String motivation, ArrayNode body, Selector selector, UUID parentId, UUID group, String visibility,
            String canonical, String via, String clientId) {
    }

    private final String documentIri;
    private final String documentsBase;
    private final String slug;
    private final String scholionContext;

    AnnotationInput(String base, String slug) {
        this.documentsBase = base + "/api/documents/";
        this.documentIri = documentsBase + slug;
        this.slug = slug;
        this.scholionContext = base + "/ns/scholion.jsonld";
    }

    static JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ProblemException.field(400, "body", "The body is empty: send a W3C Web Annotation as JSON-LD.");
        }
        try {
            return STRICT.readTree(bytes);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            throw ProblemException.field(400, "body", "The body is not valid JSON"
                    + (reason != null && reason.startsWith("Duplicate field") ? ": " + reason : "."));
        } catch (IOException e) {
            throw ProblemException.field(400, "body", "The body could not be read.");
        }
    }

    Draft read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ProblemException.field(400, "", "The body must be a JSON object: one W3C Web Annotation.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KNOWN.contains(name) && !IGNORED.contains(name)) {
                throw ProblemException.field(400, name, "unknown property '" + cleanForMessage(name) + "'");
            }
        }
        checkContext(root.get("@context"));
        checkType(root.get("type"));
        String clientId = optionalIri(root, "id");
        String canonical = optionalIri(root, "canonical");
        String via = optionalIri(root, "via");
        String motivation = required(root, "motivation");
        if (!MOTIVATIONS.contains(motivation)) {
            throw ProblemException.field(400, "motivation", "motivation must be one of " + String.join(", ", sorted(MOTIVATIONS)));
        }
        UUID group = null;
        if (root.hasNonNull("group")) {
            group = uuid(root.get("group"), "group");
        }
        String visibility = null;
        if (root.hasNonNull("visibility")) {
            visibility = string(root.get("visibility"), "visibility", 16);
            if (!visibility.equals(Annotation.GROUP) && !visibility.equals(Annotation.PRIVATE)) {
                throw ProblemException.field(400, "visibility", "visibility must be 'group' or 'private'");
            }
        }
        JsonNode target = root.get("target");
        if (target == null || target.isNull()) {
            throw ProblemException.field(400, "target", "target is required");
        }
        if (target.isArray()) {
            if (target.size() != 1) {
                throw ProblemException.field(400, "target", "exactly one target is supported");
            }
            target = target.get(0);
        }
        Selector selector = null;
        UUID parent = null;
        String parentIri = replyTarget(target);
        if (parentIri != null) {
            parent = parentId(parentIri);
        } else {
            selector = textTarget(target);
        }
        if ("replying".equals(motivation) != (parent != null)) {
            throw ProblemException.field(400, parent != null ? "motivation" : "target", parent != null
                    ? "a reply (its target is an annotation) must have the motivation 'replying'"
                    : "a reply's target is the IRI of the annotation it answers");
        }
        ArrayNode body = body(root.get("body"), motivation);
        return new Draft(motivation, body, selector, parent, group, visibility, canonical, via, clientId);
    }

    private void checkContext(JsonNode ctx) {
        if (ctx == null) {
            throw ProblemException.field(400, "@context", "@context is required: \"" + ANNO_CONTEXT + "\"");
        }
        if (ctx.isTextual() && ctx.asText().equals(ANNO_CONTEXT)) {
            return;
        }
        if (ctx.isArray()) {
            boolean anno = false;
            for (JsonNode c : ctx) {
                if (!c.isTextual() || !(c.asText().equals(ANNO_CONTEXT) || c.asText().equals(scholionContext))) {
                    throw ProblemException.field(400, "@context",
                            "@context may hold only \"" + ANNO_CONTEXT + "\" and \"" + scholionContext + "\"");
                }
                anno |= c.asText().equals(ANNO_CONTEXT);
            }
            if (anno) {
                return;
            }
        }
        throw ProblemException.field(400, "@context", "@context must be or contain \"" + ANNO_CONTEXT + "\"");
    }

    private static void checkType(JsonNode type) {
        boolean ok = type != null && (type.isTextual() && type.asText().equals("Annotation")
                || type.isArray() && type.size() == 1 && "Annotation".equals(type.get(0).asText()));
        if (!ok) {
            throw ProblemException.field(400, "type", "type must be \"Annotation\"");
        }
    }

    /** The parent IRI when the target names an annotation, null when it is a text target. */
    private String replyTarget(JsonNode target) {
        if (target.isTextual()) {
            String iri = target.asText();
            if (iri.equals(documentIri)) {
                throw ProblemException.field(400, "target.selector", "a target on the document needs a selector");
            }
            return iri;
        }
        if (!target.isObject()) {
            throw ProblemException.field(400, "target", "target must be an object or the IRI of the annotation replied to");
        }
        JsonNode source = target.get("source");
        if (source != null && source.isTextual() && source.asText().startsWith(documentsBase)
                && source.asText().contains("/annotations/") && !target.has("selector")) {
            return source.asText();
        }
        return null;
    }

    private UUID parentId(String iri) {
        text(iri, "target", MAX_IRI, false);
        if (!iri.startsWith(documentsBase)) {
            throw ProblemException.field(400, "target", "the target must be this document or an annotation IRI under "
                    + documentsBase);
        }
        String rest = iri.substring(documentsBase.length());
        int cut = rest.indexOf("/annotations/");
        if (cut <= 0) {
            throw ProblemException.field(400, "target", "the target is not an annotation IRI");
        }
        if (!rest.substring(0, cut).equals(slug)) {
            throw ProblemException.field(400, "target", "the annotation replied to belongs to another document");
        }
        try {
            return UUID.fromString(rest.substring(cut + "/annotations/".length()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(400, "target", "the target is not an annotation IRI");
        }
    }

    private Selector textTarget(JsonNode target) {
        JsonNode source = target.get("source");
        if (source == null || !source.isTextual()) {
            throw ProblemException.field(400, "target.source", "target.source must be the document IRI " + documentIri);
        }
        if (!source.asText().equals(documentIri)) {
            throw ProblemException.field(400, "target.source", "target.source must be this container's document " + documentIri);
        }
        for (Iterator<String> names = target.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("source") && !name.equals("selector") && !name.equals("type") && !name.equals("id")) {
                throw ProblemException.field(400, "target." + name, "unknown target property '" + cleanForMessage(name) + "'");
            }
        }
        JsonNode sel = target.get("selector");
        if (sel == null || sel.isNull()) {
            throw ProblemException.field(400, "target.selector", "a TextQuoteSelector and/or a TextPositionSelector is required");
        }
        List<JsonNode> list = new ArrayList<>();
        if (sel.isArray()) {
            sel.forEach(list::add);
        } else {
            list.add(sel);
        }
        if (list.isEmpty()) {
            throw ProblemException.field(400, "target.selector", "a TextQuoteSelector and/or a TextPositionSelector is required");
        }
        String exact = null;
        String prefix = null;
        String suffix = null;
        Integer start = null;
        Integer end = null;
        boolean quote = false;
        boolean position = false;
        for (JsonNode s : list) {
            String type = s.isObject() && s.path("type").isTextual() ? s.get("type").asText() : "";
            if (type.equals("TextQuoteSelector") && !quote) {
                quote = true;
                // quotes come from the document, whose paragraphs are separated by line breaks
                exact = string(s.get("exact"), TextAnchor.F_EXACT, Integer.MAX_VALUE, true);
                prefix = s.hasNonNull("prefix") ? string(s.get("prefix"), TextAnchor.F_PREFIX, Integer.MAX_VALUE, true) : null;
                suffix = s.hasNonNull("suffix") ? string(s.get("suffix"), TextAnchor.F_SUFFIX, Integer.MAX_VALUE, true) : null;
            } else if (type.equals("TextPositionSelector") && !position) {
                position = true;
                start = integer(s.get("start"), TextAnchor.F_START);
                end = integer(s.get("end"), TextAnchor.F_END);
            } else {
                throw ProblemException.field(400, "target.selector.type",
                        "selectors must be one TextQuoteSelector and/or one TextPositionSelector");
            }
        }
        if (exact != null && TextAnchor.codePoints(exact) > 100_000) {
            throw ProblemException.field(400, TextAnchor.F_EXACT, "exact is longer than 100000 code points");
        }
        return new Selector(exact, prefix, suffix, start, end);
    }

    private ArrayNode body(JsonNode body, String motivation) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && !body.isNull()) {
            if (body.isArray()) {
                body.forEach(items::add);
            } else {
                items.add(body);
            }
        }
        ArrayNode out = NODES.arrayNode();
        int comments = 0;
        int assessments = 0;
        int sources = 0;
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "body[" + i + "]";
            if (!item.isObject()) {
                throw ProblemException.field(400, at, "each body must be a TextualBody or a Citation object");
            }
            String type = item.path("type").isTextual() ? item.get("type").asText() : "";
            if (type.equals("TextualBody")) {
                String purpose = item.hasNonNull("purpose") ? string(item.get("purpose"), at + ".purpose", 32) : "commenting";
                allowOnly(item, at, Set.of("type", "purpose", "value", "format", "language"));
                switch (purpose) {
                    case "commenting" -> {
                        comments++;
                        if (comments > 1) {
                            throw ProblemException.field(400, at, "an annotation has at most one comment");
                        }
                        String value = string(item.get("value"), at + ".value", MAX_COMMENT, true);
                        if (value.isBlank()) {
                            throw ProblemException.field(400, at + ".value", "the comment must not be blank");
                        }
                        String format = item.hasNonNull("format") ? string(item.get("format"), at + ".format", 32) : "text/plain";
                        if (!FORMATS.contains(format)) {
                            throw ProblemException.field(400, at + ".format", "format must be text/markdown or text/plain");
                        }
                        ObjectNode o = out.addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", value)
                                .put("format", format);
                        if (item.hasNonNull("language")) {
                            o.put("language", string(item.get("language"), at + ".language", 35));
                        }
                    }
                    case "tagging" -> {
                        String tag = string(item.get("value"), at + ".value", MAX_TAG).strip().toLowerCase(Locale.ROOT);
                        if (tag.isEmpty()) {
                            throw ProblemException.field(400, at + ".value", "a tag must not be blank");
                        }
                        tags.add(tag);
                        if (tags.size() > MAX_TAGS) {
                            throw ProblemException.field(400, at, "at most " + MAX_TAGS + " tags");
                        }
                    }
                    case "assessing" -> {
                        assessments++;
                        String value = string(item.get("value"), at + ".value", 32);
                        if (!ASSESSMENTS.contains(value)) {
                            throw ProblemException.field(400, at + ".value",
                                    "an assessment is one of " + String.join(", ", sorted(ASSESSMENTS)));
                        }
                        if (!motivation.equals("assessing")) {
                            throw ProblemException.field(400, at + ".purpose", "only an annotation with the motivation 'assessing'"
                                    + " carries an assessment");
                        }
                        if (assessments > 1) {
                            throw ProblemException.field(400, at, "an assessment carries exactly one verdict");
                        }
                        out.addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", value);
                    }
                    default -> throw ProblemException.field(400, at + ".purpose",
                            "a TextualBody's purpose is commenting, tagging or assessing");
                }
            } else if (type.equals("Citation")) {
                sources++;
                if (sources > MAX_SOURCES) {
                    throw ProblemException.field(400, at, "at most " + MAX_SOURCES + " sources");
                }
                out.add(source(item, at));
            } else {
                throw ProblemException.field(400, at + ".type", "unknown body type; use TextualBody or Citation");
            }
        }
        for (String tag : tags) {
            out.addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", tag);
        }
        if ((motivation.equals("commenting") || motivation.equals("questioning") || motivation.equals("replying")) && comments == 0) {
            throw ProblemException.field(400, "body", "a " + motivation + " annotation needs a TextualBody with purpose commenting");
        }
        if (motivation.equals("assessing")) {
            if (assessments == 0) {
                throw ProblemException.field(400, "body", "an assessing annotation needs exactly one TextualBody with purpose assessing");
            }
            if (sources == 0) {
                throw ProblemException.field(400, "body", "an assessing annotation needs at least one source (a Citation)");
            }
        }
        return out;
    }

    private static ObjectNode source(JsonNode item, String at) {
        Set<String> allowed = new LinkedHashSet<>(SOURCE_FIELDS.keySet());
        allowed.addAll(List.of("type", "purpose", "url"));
        allowOnly(item, at, allowed);
        if (item.hasNonNull("purpose") && !"citing".equals(item.get("purpose").asText())) {
            throw ProblemException.field(400, at + ".purpose", "a Citation's purpose is citing");
        }
        ObjectNode o = NODES.objectNode().put("type", "Citation").put("purpose", "citing");
        if (item.hasNonNull("url")) {
            o.put("url", url(string(item.get("url"), at + ".url", MAX_IRI), at + ".url"));
        }
        for (String f : List.of("title", "author", "published", "locator", "excerpt")) {
            if (item.hasNonNull(f)) {
                String v = string(item.get(f), at + "." + f, SOURCE_FIELDS.get(f), f.equals("excerpt")).strip();
                if (!v.isEmpty()) {
                    o.put(f, v);
                }
            }
        }
        if (!o.has("url") && !o.has("title")) {
            throw ProblemException.field(400, at, "a source needs a url or a title");
        }
        return o;
    }

    /** http(s) only; DOIs ({@code doi:10.…} or bare {@code 10.…}) become https://doi.org/ links. */
    static String url(String raw, String field) {
        String u = raw.strip();
        if (u.regionMatches(true, 0, "doi:", 0, 4)) {
            u = u.substring(4).strip();
            if (!BARE_DOI.matcher(u).matches()) {
                throw ProblemException.field(400, field, "not a DOI: a DOI looks like doi:10.1234/abc");
            }
        }
        if (BARE_DOI.matcher(u).matches()) {
            u = "https://doi.org/" + u;
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw ProblemException.field(400, field, "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ProblemException.field(400, field, "a source URL must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ProblemException.field(400, field, "a source URL needs a host");
        }
        return u;
    }

    private static void allowOnly(JsonNode item, String at, Set<String> allowed) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ProblemException.field(400, at + "." + cleanForMessage(name), "unknown property '" + cleanForMessage(name) + "'");
            }
        }
    }

    private static String required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw ProblemException.field(400, field, field + " is required");
        }
        return string(n, field, 64);
    }

    private static String optionalIri(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String v = string(n, field, MAX_IRI);
        try {
            if (!new URI(v).isAbsolute()) {
                throw ProblemException.field(400, field, field + " must be an absolute IRI");
            }
        } catch (URISyntaxException e) {
            throw ProblemException.field(400, field, field + " must be an absolute IRI");
        }
        return v;
    }

    private static UUID uuid(JsonNode n, String field) {
        String v = string(n, field, 64);
        try {
            UUID id = UUID.fromString(v);
            if (!id.toString().equals(v.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ProblemException.field(400, field, field + " must be a UUID");
        }
    }

    private static Integer integer(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw ProblemException.field(400, field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ProblemException.field(400, field, "must be a whole number of code points");
        }
        return n.intValue();
    }

    static String string(JsonNode n, String field, int maxCodePoints) {
        return string(n, field, maxCodePoints, false);
    }

    private static String string(JsonNode n, String field, int maxCodePoints, boolean multiline) {
        if (n == null || n.isNull()) {
            throw ProblemException.field(400, field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isTextual()) {
            throw ProblemException.field(400, field, "must be a string");
        }
        return text(n.asText(), field, maxCodePoints, multiline);
    }

    /** No unpaired surrogates, no control characters (line breaks and tabs only where text is multi-line). */
    static String text(String v, String field, int maxCodePoints, boolean multiline) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw ProblemException.field(400, field, "contains an unpaired surrogate (not Unicode text)");
            }
            if (Character.isLowSurrogate(c)) {
                throw ProblemException.field(400, field, "contains an unpaired surrogate (not Unicode text)");
            }
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                throw ProblemException.field(400, field, "contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
        if (maxCodePoints != Integer.MAX_VALUE && v.codePointCount(0, v.length()) > maxCodePoints) {
            throw ProblemException.field(400, field, "is longer than " + maxCodePoints + " characters");
        }
        return v;
    }

    private static String cleanForMessage(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).filter(cp -> !Character.isISOControl(cp) && !Character.isSurrogate((char) cp) || cp > 0xFFFF)
                .forEach(b::appendCodePoint);
        return b.toString();
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
