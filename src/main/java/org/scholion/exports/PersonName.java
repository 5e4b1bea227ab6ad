package org.scholion.exports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * An author as the three formats want one: a person's family and given names, or a literal name
 * (an organisation, a mononym) that no format should split or invert.
 *
 * @param literal null for a person; family and given are null for a literal name
 */
record PersonName(String family, String given, String literal) {
    /**
     * Words that make a name an organisation's. A guess, as names are written free-hand: a missed
     * organisation comes out as a person with its last word for a family name, which a reader
     * notices and a reference manager lets them fix.
     */
    private static final Set<String> ORGANISATION_WORDS = Set.of("agency", "archive", "archives", "association",
            "bank", "bureau", "center", "centre", "college", "commission", "committee", "company", "corporation",
            "council", "department", "foundation", "government", "group", "inc", "inc.", "institute", "institution",
            "international", "library", "ltd", "ltd.", "ministry", "museum", "news", "office", "organisation",
            "organization", "press", "project", "school", "service", "society", "team", "trust", "union",
            "university");

    /**
     * "Family, Given" as written; "Given Family" with the last word as the family name, or from the
     * first lower-case word on ("Charles de Gaulle", "Ludwig van Beethoven"), as BibTeX reads the
     * "von" part; a single word, an organisation's name, or more than one comma: literal.
     */
    static PersonName parse(String written) {
        String name = written.strip().replaceAll("\\s+", " ");
        String[] byComma = name.split("\\s*,\\s*", -1);
        if (byComma.length == 2 && !byComma[0].isEmpty() && !byComma[1].isEmpty()) {
            return new PersonName(byComma[0], byComma[1], null);
        }
        String[] words = name.split(" ");
        if (byComma.length > 1 || words.length < 2 || isOrganisation(words)) {
            return new PersonName(null, null, name);
        }
        int family = words.length - 1;
        for (int i = 1; i < words.length - 1; i++) {
            if (Character.isLowerCase(words[i].codePointAt(0))) {
                family = i;
                break;
            }
        }
        return new PersonName(String.join(" ", Arrays.copyOfRange(words, family, words.length)),
                String.join(" ", Arrays.copyOfRange(words, 0, family)), null);
    }

    private static boolean isOrganisation(String[] words) {
        for (String w : words) {
            if (w.equals("&") || ORGANISATION_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** "Family, Given", the form BibTeX and RIS both read without guessing; a literal as it is. */
    String inverted() {
        return isLiteral() ? literal : family + ", " + given;
    }

    /** The name a citation key starts with: the family name, or a literal name's first word. */
    String keyName() {
        return isLiteral() ? literal.split(" ")[0] : family;
    }
}
