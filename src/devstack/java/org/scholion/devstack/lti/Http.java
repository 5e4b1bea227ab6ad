package org.scholion.devstack.lti;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The few HTTP chores of the fake platform's endpoints, on top of the JDK's HttpServer. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A request body larger than this is refused: no endpoint here needs more. */
    private static final int MAX_BODY = 1 << 20;

    private Http() {
    }

    /** An endpoint's work; it may throw {@link Failure} to answer an error. */
    interface Route {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** An error answer, thrown from deep inside a handler and written by {@link #handler}. */
    static final class Failure extends RuntimeException {
        final int status;
        final String contentType;
        final String body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Failure(int status, String contentType, String body) {
            super(body);
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        static Failure text(int status, String message) {
            return new Failure(status, "text/plain; charset=utf-8", message);
        }

        /** An OAuth 2.0 style error body (RFC 6749 §5.2, RFC 7591 §3.2.2). */
        static Failure oauth(int status, String error, String description) {
            return new Failure(status, "application/json", json(Map.of("error", error, "error_description", description)));
        }

        Failure header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /**
     * Serves {@code route} at exactly {@code path} (the JDK matches contexts by prefix), turning a {@link Failure}
     * into its answer and anything else into a 500 whose text says what broke.
     */
    static HttpHandler handler(String path, boolean prefix, Route route) {
        return exchange -> {
            try {
                String requested = exchange.getRequestURI().getRawPath();
                if (!prefix && !requested.equals(path)) {
                    throw Failure.text(404, "Nothing at " + requested);
                }
                route.handle(exchange);
            } catch (Failure f) {
                f.headers.forEach(exchange.getResponseHeaders()::set);
                send(exchange, f.status, f.contentType, f.body);
            } catch (Exception e) {
                send(exchange, 500, "text/plain; charset=utf-8", "The fake platform failed: " + e);
            } finally {
                exchange.close();
            }
        };
    }

    static void requireMethod(HttpExchange exchange, String... allowed) {
        if (Arrays.asList(allowed).contains(exchange.getRequestMethod())) {
            return;
        }
        throw Failure.text(405, exchange.getRequestMethod() + " is not allowed here").header("Allow", String.join(", ", allowed));
    }

    /** The media type of the request body, lower case, without parameters; "" if none. */
    static String mediaType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    static void requireMediaType(HttpExchange exchange, String expected) {
        if (!mediaType(exchange).equals(expected)) {
            throw Failure.text(415, "Content-Type must be " + expected + ", was " + mediaType(exchange));
        }
    }

    static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw Failure.text(413, "Request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        return parseForm(exchange.getRequestURI().getRawQuery());
    }

    /** The request's parameters: the query string, then (for a form POST) the body's fields over it. */
    static Map<String, String> parameters(HttpExchange exchange) throws IOException {
        Map<String, String> all = query(exchange);
        if ("POST".equals(exchange.getRequestMethod()) && mediaType(exchange).equals("application/x-www-form-urlencoded")) {
            all.putAll(parseForm(body(exchange)));
        }
        return all;
    }

    /** application/x-www-form-urlencoded; the first of repeated names wins. */
    static Map<String, String> parseForm(String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    static String formEncode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    /** One path segment, percent-encoded (URLEncoder's '+' for a space means '+' in a path). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String decodeSegment(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("Not serializable as JSON: " + value, e);
        }
    }

    static void sendJson(HttpExchange exchange, int status, String contentType, Object value) throws IOException {
        send(exchange, status, contentType, json(value));
    }

    static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", html);
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    /** Text for HTML element content and double- or single-quoted attribute values. */
    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
