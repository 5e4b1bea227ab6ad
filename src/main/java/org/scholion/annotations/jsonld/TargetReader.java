package org.scholion.annotations.jsonld;

import static org.scholion.text.Fields.cleanForMessage;
import static org.scholion.text.Fields.integer;
import static org.scholion.text.Fields.string;
import static org.scholion.text.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
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

    Anchorer.Selector textTarget(JsonNode target, String slug) {
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
    Integer revision(JsonNode state, String slug) {
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
}
