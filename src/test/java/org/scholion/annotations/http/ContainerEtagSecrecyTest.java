package org.scholion.annotations.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.listing.ContainerListing;
import org.scholion.annotations.Filter;
import org.scholion.annotations.jsonld.ContainerView;
import org.scholion.security.UserRef;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 17: ETags must not let a user count everyone's writes. A container's validator is made of
 * numbers from the instance-wide change sequence; a student whose listing holds only their own
 * private note knows every part of it but that note's number. If the ETag were a plain digest of
 * the validator, trying numbers until the digest matches would recover it, and two such ETags would
 * count the writes of the whole instance in between. So the digest is keyed with a secret.
 */
@QuarkusTest
class ContainerEtagSecrecyTest {
    private static final String SLUG = "red-terror-essay";
    private static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    @Inject
    ContainerListing queries;

    @Inject
    AnnotatedDocuments documents;

    @Test
    void aContainerETagIsNotADigestAnyoneCanRecomputeFromTheNumbersInIt() throws Exception {
        String tag = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        Tokens.as("carol").contentType(MEDIA).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "highlighting", "body", java.util.List.of(Map.of("type", "TextualBody", "purpose", "tagging", "value", tag)),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + SLUG,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", "Vladimir Lenin"))))
                .post("/api/documents/" + SLUG + "/annotations/").then().statusCode(201);
        Response listing = Tokens.as("carol").accept(MEDIA).get("/api/documents/" + SLUG + "/annotations/?tag=" + tag);
        listing.then().statusCode(200);

        // everything the ETag is made of, as the attacker would guess it (here: read from the source of truth)
        UserRef carol = new UserRef(GroupFixtures.userId("carol"), "carol", "carol", "carol", Set.of());
        Filter filter = new Filter(null, null, tag, null, null, null, false);
        String validator = QuarkusTransaction.requiringNew().call(() -> queries.state(carol, documents.find(carol, SLUG), filter).validator());
        String input = validator + "|" + carol.id() + "|" + ContainerView.DESCRIPTIONS + "|" + listing.header("Content-Location") + "|"
                + Negotiation.annotationType(MEDIA);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));

        assertNotEquals("\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"", listing.header("ETag"),
                "the ETag is not the plain digest of its validator");
        // still one ETag for one state, whichever request asks
        assertEquals(listing.header("ETag"), Tokens.as("carol").accept(MEDIA)
                .get("/api/documents/" + SLUG + "/annotations/?tag=" + tag).then().statusCode(200).extract().header("ETag"));
        Tokens.as("carol").accept(MEDIA).header("If-None-Match", listing.header("ETag"))
                .get("/api/documents/" + SLUG + "/annotations/?tag=" + tag).then().statusCode(304);
    }
}
