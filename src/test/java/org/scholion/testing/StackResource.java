package org.scholion.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application under test at the shared {@link TestStack}. */
public class StackResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        TestStack s = TestStack.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", s.postgres.jdbcUrl("scholion"),
                "quarkus.datasource.username", "scholion",
                "quarkus.datasource.password", TestStack.DB_PASSWORD,
                "quarkus.oidc.auth-server-url", s.keycloak.realmUrl(),
                "quarkus.oidc.credentials.secret", TestStack.CLIENT_SECRET,
                "scholion.public-url", TestStack.appUrl());
    }

    @Override
    public void stop() {
        // TestStack outlives a single Quarkus application; it stops with the JVM.
    }
}
