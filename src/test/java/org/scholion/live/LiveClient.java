package org.scholion.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A WebSocket client for tests (the JDK's): collects the server's messages and how it closed. */
public final class LiveClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How the server closed the socket. */
    public record Close(int code, String reason) {
    }

    public final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket ws;

    private LiveClient() {
    }

    /** ws://… of the live endpoint on the given base (http://host:port). */
    public static String url(String base, String slug, Object group, Object since) {
        return base.replaceFirst("^http", "ws") + "/api/documents/" + slug + "/live" + (group == null ? "" : "?group=" + group)
                + (since == null ? "" : (group == null ? "?" : "&") + "since=" + since);
    }

    public static LiveClient connect(String url, Map<String, String> headers, String... subprotocols) {
        LiveClient c = new LiveClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            c.ws = b.buildAsync(URI.create(url), c.listener()).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new Refused(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    public static LiveClient bearer(String url, String token) {
        return connect(url, Map.of("Authorization", "Bearer " + token));
    }

    /** The HTTP status with which the server refused the upgrade. */
    public static int refusal(String url, Map<String, String> headers, String... subprotocols) {
        try (LiveClient c = connect(url, headers, subprotocols)) {
            throw new AssertionError("the upgrade was accepted: " + url);
        } catch (Refused r) {
            return r.status;
        }
    }

    /** An upgrade the server refused. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(Throwable cause) {
            super(cause);
            Throwable t = cause instanceof CompletionException ? cause.getCause() : cause;
            status = t instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
        }
    }

    public String subprotocol() {
        return ws.getSubprotocol();
    }

    public void send(String text) {
        ws.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        ws.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    /** The next message that matches, skipping others (presence, unless asked for); fails after the timeout. */
    public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        try {
            while (true) {
                JsonNode m = messages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no matching message within " + timeout + "; skipped " + skipped
                            + (closed.isDone() ? "; closed " + closed.join() : ""));
                }
                if (wanted.test(m)) {
                    return m;
                }
                skipped.add(m);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message other than presence, or null once the server has closed the socket and nothing is left to read. */
    public JsonNode nextEventOrClose(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < end) {
                JsonNode m = messages.poll(50, TimeUnit.MILLISECONDS);
                if (m != null && !"presence".equals(m.path("type").asText())) {
                    return m;
                }
                if (m == null && closed.isDone() && messages.isEmpty()) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("neither a message nor a close within " + timeout);
    }

    public JsonNode next(String type) {
        return next(m -> type.equals(m.path("type").asText()), Duration.ofSeconds(10));
    }

    /** The next message other than presence. */
    public JsonNode nextEvent(Duration timeout) {
        return next(m -> !"presence".equals(m.path("type").asText()), timeout);
    }

    /** Asserts that nothing but presence arrives for a while. */
    public void assertQuiet(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (System.nanoTime() < end) {
                JsonNode m = messages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m != null && !"presence".equals(m.path("type").asText())) {
                    throw new AssertionError("expected no event, got " + m);
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close within " + timeout);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
        }
        if (ws != null) {
            ws.abort();
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        messages.add(JSON.readTree(text.toString()));
                    } catch (Exception e) {
                        messages.add(JSON.getNodeFactory().textNode(text.toString()));
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Close(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Close(-1, String.valueOf(error)));
            }
        };
    }
}
