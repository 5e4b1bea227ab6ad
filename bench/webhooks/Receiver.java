import com.sun.net.httpserver.HttpServer;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fan-out benchmark's receiver (java Receiver.java PORT OUT): answers every POST 204 at once and
 * writes one line per delivery to OUT: arrival (epoch ms), the payload's timestamp (epoch ms: when the
 * event was written, in its transaction), the path (which endpoint), the webhook-id. Loopback only.
 */
public class Receiver {
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", ex -> {
            long now = System.currentTimeMillis();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = TIMESTAMP.matcher(body);
            long at = m.find() ? Instant.parse(m.group(1)).toEpochMilli() : -1;
            lines.add(now + " " + at + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("webhook-id"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try (PrintWriter out = new PrintWriter(new FileWriter(args[1]), true)) {
            while (true) {
                String l;
                while ((l = lines.poll()) != null) {
                    out.println(l);
                }
                Thread.sleep(100);
            }
        }
    }
}
