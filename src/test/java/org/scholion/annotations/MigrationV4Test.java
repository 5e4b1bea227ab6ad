package org.scholion.annotations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;

/**
 * Migration V4 converts stored bodies from the W3C array (with Citation sources) to Scholion's own
 * shape, giving every source its id. Run on a schema of its own: migrate to V3, write rows the way
 * the V3 code wrote them, migrate to V4, read them back with {@link StoredBodies}.
 */
class MigrationV4Test {

    @Test
    void existingBodiesAndSourcesSurviveTheConversion() throws Exception {
        String schema = "migration_v4_" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestStack.get().postgres.jdbcUrl("scholion");
        Flyway.configure().dataSource(url, "scholion", TestStack.DB_PASSWORD).schemas(schema).locations("filesystem:db/migration")
                .target("3").load().migrate();
        UUID doc = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID anno = UUID.randomUUID();
        String v3Body = """
                [{"type": "TextualBody", "purpose": "commenting", "value": "It was *Lenin's*.", "format": "text/markdown"},
                 {"type": "TextualBody", "purpose": "assessing", "value": "inaccurate"},
                 {"type": "Citation", "purpose": "citing", "url": "https://doi.org/10.2307/2497452", "title": "The Red Terror",
                  "author": "George Leggett", "published": "1981", "locator": "p. 12"},
                 {"type": "Citation", "purpose": "citing", "title": "The Cheka: Lenin's Political Police", "author": "George Leggett",
                  "published": "1981", "excerpt": "a passage"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "chronology"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "cheka"}]""";
        try (Connection c = DriverManager.getConnection(url, "scholion", TestStack.DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO document (id, slug, title, body, body_length, sha256) VALUES ('" + doc + "', 'm', 'M', 'text', 4, '"
                    + "0".repeat(64) + "')");
            s.execute("INSERT INTO app_user (id, subject, username, display_name) VALUES ('" + user + "', 's', 'u', 'U')");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO annotation (id, document_id, author_id, visibility, motivation,"
                    + " root_id, start_pos, end_pos, exact, body, version, created_at, modified_at)"
                    + " VALUES (?, ?, ?, 'private', 'assessing', ?, 0, 4, 'text', CAST(? AS jsonb), 1, now(), now())")) {
                p.setObject(1, anno);
                p.setObject(2, doc);
                p.setObject(3, user);
                p.setObject(4, anno);
                p.setString(5, v3Body);
                p.executeUpdate();
            }
        }
        Flyway.configure().dataSource(url, "scholion", TestStack.DB_PASSWORD).schemas(schema).locations("filesystem:db/migration")
                .target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "scholion", TestStack.DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            Body body;
            long changeSeq;
            try (ResultSet r = s.executeQuery("SELECT body::text, change_seq FROM annotation WHERE id = '" + anno + "'")) {
                r.next();
                body = StoredBodies.read(r.getString(1));
                changeSeq = r.getLong(2);
            }
            assertNotEquals(0, changeSeq);
            assertEquals(new Body.Comment("It was *Lenin's*.", "text/markdown", null), body.comment());
            assertEquals(Body.Verdict.INACCURATE, body.verdict());
            assertEquals(List.of("chronology", "cheka"), body.tags());
            assertEquals(2, body.sources().size());
            Body.Source linked = body.sources().get(0);
            assertEquals("https://doi.org/10.2307/2497452", linked.iri());
            assertEquals("10.2307/2497452", linked.doi());
            assertEquals(List.of("George Leggett"), linked.authors());
            assertEquals("p. 12", linked.locator());
            Body.Source book = body.sources().get(1);
            // the SQL of V4 and Java name a work without URL the same way
            assertEquals(Body.Source.unlinkedWorkIri("The Cheka: Lenin's Political Police", List.of("George Leggett"), "1981"),
                    book.iri());
            assertNull(book.doi());
            assertEquals("a passage", book.excerpt());
            assertNotNull(linked.id());
            assertNotEquals(linked.id(), book.id());
            // the motivation tagging is allowed now
            s.executeUpdate("UPDATE annotation SET motivation = 'tagging' WHERE id = '" + anno + "'");
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
