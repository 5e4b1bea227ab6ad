package org.scholion.lti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.web.Destinations;

/**
 * Scholion calling a platform's services (NRPS, AGS) as the tool: an access token from the platform's
 * token endpoint by the client-credentials grant with a JWT client assertion (1EdTech Security Framework
 * §4.1, RFC 7523) signed with the tool's key, kept until shortly before it expires; then the call with it.
 * Every URL is checked against the address rule before the call; redirects are not followed; answers are
 * bounded in size. A failure is a {@link ServiceFailure} naming the step, never the token.
 */
@ApplicationScoped
class PlatformServices {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

    /** A call that did not work: what was asked, and what came back. */
    static final class ServiceFailure extends RuntimeException {
        final int status;

        ServiceFailure(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** A JSON answer and the next page's URL (RFC 8288 Link rel="next"), if any. */
    record Page(JsonNode body, Optional<String> next) {
    }

    private record Token(String value, Instant until) {
    }

    private record TokenKey(UUID platform, String scopes) {
    }

    private final Cache<TokenKey, Token> tokens = Caffeine.newBuilder().maximumSize(1_000).build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ToolKeys keys;
    private final ObjectMapper json;
    private final Destinations.Reach reach;

    PlatformServices(ToolKeys keys, ObjectMapper json,
            @ConfigProperty(name = "scholion.lti.allow-loopback-platforms", defaultValue = "false") boolean allowLoopback) {
        this.keys = keys;
        this.json = json;
        this.reach = allowLoopback ? Destinations.Reach.ANY : Destinations.Reach.NOT_LOOPBACK;
    }

    Page get(Platforms.Platform p, String url, String accept, List<String> scopes) {
        HttpResponse<byte[]> r = send(p, HttpRequest.newBuilder(uri(url)).header("Accept", accept).GET(), scopes);
        expect(r, url, 200);
        return new Page(read(r, url), next(r));
    }

    /** POSTs JSON; the answer's body (empty JSON when none). */
    JsonNode post(Platforms.Platform p, String url, String contentType, Object body, List<String> scopes) {
        HttpResponse<byte[]> r = send(p, HttpRequest.newBuilder(uri(url)).header("Content-Type", contentType)
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(write(body))), scopes);
        expect(r, url, 200, 201, 204);
        return r.body().length == 0 ? json.createObjectNode() : read(r, url);
    }

    /** A JSON document fetched without a token (a platform's OpenID configuration). */
    JsonNode fetch(String url) {
        HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(uri(url)).header("Accept", "application/json").GET(), url);
        expect(r, url, 200);
        return read(r, url);
    }

    /** POSTs JSON with a bearer token given (dynamic registration's registration token, if any); the JSON answer. */
    JsonNode register(String url, Object body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(write(body)));
        if (bearer != null && !bearer.isBlank()) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> r = exchange(b, url);
        expect(r, url, 200, 201);
        return read(r, url);
    }

    /** A bearer token for these scopes, from the platform's token endpoint (kept until a minute before it expires). */
    String token(Platforms.Platform p, List<String> scopes) {
        TokenKey key = new TokenKey(p.id(), String.join(" ", new TreeSet<>(scopes)));
        Token t = tokens.getIfPresent(key);
        if (t != null && t.until().isAfter(Instant.now())) {
            return t.value();
        }
        String form = Map.of("grant_type", "client_credentials", "client_assertion_type", ASSERTION_TYPE,
                "client_assertion", assertion(p), "scope", key.scopes()).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<byte[]> r = exchange(HttpRequest.newBuilder(uri(p.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)), p.tokenUrl());
        expect(r, p.tokenUrl(), 200);
        JsonNode body = read(r, p.tokenUrl());
        String value = body.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new ServiceFailure("the token endpoint of " + p.name() + " answered no access_token", r.statusCode());
        }
        long life = Math.max(0, body.path("expires_in").asLong(300) - 60);
        tokens.put(key, new Token(value, Instant.now().plusSeconds(life)));
        return value;
    }

    /** The client assertion: iss and sub the client id, aud the token endpoint, a minute's life, a fresh jti. */
    private String assertion(Platforms.Platform p) {
        RSAKey key = keys.signing();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(p.clientId()).subject(p.clientId()).audience(p.tokenUrl())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a client assertion", e);
        }
        return jwt.serialize();
    }

    private HttpResponse<byte[]> send(Platforms.Platform p, HttpRequest.Builder request, List<String> scopes) {
        String token = token(p, scopes);
        HttpRequest built = request.header("Authorization", "Bearer " + token).build();
        HttpResponse<byte[]> r = exchange(built, built.uri().toString());
        if (r.statusCode() == 401) {
            // a token the platform dropped early: once more with a new one
            tokens.invalidate(new TokenKey(p.id(), String.join(" ", new TreeSet<>(scopes))));
            HttpRequest again = HttpRequest.newBuilder(built, (n, v) -> !n.equalsIgnoreCase("Authorization"))
                    .header("Authorization", "Bearer " + token(p, scopes)).build();
            r = exchange(again, built.uri().toString());
        }
        return r;
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder request, String url) {
        return exchange(request.timeout(Duration.ofSeconds(10)).build(), url);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, String url) {
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new ServiceFailure(url + " answered more than " + MAX_BYTES + " bytes", r.statusCode());
                }
                return new Bytes(r, body);
            }
        } catch (IOException e) {
            throw new ServiceFailure("could not reach " + url + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceFailure("interrupted calling " + url, 0);
        }
    }

    private URI uri(String url) {
        Destinations.refusal(url, reach).ifPresent(why -> {
            throw new ServiceFailure(url + " " + why, 0);
        });
        return URI.create(url);
    }

    private static void expect(HttpResponse<byte[]> r, String url, int... ok) {
        for (int s : ok) {
            if (r.statusCode() == s) {
                return;
            }
        }
        String body = new String(r.body(), 0, Math.min(r.body().length, 200), StandardCharsets.UTF_8);
        throw new ServiceFailure(url + " answered " + r.statusCode() + ": " + body, r.statusCode());
    }

    private JsonNode read(HttpResponse<byte[]> r, String url) {
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new ServiceFailure(url + " answered something that is not JSON", r.statusCode());
        }
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> next(HttpResponse<byte[]> r) {
        for (String link : r.headers().allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** A response whose body was read (bounded) from a stream. */
    private record Bytes(HttpResponse<InputStream> r, byte[] body) implements HttpResponse<byte[]> {
        public int statusCode() {
            return r.statusCode();
        }

        public HttpRequest request() {
            return r.request();
        }

        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        public URI uri() {
            return r.uri();
        }

        public HttpClient.Version version() {
            return r.version();
        }
    }
}
