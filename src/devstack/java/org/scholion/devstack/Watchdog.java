package org.scholion.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the run command started, written down as it starts it, and a watchdog that stops all of it
 * when the launcher dies without stopping it itself (SIGKILL, the OOM killer): PostgreSQL runs in a
 * session of its own (pg_ctl detaches it), and Keycloak and the app outlive a killed parent, so
 * nothing else would. The watchdog is a shell in its own session (setsid), so a signal to the
 * launcher's process group does not reach it either.
 *
 * <p>The file has one line per process: the signal that stops it well, its pid, when it started
 * (so that a reused pid is never signalled) and what it is.
 */
public final class Watchdog {
    private static final String SCRIPT = """
            launcher=$1; pids=$2
            while kill -0 "$launcher" 2>/dev/null; do sleep 1; done
            [ -s "$pids" ] || exit 0
            echo "[scholion] the run command (pid $launcher) is gone; stopping what it started" >&2
            while read -r sig pid started what; do kill -"$sig" "$pid" 2>/dev/null; done < "$pids"
            i=0
            while [ $i -lt 30 ]; do
              alive=0
              while read -r sig pid started what; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$pids"
              [ $alive = 0 ] && break
              sleep 1; i=$((i+1))
            done
            while read -r sig pid started what; do kill -KILL "$pid" 2>/dev/null; done < "$pids"
            : > "$pids"
            """;

    private final Path pids;

    private Watchdog(Path pids) {
        this.pids = pids;
    }

    /** Starts the watchdog for this JVM; {@code pids} is where the parts are written down. */
    public static Watchdog start(Path pids) throws IOException {
        Files.createDirectories(pids.getParent());
        Files.writeString(pids, "", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
            cmd.add("setsid");
        }
        cmd.addAll(List.of("sh", "-c", SCRIPT, "scholion-watchdog", String.valueOf(ProcessHandle.current().pid()), pids.toString()));
        new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Watchdog(pids);
    }

    /** Writes a started process down, with the signal that stops it cleanly (TERM, or INT for PostgreSQL's fast shutdown). */
    public synchronized void started(long pid, String signal, String what) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        long since = h.flatMap(p -> p.info().startInstant()).map(i -> i.toEpochMilli()).orElse(0L);
        try {
            Files.writeString(pids, signal + " " + pid + " " + since + " " + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + pids + ": " + e.getMessage(), e);
        }
    }

    /** Everything was stopped by the launcher itself: nothing is left for the watchdog. */
    public synchronized void allStopped() {
        try {
            Files.writeString(pids, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("Cannot clear " + pids + ": " + e.getMessage());
        }
    }

    /**
     * Processes an earlier run wrote down that are still the same processes (same pid and start
     * time) — left behind because that run's watchdog was killed too. Stopped here, as its watchdog
     * would have; returns what was stopped.
     */
    public static List<String> stopLeftovers(Path pids) throws IOException, InterruptedException {
        List<String> stopped = new ArrayList<>();
        if (!Files.exists(pids)) {
            return stopped;
        }
        List<ProcessHandle> alive = new ArrayList<>();
        for (String line : Files.readAllLines(pids, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split(" ", 4);
            if (f.length < 4) {
                continue;
            }
            long pid = Long.parseLong(f[1]);
            long since = Long.parseLong(f[2]);
            Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(i -> i.toEpochMilli() == since).orElse(false));
            if (h.isPresent()) {
                new ProcessBuilder("kill", "-" + f[0], String.valueOf(pid)).start().waitFor(5, TimeUnit.SECONDS);
                alive.add(h.get());
                stopped.add(f[3] + " (pid " + pid + ")");
            }
        }
        for (ProcessHandle h : alive) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        Files.writeString(pids, "", StandardCharsets.UTF_8);
        return stopped;
    }
}
