package org.scholion.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/** A real PostgreSQL server from the binaries on Maven Central (zonky), no Docker needed. */
public final class Postgres implements AutoCloseable, StackParts.Database {
    private final EmbeddedPostgres pg;
    private final Path dataDir;

    private Postgres(EmbeddedPostgres pg, Path dataDir) {
        this.pg = pg;
        this.dataDir = dataDir;
    }

    /**
     * @param dataDir where the cluster lives; kept across starts. {@code null} for a throw-away cluster.
     */
    public static Postgres start(Path dataDir, int port) throws IOException {
        if (dataDir != null) {
            clearStaleLockFile(dataDir);
        }
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // this machine only, IPv4 (the app and Keycloak connect to 127.0.0.1, see jdbcUrl)
                .setServerConfig("listen_addresses", Sharing.LOOPBACK);
        if (dataDir != null) {
            // zonky favours speed (fsync off); data that must survive a crash needs durability back
            b.setDataDirectory(dataDir).setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
        }
        EmbeddedPostgres started = b.start();
        return new Postgres(started, dataDir);
    }

    /**
     * A postmaster.pid left by a server that no longer runs (a killed machine, a crash) names a pid
     * that may now belong to any process; PostgreSQL then refuses to start ("lock file … already
     * exists") when that pid is alive. If the pid is not a PostgreSQL server on this data directory,
     * the file is stale and is removed. A live server on this directory is left alone (the caller
     * decides: the run command stops it only when no other run command holds the directory).
     *
     * @return the pid of a live PostgreSQL server on this directory, if there is one
     */
    public static Optional<Long> clearStaleLockFile(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        Optional<Long> pid = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst()
                .map(String::strip).filter(l -> l.matches("\\d+")).map(Long::parseLong);
        Optional<Long> live = pid.filter(p -> ProcessHandle.of(p).filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().commandLine()).filter(c -> c.contains("postgres") && c.contains(dataDir.toString()))
                .isPresent());
        if (live.isEmpty()) {
            Files.delete(pidFile);
        }
        return live;
    }

    /** The postmaster's pid (first line of postmaster.pid); empty for a throw-away cluster's unknown directory. */
    public Optional<Long> postmasterPid() {
        Path dir = dataDir;
        if (dir == null) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(dir.resolve("postmaster.pid"), StandardCharsets.UTF_8).stream().findFirst()
                    .map(String::strip).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int port() {
        return pg.getPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Sharing.LOOPBACK + ":" + port() + "/" + database;
    }

    /**
     * Creates the role and the database it owns unless they exist.
     *
     * @return whether the database was created now (it was empty)
     */
    public boolean ensureDatabase(String database, String user, String password) throws SQLException {
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
            return !dbExists;
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
