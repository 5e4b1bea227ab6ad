package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.Ports;
import org.scholion.devstack.Postgres;

/** Runs the packaged application the way a deployer does and checks how it refuses to start. */
class StartupFailureIT {

    /** Secrets of a real deployment: the runs below fail for another reason than the demo secrets. */
    private static final Map<String, String> OWN_SECRETS = Map.of("SCHOLION_OIDC_CLIENT_SECRET", "an-operators-own-secret-0123456789abcdef",
            "SCHOLION_DB_PASSWORD", "an-operators-own-password");

    private static List<String> runApp(Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(OWN_SECRETS);
        all.putAll(env);
        return runAppWith(all);
    }

    private static List<String> runAppWith(Map<String, String> env) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the app first (mvn verify does)");
        Path out = Files.createTempFile("scholion-startup", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("SCHOLION_STARTUP_WAIT", "3s");
        pb.environment().put("SCHOLION_HTTP_PORT", String.valueOf(Ports.free()));
        pb.environment().put("SCHOLION_MANAGEMENT_PORT", String.valueOf(Ports.free()));
        pb.environment().remove("QUARKUS_PROFILE");
        pb.environment().remove("SCHOLION_OIDC_CLIENT_SECRET");
        pb.environment().remove("SCHOLION_DB_PASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the app gives up within a bounded time");
        assertEquals(1, p.exitValue());
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static void assertNoStackTrace(List<String> lines) {
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")),
                "no stack trace:\n" + String.join("\n", lines));
    }

    @Test
    void aProductionStartWithTheShippedDemoSecretsStopsNamingBoth() throws Exception {
        List<String> lines = runAppWith(Map.of());
        assertTrue(lines.contains("Scholion cannot start: SCHOLION_OIDC_CLIENT_SECRET and SCHOLION_DB_PASSWORD are the demo values"
                + " shipped with Scholion; set your own (see README, Deploying), or run the demo with QUARKUS_PROFILE=prod,demo."),
                String.join("\n", lines));
        assertNoStackTrace(lines);
    }

    @Test
    void oneShippedSecretIsNamedAlone() throws Exception {
        List<String> lines = runAppWith(Map.of("SCHOLION_DB_PASSWORD", "an-operators-own-password"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Scholion cannot start: SCHOLION_OIDC_CLIENT_SECRET is the demo value")),
                String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.contains("SCHOLION_DB_PASSWORD")), String.join("\n", lines));
    }

    @Test
    void theDemoProfileMayRunWithTheShippedSecrets() throws Exception {
        // past the secrets check, the demo stops only because nothing answers at the database URL
        List<String> lines = runAppWith(Map.of("QUARKUS_PROFILE", "prod,demo",
                "SCHOLION_DB_URL", "jdbc:postgresql://localhost:" + Ports.free() + "/scholion"));
        assertFalse(lines.stream().anyMatch(l -> l.contains("demo value")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Scholion cannot start: the database at")), String.join("\n", lines));
    }

    @Test
    void unreachableDatabaseStopsWithOneClearSentence() throws Exception {
        List<String> lines = runApp(Map.of("SCHOLION_DB_URL", "jdbc:postgresql://localhost:" + Ports.free() + "/scholion",
                "SCHOLION_OIDC_URL", "http://localhost:" + Ports.free() + "/realms/scholion"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Scholion cannot start: the database at jdbc:postgresql://localhost:")
                && l.contains("Start PostgreSQL or set SCHOLION_DB_URL.")), String.join("\n", lines));
        assertNoStackTrace(lines);
    }

    @Test
    void unreachableKeycloakStopsWithOneClearSentence() throws Exception {
        List<String> lines;
        // only a database is needed here: a throw-away one, not the shared stack with its Keycloak
        try (Postgres pg = Postgres.start(null, Ports.free())) {
            pg.ensureDatabase("scholion", "scholion", "scholion");
            lines = runApp(Map.of("SCHOLION_DB_URL", pg.jdbcUrl("scholion"),
                    "SCHOLION_OIDC_URL", "http://localhost:" + Ports.free() + "/realms/scholion"));
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Scholion cannot start: Keycloak at http://localhost:")
                && l.contains("Start Keycloak or set SCHOLION_OIDC_URL.")), String.join("\n", lines));
        assertNoStackTrace(lines);
    }
}
