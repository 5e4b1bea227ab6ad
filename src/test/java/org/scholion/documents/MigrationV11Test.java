package org.scholion.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;

/**
 * Migrations V11 and V12 (issue 18, requirement 4: "Migrations keep every existing annotation anchored to
 * revision 1 of its document"): run on a schema of its own, with a document and an annotation
 * written as V10 left them.
 */
class MigrationV11Test {

    @Test
    void existingDocumentsBecomeRevisionOneAndTheirAnnotationsStayAnchoredThere() throws Exception {
        String schema = "migration_v11_" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestStack.get().postgres.jdbcUrl("scholion");
        Flyway.configure().dataSource(url, "scholion", TestStack.DB_PASSWORD).schemas(schema).locations("filesystem:db/migration")
                .target("10").load().migrate();
        UUID doc = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID anno = UUID.randomUUID();
        String text = "The Red Terror was Lenin's.";
        try (Connection c = DriverManager.getConnection(url, "scholion", TestStack.DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.execute("INSERT INTO document (id, slug, title, body, body_length, sha256) VALUES ('" + doc + "', 'essay', 'Essay', '"
                    + text.replace("'", "''") + "', " + text.length() + ", '" + DocumentService.sha256(text) + "')");
            s.execute("INSERT INTO app_user (id, subject, username, display_name) VALUES ('" + user + "', 's', 'u', 'U')");
            s.execute("INSERT INTO annotation (id, document_id, author_id, visibility, motivation, root_id, start_pos, end_pos, exact,"
                    + " prefix, suffix, body, version, created_at, modified_at) VALUES ('" + anno + "', '" + doc + "', '" + user
                    + "', 'private', 'highlighting', '" + anno + "', 4, 14, 'Red Terror', 'The ', ' was', '{}', 1, now(), now())");
        }
        Flyway.configure().dataSource(url, "scholion", TestStack.DB_PASSWORD).schemas(schema).locations("filesystem:db/migration")
                .target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "scholion", TestStack.DB_PASSWORD); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            try (ResultSet r = s.executeQuery("SELECT d.revision, d.is_public, d.owner_id, r.n, r.format, r.body, r.body_length, r.sha256"
                    + " FROM document d JOIN document_revision r ON r.document_id = d.id WHERE d.id = '" + doc + "'")) {
                assertTrue(r.next());
                assertEquals(1, r.getInt(1));
                assertTrue(r.getBoolean(2), "documents that existed were every reader's: they stay public");
                assertEquals(null, r.getObject(3));
                assertEquals(1, r.getInt(4));
                assertEquals("text", r.getString(5));
                assertEquals(text, r.getString(6));
                assertEquals(text.length(), r.getInt(7));
                assertEquals(DocumentService.sha256(text), r.getString(8));
            }
            try (ResultSet r = s.executeQuery("SELECT revision, anchoring, start_pos, end_pos, exact, weight, checked_revision FROM annotation WHERE id = '"
                    + anno + "'")) {
                assertTrue(r.next());
                assertEquals(1, r.getInt(1));
                assertEquals("exact", r.getString(2));
                assertEquals(4, r.getInt(3));
                assertEquals(14, r.getInt(4));
                assertEquals("Red Terror", r.getString(5));
                assertTrue(r.getInt(6) > 0, "the generated weight is back");
                assertEquals(1, r.getInt(7), "checked against revision 1, the only one");
            }
            // a prefix grown until unique, as third-party W3C clients send them, now fits
            s.executeUpdate("UPDATE annotation SET prefix = '" + "x".repeat(1000) + "' WHERE id = '" + anno + "'");
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
