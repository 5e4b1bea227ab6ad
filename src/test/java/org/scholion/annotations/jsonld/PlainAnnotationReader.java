package org.scholion.annotations.jsonld;

import org.scholion.annotations.Notices;

/**
 * The server's {@link AnnotationReader} built by hand, for plain unit tests in other packages that
 * check what they produce is what a POST takes. Its dependencies are plain objects (the IRIs, the
 * JSON-LD compaction with its bundled contexts, a list of notices); the constructors are package-private
 * because CDI builds them in the application.
 */
public final class PlainAnnotationReader {
    private PlainAnnotationReader() {
    }

    /** A reader for annotations on documents under {@code base} (e.g. {@code http://localhost:8080}). */
    public static AnnotationReader on(String base) {
        Iris iris = Iris.on(base);
        return new AnnotationReader(iris, new Compaction(iris, new ScholionContext(iris)), new Notices());
    }
}
