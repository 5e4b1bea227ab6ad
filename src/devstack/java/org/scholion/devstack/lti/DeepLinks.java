package org.scholion.devstack.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code POST /deep-link-return}: takes the tool's deep linking response (Deep Linking 2.0 §4.5) and places the
 * resource link it picked in the course, with a line item when the content item declares one (AGS §4.9). The
 * request it answers is found through its data claim, which the platform makes unique per request, and is
 * answered once.
 */
final class DeepLinks {
    private final String issuer;
    private final Supplier<ToolRegistration> tool;
    private final ToolJwts toolJwts;
    private final FakeGradebook gradebook;
    private final BiConsumer<String, String> linkPlaced;
    private final Map<String, FakeLaunch> requestsByData = new ConcurrentHashMap<>();
    private final List<DeepLinkResponse> responses = new CopyOnWriteArrayList<>();
    private final List<PlacedLink> placed = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextLink = new AtomicInteger(1);

    DeepLinks(String issuer, Supplier<ToolRegistration> tool, ToolJwts toolJwts, FakeGradebook gradebook,
            BiConsumer<String, String> linkPlaced) {
        this.issuer = issuer;
        this.tool = tool;
        this.toolJwts = toolJwts;
        this.gradebook = gradebook;
        this.linkPlaced = linkPlaced;
    }

    /** A deep linking request was signed: its response will name it by this data. */
    void issued(FakeLaunch launch) {
        if (launch.data() != null) {
            requestsByData.put(launch.data(), launch);
        }
    }

    List<DeepLinkResponse> responses() {
        return List.copyOf(responses);
    }

    List<PlacedLink> placed() {
        return List.copyOf(placed);
    }

    void handle(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "POST");
        String jwt = Http.parameters(exchange).get("JWT");
        JWTClaimsSet claims;
        String data;
        FakeLaunch request;
        List<Map<String, Object>> items;
        try {
            claims = verify(jwt);
            data = claims.getStringClaim(Lti.DL_DATA);
            request = requestsByData.get(data);
            if (request == null) {
                throw new ToolJwts.Invalid("the data claim " + data + " does not echo the data of a deep linking request"
                        + " awaiting its response");
            }
            items = contentItems(claims);
        } catch (ToolJwts.Invalid | ParseException e) {
            throw Http.Failure.text(400, "Deep linking response refused: " + e.getMessage());
        }
        if (!requestsByData.remove(data, request)) {
            throw Http.Failure.text(400, "Deep linking response refused: its request was answered already");
        }
        for (Map<String, Object> item : items) {
            place(request.contextId(), item);
        }
        String message = claims.getStringClaim(Lti.DL_MSG);
        String error = claims.getStringClaim(Lti.DL_ERRORMSG);
        responses.add(new DeepLinkResponse(request.contextId(), request.userSub(), items, message, error));
        String titles = items.stream().map(i -> String.valueOf(i.getOrDefault("title", "(untitled)")))
                .collect(Collectors.joining(", "));
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Content added</title></head><body>");
        page.append("<p>").append(items.isEmpty() ? "Nothing was added." : "Content added: " + Http.escape(titles))
                .append("</p>");
        if (message != null) {
            page.append("<p>The tool says: ").append(Http.escape(message)).append("</p>");
        }
        if (error != null) {
            page.append("<p>The tool reports an error: ").append(Http.escape(error)).append("</p>");
        }
        page.append("<p><a href=\"").append(Http.escape(issuer + "/")).append("\">Back to the course</a></p></body></html>");
        Http.sendHtml(exchange, 200, page.toString());
    }

    private JWTClaimsSet verify(String jwt) throws ToolJwts.Invalid, ParseException {
        ToolRegistration registration = tool.get();
        JWTClaimsSet claims = toolJwts.verify(jwt, registration.jwksUrl());
        require(registration.clientId().equals(claims.getIssuer()),
                "iss must be the client id " + registration.clientId() + ", was " + claims.getIssuer());
        require(claims.getAudience().contains(issuer), "aud must be the platform issuer " + issuer + ", was " + claims.getAudience());
        ToolJwts.requireCurrent(claims);
        require(claims.getStringClaim("nonce") != null, "nonce is missing");
        require(Lti.DEEP_LINKING_RESPONSE.equals(claims.getStringClaim(Lti.MESSAGE_TYPE)),
                "message_type must be " + Lti.DEEP_LINKING_RESPONSE + ", was " + claims.getClaim(Lti.MESSAGE_TYPE));
        require("1.3.0".equals(claims.getStringClaim(Lti.VERSION)), "version must be 1.3.0, was " + claims.getClaim(Lti.VERSION));
        require(registration.deploymentId().equals(claims.getStringClaim(Lti.DEPLOYMENT_ID)),
                "deployment_id must be " + registration.deploymentId() + ", was " + claims.getClaim(Lti.DEPLOYMENT_ID));
        require(claims.getClaim(Lti.DL_DATA) != null, "the data claim is missing: it must echo the request's data");
        return claims;
    }

    /** The content items, checked against what every request of this platform accepts: one ltiResourceLink at most. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> contentItems(JWTClaimsSet claims) throws ToolJwts.Invalid {
        Object raw = claims.getClaim(Lti.DL_CONTENT_ITEMS);
        if (raw == null) {
            return List.of();
        }
        require(raw instanceof List<?>, "content_items must be an array");
        List<Map<String, Object>> items = new ArrayList<>();
        for (Object item : (List<?>) raw) {
            require(item instanceof Map<?, ?>, "each content item must be an object");
            items.add((Map<String, Object>) item);
        }
        require(items.size() <= 1, "accept_multiple is false, yet " + items.size() + " content items came");
        for (Map<String, Object> item : items) {
            require("ltiResourceLink".equals(item.get("type")), "accept_types is [ltiResourceLink], yet a " + item.get("type") + " came");
            Object lineItem = item.get("lineItem");
            if (lineItem != null) {
                require(lineItem instanceof Map<?, ?> declared && declared.get("scoreMaximum") instanceof Number max
                        && max.doubleValue() > 0, "a content item's lineItem needs a scoreMaximum above 0");
            }
        }
        return items;
    }

    /** A link placed without a deep linking response (no custom parameters, no line item). */
    PlacedLink placeByHand(String contextId, String title, String url) {
        String linkId = "dl-link-" + nextLink.getAndIncrement();
        linkPlaced.accept(contextId, linkId);
        PlacedLink link = new PlacedLink(contextId, linkId, title, url, Map.of(), null);
        placed.add(link);
        return link;
    }

    private void place(String contextId, Map<String, Object> item) {
        String linkId = "dl-link-" + nextLink.getAndIncrement();
        linkPlaced.accept(contextId, linkId);
        String title = item.get("title") instanceof String s ? s : null;
        Map<String, String> custom = new LinkedHashMap<>();
        if (item.get("custom") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> custom.put(String.valueOf(k), String.valueOf(v)));
        }
        String lineItemUrl = null;
        if (item.get("lineItem") instanceof Map<?, ?> declared) {
            String label = declared.get("label") instanceof String l ? l : String.valueOf(title);
            lineItemUrl = gradebook.create(contextId, label, ((Number) declared.get("scoreMaximum")).doubleValue(), linkId,
                    stringOrNull(declared.get("resourceId")), stringOrNull(declared.get("tag")), null, null).id();
        }
        placed.add(new PlacedLink(contextId, linkId, title, item.get("url") instanceof String u ? u : null, custom, lineItemUrl));
    }

    private static String stringOrNull(Object value) {
        return value instanceof String s ? s : null;
    }

    private static void require(boolean condition, String reason) throws ToolJwts.Invalid {
        if (!condition) {
            throw new ToolJwts.Invalid(reason);
        }
    }
}
