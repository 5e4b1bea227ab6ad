package org.scholion.annotations.jsonld;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.scholion.web.PublicUrl;

/**
 * The one place that builds the IRIs the API hands out: documents, containers, annotations, their
 * pages, users, our JSON-LD context and the sources inside annotations. All start from the public
 * URL ({@link PublicUrl}).
 */
@ApplicationScoped
public class Iris {
    private final String base;

    Iris(PublicUrl publicUrl) {
        this.base = publicUrl.base();
    }

    /** Test and tool code: IRIs on another base. */
    public static Iris on(String base) {
        return new Iris(new PublicUrl(base));
    }

    public String base() {
        return base;
    }

    /** The base every document IRI starts with, ending in a slash. */
    public String documentsBase() {
        return base + "/api/documents/";
    }

    public String document(String slug) {
        return documentsBase() + slug;
    }

    /** The document's W3C annotation container (with its trailing slash, Protocol §4). */
    public String container(String slug) {
        return document(slug) + "/annotations/";
    }

    /** "The IRI for the Annotation MUST be the IRI of the Container with an additional component added to the end." */
    public String annotation(String slug, UUID id) {
        return container(slug) + id;
    }

    public String user(UUID id) {
        return base + "/api/users/" + id;
    }

    /** The JSON-LD context of Scholion's own terms. */
    public String context() {
        return base + "/ns/scholion.jsonld";
    }

    public String namespace() {
        return base + "/ns/scholion#";
    }

    /** A source inside an annotation: a UUID URN, stable across edits of the annotation. */
    public static String source(UUID id) {
        return "urn:uuid:" + id;
    }

    /** The source id of a {@link #source} IRI, or null when the IRI is not one. */
    public static UUID sourceId(String iri) {
        if (iri == null || !iri.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
            return null;
        }
        try {
            UUID id = UUID.fromString(iri.substring(9));
            return id.toString().equalsIgnoreCase(iri.substring(9)) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The collection (container) IRI of a listing: the container with the view and filter query. */
    public String collection(String slug, ContainerView view, String query) {
        String q = join(view.query(), query);
        return container(slug) + (q.isEmpty() ? "" : "?" + q);
    }

    /** A page of a listing; {@code pageSize} appears when it is not the default. */
    public String page(String slug, ContainerView view, String query, int page, int pageSize, int defaultPageSize) {
        String q = join(join(view.query(), query), "page=" + page);
        if (pageSize != defaultPageSize) {
            q = join(q, "pageSize=" + pageSize);
        }
        return container(slug) + "?" + q;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
    }
}
