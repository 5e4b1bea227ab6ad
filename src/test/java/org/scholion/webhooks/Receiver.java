package org.scholion.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 for the webhook tests: records every request (headers as
 * received, raw body) and answers from a script — a status per request, {@link #HANG} to answer
 * only after the sender's timeout, {@link #REDIRECT} for a 302 — then 204 for the rest.
 */
final class Receiver implements AutoCloseable {
    static final int HANG = -1;
    static final int REDIRECT = -2;

    record Received(Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final Deque<Integer> script = new ConcurrentLinkedDeque<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer next = script.pollFirst();
            int status = next == null ? 204 : next;
            int recorded = status;
            if (status == HANG) {
                try {
                    Thread.sleep(3500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 204;
            }
            // headers copied: the exchange's map is not ours after it closes
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            // a hung request is recorded as HANG: the sender gave up on it before this answer
            received.add(new Received(headers, body, recorded));
            if (status == REDIRECT) {
                exchange.getResponseHeaders().add("Location", url() + "elsewhere");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    Received next(Duration within) throws InterruptedException {
        Received r = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("nothing was received within " + within);
        }
        return r;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
