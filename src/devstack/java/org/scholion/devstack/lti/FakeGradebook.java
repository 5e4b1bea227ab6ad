package org.scholion.devstack.lti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gradebook behind Assignment and Grade Services 2.0: line items per context, the scores tools post and the
 * results they read. A line item's URL carries a query string, as Moodle's do
 * ({@code .../lineitems/7/lineitem?type_id=1}), so that a tool appending "/scores" to the string instead of to the
 * path is caught (AGS §3.4.1: the query must be kept).
 */
public final class FakeGradebook {
    static final String PREFIX = "/ags/";
    private static final String TYPE_ID = "type_id=1";
    private static final Pattern PATH = Pattern.compile("/ags/([^/]+)/lineitems(?:/(\\d{1,9})/lineitem(?:/(scores|results))?)?");
    private static final Set<String> ACTIVITY = Set.of("Initialized", "Started", "InProgress", "Submitted", "Completed");
    private static final Set<String> GRADING = Set.of("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady");
    /** ISO 8601 date and time with a zone designator: Z, +hh:mm or +hh (the forms AGS §3.4.9 shows). */
    private static final DateTimeFormatter ZONED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendOffset("+HH:mm", "Z").toFormatter();

    private final String issuer;
    private final AccessTokens tokens;
    private final BiPredicate<String, String> linkExists;
    private final AtomicInteger nextNumber = new AtomicInteger(1);
    private final Map<Integer, LineItem> items = new ConcurrentSkipListMap<>();
    private final Map<Integer, List<Score>> scores = new ConcurrentSkipListMap<>();

    /** A gradebook column (AGS §3.2). Null fields are absent from its JSON. */
    public record LineItem(String id, String contextId, String label, double scoreMaximum, String resourceLinkId,
            String resourceId, String tag, String startDateTime, String endDateTime) {
        /** Where this line item's results are read: "/results" added to the path, the query kept (AGS §3.3.1). */
        String resultsUrl() {
            int q = id.indexOf('?');
            return id.substring(0, q) + "/results" + id.substring(q);
        }

        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("label", label);
            out.put("scoreMaximum", scoreMaximum);
            putIfSet(out, "resourceLinkId", resourceLinkId);
            putIfSet(out, "resourceId", resourceId);
            putIfSet(out, "tag", tag);
            putIfSet(out, "startDateTime", startDateTime);
            putIfSet(out, "endDateTime", endDateTime);
            return out;
        }
    }

    /** A score a tool posted (AGS §3.4), as accepted. scoreGiven and scoreMaximum may be null (no score yet). */
    public record Score(String userId, Double scoreGiven, Double scoreMaximum, String activityProgress,
            String gradingProgress, Instant timestamp, String comment) {
    }

    FakeGradebook(String issuer, AccessTokens tokens, BiPredicate<String, String> linkExists) {
        this.issuer = issuer;
        this.tokens = tokens;
        this.linkExists = linkExists;
    }

    String lineItemsUrl(String contextId) {
        return issuer + PREFIX + Http.segment(contextId) + "/lineitems";
    }

    LineItem create(String contextId, String label, double scoreMaximum, String resourceLinkId, String resourceId,
            String tag, String startDateTime, String endDateTime) {
        int n = nextNumber.getAndIncrement();
        String id = lineItemsUrl(contextId) + "/" + n + "/lineitem?" + TYPE_ID;
        LineItem item = new LineItem(id, contextId, label, scoreMaximum, resourceLinkId, resourceId, tag, startDateTime,
                endDateTime);
        items.put(n, item);
        scores.put(n, new CopyOnWriteArrayList<>());
        return item;
    }

    List<LineItem> lineItems(String contextId) {
        return items.values().stream().filter(i -> i.contextId().equals(contextId)).toList();
    }

    List<Score> scores(String lineItemUrl) {
        for (Map.Entry<Integer, LineItem> e : items.entrySet()) {
            if (e.getValue().id().equals(lineItemUrl)) {
                return List.copyOf(scores.getOrDefault(e.getKey(), List.of()));
            }
        }
        return List.of();
    }

    /** Every line item with its scores, for the demo's gradebook page. */
    Map<LineItem, List<Score>> all() {
        Map<LineItem, List<Score>> out = new LinkedHashMap<>();
        items.forEach((n, item) -> out.put(item, List.copyOf(scores.getOrDefault(n, List.of()))));
        return out;
    }

    void handle(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw Http.Failure.text(404, "Nothing at " + path);
        }
        String contextId = Http.decodeSegment(m.group(1));
        if (m.group(2) == null) {
            container(exchange, contextId);
            return;
        }
        if (!"1".equals(Http.query(exchange).get("type_id"))) {
            throw Http.Failure.text(404, "No line item at " + path + "?" + exchange.getRequestURI().getRawQuery()
                    + ": a line item URL ends in ?" + TYPE_ID + ", and /scores or /results goes before the query");
        }
        int n = Integer.parseInt(m.group(2));
        LineItem item = items.get(n);
        if (item == null || !item.contextId().equals(contextId)) {
            throw Http.Failure.text(404, "No line item " + n + " in context " + contextId);
        }
        if (m.group(3) == null) {
            lineItem(exchange, n, item);
        } else if (m.group(3).equals("scores")) {
            score(exchange, n);
        } else {
            results(exchange, n, item);
        }
    }

    private void container(HttpExchange exchange, String contextId) throws Exception {
        Http.requireMethod(exchange, "GET", "POST");
        if (exchange.getRequestMethod().equals("POST")) {
            tokens.require(exchange, Lti.SCOPE_LINEITEM);
            Http.requireMediaType(exchange, Lti.LINEITEM);
            JsonNode body = object(exchange);
            String resourceLinkId = optionalText(body, "resourceLinkId");
            if (resourceLinkId != null && !linkExists.test(contextId, resourceLinkId)) {
                throw Http.Failure.text(404, "No resource link " + resourceLinkId + " in context " + contextId);
            }
            LineItem item = create(contextId, label(body), scoreMaximum(body), resourceLinkId,
                    optionalText(body, "resourceId"), optionalText(body, "tag"), optionalTime(body, "startDateTime"),
                    optionalTime(body, "endDateTime"));
            exchange.getResponseHeaders().set("Location", item.id());
            Http.sendJson(exchange, 201, Lti.LINEITEM, item.json());
            return;
        }
        tokens.require(exchange, Lti.SCOPE_LINEITEM, Lti.SCOPE_LINEITEM_READONLY);
        Map<String, String> query = Http.query(exchange);
        Map<String, String> filters = new LinkedHashMap<>();
        List<LineItem> matching = new ArrayList<>(lineItems(contextId));
        for (String[] filter : new String[][] {{"resource_link_id", "resourceLinkId"}, {"resource_id", "resourceId"},
                {"tag", "tag"}}) {
            String wanted = query.get(filter[0]);
            if (wanted != null) {
                filters.put(filter[0], wanted);
                matching.removeIf(i -> !wanted.equals(i.json().get(filter[1])));
            }
        }
        List<LineItem> page = Paging.page(exchange, matching, lineItemsUrl(contextId), filters);
        Http.sendJson(exchange, 200, Lti.LINEITEM_CONTAINER, page.stream().map(LineItem::json).toList());
    }

    private void lineItem(HttpExchange exchange, int n, LineItem item) throws Exception {
        Http.requireMethod(exchange, "GET", "PUT", "DELETE");
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                tokens.require(exchange, Lti.SCOPE_LINEITEM, Lti.SCOPE_LINEITEM_READONLY);
                Http.sendJson(exchange, 200, Lti.LINEITEM, item.json());
            }
            case "PUT" -> {
                tokens.require(exchange, Lti.SCOPE_LINEITEM);
                Http.requireMediaType(exchange, Lti.LINEITEM);
                JsonNode body = object(exchange);
                // AGS §3.2.6: the tool must not change id or resourceLinkId; refusing shows the tool's mistake.
                String id = optionalText(body, "id");
                if (id != null && !id.equals(item.id())) {
                    throw Http.Failure.text(400, "id may not change: " + id + " is not " + item.id());
                }
                String resourceLinkId = optionalText(body, "resourceLinkId");
                if (resourceLinkId != null && !resourceLinkId.equals(item.resourceLinkId())) {
                    throw Http.Failure.text(400, "resourceLinkId may not change: was " + item.resourceLinkId());
                }
                LineItem updated = new LineItem(item.id(), item.contextId(), label(body), scoreMaximum(body),
                        item.resourceLinkId(), optionalText(body, "resourceId"), optionalText(body, "tag"),
                        optionalTime(body, "startDateTime"), optionalTime(body, "endDateTime"));
                items.put(n, updated);
                Http.sendJson(exchange, 200, Lti.LINEITEM, updated.json());
            }
            default -> {
                tokens.require(exchange, Lti.SCOPE_LINEITEM);
                items.remove(n);
                scores.remove(n);
                Http.send(exchange, 204, "text/plain", "");
            }
        }
    }

    private void score(HttpExchange exchange, int n) throws Exception {
        Http.requireMethod(exchange, "POST");
        tokens.require(exchange, Lti.SCOPE_SCORE);
        Http.requireMediaType(exchange, Lti.SCORE);
        JsonNode body = object(exchange);
        String userId = optionalText(body, "userId");
        if (userId == null || userId.isBlank()) {
            throw Http.Failure.text(400, "userId is required");
        }
        Instant timestamp = time(body, "timestamp", true);
        String activity = oneOf(body, "activityProgress", ACTIVITY);
        String grading = oneOf(body, "gradingProgress", GRADING);
        Double given = optionalNumber(body, "scoreGiven");
        Double maximum = optionalNumber(body, "scoreMaximum");
        if (given != null && given < 0) {
            throw Http.Failure.text(400, "scoreGiven must be 0 or more, was " + given);
        }
        if (given != null && maximum == null) {
            throw Http.Failure.text(400, "scoreMaximum is required with scoreGiven");
        }
        if (maximum != null && maximum <= 0) {
            throw Http.Failure.text(400, "scoreMaximum must be more than 0, was " + maximum);
        }
        Score score = new Score(userId, given, maximum, activity, grading, timestamp, optionalText(body, "comment"));
        List<Score> recorded = scores.get(n);
        if (recorded == null) {
            throw Http.Failure.text(404, "The line item was deleted");
        }
        // AGS §3.4.9: timestamps strictly increase per (line item, user), and the platform must not take an update
        // older than the one on record; answering 409 makes a tool's out-of-order or repeated timestamp visible.
        synchronized (recorded) {
            for (Score earlier : recorded) {
                if (earlier.userId().equals(userId) && !timestamp.isAfter(earlier.timestamp())) {
                    throw Http.Failure.text(409, "The score's timestamp " + timestamp + " is not after the last one on record for "
                            + userId + " (" + earlier.timestamp() + ")");
                }
            }
            recorded.add(score);
        }
        Http.send(exchange, 204, "text/plain", "");
    }

    private void results(HttpExchange exchange, int n, LineItem item) throws Exception {
        Http.requireMethod(exchange, "GET");
        tokens.require(exchange, Lti.SCOPE_RESULT_READONLY);
        String onlyUser = Http.query(exchange).get("user_id");
        Map<String, Score> latest = new LinkedHashMap<>();
        for (Score s : scores.getOrDefault(n, List.of())) {
            latest.put(s.userId(), s);
        }
        List<Map<String, Object>> results = latest.values().stream()
                .filter(s -> s.scoreGiven() != null)
                .filter(s -> onlyUser == null || onlyUser.equals(s.userId()))
                .map(s -> result(item, s))
                .toList();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("type_id", "1");
        if (onlyUser != null) {
            filters.put("user_id", onlyUser);
        }
        String base = item.resultsUrl().substring(0, item.resultsUrl().indexOf('?'));
        Http.sendJson(exchange, 200, Lti.RESULT_CONTAINER, Paging.page(exchange, results, base, filters));
    }

    /** The result of a score: scaled to the line item's maximum, as AGS §3.4.4 describes a platform doing. */
    private static Map<String, Object> result(LineItem item, Score s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.resultsUrl() + "&user_id=" + Http.segment(s.userId()));
        out.put("scoreOf", item.id());
        out.put("userId", s.userId());
        out.put("resultScore", s.scoreGiven() * item.scoreMaximum() / s.scoreMaximum());
        out.put("resultMaximum", item.scoreMaximum());
        putIfSet(out, "comment", s.comment());
        return out;
    }

    private static JsonNode object(HttpExchange exchange) throws Exception {
        try {
            JsonNode node = Http.JSON.readTree(Http.body(exchange));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw Http.Failure.text(400, "The body is not JSON: " + e.getOriginalMessage());
        }
        throw Http.Failure.text(400, "The body must be a JSON object");
    }

    private static String label(JsonNode body) {
        String label = optionalText(body, "label");
        if (label == null || label.isBlank()) {
            throw Http.Failure.text(400, "label is required and may not be blank");
        }
        return label;
    }

    private static double scoreMaximum(JsonNode body) {
        Double max = optionalNumber(body, "scoreMaximum");
        if (max == null || max <= 0) {
            throw Http.Failure.text(400, "scoreMaximum is required and must be more than 0");
        }
        return max;
    }

    private static String oneOf(JsonNode body, String field, Set<String> allowed) {
        String value = optionalText(body, field);
        if (value == null || !allowed.contains(value)) {
            throw Http.Failure.text(400, field + " must be one of " + allowed + ", was " + value);
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw Http.Failure.text(400, field + " must be a string");
        }
        return node.asText();
    }

    private static Double optionalNumber(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw Http.Failure.text(400, field + " must be a number");
        }
        return node.asDouble();
    }

    /** A date-time field, checked and kept as the tool wrote it. */
    private static String optionalTime(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        time(body, field, false);
        return body.get(field).asText();
    }

    /** An ISO 8601 date-time with a zone designator; AGS §3.4.9 wants sub-second precision in a score's timestamp. */
    private static Instant time(JsonNode body, String field, boolean subSecond) {
        String raw = optionalText(body, field);
        if (raw == null) {
            throw Http.Failure.text(400, field + " is required");
        }
        try {
            Instant at = OffsetDateTime.parse(raw, ZONED).toInstant();
            if (subSecond && !raw.matches(".*T\\d{2}:\\d{2}:\\d{2}\\.\\d+.*")) {
                throw Http.Failure.text(400, field + " must have sub-second precision (AGS §3.4.9), was " + raw);
            }
            return at;
        } catch (DateTimeParseException e) {
            throw Http.Failure.text(400, field + " must be an ISO 8601 date-time with a zone designator, was " + raw);
        }
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
