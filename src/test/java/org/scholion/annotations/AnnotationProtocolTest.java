package org.scholion.annotations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** The W3C Web Annotation Protocol, one server requirement per test. */
@QuarkusTest
class AnnotationProtocolTest {
    // Web Annotation Protocol §4.2, "Container Representation Preferences", word for word:
    // "1. If the client prefers to only receive the Container description and no Annotations in the Container
    //  response, then it MUST include a Prefer request header with the value
    //  return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer".
    //  2. If the client prefers to receive the list of Annotations only as IRIs, either in the current Container
    //  response or future paged responses, then it MUST include a Prefer request header with the value
    //  return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs".
    //  3. If the client prefers to receive complete Annotation descriptions, either in the current Container
    //  response or future paged responses, then it MUST include a Prefer request header with the value
    //  return=representation;include="http://www.w3.org/ns/oa#PreferContainedDescriptions"."
    static final String PREFER_MINIMAL = "return=representation;include=\"http://www.w3.org/ns/ldp#PreferMinimalContainer\"";
    static final String PREFER_IRIS = "return=representation;include=\"http://www.w3.org/ns/oa#PreferContainedIRIs\"";
    static final String PREFER_DESCRIPTIONS = "return=representation;include=\"http://www.w3.org/ns/oa#PreferContainedDescriptions\"";

    @Test
    void documentAdvertisesItsContainerWithAnAnnotationServiceLink() {
        Tokens.as("alice").get("/api/documents/" + Anno.SLUG).then().statusCode(200)
                .header("Link", equalTo("<" + Anno.container() + ">; rel=\"http://www.w3.org/ns/oa#annotationService\""));
    }

    @Test
    void postCreatesWith201LocationEtagAndServerSetProperties() {
        UUID g = GroupFixtures.group("ines", "alice");
        Response r = Anno.post("alice", Anno.comment(g, "Joseph Stalin", "Who *was* he?"));
        r.then().statusCode(201)
                .contentType(Anno.MEDIA)
                .header("Location", startsWith(Anno.container()))
                .header("ETag", notNullValue())
                .header("Link", containsString("<http://www.w3.org/ns/ldp#Resource>; rel=\"type\""))
                .body("'@context'", equalTo(List.of("http://www.w3.org/ns/anno.jsonld", Anno.base() + "/ns/scholion.jsonld")))
                .body("id", equalTo(r.header("Location")))
                .body("type", equalTo("Annotation"))
                .body("motivation", equalTo("commenting"))
                .body("created", notNullValue())
                .body("modified", notNullValue())
                .body("creator.type", equalTo("Person"))
                .body("creator.nickname", equalTo("alice"))
                .body("creator.id", startsWith(Anno.base() + "/api/users/"))
                .body("group", equalTo(g.toString()))
                .body("visibility", equalTo("group"))
                .body("body[0].value", equalTo("Who *was* he?"))
                .body("target.source", equalTo(Anno.base() + "/api/documents/" + Anno.SLUG))
                .body("target.selector.type", equalTo(List.of("TextQuoteSelector", "TextPositionSelector")))
                .body("target.selector[1].start", equalTo(0))
                .body("target.selector[1].end", equalTo(13));
    }

    @Test
    void getAnnotationCarriesMediaTypeTypeLinkEtagAllowAndVary() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "private note"));
        Tokens.as("alice").accept(Anno.MEDIA).get(Anno.local(iri)).then().statusCode(200)
                .contentType(Anno.MEDIA)
                .header("Link", containsString("<http://www.w3.org/ns/ldp#Resource>; rel=\"type\""))
                .header("ETag", startsWith("\""))
                .header("Allow", equalTo("GET, HEAD, OPTIONS, PUT, DELETE"))
                .header("Vary", containsString("Accept"))
                .header("Content-Location", equalTo(iri))
                .body("id", equalTo(iri))
                .body("visibility", equalTo("private"))
                .body("group", nullValue());
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "head"));
        String etag = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        Response head = Tokens.as("alice").head(Anno.local(iri));
        head.then().statusCode(200).header("ETag", equalTo(etag)).header("Link", containsString("ldp#Resource"))
                .contentType(Anno.MEDIA);
        assertEquals("", head.asString());
        Tokens.as("alice").head(Anno.path()).then().statusCode(200).header("ETag", notNullValue())
                .header("Link", containsString("ldp#BasicContainer"));
    }

    @Test
    void optionsListTheAllowedMethodsAndWhatPostAccepts() {
        given().options(Anno.path()).then().statusCode(200)
                .header("Allow", equalTo("GET, HEAD, OPTIONS, POST"))
                .header("Accept-Post", containsString("application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\""))
                .header("Link", containsString("ldp#BasicContainer"));
        given().options(Anno.path() + UUID.randomUUID()).then().statusCode(200)
                .header("Allow", equalTo("GET, HEAD, OPTIONS, PUT, DELETE"));
    }

    @Test
    void containerIsABasicContainerAndAnnotationCollectionWithItsHeaders() {
        UUID g = GroupFixtures.group("ines", "bob");
        String iri = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "container"));
        Tokens.as("bob").accept(Anno.MEDIA).get(Anno.path() + "?group=" + g).then().statusCode(200)
                .contentType(Anno.MEDIA)
                .header("Link", containsString("<http://www.w3.org/ns/ldp#BasicContainer>; rel=\"type\""))
                .header("Link", containsString("<http://www.w3.org/TR/annotation-protocol/>; rel=\"http://www.w3.org/ns/ldp#constrainedBy\""))
                .header("Allow", equalTo("GET, HEAD, OPTIONS, POST"))
                .header("Accept-Post", containsString("application/ld+json"))
                .header("Vary", containsString("Accept"))
                .header("Vary", containsString("Prefer"))
                .header("ETag", notNullValue())
                .header("Content-Location", equalTo(Anno.container() + "?group=" + g))
                .body("'@context'", hasItems("http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"))
                .body("id", equalTo(Anno.container() + "?group=" + g))
                .body("type", equalTo(List.of("BasicContainer", "AnnotationCollection")))
                .body("total", equalTo(1))
                .body("modified", notNullValue())
                .body("label", containsString("Stalin and the Red Terror"))
                .body("first.type", equalTo("AnnotationPage"))
                .body("first.items[0].id", equalTo(iri))
                .body("first.items[0].body[0].value", equalTo("container"))
                .body("last", equalTo(Anno.container() + "?group=" + g + "&page=0"));
    }

    @Test
    void aStreamedBodyOverTheLimitIsAlso413ProblemJson() {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        Tokens.as("alice").contentType(Anno.MEDIA).body(new java.io.ByteArrayInputStream(big)).post(Anno.path()).then()
                .statusCode(413).contentType("application/problem+json");
    }

    @Test
    void theUnfilteredContainerIsAtTheTrailingSlashIri() {
        Tokens.as("carol").get(Anno.path()).then().statusCode(200)
                .header("Content-Location", equalTo(Anno.container()))
                .body("id", equalTo(Anno.container()));
        Tokens.as("carol").get(Anno.path().substring(0, Anno.path().length() - 1)).then().statusCode(200)
                .header("Content-Location", equalTo(Anno.container()))
                .body("id", equalTo(Anno.container()));
    }

    @Test
    void preferContainedIrisListsTheIrisAndSaysSo() {
        UUID g = GroupFixtures.group("ines", "bob");
        String iri = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "iris"));
        Tokens.as("bob").header("Prefer", PREFER_IRIS).get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", equalTo("return=representation"))
                .body("id", equalTo(Anno.container() + "?iris=1&group=" + g))
                .body("first.items", equalTo(List.of(iri)))
                .body("first.id", equalTo(Anno.container() + "?iris=1&group=" + g + "&page=0"));
    }

    @Test
    void theLdpSpellingOfContainedIrisIsNotTheProtocolsAndGetsTheDefault() {
        UUID g = GroupFixtures.group("ines", "bob");
        Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "wrong namespace"));
        Tokens.as("bob").header("Prefer", "return=representation;include=\"http://www.w3.org/ns/ldp#PreferContainedIRIs\"")
                .get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", nullValue())
                .body("first.items[0].type", equalTo("Annotation"));
    }

    @Test
    void minimalAndContainedIrisTogetherLinkPagesOfIris() {
        // Protocol §4.2.1, "Container Request without Annotations": Prefer: return=representation;include="
        // http://www.w3.org/ns/ldp#PreferMinimalContainer http://www.w3.org/ns/oa#PreferContainedIRIs" answers
        // "id": ".../annotations/?iris=1", "first": ".../annotations/?iris=1&page=0" — and
        // "The linked pages SHOULD follow any PreferContainedDescriptions or PreferContainedIRIs preferences."
        UUID g = GroupFixtures.group("ines", "bob");
        String iri = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "minimal iris"));
        Tokens.as("bob").header("Prefer", "return=representation;include=\"http://www.w3.org/ns/ldp#PreferMinimalContainer"
                + " http://www.w3.org/ns/oa#PreferContainedIRIs\"").get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", equalTo("return=representation"))
                .body("id", equalTo(Anno.container() + "?iris=1&group=" + g))
                .body("first", equalTo(Anno.container() + "?iris=1&group=" + g + "&page=0"));
        Tokens.as("bob").get(Anno.path() + "?iris=1&group=" + g + "&page=0").then().statusCode(200)
                .body("items", equalTo(List.of(iri)));
    }

    @Test
    void bothContainedPreferencesAtOnceAreNotHonoured() {
        // "the client MUST NOT include both the PreferContainedIRIs and PreferContainedDescriptions preferences on
        // the same request, as the server cannot honor both at the same time"
        UUID g = GroupFixtures.group("ines", "bob");
        Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "both"));
        Tokens.as("bob").header("Prefer", "return=representation;include=\"http://www.w3.org/ns/oa#PreferContainedIRIs"
                + " http://www.w3.org/ns/oa#PreferContainedDescriptions\"").get(Anno.path() + "?group=" + g).then()
                .statusCode(200).header("Preference-Applied", nullValue()).body("first.items[0].type", equalTo("Annotation"));
    }

    @Test
    void preferMinimalContainerEmbedsNoItems() {
        UUID g = GroupFixtures.group("ines", "bob");
        Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "minimal"));
        Tokens.as("bob").header("Prefer", PREFER_MINIMAL).get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", equalTo("return=representation"))
                .body("total", equalTo(1))
                .body("first", equalTo(Anno.container() + "?group=" + g + "&page=0"))
                .body("last", equalTo(Anno.container() + "?group=" + g + "&page=0"));
    }

    @Test
    void preferContainedDescriptionsIsTheDefaultAndCanBeAskedFor() {
        UUID g = GroupFixtures.group("ines", "bob");
        Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "descriptions"));
        Tokens.as("bob").header("Prefer", PREFER_DESCRIPTIONS).get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", equalTo("return=representation"))
                .body("first.items[0].type", equalTo("Annotation"));
        Tokens.as("bob").get(Anno.path() + "?group=" + g).then().statusCode(200)
                .header("Preference-Applied", nullValue())
                .body("first.items[0].type", equalTo("Annotation"));
    }

    @Test
    void pagesLinkToEachOtherAndToTheirCollection() {
        UUID g = GroupFixtures.group("ines", "bob");
        for (int i = 0; i < 5; i++) {
            Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "page " + i));
        }
        String q = "?group=" + g;
        Tokens.as("bob").get(Anno.path() + q + "&page=1&pageSize=2").then().statusCode(200)
                .contentType(Anno.MEDIA)
                .header("ETag", notNullValue())
                .body("type", equalTo("AnnotationPage"))
                .body("id", equalTo(Anno.container() + q + "&page=1&pageSize=2"))
                .body("partOf.id", equalTo(Anno.container() + q))
                .body("partOf.total", equalTo(5))
                .body("startIndex", equalTo(2))
                .body("prev", equalTo(Anno.container() + q + "&page=0&pageSize=2"))
                .body("next", equalTo(Anno.container() + q + "&page=2&pageSize=2"))
                .body("items", hasSize(2))
                .body("items[0].body[0].value", equalTo("page 2"));
        Tokens.as("bob").get(Anno.path() + q + "&page=2&pageSize=2").then().statusCode(200)
                .body("next", nullValue()).body("items", hasSize(1));
        Tokens.as("bob").get(Anno.path() + q + "&pageSize=2").then()
                .body("last", equalTo(Anno.container() + q + "&page=2&pageSize=2"))
                .body("first.next", equalTo(Anno.container() + q + "&page=1&pageSize=2"));
        Tokens.as("bob").get(Anno.path() + q + "&page=3&pageSize=2").then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("page"));
        Tokens.as("bob").get(Anno.path() + q + "&iris=1&page=0&pageSize=2").then().statusCode(200)
                .body("items[0]", startsWith(Anno.container()));
    }

    @Test
    void currentEtagAnswers304AndAWriteChangesIt() {
        UUID g = GroupFixtures.group("ines", "bob");
        String iri = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "etag"));
        String q = Anno.path() + "?group=" + g;
        String etag = Anno.revalidated("bob", q);
        String one = Tokens.as("bob").get(Anno.local(iri)).header("ETag");
        Tokens.as("bob").header("If-None-Match", one).get(Anno.local(iri)).then().statusCode(304);
        Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "etag 2"));
        String after = Tokens.as("bob").header("If-None-Match", etag).get(q).then().statusCode(200).extract().header("ETag");
        assertNotEquals(etag, after);
        // another caller never shares the tag: what one sees is not what another sees
        String bobs = Tokens.as("bob").get(Anno.path()).then().statusCode(200).extract().header("ETag");
        String carols = Tokens.as("carol").get(Anno.path()).then().statusCode(200).extract().header("ETag");
        assertNotEquals(bobs, carols);
    }

    @Test
    void putWithCurrentIfMatchReplacesTheAnnotation() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "first"));
        String etag = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        ObjectNode changed = Anno.comment(null, "ruthless regime", "second");
        changed.put("id", iri);
        Response r = Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag).body(Anno.bytes(changed)).put(Anno.local(iri));
        r.then().statusCode(200).contentType(Anno.MEDIA).body("body[0].value", equalTo("second")).body("id", equalTo(iri));
        assertNotEquals(etag, r.header("ETag"));
        Tokens.as("alice").get(Anno.local(iri)).then().header("ETag", equalTo(r.header("ETag")));
    }

    @Test
    void putWithStaleIfMatchIs412AndWithoutIfMatch428() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "first"));
        String etag = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag)
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", "second"))).put(Anno.local(iri)).then().statusCode(200);
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag)
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", "third"))).put(Anno.local(iri)).then().statusCode(412)
                .contentType("application/problem+json").body("errors[0].field", equalTo("If-Match"));
        Tokens.as("alice").contentType(Anno.MEDIA)
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", "third"))).put(Anno.local(iri)).then().statusCode(428)
                .contentType("application/problem+json").body("errors[0].field", equalTo("If-Match"));
    }

    @Test
    void deleteIs204AndTheAnnotationLeavesTheContainer() {
        UUID g = GroupFixtures.group("ines", "bob");
        String iri = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "to delete"));
        Tokens.as("bob").delete(Anno.local(iri)).then().statusCode(204);
        Tokens.as("bob").get(Anno.path() + "?group=" + g).then().statusCode(200)
                .body("total", equalTo(0)).body("first.items", hasSize(0));
        Tokens.as("bob").get(Anno.local(iri)).then().statusCode(410);
    }

    @Test
    void aClientIdMovesToViaAndCanonicalIsKept() {
        ObjectNode a = Anno.comment(null, "ruthless regime", "from elsewhere");
        a.put("id", "https://example.org/anno/42");
        a.put("canonical", "urn:uuid:0b8a3f36-2f4c-4b47-9a0e-0c5d1c0c9a11");
        Response r = Anno.post("alice", a);
        r.then().statusCode(201)
                .body("id", startsWith(Anno.container()))
                .body("via", equalTo("https://example.org/anno/42"))
                .body("canonical", equalTo("urn:uuid:0b8a3f36-2f4c-4b47-9a0e-0c5d1c0c9a11"));
    }

    // Web Annotation Protocol §5.2, "Suggesting an IRI for an Annotation": "The server SHOULD use this name, so long
    // as it does not already identify an existing resource, but MAY ignore it and use an automatically assigned name."
    // Issue 9: "The `Slug` header must not reveal whether an id exists." A server that honours a free name and
    // replaces a taken one tells every caller which ids exist; ours derives the id from the caller and the name.
    @Test
    void theSlugNamesAnAnnotationForItsCallerAloneAndRevealsNoOtherId() {
        String existing = Anno.create("alice", Anno.comment(null, "ruthless regime", "someone's"));
        String existingId = existing.substring(Anno.container().length());
        String free = UUID.randomUUID().toString();
        // a taken id and a free one proposed by bob: answered alike, and neither becomes the id
        String onTaken = slugPost("bob", existingId).then().statusCode(201).extract().header("Location");
        String onFree = slugPost("bob", free).then().statusCode(201).extract().header("Location");
        assertNotEquals(existing, onTaken);
        assertNotEquals(Anno.container() + free, onFree);
        Tokens.as("alice").get(Anno.local(existing)).then().statusCode(200).body("body[0].value", equalTo("someone's"));

        // the same name from the same caller is the same IRI: a retried POST makes no second annotation
        String name = "my-note-" + UUID.randomUUID();
        String mine = slugPost("alice", name).then().statusCode(201).extract().header("Location");
        long rows = Anno.rows();
        slugPost("alice", name).then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Slug"));
        assertEquals(rows, Anno.rows());
        // another caller's same name is theirs, and learns nothing of alice's
        String bobs = slugPost("bob", name).then().statusCode(201).extract().header("Location");
        assertNotEquals(mine, bobs);
        // a blank Slug is none; a Slug that is not one line of text is a 400 naming it
        slugPost("alice", "  ").then().statusCode(201);
        slugPost("alice", "x".repeat(201)).then().statusCode(400).body("errors[0].field", equalTo("Slug"));
    }

    private static Response slugPost(String user, String slug) {
        return Tokens.as(user).contentType(Anno.MEDIA).header("Slug", slug)
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", "slug"))).post(Anno.path());
    }

    @Test
    void plainJsonLdAndJsonAreServedAndOtherTypesAre406() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "types"));
        Tokens.as("alice").accept("application/ld+json").get(Anno.local(iri)).then().statusCode(200).contentType(Anno.MEDIA);
        Tokens.as("alice").accept("application/json").get(Anno.local(iri)).then().statusCode(200)
                .contentType("application/json");
        Tokens.as("alice").accept("text/html").get(Anno.local(iri)).then().statusCode(406)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Accept"));
        Tokens.as("alice").accept("application/ld+json; profile=\"http://www.w3.org/ns/ldp.jsonld\"").get(Anno.path())
                .then().statusCode(406);
    }

    @Test
    void corsPreflightIsAnsweredAndProtocolHeadersAreExposed() {
        given().header("Origin", "https://client.example").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, if-match, content-type")
                .options(Anno.path() + UUID.randomUUID()).then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("PUT"))
                .header("Access-Control-Allow-Headers", containsString("If-Match"));
        Tokens.as("alice").header("Origin", "https://client.example").get(Anno.path()).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("Access-Control-Expose-Headers", containsString("Preference-Applied"))
                .header("Access-Control-Expose-Headers", containsString("Accept-Post"));
    }

    @Test
    void theScholionContextIsPublicJsonLd() {
        given().get("/ns/scholion.jsonld").then().statusCode(200)
                .contentType(containsString("application/ld+json"))
                .body("'@context'.Citation", equalTo("scholion:Citation"))
                .body("'@context'.citing", equalTo("scholion:citing"))
                .body("'@context'.group", notNullValue())
                .body("'@context'.visibility", notNullValue())
                .body("'@context'.url.'@type'", equalTo("@id"))
                .body("'@graph'.find { it.'@id' == 'scholion:citing' }.'skos:broader'.'@id'", equalTo("oa:linking"));
    }

    @Test
    void theOpenApiDocumentDescribesTheContainerWithAnExampleWithSources() {
        given().get("/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/documents/{slug}/annotations"))
                .body(containsString("Victims of the Soviet Penal System"))
                .body(containsString("SpecificResource"));
    }

    @Test
    void aQuoteAloneIsFoundAndGetsItsPosition() {
        ObjectNode a = Anno.base("highlighting");
        a.putObject("target").put("source", Anno.base() + "/api/documents/" + Anno.SLUG).putArray("selector").addObject()
                .put("type", "TextQuoteSelector").put("exact", "Stalin’s regime").put("prefix", "early years of ");
        int start = Anno.at("early years of Stalin’s regime", 0) + "early years of ".length();
        Anno.post("alice", a).then().statusCode(201)
                .body("target.selector[1].start", equalTo(start))
                .body("target.selector[1].end", equalTo(start + "Stalin’s regime".length()))
                .body("target.selector[0].exact", equalTo("Stalin’s regime"));
    }

    @Test
    void containerFiltersByTagMotivationCreatorAndVisibility() {
        UUID g = GroupFixtures.group("ines", "bob", "carol");
        ObjectNode tagged = Anno.comment(g, "Vladimir Lenin", "tagged");
        ((com.fasterxml.jackson.databind.node.ArrayNode) tagged.get("body")).addObject().put("type", "TextualBody")
                .put("purpose", "tagging").put("value", "Chronology");
        String t = Anno.create("bob", tagged);
        ObjectNode q = Anno.comment(g, "Vladimir Lenin", "question");
        q.put("motivation", "questioning");
        String question = Anno.create("carol", q);
        String q0 = Anno.path() + "?group=" + g;
        Tokens.as("bob").get(q0 + "&tag=chronology").then().body("total", equalTo(1)).body("first.items[0].id", equalTo(t))
                .body("first.items[0].body.find { it.purpose == 'tagging' }.value", equalTo("chronology"));
        Tokens.as("bob").get(q0 + "&motivation=questioning").then().body("total", equalTo(1))
                .body("first.items[0].id", equalTo(question));
        Tokens.as("bob").get(q0 + "&creator=carol").then().body("total", equalTo(1)).body("first.items[0].id", equalTo(question));
        Tokens.as("bob").get(q0 + "&creator=" + GroupFixtures.userId("bob")).then().body("total", equalTo(1));
        Tokens.as("bob").get(Anno.path() + "?visibility=private&creator=carol").then().body("total", equalTo(0));
        Tokens.as("bob").get(q0 + "&visibility=group").then().body("total", equalTo(2))
                .body("first.items.visibility", everyItem(is("group")));
    }

    @Test
    void repliesThreadAndInheritTheRootsGroup() {
        UUID g = GroupFixtures.group("ines", "bob", "carol");
        String root = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "root"));
        String r1 = Anno.create("carol", Anno.reply(root, "reply 1"));
        String r2 = Anno.post("bob", Anno.reply(r1, "reply 2")).then().statusCode(201)
                .body("target", equalTo(r1)).body("motivation", equalTo("replying"))
                .body("group", equalTo(g.toString())).body("visibility", equalTo("group"))
                .extract().header("Location");
        Tokens.as("carol").get(Anno.path() + "?group=" + g + "&motivation=replying").then()
                .body("first.items.id", equalTo(List.of(r1, r2)));
        Tokens.as("ines").get(Anno.local(r2)).then().statusCode(200);
    }

    @Test
    void repliesNestAtMostSixteenDeepAndADeeperOneIsAConflictNamingTarget() {
        // issue 9: "cap reply depth (configurable; a deeper reply is a clear problem naming `target`)";
        // scholion.annotations.max-reply-depth is 16 by default
        UUID g = GroupFixtures.group("ines", "bob");
        String parent = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "depth 0"));
        String fifteen = null;
        for (int depth = 1; depth <= 16; depth++) {
            parent = Anno.create(depth % 2 == 0 ? "bob" : "ines", Anno.reply(parent, "depth " + depth));
            if (depth == 15) {
                fifteen = parent;
            }
        }
        long rows = Anno.rows();
        Anno.post("bob", Anno.reply(parent, "depth 17")).then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target")).body("detail", containsString("16"));
        assertEquals(rows, Anno.rows());
        // the thread still takes replies higher up
        Anno.post("bob", Anno.reply(fifteen, "another depth 16")).then().statusCode(201);
    }

    @Test
    void containerPageCostsTheSameStatementsForFewOrManyAnnotations() {
        UUID g = GroupFixtures.group("ines", "bob", "carol");
        String root = Anno.create("bob", Anno.comment(g, "Vladimir Lenin", "n+1"));
        Anno.create("carol", Anno.reply(root, "r"));
        long few = StatementCounter.statementsOf(() -> Tokens.as("bob").get(Anno.path() + "?group=" + g).then().statusCode(200)
                .body("total", equalTo(2)));
        for (int i = 0; i < 12; i++) {
            ObjectNode a = Anno.comment(g, "Vladimir Lenin", "more " + i);
            ((com.fasterxml.jackson.databind.node.ArrayNode) a.get("body")).addObject().put("type", "Citation")
                    .put("url", "doi:10.1000/" + i).put("title", "Source " + i);
            Anno.create(i % 2 == 0 ? "bob" : "carol", a);
        }
        long many = StatementCounter.statementsOf(() -> Tokens.as("bob").get(Anno.path() + "?group=" + g).then().statusCode(200)
                .body("total", equalTo(14)));
        assertEquals(few, many, "statements per container page must not grow with the annotations on it");
        assertTrue(many <= 4, "a container page after a change takes at most 4 statements (the fingerprint, the listing's"
                + " state, items, authors), took " + many);
        long iris = StatementCounter.statementsOf(() -> Tokens.as("bob").header("Prefer", PREFER_IRIS)
                .get(Anno.path() + "?group=" + g).then().statusCode(200));
        assertTrue(iris <= 2, "the IRI view reads no authors and reuses the state, took " + iris);
        String path = Anno.path() + "?group=" + g;
        String etag = Tokens.as("bob").get(path).header("ETag");
        int[] status = new int[1];
        long conditional = StatementCounter.statementsOf(
                () -> status[0] = Tokens.as("bob").header("If-None-Match", etag).get(path).statusCode());
        assertEquals(304, status[0], "a current ETag revalidates");
        assertEquals(1, conditional, "a 304 costs the one validator query, and renders nothing");
        long cached = StatementCounter.statementsOf(() -> Tokens.as("bob").get(path).then().statusCode(200));
        assertEquals(1, cached, "a page already rendered for this validator is served from the cache after the validator query");
        // a write bob cannot see (dave's private note on the same document) moves the fingerprint, not bob's
        // validator: the listing is evaluated once more (a second statement) and the answer is still 304
        Anno.create("dave", Anno.comment(null, "Vladimir Lenin", "a private note"));
        long afterUnseen = StatementCounter.statementsOf(
                () -> status[0] = Tokens.as("bob").header("If-None-Match", etag).get(path).statusCode());
        assertEquals(304, status[0], "what bob cannot see does not move his ETag");
        assertEquals(2, afterUnseen, "the fingerprint moved: the listing is evaluated again, nothing is rendered");
        long again = StatementCounter.statementsOf(
                () -> status[0] = Tokens.as("bob").header("If-None-Match", etag).get(path).statusCode());
        assertEquals(1, again, "and is kept under the new fingerprint");
        // carol is shown the same items as bob (same authors, no upvote or flag of hers): the items bob's
        // page wrote serve hers, so her first page reads the listing's ids and extras but no annotation row
        long shared = StatementCounter.statementsOf(() -> Tokens.as("carol").get(path).then().statusCode(200)
                .body("first.items.size()", equalTo(14)));
        assertEquals(3, shared, "carol's first page: the fingerprint, her listing's state, the listing; no row is read again");
        assertThatNothingIsHiddenIn(g, root);
    }

    private static void assertThatNothingIsHiddenIn(UUID g, String root) {
        Tokens.as("dave").get(Anno.path() + "?group=" + g).then().statusCode(404);
        Tokens.as("dave").get(Anno.path()).then().statusCode(200).body("first.items.id", not(hasItem(root)));
    }
}
