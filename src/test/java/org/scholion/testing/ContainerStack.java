package org.scholion.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.scholion.devstack.Ports;
import org.scholion.devstack.StackParts;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The test stack in containers, for machines where Docker works: the same PostgreSQL major and
 * Keycloak version as the embedded stack and docker-compose.yml, the same realm file.
 */
final class ContainerStack {
    static final String POSTGRES_IMAGE = "postgres:17";
    static final String KEYCLOAK_IMAGE = "quay.io/keycloak/keycloak:26.5.6";

    private ContainerStack() {
    }

    static boolean dockerUsable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    record Started(StackParts.Database database, StackParts.IdentityProvider keycloak, AutoCloseable stop) {
    }

    @SuppressWarnings("resource")
    static Started start(String appUrl, String clientSecret) {
        PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("scholion").withUsername("scholion").withPassword("scholion");
        pg.start();
        int kcPort = Ports.free();
        // Keycloak's issuer must be the URL the browser and the app both use: a fixed host port.
        GenericContainer<?> kc = new FixedHostPortGenericContainer<>(KEYCLOAK_IMAGE)
                .withFixedExposedPort(kcPort, 8080)
                .withCommand("start-dev", "--hostname=http://localhost:" + kcPort, "--import-realm")
                .withEnv("SCHOLION_PUBLIC_URL", appUrl)
                .withEnv("SCHOLION_OIDC_CLIENT_SECRET", clientSecret)
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", TestStack.KC_ADMIN)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", TestStack.KC_ADMIN_PASSWORD)
                .withCopyFileToContainer(MountableFile.forHostPath(Path.of("keycloak/scholion-realm.json")),
                        "/opt/keycloak/data/import/scholion-realm.json")
                .waitingFor(Wait.forHttp("/realms/scholion/.well-known/openid-configuration").forPort(8080)
                        .withStartupTimeout(Duration.ofMinutes(4)));
        try {
            kc.start();
        } catch (RuntimeException e) {
            pg.stop();
            throw e;
        }
        StackParts.Database db = new StackParts.Database() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://localhost:" + port() + "/" + database;
            }

            @Override
            public int port() {
                return pg.getMappedPort(5432);
            }
        };
        StackParts.IdentityProvider idp = new StackParts.IdentityProvider() {
            @Override
            public String realmUrl() {
                return "http://localhost:" + kcPort + "/realms/scholion";
            }

            @Override
            public int port() {
                return kcPort;
            }
        };
        return new Started(db, idp, () -> {
            kc.stop();
            pg.stop();
        });
    }
}
