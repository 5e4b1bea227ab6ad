// Live-update latency: N WebSocket subscribers on one document and group, annotations POSTed at a
// steady rate; for every (annotation, subscriber) pair, the time from the start of the POST to
// the subscriber receiving the "created" event. JDK only: java bench/live/LiveBench.java ...
// Loopback only; bounded in count and time.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class LiveBench {
    static final Map<String, Long> started = new ConcurrentHashMap<>();
    /** Posts of the warm-up (the app's JIT compiles the paths then): delivered, not measured. */
    static final java.util.Set<String> warmup = ConcurrentHashMap.newKeySet();
    /** Per annotation: when its event reached the first subscriber (how long the server takes to fan out shows against the rest). */
    static final Map<String, Long> first = new ConcurrentHashMap<>();
    static long[] samples;
    static final AtomicInteger sampleCount = new AtomicInteger();
    static final AtomicInteger unmatched = new AtomicInteger();
    static final AtomicInteger closedEarly = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String group = args[2];
        int subscribers = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int warmupSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        int warmupPosts = (int) Math.round(rate * warmupSeconds);
        String slug = "red-terror-essay";
        String ws = base.replaceFirst("^http", "ws") + "/api/documents/" + slug + "/live?group=" + group;
        int posts = (int) Math.round(rate * seconds);
        samples = new long[subscribers * posts + 16];

        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build());
        }
        CountDownLatch ready = new CountDownLatch(subscribers);
        List<WebSocket> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < subscribers; i += 50) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(subscribers, i + 50); j++) {
                batch.add(clients.get(j % clients.size()).newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(ws), new Subscriber(ready)));
            }
            for (CompletableFuture<WebSocket> f : batch) {
                sockets.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every subscriber got 'ready': " + ready.getCount() + " missing");
        }
        System.out.printf("subscribers: %d connected and ready in %.1f s%n", subscribers, (System.nanoTime() - t0) / 1e9);
        Thread.sleep(2000); // let presence settle

        HttpClient poster = HttpClient.newHttpClient();
        String doc = base + "/api/documents/" + slug;
        ScheduledExecutorService tick = Executors.newScheduledThreadPool(4);
        AtomicInteger sent = new AtomicInteger();
        AtomicLong postNanos = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch allPosted = new CountDownLatch(warmupPosts + posts);
        long period = (long) (1e9 / rate);
        for (int k = 0; k < warmupPosts + posts; k++) {
            boolean measured = k >= warmupPosts;
            tick.schedule(() -> {
                String id = UUID.randomUUID().toString();
                if (!measured) {
                    warmup.add(id);
                }
                String body = "{\"@context\":\"http://www.w3.org/ns/anno.jsonld\",\"type\":\"Annotation\",\"motivation\":\"commenting\","
                        + "\"group\":\"" + group + "\",\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"commenting\",\"value\":\"live bench " + id + "\"}],"
                        + "\"target\":{\"source\":\"" + doc + "\",\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"Vladimir Lenin\"}]}}";
                long start = System.nanoTime();
                if (measured) {
                    started.put(id, start);
                }
                HttpRequest req = HttpRequest.newBuilder(URI.create(doc + "/annotations/")).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/ld+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                poster.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    if (measured && (e != null || r.statusCode() != 201)) {
                        failed.incrementAndGet();
                    }
                    if (measured) {
                        postNanos.addAndGet(System.nanoTime() - start);
                        sent.incrementAndGet();
                    }
                    allPosted.countDown();
                });
            }, k * period, TimeUnit.NANOSECONDS);
        }
        allPosted.await(warmupSeconds + seconds + 60L, TimeUnit.SECONDS);
        long expected = (long) subscribers * (posts - failed.get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sampleCount.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        tick.shutdownNow();
        int n = Math.min(sampleCount.get(), samples.length);
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        System.out.printf("warm-up: %d posts over %d s, not measured%n", warmupPosts, warmupSeconds);
        System.out.printf("posts: %d at %.1f/s over %d s, %d failed, mean POST %.1f ms%n", sent.get(), rate, seconds, failed.get(),
                postNanos.get() / 1e6 / Math.max(1, sent.get()));
        System.out.printf("deliveries: %d of %d expected (%d unmatched, %d sockets closed early)%n", n, expected, unmatched.get(),
                closedEarly.get());
        if (n > 0) {
            System.out.printf("latency POST start -> event received: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(s, 50), pct(s, 90), pct(s, 99), s[n - 1] / 1e6);
        }
        long[] f = first.values().stream().mapToLong(Long::longValue).sorted().toArray();
        if (f.length > 0) {
            System.out.printf("first subscriber of each annotation: p50 %.1f ms, p99 %.1f ms%n", pct(f, 50), pct(f, 99));
        }
        for (WebSocket w : sockets) {
            w.abort();
        }
        System.exit(0);
    }

    static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    static final class Subscriber implements WebSocket.Listener {
        private final CountDownLatch ready;
        private final StringBuilder buf = new StringBuilder();

        Subscriber(CountDownLatch ready) {
            this.ready = ready;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            long now = System.nanoTime();
            buf.append(data);
            if (last) {
                String m = buf.toString();
                buf.setLength(0);
                if (m.startsWith("{\"type\":\"created\"")) {
                    // the comment names the post: the annotation's IRI is the server's to choose (a Slug is only a
                    // name for the caller), and the event may arrive before the POST's answer
                    int at = m.indexOf("live bench ");
                    String id = at < 0 ? "" : m.substring(at + "live bench ".length(), Math.min(m.length(), at + "live bench ".length() + 36));
                    Long start = started.get(id);
                    if (start != null) {
                        first.merge(id, now - start, Math::min);
                    }
                    if (start == null && warmup.contains(id)) {
                        // a warm-up post: not measured
                    } else if (start == null) {
                        unmatched.incrementAndGet();
                    } else {
                        int i = sampleCount.getAndIncrement();
                        if (i < samples.length) {
                            samples[i] = now - start;
                        }
                    }
                } else if (m.startsWith("{\"type\":\"ready\"")) {
                    ready.countDown();
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closedEarly.incrementAndGet();
            return null;
        }
    }
}
