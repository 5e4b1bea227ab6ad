package org.scholion.annotations;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What an annotation says: a comment, tags, an assessment's verdict and the sources it cites.
 * Stored as JSON in our own shape (see {@code StoredBodies}); the W3C mapping writes it as W3C
 * bodies.
 *
 * @param comment   null when there is none
 * @param verdict   null unless the annotation assesses
 */
public record Body(Comment comment, List<String> tags, Verdict verdict, List<Source> sources) {
    public static final Body EMPTY = new Body(null, List.of(), null, List.of());

    public Body {
        tags = List.copyOf(tags);
        sources = List.copyOf(sources);
    }

    /**
     * A comment in Markdown or plain text.
     *
     * @param language BCP 47 tag or null
     */
    public record Comment(String text, String format, String language) {
        public static final String MARKDOWN = "text/markdown";
        public static final String PLAIN = "text/plain";
        /** Sent by W3C clients that write HTML (issue 19); kept sanitised. */
        public static final String HTML = "text/html";
    }

    /** An assessment's verdict on the passage. */
    public enum Verdict {
        ACCURATE, INACCURATE, MISLEADING, UNSUPPORTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A source cited as evidence: a work (identified by {@code iri}: its http(s) URL, or a
     * {@code urn:} when it has none) and what the annotation takes from it. Its {@code id} stays
     * the same across edits of the annotation, so what is said about the source (a review) stays
     * attached to it.
     *
     * @param iri       the cited work: an http(s) URL, a DOI link, or a URN (urn:isbn:…, urn:uuid:…)
     * @param authors   the work's authors, in citation order
     * @param published the year or date of publication, as written
     * @param container the journal, book or site the work appears in
     * @param locator   the pinpoint: page, section, timestamp
     * @param excerpt   the quoted passage
     * @param doi       the DOI (10.…), when the work has one
     */
    public record Source(UUID id, String iri, String title, List<String> authors, String published, String container,
            String locator, String excerpt, String doi) {
        public Source {
            authors = authors == null ? List.of() : List.copyOf(authors);
        }

        /** The same source under another id (an edit that sent it without its id keeps the old one). */
        public Source withId(UUID newId) {
            return new Source(newId, iri, title, authors, published, container, locator, excerpt, doi);
        }

        /**
         * The IRI of a work cited without any URL: a name-based UUID URN of its title, authors and
         * year, so that the same work cited the same way is one IRI in every annotation (migration
         * V4 computes the same for the sources it converted).
         */
        public static String unlinkedWorkIri(String title, List<String> authors, String published) {
            String us = "\u001f";
            String name = "scholion:work" + us + (title == null ? "" : title) + us + String.join(us, authors) + us
                    + (published == null ? "" : published);
            return "urn:uuid:" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Whether the other cites the same evidence: the same work, at the same place, quoting the
         * same words. What a review of a source judged; its title or authors may be corrected
         * without outdating the review.
         */
        public boolean sameEvidence(Source other) {
            return iri.equals(other.iri) && Objects.equals(locator, other.locator) && Objects.equals(excerpt, other.excerpt);
        }

        /** Whether the other says exactly the same about the same work (its id aside). */
        public boolean sameCitation(Source other) {
            return withId(null).equals(other.withId(null));
        }

        /** Whether the cited work has a web address one can follow. */
        public boolean linkable() {
            return iri.startsWith("https://") || iri.startsWith("http://");
        }
    }
}
