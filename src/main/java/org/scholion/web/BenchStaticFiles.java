package org.scholion.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The benchmark's "static floor": when scholion.bench.static-dir is set (only bench/run.sh sets
 * it), the files of that folder are served at /bench-static/ by this same app, so API throughput
 * can be compared with serving the same bytes as a plain file. Off by default.
 */
@ApplicationScoped
public class BenchStaticFiles {
    private final Optional<String> dir;

    BenchStaticFiles(@ConfigProperty(name = "scholion.bench.static-dir") Optional<String> dir) {
        this.dir = dir;
    }

    void routes(@Observes Router router) {
        dir.filter(d -> !d.isBlank()).ifPresent(d -> router.get("/bench-static/*")
                .handler(StaticHandler.create(FileSystemAccess.ROOT, d).setCachingEnabled(false)));
    }
}
