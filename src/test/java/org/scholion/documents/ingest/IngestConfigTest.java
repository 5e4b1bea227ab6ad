package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits' defaults are written twice (the mapping's @WithDefault and Limits.defaults()): they must agree. */
class IngestConfigTest {
    private static IngestConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", properties) {
                })
                .build();
        return config.getConfigMapping(IngestConfig.class);
    }

    @Test
    void theMappingsDefaultsAreTheLimitsDefaults() {
        assertEquals(Limits.defaults(), Limits.of(config(Map.of())));
    }

    @Test
    void eachLimitCanBeSet() {
        Limits limits = Limits.of(config(Map.of("scholion.documents.max-upload-bytes", "1048576",
                "scholion.documents.max-text-code-points", "1000", "scholion.documents.max-pdf-pages", "10",
                "scholion.documents.pdf-timeout", "5s", "scholion.documents.max-pdf-stream-bytes", "2048")));
        assertEquals(new Limits(1048576, 1000, 10, Duration.ofSeconds(5), 2048), limits);
    }
}
