package org.scholion.annotations.jsonld;

/** The W3C names the mapping uses: contexts, the media type and its profile. */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** The Web Annotation JSON-LD context (Data Model §3.1: "@context … MUST be or contain it"). */
    public static final String ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
    /** The Linked Data Platform context, added to container documents (Protocol §4.1). */
    public static final String LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld";
    public static final String PROFILE = ANNO_CONTEXT;
    /** The media type of every annotation document (Protocol §3.1). */
    public static final String MEDIA_TYPE = "application/ld+json; profile=\"" + PROFILE + "\"";
}
