package org.scholion.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.scholion.devstack.Ports;

/**
 * The whole stack as the run command starts it ({@code org.scholion.devstack.RunLocal}: PostgreSQL,
 * Keycloak, the packaged app jar, each its own process), on free ports and a data directory of its
 * own, so that a test can kill, freeze and restart its parts without touching anyone else's.
 */
public final class LaunchedStack implements AutoCloseable {
    public final Path data;
    public final int pgPort;
    public final int kcPort;
    public final int httpPort;
    public final int managementPort;
    public final Path log;
    private final Process launcher;

    private LaunchedStack(Path data, int pgPort, int kcPort, int httpPort, int managementPort, Path log, Process launcher) {
        this.data = data;
        this.pgPort = pgPort;
        this.kcPort = kcPort;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = log;
        this.launcher = launcher;
    }

    /** Starts the launcher on {@code data} (created if needed) and waits for its banner. */
    public static LaunchedStack start(Path data, Duration timeout) throws IOException, InterruptedException {
        return start(data, timeout, Map.of());
    }

    /** The same, with more of the run command's settings, e.g. SCHOLION_SHARE=true. */
    public static LaunchedStack start(Path data, Duration timeout, Map<String, String> settings) throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("package the app first (mvn verify does)");
        }
        Files.createDirectories(data);
        Path log = data.resolve("stack-" + System.nanoTime() + ".log");
        int pg = Ports.free();
        int kc = Ports.free();
        int http = Ports.free();
        int management = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dscholion.keycloak.home=" + System.getProperty("scholion.keycloak.home", ".scholion/dist/keycloak-26.5.6"),
                "-Dscholion.app.jar=" + jar.toAbsolutePath(), "-Dscholion.stop-with-parent=true",
                "-cp", System.getProperty("java.class.path"), "org.scholion.devstack.RunLocal")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SCHOLION_DATA_DIR", data.toAbsolutePath().toString());
        env.put("SCHOLION_PG_PORT", String.valueOf(pg));
        env.put("SCHOLION_KEYCLOAK_PORT", String.valueOf(kc));
        env.put("SCHOLION_HTTP_PORT", String.valueOf(http));
        env.put("SCHOLION_MANAGEMENT_PORT", String.valueOf(management));
        // the fault suite drives one user with eight writers; WriteRateLimitTest and ReadRateLimitTest test the limits
        env.put("SCHOLION_WRITE_RATE_PER_MINUTE", "0");
        env.put("SCHOLION_READ_RATE_PER_MINUTE", "0");
        env.remove("SCHOLION_PUBLIC_URL");
        env.remove("QUARKUS_PROFILE");
        env.remove("SCHOLION_SHARE");
        env.remove("SCHOLION_KEYCLOAK_ADMIN_PASSWORD");
        env.putAll(settings);
        Process p = pb.start();
        LaunchedStack s = new LaunchedStack(data, pg, kc, http, management, log, p);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!s.logText().contains("Scholion is running")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String tail = s.logText();
                s.close();
                throw new IllegalStateException("the stack did not start (launcher " + (p.isAlive() ? "still starting" : "exited")
                        + "); its log ends with:\n" + tail.substring(Math.max(0, tail.length() - 4000)));
            }
            Thread.sleep(500);
        }
        return s;
    }

    public String appUrl() {
        return "http://localhost:" + httpPort;
    }

    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public String realmUrl() {
        return "http://localhost:" + kcPort + "/realms/scholion";
    }

    /**
     * A demo user's access token from this stack's Keycloak (password = username). Keycloak keeps its
     * data in the same PostgreSQL, so after a database fault it answers 500 until its own pool has
     * replaced the broken connections: that is retried for up to a minute.
     */
    public String token(String username) throws InterruptedException {
        return token(username, username);
    }

    /** A user's access token with the given password (a shared demo's are generated). */
    public String token(String username, String password) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            io.restassured.response.Response r = given().baseUri(realmUrl()).formParam("grant_type", "password")
                    .formParam("client_id", "scholion-cli").formParam("username", username).formParam("password", password)
                    .formParam("scope", "openid").post("/protocol/openid-connect/token");
            if (r.statusCode() == 200 || System.nanoTime() > deadline) {
                return r.then().statusCode(200).extract().path("access_token");
            }
            Thread.sleep(500);
        }
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public ProcessHandle launcher() {
        return launcher.toHandle();
    }

    /** The PostgreSQL postmaster, from its postmaster.pid. */
    public ProcessHandle postmaster() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("data/postgres/postmaster.pid")).get(0).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
    }

    /** The postmaster and every PostgreSQL process under it. */
    public List<ProcessHandle> postgres() throws IOException {
        ProcessHandle pm = postmaster();
        List<ProcessHandle> all = new ArrayList<>(List.of(pm));
        all.addAll(pm.descendants().toList());
        return all;
    }

    /** The backends serving the app's database: their process title ("postgres: scholion scholion 127.0.0.1(…) idle") names it. */
    public List<ProcessHandle> scholionBackends() throws IOException {
        return postmaster().children().filter(h -> title(h).contains("scholion scholion")).toList();
    }

    /** What ps shows for a process: /proc/PID/cmdline, which PostgreSQL rewrites into its process title. */
    static String title(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(h.pid()), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** kc.sh and Keycloak's Java server. */
    public List<ProcessHandle> keycloak() {
        return launcher.descendants().filter(h -> h.info().commandLine().orElse("").contains("keycloak")).toList();
    }

    public Optional<ProcessHandle> app() {
        return launcher.children().filter(h -> h.info().commandLine().orElse("").contains("quarkus-run.jar")).findFirst();
    }

    /** Every process of the stack: launcher, app, Keycloak, PostgreSQL. */
    public List<ProcessHandle> everything() throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(launcher.toHandle());
        all.addAll(launcher.descendants().toList());
        all.addAll(postgres());
        return all;
    }

    /** kill -SIG pid, for signals Java cannot send (STOP, CONT) and for processes that are not our children. */
    public static void signal(String sig, List<ProcessHandle> processes) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
        processes.forEach(h -> cmd.add(String.valueOf(h.pid())));
        new ProcessBuilder(cmd).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return launcher.isAlive();
    }

    /** Ctrl-C's way: SIGTERM to the launcher, which stops the app, Keycloak and PostgreSQL. */
    public int stop() throws InterruptedException {
        launcher.destroy();
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        return launcher.exitValue();
    }

    /** Never leaves anything behind, whatever state the stack is in. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        try {
            all.addAll(everything());
        } catch (IOException | RuntimeException e) {
            all.add(launcher.toHandle());
            all.addAll(launcher.descendants().toList());
        }
        try {
            signal("CONT", all);
            stop();
        } catch (Exception e) {
            // fall through to the hard stop
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
