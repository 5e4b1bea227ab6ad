package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.scholion.domain.DomainError;

/**
 * CommonMark with GFM tables, rendered to HTML by commonmark-java and then read as any HTML is
 * ({@link Html#fragment}): raw HTML in the Markdown goes through the same sanitiser, so a {@code <script>}
 * in a Markdown file is removed exactly as in an HTML file.
 */
final class Markdown {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();

    private Markdown() {
    }

    static Html.Reading read(String markdown) {
        String html;
        try {
            html = RENDERER.render(PARSER.parse(markdown));
        } catch (StackOverflowError e) {
            // commonmark-java renders nested blocks recursively: thousands of nested quotes or lists
            throw DomainError.invalid(FIELD, "The Markdown is nested too deeply to read (thousands of quotes or lists inside each other).");
        }
        return Html.fragment(html);
    }
}
