package org.scholion.web;

import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.scholion.text.TextRules;

/**
 * Control characters in the path or the query string (a NUL in a slug, a join code, a filter) are a
 * 400 problem+json here, before any lookup: PostgreSQL refuses a NUL in text, which used to surface
 * as a 500. Malformed percent-encoding is a 400 too.
 */
@ApplicationScoped
class InputGate {
    void handle(RoutingContext rc) {
        String path = rc.request().path();
        String query = rc.request().query();
        Optional<Problem.FieldError> error = check("path", path, false);
        if (error.isEmpty() && query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                Optional<String> name = decode(rawName, true);
                String field = "query parameter " + name.filter(n -> TextRules.controlCharacter(n).isEmpty()).orElse("?");
                error = check(field, rawName, true).or(() -> eq < 0 ? Optional.empty() : check(field, pair.substring(eq + 1), true));
                if (error.isPresent()) {
                    break;
                }
            }
        }
        if (error.isPresent()) {
            Problem.FieldError e = error.get();
            HttpFilters.endWithProblem(rc, Problem.ofFields(400, "The " + e.field() + " " + e.message() + ".",
                    LogRedaction.path(RequestPath.of(rc)), List.of(e)));
            return;
        }
        rc.next();
    }

    private static Optional<Problem.FieldError> check(String field, String raw, boolean form) {
        Optional<String> decoded = decode(raw, form);
        if (decoded.isEmpty()) {
            return Optional.of(new Problem.FieldError(field, "is not valid percent-encoded UTF-8"));
        }
        return TextRules.controlCharacter(decoded.get()).map(m -> new Problem.FieldError(field, m));
    }

    /** Percent-decoding as UTF-8 (and '+' as a space in a query); empty when malformed. */
    static Optional<String> decode(String raw, boolean form) {
        if (raw.indexOf('%') < 0 && !(form && raw.indexOf('+') >= 0)) {
            return Optional.of(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length();) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else if (form && c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int cp = raw.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
