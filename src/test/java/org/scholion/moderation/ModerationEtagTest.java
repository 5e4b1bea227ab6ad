package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Validators move exactly for the viewers whose view changed. Flags are seen by their flagger
 * (flaggedByMe) and the moderators (flagCount), so a flag moves their ETags and no classmate's;
 * hiding, upvotes and endorsements change what every reader of the annotation sees.
 */
@QuarkusTest
class ModerationEtagTest {

    @Test
    void aFlagMovesTheFlaggersAndTheModeratorsValidatorsButNoClassmates() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        String page = Mod.container() + "?group=" + g;
        String bob = container("bob", page);
        String carol = container("carol", page);
        String ines = container("ines", page);
        String alice = container("alice", page);
        String carolsAnnotation = Mod.etag("carol", iri);
        String bobsAnnotation = Mod.etag("bob", iri);

        Mod.flag("bob", iri, "misinformation", null).then().statusCode(201);

        unchanged("carol", page, carol);
        unchanged("alice", page, alice);
        changed("bob", page, bob);
        changed("ines", page, ines);
        assertEquals(carolsAnnotation, Mod.etag("carol", iri), "carol's view of the annotation did not change");
        assertNotEquals(bobsAnnotation, Mod.etag("bob", iri), "bob's did: flaggedByMe");
        Mod.get("bob", iri).then().body("flaggedByMe", equalTo(true));
        Mod.get("carol", iri).then().body("flaggedByMe", equalTo(false));
        Tokens.as("ines").accept(Mod.MEDIA).get(page).then().body("first.items[0].flagCount", equalTo(1));

        // the moderator dismisses the flag: the flagger's and the moderator's views change again, carol's not
        bob = container("bob", page);
        ines = container("ines", page);
        carol = container("carol", page);
        Mod.moderate("ines", iri, "visible", "fine").then().statusCode(200);
        changed("bob", page, bob);
        changed("ines", page, ines);
        unchanged("carol", page, carol);
        Mod.get("bob", iri).then().body("flaggedByMe", equalTo(false));
    }

    @Test
    void hidingUpvotingAndEndorsingMoveEveryReadersValidatorAndNoOtherGroups() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        UUID other = Mod.group("ivan", "carol");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        Mod.create("carol", Mod.comment(other, "Vladimir Lenin", "elsewhere"));
        String page = Mod.container() + "?group=" + g;
        String otherPage = Mod.container() + "?group=" + other;

        for (Runnable change : List.<Runnable>of(
                () -> Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200),
                () -> Tokens.as("ines").put(Mod.path(iri) + "/endorsement").then().statusCode(200),
                () -> Mod.moderate("ines", iri, "hidden", "x").then().statusCode(200),
                () -> Mod.moderate("ines", iri, "visible", null).then().statusCode(200))) {
            String carol = container("carol", page);
            String carolElsewhere = container("carol", otherPage);
            String ines = container("ines", page);
            change.run();
            changed("carol", page, carol);
            changed("ines", page, ines);
            unchanged("carol", otherPage, carolElsewhere);
        }
    }

    @Test
    void theContainerSortsByUpvotes() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        String first = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "first"));
        String second = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "second"));
        String third = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "third"));
        Tokens.as("bob").put(Mod.path(third) + "/upvote").then().statusCode(200);
        Tokens.as("carol").put(Mod.path(third) + "/upvote").then().statusCode(200);
        Tokens.as("bob").put(Mod.path(second) + "/upvote").then().statusCode(200);
        Tokens.as("carol").accept(Mod.MEDIA).get(Mod.container() + "?group=" + g + "&sort=upvotes").then().statusCode(200)
                .body("first.items.id", equalTo(List.of(third, second, first)))
                .body("first.items.upvotes", equalTo(List.of(2, 1, 0)))
                .body("first.items.upvotedByMe", equalTo(List.of(true, false, false)))
                .body("id", equalTo(org.scholion.testing.TestStack.appUrl() + Mod.container() + "?group=" + g + "&sort=upvotes"));
        Tokens.as("carol").accept(Mod.MEDIA).get(Mod.container() + "?group=" + g).then()
                .body("first.items.id", equalTo(List.of(first, second, third)));
    }

    private static String container(String user, String page) {
        return Tokens.as(user).accept(Mod.MEDIA).get(page).then().statusCode(200).extract().header("ETag");
    }

    private static void unchanged(String user, String page, String etag) {
        Tokens.as(user).accept(Mod.MEDIA).header("If-None-Match", etag).get(page).then().statusCode(304);
    }

    private static void changed(String user, String page, String etag) {
        Tokens.as(user).accept(Mod.MEDIA).header("If-None-Match", etag).get(page).then().statusCode(200);
    }
}
