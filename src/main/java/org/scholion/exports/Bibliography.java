package org.scholion.exports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.scholion.annotations.Body;

/**
 * The works an export's annotations cite, each once, and the three bibliography formats they are
 * written in. A resource feeds it the citations one at a time and then streams the works out:
 *
 * <pre>{@code
 * Bibliography bibliography = new Bibliography();
 * // for each annotation the export may show, streamed from the database, and each source it cites:
 * bibliography.add(new Citation(source, annotationId, authorDisplayName));
 * // then, all citations counted:
 * StreamingOutput body = out -> Bibliography.writeBibtex(bibliography.works(), out);
 * return Response.ok(body, Bibliography.BIBTEX_MEDIA_TYPE)
 *         .header("Content-Disposition", "attachment; filename=\"sources.bib\"").build();
 * }</pre>
 *
 * Two citations are of the same work when their DOIs match (case aside, with or without a
 * {@code doi:} or {@code https://doi.org/} prefix); else, unless both have DOIs and these differ,
 * when their web addresses match (scheme, host case, trailing slash and fragment aside) or their
 * ISBNs or other IRIs do. Memory
 * holds the distinct works, and for each the ids of the annotations citing it and its citers'
 * names. Not thread-safe: one export, one bibliography.
 *
 * <p>The writers write UTF-8, in the order the works were first cited, and leave the stream open.
 * The citation keys (BibTeX keys, CSL ids) are the first author's family name and the year, with a
 * letter after the second and later works that would have the same key, so the same works in the
 * same order get the same keys in every format and every export.
 */
public final class Bibliography {
    /** BibTeX, UTF-8 (biber and biblatex read it as such). */
    public static final String BIBTEX_MEDIA_TYPE = "application/x-bibtex; charset=UTF-8";
    /** RIS, UTF-8, lines ending in CR LF. */
    public static final String RIS_MEDIA_TYPE = "application/x-research-info-systems; charset=UTF-8";
    /** CSL-JSON, the input format of citeproc processors (Zotero, Pandoc). JSON is UTF-8 by definition. */
    public static final String CSL_JSON_MEDIA_TYPE = "application/vnd.citationstyles.csl+json";

    private final List<Work> works = new ArrayList<>();
    /** Every DOI, address, ISBN and IRI a work was cited by, to the work. */
    private final Map<String, Work> byKey = new HashMap<>();

    /** Counts one citation, under the work it cites. */
    public void add(Citation citation) {
        Body.Source s = citation.source();
        String iri = s.iri() == null || s.iri().isBlank()
                ? Body.Source.unlinkedWorkIri(s.title(), s.authors(), s.published())
                : s.iri().strip();
        String doi = Identifiers.doi(s.doi(), iri);
        String doiKey = doi == null ? null : Identifiers.doiKey(doi);
        String isbn = Identifiers.isbn(iri);
        String iriKey = Identifiers.isUrl(iri) ? Identifiers.urlKey(iri)
                : isbn != null ? Identifiers.isbnKey(isbn) : Identifiers.iriKey(iri);

        Work work = doiKey == null ? null : byKey.get(doiKey);
        if (work == null) {
            Work sameAddress = byKey.get(iriKey);
            // the same address under another DOI is another work (two articles on one landing page)
            if (sameAddress != null && (doi == null || sameAddress.doi() == null)) {
                work = sameAddress;
            }
        }
        if (work == null) {
            work = new Work(iri);
            works.add(work);
        }
        work.add(citation, iri, doi);
        if (doiKey != null && doi.equals(work.doi())) {
            byKey.putIfAbsent(doiKey, work);
        }
        byKey.putIfAbsent(iriKey, work);
    }

    /** The works cited so far, in the order of their first citation. */
    public List<Work> works() {
        return Collections.unmodifiableList(works);
    }

    /**
     * Writes the works as BibTeX entries. LaTeX's special characters in the values are escaped;
     * other characters stay as they are, in UTF-8, which biber reads (classic 8-bit BibTeX passes
     * them through but may sort them wrongly).
     */
    public static void writeBibtex(Iterable<Work> works, OutputStream out) throws IOException {
        BibtexWriter.write(works, out);
    }

    /** Writes the works as RIS references, one tag a line, lines ending in CR LF. */
    public static void writeRis(Iterable<Work> works, OutputStream out) throws IOException {
        RisWriter.write(works, out);
    }

    /** Writes the works as a CSL-JSON array of items. */
    public static void writeCslJson(Iterable<Work> works, OutputStream out) throws IOException {
        CslJsonWriter.write(works, out);
    }
}
