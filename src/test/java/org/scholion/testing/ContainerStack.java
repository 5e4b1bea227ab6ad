package org.scholion.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.scholion.devstack.StackParts;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The test stack in containers, for machines where Docker works: the same PostgreSQL major and
 * Keycloak version as the embedded stack and docker-compose.yml, the same realm file, and, like
 * both, Keycloak's store in that PostgreSQL. Not run here (no Docker engine on the project's
 * machines); compiled with every build.
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
        // as in docker-compose.yml: Keycloak keeps its data in the same PostgreSQL, in its own database
        Network network = Network.newNetwork();
        PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("scholion").withUsername("scholion").withPassword(TestStack.DB_PASSWORD)
                .withNetwork(network).withNetworkAliases("postgres")
                .withCopyFileToContainer(MountableFile.forHostPath(Path.of("src/main/docker/postgres-init.sql")),
                        "/docker-entrypoint-initdb.d/10-keycloak.sql");
        pg.start();
        // No fixed host port: in dev mode Keycloak takes its issuer from the request, and the app and
        // the browser both reach it at http://localhost:<mapped port>, so they see the same issuer.
        GenericContainer<?> kc = new GenericContainer<>(KEYCLOAK_IMAGE)
                .withNetwork(network)
                .withExposedPorts(8080)
                .withCommand("start-dev", "--import-realm", "--db=postgres", "--db-url=jdbc:postgresql://postgres:5432/keycloak",
                        "--db-username=keycloak", "--db-password=keycloak")
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
            network.close();
            throw e;
        }
        int kcPort = kc.getMappedPort(8080);
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
            network.close();
        });
    }
}
