package org.scholion.exports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The publication date of a work as far as it was written: a year, a year and month, or a full
 * date. Read from ISO 8601 ("1996", "1996-03", "2004-05-12"); from free text ("Spring 1996",
 * "12 May 2004") only the year, the first four-digit number.
 *
 * @param month 0 when not known
 * @param day   0 when not known
 */
record Issued(int year, int month, int day) {
    private static final Pattern ISO = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    private static final Pattern YEAR = Pattern.compile("(?<!\\d)\\d{4}(?!\\d)");

    /** Null when nothing like a year was written. */
    static Issued parse(String published) {
        if (published == null) {
            return null;
        }
        String p = published.strip();
        Matcher iso = ISO.matcher(p);
        if (iso.matches()) {
            int month = iso.group(2) == null ? 0 : Integer.parseInt(iso.group(2));
            int day = iso.group(3) == null ? 0 : Integer.parseInt(iso.group(3));
            if (month < 1 || month > 12) {
                return new Issued(Integer.parseInt(iso.group(1)), 0, 0);
            }
            return new Issued(Integer.parseInt(iso.group(1)), month, day >= 1 && day <= 31 ? day : 0);
        }
        Matcher year = YEAR.matcher(p);
        return year.find() ? new Issued(Integer.parseInt(year.group()), 0, 0) : null;
    }

    String yearText() {
        return String.format("%04d", year);
    }
}
