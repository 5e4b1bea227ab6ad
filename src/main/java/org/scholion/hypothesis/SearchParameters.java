package org.scholion.hypothesis;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.scholion.domain.DomainError;

/**
 * The query of h's {@code GET /api/search}, read as h reads it: its {@code SearchParamsSchema}
 * (hypothesis/h {@code h/schemas/annotation.py}) — limit 0 to 200 (default 20), offset 0 to 9800
 * (default 0), sort one of created, updated, group, id, user (default updated), order asc or desc
 * (default desc), {@code search_after} a parsable date (ISO 8601 or milliseconds since the epoch) when
 * sorting by a date, which sets offset to 0; {@code _separate_replies} a colander Boolean ("false" and
 * "0" are false, anything else true). A value out of these bounds is refused (400) as h refuses it;
 * a parameter h does not know is ignored, as h lets it through its schema.
 *
 * @param sort        created, updated, group, id or user
 * @param searchAfter the value of the sort field to start after, null for none
 * @param afterTime   {@code searchAfter} as a time when sorting by a date
 * @param tags        {@code tag} and {@code tags} together (h's "Alias of tag"; {@code tags} may be comma-separated)
 */
record SearchParameters(int limit, int offset, String sort, boolean ascending, String searchAfter, OffsetDateTime afterTime,
        boolean separateReplies, List<String> uris, List<String> wildcardUris, List<String> uriParts, List<String> groups,
        String user, List<String> tags, List<String> any, List<String> quote, List<String> text, List<String> references) {

    /** h's {@code LIMIT_MAX} and {@code OFFSET_MAX} ({@code h/search/query.py}). */
    static final int LIMIT_MAX = 200;
    static final int LIMIT_DEFAULT = 20;
    static final int OFFSET_MAX = 9800;
    static final Set<String> SORTS = Set.of("created", "updated", "group", "id", "user");

    static SearchParameters of(Map<String, List<String>> q) {
        int limit = integer(q, "limit", LIMIT_DEFAULT, 0, LIMIT_MAX);
        int offset = integer(q, "offset", 0, 0, OFFSET_MAX);
        String sort = first(q, "sort", "updated");
        if (!SORTS.contains(sort)) {
            throw DomainError.invalid("sort", "\"" + clean(sort) + "\" is not one of created, updated, group, id, user");
        }
        String order = first(q, "order", "desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw DomainError.invalid("order", "\"" + clean(order) + "\" is not one of asc, desc");
        }
        String after = first(q, "search_after", null);
        if (after != null && after.isEmpty()) {
            after = null;
        }
        OffsetDateTime afterTime = null;
        if (after != null) {
            if (sort.equals("created") || sort.equals("updated")) {
                afterTime = date(after);
            }
            // "offset must be set to 0 if search_after is specified" (SearchParamsSchema.validator)
            offset = 0;
        }
        String separate = first(q, "_separate_replies", "false");
        boolean separateReplies = !(separate.equalsIgnoreCase("false") || separate.equals("0"));
        List<String> uris = new ArrayList<>(all(q, "uri"));
        uris.addAll(all(q, "url"));
        List<String> wildcards = all(q, "wildcard_uri");
        for (String w : wildcards) {
            if (!wildcardValid(w)) {
                throw DomainError.invalid("wildcard_uri", "Wildcards (_ and *) are not permitted within the domain of wildcard_uri");
            }
        }
        List<String> tags = new ArrayList<>(all(q, "tag"));
        for (String t : all(q, "tags")) {
            for (String one : t.split(",")) {
                if (!one.isBlank()) {
                    tags.add(one.strip());
                }
            }
        }
        String user = first(q, "user", null);
        return new SearchParameters(limit, offset, sort, order.equals("asc"), after, afterTime, separateReplies, uris, wildcards,
                all(q, "uri.parts"), all(q, "group"), user == null || user.isEmpty() ? null : user, tags, all(q, "any"),
                all(q, "quote"), all(q, "text"), all(q, "references"));
    }

    private static String first(Map<String, List<String>> q, String name, String otherwise) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    /** The non-empty values of a parameter given any number of times. */
    private static List<String> all(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null ? List.of() : v.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    private static int integer(Map<String, List<String>> q, String name, int otherwise, int min, int max) {
        String v = first(q, name, null);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw DomainError.invalid(name, "\"" + clean(v) + "\" is not a number");
        }
        if (n < min) {
            throw DomainError.invalid(name, n + " is less than minimum value " + min);
        }
        if (n > max) {
            throw DomainError.invalid(name, n + " is greater than maximum value " + max);
        }
        return n;
    }

    /**
     * A {@code search_after} for a date sort: an ISO 8601 date-time (a zone-less one is UTC, as h's
     * dateutil reads it for Elasticsearch) or milliseconds since the epoch. A number below 9999 is a
     * year, which h refuses as milliseconds.
     */
    static OffsetDateTime date(String v) {
        String s = v.strip();
        try {
            double ms = Double.parseDouble(s);
            if (ms >= 9999) {
                return Instant.ofEpochMilli((long) ms).atOffset(ZoneOffset.UTC);
            }
        } catch (NumberFormatException e) {
            // not a number: a date
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from,
                    java.time.LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o : ((java.time.LocalDateTime) t).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw DomainError.invalid("search_after", "search_after must be a parsable date in the form yyyy-MM-dd'T'HH:mm:ss.SSX"
                    + " or time in miliseconds since the epoch.");
        }
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /**
     * h's {@code wildcard_uri_is_valid} ({@code h/search/util.py}): "*'s and _'s are not permitted in
     * the scheme or netloc"; a value without either wildcard is not a wildcard URI either.
     */
    static boolean wildcardValid(String uri) {
        if (uri.indexOf('*') < 0 && uri.indexOf('_') < 0) {
            return false;
        }
        java.util.regex.Matcher m = SCHEME.matcher(uri);
        if (!m.find()) {
            return false;
        }
        String rest = uri.substring(m.end());
        String netloc = "";
        if (rest.startsWith("//")) {
            int end = rest.length();
            for (char c : new char[] { '/', '?', '#' }) {
                int at = rest.indexOf(c, 2);
                if (at >= 0 && at < end) {
                    end = at;
                }
            }
            netloc = rest.substring(2, end);
        }
        return netloc.indexOf('*') < 0 && netloc.indexOf('_') < 0;
    }

    private static String clean(String s) {
        return org.scholion.text.Fields.cleanForMessage(s);
    }
}
