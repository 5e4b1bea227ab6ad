package org.scholion.live;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The instance's one LISTEN connection (a direct PostgreSQL session, not a pooled one). It only
 * wakes the hub: what happened is read from live_event, so a notification lost while the
 * connection was down costs nothing but the time until the next poll; on every (re)connect the
 * hub reads again anyway.
 */
@ApplicationScoped
class LiveListener {
    static final String CHANNEL = "scholion_live";
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]+)(?:\\?.*)?");

    private final Vertx vertx;
    private final PgConnectOptions options;
    private volatile PgSubscriber subscriber;

    LiveListener(Vertx vertx, LiveConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = connectOptions(config.listenUrl().orElse(jdbcUrl), user, password);
    }

    /** Connection options from a JDBC URL or a postgresql:// URI; credentials from the datasource. */
    static PgConnectOptions connectOptions(String url, String user, String password) {
        PgConnectOptions o;
        Matcher m = JDBC.matcher(url.strip());
        if (m.matches()) {
            o = new PgConnectOptions().setHost(m.group(1)).setPort(m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)))
                    .setDatabase(m.group(3));
        } else {
            o = PgConnectOptions.fromUri(url.strip());
        }
        if (o.getUser() == null || o.getUser().isEmpty() || url.startsWith("jdbc:")) {
            o.setUser(user).setPassword(password);
        }
        return o.setReconnectAttempts(0);
    }

    /**
     * Starts listening; {@code onNotify} gets each payload, {@code onListening} runs whenever the
     * channel is (re)subscribed. Reconnects for ever, with back-off up to 10 s.
     */
    void start(Consumer<String> onNotify, Runnable onListening) {
        PgSubscriber s = PgSubscriber.subscriber(vertx, options);
        s.reconnectPolicy(retries -> Math.min(10_000L, 250L << Math.min(retries, 6)));
        s.closeHandler(() -> Log.debug("live: the LISTEN connection closed"));
        s.channel(CHANNEL).handler(onNotify).subscribeHandler(onListening);
        subscriber = s;
        connect(s, 0);
    }

    private void connect(PgSubscriber s, int attempt) {
        s.connect().subscribe().with(ok -> Log.debugf("live: listening on %s", CHANNEL), e -> {
            if (subscriber != s) {
                return;
            }
            if (attempt == 0) {
                Log.warnf("live: cannot LISTEN yet (%s); retrying, and polling meanwhile", e.getMessage());
            }
            vertx.setTimer(Math.min(10_000L, 250L << Math.min(attempt, 6)), t -> connect(s, attempt + 1));
        });
    }

    void stop() {
        PgSubscriber s = subscriber;
        subscriber = null;
        if (s != null) {
            s.close().subscribe().with(ok -> {
            }, e -> {
            });
        }
    }
}
