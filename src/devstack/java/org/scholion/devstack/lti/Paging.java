package org.scholion.devstack.lti;

import com.sun.net.httpserver.HttpExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code limit} paging of the NRPS and AGS containers: a page at most {@link #MAX_PAGE} long and, when more
 * follows, a {@code Link: <next>; rel="next"} header (RFC 8288) whose URL carries the request's filters, since the
 * tool must follow it as is (AGS §3.2.4).
 */
final class Paging {
    /** The page size when the tool asks for none or for more: small enough that a test can reach a second page. */
    static final int MAX_PAGE = 100;

    private Paging() {
    }

    /** The requested page of {@code all}; sets the Link header when a next page exists. */
    static <T> List<T> page(HttpExchange exchange, List<T> all, String baseUrl, Map<String, String> filters) {
        Map<String, String> query = Http.query(exchange);
        int limit = Math.min(number(query, "limit", MAX_PAGE, 1), MAX_PAGE);
        int offset = number(query, "offset", 0, 0);
        int end = Math.min(all.size(), offset + limit);
        if (end < all.size()) {
            Map<String, String> next = new LinkedHashMap<>(filters);
            next.put("limit", Integer.toString(limit));
            next.put("offset", Integer.toString(end));
            exchange.getResponseHeaders().set("Link", "<" + baseUrl + "?" + Http.formEncode(next) + ">; rel=\"next\"");
        }
        return offset >= all.size() ? List.of() : all.subList(offset, end);
    }

    private static int number(Map<String, String> query, String name, int fallback, int min) {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the value
        }
        throw Http.Failure.text(400, name + " must be an integer of at least " + min + ", was " + raw);
    }
}
