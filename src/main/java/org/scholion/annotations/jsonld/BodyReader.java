package org.scholion.annotations.jsonld;

import static org.scholion.text.Fields.allowOnly;
import static org.scholion.text.Fields.free;
import static org.scholion.text.Fields.optionalText;
import static org.scholion.text.Fields.string;
import static org.scholion.text.Fields.webOrUrnProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.annotations.Body;
import org.scholion.annotations.Motivation;
import org.scholion.domain.DomainError;
import org.scholion.text.Fields;

/**
 * Reads an annotation's bodies: the comment, the tags, an assessment's verdict (TextualBodies by
 * purpose) and the sources (SpecificResources, or the earlier Citation shape).
 *
 * <p>Sources: the W3C shape is a {@code SpecificResource} with purpose {@code linking} whose
 * {@code source} is the cited work's IRI (see {@link Representations}); the earlier
 * {@code Citation} shape ({@code url}, {@code author}) is still read and converted.
 */
final class BodyReader {
    private static final Set<String> SOURCE_TERMS = Set.of("id", "type", "purpose", "source", "title", "authors", "published",
            "container", "locator", "excerpt", "doi", "review");
    private static final Set<String> CITATION_TERMS = Set.of("type", "purpose", "url", "title", "author", "published", "locator",
            "excerpt");
    private static final Pattern BARE_DOI = Pattern.compile("^10\\.\\d{4,9}/\\S+$");

    private BodyReader() {
    }

    /** What Scholion reads of a TextualBody; its other W3C terms, and its id, are kept ({@link ClientTerms}). */
    private static final Set<String> TEXTUAL_READ = Set.of("id", "type", "purpose", "value", "format", "language");
    private static final String RDF_HTML = "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML";
    /**
     * HTML comments keep the markup the reader shows (its Markdown allowlist, js/render.js): text
     * structure and http(s)/mailto links, nothing that runs, loads or styles.
     */
    private static final Safelist COMMENT_HTML = Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6", "table", "thead",
            "tbody", "tr", "th", "td", "pre", "hr", "del").removeProtocols("a", "href", "ftp");

    /**
     * The bodies; what a client said of each that Scholion does not read itself (its id, other W3C
     * terms) goes into {@code kept}, under the body's role: {@code comment}, {@code verdict}, or
     * {@code tag:<the tag>}.
     */
    static Body body(JsonNode body, Motivation motivation, String container, ObjectNode kept,
            java.util.function.Consumer<String> notices) {
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
                    ObjectNode terms = JsonNodeFactory.instance.objectNode();
                    if (item.hasNonNull("id")) {
                        terms.put("id", ClientTerms.id(item.get("id"), at + ".id", container));
                    }
                    ClientTerms.extras(item, at, TEXTUAL_READ, terms, container, notices);
                    switch (purpose) {
                        case "commenting" -> {
                            if (comment != null) {
                                throw DomainError.invalid(at, "an annotation has at most one comment");
                            }
                            comment = comment(item, at);
                            keep(kept, "comment", terms);
                        }
                        case "tagging" -> {
                            String tag = AnnotationReader.tag(string(ClientTerms.literal(item.get("value")), at + ".value", Integer.MAX_VALUE),
                                    at + ".value");
                            tags.add(tag);
                            keep(kept, "tag:" + tag, terms);
                            if (tags.size() > AnnotationReader.MAX_TAGS) {
                                throw DomainError.invalid(at, "at most " + AnnotationReader.MAX_TAGS + " tags");
                            }
                        }
                        case "assessing" -> {
                            String value = string(ClientTerms.literal(item.get("value")), at + ".value", 32);
                            Body.Verdict v = verdict(value, at + ".value");
                            keep(kept, "verdict", terms);
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
                    if (sources.size() == AnnotationReader.MAX_SOURCES) {
                        throw DomainError.invalid(at, "at most " + AnnotationReader.MAX_SOURCES + " sources");
                    }
                    sources.add(type.equals("Citation") ? citation(item, at) : source(item, at));
                }
                default -> throw DomainError.invalid(at + ".type",
                        "unknown body type; use TextualBody, or SpecificResource for a source");
            }
        }
        return new Body(comment, List.copyOf(tags), verdict, sources);
    }

    /** The motivation an annotation without one has, from its bodies: what they do. */
    static Motivation implied(JsonNode body) {
        if (body == null || body.isNull()) {
            return Motivation.HIGHLIGHTING;
        }
        boolean comment = body.isTextual();
        boolean tag = false;
        boolean assessment = false;
        for (JsonNode b : body.isArray() ? body : List.of(body)) {
            String purpose = b.path("purpose").asText("");
            switch (purpose) {
                case "tagging" -> tag = true;
                case "assessing" -> assessment = true;
                case "commenting", "" -> comment |= b.path("type").asText("").equals("TextualBody") || b.has("value");
                default -> {
                }
            }
        }
        return assessment ? Motivation.ASSESSING : comment ? Motivation.COMMENTING : tag ? Motivation.TAGGING : Motivation.HIGHLIGHTING;
    }

    private static void keep(ObjectNode kept, String role, ObjectNode terms) {
        if (!terms.isEmpty()) {
            kept.set(role, terms);
        }
    }

    /**
     * The comment. Its value may be a JSON-LD value object, as clients that write expanded values send
     * it: {@code {"@value": "<p>…</p>", "@type": "rdf:HTML"}} is HTML (format text/html). HTML is kept
     * sanitised (the allowlist above), so every client that shows it shows markup that cannot run.
     */
    private static Body.Comment comment(JsonNode item, String at) {
        JsonNode raw = item.get("value");
        boolean html = raw != null && raw.isObject() && raw.path("@type").isTextual()
                && (raw.get("@type").asText().equals(RDF_HTML) || raw.get("@type").asText().equals("rdf:HTML"));
        if (raw != null && raw.isObject() && raw.has("@type") && !html) {
            throw DomainError.invalid(at + ".value", "a comment's value is a string, or HTML as {\"@value\": …, \"@type\": \"rdf:HTML\"}");
        }
        String value = free(string(ClientTerms.literal(raw), at + ".value", AnnotationReader.MAX_COMMENT, true));
        String format = item.hasNonNull("format") ? string(item.get("format"), at + ".format", 32) : html ? Body.Comment.HTML
                : Body.Comment.PLAIN;
        if (!format.equals(Body.Comment.MARKDOWN) && !format.equals(Body.Comment.PLAIN) && !format.equals(Body.Comment.HTML)) {
            throw DomainError.invalid(at + ".format", "format must be text/markdown, text/plain or text/html");
        }
        if (html && !format.equals(Body.Comment.HTML)) {
            throw DomainError.invalid(at + ".format", "an rdf:HTML value has the format text/html");
        }
        if (format.equals(Body.Comment.HTML)) {
            Document.OutputSettings compact = new Document.OutputSettings().prettyPrint(false);
            value = Jsoup.clean(value, "", COMMENT_HTML, compact);
        }
        if (value.isBlank()) {
            throw DomainError.invalid(at + ".value", "the comment must not be blank");
        }
        String language = item.hasNonNull("language") ? string(ClientTerms.literal(item.get("language")), at + ".language", 35) : null;
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
        String work = item.hasNonNull("source") ? workIri(string(item.get("source"), at + ".source", AnnotationReader.MAX_IRI), at + ".source") : null;
        return finish(new Body.Source(id, work, title, authors, published, container, locator, excerpt, doi), at, "source");
    }

    /** The earlier shape: {@code {"type": "Citation", "purpose": "citing", "url", "title", "author", …}}. */
    private static Body.Source citation(JsonNode item, String at) {
        allowOnly(item, at, CITATION_TERMS);
        if (item.hasNonNull("purpose") && !"citing".equals(item.get("purpose").asText())) {
            throw DomainError.invalid(at + ".purpose", "a Citation's purpose is citing");
        }
        String url = item.hasNonNull("url") ? workIri(string(item.get("url"), at + ".url", AnnotationReader.MAX_IRI), at + ".url") : null;
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
        if (values.size() > AnnotationReader.MAX_AUTHORS) {
            throw DomainError.invalid(field, "at most " + AnnotationReader.MAX_AUTHORS + " authors");
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
}
