package org.scholion.annotations.jsonld;

/**
 * How a container lists its annotations (Protocol §4.2, "Container Representation Preferences"):
 * embedded or only linked pages ({@code minimal}), and in those pages full descriptions or IRIs.
 *
 * @param minimal no embedded page: {@code first} and {@code last} are links ({@code PreferMinimalContainer})
 * @param iris    pages list IRIs ({@code PreferContainedIRIs}), else descriptions ({@code PreferContainedDescriptions})
 */
public record ContainerView(boolean minimal, boolean iris) {
    public static final ContainerView DESCRIPTIONS = new ContainerView(false, false);
    public static final ContainerView IRIS = new ContainerView(false, true);

    /** The view of the pages this one links to: a page is never minimal. */
    public ContainerView pages() {
        return minimal ? new ContainerView(false, iris) : this;
    }

    /**
     * What the view adds to the IRIs of the collection and its pages. IRIs get their own
     * collection ({@code ?iris=1}), as in the Protocol's examples; the minimal view is the same
     * collection without its page embedded, so its IRI is the collection's.
     */
    String query() {
        return iris ? "iris=1" : "";
    }
}
