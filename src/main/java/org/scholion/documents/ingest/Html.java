package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.scholion.domain.DomainError;
import org.scholion.text.TextRules;

/**
 * HTML (an upload, or what Markdown renders to) made into a reading: sanitised with jsoup's {@link Cleaner},
 * then the canonical text and the rendition are both derived from the one sanitised tree, so that the
 * rendition's DOM {@code textContent} ("the descendant text content": the data of its Text nodes in tree
 * order, DOM Standard) is the text exactly.
 *
 * <p>Order: (1) elements whose content is not the reading are removed with their content (scripts, styles,
 * templates, noscript, frames, embedded objects, SVG and MathML, images, form controls, the head); (1b) white space
 * outside preformatted text is collapsed in the tree as CSS renders it; (2) a line
 * break is put between blocks that have none in the source, and a tab between table cells, as text nodes, so
 * that paragraphs do not run together in the text; (3) the safelist keeps a reading's structure and drops
 * every other element (keeping its text) and attribute; (4) each text node is made canonical ({@link Canon}),
 * and the whole is trimmed; (5) the fragment is serialised without pretty-printing and parsed again as a
 * browser would, and the text of that tree must be the text: if it is not, the reparsed tree is cleaned again.
 *
 * <p>Images are dropped, alt text included: a remote image would tell its host every reader's address, and alt
 * text is not part of {@code textContent}. Links keep http, https and mailto URLs only, and get
 * {@code rel="noopener noreferrer nofollow"}; relative links (meaningless once the page is elsewhere) lose their
 * URL but keep their text.
 */
final class Html {
    /** What a reading's structure needs; nothing that runs, loads or styles (span, bdi, bdo: for lang and dir). */
    static final Safelist SAFELIST = new Safelist()
            .addTags("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "wbr", "blockquote", "q", "cite",
                    "ul", "ol", "li", "dl", "dt", "dd",
                    "em", "strong", "b", "i", "u", "s", "small", "mark", "abbr", "dfn", "del", "ins",
                    "code", "kbd", "samp", "var", "pre", "sub", "sup",
                    "a", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
                    "figure", "figcaption", "span", "bdi", "bdo")
            .addAttributes(":all", "lang", "dir")
            .addAttributes("a", "href", "title")
            .addAttributes("abbr", "title")
            .addAttributes("ol", "start", "reversed")
            .addAttributes("li", "value")
            .addAttributes("td", "colspan", "rowspan")
            .addAttributes("th", "colspan", "rowspan", "scope")
            .addAttributes("col", "span")
            .addAttributes("colgroup", "span")
            .addProtocols("a", "href", "http", "https", "mailto")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    /** Removed with everything inside: none of it is text a reader reads, and some of it runs. */
    static final String REMOVED = "script, style, template, noscript, iframe, frame, frameset, noframes, noembed, "
            + "object, embed, applet, param, svg, math, canvas, audio, video, source, track, picture, img, map, area, "
            + "input, textarea, select, option, optgroup, button, datalist, output, progress, meter, dialog, "
            + "head, title, base, meta, link, slot, portal";

    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "caption", "center",
            "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
            "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu", "nav", "ol", "p", "pre",
            "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul");
    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Set<String> PREFORMATTED = Set.of("pre", "listing", "xmp", "plaintext", "textarea");
    private static final Pattern WHITE_SPACE = Pattern.compile("[ \\t\\n\\r\\f]+");

    private static final int ROUNDS = 3;

    private Html() {
    }

    /** A reading's text and its sanitised HTML. */
    record Reading(String text, String rendition) {
    }

    /** An HTML document: its body is the reading; its head gives {@link Found} (read by {@link #found}). */
    static Reading document(Document dirty) {
        return reading(dirty);
    }

    /** An HTML fragment (what Markdown renders to). */
    static Reading fragment(String html) {
        return reading(Jsoup.parseBodyFragment(html));
    }

    private static Reading reading(Document dirty) {
        Element dirtyBody = dirty.body();
        if (dirtyBody == null) {
            return new Reading("", "");
        }
        // no base: the parser took one from <base href>, and the cleaner would make relative links absolute with it
        dirty.setBaseUri("");
        // emptied rather than removed: the cleaner drops the empty element, and removing each of many thousands of
        // siblings one at a time would reindex the rest every time
        for (Element removed : dirtyBody.select(REMOVED)) {
            removed.empty();
        }
        collapseWhiteSpace(dirtyBody);
        separateBlocks(dirtyBody);
        Element body = clean(dirty);
        for (int round = 0; round < ROUNDS; round++) {
            canonical(body);
            String text = textContent(body);
            String rendition = body.html();
            Document again = Jsoup.parseBodyFragment(rendition);
            if (textContent(again.body()).equals(text)) {
                return new Reading(text, rendition);
            }
            body = clean(again);
        }
        throw DomainError.invalid(FIELD, "The file's HTML could not be made into a stable, safe page; "
                + "simplify its markup (or upload it as plain text) and try again.");
    }

    /** The body of {@code dirty} through the safelist, into a new document. */
    private static Element clean(Document dirty) {
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean.body();
    }

    /** The DOM's textContent: the data of every Text node below, in tree order, nothing added or normalised. */
    static String textContent(Node root) {
        StringBuilder b = new StringBuilder();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                b.append(t.getWholeText());
            }
        }, root);
        return b.toString();
    }

    /**
     * Text nodes made canonical, in place: CR/CRLF to LF, controls dropped and NFC per node; a combining mark
     * that starts a node moves to the node before it (so that the whole is NFC, not just each node); white space at
     * the very start and end removed. (A line feed that starts a {@code <pre>}'s text survives: an HTML parser drops
     * the one right after the start tag, and jsoup writes one more there for that reason.)
     */
    private static void canonical(Element body) {
        List<TextNode> texts = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                texts.add(t);
            }
        }, body);
        TextNode previous = null;
        for (TextNode t : texts) {
            String s = Canon.text(t.getWholeText());
            if (previous != null && !s.isEmpty() && Canon.combines(s.codePointAt(0))) {
                int i = 0;
                while (i < s.length() && Canon.combines(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                previous.text(Canon.text(previous.getWholeText() + s.substring(0, i)));
                s = s.substring(i);
            }
            t.text(s);
            if (!s.isEmpty()) {
                previous = t;
            }
        }
        for (TextNode t : texts) {
            String s = t.getWholeText().stripLeading();
            t.text(s);
            if (!s.isEmpty()) {
                break;
            }
        }
        for (int i = texts.size() - 1; i >= 0; i--) {
            String s = texts.get(i).getWholeText().stripTrailing();
            texts.get(i).text(s);
            if (!s.isEmpty()) {
                break;
            }
        }
        // empty text nodes stay: they write nothing, and removing each one would reindex its siblings (a page
        // of many thousands of siblings made that quadratic)
    }

    /**
     * White space in the tree as a browser renders it ({@code white-space: normal}, CSS Text 3 §4.1.1): each run of
     * ASCII white space becomes one space, a space after another (across inline elements) goes, and white space at the
     * start and end of a block goes. The page looks the same, and the text is what the reader sees, so a quote
     * copied from the page is found in it. Preformatted text ({@code pre} and its kin) is left as it is.
     */
    private static void collapseWhiteSpace(Element body) {
        // true at the start of a line and after a space: a space there is not rendered
        boolean[] dropSpace = { true };
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof Element e && node != body) {
                    if (breaksLine(e)) {
                        dropSpace[0] = true;
                    }
                    if (PREFORMATTED.contains(e.normalName())) {
                        return FilterResult.SKIP_CHILDREN;
                    }
                } else if (node instanceof TextNode t) {
                    String s = WHITE_SPACE.matcher(t.getWholeText()).replaceAll(" ");
                    if (dropSpace[0] && s.startsWith(" ")) {
                        s = s.substring(1);
                    }
                    Node next = t.nextSibling();
                    boolean endsLine = next == null ? t.parent() == body || (t.parent() != null && breaksLine(t.parent()))
                            : next instanceof Element e && breaksLine(e);
                    if (endsLine && s.endsWith(" ")) {
                        s = s.substring(0, s.length() - 1);
                    }
                    t.text(s);
                    if (!s.isEmpty()) {
                        dropSpace[0] = s.endsWith(" ");
                    }
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element e && node != body && breaksLine(e)) {
                    dropSpace[0] = true;
                }
                return FilterResult.CONTINUE;
            }
        }, body);
    }

    private static boolean breaksLine(Element e) {
        String name = e.normalName();
        return BLOCKS.contains(name) || CELLS.contains(name) || name.equals("br") || name.equals("body");
    }

    /**
     * Puts a line feed between block elements (a tab between table cells) where the source has no line break,
     * as a text node at the first boundary after the preceding text: {@code <p>a</p><p>b</p>} becomes
     * {@code <p>a</p>\n<p>b</p>}. White space between blocks is not rendered, so the page looks the same; the
     * text reads as paragraphs. Nothing is added inside {@code <pre>}, where it would show.
     */
    private static void separateBlocks(Element body) {
        record Boundary(Node at, boolean after, char separator) {
        }
        List<Object> events = new ArrayList<>();
        int[] preDepth = { 0 };
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    events.add(t);
                } else if (node instanceof Element e) {
                    String name = e.normalName();
                    if (preDepth[0] == 0) {
                        if (BLOCKS.contains(name)) {
                            events.add(new Boundary(e, false, '\n'));
                        } else if (CELLS.contains(name)) {
                            events.add(new Boundary(e, false, '\t'));
                        }
                    }
                    if (name.equals("pre")) {
                        preDepth[0]++;
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    String name = e.normalName();
                    if (name.equals("pre")) {
                        preDepth[0]--;
                    }
                    if (preDepth[0] == 0) {
                        if (BLOCKS.contains(name) || name.equals("br")) {
                            events.add(new Boundary(e, true, '\n'));
                        } else if (CELLS.contains(name)) {
                            events.add(new Boundary(e, true, '\t'));
                        }
                    }
                }
            }
        }, body);
        // new text nodes are put in once per parent at the end: inserting one at a time reindexes all later siblings
        Map<Node, Map<Node, String[]>> inserts = new IdentityHashMap<>();
        char last = 0;
        Boundary pending = null;
        char strongest = 0;
        for (Object event : events) {
            if (event instanceof Boundary b) {
                if (pending == null) {
                    pending = b;
                    strongest = b.separator();
                } else if (b.separator() == '\n') {
                    strongest = '\n';
                }
                continue;
            }
            String s = ((TextNode) event).getWholeText();
            if (s.isEmpty()) {
                continue;
            }
            if (pending != null && last != 0 && last != '\n' && last != strongest && !startsLine(s)) {
                String separator = String.valueOf(strongest);
                Node at = pending.at();
                Node neighbour = pending.after() ? at.nextSibling() : at.previousSibling();
                if (neighbour instanceof TextNode t) {
                    t.text(pending.after() ? separator + t.getWholeText() : t.getWholeText() + separator);
                } else {
                    inserts.computeIfAbsent(at.parentNode(), p -> new IdentityHashMap<>())
                            .computeIfAbsent(at, n -> new String[2])[pending.after() ? 1 : 0] = separator;
                }
            }
            pending = null;
            last = s.charAt(s.length() - 1);
        }
        inserts.forEach((parent, around) -> {
            List<Node> children = new ArrayList<>(parent.childNodeSize() + around.size());
            for (Node child : parent.childNodes()) {
                String[] separators = around.get(child);
                if (separators != null && separators[0] != null) {
                    children.add(new TextNode(separators[0]));
                }
                children.add(child);
                if (separators != null && separators[1] != null) {
                    children.add(new TextNode(separators[1]));
                }
            }
            ((Element) parent).empty();
            ((Element) parent).appendChildren(children);
        });
    }

    /** Whether the text begins with a line break after nothing but spaces and tabs. */
    private static boolean startsLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    /** Title and authors from the head: {@code <title>} (else citation_title), meta author, citation_author, DC.creator. */
    static Found found(Document dirty) {
        String title = metadata(dirty.title());
        if (title == null) {
            title = metadata(dirty.head().select("meta[name~=(?i)^(citation_title|dc\\.title)$]").attr("content"));
        }
        Set<String> authors = new LinkedHashSet<>();
        // the head only: a search of the whole body costs seconds on a page of a million elements
        for (Element meta : dirty.head().select("meta[name~=(?i)^(author|citation_author|dc\\.creator)$]")) {
            String author = metadata(meta.attr("content"));
            if (author != null && authors.size() < 50) {
                authors.add(author);
            }
        }
        return new Found(title, List.copyOf(authors));
    }

    /** One line of metadata as a name is stored; null when empty or not fit to store. */
    static String metadata(String s) {
        if (s == null) {
            return null;
        }
        String clean = TextRules.clean(s.replaceAll("\\s+", " "));
        if (clean.isEmpty() || TextRules.problem(clean, TextRules.Kind.LINE).isPresent()) {
            return null;
        }
        return clean.length() > 300 ? clean.substring(0, clean.offsetByCodePoints(0, Math.min(300, clean.codePointCount(0, clean.length())))) : clean;
    }
}
