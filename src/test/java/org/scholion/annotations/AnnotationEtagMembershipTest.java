package org.scholion.annotations;

import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/** A validator must not outlive a change of who sees what. */
@QuarkusTest
class AnnotationEtagMembershipTest {

    @Test
    void joiningAGroupInvalidatesTheCallersContainerEtag() {
        String code = Tokens.as("ines").contentType("application/json").body(Map.of("name", "ETag class"))
                .post("/api/groups").then().statusCode(201).extract().path("joinCode");
        UUID group = UUID.fromString(Tokens.as("ines").contentType("application/json").body(Map.of("code", code))
                .post("/api/groups/join").then().statusCode(200).extract().path("groupId"));
        String iri = Anno.create("ines", Anno.comment(group, "Vladimir Lenin", "seen after joining"));

        String before = Tokens.as("carol").get(Anno.path()).then().statusCode(200).extract().header("ETag");
        Tokens.as("carol").contentType("application/json").body(Map.of("code", code))
                .post("/api/groups/join").then().statusCode(201);

        Tokens.as("carol").header("If-None-Match", before).get(Anno.path())
                .then().statusCode(200)
                .body("first.items.id", hasItem(iri));
    }
}
