package org.scholion.devstack.lti;

import java.util.List;
import java.util.Map;

/**
 * A deep linking response the platform accepted at /deep-link-return (Deep Linking 2.0 §4.5).
 *
 * @param contextId the context of the deep linking request it answers (found through its data claim)
 * @param userSub the user who made the request
 * @param contentItems the content_items claim as sent, each a JSON object
 * @param message the msg claim, or null
 * @param errorMessage the errormsg claim, or null
 */
public record DeepLinkResponse(String contextId, String userSub, List<Map<String, Object>> contentItems, String message,
        String errorMessage) {
    public DeepLinkResponse {
        contentItems = List.copyOf(contentItems);
    }
}
