// The classroom mix (issue 20): a class of students, each with their own account, arrives at a reading
// (the container page of 100, then a live socket on the essay), polls the page with If-None-Match, and
// some of them write at a steady overall rate, with the write rate limit on as deployed. Steps of class
// size; the largest that keeps every request type's p99 under the limit with no error is the answer.
// Then a bad-input phase: the same mix twice, once plain and once beside one user flooding malformed and
// oversized requests. JDK only, run as a source file: java bench/classroom/ClassroomBench.java
// (bench/classroom/run.sh does it). Settings come from the environment (see run.sh). Loopback only.
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ClassroomBench {
    static final String SLUG = "red-terror-essay";
    static final String ACCEPT = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final String MARK = "classroom ";

    // settings (environment; run.sh passes them)
    static final String BASE = env("BASE", "http://localhost:8300");
    static final String KC = env("KC", "http://localhost:8301/realms/scholion");
    static final String GROUP = env("GROUP", "00000000-0000-4000-8000-000000000101");
    static final String JOIN_CODE = env("JOIN_CODE", "");
    static final String PREFIX = env("STUDENT_PREFIX", "student");
    static final String FLOODER = env("FLOOD_USER", "flooder");
    static final long APP_PID = Long.parseLong(env("APP_PID", "0"));
    static final List<Integer> CLASSES = parseList(env("CLASS", "100,200,300,400,600"));
    static final int DURATION = Integer.parseInt(env("DURATION", "30"));
    static final int ARRIVAL = Integer.parseInt(env("ARRIVAL", "10"));
    static final int POLL = Integer.parseInt(env("POLL", "5"));
    static final double WRITE_EVERY = Double.parseDouble(env("WRITE_EVERY", "120"));
    static final double WRITE_RATE = Double.parseDouble(env("WRITE_RATE", "0"));
    static final int WARMUP_CLASS = Integer.parseInt(env("WARMUP_CLASS", "100"));
    static final int WARMUP = Integer.parseInt(env("WARMUP", "20"));
    static final double P99_LIMIT = Double.parseDouble(env("P99_LIMIT_MS", "250"));
    static final boolean ALL_STEPS = "1".equals(env("ALL_STEPS", "0"));
    static final String BAD_SIZE = env("BAD_SIZE", "");
    static final int FLOOD_CONNS = Integer.parseInt(env("FLOOD_CONNS", "4"));
    static final int BAD_ROUNDS = Integer.parseInt(env("BAD_ROUNDS", "1"));
    static final String REPORT = env("REPORT", "target/bench-classroom/report.md");

    static final String DOC = BASE + "/api/documents/" + SLUG;
    static final String CONTAINER = DOC + "/annotations/";
    static final String PAGE = CONTAINER + "?page=0&pageSize=100";
    static final String LIVE = BASE.replaceFirst("^http", "ws") + "/api/documents/" + SLUG + "/live?group=" + GROUP;

    static final List<HttpClient> http = new ArrayList<>();
    static final List<HttpClient> wsClients = new ArrayList<>();
    static final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("timer"));

    static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v.strip();
    }

    static List<Integer> parseList(String s) {
        List<Integer> l = new ArrayList<>();
        for (String p : s.split("[,\\s]+")) {
            if (!p.isBlank()) {
                l.add(Integer.parseInt(p));
            }
        }
        return l;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public static void main(String[] args) throws Exception {
        String host = URI.create(BASE).getHost();
        if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
            throw new IllegalArgumentException("the benchmark only talks to this machine");
        }
        // a bounded pool behind each client: Java 17 has no virtual threads, and the JDK client is asynchronous.
        // HTTP/1.1, each request on a connection of its own from the client's pool, as students' browsers
        // reach a server over plain http (browsers speak HTTP/2 only over TLS, each on its own connection).
        // The JDK client's default, HTTP/2 by h2c upgrade, multiplexed a quarter of the class over one
        // connection, and Vert.x serialises the requests of one HTTP/2 connection on its monitor: the
        // class-600 stall of 3 Dec 2026 (JFR: 141 s of monitor waits on Http2ServerConnection in 38 s).
        for (int i = 0; i < 4; i++) {
            http.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(2, daemon("http" + i)))
                    .connectTimeout(Duration.ofSeconds(10)).build());
            wsClients.add(HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2, daemon("ws" + i)))
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
        int max = Collections.max(CLASSES);
        List<Student> students = new ArrayList<>();
        for (int i = 1; i <= Math.max(max, WARMUP_CLASS); i++) {
            students.add(new Student(String.format("%s%04d", PREFIX, i), i));
        }
        Student flooder = new Student(FLOODER, 0);

        long t0 = System.nanoTime();
        List<Student> everyone = new ArrayList<>(students);
        everyone.add(flooder);
        parallel(everyone, 6, s -> {
            s.signIn();
            s.join();
        });
        System.out.printf("setup: %d students and the flooder signed in and joined the group in %.1f s%n", students.size(),
                (System.nanoTime() - t0) / 1e9);

        List<Step> steps = new ArrayList<>();
        Step warm = new Step("warm-up", Math.min(WARMUP_CLASS, students.size()), WARMUP, false);
        warm.run(students, flooder);
        System.out.println("warm-up done (not reported)");

        Integer largest = null;
        for (int n : CLASSES) {
            Step s = new Step("class " + n, n, DURATION, false);
            s.run(students, flooder);
            steps.add(s);
            System.out.println(s.summary());
            if (s.passed()) {
                if (largest == null || n > largest) {
                    largest = n;
                }
            } else if (!ALL_STEPS) {
                System.out.println("step failed: larger classes are not tried (ALL_STEPS=1 tries them)");
                break;
            }
        }
        int badSize = !BAD_SIZE.isEmpty() ? Integer.parseInt(BAD_SIZE) : largest != null ? largest : CLASSES.get(0);
        // plain, flooded; with BAD_ROUNDS=2 then flooded, plain (ABBA), so that a drift of the machine's speed cancels out
        List<Step> plains = new ArrayList<>();
        List<Step> floods = new ArrayList<>();
        for (int r = 0; r < BAD_ROUNDS; r++) {
            for (int half = 0; half < 2; half++) {
                boolean flooded = (half == 1) == (r % 2 == 0);
                Step s = new Step("bad input " + (r + 1) + ": " + (flooded ? "flooded" : "plain") + ", class " + badSize, badSize, DURATION, flooded);
                s.run(students, flooder);
                System.out.println(s.summary());
                (flooded ? floods : plains).add(s);
            }
        }

        String report = report(steps, largest, plains, floods);
        Path out = Path.of(REPORT);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println(report);
        System.exit(0);
    }

    interface Work {
        void run(Student s) throws Exception;
    }

    static void parallel(List<Student> list, int threads, Work w) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("setup"));
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (Student s : list) {
            fs.add(pool.submit(() -> {
                w.run(s);
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : fs) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    // ---------------------------------------------------------------- a student: an account and a token

    static final class Student {
        final String name;
        final int index;
        volatile String access;
        volatile String refresh;

        Student(String name, int index) {
            this.name = name;
            this.index = index;
        }

        HttpClient client() {
            return http.get(index % http.size());
        }

        void signIn() throws Exception {
            token("grant_type=password&client_id=scholion-cli&username=" + enc(name) + "&password=" + enc(name));
        }

        /** A fresh access token before each step (they live 300 s); the refresh grant hashes no password. */
        void renew() throws Exception {
            try {
                token("grant_type=refresh_token&client_id=scholion-cli&refresh_token=" + enc(refresh));
            } catch (IOException e) {
                signIn();
            }
        }

        private void token(String form) throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create(KC + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> res = client().send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IOException("token for " + name + ": HTTP " + res.statusCode() + " " + res.body());
            }
            access = field(res.body(), "access_token");
            refresh = field(res.body(), "refresh_token");
        }

        void join() throws Exception {
            HttpRequest r = HttpRequest.newBuilder(URI.create(BASE + "/api/groups/join")).header("Authorization", "Bearer " + access)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + JOIN_CODE + "\"}")).build();
            HttpResponse<String> res = client().send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200 && res.statusCode() != 201) {
                throw new IOException("join for " + name + ": HTTP " + res.statusCode() + " " + res.body());
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    // ---------------------------------------------------------------- recording

    /** Latencies and outcomes of one kind of request in one step. */
    static final class Kind {
        final String name;
        private long[] ms = new long[1024]; // microseconds
        private int n;
        final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger limited = new AtomicInteger();

        Kind(String name) {
            this.name = name;
        }

        synchronized void add(long nanos) {
            if (n == ms.length) {
                ms = Arrays.copyOf(ms, n * 2);
            }
            ms[n++] = nanos / 1000;
        }

        void status(String s) {
            statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
        }

        synchronized long[] sorted() {
            long[] s = Arrays.copyOf(ms, n);
            Arrays.sort(s);
            return s;
        }

        synchronized int count() {
            return n;
        }

        double pct(double p) {
            return ClassroomBench.pct(sorted(), p);
        }

        String statusList() {
            return new TreeMap<>(statuses).entrySet().stream().map(e -> e.getKey() + "×" + e.getValue().get())
                    .reduce((a, b) -> a + ", " + b).orElse("–");
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1))] / 1000.0;
    }

    // ---------------------------------------------------------------- one step of the mix

    static final class Step {
        final String label;
        final int size;
        final int seconds;
        final boolean flooded;
        final Kind open = new Kind("open (page 200)");
        final Kind poll = new Kind("poll (If-None-Match)");
        final Kind post = new Kind("POST");
        final Kind socket = new Kind("socket (upgrade → ready)");
        final Kind live = new Kind("live event (POST start → received)");
        final Map<String, Kind> floodKinds = new LinkedHashMap<>();
        final AtomicInteger polls304 = new AtomicInteger();
        final AtomicInteger socketsClosed = new AtomicInteger();
        final AtomicInteger ready = new AtomicInteger();
        final AtomicLong expectedDeliveries = new AtomicLong();
        final AtomicInteger reloads = new AtomicInteger();
        final Map<String, Long> postStarts = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean closing = new AtomicBoolean();
        final List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        final List<Student> arrived = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        double wall;
        double appCpu = Double.NaN;
        double genCpu;
        double machineCpu = Double.NaN;
        long rssStart;
        long rssEnd;
        long rssPeak;
        long hwm;

        Step(String label, int size, int seconds, boolean flooded) {
            this.label = label;
            this.size = size;
            this.seconds = seconds;
            this.flooded = flooded;
        }

        List<Kind> studentKinds() {
            return List.of(open, poll, post, socket);
        }

        void run(List<Student> all, Student flooder) throws Exception {
            List<Student> cls = all.subList(0, size);
            long tr = System.nanoTime();
            parallel(cls, 6, Student::renew);
            if (flooded) {
                flooder.renew();
            }
            System.out.printf("%s: %d tokens renewed in %.1f s; arriving over %d s, then %d s of the mix%n", label, size,
                    (System.nanoTime() - tr) / 1e9, ARRIVAL, seconds);

            rssStart = status("VmRSS");
            long[] cpu0 = cpu();
            long gen0 = genCpu();
            long[] mach0 = machine();
            long start = System.nanoTime();
            List<ScheduledFuture<?>> tasks = Collections.synchronizedList(new ArrayList<>());
            ScheduledFuture<?> sampler = timer.scheduleAtFixedRate(() -> rssPeak = Math.max(rssPeak, status("VmRSS")), 0, 1,
                    TimeUnit.SECONDS);
            for (int i = 0; i < cls.size(); i++) {
                Student s = cls.get(i);
                long at = (long) (ARRIVAL * 1e9 * i / cls.size());
                tasks.add(timer.schedule(() -> arrive(s, tasks), at, TimeUnit.NANOSECONDS));
            }
            double rate = WRITE_RATE > 0 ? WRITE_RATE : size / WRITE_EVERY;
            long period = (long) (1e9 / rate);
            tasks.add(timer.scheduleAtFixedRate(this::write, period / 2, period, TimeUnit.NANOSECONDS));
            List<Thread> flood = new ArrayList<>();
            if (flooded) {
                for (int c = 0; c < FLOOD_CONNS; c++) {
                    // one client per flooding loop: a few connections, each as fast as its answers come
                    HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                    int k = c;
                    Thread t = new Thread(() -> flood(own, flooder, k), "flood-" + c);
                    t.setDaemon(true);
                    t.start();
                    flood.add(t);
                }
            }
            long end = start + (long) ((ARRIVAL + seconds) * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(50);
            }
            running.set(false);
            synchronized (tasks) {
                for (ScheduledFuture<?> f : tasks) {
                    f.cancel(false);
                }
            }
            for (Thread t : flood) {
                t.join(15_000);
            }
            wall = (System.nanoTime() - start) / 1e9;
            // answers and events still on their way are counted; then the sockets close
            long drain = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight.get() > 0 && System.nanoTime() < drain) {
                Thread.sleep(20);
            }
            Thread.sleep(2000);
            long[] cpu1 = cpu();
            long gen1 = genCpu();
            long[] mach1 = machine();
            double window = (System.nanoTime() - start) / 1e9;
            if (cpu0 != null && cpu1 != null) {
                appCpu = (cpu1[0] - cpu0[0]) / 100.0 / window;
            }
            genCpu = (gen1 - gen0) / 1e9 / window;
            if (mach0 != null && mach1 != null && mach1[1] > mach0[1]) {
                machineCpu = (double) (mach1[0] - mach0[0]) / (mach1[1] - mach0[1]) * Runtime.getRuntime().availableProcessors();
            }
            sampler.cancel(false);
            rssEnd = status("VmRSS");
            rssPeak = Math.max(rssPeak, rssEnd);
            hwm = status("VmHWM");
            closing.set(true);
            synchronized (sockets) {
                for (WebSocket w : sockets) {
                    w.abort();
                }
            }
            Thread.sleep(3000); // the app notices the closed sockets before the next step
        }

        /** A student opens the reading: the page, then the live socket, then polls with the ETag. */
        void arrive(Student s, List<ScheduledFuture<?>> tasks) {
            if (!running.get()) {
                return;
            }
            arrived.add(s);
            long t = System.nanoTime();
            inFlight.incrementAndGet();
            s.client().sendAsync(get(s, null), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.decrementAndGet();
                String etag = r == null ? null : r.headers().firstValue("ETag").orElse(null);
                record(open, t, r, e, 200);
                if (!running.get()) {
                    return;
                }
                openSocket(s);
                String[] tag = {etag};
                long first = (long) (ThreadLocalRandom.current().nextDouble(0.5, 1.5) * POLL * 1000);
                tasks.add(timer.scheduleAtFixedRate(() -> poll(s, tag), first, POLL * 1000L, TimeUnit.MILLISECONDS));
            });
        }

        void poll(Student s, String[] tag) {
            if (!running.get()) {
                throw new java.util.concurrent.CancellationException("step over"); // ends this periodic task
            }
            long t = System.nanoTime();
            inFlight.incrementAndGet();
            s.client().sendAsync(get(s, tag[0]), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.decrementAndGet();
                if (r != null && r.statusCode() == 304) {
                    polls304.incrementAndGet();
                }
                if (r != null && r.statusCode() == 200) {
                    tag[0] = r.headers().firstValue("ETag").orElse(tag[0]);
                }
                record(poll, t, r, e, 200, 304);
            });
        }

        HttpRequest get(Student s, String etag) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(PAGE)).header("Authorization", "Bearer " + s.access)
                    .header("Accept", ACCEPT).timeout(Duration.ofSeconds(10));
            if (etag != null) {
                b.header("If-None-Match", etag);
            }
            return b.GET().build();
        }

        void openSocket(Student s) {
            long t = System.nanoTime();
            Listener l = new Listener(this, t);
            wsClients.get(s.index % wsClients.size()).newWebSocketBuilder().header("Authorization", "Bearer " + s.access)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(LIVE), l).whenComplete((w, e) -> {
                        if (e != null) {
                            socket.errors.incrementAndGet();
                            socket.status(statusOf(e));
                        } else {
                            sockets.add(w);
                            if (closing.get()) {
                                w.abort();
                            }
                        }
                    });
        }

        /** One annotation by a student who has arrived, chosen at random; the overall rate is steady. */
        void write() {
            if (!running.get() || arrived.isEmpty()) {
                return;
            }
            Student s;
            synchronized (arrived) {
                s = arrived.get(ThreadLocalRandom.current().nextInt(arrived.size()));
            }
            String id = UUID.randomUUID().toString();
            String body = "{\"@context\":[\"http://www.w3.org/ns/anno.jsonld\",\"" + BASE + "/ns/scholion.jsonld\"],"
                    + "\"type\":\"Annotation\",\"motivation\":\"commenting\",\"group\":\"" + GROUP + "\",\"visibility\":\"group\","
                    + "\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"commenting\",\"value\":\"Lenin, not Stalin, led in 1918. "
                    + MARK + id + "\",\"format\":\"text/markdown\"},"
                    + "{\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":\"chronology\"},"
                    + "{\"type\":\"Citation\",\"purpose\":\"citing\",\"url\":\"doi:10.2307/2497452\",\"title\":\"The Red Terror\",\"published\":\"1981\"}],"
                    + "\"target\":{\"source\":\"" + DOC + "\",\"selector\":[{\"type\":\"TextQuoteSelector\","
                    + "\"exact\":\"Stalin became the leader of the Soviet Union in 1924\"}]}}";
            long t = System.nanoTime();
            postStarts.put(id, t);
            int listening = ready.get();
            inFlight.incrementAndGet();
            HttpRequest req = HttpRequest.newBuilder(URI.create(CONTAINER)).header("Authorization", "Bearer " + s.access)
                    .header("Content-Type", "application/ld+json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            s.client().sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                inFlight.decrementAndGet();
                if (r != null && r.statusCode() == 201) {
                    expectedDeliveries.addAndGet(listening);
                }
                record(post, t, r, e, 201);
            });
        }

        void record(Kind k, long start, HttpResponse<?> r, Throwable e, int... ok) {
            long took = System.nanoTime() - start;
            k.add(took);
            if (e != null) {
                k.errors.incrementAndGet();
                k.status(statusOf(e));
                return;
            }
            k.status(String.valueOf(r.statusCode()));
            if (r.statusCode() == 429) {
                k.limited.incrementAndGet();
                return;
            }
            for (int o : ok) {
                if (o == r.statusCode()) {
                    return;
                }
            }
            k.errors.incrementAndGet();
        }

        /** One user, a few connections, as fast as the answers come: malformed JSON, bodies over 1 MB, bad query parameters. */
        void flood(HttpClient c, Student f, int k) {
            byte[] big = new byte[1_100_000];
            Arrays.fill(big, (byte) 'a');
            big[0] = '"';
            big[big.length - 1] = '"';
            String[] bad = {PAGE.replace("page=0", "page=-1"), CONTAINER + "?page=abc&pageSize=100", CONTAINER + "?page=0&pageSize=%FF",
                    CONTAINER + "?page=0&pageSize=100000000000000000000", CONTAINER + "?page=0%00&pageSize=1"};
            int i = k;
            while (running.get()) {
                int what = i++ % 3;
                String name;
                HttpRequest.Builder b = HttpRequest.newBuilder().header("Authorization", "Bearer " + f.access).timeout(Duration.ofSeconds(10));
                if (what == 0) {
                    name = "malformed JSON POST";
                    b.uri(URI.create(CONTAINER)).header("Content-Type", "application/ld+json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"@context\": [\"http://www.w3.org/ns/anno.jsonld\", {\"type\": "));
                } else if (what == 1) {
                    name = "POST over 1 MB";
                    b.uri(URI.create(CONTAINER)).header("Content-Type", "application/ld+json").POST(HttpRequest.BodyPublishers.ofByteArray(big));
                } else {
                    name = "GET, bad query";
                    b.uri(URI.create(bad[(i / 3) % bad.length])).header("Accept", ACCEPT).GET();
                }
                Kind kind;
                synchronized (floodKinds) {
                    kind = floodKinds.computeIfAbsent(name, Kind::new);
                }
                long t = System.nanoTime();
                try {
                    HttpResponse<Void> r = c.send(b.build(), HttpResponse.BodyHandlers.discarding());
                    kind.add(System.nanoTime() - t);
                    kind.status(String.valueOf(r.statusCode()));
                    if (r.statusCode() < 400 || r.statusCode() >= 500) {
                        kind.errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    kind.add(System.nanoTime() - t);
                    kind.status(statusOf(e));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    kind.add(System.nanoTime() - t);
                    kind.status(e.getClass().getSimpleName());
                    kind.errors.incrementAndGet();
                }
            }
        }

        boolean passed() {
            for (Kind k : studentKinds()) {
                if (k.errors.get() > 0 || k.limited.get() > 0 || !(k.pct(99) < P99_LIMIT)) {
                    return false;
                }
            }
            return socketsClosed.get() == 0 && ready.get() == size;
        }

        int requests() {
            return open.count() + poll.count() + post.count();
        }

        long[] allStudentRequests() {
            long[] a = new long[0];
            for (Kind k : List.of(open, poll, post)) {
                long[] s = k.sorted();
                int n = a.length;
                a = Arrays.copyOf(a, n + s.length);
                System.arraycopy(s, 0, a, n, s.length);
            }
            Arrays.sort(a);
            return a;
        }

        String summary() {
            StringBuilder b = new StringBuilder(String.format("%s: %.0f requests/s, sockets ready %d of %d", label, requests() / wall, ready.get(), size));
            for (Kind k : List.of(open, poll, post, socket, live)) {
                b.append(String.format("%n  %-36s n=%-6d p50 %7.1f ms  p99 %7.1f ms  errors %d  429 %d  [%s]", k.name, k.count(), k.pct(50),
                        k.pct(99), k.errors.get(), k.limited.get(), k.statusList()));
            }
            b.append(String.format("%n  polls answered 304: %d; live deliveries %d of ~%d expected; sockets closed by the server %d; reloads %d",
                    polls304.get(), live.count(), expectedDeliveries.get(), socketsClosed.get(), reloads.get()));
            for (Kind k : floodKinds.values()) {
                b.append(String.format("%n  flood %-30s n=%-6d p50 %7.1f ms  p99 %7.1f ms  [%s]", k.name, k.count(), k.pct(50), k.pct(99), k.statusList()));
            }
            b.append(String.format("%n  CPU (cores of %d): app %.2f, load generator %.2f, whole machine %.2f; app RSS end %d MB, peak %d MB, HWM %d MB; %s",
                    Runtime.getRuntime().availableProcessors(), appCpu, genCpu, machineCpu, rssEnd / 1024, rssPeak / 1024, hwm / 1024,
                    passed() ? "PASS" : "FAIL"));
            return b.toString();
        }
    }

    static String statusOf(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        if (c instanceof java.net.http.WebSocketHandshakeException h) {
            return "upgrade " + h.getResponse().statusCode();
        }
        return c.getClass().getSimpleName();
    }

    /** A live socket as the reader keeps it: counts 'ready', times 'created' events of this benchmark's posts. */
    static final class Listener implements WebSocket.Listener {
        private final Step step;
        private final long opened;
        private final StringBuilder buf = new StringBuilder();
        private boolean isReady;

        Listener(Step step, long opened) {
            this.step = step;
            this.opened = opened;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            long now = System.nanoTime();
            // a whole message in one frame is read where it lies: copying thousands of messages a second into
            // Strings made the generator's own collector pause for up to 0.6 s, and every pause is added to
            // the latencies it measures
            CharSequence m = data;
            if (!last || buf.length() > 0) {
                buf.append(data);
                if (!last) {
                    w.request(1);
                    return null;
                }
                m = buf.toString();
                buf.setLength(0);
            }
            if (startsWith(m, "{\"type\":\"created\"")) {
                int at = indexOf(m, MARK);
                if (at >= 0 && m.length() >= at + MARK.length() + 36) {
                    Long start = step.postStarts.get(m.subSequence(at + MARK.length(), at + MARK.length() + 36).toString());
                    if (start != null) {
                        step.live.add(now - start);
                    }
                }
            } else if (startsWith(m, "{\"type\":\"ready\"") && !isReady) {
                isReady = true;
                step.socket.add(now - opened);
                step.socket.status("ready");
                step.ready.incrementAndGet();
            } else if (startsWith(m, "{\"type\":\"reload\"")) {
                step.reloads.incrementAndGet();
            }
            w.request(1);
            return null;
        }

        private static boolean startsWith(CharSequence s, String prefix) {
            return s.length() >= prefix.length() && indexOf(s.subSequence(0, prefix.length()), prefix) == 0;
        }

        private static int indexOf(CharSequence s, String what) {
            outer:
            for (int i = 0; i + what.length() <= s.length(); i++) {
                for (int j = 0; j < what.length(); j++) {
                    if (s.charAt(i + j) != what.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            if (!step.closing.get()) {
                step.socketsClosed.incrementAndGet();
                step.socket.errors.incrementAndGet();
                step.socket.status("closed " + code);
            }
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable e) {
            if (!step.closing.get()) {
                step.socket.errors.incrementAndGet();
                step.socket.status(statusOf(e));
            }
        }
    }

    // ---------------------------------------------------------------- CPU and memory

    /** The app's user+system CPU in clock ticks (100 a second), from /proc/<pid>/stat. */
    static long[] cpu() {
        try {
            String s = Files.readString(Path.of("/proc/" + APP_PID + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long genCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Busy and total jiffies of the whole machine, from /proc/stat. */
    static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A line of /proc/<app>/status in kB. */
    static long status(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + APP_PID + "/status"))) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the app is gone: 0
        }
        return 0;
    }

    // ---------------------------------------------------------------- the report

    static long[] pooled(List<Step> runs, java.util.function.Function<Step, long[]> samples) {
        long[] all = new long[0];
        for (Step r : runs) {
            long[] x = samples.apply(r);
            int n = all.length;
            all = Arrays.copyOf(all, n + x.length);
            System.arraycopy(x, 0, all, n, x.length);
        }
        Arrays.sort(all);
        return all;
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String report(List<Step> steps, Integer largest, List<Step> plains, List<Step> floods) {
        StringBuilder b = new StringBuilder();
        double rateNote = WRITE_RATE > 0 ? WRITE_RATE : -1;
        b.append("## Classroom mix (issue 20)\n\n");
        b.append(String.format(Locale.ROOT,
                "Each step: the class arrives over %d s (container page of 100, then a live socket on the essay), then %d s of the mix: "
                        + "every student polls the page with If-None-Match every %d s, and writes come at %s; the write rate limit is on as deployed. "
                        + "Every student is a user of their own. p50 / p99 in ms; the limit is p99 < %s ms for every request type (open, poll, POST, "
                        + "socket ready), no errors, no 429, every socket ready and none closed by the server; the live event's latency "
                        + "(POST start to receipt, every subscriber) is shown but not part of the limit.%n%n",
                ARRIVAL, DURATION, POLL, rateNote > 0 ? String.format(Locale.ROOT, "%.2f/s overall", rateNote)
                        : String.format(Locale.ROOT, "one per student per %.0f s", WRITE_EVERY), ms(P99_LIMIT)));
        b.append("| step | class | requests/s | open page (200) | poll (304 / all) | POST | socket ready | live event | errors (429) | app CPU | generator CPU | machine CPU | app RSS start → end (peak) | |\n");
        b.append("|---|---:|---:|---|---|---|---|---|---|---:|---:|---:|---|---|\n");
        List<Step> rows = new ArrayList<>(steps);
        for (int i = 0; i < plains.size(); i++) {
            // in the order they ran
            if (i % 2 == 0) {
                rows.add(plains.get(i));
                rows.add(floods.get(i));
            } else {
                rows.add(floods.get(i));
                rows.add(plains.get(i));
            }
        }
        Step last = rows.get(rows.size() - 1);
        for (Step s : rows) {
            int errors = 0;
            int limited = 0;
            for (Kind k : s.studentKinds()) {
                errors += k.errors.get();
                limited += k.limited.get();
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s / %s | %s / %s (%d / %d) | %s / %s (%d) | %s / %s (%d of %d) | %s / %s (%d of ~%d) | %d (%d) | %.2f | %.2f | %.2f | %d → %d (%d) MB | %s |%n",
                    s.label, s.size, s.requests() / s.wall, ms(s.open.pct(50)), ms(s.open.pct(99)), ms(s.poll.pct(50)), ms(s.poll.pct(99)),
                    s.polls304.get(), s.poll.count(), ms(s.post.pct(50)), ms(s.post.pct(99)), s.post.count(), ms(s.socket.pct(50)), ms(s.socket.pct(99)),
                    s.ready.get(), s.size, ms(s.live.pct(50)), ms(s.live.pct(99)), s.live.count(), s.expectedDeliveries.get(), errors, limited,
                    s.appCpu, s.genCpu, s.machineCpu, s.rssStart / 1024, s.rssEnd / 1024, s.rssPeak / 1024, s.passed() ? "pass" : "**fail**"));
        }
        b.append(String.format("%nCPU in cores of %d (app: its JVM; machine: everything, PostgreSQL, Keycloak and other work included). "
                + "App VmHWM at the end: %d MB.%n", Runtime.getRuntime().availableProcessors(), last.hwm / 1024));
        for (Step s : rows) {
            String detail = s.studentKinds().stream().filter(k -> k.errors.get() + k.limited.get() > 0)
                    .map(k -> k.name + ": " + k.statusList()).reduce((x, y) -> x + "; " + y).orElse("");
            if (!detail.isEmpty() || s.socketsClosed.get() > 0) {
                b.append(String.format("- %s: %s%s%n", s.label, detail, s.socketsClosed.get() > 0 ? "; sockets closed by the server: " + s.socketsClosed.get() : ""));
            }
        }
        b.append(String.format("%n**Largest class size with p99 < %s ms and zero errors: %s**%n", ms(P99_LIMIT),
                largest == null ? "none of the steps" : largest));

        long[] a = pooled(plains, Step::allStudentRequests);
        long[] f = pooled(floods, Step::allStudentRequests);
        double pa = pct(a, 99);
        double pf = pct(f, 99);
        b.append(String.format(Locale.ROOT, "%n### Bad input (class %d%s)%n%n", plains.get(0).size,
                plains.size() > 1 ? ", " + plains.size() + " runs of each pooled, in ABBA order" : ""));
        b.append("| the other users' requests | plain p50 / p99 | flooded p50 / p99 | p99 ratio |\n|---|---|---|---:|\n");
        b.append(String.format(Locale.ROOT, "| all (open, poll, POST) | %s / %s | %s / %s | %.2f |%n", ms(pct(a, 50)), ms(pa), ms(pct(f, 50)), ms(pf), pf / pa));
        for (int i = 0; i < 5; i++) {
            int k = i;
            if (k == 3) {
                continue; // socket ready: a handful of samples, in the step table
            }
            long[] x = pooled(plains, st -> k == 4 ? st.live.sorted() : st.studentKinds().get(k).sorted());
            long[] y = pooled(floods, st -> k == 4 ? st.live.sorted() : st.studentKinds().get(k).sorted());
            String name = k == 4 ? plains.get(0).live.name : plains.get(0).studentKinds().get(k).name;
            b.append(String.format(Locale.ROOT, "| %s | %s / %s | %s / %s | %.2f |%n", name, ms(pct(x, 50)), ms(pct(x, 99)), ms(pct(y, 50)),
                    ms(pct(y, 99)), pct(y, 99) / pct(x, 99)));
        }
        b.append(String.format("%nThe flood: one user (`%s`), %d connections, as fast as the answers come, for %d s a run:%n%n", FLOODER,
                FLOOD_CONNS, ARRIVAL + DURATION));
        b.append("| run | request | count | per second | p50 / p99 ms | answers |\n|---|---|---:|---:|---|---|\n");
        for (Step st : floods) {
            for (Kind k : st.floodKinds.values()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s / %s | %s |%n", st.label, k.name, k.count(), k.count() / st.wall,
                        ms(k.pct(50)), ms(k.pct(99)), k.statusList()));
            }
        }
        b.append(String.format(Locale.ROOT, "%nOther users' p99 moved by a factor of %.2f (target ≤ 1.2): %s.%n", pf / pa, pf / pa <= 1.2 ? "met" : "**not met**"));
        return b.toString();
    }
}
