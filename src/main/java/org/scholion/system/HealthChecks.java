package org.scholion.system;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import io.smallrye.health.api.HealthGroup;

/**
 * Health, as a load balancer and an operator need it (README, "Deploying"):
 * <ul>
 * <li>liveness (/q/health/live) has no checks: the process answers HTTP, or it should be restarted;
 * <li>readiness (/q/health/ready) is "can this instance serve requests now": every request needs the
 * database, so the database answers within {@value #BUDGET_MS} ms. Keycloak is not part of it:
 * bearer tokens are verified with the keys fetched at start-up, so an instance keeps serving while
 * Keycloak is down, and taking every instance out of the balancer would only make it worse;
 * <li>/q/health/group/dependencies shows Keycloak's reachability, for monitoring.
 * </ul>
 * Each check answers within its budget whatever the dependency does: the probe runs on its own
 * thread, one at a time; a probe still stuck from an earlier call reports DOWN at once.
 */
@ApplicationScoped
public class HealthChecks {
    static final long BUDGET_MS = 700;

    private final AgroalDataSource dataSource;
    private final URI discovery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(BUDGET_MS)).build();
    private final Probe database = new Probe("database");
    private final Probe keycloak = new Probe("keycloak");

    HealthChecks(AgroalDataSource dataSource, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String oidcUrl) {
        this.dataSource = dataSource;
        this.discovery = URI.create(oidcUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    @Produces
    @Readiness
    HealthCheck databaseCheck() {
        return () -> database.run(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(1) ? null : "the connection is not valid";
            }
        });
    }

    @Produces
    @HealthGroup("dependencies")
    HealthCheck keycloakCheck() {
        return () -> keycloak.run(() -> {
            int status = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofMillis(BUDGET_MS)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "HTTP " + status + " from " + discovery;
        });
    }

    /** One bounded check: the callable returns null when healthy, else why not. */
    static final class Probe {
        private final String name;
        private final ExecutorService thread;
        private Future<String> running;

        Probe(String name) {
            this.name = name;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "readiness-" + name);
                t.setDaemon(true);
                return t;
            });
        }

        synchronized HealthCheckResponse run(Callable<String> check) {
            if (running != null && !running.isDone()) {
                return down("the previous check has not come back yet");
            }
            running = thread.submit(check);
            try {
                String problem = running.get(BUDGET_MS, TimeUnit.MILLISECONDS);
                return problem == null ? HealthCheckResponse.up(name) : down(problem);
            } catch (TimeoutException e) {
                return down("no answer within " + BUDGET_MS + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return down("interrupted");
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return down(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            }
        }

        private HealthCheckResponse down(String why) {
            return HealthCheckResponse.named(name).down().withData("reason", why).build();
        }
    }
}
