package org.scholion.annotations.jsonld;

import static org.scholion.text.Fields.allowOnly;
import static org.scholion.text.Fields.cleanForMessage;
import static org.scholion.text.Fields.integer;
import static org.scholion.text.Fields.string;
import static org.scholion.text.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.scholion.anchoring.Anchorer;
import org.scholion.domain.DomainError;

/**
 * Reads an annotation's target: the IRI of the annotation a reply answers, or a SpecificResource
 * on this document with its selectors and the revision they were made on (its TimeState).
 */
final class TargetReader {
    private final Iris iris;

    TargetReader(Iris iris) {
        this.iris = iris;
    }


    /** The parent IRI when the target names an annotation, null when it is a text target. */
    String replyTarget(JsonNode target, String slug) {
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

    UUID parentId(String iri, String slug) {
        text(iri, "target", AnnotationReader.MAX_IRI, false);
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

    /**
     * A target on the text: the selectors Scholion anchors by, the revision they were made on, and
     * what else the client said of the target that Scholion keeps ({@link ClientTerms}): its id,
     * its selectors' ids, selectors only a DOM resolves (kept beside — "each Selector should describe
     * the same segment", Web Annotation Data Model §4.2), states other than Scholion's, other terms.
     */
    record TextTarget(Anchorer.Selector selector, Integer revision, ObjectNode kept) {
    }

    /** The context as a string without a half character at either end (a lone surrogate left by a cut). */
    private static JsonNode whole(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return n;
        }
        String v = n.asText();
        int from = !v.isEmpty() && Character.isLowSurrogate(v.charAt(0)) ? 1 : 0;
        int to = v.length() > from && Character.isHighSurrogate(v.charAt(v.length() - 1)) ? v.length() - 1 : v.length();
        return from == 0 && to == v.length() ? n : JsonNodeFactory.instance.textNode(v.substring(from, to));
    }

    private static final Set<String> TARGET_READ = Set.of("source", "selector", "type", "id", "state");

    TextTarget textTarget(JsonNode target, String slug, java.util.function.Consumer<String> notices) {
        String documentIri = iris.document(slug);
        String container = iris.container(slug);
        JsonNode source = target.get("source");
        if (source == null || !source.isTextual()) {
            throw DomainError.invalid("target.source", "target.source must be the document IRI " + documentIri);
        }
        if (!source.asText().equals(documentIri)) {
            throw DomainError.invalid("target.source", "target.source must be this container's document " + documentIri);
        }
        JsonNode type = target.get("type");
        if (type != null && !type.isNull() && !"SpecificResource".equals(type.asText())
                && !(type.isArray() && type.size() == 1 && "SpecificResource".equals(type.get(0).asText()))) {
            throw DomainError.invalid("target.type", "a target with a selector is a SpecificResource");
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        ClientTerms.extras(target, "target", TARGET_READ, kept, container, notices);
        if (target.hasNonNull("id")) {
            kept.put("id", ClientTerms.id(target.get("id"), "target.id", container));
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
        ArrayNode others = JsonNodeFactory.instance.arrayNode();
        // dokieli's automatic mode sends one FragmentSelector (the element the text is in) refined by the
        // quote and the position; with no text selector of its own, the target is anchored by those
        List<JsonNode> textual = new ArrayList<>();
        for (JsonNode s : list) {
            String t = s.path("type").asText("");
            if ((t.equals("TextQuoteSelector") || t.equals("TextPositionSelector")) && !s.has("refinedBy")) {
                textual.add(s);
            }
        }
        List<JsonNode> refinements = new ArrayList<>();
        if (textual.isEmpty()) {
            for (JsonNode s : list) {
                if ("FragmentSelector".equals(s.path("type").asText("")) && s.has("refinedBy")) {
                    for (JsonNode r : s.get("refinedBy").isArray() ? s.get("refinedBy") : List.of(s.get("refinedBy"))) {
                        String t = r.path("type").asText("");
                        if ((t.equals("TextQuoteSelector") || t.equals("TextPositionSelector")) && !r.has("refinedBy")) {
                            refinements.add(r);
                        }
                    }
                }
            }
            if (!refinements.isEmpty()) {
                notices.accept("target.selector: anchored by the text selectors that refine the FragmentSelector (its quote"
                        + " decides where; the FragmentSelector is kept as sent)");
            }
        }
        List<JsonNode> all = new ArrayList<>(list);
        all.addAll(refinements);
        for (JsonNode s : all) {
            boolean refinement = refinements.contains(s);
            String t = s.isObject() && s.path("type").isTextual() ? s.get("type").asText() : "";
            boolean refined = s.isObject() && s.has("refinedBy");
            if (t.equals("TextQuoteSelector") && !refined) {
                allowOnly(s, "target.selector", Set.of("id", "type", "exact", "prefix", "suffix"));
                // quotes come from the document, whose paragraphs are separated by line breaks
                String e = string(ClientTerms.literal(s.get("exact")), Anchorer.F_EXACT, Integer.MAX_VALUE, true);
                // context cut by UTF-16 unit (as dokieli cuts its 32) can begin or end inside a character: its half is dropped
                String p = s.hasNonNull("prefix") ? string(whole(ClientTerms.literal(s.get("prefix"))), Anchorer.F_PREFIX, Integer.MAX_VALUE,
                        true) : null;
                String x = s.hasNonNull("suffix") ? string(whole(ClientTerms.literal(s.get("suffix"))), Anchorer.F_SUFFIX, Integer.MAX_VALUE,
                        true) : null;
                if (exact != null) {
                    if (!exact.equals(e)) {
                        throw DomainError.invalid("target.selector", "two TextQuoteSelectors quote different text: the selectors of"
                                + " one target describe the same passage (Web Annotation Data Model §4.2)");
                    }
                    continue;
                }
                exact = e;
                prefix = p == null || p.isEmpty() ? null : p;
                suffix = x == null || x.isEmpty() ? null : x;
                if (s.hasNonNull("id") && !refinement) {
                    kept.put("quoteId", ClientTerms.id(s.get("id"), "target.selector.id", container));
                }
            } else if (t.equals("TextPositionSelector") && !refined) {
                allowOnly(s, "target.selector", Set.of("id", "type", "start", "end"));
                int a = integer(ClientTerms.literal(s.get("start")), Anchorer.F_START);
                int b = integer(ClientTerms.literal(s.get("end")), Anchorer.F_END);
                if (start != null) {
                    if (start != a || end != b) {
                        throw DomainError.invalid("target.selector", "two TextPositionSelectors select different text: the"
                                + " selectors of one target describe the same passage (Web Annotation Data Model §4.2)");
                    }
                    continue;
                }
                start = a;
                end = b;
                if (s.hasNonNull("id") && !refinement) {
                    kept.put("positionId", ClientTerms.id(s.get("id"), "target.selector.id", container));
                }
            } else if (ClientTerms.DOM_SELECTORS.contains(t)) {
                others.add(ClientTerms.kept(s, "target.selector", container));
            } else {
                throw DomainError.invalid("target.selector.type", "unknown selector type '" + cleanForMessage(t) + "': the W3C"
                        + " model's are TextQuoteSelector, TextPositionSelector, RangeSelector, XPathSelector, CssSelector,"
                        + " FragmentSelector, DataPositionSelector and SvgSelector");
            }
        }
        if (exact == null && start == null) {
            throw DomainError.unprocessable("target.selector", "none of these selectors anchors the annotation in the text:"
                    + " Scholion anchors by a TextQuoteSelector or a TextPositionSelector; send one beside the others");
        }
        if (exact != null && Anchorer.codePoints(exact) > Anchorer.MAX_EXACT) {
            throw DomainError.invalid(Anchorer.F_EXACT, "exact is longer than " + Anchorer.MAX_EXACT + " code points");
        }
        if (!others.isEmpty()) {
            kept.set("selectors", others);
        }
        Integer revision = states(target.get("state"), slug, kept, container);
        return new TextTarget(new Anchorer.Selector(exact, prefix, suffix, start, end), revision, kept);
    }

    /**
     * The revision the selectors were made on, from the target's state (Web Annotation Data Model
     * §4.2.6, a TimeState whose {@code cached} is one of this document's revision IRIs); null when
     * no state names one (the current revision). Other states (a TimeState naming a copy of the
     * client's own, an HttpRequestState) are kept as sent.
     */
    private Integer states(JsonNode state, String slug, ObjectNode kept, String container) {
        if (state == null || state.isNull()) {
            return null;
        }
        List<JsonNode> states = new ArrayList<>();
        if (state.isArray()) {
            state.forEach(states::add);
        } else {
            states.add(state);
        }
        String ours = iris.document(slug) + "/revisions/";
        Integer revision = null;
        ArrayNode theirs = JsonNodeFactory.instance.arrayNode();
        for (JsonNode s : states) {
            if (!s.isObject() || !s.path("type").isTextual()) {
                throw DomainError.invalid("target.state", "a state is an object with a type (TimeState, HttpRequestState)");
            }
            String cached = s.path("cached").isTextual() ? s.get("cached").asText() : "";
            if ("TimeState".equals(s.get("type").asText()) && cached.startsWith(ours)) {
                if (revision != null) {
                    throw DomainError.invalid("target.state", "at most one state naming a revision of this document");
                }
                revision = revision(s, slug);
            } else {
                theirs.add(ClientTerms.kept(s, "target.state", container));
            }
        }
        if (!theirs.isEmpty()) {
            kept.set("states", theirs);
        }
        return revision;
    }

    /**
     * The revision the selectors were made on, from the target's state (Web Annotation Data Model
     * §4.2.6, a TimeState whose {@code cached} is one of this document's revision IRIs); null when
     * the target has none (the current revision).
     */
    private Integer revision(JsonNode state, String slug) {
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
}
