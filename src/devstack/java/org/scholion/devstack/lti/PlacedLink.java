package org.scholion.devstack.lti;

import java.util.Map;

/**
 * A resource link the platform placed in a course from an ltiResourceLink content item, as an LMS adds an activity
 * the instructor picked.
 *
 * @param contextId where it was placed
 * @param resourceLinkId the id its launches carry in the resource_link claim
 * @param title the content item's title, or null
 * @param url the content item's url (its launches' target_link_uri), or null for the tool's default
 * @param custom the content item's custom parameters
 * @param lineItemUrl the line item made from the content item's lineItem (AGS §4.9), or null
 */
public record PlacedLink(String contextId, String resourceLinkId, String title, String url, Map<String, String> custom,
        String lineItemUrl) {
    public PlacedLink {
        custom = Map.copyOf(custom);
    }
}
