package org.scholion.documents.ingest;

import java.util.List;

/**
 * Bibliographic metadata found in the file itself (an HTML {@code <title>} and author meta tags, a PDF's
 * document information): a suggestion for the form, never trusted as more. {@code title} is null and
 * {@code authors} empty when the file says nothing.
 */
public record Found(String title, List<String> authors) {
    public Found {
        authors = authors == null ? List.of() : List.copyOf(authors);
    }

    static final Found NOTHING = new Found(null, List.of());
}
