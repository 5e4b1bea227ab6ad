package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.domain.DomainError;
import org.scholion.hypothesis.HypothesisExport.Problem;
import org.scholion.text.Fields;

/**
 * Reads one annotation of a Hypothesis export: the h API's annotation ({@code APIAnnotationData},
 * hypothesis/client {@code src/types/api.ts}:278-349; the export strips only the client's own
 * {@code $}-prefixed properties, {@code src/sidebar/helpers/strip-internal-properties.ts}:5-15), and
 * the API is what h's {@code AnnotationJSONService.present} writes (hypothesis/h
 * {@code h/services/annotation_json.py}:65-133). Every problem is reported, each at its JSON Pointer,
 * not only the first; the text rules and limits are the server's own ({@link AnnotationReader#text},
 * {@link AnnotationReader#tag}, {@link Anchorer}), so an annotation read here is one the W3C reader
 * takes.
 */
final class ApiAnnotations {
    /**
     * h's ids are URL-safe base64 (22 characters for its UUIDs); what goes into a {@code via} IRI and into
     * messages must not be anything else.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ApiAnnotations() {
    }

    /**
     * One annotation of the file, as far as it could be read.
     *
     * @param index      its position in the file's {@code annotations}
     * @param id         its id, null when it has no usable one
     * @param parentId   the id of the annotation it replies to, null for none
     * @param parentAt   where {@code parentId} stands in its {@code references} (for pointers), -1 for none
     * @param annotation null when it has a problem of its own
     */
    record Entry(int index, String id, String parentId, int parentAt, HypothesisAnnotation annotation) {
    }

    /** The annotation at {@code index}; its problems are added to {@code say}. */
    static Entry read(JsonNode n, int index, List<Problem> say) {
        String at = "/annotations/" + index;
        if (!n.isObject()) {
            say.add(new Problem(at, "an annotation is a JSON object"));
            return new Entry(index, null, null, -1, null);
        }
        int before = say.size();

        if (!n.hasNonNull("id")) {
            say.add(new Problem(at + "/id", "the annotation has no id: an exported annotation has the id h gave it"));
        }
        String id = string(n, "id", at, false, say);
        if (id != null && !ID.matcher(id).matches()) {
            say.add(new Problem(at + "/id", "'" + Fields.cleanForMessage(id)
                    + "' is not a Hypothesis annotation id (letters, digits, '-' and '_')"));
            id = null;
        }
        Instant created = instant(n, "created", at, true, say);
        Instant updated = instant(n, "updated", at, false, say);
        String user = string(n, "user", at, true, say);
        if (user != null && !user.startsWith("acct:")) {
            say.add(new Problem(at + "/user", "user must be an h account, acct:name@authority"));
        }
        String displayName = n.path("user_info").isObject() ? string(n.get("user_info"), "display_name", at + "/user_info", false, say)
                : null;
        String uri = string(n, "uri", at, true, say);
        // h writes "annotation.text or ''" (h/services/annotation_json.py:74): none is the empty string
        String text = Objects.requireNonNullElse(string(n, "text", at, false, say), "");
        if (!text.isEmpty()) {
            check(() -> AnnotationReader.text(text, "text", AnnotationReader.MAX_COMMENT, true), at + "/text", "the comment", say);
        }
        List<String> tags = tags(n.get("tags"), at + "/tags", say);
        String group = string(n, "group", at, false, say);
        boolean shared = shared(n.get("permissions"), at + "/permissions", say);
        boolean hidden = n.path("hidden").isBoolean() && n.get("hidden").booleanValue();
        List<String> references = new ArrayList<>();
        int parentAt = references(n.get("references"), id, at + "/references", references, say);
        String htmlLink = htmlLink(n.get("links"), at + "/links", say);

        HypothesisAnnotation.Quote quote = null;
        if (references.isEmpty()) {
            quote = quote(n.get("target"), at + "/target", say);
            // h hides a moderated annotation's text and tags from everyone but its author and the
            // moderators (h/services/annotation_json.py:122-131): what is left would import as a highlight
            if (hidden && text.isBlank() && tags.isEmpty()) {
                say.add(new Problem(at + "/hidden", "hidden by a Hypothesis moderator, and the file does not"
                        + " hold its text: h gives it only to its author and the group's moderators"));
            }
        } else if (text.isBlank()) {
            say.add(new Problem(at + "/text", hidden
                    ? "a reply hidden by a Hypothesis moderator, and the file does not hold its text: h gives it only to its"
                            + " author and the group's moderators"
                    : "a reply without text: in Scholion a reply says something (it needs a comment)"));
        }

        String title = title(n.get("document"));
        HypothesisAnnotation a = say.size() == before
                ? new HypothesisAnnotation(id, created, updated, user, displayName, uri, text, tags, group, shared, hidden, quote,
                        references, title, htmlLink)
                : null;
        return new Entry(index, id, references.isEmpty() ? null : references.get(references.size() - 1), parentAt, a);
    }

    // ---- fields ---------------------------------------------------------------------------------

    private static String string(JsonNode parent, String name, String at, boolean required, List<Problem> say) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                say.add(new Problem(at + "/" + name, name + " is missing"));
            }
            return null;
        }
        if (!v.isTextual()) {
            say.add(new Problem(at + "/" + name, name + " must be a string"));
            return null;
        }
        return v.asText();
    }

    /** h's dates: ISO 8601 with an offset, "2024-12-09T07:17:52+00:00" ({@code ISODateTime}, api.ts:42-43). */
    private static Instant instant(JsonNode parent, String name, String at, boolean required, List<Problem> say) {
        String v = string(parent, name, at, required, say);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            say.add(new Problem(at + "/" + name, name + " is not a date and time with an offset, as h writes"
                    + " them (2024-12-09T07:17:52.093541+00:00)"));
            return null;
        }
    }

    /** {@code tags: string[]} (api.ts:290), taken as Scholion takes a tag ({@link AnnotationReader#tag}): each once. */
    private static List<String> tags(JsonNode n, String at, List<Problem> say) {
        Set<String> tags = new LinkedHashSet<>();
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            say.add(new Problem(at, "tags must be an array of strings"));
            return List.of();
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (!t.isTextual()) {
                say.add(new Problem(at + "/" + i, "a tag must be a string"));
                continue;
            }
            String subject = "the tag '" + Fields.cleanForMessage(t.asText()) + "'";
            try {
                tags.add(AnnotationReader.tag(t.asText(), "tags"));
            } catch (DomainError.Invalid e) {
                say.add(new Problem(at + "/" + i, message(subject, e)));
            }
        }
        if (tags.size() > AnnotationReader.MAX_TAGS) {
            say.add(new Problem(at, tags.size() + " tags: Scholion keeps at most " + AnnotationReader.MAX_TAGS
                    + " on an annotation"));
        }
        return List.copyOf(tags);
    }

    /**
     * Shared with a group or private to the author, as the client decides it ({@code isShared},
     * src/sidebar/helpers/permissions.ts:83-85: a read principal {@code group:…}). No permissions at all
     * reads as private: an import never shows what its author kept to themselves.
     */
    private static boolean shared(JsonNode permissions, String at, List<Problem> say) {
        if (permissions == null || permissions.isNull()) {
            return false;
        }
        JsonNode read = permissions.path("read");
        if (!permissions.isObject() || !read.isArray()) {
            say.add(new Problem(permissions.isObject() ? at + "/read" : at,
                    "permissions.read must be an array of principals (group:… or acct:…)"));
            return false;
        }
        for (JsonNode p : read) {
            if (p.isTextual() && p.asText().startsWith("group:")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code references} (api.ts:285): the ancestors, "from furthest to nearest ancestor"
     * (src/sidebar/helpers/build-thread.ts:129-131), the parent last (build-thread.ts:91, 102). The
     * annotation's own id is left out, as the client does "to avoid circular references"
     * (build-thread.ts:152-155).
     *
     * @return where the parent's id stands in the file's array, -1 for none
     */
    private static int references(JsonNode n, String id, String at, List<String> into, List<Problem> say) {
        if (n == null || n.isNull()) {
            return -1;
        }
        if (!n.isArray()) {
            say.add(new Problem(at, "references must be an array of annotation ids"));
            return -1;
        }
        int parentAt = -1;
        for (int i = 0; i < n.size(); i++) {
            JsonNode r = n.get(i);
            if (!r.isTextual() || !ID.matcher(r.asText()).matches()) {
                say.add(new Problem(at + "/" + i, "a reference is the id of a Hypothesis annotation"));
                continue;
            }
            if (!r.asText().equals(id)) {
                into.add(r.asText());
                parentAt = i;
            }
        }
        return parentAt;
    }

    /** {@code links.html} (api.ts:326-327), h's page for the annotation (hypothesis/h h/links.py:21-28). */
    private static String htmlLink(JsonNode links, String at, List<Problem> say) {
        if (links == null || !links.isObject()) {
            return null;
        }
        String html = string(links, "html", at, false, say);
        if (html == null) {
            return null;
        }
        String problem = html.length() > AnnotationReader.MAX_IRI ? "is longer than " + AnnotationReader.MAX_IRI + " characters"
                : Fields.webOrUrnProblem(html);
        if (problem != null) {
            say.add(new Problem(at + "/html", "links.html " + problem));
            return null;
        }
        return html;
    }

    /**
     * The quote of an annotation on the text: the first TextQuoteSelector of the first target, as the
     * client takes it ({@code quote}, src/sidebar/helpers/annotation-metadata.ts:246-258; "the h server
     * only supports one target per annotation", api.ts:309-312). Its TextPositionSelector is not read:
     * it counts UTF-16 code units of the page's {@code textContent} (api.ts:69-77), the page Hypothesis
     * annotated, not Scholion's text of the document; the server anchors the quote in its own text.
     */
    private static HypothesisAnnotation.Quote quote(JsonNode targets, String at, List<Problem> say) {
        // a page note: "!hasSelector(annotation) && !isReply(annotation)" (annotation-metadata.ts:47-53, 115-117)
        String pageNote = "a page note (on the whole page, not on a passage): Scholion anchors every annotation that is not a"
                + " reply to a passage of the text, so it cannot import this one; remove it from the file to import the others";
        if (targets == null || targets.isNull() || targets.isArray() && targets.isEmpty()) {
            say.add(new Problem(at, pageNote));
            return null;
        }
        if (!targets.isArray() || !targets.get(0).isObject()) {
            say.add(new Problem(at, "target must be an array of targets, {source, selector}"));
            return null;
        }
        JsonNode selectors = targets.get(0).get("selector");
        if (selectors == null || selectors.isNull()) {
            say.add(new Problem(at + "/0", pageNote));
            return null;
        }
        String selectorsAt = at + "/0/selector";
        if (!selectors.isArray()) {
            say.add(new Problem(selectorsAt, "selector must be an array of selectors"));
            return null;
        }
        for (int i = 0; i < selectors.size(); i++) {
            JsonNode s = selectors.get(i);
            if (s.isObject() && "TextQuoteSelector".equals(s.path("type").asText())) {
                return textQuote(s, selectorsAt + "/" + i, say);
            }
        }
        say.add(new Problem(selectorsAt, "no TextQuoteSelector: Scholion anchors an annotation by the text it"
                + " quotes, and this one quotes none (a region of a PDF page, an image or a video's time range cannot be)"));
        return null;
    }

    /** {@code TextQuoteSelector} (api.ts:62-67): {@code exact}, and optional {@code prefix} and {@code suffix}. */
    private static HypothesisAnnotation.Quote textQuote(JsonNode s, String at, List<Problem> say) {
        int before = say.size();
        String exact = string(s, "exact", at, true, say);
        if (exact != null && exact.isBlank()) {
            say.add(new Problem(at + "/exact", "the quote is empty"));
        } else if (exact != null) {
            check(() -> AnnotationReader.text(exact, Anchorer.F_EXACT, Anchorer.MAX_EXACT, true), at + "/exact", "the quote", say);
        }
        String prefix = context(s, "prefix", at, say);
        String suffix = context(s, "suffix", at, say);
        return say.size() == before ? new HypothesisAnnotation.Quote(exact, prefix, suffix) : null;
    }

    /**
     * A prefix or suffix: Hypothesis cuts 32 UTF-16 code units of context (src/annotator/anchoring/types.ts:199-213),
     * so its outer end may hold half a character — a lone surrogate, which JSON.stringify writes as an escape.
     * That half is dropped, as the server's reader drops it; empty context is none.
     */
    private static String context(JsonNode s, String name, String at, List<Problem> say) {
        String v = string(s, name, at, false, say);
        if (v == null) {
            return null;
        }
        if (name.equals("prefix") && !v.isEmpty() && Character.isLowSurrogate(v.charAt(0))) {
            v = v.substring(1);
        }
        if (name.equals("suffix") && !v.isEmpty() && Character.isHighSurrogate(v.charAt(v.length() - 1))) {
            v = v.substring(0, v.length() - 1);
        }
        String whole = v;
        check(() -> AnnotationReader.text(whole, "target.selector." + name, Anchorer.MAX_CONTEXT, true), at + "/" + name,
                "the quote's " + name, say);
        return v.isEmpty() ? null : v;
    }

    /**
     * {@code document.title}: a string in the client's type (api.ts:296-298), but h writes a list,
     * {@code document_dict["title"] = [title]} (hypothesis/h h/presenters/document_json.py:10-12; the
     * client's own exporter test says "Title should actually be an array",
     * src/sidebar/services/test/annotations-exporter-test.js:47-48). Either is read; it is only shown.
     */
    private static String title(JsonNode document) {
        JsonNode t = document == null ? null : document.get("title");
        if (t != null && t.isArray() && !t.isEmpty()) {
            t = t.get(0);
        }
        return t != null && t.isTextual() ? t.asText() : null;
    }

    // ---- problems -------------------------------------------------------------------------------

    private static void check(Runnable rule, String at, String subject, List<Problem> say) {
        try {
            rule.run();
        } catch (DomainError.Invalid e) {
            say.add(new Problem(at, message(subject, e)));
        }
    }

    /** The server's message ("is longer than 64 characters", "contains a control character (U+0007)") said of the subject. */
    private static String message(String subject, DomainError e) {
        String m = e.getMessage();
        return m.startsWith("is ") || m.startsWith("contains ") ? subject + " " + m : m;
    }
}
