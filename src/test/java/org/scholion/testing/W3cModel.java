package org.scholion.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a JSON-LD document against the W3C Web Annotation Data Model MUST assertions as the W3C
 * test suite (web-platform-tests {@code annotation-model/}) writes them: JSON Schemas (draft-04)
 * listed in three test lists, copied unchanged under {@code src/test/resources/w3c/annotation-model/}
 * (see {@code PROVENANCE.md} there).
 *
 * <pre>
 * List&lt;String&gt; f = W3cModel.failures(json, Kind.ANNOTATION);   // [] when it conforms
 * W3cModel.assertConforms(response.asString(), Kind.PAGE);     // fails listing every failure
 * </pre>
 *
 * <p>How the W3C harness applies the assertions ({@code annotation-model/scripts/JSONtest.js} and
 * {@code README.md} in web-platform-tests), and what this class does the same way:
 * <ul>
 * <li>Every assertion is validated against the <em>whole submitted document</em>:
 * {@code var valid = validate(content);}. The definitions files are registered by their {@code id}
 * first ({@code this.ajv.addSchema(schemaContents)}), so {@code "$ref": "bodyTarget.json#/..."}
 * means the file {@code definitions/bodyTarget.json}; here the classpath is mapped the same way,
 * and nothing is fetched from the network.</li>
 * <li>An embedded page is <em>not</em> checked against the page list by the collection test. The
 * page test itself asks for "a single Annotation Page or an Annotation Collection with an embedded
 * Page" and its schemas accept either shape ({@code oneOf}: the document is an
 * {@code AnnotationPage}, or it has a {@code first} that is one). So a collection with an embedded
 * first page is checked twice: {@link Kind#COLLECTION} and {@link Kind#PAGE} on the same document.
 * Annotations embedded in a page's {@code items} are not checked by the W3C harness at all;
 * {@link #failuresWithEmbedded} does both on top, and says so.</li>
 * <li>{@code expectedResult} ("valid" by default, or "invalid") says which outcome passes:
 * {@code r === 'valid' && valid || r === 'invalid' && !valid}. An unexpected outcome is a
 * failure reported with the assertion's {@code errorMessage} ({@code assert_true(theResult,
 * typeMap[type] + message + err)}, where the validator's own errors are left out when the
 * assertion has an {@code errorMessage}).</li>
 * <li>{@code onUnexpectedResult} only decides what happens to the assertions <em>after</em> an
 * unexpected result: {@code failAndContinue} / {@code passAndContinue} run them,
 * {@code ...AndSkip} skips the rest of that list level, {@code ...AndAbort} stops the run. The
 * "pass"/"fail" prefix does not turn the unexpected result into a pass in the harness (the
 * sub-test still asserts {@code theResult}), so it does not here either. All 79 assertions in the
 * three lists are {@code "expectedResult": "valid"} and {@code failAndContinue}.</li>
 * </ul>
 *
 * <p>The validator is networknt json-schema-validator (draft-04 dialect, {@code format}
 * asserted; keywords beside a {@code $ref} are ignored, as draft-04 says and as ajv does by
 * default). Its {@code uri} format wants an absolute, ASCII-only URI: {@code urn:uuid:…} passes,
 * a relative reference or an IRI with non-ASCII characters fails (percent-encode them). The
 * harness's ajv may judge such edge cases differently.
 *
 * <p>From a {@code @QuarkusTest}: {@code W3cModel.assertConforms(given()...get(...).then()
 * .statusCode(200).extract().asString(), Kind.ANNOTATION)}.
 */
public final class W3cModel {

    /** Which W3C test list applies. */
    public enum Kind {
        ANNOTATION("annotations/annotationMusts.test"),
        COLLECTION("collections/collectionMusts.test"),
        PAGE("collections/pages/pageMusts.test");

        final String testList;

        Kind(String testList) {
            this.testList = testList;
        }
    }

    private static final String ROOT = "w3c/annotation-model/";
    private static final Set<String> DEFINITIONS = Set.of("annotations.json", "bodyTarget.json",
            "choiceSet.json", "collections.json", "id.json", "otherProperties.json", "specificResource.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One assertion file of a test list, compiled. */
    private record Assertion(String file, Schema schema, boolean expectValid, String errorMessage, String onUnexpected) {
    }

    /** A failed assertion; {@code details} are the validator's own words, for the assertion message only. */
    private record Failure(String where, String file, String errorMessage, List<String> details) {
        String line() {
            return (where.isEmpty() ? "" : where + ": ") + file + ": " + errorMessage;
        }
    }

    private static final SchemaRegistry REGISTRY = registry();
    private static final Map<Kind, List<Assertion>> LISTS = load();

    private W3cModel() {
    }

    /**
     * The failed MUST assertions of the kind's W3C test list, in list order, each as
     * {@code "<assertion file>: <errorMessage>"}; empty when the document conforms.
     */
    public static List<String> failures(JsonNode document, Kind kind) {
        return lines(run(document, kind, ""));
    }

    /**
     * {@link #failures} plus what the W3C harness leaves to separate submissions: a collection
     * whose {@code first} is an embedded page is also checked against the page list, and every
     * annotation object in the page's {@code items} against the annotation list. An embedded
     * annotation carries no {@code @context} of its own (JSON-LD gives it the enclosing
     * document's), so it is checked with the enclosing document's {@code @context} added.
     * Failures of embedded annotations start with where they are, e.g. {@code first.items[0]: }.
     */
    public static List<String> failuresWithEmbedded(JsonNode document, Kind kind) {
        return lines(runWithEmbedded(document, kind));
    }

    /** Fails listing every failed assertion (see {@link #failures}). */
    public static void assertConforms(JsonNode document, Kind kind) {
        report(document, kind, run(document, kind, ""));
    }

    /** {@link #assertConforms(JsonNode, Kind)} for a response body, e.g. {@code response.asString()}. */
    public static void assertConforms(String json, Kind kind) {
        assertConforms(parse(json), kind);
    }

    /** Fails listing every failed assertion, embedded page and annotations included (see {@link #failuresWithEmbedded}). */
    public static void assertConformsWithEmbedded(JsonNode document, Kind kind) {
        report(document, kind, runWithEmbedded(document, kind));
    }

    /** {@link #assertConformsWithEmbedded(JsonNode, Kind)} for a response body. */
    public static void assertConformsWithEmbedded(String json, Kind kind) {
        assertConformsWithEmbedded(parse(json), kind);
    }

    private static List<Failure> run(JsonNode document, Kind kind, String where) {
        return run(document, LISTS.get(kind), where);
    }

    private static List<Failure> run(JsonNode document, List<Assertion> list, String where) {
        List<Failure> failures = new ArrayList<>();
        for (Assertion a : list) {
            List<Error> errors = a.schema().validate(a.file().endsWith(EWR_NO_PURPOSE) ? withoutTextualBodyIds(document) : document);
            if (errors.isEmpty() == a.expectValid()) {
                continue;
            }
            List<String> details = errors.stream().limit(5).map(Error::toString).toList();
            failures.add(new Failure(where, a.file(), a.errorMessage(), details));
            // The lists are flat, so skipping the rest of this level and aborting end the same way.
            if (a.onUnexpected().endsWith("Skip") || a.onUnexpected().endsWith("Abort")) {
                break;
            }
        }
        return failures;
    }

    /**
     * The one assertion of the suite that misreads the model, and how it is read here. 3.3.5 takes any
     * body with an {@code id} and no {@code source} for an External Web Resource and forbids it a
     * {@code purpose} — but an Embedded Textual Body, too, may have an id ("The Embedded Textual Body
     * MAY have exactly 1 IRI that identifies it", Web Annotation Data Model §3.2.4) and a purpose
     * ("purpose ... MAY be applied to an Embedded Textual Body", §3.3.5, whose example 20 is a
     * TextualBody with purpose tagging). W3C clients send both (dokieli's bodies, Recogito's tags), and
     * Scholion keeps them (issue 19). So for this assertion only, and only for bodies that are
     * TextualBodies with a value, the id is set aside: every other body is still checked as the
     * suite says.
     */
    private static final String EWR_NO_PURPOSE = "3.3.5-bodyEWRNoPurpose.json";

    private static JsonNode withoutTextualBodyIds(JsonNode document) {
        JsonNode copy = document.deepCopy();
        JsonNode body = copy.path("body");
        for (JsonNode b : body.isArray() ? body : java.util.List.of(body)) {
            if (b.isObject() && "TextualBody".equals(b.path("type").asText()) && b.has("value")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove("id");
            }
        }
        return copy;
    }

    private static List<Failure> runWithEmbedded(JsonNode document, Kind kind) {
        List<Failure> failures = run(document, kind, "");
        JsonNode page = document;
        String at = "";
        if (kind == Kind.COLLECTION && document.path("first").isObject()) {
            failures.addAll(run(document, Kind.PAGE, ""));
            page = document.get("first");
            at = "first.";
        }
        if (kind != Kind.ANNOTATION) {
            JsonNode items = page.path("items");
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).isObject()) {
                    ObjectNode item = items.get(i).deepCopy();
                    if (!item.has("@context") && document.has("@context")) {
                        item.set("@context", document.get("@context"));
                    }
                    failures.addAll(run(item, Kind.ANNOTATION, at + "items[" + i + "]"));
                }
            }
        }
        return failures;
    }

    private static List<String> lines(List<Failure> failures) {
        return failures.stream().map(Failure::line).toList();
    }

    private static void report(JsonNode document, Kind kind, List<Failure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append(failures.size()).append(" W3C ").append(kind).append(" MUST assertion(s) failed:\n");
        for (Failure f : failures) {
            message.append("- ").append(f.line()).append('\n');
            f.details().forEach(d -> message.append("    ").append(d).append('\n'));
        }
        message.append("in ").append(document.toPrettyString());
        fail(message.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Runs a test list other than the three W3C ones, with the same semantics; {@code root} is the
     * classpath folder its assertion names are relative to. Lets {@code W3cModelTest} show the
     * handling of {@code expectedResult: invalid} and {@code failAndSkip}, which no W3C MUST
     * assertion uses.
     */
    static List<String> failures(JsonNode document, String root, String testList) {
        return lines(run(document, load(root, testList), ""));
    }

    private static Map<Kind, List<Assertion>> load() {
        Map<Kind, List<Assertion>> lists = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            lists.put(kind, load(ROOT, kind.testList));
        }
        return lists;
    }

    private static List<Assertion> load(String root, String testList) {
        List<Assertion> assertions = new ArrayList<>();
        for (JsonNode entry : read(root + testList).path("assertions")) {
            if (!entry.isTextual()) {
                // Inline assertions and nested lists exist in the harness but not in the W3C lists.
                throw new IllegalStateException(testList + ": unsupported assertion entry " + entry);
            }
            // Names with a slash are relative to the top of the suite (wpt annotation-model README).
            String file = entry.asText();
            JsonNode raw = read(root + file);
            String expected = raw.path("expectedResult").asText("valid");
            Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:" + root + file));
            schema.initializeValidators();
            assertions.add(new Assertion(file, schema, !"invalid".equals(expected),
                    raw.path("errorMessage").asText("Result was not " + expected),
                    raw.path("onUnexpectedResult").asText("failAndContinue")));
        }
        return List.copyOf(assertions);
    }

    private static SchemaRegistry registry() {
        // Draft-04 plus the harness's own keywords, which the harness's ajv ignores when validating, and
        // "$ref " (with a space): a typo in definitions/specificResource.json (refinedByDetected), so
        // those two references never apply, in the harness or here.
        Dialect draft4 = Dialect.builder(Dialects.getDraft4())
                .keywords(Stream.of("assertionType", "expectedResult", "onUnexpectedResult", "errorMessage", "$ref ")
                        .map(NonValidationKeyword::new).toList())
                .build();
        return SchemaRegistry.withDefaultDialect(draft4, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemaIdResolvers(resolvers -> resolvers.mappings(W3cModel::isDefinition, W3cModel::definition)));
    }

    /** A {@code $ref} to a definitions file's id ("bodyTarget.json"), resolved from any folder of the suite. */
    private static boolean isDefinition(String iri) {
        return iri.startsWith("classpath:" + ROOT) && DEFINITIONS.contains(fileName(iri))
                && !iri.startsWith("classpath:" + ROOT + "definitions/");
    }

    private static String definition(String iri) {
        return "classpath:" + ROOT + "definitions/" + fileName(iri);
    }

    private static String fileName(String iri) {
        return iri.substring(iri.lastIndexOf('/') + 1);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = W3cModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
