package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
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
                () -> Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200),
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

    /**
     * Issue 17: an item's ETag counts the writes of that annotation alone. Before, it was the row's
     * number from one instance-wide sequence, and the difference between the ETags of two of one's
     * own writes counted everyone's writes in between.
     */
    @Test
    void anotherUsersWritesBetweenTwoOfMineDoNotShowInMyItemETags() {
        UUID mine = Mod.group("ines", "alice");
        UUID theirs = Mod.group("ivan", "bob", "carol");
        String iri = Mod.create("alice", Mod.comment(mine, "Vladimir Lenin", "first"));
        long first = version(iri, Mod.etag("alice", iri));

        for (int i = 0; i < 5; i++) {
            String other = Mod.create("bob", Mod.comment(theirs, "Vladimir Lenin", "elsewhere " + i));
            Tokens.as("carol").put(Mod.path(other) + "/upvote").then().statusCode(200);
            Mod.moderate("ivan", other, "hidden", "busy work").then().statusCode(200);
        }
        Mod.edit("alice", mine, iri, "second");
        long second = version(iri, Mod.etag("alice", iri));
        String another = Mod.create("alice", Mod.comment(mine, "Vladimir Lenin", "another"));

        assertEquals(1, second - first, "one write of mine, whatever the others wrote meanwhile");
        assertEquals(2, second);
        assertEquals(1, version(another, Mod.etag("alice", another)), "a new annotation starts at 1, whatever was written before");
    }

    /** Everything that changes what a reader is shown of an annotation moves their ETag of it (and its etag). */
    @Test
    void everyChangeOfAnAnnotationMovesTheItemETagOfThoseWhoSeeIt() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        String iri = Mod.create("alice", Mod.withSource(Mod.comment(g, "Vladimir Lenin", "claim"), "https://example.org/s", "S"));
        String source = Mod.get("alice", iri).then().extract().<String>path("body[1].id").substring("urn:uuid:".length());
        Map<String, Runnable> changes = new java.util.LinkedHashMap<>();
        changes.put("an upvote", () -> Tokens.as("carol").put(Mod.path(iri) + "/upvote").then().statusCode(200));
        changes.put("an endorsement", () -> Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200));
        changes.put("its withdrawal", () -> Mod.deciding("ines", iri).delete(Mod.path(iri) + "/endorsement").then().statusCode(204));
        changes.put("a review", () -> SourceReviewTest.review("ines", iri, source, "verified", null).then().statusCode(200));
        changes.put("its withdrawal ", () -> Mod.deciding("ines", iri).delete(Mod.path(iri) + "/sources/" + source + "/review")
                .then().statusCode(204));
        changes.put("a lock", () -> Mod.deciding("ines", iri).put(Mod.path(iri) + "/lock").then().statusCode(200));
        changes.put("an unlock", () -> Mod.deciding("ines", iri).delete(Mod.path(iri) + "/lock").then().statusCode(200));
        changes.put("hiding", () -> Mod.moderate("ines", iri, "hidden", "x").then().statusCode(200));
        changes.put("unhiding", () -> Mod.moderate("ines", iri, "visible", null).then().statusCode(200));
        // last: the edit sends no source back, so there is none to review after it
        changes.put("the author's edit", () -> Mod.edit("alice", g, iri, "claim, edited"));
        for (var change : changes.entrySet()) {
            String alice = Mod.etag("alice", iri);
            String ines = Mod.seen("ines", iri);
            change.getValue().run();
            assertNotEquals(alice, Mod.etag("alice", iri), change.getKey() + " moves the author's ETag");
            assertNotEquals(ines, Mod.seen("ines", iri), change.getKey() + " moves the moderator's ETag");
        }
        // a flag moves the flagger's and the moderators' ETags, and a delete and restore the moderators'
        String bob = Mod.etag("bob", iri);
        String ines = Mod.seen("ines", iri);
        Mod.flag("bob", iri, "spam", null).then().statusCode(201);
        assertNotEquals(bob, Mod.etag("bob", iri));
        assertNotEquals(ines, Mod.seen("ines", iri));
        ines = Mod.seen("ines", iri);
        Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        assertNotEquals(ines, Mod.seen("ines", iri));
        ines = Mod.seen("ines", iri);
        Mod.deciding("ines", iri).post(Mod.path(iri) + "/restore").then().statusCode(200);
        assertNotEquals(ines, Mod.seen("ines", iri));
    }

    /** What a client keeps with each card: the etag in a listing, the queue and a 410 tombstone is the ETag a GET gives. */
    @Test
    void theEtagOfAnAnnotationInAListingTheQueueOrATombstoneIsItsETag() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "claim"));
        Mod.flag("bob", iri, "spam", null).then().statusCode(201);
        for (String user : List.of("alice", "bob", "ines")) {
            Tokens.as(user).accept(Mod.MEDIA).get(Mod.container() + "?group=" + g).then().statusCode(200)
                    .body("first.items[0].etag", equalTo(Mod.etag(user, iri)));
        }
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().statusCode(200)
                .body("items[0].annotation.etag", equalTo(Mod.seen("ines", iri)));
        assertNotEquals(Mod.etag("alice", iri), Mod.etag("ines", iri), "the moderator sees the flag; the author does not");
        Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        Tokens.as("ines").accept(Mod.MEDIA).get(Mod.path(iri)).then().statusCode(410)
                .body("etag", equalTo(Mod.seen("ines", iri)));
    }

    /** The row version an item ETag names: the number after its annotation's id (and a "v"). */
    private static long version(String iri, String etag) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\"" + Mod.id(iri) + "-v?([0-9]+)").matcher(etag);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), etag);
        return Long.parseLong(m.group(1));
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
