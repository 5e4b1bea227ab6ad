package org.scholion.live;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.config.WithDefault;
import java.util.HashMap;
import java.util.Map;

/**
 * The live limits as shipped (LiveConfig's defaults, read from it rather than copied), for the
 * tests of the limits: the rest of the suite lifts the per-user upgrade bucket (application.properties).
 */
public class LiveDefaultLimits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> o = new HashMap<>();
        for (String[] setting : new String[][] { { "upgradeBurstPerUser", "upgrade-burst-per-user" },
                { "upgradesPerSecondPerUser", "upgrades-per-second-per-user" } }) {
            String value = shipped(setting[0]);
            o.put("scholion.live." + setting[1], value);
            o.put("%test.scholion.live." + setting[1], value);
        }
        return o;
    }

    private static String shipped(String method) {
        try {
            return LiveConfig.class.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
