package org.scholion.hypothesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scholion.anchoring.Anchorer;

/**
 * Reads the file the Hypothesis client's Export writes in JSON: {@code {"export_date", "export_userid",
 * "client_version", "annotations": [<h API annotations>]}} ({@code JSONExportContent} and
 * {@code buildJSONExportContent}, hypothesis/client {@code src/sidebar/services/annotations-exporter.tsx}:24-29,
 * 64-82; written with {@code JSON.stringify(data, null, 2)},
 * {@code src/sidebar/components/SharePanel/ExportAnnotations.tsx}:155-160). Each annotation is read by
 * {@link ApiAnnotations}.
 *
 * <p>All or nothing: the answer is every annotation, or every problem found — each at a JSON Pointer
 * (RFC 6901) into the file, with a sentence for the person who uploaded it — so one upload shows all
 * there is to fix, and an import never stops half way. That is why a page note is a problem rather
 * than skipped: Scholion anchors each annotation that is not a reply to a passage of the text, and a
 * page note has none; leaving it out silently would also silently leave out its replies.
 *
 * <p>A reply's parent must be in the file. The client's export can leave it out — a reply to an
 * annotation since deleted, or an export of one user's annotations that holds their replies to others
 * ({@code ExportAnnotations.tsx}:150-153) — and Scholion has nothing to attach such a reply to.
 *
 * <p>Bounded: at most {@code maxAnnotations} are read (the file is not read further once there are
 * more); no string longer than any Scholion keeps, nor nesting deeper than {@value #MAX_DEPTH}, is read
 * into memory. The caller bounds the size of the upload itself. The stream is read, not closed.
 */
public final class HypothesisExport {
    /** How deep the file may nest: an annotation's selectors sit at depth 7, its opaque {@code metadata} a little deeper. */
    static final int MAX_DEPTH = 64;
    /**
     * The longest string read, in UTF-16 units: the longest text Scholion keeps is a quote of
     * {@link Anchorer#MAX_EXACT} code points, at most two units each. Anything longer is refused unread.
     */
    static final int MAX_STRING = 2 * Anchorer.MAX_EXACT;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build())
            // a key given twice leaves the file's meaning open
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build());

    private HypothesisExport() {
    }

    /** What is wrong, and where: a JSON Pointer into the file ({@code /annotations/3/target/0/selector}; "" is the whole file). */
    public record Problem(String pointer, String message) {
    }

    /** {@link Parsed} or {@link Refused}. */
    public sealed interface Result permits Parsed, Refused {
    }

    /**
     * The file read: its annotations in file order ({@link HypothesisMapping#importOrder} orders them
     * for an import), and what the export says of itself (each null when the file does not say it).
     */
    public record Parsed(String exportDate, String exportUserid, String clientVersion, List<HypothesisAnnotation> annotations)
            implements Result {
        public Parsed {
            annotations = List.copyOf(annotations);
        }
    }

    /** Every problem found, in the order found: each annotation's own, then those between annotations. */
    public record Refused(List<Problem> problems) implements Result {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads an export from {@code in}.
     *
     * @param maxAnnotations how many annotations one file may hold, at least 1
     * @throws UncheckedIOException when the stream cannot be read (not a problem of the file)
     */
    public static Result read(InputStream in, int maxAnnotations) {
        if (maxAnnotations < 1) {
            throw new IllegalArgumentException("maxAnnotations must be at least 1");
        }
        Walk walk = new Walk(maxAnnotations);
        JsonParser parser = null;
        try {
            parser = JSON.createParser(in);
            walk.file(parser);
        } catch (StreamConstraintsException e) {
            walk.problems.add(new Problem(pointer(parser), beyondLimits(e)));
            walk.complete = false;
        } catch (JsonProcessingException e) {
            walk.problems.add(new Problem(pointer(parser), notJson(e)));
            walk.complete = false;
        } catch (IOException e) {
            throw new UncheckedIOException("the Hypothesis export could not be read", e);
        }
        if (walk.complete) {
            walk.betweenAnnotations();
        }
        if (!walk.problems.isEmpty()) {
            return new Refused(walk.problems);
        }
        List<HypothesisAnnotation> annotations = new ArrayList<>();
        walk.entries.forEach(e -> annotations.add(e.annotation()));
        return new Parsed(walk.exportDate, walk.exportUserid, walk.clientVersion, annotations);
    }

    /** One reading of a file: what was read, and the problems so far. */
    private static final class Walk {
        final int max;
        final List<Problem> problems = new ArrayList<>();
        final List<ApiAnnotations.Entry> entries = new ArrayList<>();
        /** Whether the whole file was read: only then can annotations be checked against each other. */
        boolean complete = true;
        String exportDate;
        String exportUserid;
        String clientVersion;

        Walk(int max) {
            this.max = max;
        }

        void file(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new Problem("", "the file is empty: a Hypothesis export is the JSON file the Hypothesis client's"
                        + " Export writes"));
                complete = false;
                return;
            }
            if (t != JsonToken.START_OBJECT) {
                problems.add(new Problem("", "not a Hypothesis export: the file the Hypothesis client's Export writes (JSON) is"
                        + " an object with an \"annotations\" array"));
                complete = false;
                return;
            }
            boolean annotations = false;
            boolean rows = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                switch (name) {
                    case "annotations" -> {
                        annotations = true;
                        if (t != JsonToken.START_ARRAY) {
                            problems.add(new Problem("/annotations", "annotations must be an array of annotations"));
                            p.skipChildren();
                        } else if (!annotations(p)) {
                            complete = false;
                            return;
                        }
                    }
                    case "export_date" -> exportDate = text(p);
                    case "export_userid" -> exportUserid = text(p);
                    case "client_version" -> clientVersion = text(p);
                    default -> {
                        rows |= name.equals("rows");
                        p.skipChildren();
                    }
                }
            }
            if (!annotations) {
                complete = false;
                problems.add(new Problem("/annotations", rows
                        ? "no \"annotations\" array: this looks like an answer of the h API's search (\"rows\"); import the"
                                + " file the Hypothesis client's Export writes (JSON)"
                        : "no \"annotations\" array: not a Hypothesis export (the file the Hypothesis client's Export writes, JSON)"));
            }
            if (p.nextToken() != null) {
                problems.add(new Problem("", "there is more after the export's object: not one JSON document"));
            }
        }

        /** The annotations, each read as a tree and then checked; false when there are more than {@link #max}. */
        private boolean annotations(JsonParser p) throws IOException {
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (index == max) {
                    problems.add(new Problem("/annotations/" + index, "the file holds more than " + max + " annotations;"
                            + " Scholion imports at most " + max + " at once"));
                    return false;
                }
                JsonNode n = p.readValueAsTree();
                entries.add(ApiAnnotations.read(n, index, problems));
                index++;
            }
            if (index == 0) {
                problems.add(new Problem("/annotations", "the export holds no annotations"));
            }
            return true;
        }

        private static String text(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
            return null;
        }

        /** Ids given twice, replies whose parent is not in the file, and replies that are their own ancestors. */
        void betweenAnnotations() {
            Map<String, ApiAnnotations.Entry> byId = new HashMap<>();
            for (ApiAnnotations.Entry e : entries) {
                if (e.id() == null) {
                    continue;
                }
                ApiAnnotations.Entry first = byId.putIfAbsent(e.id(), e);
                if (first != null) {
                    problems.add(new Problem("/annotations/" + e.index() + "/id", "the id " + e.id() + " is also that of"
                            + " /annotations/" + first.index() + ": each annotation once"));
                }
            }
            for (ApiAnnotations.Entry e : entries) {
                if (e.parentId() != null && !byId.containsKey(e.parentId())) {
                    problems.add(new Problem(references(e), "the annotation this one replies to (" + e.parentId() + ") is not in the"
                            + " file: it was deleted, or the export holds only some users' annotations; export all annotations,"
                            + " or remove this reply from the file"));
                }
            }
            cycles(byId);
        }

        /**
         * Replies whose chain of parents comes back to them: a file the client never writes, and which
         * has no order to import in. Each annotation is visited once (0 unseen, 1 on the current chain,
         * 2 done), so a long thread costs no more than a short one.
         */
        private void cycles(Map<String, ApiAnnotations.Entry> byId) {
            Map<String, Integer> state = new HashMap<>();
            for (ApiAnnotations.Entry start : entries) {
                List<ApiAnnotations.Entry> chain = new ArrayList<>();
                ApiAnnotations.Entry e = start;
                while (e != null && e.id() != null && state.getOrDefault(e.id(), 0) == 0) {
                    state.put(e.id(), 1);
                    chain.add(e);
                    e = e.parentId() == null ? null : byId.get(e.parentId());
                }
                if (e != null && e.id() != null && state.get(e.id()) == 1) {
                    int from = chain.indexOf(e);
                    List<ApiAnnotations.Entry> cycle = chain.subList(from, chain.size());
                    List<String> ids = cycle.stream().map(ApiAnnotations.Entry::id).toList();
                    for (ApiAnnotations.Entry c : cycle) {
                        problems.add(new Problem(references(c), "its references go round in a circle (" + String.join(" → ", ids)
                                + "): no annotation of these starts the thread"));
                    }
                }
                chain.forEach(c -> state.put(c.id(), 2));
            }
        }

        private static String references(ApiAnnotations.Entry e) {
            return "/annotations/" + e.index() + "/references/" + e.parentAt();
        }
    }

    /** Where the parser stood, as a JSON Pointer. */
    private static String pointer(JsonParser p) {
        return p == null ? "" : p.getParsingContext().pathAsPointer().toString();
    }

    private static String notJson(JsonProcessingException e) {
        StringBuilder b = new StringBuilder("the file is not valid JSON");
        if (e.getLocation() != null) {
            b.append(" (line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr())
                    .append(')');
        }
        String reason = e.getOriginalMessage();
        if (reason != null) {
            b.append(": ");
            reason.codePoints().limit(200).filter(cp -> !Character.isISOControl(cp)).forEach(b::appendCodePoint);
        }
        return b.toString();
    }

    private static String beyondLimits(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("String value length")) {
            return "a text longer than " + MAX_STRING + " characters, longer than anything Scholion keeps";
        }
        if (m.contains("nesting depth")) {
            return "the file nests deeper than " + MAX_DEPTH + " levels, deeper than a Hypothesis export does";
        }
        return "the file is beyond what Scholion reads of a Hypothesis export";
    }
}
