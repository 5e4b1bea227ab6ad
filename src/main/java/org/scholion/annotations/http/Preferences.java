package org.scholion.annotations.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.scholion.annotations.jsonld.ContainerView;

/**
 * The container preferences of the Web Annotation Protocol §4.2 ("Container Representation
 * Preferences"), read from a {@code Prefer} header (RFC 7240):
 * {@code return=representation;include="<IRI> <IRI> …"}. The IRIs are spelled exactly as the
 * Protocol spells them; {@code PreferenceTest} quotes the spec.
 */
final class Preferences {
    static final String PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer";
    static final String PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs";
    static final String PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions";

    private Preferences() {
    }

    /**
     * The view the client prefers, or empty when it states none we honour. "The client MUST NOT
     * include both the PreferContainedIRIs and PreferContainedDescriptions preferences on the same
     * request, as the server cannot honor both at the same time": such a request gets the default.
     */
    static Optional<ContainerView> containerView(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String preference : prefer.split(",")) {
            String[] parts = preference.split(";");
            if (!parts[0].strip().replace(" ", "").equalsIgnoreCase("return=representation")) {
                continue;
            }
            List<String> include = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2 && kv[0].strip().toLowerCase(Locale.ROOT).equals("include")) {
                    String v = kv[1].strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    for (String iri : v.strip().split("\\s+")) {
                        include.add(iri);
                    }
                }
            }
            boolean minimal = include.contains(PREFER_MINIMAL);
            boolean iris = include.contains(PREFER_IRIS);
            boolean descriptions = include.contains(PREFER_DESCRIPTIONS);
            if (iris && descriptions || !(minimal || iris || descriptions)) {
                return Optional.empty();
            }
            return Optional.of(new ContainerView(minimal, iris));
        }
        return Optional.empty();
    }
}
