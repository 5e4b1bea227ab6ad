package org.scholion.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A real PostgreSQL server from the binaries on Maven Central (zonky), no Docker needed. */
public final class Postgres implements AutoCloseable, StackParts.Database {
    private final EmbeddedPostgres pg;

    private Postgres(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    /**
     * @param dataDir where the cluster lives; kept across starts. {@code null} for a throw-away cluster.
     */
    public static Postgres start(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "localhost");
        if (dataDir != null) {
            // zonky favours speed (fsync off); data that must survive a crash needs durability back
            b.setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
        }
        return new Postgres(b.start());
    }

    @Override
    public int port() {
        return pg.getPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the role and the database it owns unless they exist. */
    public void ensureDatabase(String database, String user, String password) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean roleExists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + user + "'")) {
                roleExists = rs.next();
            }
            if (!roleExists) {
                s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
            }
            boolean dbExists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                dbExists = rs.next();
            }
            if (!dbExists) {
                s.execute("CREATE DATABASE " + database + " OWNER " + user + " ENCODING 'UTF8'");
            }
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
