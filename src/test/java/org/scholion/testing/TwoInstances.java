package org.scholion.testing;

import org.scholion.devstack.Ports;

/**
 * Two instances of the packaged application on one database, as behind a load balancer without
 * sticky sessions: started once per test JVM (failsafe) for every IT that needs them, stopped when
 * the JVM exits. Both hand out the same public URL (here A's), as instances behind one name do.
 */
public final class TwoInstances {
    private static TwoInstances started;

    private final AppInstance a;
    private final AppInstance b;
    private final String publicUrl;

    private TwoInstances(AppInstance a, AppInstance b, String publicUrl) {
        this.a = a;
        this.b = b;
        this.publicUrl = publicUrl;
    }

    public static synchronized TwoInstances get() {
        if (started == null) {
            try {
                int portA = Ports.free();
                String publicUrl = "http://localhost:" + portA;
                // both look for re-anchoring jobs every second (the default is 30 s) and take small batches, so
                // that they meet on one job
                java.util.Map<String, String> env = java.util.Map.of("SCHOLION_REANCHORING_POLL", "1",
                        "SCHOLION_REANCHORING_BATCH_SIZE", "10");
                AppInstance a = AppInstance.start("a", portA, publicUrl, env);
                AppInstance b = AppInstance.start("b", publicUrl, env);
                started = new TwoInstances(a, b, publicUrl);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    b.close();
                    a.close();
                }, "two-instances-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("Could not start two app instances: " + e.getMessage(), e);
            }
        }
        return started;
    }

    public AppInstance a() {
        return a;
    }

    public AppInstance b() {
        return b;
    }

    /** The base URL both instances put in the IRIs they hand out. */
    public String publicUrl() {
        return publicUrl;
    }
}
