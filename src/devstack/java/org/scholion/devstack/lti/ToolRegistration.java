package org.scholion.devstack.lti;

import java.util.List;

/**
 * Where the tool is, as the platform knows it: told by {@link FakePlatform#tool} or by a dynamic registration.
 *
 * @param clientId the OAuth client id the platform gave the tool
 * @param deploymentId the deployment the launches carry
 * @param jwksUrl where the tool publishes the keys of its client assertions and deep linking responses
 * @param loginUrl the tool's OIDC third-party login initiation URL
 * @param redirectUris where /auth may post an id_token
 * @param targetLinkUri the launch target when a launch names none
 */
public record ToolRegistration(String clientId, String deploymentId, String jwksUrl, String loginUrl,
        List<String> redirectUris, String targetLinkUri) {
    public ToolRegistration {
        redirectUris = List.copyOf(redirectUris);
    }
}
