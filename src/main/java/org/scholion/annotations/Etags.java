package org.scholion.annotations;

/** Strong entity tags and the If-Match / If-None-Match comparisons (RFC 9110 §13.1). */
final class Etags {
    private Etags() {
    }

    static String annotation(Annotation a) {
        return "\"" + a.id + "-" + a.version + "\"";
    }

    /** If-Match uses the strong comparison: weak tags never match. */
    static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.equals("*") || s.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** If-None-Match uses the weak comparison. */
    static boolean noneMatchHits(String header, String etag) {
        if (header == null) {
            return false;
        }
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.startsWith("W/")) {
                s = s.substring(2);
            }
            if (s.equals("*") || s.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
