package org.scholion.exports;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** How a cited work is recognised when cited again: its DOI, its web address, its ISBN. */
final class Identifiers {
    private static final Pattern DOI_PREFIX = Pattern.compile("^(?i)(doi:|https?://(dx\\.)?doi\\.org/)\\s*");
    private static final Pattern DOI_LINK = Pattern.compile("^(?i)https?://(dx\\.)?doi\\.org/10\\..*");
    private static final Pattern HTTP = Pattern.compile("^(?i)https?://");
    private static final Pattern ISBN_URN = Pattern.compile("^(?i)urn:isbn:");

    private Identifiers() {
    }

    /**
     * The DOI ("10.…") of a source: its doi field without a {@code doi:} or {@code https://doi.org/}
     * prefix, or else its IRI when that is a DOI link. Null when it has none.
     */
    static String doi(String doi, String iri) {
        if (doi != null && !doi.isBlank()) {
            return DOI_PREFIX.matcher(doi.strip()).replaceFirst("");
        }
        if (iri != null && DOI_LINK.matcher(iri).matches()) {
            try {
                // the path decoded: a DOI link percent-encodes what a DOI may contain, such as < > #
                return new URI(iri).getPath().substring(1);
            } catch (URISyntaxException e) {
                return DOI_PREFIX.matcher(iri).replaceFirst("");
            }
        }
        return null;
    }

    /**
     * DOI Handbook, Numbering: "DOI names are case insensitive, using ASCII case folding for
     * comparison of text. (Case insensitivity for DOI names applies only to ASCII characters …)".
     */
    static String doiKey(String doi) {
        StringBuilder key = new StringBuilder("doi:");
        doi.chars().forEach(c -> key.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return key.toString();
    }

    static boolean isUrl(String iri) {
        return iri != null && HTTP.matcher(iri).find();
    }

    /**
     * The same page whichever way it was written: the scheme dropped (http and https are one page
     * here), the host lower-cased, the fragment and a trailing slash of the path dropped. Path and
     * query keep their case: servers may tell them apart.
     */
    static String urlKey(String url) {
        String rest = HTTP.matcher(url.strip()).replaceFirst("");
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int pathStart = indexOfAny(rest, "/?");
        String host = pathStart < 0 ? rest : rest.substring(0, pathStart);
        String pathAndQuery = pathStart < 0 ? "" : rest.substring(pathStart);
        int queryStart = pathAndQuery.indexOf('?');
        String path = queryStart < 0 ? pathAndQuery : pathAndQuery.substring(0, queryStart);
        String query = queryStart < 0 ? "" : pathAndQuery.substring(queryStart);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return "url:" + host.toLowerCase(Locale.ROOT) + path + query;
    }

    /** The ISBN of a {@code urn:isbn:} IRI as written there; null for any other IRI. */
    static String isbn(String iri) {
        return iri != null && ISBN_URN.matcher(iri).find() ? iri.substring("urn:isbn:".length()) : null;
    }

    /** An ISBN written with or without hyphens or spaces is the same book. */
    static String isbnKey(String isbn) {
        return "isbn:" + isbn.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** Any other IRI (a {@code urn:uuid:} of a work without an address) matches only itself. */
    static String iriKey(String iri) {
        return "iri:" + iri;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
