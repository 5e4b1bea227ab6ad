package org.scholion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * The visibility rule has one definition ({@link Visibility}) and two uses: the permission map
 * decides one annotation in Java, the listing queries filter rows in SQL. This test walks the same
 * matrix — viewer (author, member, moderator, non-member, admin, anonymous) × annotation (group,
 * private, deleted, reply to a deleted parent) — through both paths against real rows and asserts
 * that they agree with each other and with the expected table. Moderation (issue 10) adds the
 * annotations a moderator hid or that wait for approval, the reply below a hidden parent, and, in
 * a group that hides peers until one posts, a classmate's annotation, a moderator's, and a bare
 * highlight (which does not count as posting); and a viewer who posted there.
 */
@QuarkusTest
class VisibilityAgreementTest {
    private static final String SLUG = "red-terror-essay";
    private static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;
    @Inject
    AnnotationQueries queries;
    @Inject
    Permissions permissions;

    private final Map<String, UUID> annotations = new LinkedHashMap<>();
    private final Map<String, UserRef> viewers = new LinkedHashMap<>();

    @BeforeEach
    void rows() {
        UUID group = GroupFixtures.group("ines", "alice", "bob", "dave");
        UUID groupNote = create("alice", group, "Vladimir Lenin", "in the group");
        annotations.put("group", groupNote);
        annotations.put("private", create("alice", null, "Vladimir Lenin", "only mine"));
        UUID doomed = create("alice", group, "Vladimir Lenin", "soon gone");
        annotations.put("reply to a deleted parent", reply("bob", doomed, "answer"));
        Tokens.as("alice").delete(path(doomed)).then().statusCode(204);
        annotations.put("deleted", doomed);

        UUID hidden = create("alice", group, "Vladimir Lenin", "to be hidden");
        UUID below = reply("bob", hidden, "a reply that goes with it");
        hide(hidden);
        annotations.put("hidden", hidden);
        annotations.put("reply to a hidden parent", below);

        UUID preModerated = GroupFixtures.group("ines", "alice", "bob", "dave");
        settings(preModerated, "preModeration");
        annotations.put("pending", create("alice", preModerated, "Vladimir Lenin", "waits for approval"));

        UUID peers = GroupFixtures.group("ines", "alice", "bob", "dave");
        settings(peers, "hidePeersUntilPost");
        annotations.put("classmate's, hide peers", create("alice", peers, "Vladimir Lenin", "my own thinking"));
        annotations.put("moderator's, hide peers", create("ines", peers, "Vladimir Lenin", "the prompt"));
        annotations.put("highlight, hide peers", highlight("bob", peers, "Vladimir Lenin"));
        create("dave", peers, "Vladimir Lenin", "dave has posted");

        // a reading's reveal rule (issue 18): two posts of one's own before classmates' show, unless past due
        UUID reveal = GroupFixtures.group("ines", "alice", "bob", "dave");
        assign(reveal, "{\"revealAfter\": 2}");
        annotations.put("classmate's, reveal after 2", create("alice", reveal, "Vladimir Lenin", "my reading"));
        create("dave", reveal, "Vladimir Lenin", "dave's first");
        create("dave", reveal, "Vladimir Lenin", "dave's second");
        create("bob", reveal, "Vladimir Lenin", "bob's only one");
        UUID pastDue = GroupFixtures.group("ines", "alice", "bob", "dave");
        assign(pastDue, "{\"revealAfter\": 2, \"due\": \"2020-01-01T00:00:00Z\"}");
        annotations.put("classmate's, reveal after 2, past due", create("alice", pastDue, "Vladimir Lenin", "after the due date"));

        viewers.put("author", user("alice", Set.of(Roles.STUDENT)));
        viewers.put("member", user("bob", Set.of(Roles.STUDENT)));
        viewers.put("moderator", user("ines", Set.of(Roles.INSTRUCTOR)));
        viewers.put("non-member", user("carol", Set.of(Roles.STUDENT)));
        viewers.put("admin", user("admin", Set.of(Roles.ADMIN)));
        // a caller nobody knows: no row, no group, no role (the API itself answers them 401 first)
        UUID nobody = UUID.randomUUID();
        viewers.put("anonymous", new UserRef(nobody, "anonymous", "anonymous", "anonymous", Set.of()));
        // a member who posted where peers are held back (and is an ordinary member everywhere else)
        viewers.put("poster", user("dave", Set.of(Roles.STUDENT)));
        // issue 22: personal API tokens kept to the first group reach only it — an admin's as well
        UserRef ines = user("ines", Set.of(Roles.INSTRUCTOR));
        viewers.put("moderator's token kept to the first group", new UserRef(ines.id(), "ines", "ines", "ines", ines.roles(),
                new Grant(UUID.randomUUID(), Set.of(Scope.READ), Set.of(group))));
        UserRef admin = user("admin", Set.of(Roles.ADMIN));
        viewers.put("admin's token kept to the first group", new UserRef(admin.id(), "admin", "admin", "admin", admin.roles(),
                new Grant(UUID.randomUUID(), Set.of(Scope.READ), Set.of(group))));
    }

    private static void assign(UUID group, String terms) {
        Tokens.as("ines").contentType("application/json").body(terms).put("/api/groups/" + group + "/readings/" + SLUG)
                .then().statusCode(201);
    }

    @Test
    void theJavaAndTheSqlPathAgreeOnEveryViewerAndAnnotation() {
        // expected READ: Y = may read (a deleted annotation is read as its tombstone). "author" is alice,
        // who wrote every annotation here but the replies (bob's), the moderator's (ines's) and the highlight (bob's).
        //                                  author member moderator non-member admin anonymous poster
        //                                  + the moderator's and the admin's tokens kept to the first group (issue 22)
        Map<String, String> read = Map.ofEntries(
                Map.entry("group",                     "Y Y Y N Y N Y Y N"),
                Map.entry("private",                   "Y N N N N N N N N"),
                Map.entry("deleted",                   "Y Y Y N Y N Y Y N"),
                Map.entry("reply to a deleted parent", "Y Y Y N Y N Y Y N"),
                Map.entry("hidden",                    "Y N Y N Y N N Y N"),
                // the thread below a hidden annotation goes with it; its own author (bob) still reads his reply
                Map.entry("reply to a hidden parent",  "N Y Y N Y N N Y N"),
                Map.entry("pending",                   "Y N Y N Y N N N N"),
                // bob has not posted there (his highlight does not count), dave has
                Map.entry("classmate's, hide peers",   "Y N Y N Y N Y N N"),
                Map.entry("moderator's, hide peers",   "Y Y Y N Y N Y N N"),
                Map.entry("highlight, hide peers",     "Y Y Y N Y N Y N N"),
                // bob posted one of the two, dave both
                Map.entry("classmate's, reveal after 2", "Y N Y N Y N Y N N"),
                Map.entry("classmate's, reveal after 2, past due", "Y Y Y N Y N Y N N"));
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, UUID> a : annotations.entrySet()) {
            String[] expected = read.get(a.getKey()).split(" ");
            int column = 0;
            for (Map.Entry<String, UserRef> v : viewers.entrySet()) {
                boolean java = java(v.getValue(), a.getValue(), Visibility.READ);
                boolean sql = sql(v.getValue(), a.getValue(), Visibility.READ);
                boolean listedJava = java(v.getValue(), a.getValue(), Visibility.LISTED);
                boolean listedSql = sql(v.getValue(), a.getValue(), Visibility.LISTED);
                boolean decided = permissions.may(v.getValue(), Action.READ_ANNOTATION,
                        QuarkusTransaction.requiringNew().call(() -> queries.targetOf(v.getValue(), a.getValue())));
                String cell = a.getKey() + " × " + v.getKey();
                if (java != sql || decided != java) {
                    disagreements.add(cell + ": READ java=" + java + " sql=" + sql + " permission map=" + decided);
                }
                if (listedJava != listedSql) {
                    disagreements.add(cell + ": LISTED java=" + listedJava + " sql=" + listedSql);
                }
                assertEquals(expected[column].equals("Y"), java, cell + " READ");
                assertEquals(java && !a.getKey().equals("deleted"), listedJava, cell + " LISTED leaves out the deleted only");
                column++;
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void everyLeafAgreesOnItsOwn() {
        for (Rule<Target.Annotation> leaf : List.<Rule<Target.Annotation>>of(Visibility.PRIVATE, Visibility.AUTHOR, Visibility.ADMIN, Visibility.MEMBER, Visibility.DELETED,
                Visibility.MODERATOR, Visibility.HIDDEN, Visibility.PENDING, Visibility.CONCEALED_ABOVE, Visibility.BY_MODERATOR,
                Visibility.WAITS_FOR_POST)) {
            for (UserRef v : viewers.values()) {
                for (UUID a : annotations.values()) {
                    assertEquals(java(v, a, leaf), sql(v, a, leaf), leaf + " for " + v.username() + " on " + a);
                }
            }
        }
    }

    private boolean java(UserRef viewer, UUID id, Rule<Target.Annotation> rule) {
        return QuarkusTransaction.requiringNew().call(() -> rule.test(viewer, queries.targetOf(viewer, id)));
    }

    private boolean sql(UserRef viewer, UUID id, Rule<Target.Annotation> rule) {
        String predicate = rule.sql(viewer);
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery("SELECT a.id FROM annotation a WHERE a.id = :id AND " + predicate).setParameter("id", id);
            if (predicate.contains(":viewer")) {
                q.setParameter("viewer", viewer.id());
            }
            return !q.getResultList().isEmpty();
        });
    }

    private static void hide(UUID id) {
        Tokens.as("ines").contentType("application/json").header("If-Match", "*")
                .body(Map.of("state", "hidden", "reason", "for the matrix")).put(path(id) + "/moderation").then().statusCode(200);
    }

    private static void settings(UUID group, String setting) {
        Tokens.as("ines").contentType("application/json").body(Map.of("settings", Map.of(setting, true)))
                .patch("/api/groups/" + group).then().statusCode(200);
    }

    private static UUID highlight(String user, UUID group, String phrase) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "highlighting").put("group", group.toString());
        a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + SLUG)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", phrase).put("suffix", ". Stalin quickly");
        return post(user, a);
    }

    private static UserRef user(String username, Set<String> roles) {
        return new UserRef(GroupFixtures.userId(username), username, username, username, roles);
    }

    private static UUID create(String user, UUID group, String phrase, String comment) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "commenting");
        if (group != null) {
            a.put("group", group.toString());
        }
        a.putArray("body").addObject().put("type", "TextualBody").put("value", comment);
        ObjectNode target = a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + SLUG);
        target.putObject("selector").put("type", "TextQuoteSelector").put("exact", phrase).put("suffix", ". Stalin quickly");
        return post(user, a);
    }

    private static UUID reply(String user, UUID parent, String comment) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "replying").put("target", TestStack.appUrl() + path(parent));
        a.putArray("body").addObject().put("type", "TextualBody").put("value", comment);
        return post(user, a);
    }

    private static UUID post(String user, ObjectNode a) {
        String location = Tokens.as(user).contentType(MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + SLUG + "/annotations/").then().statusCode(201).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static String path(UUID id) {
        return "/api/documents/" + SLUG + "/annotations/" + id;
    }
}
