package org.scholion.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A verified launch: what Scholion uses of the platform's id_token. Made only by {@link LaunchVerifier}
 * (or again from the claims it kept while the browser completed the launch).
 */
record Launch(UUID platform, String messageType, String deploymentId, String sub, String name, String email, Set<String> roles,
        String contextId, String contextTitle, String contextLabel, String resourceLinkId, String resourceLinkTitle, String targetLinkUri,
        Map<String, String> custom, String documentTarget, String returnUrl, String membershipsUrl, String lineItemsUrl, String lineItemUrl,
        String deepLinkReturnUrl, String deepLinkData, String claimsJson) {

    boolean deepLinking() {
        return Claims.DEEP_LINKING_REQUEST.equals(messageType);
    }

    /** Instructors, teaching assistants and the course's administrators moderate its group. */
    boolean teaches() {
        return LtiAccounts.teaches(roles);
    }

    /** Reads the claims of a verified id_token (kept as JSON while the browser completes the launch). */
    static Launch of(UUID platform, String claimsJson) throws ParseException {
        JWTClaimsSet c = JWTClaimsSet.parse(claimsJson);
        Map<String, Object> context = c.getJSONObjectClaim(Claims.CONTEXT);
        Map<String, Object> link = c.getJSONObjectClaim(Claims.RESOURCE_LINK);
        Map<String, Object> presentation = c.getJSONObjectClaim(Claims.LAUNCH_PRESENTATION);
        Map<String, Object> nrps = c.getJSONObjectClaim(Claims.NRPS);
        Map<String, Object> ags = c.getJSONObjectClaim(Claims.AGS_ENDPOINT);
        Map<String, Object> dl = c.getJSONObjectClaim(Claims.DEEP_LINKING_SETTINGS);
        Map<String, Object> customClaim = c.getJSONObjectClaim(Claims.CUSTOM);
        Map<String, String> custom = new LinkedHashMap<>();
        if (customClaim != null) {
            customClaim.forEach((k, v) -> custom.put(k, v == null ? "" : v.toString()));
        }
        List<String> roles = c.getStringListClaim(Claims.ROLES);
        String name = c.getStringClaim("name");
        if (name == null || name.isBlank()) {
            String given = c.getStringClaim("given_name");
            String family = c.getStringClaim("family_name");
            name = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        }
        return new Launch(platform, c.getStringClaim(Claims.MESSAGE_TYPE), c.getStringClaim(Claims.DEPLOYMENT_ID), c.getSubject(),
                name, c.getStringClaim("email"), roles == null ? Set.of() : Set.copyOf(roles),
                text(context, "id"), text(context, "title"), text(context, "label"), text(link, "id"), text(link, "title"),
                c.getStringClaim(Claims.TARGET_LINK_URI), Map.copyOf(custom), text(presentation, "document_target"),
                text(presentation, "return_url"), text(nrps, "context_memberships_url"), text(ags, "lineitems"), text(ags, "lineitem"),
                text(dl, "deep_link_return_url"), text(dl, "data"), claimsJson);
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? null : v.toString();
    }
}
