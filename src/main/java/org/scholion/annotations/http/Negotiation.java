package org.scholion.annotations.http;

import java.util.List;
import java.util.Locale;
import org.scholion.annotations.jsonld.Vocabulary;
import org.scholion.web.Problem;
import org.scholion.web.ProblemException;

/** Which media type an annotation answer is written in (Protocol §3.1, §4.1). */
final class Negotiation {
    private Negotiation() {
    }

    /**
     * The W3C media type (JSON-LD with the anno profile) for {@code application/ld+json}, wildcards
     * or no Accept; plain JSON for a client that accepts only {@code application/json}; 406 otherwise.
     */
    static String annotationType(String accept) {
        if (accept == null || accept.isBlank()) {
            return Vocabulary.MEDIA_TYPE;
        }
        double best = 0;
        String chosen = null;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mt = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            String profile = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2) {
                    String k = kv[0].strip().toLowerCase(Locale.ROOT);
                    String v = kv[1].strip().replace("\"", "");
                    if (k.equals("q")) {
                        try {
                            q = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    } else if (k.equals("profile")) {
                        profile = v;
                    }
                }
            }
            String candidate = null;
            if (mt.equals("application/ld+json") && (profile == null || profile.contains(Vocabulary.PROFILE))
                    || mt.equals("*/*") || mt.equals("application/*")) {
                candidate = Vocabulary.MEDIA_TYPE;
            } else if (mt.equals("application/json")) {
                candidate = "application/json";
            }
            if (candidate != null && q > 0 && (q > best || q == best && candidate.equals(Vocabulary.MEDIA_TYPE))) {
                best = q;
                chosen = candidate;
            }
        }
        if (chosen == null) {
            String detail = "This container serves " + Vocabulary.MEDIA_TYPE + " (or application/json).";
            throw new ProblemException(406, detail, List.of(new Problem.FieldError("Accept", detail)));
        }
        return chosen;
    }
}
