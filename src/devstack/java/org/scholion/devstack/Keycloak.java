package org.scholion.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak from its official server distribution (org.keycloak:keycloak-quarkus-dist), started
 * with kc.sh in dev mode, storing its data in PostgreSQL and importing the scholion realm.
 */
public final class Keycloak implements AutoCloseable, StackParts.IdentityProvider {
    /**
     * @param bindHost   the interface Keycloak listens on (its own default is every interface, so it is always given)
     * @param publicHost the host browsers reach it at, which goes into the URLs it hands out
     */
    public record Settings(Path home, int port, String dbUrl, String dbUser, String dbPassword, Path realmFile,
            String appPublicUrl, String clientSecret, Path logFile, Map<String, String> extraEnv, String bindHost,
            String publicHost) {
        /** This machine only: listening on 127.0.0.1, reached as localhost. */
        public Settings(Path home, int port, String dbUrl, String dbUser, String dbPassword, Path realmFile,
                String appPublicUrl, String clientSecret, Path logFile, Map<String, String> extraEnv) {
            this(home, port, dbUrl, dbUser, dbPassword, realmFile, appPublicUrl, clientSecret, logFile, extraEnv,
                    Sharing.LOOPBACK, "localhost");
        }
    }

    private final Process process;
    private final int port;

    private Keycloak(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Keycloak start(Settings s) throws IOException, InterruptedException {
        Path kcSh = s.home().resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("Keycloak is not unpacked at " + s.home()
                    + ": run ./mvnw process-test-resources (the build unpacks org.keycloak:keycloak-quarkus-dist)");
        }
        kcSh.toFile().setExecutable(true);
        Path importDir = s.home().resolve("data/import");
        Files.createDirectories(importDir);
        Files.copy(s.realmFile(), importDir.resolve("scholion-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(s.logFile().getParent());

        List<String> cmd = new ArrayList<>(List.of(kcSh.toString(), "start-dev",
                "--http-host=" + s.bindHost(),
                "--http-port=" + s.port(),
                "--hostname=http://" + s.publicHost() + ":" + s.port(),
                "--hostname-backchannel-dynamic=true",
                "--import-realm",
                "--db=postgres", "--db-url=" + s.dbUrl(), "--db-username=" + s.dbUser(), "--db-password=" + s.dbPassword()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(s.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(s.logFile().toFile()));
        Map<String, String> env = pb.environment();
        env.put("SCHOLION_PUBLIC_URL", s.appPublicUrl());
        env.put("SCHOLION_OIDC_CLIENT_SECRET", s.clientSecret());
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        env.putAll(s.extraEnv());
        Keycloak kc = new Keycloak(pb.start(), s.port());
        kc.awaitRealm(Duration.ofSeconds(240), s.logFile());
        return kc;
    }

    /** kc.sh and the Java server it runs (a child, which kc.sh forwards TERM to). */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        return all;
    }

    /** The scholion realm as this machine reaches it (the back channel: the app, the run command). */
    @Override
    public String realmUrl() {
        return baseUrl() + "/realms/scholion";
    }

    /** Keycloak's root as this machine reaches it, e.g. http://localhost:8180. */
    public String baseUrl() {
        return "http://localhost:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    private void awaitRealm(Duration timeout, Path log) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(realmUrl() + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; its log "
                        + log + " ends with:\n" + tail(log, 30));
            }
            try {
                if (http.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak did not serve the scholion realm within " + timeout.toSeconds()
                + " s; its log " + log + " ends with:\n" + tail(log, 30));
    }

    static String tail(Path file, int lines) throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** kc.sh forwards TERM to its java child; anything left after 30 s is killed. */
    @Override
    public void close() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle h : family) {
                h.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            family.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
