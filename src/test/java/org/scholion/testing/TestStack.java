package org.scholion.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.scholion.devstack.Keycloak;
import org.scholion.devstack.Ports;
import org.scholion.devstack.Postgres;

/**
 * One PostgreSQL and one Keycloak for the whole test run, whatever number of Quarkus test
 * applications start; stopped when the JVM exits.
 */
public final class TestStack {
    public static final String CLIENT_SECRET = "scholion-test-secret-0123456789abcdef0123456789";
    public static final String KC_ADMIN = "kcadmin";
    public static final String KC_ADMIN_PASSWORD = "kcadmin-test-only";

    private static TestStack instance;

    public final Postgres postgres;
    public final Keycloak keycloak;

    private TestStack(Postgres postgres, Keycloak keycloak) {
        this.postgres = postgres;
        this.keycloak = keycloak;
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the test stack: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static TestStack start() throws Exception {
        long t0 = System.nanoTime();
        Postgres pg = Postgres.start(null, Ports.free());
        pg.ensureDatabase("scholion", "scholion", "scholion");
        pg.ensureDatabase("keycloak", "keycloak", "keycloak");
        Path kcHome = Path.of(System.getProperty("scholion.keycloak.home", ".scholion/dist/keycloak-26.5.6"));
        Path log = Path.of("target/keycloak-test.log");
        Files.deleteIfExists(log);
        Keycloak kc = Keycloak.start(new Keycloak.Settings(kcHome, Ports.free(), pg.jdbcUrl("keycloak"), "keycloak", "keycloak",
                Path.of("keycloak/scholion-realm.json"), appUrl(), CLIENT_SECRET, log,
                java.util.Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", KC_ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", KC_ADMIN_PASSWORD)));
        TestStack stack = new TestStack(pg, kc);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kc.close();
            try {
                pg.close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }, "test-stack-stop"));
        System.out.printf("[test-stack] PostgreSQL on %d, Keycloak on %d, ready in %.1f s%n", pg.port(), kc.port(),
                (System.nanoTime() - t0) / 1e9);
        return stack;
    }

    public static String appUrl() {
        String env = System.getenv("SCHOLION_TEST_HTTP_PORT");
        return "http://localhost:" + (env == null || env.isBlank() ? "8081" : env.strip());
    }
}
