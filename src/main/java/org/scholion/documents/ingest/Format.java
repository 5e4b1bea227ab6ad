package org.scholion.documents.ingest;

/** The kinds of reading an instructor can upload. Which one a file is comes from its bytes first (see {@link Sniff}). */
public enum Format {
    TEXT("text", "text/plain"),
    MARKDOWN("markdown", "text/markdown"),
    HTML("html", "text/html"),
    PDF("pdf", "application/pdf");

    private final String key;
    private final String mediaType;

    Format(String key, String mediaType) {
        this.key = key;
        this.mediaType = mediaType;
    }

    /** The lower-case name used in URLs, JSON and the database ("text", "markdown", "html", "pdf"). */
    public String key() {
        return key;
    }

    /** The media type of the source as stored (without parameters). */
    public String mediaType() {
        return mediaType;
    }
}
