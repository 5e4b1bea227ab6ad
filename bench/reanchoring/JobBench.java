import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's re-anchoring job, end to end (bench/reanchoring/job.sh): uploads the reading, posts
 * the annotations (private notes, both selectors), publishes the revision and times the job from
 * the PUT to "done", sampling the app's heap (management port, /q/metrics) meanwhile.
 * Usage: java JobBench.java <app base> <management base> <token endpoint> <dir with old.txt new.txt anchors.tsv>
 * (signs in as the demo instructor ines; tokens are renewed every minute: they live five)
 */
public class JobBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static volatile String token;

    static String signIn(String tokenEndpoint) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=scholion-cli&username=ines&password=ines")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return field(body, "access_token");
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String mgmt = args[1];
        String tokenEndpoint = args[2];
        Path dir = Path.of(args[3]);
        token = signIn(tokenEndpoint);
        java.util.concurrent.ScheduledExecutorService renew = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        renew.scheduleAtFixedRate(() -> {
            try {
                token = signIn(tokenEndpoint);
            } catch (Exception e) {
                System.out.println("could not renew the token: " + e);
            }
        }, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
        String oldText = Files.readString(dir.resolve("old.txt"));
        byte[] newBytes = Files.readAllBytes(dir.resolve("new.txt"));
        List<int[]> anchors = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("anchors.tsv"))) {
            String[] f = line.split("\t");
            anchors.add(new int[] { Integer.parseInt(f[0]), Integer.parseInt(f[1]) });
        }
        HttpResponse<String> up = HTTP.send(multipart(HttpRequest.newBuilder(URI.create(base + "/api/documents")), token, "old.txt",
                oldText.getBytes(StandardCharsets.UTF_8), "Re-anchoring bench " + System.nanoTime()).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        if (up.statusCode() != 201) {
            throw new IllegalStateException("upload: " + up.statusCode() + " " + up.body());
        }
        String slug = field(up.body(), "slug");
        System.out.printf("reading %s: %,d code points; revision: %,d bytes%n", slug, oldText.codePointCount(0, oldText.length()),
                newBytes.length);

        int[] cps = oldText.codePoints().toArray();
        long t0 = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> posts = new ArrayList<>();
        for (int[] a : anchors) {
            posts.add(pool.submit(() -> {
                String exact = new String(cps, a[0], a[1] - a[0]);
                String json = "{\"@context\":\"http://www.w3.org/ns/anno.jsonld\",\"type\":\"Annotation\",\"motivation\":\"highlighting\","
                        + "\"target\":{\"source\":\"" + base + "/api/documents/" + slug + "\",\"selector\":[{\"type\":\"TextQuoteSelector\","
                        + "\"exact\":" + quote(exact) + "},{\"type\":\"TextPositionSelector\",\"start\":" + a[0] + ",\"end\":" + a[1] + "}]}}";
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/documents/" + slug + "/annotations/"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"")
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 201 && failed.incrementAndGet() < 3) {
                        System.out.println("post: " + r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : posts) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("posted %,d annotations in %,d ms (%d refused)%n", anchors.size() - failed.get(),
                (System.nanoTime() - t0) / 1_000_000, failed.get());

        long heapBefore = heap(mgmt);
        AtomicLong peak = new AtomicLong(heapBefore);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(heap(mgmt), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long p0 = System.nanoTime();
        HttpResponse<String> put = HTTP.send(multipart(HttpRequest.newBuilder(URI.create(base + "/api/documents/" + slug)), token,
                "new.txt", newBytes, null).header("If-Match", "\"1\"").PUT(body).build(), HttpResponse.BodyHandlers.ofString());
        long p1 = System.nanoTime();
        if (put.statusCode() != 202) {
            throw new IllegalStateException("revision: " + put.statusCode() + " " + put.body());
        }
        String job = put.headers().firstValue("Location").orElseThrow();
        String state;
        String progress;
        do {
            Thread.sleep(100);
            progress = HTTP.send(HttpRequest.newBuilder(URI.create(job)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            state = field(progress, "state");
        } while (!"done".equals(state));
        long p2 = System.nanoTime();
        sampler.interrupt();
        System.out.printf("publish (PUT, revision and job recorded): %,d ms%n", (p1 - p0) / 1_000_000);
        System.out.printf("re-anchoring job, PUT to done: %,d ms  %s%n", (p2 - p0) / 1_000_000, progress);
        System.out.printf("app heap used: %,d MB before, peak %,d MB while the job ran (sampled every 100 ms)%n", heapBefore >> 20,
                peak.get() >> 20);
    }

    static HttpRequest.BodyPublisher body;

    /** A multipart/form-data request with the file (and a title); the publisher is left in {@link #body}. */
    static HttpRequest.Builder multipart(HttpRequest.Builder b, String ignored, String filename, byte[] file, String title) {
        String boundary = "----scholion" + System.nanoTime();
        List<byte[]> parts = new ArrayList<>();
        if (title != null) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + title + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(file);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        body = HttpRequest.BodyPublishers.ofByteArrays(parts);
        return b.header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary);
    }

    static long heap(String mgmt) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(mgmt + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        long sum = 0;
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.E+]+)").matcher(metrics);
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
