package org.scholion.annotations;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Who sees and who changes an annotation, end to end through the permission map. */
@QuarkusTest
class AnnotationVisibilityTest {

    @Test
    void aGroupAnnotationIsNotFoundForNonMembersEvenByItsIri() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "group only"));
        Tokens.as("bob").get(Anno.local(iri)).then().statusCode(200);
        Tokens.as("ines").get(Anno.local(iri)).then().statusCode(200);
        Tokens.as("dave").get(Anno.local(iri)).then().statusCode(404).contentType("application/problem+json");
        Tokens.as("dave").head(Anno.local(iri)).then().statusCode(404);
        Tokens.as("dave").get(Anno.path()).then().body("first.items.id", not(hasItem(iri)));
        Tokens.as("bob").get(Anno.path() + "?group=" + g).then().body("total", equalTo(1));
    }

    @Test
    void aPrivateAnnotationIsTheAuthorsAloneAdminsIncluded() {
        String iri = Anno.create("carol", Anno.comment(null, "ruthless regime", "mine"));
        Tokens.as("carol").get(Anno.local(iri)).then().statusCode(200);
        Tokens.as("dave").get(Anno.local(iri)).then().statusCode(404);
        Tokens.as("admin").get(Anno.local(iri)).then().statusCode(404);
        Tokens.as("admin").get(Anno.path() + "?creator=carol&visibility=private").then().body("total", equalTo(0));
        Tokens.as("carol").get(Anno.path()).then().body("first.items.id", hasItem(iri));
    }

    @Test
    void adminsSeeEveryGroupsAnnotations() {
        UUID g = GroupFixtures.group("ines", "alice");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "watched"));
        Tokens.as("admin").get(Anno.local(iri)).then().statusCode(200);
        Tokens.as("admin").get(Anno.path() + "?group=" + g).then().body("total", equalTo(1));
    }

    @Test
    void onlyTheAuthorEditsOrDeletesOthersGet403IfTheySeeIt404IfNot() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "alice's"));
        String etag = Tokens.as("bob").get(Anno.local(iri)).then().statusCode(200)
                .header("Allow", equalTo("GET, HEAD, OPTIONS")).extract().header("ETag");
        byte[] body = Anno.bytes(Anno.comment(g, "ruthless regime", "bob's now"));
        Tokens.as("bob").contentType(Anno.MEDIA).header("If-Match", etag).body(body).put(Anno.local(iri)).then().statusCode(403)
                .contentType("application/problem+json");
        Tokens.as("bob").delete(Anno.local(iri)).then().statusCode(403);
        Tokens.as("ines").delete(Anno.local(iri)).then().statusCode(403);
        Tokens.as("dave").contentType(Anno.MEDIA).header("If-Match", etag).body(body).put(Anno.local(iri)).then().statusCode(404);
        Tokens.as("dave").delete(Anno.local(iri)).then().statusCode(404);
        Tokens.as("alice").get(Anno.local(iri)).then().statusCode(200).body("body[0].value", equalTo("alice's"));
    }

    @Test
    void someoneElsesPrivateAnnotationCannotBeChangedAndStaysHidden() {
        String iri = Anno.create("carol", Anno.comment(null, "ruthless regime", "private"));
        Tokens.as("dave").delete(Anno.local(iri)).then().statusCode(404);
        Tokens.as("admin").delete(Anno.local(iri)).then().statusCode(404);
        Tokens.as("carol").get(Anno.local(iri)).then().statusCode(200);
    }

    @Test
    void leavingTheGroupHidesItsAnnotations() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "before"));
        Tokens.as("bob").get(Anno.local(iri)).then().statusCode(200);
        GroupFixtures.leave(g, "bob");
        Tokens.as("bob").get(Anno.local(iri)).then().statusCode(404);
    }

    @Test
    void annotatingInAGroupOneIsNotInIsNotFound() {
        UUID g = GroupFixtures.group("ines", "alice");
        Anno.post("dave", Anno.comment(g, "ruthless regime", "intruder")).then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("group"));
    }

    @Test
    void anArchivedGroupStaysReadableButItsAnnotationsAreFrozen() {
        UUID g = GroupFixtures.group("ines", "alice");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "frozen"));
        String etag = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        GroupFixtures.archive(g);
        Tokens.as("alice").get(Anno.local(iri)).then().statusCode(200);
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag)
                .body(Anno.bytes(Anno.comment(g, "ruthless regime", "thawed"))).put(Anno.local(iri)).then().statusCode(409);
        Anno.post("alice", Anno.reply(iri, "late reply")).then().statusCode(409);
    }

    @Test
    void privateThreadsStayPrivate() {
        String root = Anno.create("carol", Anno.comment(null, "ruthless regime", "thinking"));
        Anno.post("carol", Anno.reply(root, "more thoughts")).then().statusCode(201).body("visibility", equalTo("private"));
        Anno.post("dave", Anno.reply(root, "let me in")).then().statusCode(404);
    }
}
