package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests the Quarkus Kubernetes extension generated at package time
 * (target/kubernetes/kubernetes.yml), read as YAML: the scale-out topology the README describes.
 */
class KubernetesManifestIT {
    static List<JsonNode> docs = new ArrayList<>();

    @BeforeAll
    static void read() throws Exception {
        Path yml = Path.of("target/kubernetes/kubernetes.yml");
        assertTrue(Files.exists(yml), "package the app first (mvn verify does)");
        try (var it = new YAMLMapper().readerFor(JsonNode.class).readValues(yml.toFile())) {
            while (it.hasNext()) {
                JsonNode d = (JsonNode) it.next();
                if (d != null && !d.isNull()) {
                    docs.add(d);
                }
            }
        }
    }

    static JsonNode kind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + docs));
    }

    static JsonNode container() {
        return kind("Deployment").path("spec").path("template").path("spec").path("containers").path(0);
    }

    @Test
    void severalStatelessReplicas() {
        assertTrue(kind("Deployment").path("spec").path("replicas").asInt() >= 2);
        assertTrue(container().path("volumeMounts").isMissingNode() || container().path("volumeMounts").isEmpty(),
                "no local state: nothing is mounted");
    }

    /** Kubernetes Service spec: "sessionAffinity: Supports 'ClientIP' and 'None'. ... Defaults to None." */
    @Test
    void noStickySessions() {
        JsonNode service = kind("Service").path("spec");
        assertTrue(service.path("sessionAffinity").isMissingNode() || "None".equals(service.path("sessionAffinity").asText()),
                service.toString());
        JsonNode ingress = kind("Ingress").path("metadata").path("annotations");
        assertFalse(ingress.toString().contains("affinity"), "no cookie affinity on the ingress: " + ingress);
    }

    @Test
    void probesUseTheHealthEndpoints() {
        assertEquals("/q/health/ready", container().path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container().path("livenessProbe").path("httpGet").path("path").asText());
    }

    /**
     * Quarkus OIDC, quarkus.oidc.token-state-manager.encryption-secret: "The secret is
     * auto-generated every time an application starts if it remains uninitialized ... Generated
     * secret can not decrypt the session cookie or token encrypted before the restart" — so every
     * replica must get the same one, from the shared Secret.
     */
    @Test
    void everyReplicaGetsTheSharedSecretsAndSettings() {
        List<String> from = StreamSupport.stream(container().path("envFrom").spliterator(), false)
                .map(e -> e.has("secretRef") ? "secret:" + e.path("secretRef").path("name").asText()
                        : "configmap:" + e.path("configMapRef").path("name").asText())
                .toList();
        assertTrue(from.contains("secret:scholion"), from.toString());
        assertTrue(from.contains("configmap:scholion"), from.toString());
        boolean behindProxy = StreamSupport.stream(container().path("env").spliterator(), false)
                .anyMatch(e -> "SCHOLION_BEHIND_PROXY".equals(e.path("name").asText()) && "true".equals(e.path("value").asText()));
        assertTrue(behindProxy, "forwarded headers are trusted behind the ingress");
    }

    /**
     * The management port listens on 127.0.0.1 unless told otherwise (issue 17), but Kubernetes'
     * HTTPGetAction: "host: Host name to connect to, defaults to the pod IP" — so in the pod it must
     * listen on every interface, or every probe fails and no replica ever becomes ready.
     */
    @Test
    void probesReachTheManagementPortAtThePodsAddress() {
        int probed = container().path("readinessProbe").path("httpGet").path("port").asInt();
        assertEquals(9000, probed, "the probes ask the management port");
        assertTrue(container().path("readinessProbe").path("httpGet").path("host").isMissingNode(), "no host: the pod IP");
        boolean everyInterface = StreamSupport.stream(container().path("env").spliterator(), false)
                .anyMatch(e -> "SCHOLION_MANAGEMENT_HOST".equals(e.path("name").asText()) && "0.0.0.0".equals(e.path("value").asText()));
        assertTrue(everyInterface, "SCHOLION_MANAGEMENT_HOST=0.0.0.0 in " + container().path("env"));
    }
}
