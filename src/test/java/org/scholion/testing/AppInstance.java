package org.scholion.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.scholion.devstack.Ports;

/**
 * The packaged application (target/quarkus-app, so only in failsafe ITs, after {@code package})
 * running as its own process against the shared {@link TestStack}: several of them make the
 * "N app instances on one database" of a real deployment.
 */
public final class AppInstance implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private AppInstance(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts an instance on a free port and waits until it serves.
     *
     * @param publicUrl what every instance hands out as its base URL (the load balancer's, in a deployment)
     * @param extraEnv  more settings (environment variables), e.g. to change a limit
     */
    public static AppInstance start(String name, String publicUrl, Map<String, String> extraEnv) throws IOException, InterruptedException {
        return start(name, Ports.free(), publicUrl, extraEnv);
    }

    /** As {@link #start(String, String, Map)}, on a port chosen by the caller. */
    public static AppInstance start(String name, int port, String publicUrl, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the app first (mvn verify does)");
        }
        TestStack stack = TestStack.get();
        Path log = Path.of("target", "instance-" + name + ".log");
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "SCHOLION_HTTP_PORT", String.valueOf(port),
                "SCHOLION_MANAGEMENT_PORT", String.valueOf(Ports.free()),
                "SCHOLION_PUBLIC_URL", publicUrl,
                "SCHOLION_DB_URL", stack.postgres.jdbcUrl("scholion"),
                "SCHOLION_DB_USER", "scholion",
                "SCHOLION_DB_PASSWORD", TestStack.DB_PASSWORD,
                "SCHOLION_OIDC_URL", stack.keycloak.realmUrl(),
                "SCHOLION_OIDC_CLIENT_SECRET", TestStack.CLIENT_SECRET,
                // the ITs drive a few users hard; WriteRateLimitTest, ReadRateLimitTest and RateLimitTwoInstancesIT test the limits
                "SCHOLION_WRITE_RATE_PER_MINUTE", "0",
                "SCHOLION_READ_RATE_PER_MINUTE", "0"));
        env.putAll(extraEnv);
        pb.environment().putAll(env);
        AppInstance app = new AppInstance(pb.start(), port, log);
        app.awaitServing(Duration.ofSeconds(120));
        return app;
    }

    /** The instance's log file (its standard output and error). */
    public Path log() {
        return log;
    }

    public int port() {
        return port;
    }

    /** Asks the instance to stop (SIGTERM) and returns at once, so a test can watch it go. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for a {@link #terminate terminated} instance to exit. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    private void awaitServing(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        // OPTIONS on a container needs no token and answers once the app serves requests
        URI probe = URI.create(url() + "/api/documents/red-terror-essay/annotations/");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("instance did not serve within " + timeout.toSeconds() + " s:\n" + tail());
    }

    /** The end of the instance's log, for failure messages. */
    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
