package org.scholion.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The README's run command ({@code ./mvnw -Prun}): PostgreSQL, Keycloak, then the app, with
 * their data under .scholion/ (kept across restarts and {@code mvn clean}). Ctrl-C (or SIGTERM)
 * stops all three, the app first, letting its requests in flight finish. Killed outright, its
 * {@link Watchdog} stops them. Settings come from environment variables, listed in the README.
 *
 * <p>Everything listens on 127.0.0.1 unless the demo is shared ({@link Sharing}); then the app and
 * Keycloak listen on the network, and Keycloak goes on the network only once the demo users'
 * passwords are no longer their usernames. Keycloak's admin password is made once per data
 * directory ({@link LocalSecrets}).
 */
public final class RunLocal {
    /** Held for the life of this process (a static, so it is never collected and released early). */
    private static java.nio.channels.FileLock dataLock;

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
        int managementPort = intEnv("SCHOLION_MANAGEMENT_PORT", 9000);
        Sharing sharing;
        try {
            sharing = Sharing.of(System.getenv("SCHOLION_SHARE"), System.getenv("SCHOLION_PUBLIC_URL"), httpPort);
        } catch (IllegalArgumentException e) {
            System.err.println("\nCannot start: " + e.getMessage() + "\n");
            System.exit(2);
            return;
        }
        String publicUrl = sharing.publicUrl();
        String secret = env("SCHOLION_OIDC_CLIENT_SECRET", "scholion-demo-secret-change-me-0123456789abcdef");
        Path realm = Path.of("keycloak/scholion-realm.json");

        // one run command per data directory; the lock goes with the process, however it ends
        Path pgData = data.resolve("data/postgres");
        Files.createDirectories(data.resolve("data"));
        FileChannel lockFile = FileChannel.open(data.resolve("data/launcher.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        dataLock = lockFile.tryLock();
        if (dataLock == null) {
            System.err.println("\nCannot start: another ./mvnw -Prun uses " + data + ". Stop it first, or give this one its own"
                    + " SCHOLION_DATA_DIR and ports.\n");
            System.exit(2);
        }
        // what an earlier run left running when it was killed together with its watchdog
        Path pids = data.resolve("data/launcher.pids");
        for (String left : Watchdog.stopLeftovers(pids)) {
            say("Stopped " + left + ", left running by an earlier run");
        }
        Optional<Long> orphan = Postgres.clearStaleLockFile(pgData);
        if (orphan.isPresent()) {
            say("Stopping the PostgreSQL server (pid " + orphan.get() + ") an earlier run left on " + pgData);
            stopOrphan(orphan.get());
        }

        try {
            Ports.requireFree(pgPort, "PostgreSQL", "SCHOLION_PG_PORT");
            Ports.requireFree(kcPort, "Keycloak", "SCHOLION_KEYCLOAK_PORT");
            Ports.requireFree(httpPort, "Scholion", "SCHOLION_HTTP_PORT");
            Ports.requireFree(managementPort, "Scholion's health, metrics and API docs", "SCHOLION_MANAGEMENT_PORT");
        } catch (Ports.PortTakenException e) {
            System.err.println("\nCannot start: " + e.getMessage() + "\n");
            System.exit(2);
        }

        Watchdog watchdog = Watchdog.start(pids);
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(started);
            watchdog.allStopped();
        }, "scholion-stop"));
        if (Boolean.getBoolean("scholion.stop-with-parent")) {
            // ./mvnw -Prun: when Maven is killed, this launcher must not live on alone
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                say("The command that started the stack is gone; stopping it");
                System.exit(143);
            }));
        }

        long t0 = System.nanoTime();
        say("Starting PostgreSQL on port " + pgPort + " (data in " + data.resolve("data/postgres") + ")");
        Postgres pg = Postgres.start(pgData, pgPort);
        started.add(pg);
        pg.postmasterPid().ifPresent(pid -> watchdog.started(pid, "INT", "postgres"));
        pg.ensureDatabase("scholion", "scholion", "scholion");
        boolean newKeycloakStore = pg.ensureDatabase("keycloak", "keycloak", "keycloak");

        // Keycloak creates its admin from these on the first start of an empty store only
        String adminUser = env("SCHOLION_KEYCLOAK_ADMIN", "kcadmin");
        Path adminPasswordFile = data.resolve("data/keycloak-admin-password");
        LocalSecrets.Secret adminPassword = System.getenv("SCHOLION_KEYCLOAK_ADMIN_PASSWORD") == null
                || System.getenv("SCHOLION_KEYCLOAK_ADMIN_PASSWORD").isBlank()
                ? LocalSecrets.readOrCreate(adminPasswordFile, 24)
                : new LocalSecrets.Secret(System.getenv("SCHOLION_KEYCLOAK_ADMIN_PASSWORD"), false);
        LocalSecrets.DemoLogins logins = LocalSecrets.DemoLogins.load(data.resolve("data/demo-logins.properties"),
                RealmAdmin.usernames(realm));
        if (newKeycloakStore) {
            logins.recordApplied(false); // this start imports the realm file, whose passwords are the usernames
        }
        Admin admin = new Admin(adminUser, adminPassword.value(), sharing, logins);
        Path kcLog = data.resolve("logs/keycloak.log");
        Map<String, String> kcEnv = Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", adminUser, "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword.value());
        if (sharing.shared() && !logins.sharedApplied()) {
            // the store has the usernames as passwords: change them while nobody else can reach Keycloak
            say("Starting Keycloak on 127.0.0.1 first, to replace the demo users' passwords before it is shared"
                    + " (log in " + kcLog + "; first start takes ~30 s)");
            try (Keycloak local = Keycloak.start(new Keycloak.Settings(kcHome, kcPort, pg.jdbcUrl("keycloak"), "keycloak",
                    "keycloak", realm, publicUrl, secret, kcLog, kcEnv, Sharing.LOOPBACK, sharing.publicHost()))) {
                local.processes().forEach(h -> watchdog.started(h.pid(), "TERM", "keycloak"));
                admin.prepare(local);
            } catch (Exception e) {
                System.err.println("\nCannot share the demo: " + e.getMessage() + "\n");
                System.exit(2);
            }
        }

        say("Starting Keycloak on " + sharing.bindHost() + ":" + kcPort + " (log in " + kcLog + "; first start takes ~30 s)");
        Keycloak kc = Keycloak.start(new Keycloak.Settings(kcHome, kcPort, pg.jdbcUrl("keycloak"), "keycloak", "keycloak",
                realm, publicUrl, secret, kcLog, kcEnv, sharing.bindHost(), sharing.publicHost()));
        started.add(kc);
        kc.processes().forEach(h -> watchdog.started(h.pid(), "TERM", "keycloak"));
        admin.prepare(kc);

        say("Starting Scholion on " + sharing.bindHost() + ":" + httpPort);
        ProcessBuilder pb = new ProcessBuilder(List.of(javaBin(), "-jar", appJar.toString())).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("SCHOLION_DB_URL", pg.jdbcUrl("scholion"));
        env.put("SCHOLION_DB_USER", "scholion");
        env.put("SCHOLION_DB_PASSWORD", "scholion");
        env.put("SCHOLION_OIDC_URL", kc.realmUrl());
        env.put("SCHOLION_OIDC_CLIENT_SECRET", secret);
        env.put("SCHOLION_PUBLIC_URL", publicUrl);
        env.put("SCHOLION_HTTP_PORT", String.valueOf(httpPort));
        env.put("SCHOLION_HTTP_HOST", sharing.bindHost());
        env.put("SCHOLION_MANAGEMENT_PORT", String.valueOf(managementPort));
        // health, metrics and API docs (unauthenticated) are for this machine, shared or not
        env.put("SCHOLION_MANAGEMENT_HOST", Sharing.LOOPBACK);
        env.putIfAbsent("QUARKUS_PROFILE", "prod,demo");
        Process app = pb.start();
        started.add(() -> stopProcess(app));
        watchdog.started(app.pid(), "TERM", "scholion");

        String management = "http://localhost:" + managementPort;
        if (awaitReady(app, management + "/q/health/ready", Duration.ofSeconds(120))) {
            banner(sharing, management, "http://" + sharing.publicHost() + ":" + kcPort, adminUser, adminPassword,
                    adminPasswordFile, logins, (System.nanoTime() - t0) / 1_000_000_000.0);
            if ("1".equals(System.getenv("SCHOLION_FAKE_LMS")) || "true".equalsIgnoreCase(System.getenv("SCHOLION_FAKE_LMS"))) {
                // README "Try it with the fake LMS": the tests' fake platform, on this machine only, for this Scholion
                int lmsPort = Integer.parseInt(System.getenv().getOrDefault("SCHOLION_FAKE_LMS_PORT", "8390"));
                try {
                    Ports.requireFree(lmsPort, "the fake LMS", "SCHOLION_FAKE_LMS_PORT");
                    org.scholion.devstack.lti.FakePlatform lms = org.scholion.devstack.lti.FakePlatform.start(lmsPort).demo(publicUrl);
                    started.add(lms);
                    say("The fake LMS is at " + lms.issuer() + "/ (README: \"Try it with the fake LMS\")");
                } catch (RuntimeException e) {
                    say("The fake LMS did not start: " + e.getMessage());
                }
            }
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

    /**
     * What the run command does with Keycloak's admin API once Keycloak answers: sign in (replacing
     * the well-known password of installations made before the password was generated), point the
     * app's client at the app's URL, and give the demo users the passwords this mode calls for.
     */
    private record Admin(String user, String password, Sharing sharing, LocalSecrets.DemoLogins logins) {
        /** The bootstrap password every local stack had before it was generated per installation. */
        static final String WELL_KNOWN = "kcadmin";

        void prepare(Keycloak kc) throws IOException, InterruptedException {
            Optional<RealmAdmin> api = RealmAdmin.signIn(kc.baseUrl(), user, password);
            if (api.isEmpty() && !password.equals(WELL_KNOWN)) {
                api = RealmAdmin.signIn(kc.baseUrl(), user, WELL_KNOWN);
                if (api.isPresent()) {
                    api.get().setPassword("master", user, password);
                    say("Keycloak's admin had the well-known password " + WELL_KNOWN + "; it now has the generated one");
                }
            }
            boolean wantShared = sharing.shared();
            if (api.isEmpty()) {
                String why = "Keycloak refuses its admin " + user + " with the password the run command has for it"
                        + " (SCHOLION_KEYCLOAK_ADMIN_PASSWORD, or keycloak-admin-password in the data directory)";
                if (wantShared && !logins.sharedApplied()) {
                    throw new IllegalStateException(why + ", so the demo users' passwords cannot be replaced");
                }
                say("Warning: " + why + "; the app's client in Keycloak is left as it is"
                        + (wantShared == logins.sharedApplied() ? "" : ", and the demo users keep the passwords in " + logins.file()));
                return;
            }
            if (api.get().pointClientAt("scholion", "scholion-web", sharing.publicUrl())) {
                say("Keycloak's client scholion-web now redirects to " + sharing.publicUrl());
            }
            if (wantShared != logins.sharedApplied()) {
                for (Map.Entry<String, String> u : logins.passwords().entrySet()) {
                    api.get().setPassword("scholion", u.getKey(), wantShared ? u.getValue() : u.getKey());
                }
                logins.recordApplied(wantShared);
                say(wantShared ? "The demo users have generated passwords (kept in " + logins.file() + ")"
                        : "The demo users' passwords are their usernames again (the demo is not shared)");
            }
        }
    }

    private static void banner(Sharing sharing, String management, String keycloak, String adminUser, LocalSecrets.Secret adminPassword,
            Path adminPasswordFile, LocalSecrets.DemoLogins logins, double seconds) {
        StringBuilder logs = new StringBuilder();
        if (sharing.shared()) {
            logs.append("  Shared on the network (SCHOLION_SHARE=true). Demo logins, passwords generated for this\n")
                    .append("  installation (also in ").append(logins.file()).append("):\n");
            logins.passwords().forEach((u, pw) -> logs.append(String.format("    %-8s %s%n", u, pw)));
        } else {
            logs.append("""
                      This machine only. Sign in with a demo login (password = username):
                        instructors: ines, ivan      students: alice, bob, carol, dave
                        admin:       admin
                    """);
        }
        String kcAdmin = adminPassword.created()
                ? adminUser + " / " + adminPassword.value() + "  (new; shown only now, kept in " + adminPasswordFile + ")"
                : adminUser + ", password in " + adminPasswordFile;
        System.out.printf("""

                ==================================================================
                  Scholion is running: %s   (ready in %.1f s)
                %s  API docs: %s/swagger-ui     Keycloak: %s
                  Keycloak admin console: %s/admin  as %s
                  Health and metrics: %s/q/health, %s/q/metrics
                  Press Ctrl-C to stop Scholion, Keycloak and PostgreSQL.
                ==================================================================

                """, sharing.publicUrl(), seconds, logs, sharing.publicUrl(), keycloak, keycloak, kcAdmin, management, management);
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

    /** A fast shutdown (SIGINT) of a PostgreSQL server no run command owns any more; SIGKILL after 30 s. */
    private static void stopOrphan(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isPresent()) {
            try {
                h.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.get().destroyForcibly();
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
