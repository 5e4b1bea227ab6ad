package org.scholion.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * The WebSocket contract of {@code /api/documents/{slug}/live}: the messages the server sends and
 * the close codes it uses. README ("Live updates") and the OpenAPI description say the same.
 */
final class LiveProtocol {
    static final String SUBPROTOCOL = "scholion-live";

    /** The server restarts (shutdown): reconnect, to any instance, with {@code since}. */
    static final short RESTARTING = 1012;
    /** The session or token expired: sign in again (or get a new token), then resubscribe with {@code since}. */
    static final short REAUTHENTICATE = 4401;
    /** The subscriber may no longer read the group (removed from it): do not reconnect. */
    static final short ACCESS_REVOKED = 4403;
    /** The client could not keep up with the messages sent to it. */
    static final short TOO_SLOW = 4408;
    /** The client sent more messages than allowed. */
    static final short TOO_MANY_MESSAGES = 4429;
    /**
     * The socket is one more than the user (or the instance) may hold: IANA's WebSocket Close Code
     * registry, "1013 Try Again Later". Upgrades that raced past {@link LiveGate} end here.
     */
    static final short TRY_AGAIN_LATER = 1013;
    /** A message longer than a client ever needs to send. */
    static final short MESSAGE_TOO_BIG = 1009;
    /** A binary frame: this endpoint speaks JSON text only. */
    static final short UNSUPPORTED_DATA = 1003;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveProtocol() {
    }

    /** You are live from this cursor on (after replaying what you missed, if you sent since). Cursors are sealed ({@link SealedCursors}). */
    static String ready(String cursor) {
        return write(JSON.createObjectNode().put("type", "ready").put("cursor", cursor));
    }

    /** Reload the annotations (your cursor is too old or unknown, or what you may see changed); live from this cursor. */
    static String reload(String cursor, String reason) {
        return write(JSON.createObjectNode().put("type", "reload").put("cursor", cursor).put("reason", reason));
    }

    /** A new revision of the document was published: read it again (its text and the annotations on it); live from this cursor. */
    static String revised(String cursor) {
        return write(JSON.createObjectNode().put("type", "revised").put("cursor", cursor));
    }

    /** created / updated (with the annotation), deleted (with its tombstone) or removed (id only). */
    /** The message a viewer's sight of an event turns into, or null when the viewer is told nothing. */
    static String of(String kind, String iri, String sealedCursor, LiveAudience.Sight sight) {
        if (sight instanceof LiveAudience.Visible v) {
            return event("deleted".equals(kind) ? "updated" : kind, iri, sealedCursor, "annotation", v.json());
        }
        if (sight instanceof LiveAudience.Deleted d) {
            return event("deleted", iri, sealedCursor, "tombstone", d.tombstoneJson());
        }
        if (sight instanceof LiveAudience.Withdrawn) {
            return event("removed", iri, sealedCursor, null, null);
        }
        return null;
    }

    static String event(String type, String iri, String cursor, String field, String json) {
        ObjectNode o = JSON.createObjectNode().put("type", type).put("id", iri).put("cursor", cursor);
        if (field != null) {
            o.putRawValue(field, new RawValue(json));
        }
        return write(o);
    }

    static String presence(int readers) {
        return write(JSON.createObjectNode().put("type", "presence").put("readers", readers));
    }

    static String pong() {
        return "{\"type\":\"pong\"}";
    }

    static String error(String detail) {
        return write(JSON.createObjectNode().put("type", "error").put("detail", detail));
    }

    /** The one message a client may send: {"type":"ping"}. Anything else is an error answer. */
    static boolean isPing(String text) {
        try {
            var node = JSON.readTree(text);
            return node != null && node.isObject() && "ping".equals(node.path("type").asText(null)) && node.size() == 1;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
