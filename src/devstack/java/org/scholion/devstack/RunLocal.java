package org.scholion.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's run command ({@code ./mvnw -Prun}): PostgreSQL, Keycloak, then the app, with
 * their data under .scholion/ (kept across restarts and {@code mvn clean}). Ctrl-C stops all
 * three. Settings come from environment variables, listed in the README.
 */
public final class RunLocal {
    private RunLocal() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("scholion.home", ".scholion")).toAbsolutePath().normalize();
        Path kcHome = Path.of(System.getProperty("scholion.keycloak.home")).toAbsolutePath().normalize();
        Path appJar = Path.of(System.getProperty("scholion.app.jar", "target/quarkus-app/quarkus-run.jar"));
        // data and logs may live apart from the Keycloak distribution (the benchmark uses a throw-away folder)
        Path data = Path.of(env("SCHOLION_DATA_DIR", home.toString())).toAbsolutePath().normalize();
        int pgPort = intEnv("SCHOLION_PG_PORT", 5432);
        int kcPort = intEnv("SCHOLION_KEYCLOAK_PORT", 8180);
        int httpPort = intEnv("SCHOLION_HTTP_PORT", 8080);
        String publicUrl = env("SCHOLION_PUBLIC_URL", "http://localhost:" + httpPort);
        String secret = env("SCHOLION_OIDC_CLIENT_SECRET", "scholion-demo-secret-change-me-0123456789abcdef");
        Path realm = Path.of("keycloak/scholion-realm.json");

        try {
            Ports.requireFree(pgPort, "PostgreSQL", "SCHOLION_PG_PORT");
            Ports.requireFree(kcPort, "Keycloak", "SCHOLION_KEYCLOAK_PORT");
            Ports.requireFree(httpPort, "Scholion", "SCHOLION_HTTP_PORT");
        } catch (Ports.PortTakenException e) {
            System.err.println("\nCannot start: " + e.getMessage() + "\n");
            System.exit(2);
        }

        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "scholion-stop"));

        long t0 = System.nanoTime();
        say("Starting PostgreSQL on port " + pgPort + " (data in " + data.resolve("data/postgres") + ")");
        Postgres pg = Postgres.start(data.resolve("data/postgres"), pgPort);
        started.add(pg);
        pg.ensureDatabase("scholion", "scholion", "scholion");
        pg.ensureDatabase("keycloak", "keycloak", "keycloak");

        say("Starting Keycloak on port " + kcPort + " (log in " + data.resolve("logs/keycloak.log") + "; first start takes ~30 s)");
        Keycloak kc = Keycloak.start(new Keycloak.Settings(kcHome, kcPort, pg.jdbcUrl("keycloak"), "keycloak", "keycloak",
                realm, publicUrl, secret, data.resolve("logs/keycloak.log"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", env("SCHOLION_KEYCLOAK_ADMIN", "kcadmin"),
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", env("SCHOLION_KEYCLOAK_ADMIN_PASSWORD", "kcadmin"))));
        started.add(kc);

        say("Starting Scholion on port " + httpPort);
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin(), "-jar", appJar.toString())).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("SCHOLION_DB_URL", pg.jdbcUrl("scholion"));
        env.put("SCHOLION_DB_USER", "scholion");
        env.put("SCHOLION_DB_PASSWORD", "scholion");
        env.put("SCHOLION_OIDC_URL", kc.realmUrl());
        env.put("SCHOLION_OIDC_CLIENT_SECRET", secret);
        env.put("SCHOLION_PUBLIC_URL", publicUrl);
        env.put("SCHOLION_HTTP_PORT", String.valueOf(httpPort));
        env.putIfAbsent("QUARKUS_PROFILE", "prod,demo");
        Process app = pb.start();
        started.add(() -> stopProcess(app));

        if (awaitReady(app, "http://localhost:" + httpPort + "/q/health/ready", Duration.ofSeconds(120))) {
            banner(publicUrl, kc.realmUrl(), (System.nanoTime() - t0) / 1_000_000_000.0);
        }
        int code = app.waitFor();
        System.exit(code);
    }

    private static boolean awaitReady(Process app, String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (app.isAlive() && System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return true;
                }
            } catch (Exception notYet) {
                // starting
            }
            Thread.sleep(300);
        }
        return false;
    }

    private static void banner(String url, String realmUrl, double seconds) {
        System.out.printf("""

                ==================================================================
                  Scholion is running: %s   (ready in %.1f s)
                  Sign in with a demo login (password = username):
                    instructors: ines, ivan      students: alice, bob, carol, dave
                    admin:       admin
                  API docs: %s/q/swagger-ui     Keycloak: %s
                  Press Ctrl-C to stop Scholion, Keycloak and PostgreSQL.
                ==================================================================

                """, url, seconds, url, realmUrl);
    }

    private static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }
    }

    private static void stopProcess(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
        }
    }

    private static String javaBin() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    private static void say(String s) {
        System.out.println("[scholion] " + s);
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    private static int intEnv(String name, int def) {
        return Integer.parseInt(env(name, String.valueOf(def)));
    }
}
