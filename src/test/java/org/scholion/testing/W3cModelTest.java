package org.scholion.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import org.scholion.testing.W3cModel.Kind;

/**
 * {@link W3cModel} passes what the W3C Web Annotation Data Model (W3C Recommendation 23 February
 * 2017, https://www.w3.org/TR/annotation-model/) shows as conforming, and fails what breaks one of
 * its MUSTs with the W3C test-suite assertion for that MUST. The examples are quoted from the
 * Recommendation verbatim (only JSON whitespace differs).
 */
class W3cModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- The Recommendation's own examples -------------------------------------------------

    /** Example 1: Basic Annotation Model (§3.1). */
    static final String EXAMPLE_1 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno1",
              "type": "Annotation",
              "body": "http://example.org/post1",
              "target": "http://example.com/page1"
            }""";

    /** Example 2: External Web Resources (§3.2.1). */
    static final String EXAMPLE_2 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno2",
              "type": "Annotation",
              "body": {
                "id": "http://example.org/analysis1.mp3",
                "format": "audio/mpeg",
                "language": "fr"
              },
              "target": {
                "id": "http://example.gov/patent1.pdf",
                "format": "application/pdf",
                "language": ["en", "ar"],
                "textDirection": "ltr",
                "processingLanguage": "en"
              }
            }""";

    /** Example 5: Textual Body (§3.2.4). */
    static final String EXAMPLE_5 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno5",
              "type":"Annotation",
              "body": {
                "type" : "TextualBody",
                "value" : "<p>j'adore !</p>",
                "format" : "text/html",
                "language" : "fr"
              },
              "target": "http://example.org/photo1"
            }""";

    /** Example 6: String Body (§3.2.5). */
    static final String EXAMPLE_6 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno6",
              "type":"Annotation",
              "bodyValue": "Comment text",
              "target": "http://example.org/target1"
            }""";

    /** Example 9: Multiple Bodies or Targets (§3.2.6). */
    static final String EXAMPLE_9 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno9",
              "type": "Annotation",
              "body": [
                "http://example.org/description1",
                {
                  "type": "TextualBody",
                  "value": "tag1"
                }
              ],
              "target": [
                "http://example.org/image1",
                "http://example.org/image2"
              ]
            }""";

    /** Example 12: Agents (§3.3.2). */
    static final String EXAMPLE_12 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno12",
              "type": "Annotation",
              "creator": {
                "id": "http://example.org/user1",
                "type": "Person",
                "name": "My Pseudonym",
                "nickname": "pseudo",
                "email_sha1": "58bad08927902ff9307b621c54716dcc5083e339"
              },
              "generator": {
                "id": "http://example.org/client1",
                "type": "Software",
                "name": "Code v2.1",
                "homepage": "http://example.org/client1/homepage1"
              },
              "body": "http://example.net/review1",
              "target": "http://example.com/restaurant1"
            }""";

    /** Example 15: Motivation and Purpose (§3.3.5). */
    static final String EXAMPLE_15 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno15",
              "type": "Annotation",
              "motivation": "bookmarking",
              "body": [
                {
                  "type": "TextualBody",
                  "value": "readme",
                  "purpose": "tagging"
                },
                {
                  "type": "TextualBody",
                  "value": "A good description of the topic that bears further investigation",
                  "purpose": "describing"
                }
              ],
              "target": "http://example.com/page1"
            }""";

    /** Example 17: Other Identities (§3.3.7): a {@code urn:uuid:} IRI passes {@code format: uri}. */
    static final String EXAMPLE_17 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno17",
              "type": "Annotation",
              "canonical": "urn:uuid:dbfb1861-0ecf-41ad-be94-a584e5c4f1df",
              "via": "http://other.example.org/anno1",
              "body": {
                "id": "http://example.net/review1",
                "rights": "http://creativecommons.org/licenses/by/4.0/"
              },
              "target": "http://example.com/product1"
            }""";

    /** Example 18: Resource with Purpose (§4.1). */
    static final String EXAMPLE_18 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno18",
              "type": "Annotation",
              "body": {
                "type": "SpecificResource",
                "purpose": "tagging",
                "source": "http://example.org/city1"
              },
              "target": {
                "id": "http://example.org/photo1",
                "type": "Image"
              }
            }""";

    /** Example 23: Text Quote Selector (§4.2.4). */
    static final String EXAMPLE_23 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno23",
              "type": "Annotation",
              "body": "http://example.org/comment1",
              "target": {
                "source": "http://example.org/page1",
                "selector": {
                  "type": "TextQuoteSelector",
                  "exact": "anotation",
                  "prefix": "this is an ",
                  "suffix": " that has some"
                }
              }
            }""";

    /** Example 24: Text Position Selector (§4.2.5). */
    static final String EXAMPLE_24 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno24",
              "type": "Annotation",
              "body": "http://example.org/review1",
              "target": {
                "source": "http://example.org/ebook1",
                "selector": {
                  "type": "TextPositionSelector",
                  "start": 412,
                  "end": 795
                }
              }
            }""";

    /** Example 41: Complete Example (Appendix B). */
    static final String EXAMPLE_41 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/anno38",
              "type": "Annotation",
              "motivation": "commenting",
              "creator": {
                "id": "http://example.org/user1",
                "type": "Person",
                "name": "A. Person",
                "nickname": "user1"
              },
              "created": "2015-10-13T13:00:00Z",
              "generator": {
                "id": "http://example.org/client1",
                "type": "Software",
                "name": "Code v2.1",
                "homepage": "http://example.org/homepage1"
              },
              "generated": "2015-10-14T15:13:28Z",
              "stylesheet": {
                "id": "http://example.org/stylesheet1",
                "type": "CssStylesheet"
              },
              "body": [
                {
                  "type": "TextualBody",
                  "purpose": "tagging",
                  "value": "love"
                },
                {
                  "type": "Choice",
                  "items": [
                    {
                      "type": "TextualBody",
                      "purpose": "describing",
                      "value": "I really love this particular bit of text in this XML. No really.",
                      "format": "text/plain",
                      "language": "en",
                      "creator": "http://example.org/user1"
                    },
                    {
                      "type": "SpecificResource",
                      "purpose": "describing",
                      "source": {
                        "id": "http://example.org/comment1",
                        "type": "Audio",
                        "format": "audio/mpeg",
                        "language": "de",
                        "creator": {
                          "id": "http://example.org/user2",
                          "type": "Person"
                        }
                      }
                    }
                  ]
                }
              ],
              "target": {
                "type": "SpecificResource",
                "styleClass": "mystyle",
                "source": "http://example.com/document1",
                "state": [
                  {
                    "type": "HttpRequestState",
                    "value": "Accept: application/xml",
                    "refinedBy": {
                      "type": "TimeState",
                      "sourceDate": "2015-09-25T12:00:00Z"
                    }
                  }
                ],
                "selector": {
                  "type": "FragmentSelector",
                  "value": "xpointer(/doc/body/section[2]/para[1])",
                  "refinedBy": {
                    "type": "TextPositionSelector",
                    "start": 6,
                    "end": 27
                  }
                }
              }
            }""";

    /** Example 38: Annotation Collection (§5.1), its first page given as an IRI. */
    static final String EXAMPLE_38 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/collection1",
              "type": "AnnotationCollection",
              "label": "Steampunk Annotations",
              "creator": "http://example.com/publisher",
              "total": 42023,
              "first": "http://example.org/page1",
              "last": "http://example.org/page42"
            }""";

    /** Example 39: Annotation Page (§5.2). */
    static final String EXAMPLE_39 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/page1",
              "type": "AnnotationPage",
              "partOf": {
                "id": "http://example.org/collection1",
                "label": "Steampunk Annotations",
                "total": 42023
              },
              "next": "http://example.org/page2",
              "startIndex": 0,
              "items": [
                {
                  "id": "http://example.org/anno1",
                  "type": "Annotation",
                  "body": "http://example.net/comment1",
                  "target": "http://example.com/book/chapter1"
                },
                {
                  "id": "http://example.org/anno2",
                  "type": "Annotation",
                  "body": "http://example.net/comment2",
                  "target": "http://example.com/book/chapter2"
                }
              ]
            }""";

    /** Example 40: Annotation Collection with Embedded Page (§5.2). */
    static final String EXAMPLE_40 = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "id": "http://example.org/collection1",
              "type": "AnnotationCollection",
              "label": "Two Annotations",
              "total": 2,
              "first": {
                "id": "http://example.org/page1",
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": [
                  {
                    "id": "http://example.org/anno1",
                    "type": "Annotation",
                    "body": "http://example.net/comment1",
                    "target": "http://example.com/book/chapter1"
                  },
                  {
                    "id": "http://example.org/anno2",
                    "type": "Annotation",
                    "body": "http://example.net/comment2",
                    "target": "http://example.com/book/chapter2"
                  }
                ]
              }
            }""";

    @TestFactory
    Stream<DynamicTest> theRecommendationsAnnotationExamplesPassEveryAnnotationMust() {
        return Map.of("Example 1", EXAMPLE_1, "Example 2", EXAMPLE_2, "Example 5", EXAMPLE_5,
                "Example 6", EXAMPLE_6, "Example 9", EXAMPLE_9, "Example 12", EXAMPLE_12,
                "Example 15", EXAMPLE_15, "Example 17", EXAMPLE_17, "Example 18", EXAMPLE_18,
                "Example 23", EXAMPLE_23).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> dynamicTest(e.getKey(), () -> W3cModel.assertConforms(e.getValue(), Kind.ANNOTATION)));
    }

    @Test
    void theRemainingAnnotationExamplesPassToo() {
        W3cModel.assertConforms(EXAMPLE_24, Kind.ANNOTATION);
        // Choice, SpecificResource with a described source (type "Audio", not one of the §3.2.2
        // classes: they SHOULD come from that list "but MAY come from other vocabularies"), states,
        // refinedBy.
        W3cModel.assertConforms(EXAMPLE_41, Kind.ANNOTATION);
    }

    @Test
    void theRecommendationsCollectionAndPageExamplesPass() {
        W3cModel.assertConforms(EXAMPLE_38, Kind.COLLECTION);
        W3cModel.assertConforms(EXAMPLE_39, Kind.PAGE);
        W3cModel.assertConforms(EXAMPLE_40, Kind.COLLECTION);
        // The W3C page test takes "a single Annotation Page or an Annotation Collection with an
        // embedded Page" (pageMusts.test): Example 40 is both.
        W3cModel.assertConforms(EXAMPLE_40, Kind.PAGE);
        // Their items carry no @context; checked with the page's, they pass the annotation list.
        W3cModel.assertConformsWithEmbedded(EXAMPLE_39, Kind.PAGE);
        W3cModel.assertConformsWithEmbedded(EXAMPLE_40, Kind.COLLECTION);
    }

    @Test
    void aCollectionWhoseFirstIsAnIriIsNotAPage() {
        // Example 38 embeds no page, so the page list (page, or collection with an embedded page)
        // rejects it: the page assertions cannot be run against it.
        assertTrue(failedFiles(EXAMPLE_38, Kind.PAGE).contains("collections/pages/5.2-pageItemsValidated.json"));
    }

    // ---- Documents that break a MUST fail the W3C assertion written for it -------------------

    @Test
    void aCitationBodyWithoutIdValueOrSourceIsNotABodyTheModelKnows() {
        // §3.2.1: "Bodies or Targets which are External Web Resources MUST have exactly 1 id";
        // §3.2.4: "There MUST be exactly 1 value property associated with the TextualBody";
        // §4: "There MUST be exactly 1 source relationship associated with a Specific Resource."
        // Scholion's source bodies (issue 8) have none of the three.
        String doc = with(EXAMPLE_5, "body", """
                {"type": "Citation", "purpose": "citing", "url": "https://doi.org/10.2307/153984",
                 "title": "The Rise of Scientific Management"}""");
        assertEquals(List.of("annotations/3.2-bodyObjectsRecognized.json: ERROR: One or more Bodies of the Annotation"
                + " is not one of a string of format uri, an External Web Resource, a Choice or Set, a Specific Resource."),
                W3cModel.failures(json(doc), Kind.ANNOTATION));
    }

    @Test
    void anAnnotationWithoutTheAnnoContextFails() {
        // §3.1: "The Annotation MUST have 1 or more @context values and
        // http://www.w3.org/ns/anno.jsonld MUST be one of them."
        assertEquals(List.of("annotations/3.1-annotationContextValidated.json"),
                failedFiles(without(EXAMPLE_1, "@context"), Kind.ANNOTATION));
        assertEquals(List.of("annotations/3.1-annotationContextValidated.json"),
                failedFiles(with(EXAMPLE_1, "@context", "\"http://www.w3.org/ns/ldp.jsonld\""), Kind.ANNOTATION));
        // An array holding it anywhere is fine (the Protocol's containers use [anno, ldp]).
        assertEquals(List.of(), failedFiles(with(EXAMPLE_1, "@context",
                "[\"http://www.w3.org/ns/ldp.jsonld\", \"http://www.w3.org/ns/anno.jsonld\"]"), Kind.ANNOTATION));
    }

    @Test
    void anAnnotationWithBothBodyAndBodyValueFails() {
        // §3.2.5: "If the bodyValue property is present, then the body relationship MUST NOT also be present."
        assertEquals(List.of("annotations/3.2.5-notBodyBodyValue.json"),
                failedFiles(with(EXAMPLE_1, "bodyValue", "\"Comment text\""), Kind.ANNOTATION));
    }

    @Test
    void anAnnotationWhoseIdIsNotAnAbsoluteIriFails() {
        // §3.1: "An Annotation MUST have exactly 1 IRI that identifies it."
        assertEquals(List.of("annotations/3.1-annotationIdValidated.json"),
                failedFiles(with(EXAMPLE_1, "id", "\"anno1\""), Kind.ANNOTATION));
        assertEquals(List.of("annotations/3.1-annotationIdValidated.json"),
                failedFiles(without(EXAMPLE_1, "id"), Kind.ANNOTATION));
    }

    @Test
    void aTextPositionSelectorWithANegativeStartFails() {
        // §4.2.5: start "MUST be a non-negative integer".
        // The generic selector check fails as well as the one for position selectors.
        assertEquals(List.of("annotations/specificResource/4.2-selectorValidIfPresent.json",
                "annotations/specificResource/4.2-TextDataPositionSelectorValid.json"),
                failedFiles(EXAMPLE_24.replace("\"start\": 412", "\"start\": -1"), Kind.ANNOTATION));
    }

    @Test
    void anExternalWebResourceBodyCannotCarryAPurpose() {
        // §4.1: "External Web Resources may also be given a Motivation as to their inclusion within
        // the Annotation. This is done using the Specific Resource pattern".
        String doc = EXAMPLE_17.replace("\"rights\": \"http://creativecommons.org/licenses/by/4.0/\"",
                "\"purpose\": \"linking\"");
        assertEquals(List.of("annotations/bodiesTargets/3.3.5-bodyEWRNoPurpose.json"), failedFiles(doc, Kind.ANNOTATION));
    }

    @Test
    void aCollectionWithoutIdFails() {
        // §5.1: "The Collection MUST have exactly 1 IRI that identifies it."
        assertEquals(List.of("collections/5.1-collectionIdValidated.json"),
                failedFiles(without(EXAMPLE_38, "id"), Kind.COLLECTION));
    }

    @Test
    void aCollectionWithAnnotationsButNoFirstPageFails() {
        // §5.1: "A Collection that has a total number of Annotations greater than 0 MUST have
        // exactly 1 first page of Annotations."
        assertEquals(List.of("collections/5.1-collectionFirstValidated.json"),
                failedFiles(without(EXAMPLE_38, "first"), Kind.COLLECTION));
        assertEquals(List.of(), failedFiles(with(without(EXAMPLE_38, "first"), "total", "0"), Kind.COLLECTION));
    }

    @Test
    void aPageWithANegativeStartIndexFails() {
        // §5.2: startIndex "The value MUST be an xsd:nonNegativeInteger."
        assertEquals(List.of("collections/pages/5.2-pageStartIndexValidated.json"),
                failedFiles(with(EXAMPLE_39, "startIndex", "-1"), Kind.PAGE));
        // An embedded page is checked where it is, through the collection.
        String embedded = EXAMPLE_40.replace("\"startIndex\": 0", "\"startIndex\": -1");
        assertEquals(List.of("collections/pages/5.2-pageStartIndexValidated.json"), failedFiles(embedded, Kind.PAGE));
    }

    @Test
    void aPageWithoutIdOrTypeFails() {
        // §5.2: "The Page MUST have exactly 1 IRI that provides its identity." / "The Page MUST
        // have 1 or more types, and the AnnotationPage class MUST be one of them."
        assertEquals(List.of("collections/pages/5.2-pageIdValidated.json"),
                failedFiles(without(EXAMPLE_39, "id"), Kind.PAGE));
        assertTrue(failedFiles(with(EXAMPLE_39, "type", "\"Page\""), Kind.PAGE)
                .contains("collections/pages/5.2-pageTypeValidated.json"));
    }

    @Test
    void embeddedAnnotationsAreCheckedOnlyWhenAskedFor() {
        ObjectNode page = (ObjectNode) json(EXAMPLE_39);
        ObjectNode item = (ObjectNode) page.withArray("items").get(1);
        item.set("body", json("{\"type\": \"Citation\", \"purpose\": \"citing\", \"url\": \"https://doi.org/10.2307/153984\"}"));
        // The W3C page list does not look inside items beyond "type Annotation or a uri string" ...
        assertEquals(List.of(), W3cModel.failures(page, Kind.PAGE));
        // ... failuresWithEmbedded does, and says where.
        assertEquals(List.of("items[1]: annotations/3.2-bodyObjectsRecognized.json"),
                W3cModel.failuresWithEmbedded(page, Kind.PAGE).stream().map(W3cModelTest::file).toList());
    }

    @Test
    void assertConformsListsEveryFailure() {
        String bad = without(with(EXAMPLE_1, "bodyValue", "\"x\""), "@context");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> W3cModel.assertConforms(bad, Kind.ANNOTATION));
        assertTrue(e.getMessage().startsWith("2 W3C ANNOTATION MUST assertion(s) failed:"), e.getMessage());
        assertTrue(e.getMessage().contains("- annotations/3.1-annotationContextValidated.json: ERROR: Annotation is missing"
                + " @context key"), e.getMessage());
        assertTrue(e.getMessage().contains("- annotations/3.2.5-notBodyBodyValue.json: ERROR: body and bodyValue are"
                + " exclusive keys"), e.getMessage());
    }

    // ---- The harness keywords the W3C lists do not use, on a list of our own ------------------

    @Test
    void expectedResultInvalidPassesWhenTheSchemaRejects() {
        // w3c-harness-check/check.test: forbiddenAbsent.json expects "invalid" for {"required": ["forbidden"]}.
        assertEquals(List.of(), check("{\"id\": 1, \"type\": 1}"));
        assertEquals(List.of("forbiddenAbsent.json: ERROR: the document has a forbidden key."),
                check("{\"id\": 1, \"type\": 1, \"forbidden\": 1}"));
    }

    @Test
    void failAndSkipSkipsTheRestOfTheList() {
        // idRequiredElseSkip.json is failAndSkip, so typeRequired.json does not run without an id ...
        assertEquals(List.of("idRequiredElseSkip.json: ERROR: the document has no id; the remaining assertions are skipped."),
                check("{}"));
        // ... and does with one; an assertion without errorMessage reports the harness's default.
        assertEquals(List.of("typeRequired.json: Result was not valid"), check("{\"id\": 1}"));
    }

    // ---- Candidate representations for Scholion's sources and documents (issue 8) ------------

    /** A commenting annotation carrying one source body, in the shape the candidate gives it. */
    private static String annotationWithSource(String source) {
        return """
                {
                  "@context": ["http://www.w3.org/ns/anno.jsonld", {"scholion": "https://scholion.example/ns#"}],
                  "id": "http://localhost:8080/annotations/5f0c6a1e-2b7d-4e59-9a43-1d2e3f4a5b6c",
                  "type": "Annotation",
                  "motivation": "commenting",
                  "created": "2026-11-27T10:00:00Z",
                  "body": [
                    {"type": "TextualBody", "value": "Taylor's own account.", "format": "text/plain", "purpose": "commenting"},
                    %s
                  ],
                  "target": {
                    "source": "http://localhost:8080/documents/essay",
                    "selector": {"type": "TextQuoteSelector", "exact": "scientific management"}
                  }
                }""".formatted(source);
    }

    private static final String SOURCE_A = """
            {"id": "urn:uuid:0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "type": "SpecificResource", "purpose": "linking",
             "source": "https://doi.org/10.2307/153984", "title": "The Rise of Scientific Management",
             "authors": ["Nelson, Daniel"], "published": "1993", "container": "Business History Review",
             "locator": "p. 1017", "excerpt": "the first systematic study", "doi": "10.2307/153984"}""";

    @TestFactory
    Stream<DynamicTest> candidateSourceShapesPassEveryAnnotationMust() {
        return Map.of(
                "a) SpecificResource, purpose linking, source = the work's URL, citation fields beside it",
                annotationWithSource(SOURCE_A),
                "b) as a) with purpose citing (not a W3C motivation)",
                annotationWithSource(SOURCE_A.replace("\"linking\"", "\"citing\"")),
                "c) as a) with a source that has no URL: a urn:uuid",
                annotationWithSource(SOURCE_A.replace("\"https://doi.org/10.2307/153984\"",
                        "\"urn:uuid:7d5e2c1a-6b3f-4c8e-9f0a-1b2c3d4e5f60\"")),
                "d) as a) without id",
                annotationWithSource(SOURCE_A.replace("\"id\": \"urn:uuid:0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11\", ", "")),
                "e) SpecificResource whose source is a described External Web Resource",
                annotationWithSource("""
                        {"type": "SpecificResource", "purpose": "linking",
                         "source": {"id": "https://doi.org/10.2307/153984", "type": "Text",
                                    "title": "The Rise of Scientific Management"}}""")).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> dynamicTest(e.getKey(), () -> W3cModel.assertConforms(e.getValue(), Kind.ANNOTATION)));
    }

    @Test
    void aSourceThatIsNotAnAbsoluteIriIsNotASpecificResource() {
        // A bare DOI is not an IRI: the SpecificResource's source must be one (§4: "The source
        // resource MAY be described in detail, as defined above, or be just the resource's IRI").
        // Every body assertion that looks at a source's properties trips over it too.
        String doc = annotationWithSource(SOURCE_A.replace("\"https://doi.org/10.2307/153984\"", "\"10.2307/153984\""));
        assertEquals(List.of("annotations/3.2-bodyObjectsRecognized.json",
                "annotations/bodiesTargets/3.2.1-bodyTextDirectionValidated.json",
                "annotations/bodiesTargets/3.3.1-bodyCreatedValidated.json",
                "annotations/bodiesTargets/3.3.1-bodyModifiedValidated.json",
                "annotations/bodiesTargets/3.3.6-bodyRightsValidated.json",
                "annotations/bodiesTargets/3.3.7-bodyCanonicalValidated.json",
                "annotations/bodiesTargets/3.3.7-bodyViaValidated.json"), failedFiles(doc, Kind.ANNOTATION));
    }

    @Test
    void candidateAnnotationShapesPassEveryAnnotationMust() {
        // f) tagging: §3.3.5 lists "tagging" among the Motivations; Example 15 tags with a TextualBody.
        W3cModel.assertConforms("""
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://localhost:8080/annotations/1",
                 "type": "Annotation", "motivation": "tagging",
                 "body": [{"type": "TextualBody", "purpose": "tagging", "value": "chronology"},
                          {"type": "TextualBody", "purpose": "tagging", "value": "labour"}],
                 "target": {"source": "http://localhost:8080/documents/essay",
                            "selector": {"type": "TextQuoteSelector", "exact": "1911"}}}""", Kind.ANNOTATION);
        // g) a reply, whose target is the parent annotation's IRI ...
        W3cModel.assertConforms("""
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://localhost:8080/annotations/2",
                 "type": "Annotation", "motivation": "replying",
                 "body": {"type": "TextualBody", "value": "I agree.", "format": "text/plain"},
                 "target": "http://localhost:8080/annotations/1"}""", Kind.ANNOTATION);
        // ... and a target with two selectors for the same passage (§4.2: "Multiple Selectors SHOULD
        // select the same content").
        W3cModel.assertConforms("""
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://localhost:8080/annotations/3",
                 "type": "Annotation", "motivation": "highlighting",
                 "target": {"source": "http://localhost:8080/documents/essay",
                            "selector": [{"type": "TextQuoteSelector", "exact": "efg", "prefix": "abcd", "suffix": "hijk"},
                                         {"type": "TextPositionSelector", "start": 4, "end": 7}]}}""", Kind.ANNOTATION);
        // h) extension properties at the annotation level and a described creator (Example 12's shape).
        W3cModel.assertConforms("""
                {"@context": ["http://www.w3.org/ns/anno.jsonld",
                              {"group": "https://scholion.example/ns#group", "visibility": "https://scholion.example/ns#visibility"}],
                 "id": "http://localhost:8080/annotations/4", "type": "Annotation", "motivation": "commenting",
                 "group": "http://localhost:8080/groups/7c9e6679-7425-40de-944b-e07fc1f90ae7", "visibility": "group",
                 "creator": {"id": "http://localhost:8080/users/alice", "type": "Person", "nickname": "alice", "name": "Alice Liddell"},
                 "body": {"type": "TextualBody", "value": "Note.", "format": "text/plain"},
                 "target": "http://localhost:8080/documents/essay"}""", Kind.ANNOTATION);
    }

    /** i) The Protocol's container: @context [anno, ldp], types BasicContainer and AnnotationCollection. */
    private static final String CONTAINER = """
            {
              "@context": ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"],
              "id": "http://localhost:8080/annotations/?group=g1",
              "type": ["BasicContainer", "AnnotationCollection"],
              "label": "Annotations of group g1",
              "total": 2,
              "first": {
                "id": "http://localhost:8080/annotations/?group=g1&page=0",
                "type": "AnnotationPage",
                "startIndex": 0,
                "items": [
                  {"id": "http://localhost:8080/annotations/1", "type": "Annotation", "motivation": "tagging",
                   "body": {"type": "TextualBody", "purpose": "tagging", "value": "chronology"},
                   "target": "http://localhost:8080/documents/essay"},
                  {"id": "http://localhost:8080/annotations/2", "type": "Annotation", "motivation": "replying",
                   "body": {"type": "TextualBody", "value": "I agree."},
                   "target": "http://localhost:8080/annotations/1"}
                ]
              },
              "last": "http://localhost:8080/annotations/?group=g1&page=0"
            }""";

    @Test
    void candidateCollectionAndPageShapesPassTheirMusts() {
        W3cModel.assertConformsWithEmbedded(CONTAINER, Kind.COLLECTION);
        W3cModel.assertConforms(CONTAINER, Kind.PAGE);
        // PreferContainedIRIs: items are the annotations' IRIs.
        ObjectNode iris = (ObjectNode) json(CONTAINER);
        ((ObjectNode) iris.get("first")).set("items",
                json("[\"http://localhost:8080/annotations/1\", \"http://localhost:8080/annotations/2\"]"));
        W3cModel.assertConformsWithEmbedded(iris, Kind.COLLECTION);
        // PreferMinimalContainer: first as an IRI.
        W3cModel.assertConforms(with(CONTAINER, "first", "\"http://localhost:8080/annotations/?group=g1&page=0\""),
                Kind.COLLECTION);
        // A page on its own, partOf described as an object.
        W3cModel.assertConformsWithEmbedded("""
                {
                  "@context": ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"],
                  "id": "http://localhost:8080/annotations/?group=g1&page=1",
                  "type": "AnnotationPage",
                  "partOf": {"id": "http://localhost:8080/annotations/?group=g1", "label": "Annotations of group g1", "total": 3},
                  "startIndex": 2,
                  "prev": "http://localhost:8080/annotations/?group=g1&page=0",
                  "items": [
                    {"id": "http://localhost:8080/annotations/3", "type": "Annotation", "bodyValue": "Third.",
                     "target": "http://localhost:8080/documents/essay"}
                  ]
                }""", Kind.PAGE);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static List<String> check(String doc) {
        return W3cModel.failures(json(doc), "w3c-harness-check/", "check.test");
    }

    private static List<String> failedFiles(String doc, Kind kind) {
        return failedFiles(json(doc), kind);
    }

    private static List<String> failedFiles(JsonNode doc, Kind kind) {
        return W3cModel.failures(doc, kind).stream().map(W3cModelTest::file).toList();
    }

    /** "items[1]: annotations/x.json: ERROR …" → "items[1]: annotations/x.json". */
    private static String file(String failure) {
        return failure.substring(0, failure.indexOf(".json") + ".json".length());
    }

    private static String without(String doc, String key) {
        ObjectNode node = (ObjectNode) json(doc);
        node.remove(key);
        return node.toString();
    }

    private static String with(String doc, String key, String valueJson) {
        ObjectNode node = (ObjectNode) json(doc);
        node.set(key, json(valueJson));
        return node.toString();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
