package org.scholion.lti;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every hour: logins and sessions that ended more than a day ago are deleted (a launch's troubles stay visible a day). */
@ApplicationScoped
class Housekeeping {
    private final Logins logins;
    private final LtiSessions sessions;
    private ScheduledExecutorService executor;

    Housekeeping(Logins logins, LtiSessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    void onStart(@Observes StartupEvent e) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scholion-lti-housekeeping");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void prune() {
        try {
            int l = logins.prune();
            int s = sessions.prune();
            if (l + s > 0) {
                Log.infof("LTI: deleted %d ended logins and %d ended sessions", l, s);
            }
        } catch (RuntimeException ex) {
            Log.warnf("LTI: housekeeping failed: %s", ex.getMessage());
        }
    }
}
