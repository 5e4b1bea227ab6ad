package org.scholion.system;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SchemaValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.scholion.documents.DefaultDocuments;

/**
 * What must hold before the app serves anyone, in order: no demo secret in production, the
 * database answers, the schema is migrated and matches the entities, Keycloak answers, the shipped
 * documents are imported.
 * Waiting is bounded; a failure stops the app with one clear sentence instead of a stack trace
 * (Quarkus prints a ConfigurationException's message alone).
 */
@ApplicationScoped
public class StartupChecks {
    private final AgroalDataSource dataSource;
    private final Flyway flyway;
    private final EntityManagerFactory emf;
    private final DefaultDocuments defaults;
    private final String jdbcUrl;
    private final String oidcUrl;
    private final Duration wait;
    private final DemoSecrets demoSecrets;

    /** The demo's shipped values, what is configured, and whether this start may use them (demo, dev, test). */
    record DemoSecrets(boolean allowed, String shippedOidcSecret, String oidcSecret, String shippedDbPassword, String dbPassword) {
        /** The variables that still hold a shipped value, in one sentence; empty when none does or it is allowed. */
        Optional<String> refusal() {
            List<String> shipped = new ArrayList<>();
            if (shippedOidcSecret.equals(oidcSecret)) {
                shipped.add("SCHOLION_OIDC_CLIENT_SECRET");
            }
            if (shippedDbPassword.equals(dbPassword)) {
                shipped.add("SCHOLION_DB_PASSWORD");
            }
            if (allowed || shipped.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("Scholion cannot start: " + String.join(" and ", shipped)
                    + (shipped.size() == 1 ? " is the demo value" : " are the demo values")
                    + " shipped with Scholion; set your own (see README, Deploying), or run the demo with QUARKUS_PROFILE=prod,demo.");
        }
    }

    StartupChecks(AgroalDataSource dataSource, Flyway flyway, EntityManagerFactory emf, DefaultDocuments defaults,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String oidcUrl,
            @ConfigProperty(name = "scholion.startup.wait", defaultValue = "30s") Duration wait,
            @ConfigProperty(name = "scholion.allow-demo-secrets") boolean allowDemoSecrets,
            @ConfigProperty(name = "scholion.demo.oidc-client-secret") String shippedOidcSecret,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret") String oidcSecret,
            @ConfigProperty(name = "scholion.demo.db-password") String shippedDbPassword,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> dbPassword) {
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.emf = emf;
        this.defaults = defaults;
        this.jdbcUrl = jdbcUrl;
        this.oidcUrl = oidcUrl;
        this.wait = wait;
        this.demoSecrets = new DemoSecrets(allowDemoSecrets, shippedOidcSecret, oidcSecret, shippedDbPassword, dbPassword.orElse(""));
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        demoSecrets.refusal().ifPresent(sentence -> {
            throw new ConfigurationException(sentence);
        });
        awaitDatabase();
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            throw new ConfigurationException("Scholion cannot start: migrating the database at " + jdbcUrl
                    + " failed: " + firstLine(e));
        }
        try {
            emf.getSchemaManager().validate();
        } catch (SchemaValidationException | RuntimeException e) {
            throw new ConfigurationException("Scholion cannot start: the database schema does not match the application: "
                    + firstLine(e));
        }
        awaitKeycloak();
        defaults.importAll();
    }

    private void awaitDatabase() {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    return;
                }
            } catch (Exception e) {
                last = firstLine(e);
            }
            if (System.nanoTime() > deadline) {
                throw new ConfigurationException("Scholion cannot start: the database at " + jdbcUrl + " did not answer within "
                        + wait.toSeconds() + " s (" + last + "). Start PostgreSQL or set SCHOLION_DB_URL.");
            }
            Log.infof("Waiting for the database at %s (attempt %d)", jdbcUrl, attempt);
            pause();
        }
    }

    private void awaitKeycloak() {
        URI discovery = URI.create(oidcUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigurationException("Scholion cannot start: interrupted while waiting for Keycloak");
            } catch (Exception e) {
                last = firstLine(e);
            }
            if (System.nanoTime() > deadline) {
                throw new ConfigurationException("Scholion cannot start: Keycloak at " + oidcUrl + " did not answer within "
                        + wait.toSeconds() + " s (" + last + "). Start Keycloak or set SCHOLION_OIDC_URL.");
            }
            Log.infof("Waiting for Keycloak at %s (attempt %d)", oidcUrl, attempt);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The most specific message in the cause chain, on one line. */
    private static String firstLine(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
