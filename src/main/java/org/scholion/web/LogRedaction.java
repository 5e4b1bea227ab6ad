package org.scholion.web;

import java.util.regex.Pattern;

/** What must never be written to a log, and how it is written instead. */
public final class LogRedaction {
    /** A join code in a join link, in any spelling of the path ("/join/K7QM…", "//join/…", "/%6Aoin/…"). */
    private static final Pattern JOIN_CODE = Pattern.compile("(?i)(/(?:j|%6a)(?:o|%6f)(?:i|%69)(?:n|%6e)/+)[^/?#\\s\"']+");
    public static final String REDACTED = "<redacted>";

    private LogRedaction() {
    }

    /** The text with every join code in a join-link path replaced by {@value #REDACTED}. */
    public static String path(String text) {
        return text == null ? null : JOIN_CODE.matcher(text).replaceAll("$1" + REDACTED);
    }
}
