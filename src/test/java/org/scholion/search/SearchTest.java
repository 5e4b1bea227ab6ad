package org.scholion.search;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.security.UserRef;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** GET /api/search: what it finds, for whom, in what order, and what it refuses. */
@QuarkusTest
class SearchTest {
    @Inject
    SearchService search;
    @Inject
    EntityManager em;

    private static JsonPath find(String user, String query) {
        return Tokens.as(user).get("/api/search?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void findsACommentByAStemmedWordWithTheMatchMarkedInItsSnippet() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String w = Notes.word();
        String iri = Notes.create("alice", Notes.comment(g, "Cheka", "The Cheka executions began in 1918, says " + w + "."));
        // PostgreSQL: websearch_to_tsquery "creates a tsquery value from querytext using an alternative syntax in which
        // simple unformatted text is a valid query"; 'english' stems "execution" and "executions" alike
        JsonPath r = Tokens.as("bob").queryParam("q", w + " execution").get("/api/search").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(1, r.getInt("total"));
        assertEquals(iri, r.getString("items[0].annotation.id"));
        String snippet = r.getString("items[0].snippet");
        List<List<Integer>> hl = r.getList("items[0].highlights");
        assertFalse(hl.isEmpty(), "the matched words are marked");
        List<String> marked = new ArrayList<>();
        for (List<Integer> h : hl) {
            int s = snippet.offsetByCodePoints(0, h.get(0));
            int e = snippet.offsetByCodePoints(0, h.get(1));
            marked.add(snippet.substring(s, e).toLowerCase());
        }
        assertTrue(marked.contains(w) && marked.contains("executions"), "marked: " + marked + " in " + snippet);
        assertFalse(snippet.contains("\uE000") || snippet.contains("<b>"), "the snippet is plain text");
    }

    /**
     * Requirement 1 of issue 21: nothing from a group one is not in, no private annotations of others, no hidden or pending
     * ones except for moderators — in no result, count or snippet.
     */
    @Test
    void findsNothingTheCallerMayNotSeeInAnyResultCountOrSnippet() {
        UUID mine = GroupFixtures.group("ines", "alice", "bob");
        UUID other = GroupFixtures.group("ivan", "carol");
        String w = Notes.word();
        String seen = Notes.create("alice", Notes.comment(mine, "Cheka", w + " visible to the group"));
        Notes.create("carol", Notes.comment(other, "Cheka", w + " otherGroupSecret"));
        Notes.create("carol", Notes.comment(null, "Cheka", w + " carolPrivateSecret"));
        Notes.create("bob", Notes.comment(null, "Cheka", w + " bobsOwnNote"));
        String hidden = Notes.create("alice", Notes.comment(mine, "Cheka", w + " hiddenByModerator"));
        Notes.sql("UPDATE annotation SET moderation = 'hidden', moderation_reason = 'off topic' WHERE id = ?1", Notes.id(hidden));
        String deleted = Notes.create("alice", Notes.comment(mine, "Cheka", w + " deletedSecret"));
        Tokens.as("alice").delete(deleted.substring(TestStack.appUrl().length())).then().statusCode(204);

        String asBob = Tokens.as("bob").get("/api/search?q=" + w + "&limit=100").then().statusCode(200).extract().asString();
        JsonPath bob = JsonPath.from(asBob);
        assertEquals(2, bob.getInt("total"), asBob);
        assertEquals(List.of(true, true), List.of(asBob.contains(seen), asBob.contains("bobsOwnNote")));
        for (String secret : List.of("otherGroupSecret", "carolPrivateSecret", "hiddenByModerator", "deletedSecret", hidden, deleted)) {
            assertFalse(asBob.contains(secret), secret + " leaked to bob: " + asBob);
        }
        // the same through every filter and sort: a filter never opens what the rule closes
        for (String q : List.of("&group=" + other, "&user=carol", "&state=hidden", "&sort=upvotes", "&sort=newest",
                "&hasSources=false", "&document=" + Notes.SLUG)) {
            String answer = Tokens.as("bob").get("/api/search?q=" + w + q).then().statusCode(200).extract().asString();
            for (String secret : List.of("otherGroupSecret", "carolPrivateSecret", "hiddenByModerator", "deletedSecret")) {
                assertFalse(answer.contains(secret), secret + " leaked to bob with " + q + ": " + answer);
            }
        }
        assertEquals(0, find("bob", "q=" + w + "&state=hidden").getInt("total"));
        // the moderator sees the hidden one too, the author her own hidden one; neither sees private notes of others
        String asInes = Tokens.as("ines").get("/api/search?q=" + w).then().statusCode(200).extract().asString();
        assertEquals(2, JsonPath.from(asInes).getInt("total"), asInes);
        assertTrue(asInes.contains("hiddenByModerator") && !asInes.contains("bobsOwnNote") && !asInes.contains("carolPrivateSecret"));
        assertEquals(2, find("alice", "q=" + w).getInt("total"));
        // an admin reads every group, never anyone's private notes
        String asAdmin = Tokens.as("admin").get("/api/search?q=" + w + "&limit=100").then().statusCode(200).extract().asString();
        assertEquals(3, JsonPath.from(asAdmin).getInt("total"), asAdmin);
        assertFalse(asAdmin.contains("PrivateSecret") || asAdmin.contains("bobsOwnNote") || asAdmin.contains("deletedSecret"));
        // dave is in neither group
        assertEquals(0, find("dave", "q=" + w).getInt("total"));
    }

    @Test
    void peersHeldBackUntilOnePostsAreNotFoundEither() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        Notes.sql("UPDATE classroom_group SET hide_peers_until_post = true WHERE id = ?1", g);
        String w = Notes.word();
        Notes.create("alice", Notes.comment(g, "Cheka", w + " peerSecret"));
        assertEquals(0, find("bob", "q=" + w).getInt("total"));
        Notes.create("bob", Notes.comment(g, "Lenin", "my own first post"));
        assertEquals(1, find("bob", "q=" + w).getInt("total"));
    }

    @Test
    void aCursorPagesOnWithoutRepeatsOrGapsWhilePeopleWrite() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String w = Notes.word();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(0, Notes.create("alice", Notes.comment(g, "Cheka", w + " number " + i)));
        }
        JsonPath p1 = find("bob", "q=" + w + "&sort=newest&limit=2");
        assertEquals(written.subList(0, 2), p1.getList("items.annotation.id"));
        String next = p1.getString("next");
        assertTrue(next.startsWith(TestStack.appUrl() + "/api/search?"), next);
        String late = Notes.create("alice", Notes.comment(g, "Cheka", w + " written meanwhile"));
        JsonPath p2 = Tokens.as("bob").get(next.substring(TestStack.appUrl().length())).then().statusCode(200).extract().jsonPath();
        assertEquals(written.subList(2, 4), p2.getList("items.annotation.id"));
        assertEquals(6, p2.getInt("total"), "the count is of now");
        JsonPath p3 = Tokens.as("bob").get(p2.getString("next").substring(TestStack.appUrl().length())).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(written.subList(4, 5), p3.getList("items.annotation.id"));
        assertEquals(null, p3.getString("next"));
        assertEquals(late, find("bob", "q=" + w + "&sort=newest&limit=1").getString("items[0].annotation.id"));
        // relevance pages too: every item once
        List<String> all = new ArrayList<>();
        String url = "/api/search?q=" + w + "&limit=2";
        while (url != null) {
            JsonPath p = Tokens.as("bob").get(url).then().statusCode(200).extract().jsonPath();
            all.addAll(p.getList("items.annotation.id"));
            url = p.getString("next") == null ? null : p.getString("next").substring(TestStack.appUrl().length());
        }
        assertEquals(6, all.size());
        assertEquals(6, all.stream().distinct().count());
    }

    @Test
    void aCursorBelongsToItsSearch() {
        UUID g = GroupFixtures.group("ines", "alice");
        String w = Notes.word();
        Notes.create("alice", Notes.comment(g, "Cheka", w + " one"));
        Notes.create("alice", Notes.comment(g, "Cheka", w + " two"));
        String next = find("alice", "q=" + w + "&limit=1").getString("next");
        String cursor = next.substring(next.indexOf("cursor=") + 7);
        Tokens.as("alice").get("/api/search?q=other&limit=1&cursor=" + cursor).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        Tokens.as("alice").get("/api/search?q=" + w + "&limit=1&cursor=bm90LWEtY3Vyc29y").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void filtersNarrowByTagMotivationVerdictSourcesAuthorAndDate() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String w = Notes.word();
        String tagged = Notes.create("alice", Notes.tag(Notes.comment(g, "Cheka", w + " tagged"), "chronology"));
        String sourced = Notes.create("bob", Notes.cite(Notes.comment(g, "Cheka", w + " sourced"), "https://example.org/figes",
                "A People's Tragedy"));
        var assessing = Notes.on(g, "Cheka", "assessing");
        ((com.fasterxml.jackson.databind.node.ArrayNode) assessing.get("body")).addObject().put("type", "TextualBody")
                .put("purpose", "assessing").put("value", "inaccurate");
        ((com.fasterxml.jackson.databind.node.ArrayNode) assessing.get("body")).addObject().put("type", "TextualBody")
                .put("purpose", "commenting").put("value", w + " assessed");
        Notes.cite(assessing, "https://example.org/pipes", "Russia under the Bolshevik Regime");
        String assessed = Notes.create("alice", assessing);
        assertEquals(List.of(tagged), find("bob", "q=" + w + "&tag=chronology").getList("items.annotation.id"));
        assertEquals(List.of(assessed, sourced), find("bob", "q=" + w + "&hasSources=true&sort=newest").getList("items.annotation.id"));
        assertEquals(List.of(tagged), find("bob", "q=" + w + "&hasSources=false").getList("items.annotation.id"));
        assertEquals(List.of(assessed), find("bob", "q=" + w + "&verdict=inaccurate").getList("items.annotation.id"));
        assertEquals(List.of(assessed), find("bob", "q=" + w + "&motivation=assessing").getList("items.annotation.id"));
        assertEquals(List.of(sourced), find("alice", "q=" + w + "&user=bob").getList("items.annotation.id"));
        assertEquals(List.of(sourced), find("alice", "q=" + w + "&user=" + GroupFixtures.userId("bob")).getList("items.annotation.id"));
        assertEquals(3, find("bob", "q=" + w + "&from=2000-01-01&to=2999-12-31").getInt("total"));
        assertEquals(0, find("bob", "q=" + w + "&to=2000-01-01").getInt("total"));
        // a source's title is searchable
        assertEquals(List.of(sourced), Tokens.as("bob").queryParam("q", w + " tragedy").get("/api/search").then().statusCode(200)
                .extract().jsonPath().getList("items.annotation.id"));
        // no words: the filters alone, newest first
        assertEquals(List.of(assessed, sourced, tagged), find("bob", "group=" + g).getList("items.annotation.id"));
    }

    @Test
    void aQuoteIsFoundByAnyPartOfItAndAnAuthorByName() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String w = Notes.word();
        String iri = Notes.create("alice", Notes.comment(g, "Cheka", w));
        // "heka" is no lexeme of anything: only the trigram match of the quote finds it
        assertTrue(find("bob", "q=heka&group=" + g).getList("items.annotation.id").contains(iri));
        JsonPath byName = find("bob", "q=alic&group=" + g);
        assertTrue(byName.getList("items.annotation.id").contains(iri));
    }

    @Test
    void readingsAreFoundByTheirOwnTextBeforeAnnotations() {
        JsonPath r = find("alice", "q=counterrevolutionaries");
        assertEquals(Notes.SLUG, r.getString("items[0].document.slug"));
        assertEquals(TestStack.appUrl() + "/api/documents/" + Notes.SLUG, r.getString("items[0].document.id"));
        String snippet = r.getString("items[0].snippet");
        List<Integer> h = r.getList("items[0].highlights[0]");
        assertEquals("counterrevolutionaries", snippet.substring(snippet.offsetByCodePoints(0, h.get(0)), snippet.offsetByCodePoints(0, h.get(1))));
        // a filter only annotations have leaves readings out
        assertEquals(0, find("alice", "q=counterrevolutionaries&tag=" + Notes.word()).getInt("total"));
    }

    /**
     * PostgreSQL, websearch_to_tsquery: "this function will never raise syntax errors, which makes it possible to use raw
     * user-supplied input for search". Operators, quotes, unicode and SQL metacharacters are words to it; LIKE's wildcards
     * are taken literally.
     */
    @Test
    void anyWordsAreSafeAndOverlongOnesAreRefusedByName() {
        for (String q : List.of("\"the cheka\" or -lenin", "'; DROP TABLE annotation; --", "%_\\", "Дзержинский 🙂", "a & b | !c",
                "\u0000x", ":viewer", "?", "x".repeat(500))) {
            RestAssured.given().spec(Tokens.as("bob")).queryParam("q", q).get("/api/search").then()
                    .statusCode(q.contains("\u0000") ? 400 : 200);
        }
        Tokens.as("bob").queryParam("q", "x".repeat(10_240)).get("/api/search").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", containsString("q"));
        Tokens.as("bob").get("/api/search?limit=0").then().statusCode(400).body("errors[0].field", containsString("limit"));
        Tokens.as("bob").get("/api/search?from=2026-13-45").then().statusCode(400).body("errors[0].field", equalTo("from"));
        Tokens.as("bob").get("/api/search?sort=rank").then().statusCode(400);
        assertTrue(GroupFixtures.count("SELECT count(*) FROM annotation") >= 0, "the table is still there");
        String w = Notes.word();
        UUID g = GroupFixtures.group("ines", "alice");
        Notes.create("alice", Notes.comment(g, "Cheka", w + " 100% sure"));
        assertEquals(0, Tokens.as("alice").queryParam("q", w.substring(0, 4) + "%").get("/api/search").then().statusCode(200)
                .extract().jsonPath().getInt("total"), "% is no wildcard");
        RestAssured.given().get("/api/search?q=x").then().statusCode(401);
    }

    /**
     * No accidental full scans: on a table of a realistic size (20,000 annotations, written and analysed in a transaction
     * that is rolled back), PostgreSQL matches the words through the indexes of migration V16 — the GIN index of the
     * vector, and for words of three characters or more the trigram index of the quote and the author index — in one
     * BitmapOr, never by reading every annotation.
     */
    @Test
    void theWordsAreMatchedThroughTheirIndexes() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        UserRef bob = new UserRef(GroupFixtures.userId("bob"), "bob-subject", "bob", "Bob", java.util.Set.of());
        // the app's transactions end after 5 s and its connections give up reading after 3 s (socketTimeout); writing a
        // class of 20,000 annotations with their generated columns and indexes takes longer, so this one waits a minute
        QuarkusTransaction.begin(QuarkusTransaction.beginOptions().timeout(120));
        int socketTimeout = em.unwrap(org.hibernate.Session.class).doReturningWork(c -> c.getNetworkTimeout());
        em.unwrap(org.hibernate.Session.class).doWork(c -> c.setNetworkTimeout(Runnable::run, 60_000));
        try {
            em.createNativeQuery("SET LOCAL statement_timeout = '60s'").executeUpdate();
            // a class: 200 authors
            em.createNativeQuery("""
                    INSERT INTO app_user (id, subject, username, display_name, first_seen_at, last_seen_at)
                    SELECT gen_random_uuid(), 'plan-' || i || '-' || gen_random_uuid(), 'student' || i || '-' || gen_random_uuid(),
                        'Student ' || i, now(), now() FROM generate_series(1, 200) i""").executeUpdate();
            em.createNativeQuery("""
                    INSERT INTO annotation (id, document_id, author_id, group_id, visibility, motivation, root_id, start_pos, end_pos,
                        exact, body, version, created_at, modified_at, revision, checked_revision)
                    SELECT s.u, d.id, s.authors[1 + s.i % 200], :g, 'group', 'commenting', s.u, 0, 5, 'passage ' || (s.i % 97),
                        jsonb_build_object('comment', jsonb_build_object('text', 'note ' || s.i || ' on '
                            || (ARRAY['stalin', 'lenin', 'cheka', 'terror', 'purges', 'famine', 'kulaks', 'gulag'])[1 + s.i % 8]
                            || ' ' || md5(s.i::text), 'format', 'text/plain')),
                        1, now() - s.i * interval '1 minute', now(), d.revision, d.revision
                      FROM (SELECT gen_random_uuid() AS u, i, ARRAY(SELECT id FROM app_user WHERE subject LIKE 'plan-%') AS authors
                              FROM generate_series(1, 20000) i) s
                      JOIN document d ON d.slug = 'red-terror-essay'""")
                    .setParameter("g", g).executeUpdate();
            em.createNativeQuery("ANALYZE annotation").executeUpdate();
            for (String words : List.of("cheka executions", "\"red terror\" -stalin", "ab")) {
                SearchQuery q = new SearchQuery(words, null, null, null, null, null, null, null, null, null, null, null,
                        SearchQuery.Sort.RELEVANCE, 20, null);
                String text = String.join("\n", search.explain(bob, q));
                assertTrue(text.contains("Bitmap Index Scan on annotation_search_idx"), text);
                assertFalse(text.contains("Seq Scan on annotation a"), text);
                if (words.length() >= SearchService.MIN_SUBSTRING) {
                    assertTrue(text.contains("Bitmap Index Scan on annotation_exact_trgm_idx"), text);
                }
            }
        } finally {
            em.unwrap(org.hibernate.Session.class).doWork(c -> c.setNetworkTimeout(Runnable::run, socketTimeout));
            QuarkusTransaction.rollback();
        }
    }
}
