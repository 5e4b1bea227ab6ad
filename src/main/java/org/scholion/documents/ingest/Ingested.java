package org.scholion.documents.ingest;

import java.util.List;

/**
 * One upload read into the one text of a revision.
 *
 * @param format    what the file was taken as
 * @param mediaType the format's media type, as stored with the source
 * @param text      the canonical text: NFC, LF line ends, no control characters but tab and LF, no leading or
 *                  trailing white space; every W3C selector counts in this string's Unicode code points
 * @param rendition for formatted sources a sanitised HTML fragment (no {@code <html>}/{@code <body>}) whose DOM
 *                  {@code textContent}, once a browser parses it, is exactly {@code text}; null for TEXT
 * @param pages     for PDF the code-point offset in {@code text} where each page starts (the first is 0); empty
 *                  otherwise
 * @param found     metadata the file carries
 */
public record Ingested(Format format, String mediaType, String text, String rendition, List<Integer> pages, Found found) {
    public Ingested {
        pages = pages == null ? List.of() : List.copyOf(pages);
        found = found == null ? Found.NOTHING : found;
    }
}
