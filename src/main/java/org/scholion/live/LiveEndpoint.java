package org.scholion.live;

import org.scholion.system.TokenBucket;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/**
 * {@code GET /api/documents/{slug}/live?group={group id}[&since={cursor}]} upgraded to a WebSocket:
 * the annotations of one group on one document, as they change. {@link LiveUpgradeCheck} decides
 * who may connect; {@link LiveHub} sends. Clients only ever send {"type":"ping"}.
 */
@WebSocket(path = "/api/documents/{slug}/live", endpointId = LiveEndpoint.ID)
class LiveEndpoint {
    static final String ID = "scholion-live";
    static final UserData.TypedKey<Subscription.Subscribe> SUBSCRIBE = new UserData.TypedKey<>("scholion.live.subscribe");
    private static final UserData.TypedKey<Subscription> SUBSCRIPTION = new UserData.TypedKey<>("scholion.live.subscription");

    private final LiveHub hub;
    private final LiveSockets sockets;
    private final LiveConfig config;

    LiveEndpoint(LiveHub hub, LiveSockets sockets, LiveConfig config) {
        this.hub = hub;
        this.sockets = sockets;
        this.config = config;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        Subscription s = new Subscription(connection, connection.userData().get(SUBSCRIBE),
                new TokenBucket(config.messageBurst(), config.messagesPerSecond(), System.nanoTime()),
                io.vertx.core.Vertx.currentContext());
        connection.userData().put(SUBSCRIPTION, s);
        String refused = sockets.reserve(s);
        if (refused != null) {
            hub.close(s, LiveProtocol.TRY_AGAIN_LATER, refused);
            return;
        }
        hub.join(s);
    }

    @OnTextMessage
    @NonBlocking
    void message(String text, WebSocketConnection connection) {
        Subscription s = connection.userData().get(SUBSCRIPTION);
        if (s == null) {
            return;
        }
        if (text.length() > config.maxMessageChars()) {
            hub.close(s, LiveProtocol.MESSAGE_TOO_BIG, "Message too big");
            return;
        }
        if (!s.rate.take(System.nanoTime())) {
            hub.close(s, LiveProtocol.TOO_MANY_MESSAGES, "Too many messages");
            return;
        }
        hub.send(s, LiveProtocol.isPing(text) ? LiveProtocol.pong()
                : LiveProtocol.error("The only message this socket accepts is {\"type\":\"ping\"}."));
    }

    @OnBinaryMessage
    @NonBlocking
    void binary(Buffer data, WebSocketConnection connection) {
        Subscription s = connection.userData().get(SUBSCRIPTION);
        if (s != null) {
            hub.close(s, LiveProtocol.UNSUPPORTED_DATA, "Text (JSON) messages only");
        }
    }

    @OnClose
    @NonBlocking
    void closed(WebSocketConnection connection) {
        Subscription s = connection.userData().get(SUBSCRIPTION);
        if (s != null) {
            s.closing.set(true);
            sockets.release(s);
            hub.leave(s);
        }
    }

    @OnError
    @NonBlocking
    void error(Throwable t, WebSocketConnection connection) {
        // a client's broken frame or a failed send: close this one socket, keep the others
        Subscription s = connection.userData().get(SUBSCRIPTION);
        if (s != null) {
            hub.close(s, (short) 1011, "Unexpected condition");
        }
    }
}
