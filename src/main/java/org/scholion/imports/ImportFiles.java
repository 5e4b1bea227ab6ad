package org.scholion.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.domain.DomainError;
import org.scholion.hypothesis.HypothesisAnnotation;
import org.scholion.hypothesis.HypothesisExport;
import org.scholion.hypothesis.HypothesisMapping;

/**
 * The two kinds of file an import takes, read into {@link ImportService.Entry entries}: a W3C
 * collection (the export's, or another W3C server's: an AnnotationCollection with its page
 * embedded, an AnnotationPage, an array of annotations or one annotation) and a Hypothesis JSON
 * export ({@link HypothesisExport}). What is wrong with the file itself is listed, not thrown.
 */
final class ImportFiles {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ImportFiles() {
    }

    /** A file read: its entries, and what is wrong with it as a whole. */
    record Read(List<ImportService.Entry> entries, List<DomainError.FieldError> problems) {
    }

    static Read w3c(byte[] body, Iris iris, int max) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (IOException e) {
            throw DomainError.invalid("body", "not JSON: " + firstLine(e.getMessage()));
        }
        List<DomainError.FieldError> problems = new ArrayList<>();
        JsonNode items;
        String at;
        if (root == null || root.isMissingNode()) {
            throw DomainError.invalid("body", "the body is empty");
        } else if (root.isArray()) {
            items = root;
            at = "";
        } else if (root.isObject() && is(root, "AnnotationCollection")) {
            JsonNode first = root.get("first");
            if (first == null || !first.isObject()) {
                throw DomainError.unprocessable("first", "the collection's first page must be embedded (with its items), as"
                        + " Scholion's export writes it: export the collection again with its annotations");
            }
            if (first.hasNonNull("next")) {
                throw DomainError.unprocessable("first/next", "a collection of several pages: import each page on its own");
            }
            items = first.get("items");
            at = "/first/items";
        } else if (root.isObject() && is(root, "AnnotationPage")) {
            items = root.get("items");
            at = "/items";
        } else if (root.isObject() && is(root, "Annotation")) {
            items = STRICT.createArrayNode().add(root);
            at = "";
        } else {
            throw DomainError.invalid("type", "not a W3C AnnotationCollection, AnnotationPage, Annotation or array of annotations");
        }
        if (items == null || !items.isArray()) {
            throw DomainError.invalid(at.isEmpty() ? "items" : at.substring(1), "the annotations must be an array");
        }
        if (items.size() > max) {
            throw DomainError.tooLarge("items", "at most " + max + " annotations in one import, this file has " + items.size());
        }
        List<ImportService.Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String pointer = (root.isArray() ? "" : at) + "/" + i;
            if (root.isObject() && is(root, "Annotation")) {
                pointer = "";
            }
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(new DomainError.FieldError(pointer, "an annotation must be a JSON object"));
                continue;
            }
            ObjectNode node = ((ObjectNode) item).deepCopy();
            if (!node.has("@context") && root.has("@context")) {
                node.set("@context", root.get("@context"));
            }
            String id = ImportService.text(node.get("id"));
            String target = targetRef(node.get("target"));
            boolean reply = "replying".equals(ImportService.text(node.get("motivation"))) || node.get("target") != null
                    && node.get("target").isTextual();
            String parent = null;
            String existing = null;
            String document = null;
            if (reply && target != null) {
                if (hasId(items, target)) {
                    parent = target;
                } else if (ImportService.isOurAnnotation(iris, target)) {
                    existing = target;
                } else {
                    parent = target;
                }
            } else {
                document = target;
            }
            entries.add(new ImportService.Entry(pointer, id != null ? id : pointer, parent, existing, document, true,
                    (docIri, parentIri) -> retarget(node, docIri, parentIri)));
        }
        return new Read(entries, problems);
    }

    /** The annotation pointed at its new place: the document's IRI here, or the new IRI of what it replies to. */
    private static ObjectNode retarget(ObjectNode node, String docIri, String parentIri) {
        ObjectNode n = node.deepCopy();
        if (parentIri != null) {
            n.put("target", parentIri);
        } else if (n.get("target") instanceof ObjectNode t) {
            t.put("source", docIri);
        } else if (n.get("target") != null && n.get("target").isArray() && n.get("target").size() == 1
                && n.get("target").get(0) instanceof ObjectNode t) {
            t.put("source", docIri);
            n.set("target", t);
        }
        return n;
    }

    /** The IRI a target names: a string, or an object's {@code source} (or {@code id} without one). */
    private static String targetRef(JsonNode target) {
        if (target == null) {
            return null;
        }
        if (target.isArray() && target.size() == 1) {
            target = target.get(0);
        }
        if (target.isTextual()) {
            return target.asText();
        }
        String source = ImportService.text(target.get("source"));
        return source != null ? source : ImportService.text(target.get("id"));
    }

    private static boolean hasId(JsonNode items, String id) {
        for (JsonNode i : items) {
            if (id.equals(ImportService.text(i.get("id")))) {
                return true;
            }
        }
        return false;
    }

    private static boolean is(JsonNode o, String type) {
        JsonNode t = o.get("type");
        if (t == null) {
            return false;
        }
        if (t.isArray()) {
            for (JsonNode x : t) {
                if (type.equals(x.asText())) {
                    return true;
                }
            }
            return false;
        }
        return type.equals(t.asText());
    }

    static Read hypothesis(byte[] body, int max) {
        HypothesisExport.Result r = HypothesisExport.read(new ByteArrayInputStream(body), max);
        if (r instanceof HypothesisExport.Refused refused) {
            throw DomainError.unprocessable("The Hypothesis export was refused and nothing was written: " + refused.problems().size()
                    + " problem(s), listed in errors.", refused.problems().stream()
                            .map(p -> new DomainError.FieldError(p.pointer(), p.message())).toList());
        }
        List<HypothesisAnnotation> annotations = ((HypothesisExport.Parsed) r).annotations();
        List<ImportService.Entry> entries = new ArrayList<>();
        for (int i = 0; i < annotations.size(); i++) {
            HypothesisAnnotation a = annotations.get(i);
            entries.add(new ImportService.Entry("/annotations/" + i, a.id(), a.isReply() ? a.parentId() : null, null,
                    a.isReply() ? null : a.uri(), a.shared(), (docIri, parentIri) -> HypothesisMapping.toW3c(a, docIri, parentIri)));
        }
        return new Read(entries, List.of());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
