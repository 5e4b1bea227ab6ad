package org.scholion.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.scholion.devstack.Keycloak;
import org.scholion.devstack.Ports;
import org.scholion.devstack.Postgres;
import org.scholion.devstack.StackParts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * One PostgreSQL and one Keycloak for the whole test run, whatever number of Quarkus test
 * applications start; stopped when the JVM exits.
 */
public final class TestStack {
    public static final String CLIENT_SECRET = "scholion-test-secret-0123456789abcdef0123456789";
    /** Not the demo's: an app started in the prod profile refuses the shipped demo password. */
    public static final String DB_PASSWORD = "scholion-test-db-password";
    public static final String KC_ADMIN = "kcadmin";
    public static final String KC_ADMIN_PASSWORD = "kcadmin-test-only";

    private static TestStack instance;

    public final StackParts.Database postgres;
    public final StackParts.IdentityProvider keycloak;

    private TestStack(StackParts.Database postgres, StackParts.IdentityProvider keycloak) {
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

    /**
     * SCHOLION_TEST_STACK: {@code embedded} (real binaries from Maven Central, no Docker),
     * {@code containers} (Testcontainers), or {@code auto} (default: containers when Docker
     * answers, else embedded; if containers fail to start, embedded after all).
     */
    private static TestStack start() throws Exception {
        long t0 = System.nanoTime();
        String mode = Optional.ofNullable(System.getenv("SCHOLION_TEST_STACK")).orElse("auto");
        TestStack stack = null;
        if (mode.equals("containers") || (mode.equals("auto") && ContainerStack.dockerUsable())) {
            try {
                ContainerStack.Started c = ContainerStack.start(appUrl(), CLIENT_SECRET);
                stopOnExit(c.stop());
                stack = new TestStack(c.database(), c.keycloak());
                System.out.println("[test-stack] containers (Testcontainers)");
            } catch (RuntimeException e) {
                if (mode.equals("containers")) {
                    throw e;
                }
                System.out.println("[test-stack] containers did not start (" + e.getMessage() + "); using the embedded stack");
            }
        }
        if (stack == null) {
            stack = startEmbedded();
        }
        System.out.printf("[test-stack] PostgreSQL on %d, Keycloak on %d, ready in %.1f s%n", stack.postgres.port(),
                stack.keycloak.port(), (System.nanoTime() - t0) / 1e9);
        return stack;
    }

    private static TestStack startEmbedded() throws Exception {
        Postgres pg = Postgres.start(null, Ports.free());
        stopOnExit(pg);
        pg.ensureDatabase("scholion", "scholion", DB_PASSWORD);
        pg.ensureDatabase("keycloak", "keycloak", "keycloak");
        Path kcHome = Path.of(System.getProperty("scholion.keycloak.home", ".scholion/dist/keycloak-26.5.6"));
        Path log = Path.of("target/keycloak-test.log");
        Files.deleteIfExists(log);
        Keycloak kc = Keycloak.start(new Keycloak.Settings(kcHome, Ports.free(), pg.jdbcUrl("keycloak"), "keycloak", "keycloak",
                Path.of("keycloak/scholion-realm.json"), appUrl(), CLIENT_SECRET, log,
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", KC_ADMIN, "KC_BOOTSTRAP_ADMIN_PASSWORD", KC_ADMIN_PASSWORD)));
        stopOnExit(kc);
        System.out.println("[test-stack] embedded (zonky PostgreSQL, Keycloak distribution)");
        return new TestStack(pg, kc);
    }

    /** Stopped in reverse order of start when the JVM exits. */
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();

    private static synchronized void stopOnExit(AutoCloseable c) {
        if (STARTED.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                while (!STARTED.isEmpty()) {
                    try {
                        STARTED.pop().close();
                    } catch (Exception ignored) {
                        // the JVM is exiting
                    }
                }
            }, "test-stack-stop"));
        }
        STARTED.push(c);
    }

    public static String appUrl() {
        String env = System.getenv("SCHOLION_TEST_HTTP_PORT");
        return "http://localhost:" + (env == null || env.isBlank() ? "8081" : env.strip());
    }
}
