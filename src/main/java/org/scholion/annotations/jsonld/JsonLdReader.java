package org.scholion.annotations.jsonld;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Body;
import org.scholion.annotations.Draft;
import org.scholion.annotations.Motivation;
import org.scholion.anchoring.Anchorer;
import org.scholion.domain.DomainError;
import org.scholion.text.TextRules;

/**
 * Reads a client's W3C annotation (JSON-LD) into a {@link Draft}, rule by rule instead of binding
 * it blindly: JSON-LD allows many shapes, and each rule must answer naming the field it concerns.
 * What it returns is well-formed; whether the anchor fits the text and whether the caller may write
 * in the group is the domain's business.
 *
 * <p>Sources: the W3C shape is a {@code SpecificResource} with purpose {@code linking} whose
 * {@code source} is the cited work's IRI (see {@link Representations}); the earlier
 * {@code Citation} shape ({@code url}, {@code author}) is still read and converted.
 */
@ApplicationScoped
public class JsonLdReader {
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
    /** A source's terms; its {@code review} is a moderator's, set by the server and ignored on input. */
    private static final Set<String> SOURCE_TERMS = Set.of("id", "type", "purpose", "source", "title", "authors", "published",
            "container", "locator", "excerpt", "doi", "review");
    private static final Set<String> CITATION_TERMS = Set.of("type", "purpose", "url", "title", "author", "published", "locator",
            "excerpt");
    private static final Pattern BARE_DOI = Pattern.compile("^10\\.\\d{4,9}/\\S+$");
    /** RFC 8141: urn:<NID>:<NSS>. */
    private static final Pattern URN = Pattern.compile("^urn:[a-z0-9][a-z0-9-]{0,31}:\\S+$", Pattern.CASE_INSENSITIVE);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Iris iris;

    JsonLdReader(Iris iris) {
        this.iris = iris;
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
        String parentIri = replyTarget(target, slug);
        if (parentIri != null) {
            parent = parentId(parentIri, slug);
        } else {
            selector = textTarget(target, slug);
            revision = revision(target.get("state"), slug);
        }
        Body body = body(root.get("body"), motivation);
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

    /** The parent IRI when the target names an annotation, null when it is a text target. */
    private String replyTarget(JsonNode target, String slug) {
        if (target.isTextual()) {
            String iri = target.asText();
            if (iri.equals(iris.document(slug))) {
                throw DomainError.invalid("target.selector", "a target on the document needs a selector");
            }
            return iri;
        }
        if (!target.isObject()) {
            throw DomainError.invalid("target", "target must be an object or the IRI of the annotation replied to");
        }
        JsonNode source = target.get("source");
        if (source != null && source.isTextual() && source.asText().startsWith(iris.documentsBase())
                && source.asText().contains("/annotations/") && !target.has("selector")) {
            return source.asText();
        }
        return null;
    }

    private UUID parentId(String iri, String slug) {
        text(iri, "target", MAX_IRI, false);
        String documentsBase = iris.documentsBase();
        if (!iri.startsWith(documentsBase)) {
            throw DomainError.invalid("target", "the target must be this document or an annotation IRI under " + documentsBase);
        }
        String rest = iri.substring(documentsBase.length());
        int cut = rest.indexOf("/annotations/");
        if (cut <= 0) {
            throw DomainError.invalid("target", "the target is not an annotation IRI");
        }
        if (!rest.substring(0, cut).equals(slug)) {
            throw DomainError.invalid("target", "the annotation replied to belongs to another document");
        }
        try {
            return UUID.fromString(rest.substring(cut + "/annotations/".length()));
        } catch (IllegalArgumentException e) {
            throw DomainError.invalid("target", "the target is not an annotation IRI");
        }
    }

    private Anchorer.Selector textTarget(JsonNode target, String slug) {
        String documentIri = iris.document(slug);
        JsonNode source = target.get("source");
        if (source == null || !source.isTextual()) {
            throw DomainError.invalid("target.source", "target.source must be the document IRI " + documentIri);
        }
        if (!source.asText().equals(documentIri)) {
            throw DomainError.invalid("target.source", "target.source must be this container's document " + documentIri);
        }
        for (Iterator<String> names = target.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("source") && !name.equals("selector") && !name.equals("type") && !name.equals("id") && !name.equals("state")) {
                throw DomainError.invalid("target." + name, "unknown target property '" + cleanForMessage(name) + "'");
            }
        }
        JsonNode sel = target.get("selector");
        if (sel == null || sel.isNull()) {
            throw DomainError.invalid("target.selector", "a TextQuoteSelector and/or a TextPositionSelector is required");
        }
        List<JsonNode> list = new ArrayList<>();
        if (sel.isArray()) {
            sel.forEach(list::add);
        } else {
            list.add(sel);
        }
        if (list.isEmpty()) {
            throw DomainError.invalid("target.selector", "a TextQuoteSelector and/or a TextPositionSelector is required");
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
                exact = string(s.get("exact"), Anchorer.F_EXACT, Integer.MAX_VALUE, true);
                prefix = s.hasNonNull("prefix") ? string(s.get("prefix"), Anchorer.F_PREFIX, Integer.MAX_VALUE, true) : null;
                suffix = s.hasNonNull("suffix") ? string(s.get("suffix"), Anchorer.F_SUFFIX, Integer.MAX_VALUE, true) : null;
            } else if (type.equals("TextPositionSelector") && !position) {
                position = true;
                start = integer(s.get("start"), Anchorer.F_START);
                end = integer(s.get("end"), Anchorer.F_END);
            } else {
                throw DomainError.invalid("target.selector.type",
                        "selectors must be one TextQuoteSelector and/or one TextPositionSelector");
            }
        }
        if (exact != null && Anchorer.codePoints(exact) > 100_000) {
            throw DomainError.invalid(Anchorer.F_EXACT, "exact is longer than 100000 code points");
        }
        return new Anchorer.Selector(exact, prefix, suffix, start, end);
    }

    /**
     * The revision the selectors were made on, from the target's state (Web Annotation Data Model
     * §4.2.6, a TimeState whose {@code cached} is one of this document's revision IRIs); null when
     * the target has none (the current revision).
     */
    private Integer revision(JsonNode state, String slug) {
        if (state == null || state.isNull()) {
            return null;
        }
        if (state.isArray()) {
            if (state.size() != 1) {
                throw DomainError.invalid("target.state", "at most one state: a TimeState naming the revision");
            }
            state = state.get(0);
        }
        if (!state.isObject() || !"TimeState".equals(state.path("type").asText())) {
            throw DomainError.invalid("target.state.type", "the state must be a TimeState naming the revision its selectors hold for");
        }
        String prefix = iris.document(slug) + "/revisions/";
        String cached = state.path("cached").isTextual() ? state.get("cached").asText() : "";
        if (!cached.startsWith(prefix) || !cached.substring(prefix.length()).matches("[1-9][0-9]{0,8}")) {
            throw DomainError.invalid("target.state.cached", "cached must be a revision IRI of this document: " + prefix + "{n}");
        }
        return Integer.parseInt(cached.substring(prefix.length()));
    }

    // ---- bodies ---------------------------------------------------------------------------------

    private Body body(JsonNode body, Motivation motivation) {
        List<JsonNode> items = new ArrayList<>();
        if (body != null && !body.isNull()) {
            if (body.isArray()) {
                body.forEach(items::add);
            } else {
                items.add(body);
            }
        }
        Body.Comment comment = null;
        Body.Verdict verdict = null;
        List<Body.Source> sources = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "body[" + i + "]";
            if (!item.isObject()) {
                throw DomainError.invalid(at, "each body must be a TextualBody or a SpecificResource (a source) object");
            }
            String type = item.path("type").isTextual() ? item.get("type").asText() : "";
            switch (type) {
                case "TextualBody" -> {
                    String purpose = item.hasNonNull("purpose") ? string(item.get("purpose"), at + ".purpose", 32) : "commenting";
                    allowOnly(item, at, Set.of("type", "purpose", "value", "format", "language"));
                    switch (purpose) {
                        case "commenting" -> {
                            if (comment != null) {
                                throw DomainError.invalid(at, "an annotation has at most one comment");
                            }
                            comment = comment(item, at);
                        }
                        case "tagging" -> {
                            tags.add(tag(string(item.get("value"), at + ".value", Integer.MAX_VALUE), at + ".value"));
                            if (tags.size() > MAX_TAGS) {
                                throw DomainError.invalid(at, "at most " + MAX_TAGS + " tags");
                            }
                        }
                        case "assessing" -> {
                            String value = string(item.get("value"), at + ".value", 32);
                            Body.Verdict v = verdict(value, at + ".value");
                            if (motivation != Motivation.ASSESSING) {
                                throw DomainError.invalid(at + ".purpose", "only an annotation with the motivation 'assessing'"
                                        + " carries an assessment");
                            }
                            if (verdict != null) {
                                throw DomainError.invalid(at, "an assessment carries exactly one verdict");
                            }
                            verdict = v;
                        }
                        default -> throw DomainError.invalid(at + ".purpose",
                                "a TextualBody's purpose is commenting, tagging or assessing");
                    }
                }
                case "SpecificResource", "Citation" -> {
                    if (sources.size() == MAX_SOURCES) {
                        throw DomainError.invalid(at, "at most " + MAX_SOURCES + " sources");
                    }
                    sources.add(type.equals("Citation") ? citation(item, at) : source(item, at));
                }
                default -> throw DomainError.invalid(at + ".type",
                        "unknown body type; use TextualBody, or SpecificResource for a source");
            }
        }
        return new Body(comment, List.copyOf(tags), verdict, sources);
    }

    private static Body.Comment comment(JsonNode item, String at) {
        String value = free(string(item.get("value"), at + ".value", MAX_COMMENT, true));
        if (value.isBlank()) {
            throw DomainError.invalid(at + ".value", "the comment must not be blank");
        }
        String format = item.hasNonNull("format") ? string(item.get("format"), at + ".format", 32) : Body.Comment.PLAIN;
        if (!format.equals(Body.Comment.MARKDOWN) && !format.equals(Body.Comment.PLAIN)) {
            throw DomainError.invalid(at + ".format", "format must be text/markdown or text/plain");
        }
        String language = item.hasNonNull("language") ? string(item.get("language"), at + ".language", 35) : null;
        return new Body.Comment(value, format, language);
    }

    private static Body.Verdict verdict(String value, String field) {
        for (Body.Verdict v : Body.Verdict.values()) {
            if (v.wire().equals(value)) {
                return v;
            }
        }
        List<String> names = new ArrayList<>();
        for (Body.Verdict v : Body.Verdict.values()) {
            names.add(v.wire());
        }
        throw DomainError.invalid(field, "an assessment is one of " + String.join(", ", names.stream().sorted().toList()));
    }

    /**
     * A source in the W3C shape: {@code {"id": "urn:uuid:…", "type": "SpecificResource",
     * "purpose": "linking", "source": "<the work's IRI>", "title", "authors", "published",
     * "container", "locator", "excerpt", "doi"}}. {@code id} is optional (the server assigns it;
     * sending it back keeps the source's identity), so is {@code purpose} ({@code citing}, our
     * earlier name, is read as {@code linking}). A work without a URL may leave out {@code source}
     * when it has a title.
     */
    private static Body.Source source(JsonNode item, String at) {
        allowOnly(item, at, SOURCE_TERMS);
        if (item.hasNonNull("purpose")) {
            String purpose = string(item.get("purpose"), at + ".purpose", 32);
            if (!purpose.equals("linking") && !purpose.equals("citing")) {
                throw DomainError.invalid(at + ".purpose", "a source's purpose is linking");
            }
        }
        UUID id = null;
        if (item.hasNonNull("id")) {
            id = Iris.sourceId(string(item.get("id"), at + ".id", 64));
            if (id == null) {
                throw DomainError.invalid(at + ".id", "a source's id is the urn:uuid:… the server gave it");
            }
        }
        String title = optionalText(item, "title", at, 500, false);
        List<String> authors = authors(item.get("authors"), at + ".authors");
        String published = optionalText(item, "published", at, 40, false);
        String container = optionalText(item, "container", at, 300, false);
        String locator = optionalText(item, "locator", at, 100, false);
        String excerpt = optionalText(item, "excerpt", at, 2000, true);
        String doi = null;
        if (item.hasNonNull("doi")) {
            doi = doi(string(item.get("doi"), at + ".doi", 200), at + ".doi");
        }
        String work = item.hasNonNull("source") ? workIri(string(item.get("source"), at + ".source", MAX_IRI), at + ".source") : null;
        return finish(new Body.Source(id, work, title, authors, published, container, locator, excerpt, doi), at, "source");
    }

    /** The earlier shape: {@code {"type": "Citation", "purpose": "citing", "url", "title", "author", …}}. */
    private static Body.Source citation(JsonNode item, String at) {
        allowOnly(item, at, CITATION_TERMS);
        if (item.hasNonNull("purpose") && !"citing".equals(item.get("purpose").asText())) {
            throw DomainError.invalid(at + ".purpose", "a Citation's purpose is citing");
        }
        String url = item.hasNonNull("url") ? workIri(string(item.get("url"), at + ".url", MAX_IRI), at + ".url") : null;
        if (url != null && url.startsWith("urn:")) {
            throw DomainError.invalid(at + ".url", "a source URL must be http or https");
        }
        String author = optionalText(item, "author", at, 300, false);
        return finish(new Body.Source(null, url, optionalText(item, "title", at, 500, false),
                author == null ? List.of() : List.of(author), optionalText(item, "published", at, 40, false), null,
                optionalText(item, "locator", at, 100, false), optionalText(item, "excerpt", at, 2000, true), null), at, "url");
    }

    /** Fills in what follows from the rest: the DOI of a doi.org link, the IRI of a work without URL. */
    private static Body.Source finish(Body.Source s, String at, String iriField) {
        String doi = s.doi();
        String work = s.iri();
        if (work == null && doi != null) {
            work = "https://doi.org/" + doi;
        }
        if (doi == null && work != null && work.startsWith("https://doi.org/")) {
            doi = work.substring("https://doi.org/".length());
        }
        if (work == null) {
            if (s.title() == null) {
                throw DomainError.invalid(at, "a source needs a " + iriField + " or a title");
            }
            work = Body.Source.unlinkedWorkIri(s.title(), s.authors(), s.published());
        }
        return new Body.Source(s.id(), work, s.title(), s.authors(), s.published(), s.container(), s.locator(), s.excerpt(), doi);
    }

    private static List<String> authors(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        List<JsonNode> values = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(values::add);
        } else {
            values.add(n);
        }
        if (values.size() > MAX_AUTHORS) {
            throw DomainError.invalid(field, "at most " + MAX_AUTHORS + " authors");
        }
        for (int i = 0; i < values.size(); i++) {
            String a = free(string(values.get(i), field + "[" + i + "]", 300).strip());
            if (!a.isEmpty()) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The cited work's IRI: http(s) with a host, or a URN (urn:isbn:…); DOIs ({@code doi:10.…} or a
     * bare {@code 10.…}) become https://doi.org/ links. Nothing else: no javascript:, data:, file:.
     */
    static String workIri(String raw, String field) {
        String u = raw.strip();
        if (u.regionMatches(true, 0, "doi:", 0, 4)) {
            u = u.substring(4).strip();
            if (!BARE_DOI.matcher(u).matches()) {
                throw DomainError.invalid(field, "not a DOI: a DOI looks like doi:10.1234/abc");
            }
        }
        if (BARE_DOI.matcher(u).matches()) {
            return "https://doi.org/" + u;
        }
        String problem = webOrUrnProblem(u);
        if (problem != null) {
            throw DomainError.invalid(field, "a source URL " + problem);
        }
        return u;
    }

    /**
     * Why {@code u} is not an IRI we hand out again as a link or a name: it must be http(s) with a
     * host, or a URN (RFC 8141) — never javascript:, data:, file: or a relative reference. Null when
     * it is one.
     */
    static String webOrUrnProblem(String u) {
        if (URN.matcher(u).matches()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return "is not a valid IRI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be http or https (or a urn:)";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "needs a host";
        }
        return null;
    }

    private static String doi(String raw, String field) {
        String d = raw.strip();
        if (d.regionMatches(true, 0, "doi:", 0, 4)) {
            d = d.substring(4).strip();
        } else if (d.startsWith("https://doi.org/")) {
            d = d.substring("https://doi.org/".length());
        }
        if (!BARE_DOI.matcher(d).matches()) {
            throw DomainError.invalid(field, "not a DOI: a DOI looks like 10.1234/abc");
        }
        return d;
    }

    // ---- values ---------------------------------------------------------------------------------

    private static List<String> motivationNames() {
        List<String> names = new ArrayList<>();
        for (Motivation m : Motivation.values()) {
            names.add(m.wire());
        }
        return names.stream().sorted().toList();
    }

    private static void allowOnly(JsonNode item, String at, Set<String> allowed) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw DomainError.invalid(at + "." + cleanForMessage(name), "unknown property '" + cleanForMessage(name) + "'");
            }
        }
    }

    private static String optionalText(JsonNode item, String name, String at, int max, boolean multiline) {
        if (!item.hasNonNull(name)) {
            return null;
        }
        String v = free(string(item.get(name), at + "." + name, max, multiline).strip());
        return v.isEmpty() ? null : v;
    }

    private static String required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field + " is required");
        }
        return string(n, field, 64);
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

    private static UUID uuid(JsonNode n, String field) {
        String v = string(n, field, 64);
        try {
            UUID id = UUID.fromString(v);
            if (!id.toString().equals(v.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw DomainError.invalid(field, field + " must be a UUID");
        }
    }

    private static Integer integer(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw DomainError.invalid(field, "must be a whole number of code points");
        }
        return n.intValue();
    }

    static String string(JsonNode n, String field, int maxCodePoints) {
        return string(n, field, maxCodePoints, false);
    }

    private static String string(JsonNode n, String field, int maxCodePoints, boolean multiline) {
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isTextual()) {
            throw DomainError.invalid(field, "must be a string");
        }
        return text(n.asText(), field, maxCodePoints, multiline);
    }

    /**
     * Text a client may store or look up ({@link TextRules}): no unpaired surrogates, no control
     * characters (line breaks and tabs only where the text is multi-line), at most so many code points.
     * Returned as given: whether it is stored normalised is the caller's rule ({@link #free}).
     */
    public static String text(String v, String field, int maxCodePoints, boolean multiline) {
        TextRules.problem(v, multiline ? TextRules.Kind.TEXT : TextRules.Kind.LINE).ifPresent(problem -> {
            throw DomainError.invalid(field, problem);
        });
        if (maxCodePoints != Integer.MAX_VALUE && v.codePointCount(0, v.length()) > maxCodePoints) {
            throw DomainError.invalid(field, "is longer than " + maxCodePoints + " characters");
        }
        return v;
    }

    /**
     * A tag as it is stored and looked up, for a new annotation and for the container's filter alike:
     * a name ({@link TextRules.Kind#NAME}: no invisible formatting characters such as a bidi override
     * or a zero-width space, which make two different tags look the same), trimmed, lower-cased, NFC.
     */
    public static String tag(String raw, String field) {
        text(raw, field, MAX_TAG, false);
        TextRules.problem(raw, TextRules.Kind.NAME).ifPresent(problem -> {
            throw DomainError.invalid(field, problem);
        });
        String tag = TextRules.nfc(raw.strip().toLowerCase(Locale.ROOT));
        if (tag.isEmpty()) {
            throw DomainError.invalid(field, "a tag must not be blank");
        }
        return tag;
    }

    /**
     * Free text people write (a comment, a source's title, authors, excerpt …) as it is stored: in
     * Unicode Normalization Form C, so that text that looks the same is the same. Not the quotes of a
     * selector: they must be the document's text exactly as it is.
     */
    private static String free(String v) {
        return TextRules.nfc(v);
    }

    private static String cleanForMessage(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).filter(cp -> !Character.isISOControl(cp) && !Character.isSurrogate((char) cp) || cp > 0xFFFF)
                .forEach(b::appendCodePoint);
        return b.toString();
    }
}
