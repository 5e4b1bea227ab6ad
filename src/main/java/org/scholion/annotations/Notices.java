package org.scholion.annotations;

import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What Scholion decided for the client while it took a write — a TextPositionSelector read as UTF-16
 * units, a position the quote overruled — for the response to say (the {@code Scholion-Notice}
 * header). Within one request: a write that was anchored again says it once.
 */
@RequestScoped
public class Notices {
    private final Set<String> said = new LinkedHashSet<>();

    public void add(String notice) {
        if (notice != null) {
            said.add(notice);
        }
    }

    /** One header value: the notices in order, as US-ASCII (header values are), separated by " | ". */
    public String header() {
        StringBuilder b = new StringBuilder();
        for (String n : said) {
            if (b.length() > 0) {
                b.append(" | ");
            }
            n.codePoints().forEach(cp -> b.append(cp >= 0x20 && cp < 0x7f ? (char) cp : '?'));
        }
        return b.toString();
    }
}
