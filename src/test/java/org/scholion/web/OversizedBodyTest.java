package org.scholion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * A body announced larger than the limit is refused from its headers, and the server does not read it.
 * RFC 9110 §15.5.14 (413 Content Too Large): "The server MAY terminate the request, if the protocol
 * version in use allows it; otherwise, the server MAY close the connection." HTTP/1.1 cannot end a
 * request whose body is still coming, so the server closes the connection. Reading and throwing away
 * a flood of oversized bodies cost the other users of a class their latency (issue 20, bad input
 * under load): here the client sends only the headers and a little of its 50 MB, and must still see
 * the 413 and the connection closed, without the server waiting for the rest.
 */
@QuarkusTest
class OversizedBodyTest {
    private static final String CONTAINER = "/api/documents/red-terror-essay/annotations/";

    /** Sends the headers announcing {@code length} bytes and then {@code send} bytes of body; what came back, and whether the server closed. */
    private static String[] post(String token, long length, int send) throws Exception {
        URI app = URI.create(TestStack.appUrl());
        try (Socket s = new Socket(app.getHost(), app.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + CONTAINER + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/ld+json\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < send; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, send - sent));
                }
                out.flush();
            } catch (java.net.SocketException e) {
                // closed under us: what it answered is still to be read
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            String closed = "open";
            try {
                for (int n; (n = in.read(buf)) != -1;) {
                    got.write(buf, 0, n);
                }
                closed = "closed";
            } catch (SocketTimeoutException e) {
                // the server kept the connection open, waiting for the rest
            } catch (java.net.SocketException e) {
                closed = "closed"; // reset: closed without reading what was sent
            }
            return new String[] {got.toString(StandardCharsets.UTF_8), closed};
        }
    }

    @Test
    void anAnnouncedFarOversizedBodyIsRefusedAndTheConnectionClosedWithoutReadingIt() throws Exception {
        String[] r = post(Tokens.of("alice"), 50L * 1024 * 1024, 20);
        assertTrue(r[0].startsWith("HTTP/1.1 413"), r[0]);
        assertTrue(r[0].contains("application/problem+json"), r[0]);
        assertEquals("closed", r[1], "the connection must be closed after the 413, not kept open for the other 50 MB: " + r[0]);
        Tokens.as("alice").get(TestStack.appUrl() + "/api/documents/red-terror-essay").then().statusCode(200);
    }

    @Test
    void aClientsFirstFewOversizedBodiesAreReadSoItSeesThe413ThenTheyAreNot() throws Exception {
        // a token of its own: the count is per client (its Authorization header) and per minute
        String token = Tokens.fetch("scholion-cli", "dave", "dave");
        int length = 1024 * 1024 + 200 * 1024;
        for (int i = 1; i <= BodyLimit.LINGER_PER_MINUTE; i++) {
            // the whole body, written before reading, as most clients do: it is read, so the answer arrives
            String[] r = post(token, length, length);
            assertTrue(r[0].startsWith("HTTP/1.1 413") && r[0].contains("\"field\":\"body\""), i + ": " + r[0]);
            assertEquals("closed", r[1], "Connection: close");
        }
        // now only the headers and a little: the body is no longer waited for
        String[] r = post(token, length, 20);
        assertTrue(r[0].startsWith("HTTP/1.1 413"), r[0]);
        assertEquals("closed", r[1], "past " + BodyLimit.LINGER_PER_MINUTE + " a minute the body is not read: " + r[0]);
    }
}
