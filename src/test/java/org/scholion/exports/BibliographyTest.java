package org.scholion.exports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.undercouch.citeproc.CSL;
import de.undercouch.citeproc.ListItemDataProvider;
import de.undercouch.citeproc.csl.CSLItemData;
import de.undercouch.citeproc.csl.CSLName;
import de.undercouch.citeproc.csl.CSLType;
import de.undercouch.citeproc.helper.json.JsonLexer;
import de.undercouch.citeproc.helper.json.JsonParser;
import de.undercouch.citeproc.ris.RISConverter;
import de.undercouch.citeproc.ris.RISParser;
import de.undercouch.citeproc.ris.RISReference;
import de.undercouch.citeproc.ris.RISType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.jbibtex.Key;
import org.jbibtex.LaTeXParser;
import org.jbibtex.LaTeXPrinter;
import org.jbibtex.Value;
import org.junit.jupiter.api.Test;
import org.scholion.annotations.Body;

/**
 * The bibliography of an export for five works (a journal article with a DOI, a web page, a book by
 * ISBN, a work without an address by two authors, and a title full of LaTeX's special characters
 * and Polish letters), written (BibTeX by jbibtex, CSL-JSON from citeproc-java's item model, RIS by
 * hand) and compared with the text expected, then read back by parsers: jbibtex's for BibTeX,
 * citeproc-java's for RIS and CSL-JSON.
 */
class BibliographyTest {
    private static final UUID A1 = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID A2 = UUID.fromString("00000000-0000-0000-0000-0000000000a2");
    private static final UUID A3 = UUID.fromString("00000000-0000-0000-0000-0000000000a3");
    private static final String ANNA = "Anna Nowak";
    private static final String BEN = "Ben Ortiz";

    private static final String SPECIAL_TITLE = "Mills & Money: 50% of {Łódź}, #1 in_textiles, $ ^ ~ \\ notes";

    private static Body.Source source(String iri, String title, List<String> authors, String published,
            String container, String doi) {
        return new Body.Source(UUID.randomUUID(), iri, title, authors, published, container, null, null, doi);
    }

    /** Nine citations of five works, in the order a resource would stream them. */
    private static Bibliography fiveWorks() {
        Bibliography b = new Bibliography();
        Body.Source article = source("https://doi.org/10.1017/SLR.1996.12", "The Peasant Question in 1917",
                List.of("Figes, Orlando"), "1996-03", "Slavic Review", "10.1017/SLR.1996.12");
        b.add(new Citation(article, A1, ANNA));
        Body.Source page = source("https://www.bbc.co.uk/news/world-europe-123/", "Ukraine: what we know",
                List.of(), "2022-02-24", "BBC News", null);
        b.add(new Citation(page, A1, ANNA));
        // the same article, its DOI spelt otherwise, twice in one annotation of another reader
        b.add(new Citation(source("http://dx.doi.org/10.1017/slr.1996.12", "The peasant question", List.of(),
                null, null, "doi:10.1017/slr.1996.12"), A2, BEN));
        b.add(new Citation(source("https://doi.org/10.1017/SLR.1996.12", null, List.of(), null, null,
                "https://doi.org/10.1017/Slr.1996.12"), A2, BEN));
        // the same page over http, with another host case, a fragment and no trailing slash
        b.add(new Citation(source("http://WWW.BBC.co.uk/news/world-europe-123#main", "Ukraine", List.of(), null,
                null, null), A2, BEN));
        Body.Source book = source("urn:isbn:978-0-14-024364-1",
                "A People’s Tragedy: The Russian Revolution, 1891–1924", List.of("Orlando Figes"), "1996", null, null);
        b.add(new Citation(book, A2, BEN));
        b.add(new Citation(source("urn:isbn:9780140243641", "A People’s Tragedy", List.of(), "1997", "Pimlico", null),
                A3, ANNA));
        List<String> twoAuthors = List.of("Sheila Fitzpatrick", "Kowalski, Jan");
        b.add(new Citation(source(Body.Source.unlinkedWorkIri("Everyday Stalinism", twoAuthors, "Spring 1999"),
                "Everyday Stalinism", twoAuthors, "Spring 1999", null, null), A3, ANNA));
        b.add(new Citation(source("https://example.org/lodz?page=2&lang=pl", SPECIAL_TITLE,
                List.of("Łucja Żółć", "UNESCO"), "c. 1905", "Journal of Łódź History", null), A3, null));
        return b;
    }

    private static String bibtex(Bibliography b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bibliography.writeBibtex(b.works(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String ris(Bibliography b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bibliography.writeRis(b.works(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String cslJson(Bibliography b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bibliography.writeCslJson(b.works(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneWorkWhateverWayItsDoiOrAddressWasWritten() {
        List<Work> works = fiveWorks().works();
        assertEquals(5, works.size());

        Work article = works.get(0);
        assertEquals(3, article.citations());
        assertEquals(2, article.annotations());
        assertEquals(List.of(ANNA, BEN), List.copyOf(article.citers()));
        assertEquals("10.1017/SLR.1996.12", article.doi(), "the first spelling is kept");
        assertNull(article.url(), "a DOI link is the DOI, not an address of its own");

        Work page = works.get(1);
        assertEquals(2, page.citations());
        assertEquals("https://www.bbc.co.uk/news/world-europe-123/", page.url());

        Work book = works.get(2);
        assertEquals(2, book.citations());
        assertEquals("1996", book.published(), "the first citation's fields win");
        assertEquals("Pimlico", book.container(), "an empty field is filled from a later citation");
    }

    @Test
    void laterCitationsFillWhatTheFirstLeftEmptyAndAddTheirDoi() {
        Bibliography b = new Bibliography();
        b.add(new Citation(source("https://example.org/paper", null, List.of(), null, null, null), A1, ANNA));
        b.add(new Citation(source("https://example.org/paper/", "Paper", List.of("Ann Lee"), "2001", "Journal of X",
                "10.1000/xyz"), A2, BEN));
        b.add(new Citation(source("https://doi.org/10.1000/XYZ", null, List.of(), null, null, null), A3, "ben ortiz"));
        Work work = b.works().get(0);
        assertEquals(1, b.works().size());
        assertEquals("Paper", work.title());
        assertEquals(List.of("Ann Lee"), work.authors());
        assertEquals("10.1000/xyz", work.doi());
        assertEquals(List.of(ANNA, BEN, "ben ortiz"), List.copyOf(work.citers()), "names sorted, case aside");
    }

    @Test
    void theSameAddressUnderTwoDoisIsTwoWorks() {
        Bibliography b = new Bibliography();
        b.add(new Citation(source("https://journal.example/issue/4", "One", List.of(), null, null, "10.1/one"), A1, ANNA));
        b.add(new Citation(source("https://journal.example/issue/4", "Two", List.of(), null, null, "10.1/two"), A2, BEN));
        b.add(new Citation(source("https://journal.example/issue/4", null, List.of(), null, null, null), A3, BEN));
        assertEquals(List.of("One", "Two"), b.works().stream().map(Work::title).toList());
        assertEquals(2, b.works().get(0).citations(), "without a DOI, the address decides: the first work");
    }

    @Test
    void addressesAreComparedWithoutSchemeHostCaseFragmentOrTrailingSlash() {
        String key = Identifiers.urlKey("https://example.org/a/b?x=1");
        assertEquals(key, Identifiers.urlKey("http://EXAMPLE.org/a/b?x=1#top"));
        assertEquals(Identifiers.urlKey("https://example.org/a/b"), Identifiers.urlKey("https://example.org/a/b/"));
        assertEquals(Identifiers.urlKey("https://example.org"), Identifiers.urlKey("https://example.org/"));
        assertNotEquals(key, Identifiers.urlKey("https://example.org/A/b?x=1"), "paths keep their case");
    }

    @Test
    void namesAreInvertedWhereWrittenGivenFirstAndLiteralWhereTheyCannotBeSplit() {
        assertEquals(new PersonName("Figes", "Orlando", null), PersonName.parse("Figes, Orlando"));
        assertEquals(new PersonName("Figes", "Orlando", null), PersonName.parse(" Orlando  Figes "));
        assertEquals(new PersonName("Furlong", "Eileen E. M.", null), PersonName.parse("Eileen E. M. Furlong"));
        assertEquals(new PersonName("de Gaulle", "Charles", null), PersonName.parse("Charles de Gaulle"));
        assertEquals(new PersonName("hooks", "bell", null), PersonName.parse("bell hooks"));
        assertEquals(new PersonName(null, null, "Plato"), PersonName.parse("Plato"));
        assertEquals(new PersonName(null, null, "World Health Organization"),
                PersonName.parse("World Health Organization"));
        assertEquals(new PersonName(null, null, "Procter & Gamble"), PersonName.parse("Procter & Gamble"));
    }

    @Test
    void datesAreReadAsFarAsTheyWereWritten() {
        assertEquals(new Issued(1996, 0, 0), Issued.parse("1996"));
        assertEquals(new Issued(1996, 3, 0), Issued.parse("1996-03"));
        assertEquals(new Issued(2004, 5, 12), Issued.parse("2004-05-12"));
        assertEquals(new Issued(1999, 0, 0), Issued.parse("Spring 1999"));
        assertEquals(new Issued(2004, 0, 0), Issued.parse("12 May 2004"));
        assertNull(Issued.parse("n.d."));
    }

    @Test
    void keysAreAsciiFamilyNameAndYearWithALetterForTheSecondOfAKind() {
        assertEquals("zolcgrzeskiewicz", CitationKeys.fold("Żółć-Grzęśkiewicz"));
        assertEquals("aerokobenhavn", CitationKeys.fold("Ærø København"));
    }

    /**
     * BibTeX as Patashnik's BibTeXing describes it: "@ARTICLE{key, field = {value}, …}"; the
     * article's required fields "author, title, journal, year"; names separated by "and", each as
     * "First von Last" or "von Last, First"; for misc, "howpublished: How something strange has
     * been published".
     */
    @Test
    void bibtexAsWritten() throws IOException {
        String expected = """
                @article{figes1996,
                  author = {Figes, Orlando},
                  title = {The Peasant Question in 1917},
                  journal = {Slavic Review},
                  year = {1996},
                  doi = {10.1017/SLR.1996.12},
                  note = {Cited 3 times in 2 annotations by Anna Nowak, Ben Ortiz}
                }

                @misc{ukraine2022,
                  title = {Ukraine: what we know},
                  howpublished = {BBC News},
                  year = {2022},
                  url = {https://www.bbc.co.uk/news/world-europe-123/},
                  note = {Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz}
                }

                @book{figes1996a,
                  author = {Figes, Orlando},
                  title = {A People’s Tragedy: The Russian Revolution, 1891–1924},
                  series = {Pimlico},
                  year = {1996},
                  isbn = {978-0-14-024364-1},
                  note = {Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz}
                }

                @misc{fitzpatrick1999,
                  author = {Fitzpatrick, Sheila and Kowalski, Jan},
                  title = {Everyday Stalinism},
                  year = {1999},
                  note = {Cited once in 1 annotation by Anna Nowak}
                }

                @article{zolc1905,
                  author = {Żółć, Łucja and {UNESCO}},
                  title = {Mills \\& Money: 50\\% of \\{Łódź\\}, \\#1 in\\_textiles, \\$ \\textasciicircum{} \\textasciitilde{} \\textbackslash{} notes},
                  journal = {Journal of Łódź History},
                  year = {1905},
                  url = {https://example.org/lodz?page=2&lang=pl},
                  note = {Cited once in 1 annotation}
                }
                """;
        assertEquals(expected, bibtex(fiveWorks()));
    }

    @Test
    void bibtexParsesBackToTheSameValues() throws Exception {
        BibTeXDatabase db = new BibTeXParser().parse(new StringReader(bibtex(fiveWorks())));
        List<String> keys = db.getEntries().keySet().stream().map(Key::getValue).toList();
        assertEquals(List.of("figes1996", "ukraine2022", "figes1996a", "fitzpatrick1999", "zolc1905"), keys);

        BibTeXEntry article = db.resolveEntry(new Key("figes1996"));
        assertEquals(BibTeXEntry.TYPE_ARTICLE, article.getType());
        assertEquals("10.1017/SLR.1996.12", text(article, BibTeXEntry.KEY_DOI));
        assertEquals(BibTeXEntry.TYPE_BOOK, db.resolveEntry(new Key("figes1996a")).getType());
        assertEquals(BibTeXEntry.TYPE_MISC, db.resolveEntry(new Key("ukraine2022")).getType());

        BibTeXEntry special = db.resolveEntry(new Key("zolc1905"));
        assertEquals(SPECIAL_TITLE, plain(special, BibTeXEntry.KEY_TITLE));
        assertEquals("Żółć, Łucja and UNESCO", plain(special, BibTeXEntry.KEY_AUTHOR));
        assertEquals("Journal of Łódź History", plain(special, BibTeXEntry.KEY_JOURNAL));
        assertEquals("1905", text(special, BibTeXEntry.KEY_YEAR));
        assertEquals("https://example.org/lodz?page=2&lang=pl", text(special, BibTeXEntry.KEY_URL));
    }

    private static String text(BibTeXEntry entry, Key field) {
        Value v = entry.getField(field);
        return v == null ? null : v.toUserString();
    }

    /** The value as LaTeX would typeset it: escapes and braces undone. */
    private static String plain(BibTeXEntry entry, Key field) throws Exception {
        return new LaTeXPrinter().print(new LaTeXParser().parse(text(entry, field)));
    }

    /**
     * RIS Format Specifications: each tag is two characters, two spaces, a dash and a space; "Each
     * tag and its contents must be on a separate line, preceded by a 'carriage return/line feed'";
     * TY first and "ER - " last; AU "Lastname, Firstname"; PY the year; DA "YYYY/MM/DD/other info".
     */
    @Test
    void risAsWrittenByHand() throws IOException {
        List<String> lines = List.of(
                "TY  - JOUR",
                "AU  - Figes, Orlando",
                "TI  - The Peasant Question in 1917",
                "PY  - 1996",
                "DA  - 1996/03//",
                "T2  - Slavic Review",
                "JO  - Slavic Review",
                "DO  - 10.1017/SLR.1996.12",
                "N1  - Cited 3 times in 2 annotations by Anna Nowak, Ben Ortiz",
                "ER  - ",
                "TY  - ELEC",
                "TI  - Ukraine: what we know",
                "PY  - 2022",
                "DA  - 2022/02/24/",
                "T2  - BBC News",
                "UR  - https://www.bbc.co.uk/news/world-europe-123/",
                "N1  - Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz",
                "ER  - ",
                "TY  - BOOK",
                "AU  - Figes, Orlando",
                "TI  - A People’s Tragedy: The Russian Revolution, 1891–1924",
                "PY  - 1996",
                "T2  - Pimlico",
                "SN  - 978-0-14-024364-1",
                "N1  - Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz",
                "ER  - ",
                "TY  - GEN",
                "AU  - Fitzpatrick, Sheila",
                "AU  - Kowalski, Jan",
                "TI  - Everyday Stalinism",
                "PY  - 1999",
                "N1  - Cited once in 1 annotation by Anna Nowak",
                "ER  - ",
                "TY  - JOUR",
                "AU  - Żółć, Łucja",
                "AU  - UNESCO",
                "TI  - " + SPECIAL_TITLE,
                "PY  - 1905",
                "T2  - Journal of Łódź History",
                "JO  - Journal of Łódź History",
                "UR  - https://example.org/lodz?page=2&lang=pl",
                "N1  - Cited once in 1 annotation",
                "ER  - ");
        assertEquals(String.join("\r\n", lines) + "\r\n", ris(fiveWorks()));
    }

    @Test
    void risParsesBackWithCiteprocJava() throws IOException {
        List<RISReference> refs = new RISParser().parse(new StringReader(ris(fiveWorks()))).getReferences();
        assertEquals(List.of(RISType.JOUR, RISType.ELEC, RISType.BOOK, RISType.GEN, RISType.JOUR),
                refs.stream().map(RISReference::getType).toList());

        RISReference article = refs.get(0);
        assertArrayEquals(new String[] {"Figes, Orlando"}, article.getAuthors());
        assertEquals("The Peasant Question in 1917", article.getTitle());
        assertEquals("1996", article.getYear());
        assertEquals("Slavic Review", article.getJournal());
        assertEquals("10.1017/SLR.1996.12", article.getDOI());
        assertArrayEquals(new String[] {"Cited 3 times in 2 annotations by Anna Nowak, Ben Ortiz"}, article.getNotes());
        assertEquals("978-0-14-024364-1", refs.get(2).getIsbnOrIssn());
        assertEquals("https://www.bbc.co.uk/news/world-europe-123/", refs.get(1).getURL());
        assertEquals(SPECIAL_TITLE, refs.get(4).getTitle());

        // citeproc-java's own name parser (ANTLR) reads the AU lines as family and given names
        CSLItemData item = new RISConverter().toItemData(refs.get(3));
        CSLName[] authors = item.getAuthor();
        assertEquals("Fitzpatrick", authors[0].getFamily());
        assertEquals("Sheila", authors[0].getGiven());
        assertEquals("Kowalski", authors[1].getFamily());
        assertEquals("Jan", authors[1].getGiven());
    }

    /**
     * CSL-JSON after csl-data.json (CSL 1.0 schema): items with "required": ["type", "id"], names
     * with family/given or literal, "date-parts" an array of one to three parts. No "custom": citeproc-java's
     * item model has no such field, so the counts are in "note" alone.
     */
    @Test
    void cslJsonAsWritten() throws IOException {
        String expected = """
                [
                  {"id": "figes1996", "type": "article-journal", "title": "The Peasant Question in 1917",
                   "author": [{"family": "Figes", "given": "Orlando"}],
                   "issued": {"date-parts": [[1996, 3]]},
                   "container-title": "Slavic Review", "DOI": "10.1017/SLR.1996.12",
                   "note": "Cited 3 times in 2 annotations by Anna Nowak, Ben Ortiz"},
                  {"id": "ukraine2022", "type": "webpage", "title": "Ukraine: what we know",
                   "issued": {"date-parts": [[2022, 2, 24]]},
                   "container-title": "BBC News", "URL": "https://www.bbc.co.uk/news/world-europe-123/",
                   "note": "Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz"},
                  {"id": "figes1996a", "type": "book", "title": "A People’s Tragedy: The Russian Revolution, 1891–1924",
                   "author": [{"family": "Figes", "given": "Orlando"}],
                   "issued": {"date-parts": [[1996]]},
                   "collection-title": "Pimlico", "ISBN": "978-0-14-024364-1",
                   "note": "Cited 2 times in 2 annotations by Anna Nowak, Ben Ortiz"},
                  {"id": "fitzpatrick1999", "type": "document", "title": "Everyday Stalinism",
                   "author": [{"family": "Fitzpatrick", "given": "Sheila"}, {"family": "Kowalski", "given": "Jan"}],
                   "issued": {"date-parts": [[1999]]},
                   "note": "Cited once in 1 annotation by Anna Nowak"},
                  {"id": "zolc1905", "type": "article-journal",
                   "title": "Mills & Money: 50% of {Łódź}, #1 in_textiles, $ ^ ~ \\\\ notes",
                   "author": [{"family": "Żółć", "given": "Łucja"}, {"literal": "UNESCO"}],
                   "issued": {"date-parts": [[1905]]},
                   "container-title": "Journal of Łódź History", "URL": "https://example.org/lodz?page=2&lang=pl",
                   "note": "Cited once in 1 annotation"}
                ]
                """;
        ObjectMapper json = new ObjectMapper();
        String written = cslJson(fiveWorks());
        assertEquals(json.readTree(expected), json.readTree(written));
        assertTrue(written.contains("Żółć"), "UTF-8 as it is, not \\u escapes");
    }

    @Test
    void aDateThatIsNoDateIsALiteral() throws IOException {
        Bibliography b = new Bibliography();
        b.add(new Citation(source("urn:uuid:5f0c6f1e-8a39-3f43-9d3e-1c2b1b2d2a10", "Letters", List.of("Plato"),
                "n.d.", null, null), A1, ANNA));
        assertEquals("{\"literal\":\"n.d.\"}", new ObjectMapper().readTree(cslJson(b)).get(0).get("issued").toString());
    }

    @Test
    void cslJsonParsesBackWithCiteprocJavaAndRenders() throws IOException {
        List<Object> array = new JsonParser(new JsonLexer(new StringReader(cslJson(fiveWorks())))).parseArray();
        List<CSLItemData> items = new ArrayList<>();
        for (Object o : array) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            items.add(CSLItemData.fromJson(m));
        }
        assertEquals(List.of(CSLType.ARTICLE_JOURNAL, CSLType.WEBPAGE, CSLType.BOOK, CSLType.DOCUMENT,
                CSLType.ARTICLE_JOURNAL), items.stream().map(CSLItemData::getType).toList());
        CSLItemData article = items.get(0);
        assertEquals("figes1996", article.getId());
        assertEquals("Figes", article.getAuthor()[0].getFamily());
        assertEquals("Orlando", article.getAuthor()[0].getGiven());
        assertArrayEquals(new int[][] {{1996, 3}}, article.getIssued().getDateParts());
        assertEquals("Slavic Review", article.getContainerTitle());
        assertEquals("10.1017/SLR.1996.12", article.getDOI());
        assertEquals("UNESCO", items.get(4).getAuthor()[1].getLiteral());
        assertEquals(SPECIAL_TITLE, items.get(4).getTitle());

        CSL csl = new CSL(new ListItemDataProvider(items), lang -> LOCALE, null, STYLE, "en-US");
        csl.setOutputFormat("text");
        csl.registerCitationItems("figes1996");
        assertEquals("Figes, Orlando (1996). The Peasant Question in 1917. Slavic Review. doi:10.1017/SLR.1996.12",
                csl.makeBibliography().getEntries()[0].strip());
    }

    /**
     * The least a CSL processor needs to render (citeproc-java's styles and locales are jars of
     * their own, the styles 14 MB): the quotation marks it turns straight quotes into, and a style
     * of one layout.
     */
    private static final String LOCALE = """
            <?xml version="1.0" encoding="utf-8"?>
            <locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="en-US">
              <terms>
                <term name="open-quote">“</term>
                <term name="close-quote">”</term>
                <term name="open-inner-quote">‘</term>
                <term name="close-inner-quote">’</term>
              </terms>
            </locale>
            """;
    private static final String STYLE = """
            <?xml version="1.0" encoding="utf-8"?>
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <info><title>Test</title><id>test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
              <citation><layout><text variable="title"/></layout></citation>
              <bibliography>
                <layout>
                  <group delimiter=". ">
                    <group delimiter=" ">
                      <names variable="author"><name name-as-sort-order="all" sort-separator=", "/></names>
                      <date variable="issued" prefix="(" suffix=")"><date-part name="year"/></date>
                    </group>
                    <text variable="title"/>
                    <text variable="container-title"/>
                    <text variable="DOI" prefix="doi:"/>
                  </group>
                </layout>
              </bibliography>
            </style>
            """;
}
