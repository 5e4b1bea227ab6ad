package org.scholion.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.scholion.domain.DomainError;

/**
 * Where a page of results ended: the sort keys of its last item (keyset pagination). The next page
 * starts strictly after them, so what people write meanwhile neither repeats nor skips an item
 * (new annotations are newer than any cursor: they land before it). A cursor names the search it
 * was made for; another search refuses it.
 *
 * @param search a digest of the search it belongs to ({@link SearchQuery#identity})
 * @param rank   the last item's rank (relevance)
 * @param upvotes the last item's upvotes (upvotes)
 */
public record Cursor(String search, BigDecimal rank, Integer upvotes, OffsetDateTime created, UUID id) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String digest(SearchQuery q) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(q.identity().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cursor as the opaque token clients send back. */
    public String token() {
        ObjectNode o = JSON.createObjectNode().put("s", search).put("c", created.toString()).put("i", id.toString());
        if (rank != null) {
            o.put("r", rank.toPlainString());
        }
        if (upvotes != null) {
            o.put("u", upvotes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A token read back; invalid naming {@code cursor} when it is not one this server gave. */
    public static Cursor parse(String token) {
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(token));
            return new Cursor(n.get("s").asText(), n.has("r") ? new BigDecimal(n.get("r").asText()) : null,
                    n.has("u") ? n.get("u").asInt() : null, OffsetDateTime.parse(n.get("c").asText()), UUID.fromString(n.get("i").asText()));
        } catch (IOException | RuntimeException e) {
            throw DomainError.invalid("cursor", "not a cursor this server gave: send back the `next` of a search answer as it is");
        }
    }
}
