package org.scholion.exports;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.annotations.Body;

/**
 * One cited work of a {@link Bibliography}: what its first citation said of it, with what later
 * citations added where the first left a field empty, and how often it was cited, in how many
 * annotations, by whom.
 */
public final class Work {
    /** Words in a container's name that make it a periodical, so the work an article. */
    private static final Pattern JOURNAL = Pattern.compile(
            "\\b(journal|review|quarterly|annals|bulletin|transactions|proceedings|studies|letters)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** What kind of work each format is told it is. */
    enum Kind {
        /** urn:isbn: BibTeX book, RIS BOOK, CSL book. */
        BOOK,
        /** A container and a DOI, or a container named like a journal: article, JOUR, article-journal. */
        ARTICLE,
        /** A web address and no DOI: misc, ELEC, webpage. */
        WEB_PAGE,
        /** Anything else (no address, or a DOI and no container): misc, GEN, document. */
        DOCUMENT
    }

    private final String iri;
    private String url;
    private String doi;
    private String isbn;
    private String title;
    private List<String> authors;
    private String published;
    private String container;
    private int citations;
    private final Set<UUID> annotations = new HashSet<>();
    private final SortedSet<String> citers = new TreeSet<>(
            Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT)).thenComparing(Comparator.naturalOrder()));

    Work(String iri) {
        this.iri = iri;
    }

    /**
     * Counts the citation and fills what this work does not know yet from its source.
     *
     * @param citedIri the source's IRI, stripped
     * @param citedDoi the source's DOI without prefix, or null
     */
    void add(Citation citation, String citedIri, String citedDoi) {
        Body.Source s = citation.source();
        // a DOI link is the DOI again: written as url too, styles would print it twice
        if (url == null && Identifiers.isUrl(citedIri) && Identifiers.doi(null, citedIri) == null) {
            url = citedIri;
        }
        if (doi == null) {
            doi = citedDoi;
        }
        if (isbn == null) {
            isbn = Identifiers.isbn(citedIri);
        }
        title = orElse(title, s.title());
        authors = authors == null || authors.isEmpty() ? s.authors() : authors;
        published = orElse(published, s.published());
        container = orElse(container, s.container());
        citations++;
        if (citation.annotationId() != null) {
            annotations.add(citation.annotationId());
        }
        if (citation.citerName() != null && !citation.citerName().isBlank()) {
            citers.add(citation.citerName().strip());
        }
    }

    private static String orElse(String known, String offered) {
        return known != null ? known : offered == null || offered.isBlank() ? null : offered.strip();
    }

    /** The IRI the work was first cited by. */
    public String iri() {
        return iri;
    }

    /**
     * Its web address (http or https) as first cited, a DOI link aside; null when none of its
     * citations had one.
     */
    public String url() {
        return url;
    }

    /** Its DOI ("10.…", no prefix); null when it has none. */
    public String doi() {
        return doi;
    }

    /** Its ISBN, when it was cited as {@code urn:isbn:…}. */
    public String isbn() {
        return isbn;
    }

    public String title() {
        return title;
    }

    /** Its authors as written, in citation order. */
    public List<String> authors() {
        return authors == null ? List.of() : authors;
    }

    /** Its year or date of publication as written. */
    public String published() {
        return published;
    }

    /** The journal, book or site it appears in. */
    public String container() {
        return container;
    }

    /** How many times it was cited, counting each (annotation, source) once. */
    public int citations() {
        return citations;
    }

    /** In how many distinct annotations it was cited. */
    public int annotations() {
        return annotations.size();
    }

    /** The distinct names of those who cited it, sorted (case aside). */
    public SortedSet<String> citers() {
        return Collections.unmodifiableSortedSet(citers);
    }

    Kind kind() {
        if (isbn != null) {
            return Kind.BOOK;
        }
        if (container != null && (doi != null || JOURNAL.matcher(container).find())) {
            return Kind.ARTICLE;
        }
        return url != null && doi == null ? Kind.WEB_PAGE : Kind.DOCUMENT;
    }

    List<PersonName> names() {
        return authors().stream().filter(a -> !a.isBlank()).map(PersonName::parse).toList();
    }

    Issued issued() {
        return Issued.parse(published);
    }

    /** What every format carries as its note: "Cited 3 times in 2 annotations by Ann Lee, Bo Sun". */
    String note() {
        StringBuilder note = new StringBuilder("Cited ")
                .append(citations == 1 ? "once" : citations + " times")
                .append(" in ").append(annotations()).append(annotations() == 1 ? " annotation" : " annotations");
        if (!citers.isEmpty()) {
            note.append(" by ").append(String.join(", ", citers));
        }
        return note.toString();
    }
}
