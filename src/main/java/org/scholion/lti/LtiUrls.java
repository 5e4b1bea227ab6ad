package org.scholion.lti;

import jakarta.enterprise.context.ApplicationScoped;
import org.scholion.web.PublicUrl;

/** Scholion's LTI endpoints as a platform is told them: at the public URL. */
@ApplicationScoped
public class LtiUrls {
    public static final String LOGIN = "/lti/login";
    public static final String LAUNCH = "/lti/launch";
    public static final String JWKS = "/lti/jwks";
    public static final String REGISTER = "/lti/register";

    /** What an admin types into the LMS (or dynamic registration sends it). */
    public record Tool(String loginUrl, String launchUrl, String deepLinkingUrl, String jwksUrl, String targetLinkUri,
            String registrationUrl) {
    }

    private final PublicUrl publicUrl;

    LtiUrls(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String base() {
        return publicUrl.base();
    }

    public String login() {
        return base() + LOGIN;
    }

    /** The redirect URI of the OIDC login: resource-link and deep-linking launches alike. */
    public String launch() {
        return base() + LAUNCH;
    }

    public String jwks() {
        return base() + JWKS;
    }

    public Tool tool() {
        return new Tool(login(), launch(), launch(), jwks(), base() + "/", base() + REGISTER);
    }
}
