package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scholion.annotations.Body;
import org.scholion.annotations.Motivation;
import org.scholion.annotations.jsonld.Vocabulary;

/**
 * A Hypothesis annotation as the W3C Web Annotation Scholion's annotation container takes in a POST
 * ({@code annotations/jsonld/AnnotationReader}), and the order to post them in.
 *
 * <p>The target keeps the quote only: a TextQuoteSelector with {@code exact}, {@code prefix} and
 * {@code suffix}. Hypothesis' TextPositionSelector counts UTF-16 code units of the text of the page
 * Hypothesis annotated (hypothesis/client {@code src/types/api.ts}:69-77), and Scholion's counts code
 * points of its own text of the document; the two texts differ (the page has its navigation, its
 * headings, its line breaks), so the position would point elsewhere. The server finds the quote in its
 * text and sets the position itself. Hypothesis' RangeSelector (XPaths into the page's DOM) is
 * meaningless here as well.
 *
 * <p>What the mapping leaves to the importer: the group and visibility (Scholion's group is the
 * importer's choice; {@link HypothesisAnnotation#shared()} says whether to put the annotation in it,
 * and a reply takes its thread's either way), and the author (the importer posts as itself). The
 * server sets {@code created} (Web Annotation Protocol §5.1 lets it); the one sent here says when the
 * annotation was made on Hypothesis, for whoever reads the JSON.
 */
public final class HypothesisMapping {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HypothesisMapping() {
    }

    /**
     * The annotation as JSON-LD for a POST to the document's container.
     *
     * <ul>
     * <li>motivation: {@code replying} for a reply; {@code commenting} with text; {@code tagging} with
     * tags and no text (Scholion's {@code commenting} needs a comment); else {@code highlighting},
     * which is what Hypothesis calls an annotation without text or tags ({@code isHighlight},
     * {@code src/sidebar/helpers/annotation-metadata.ts}:92-102);</li>
     * <li>bodies: the text as a TextualBody with purpose {@code commenting}, format {@code text/markdown}
     * (the client renders it as Markdown, {@code renderMathAndMarkdown(annotation.text)},
     * {@code src/sidebar/services/annotations-exporter.tsx}:255); one TextualBody with purpose
     * {@code tagging} per tag;</li>
     * <li>target: the parent's IRI for a reply; otherwise a SpecificResource on {@code documentIri}
     * with the TextQuoteSelector;</li>
     * <li>{@code via}: the annotation's page on h, {@code links.html}, or {@code https://hypothes.is/a/<id>}
     * (h's route for it, hypothesis/h {@code h/routes.py}:93) when the file has none.</li>
     * </ul>
     *
     * @param documentIri the Scholion document the annotations go on
     * @param parentIri   the IRI the server gave the annotation this one replies to; null for a top-level one
     * @throws IllegalArgumentException for a reply without a parent IRI or text, or a top-level annotation
     *                                  with a parent IRI or without a quote: {@link HypothesisExport} never returns these
     */
    public static ObjectNode toW3c(HypothesisAnnotation a, String documentIri, String parentIri) {
        if (a.isReply() != (parentIri != null)) {
            throw new IllegalArgumentException(a.isReply() ? "reply " + a.id() + " needs the IRI of the annotation it answers"
                    : "annotation " + a.id() + " is not a reply: it has no parent IRI");
        }
        if (!a.isReply() && a.quote() == null) {
            throw new IllegalArgumentException("annotation " + a.id() + " has no quote to anchor it by");
        }
        Motivation motivation = motivation(a);
        if (motivation == Motivation.REPLYING && !a.hasText()) {
            throw new IllegalArgumentException("reply " + a.id() + " has no text, and a Scholion reply needs a comment");
        }
        ObjectNode o = NODES.objectNode();
        o.put("@context", Vocabulary.ANNO_CONTEXT);
        o.put("type", "Annotation");
        o.put("motivation", motivation.wire());
        ArrayNode bodies = NODES.arrayNode();
        if (a.hasText()) {
            bodies.addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", a.text())
                    .put("format", Body.Comment.MARKDOWN);
        }
        for (String tag : a.tags()) {
            bodies.addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", tag);
        }
        if (!bodies.isEmpty()) {
            o.set("body", bodies);
        }
        if (a.isReply()) {
            o.put("target", parentIri);
        } else {
            ObjectNode target = o.putObject("target").put("type", "SpecificResource").put("source", documentIri);
            ObjectNode selector = target.putObject("selector").put("type", "TextQuoteSelector").put("exact", a.quote().exact());
            if (a.quote().prefix() != null) {
                selector.put("prefix", a.quote().prefix());
            }
            if (a.quote().suffix() != null) {
                selector.put("suffix", a.quote().suffix());
            }
        }
        o.put("via", via(a));
        o.put("created", a.created().toString());
        return o;
    }

    static Motivation motivation(HypothesisAnnotation a) {
        if (a.isReply()) {
            return Motivation.REPLYING;
        }
        return a.hasText() ? Motivation.COMMENTING : a.tags().isEmpty() ? Motivation.HIGHLIGHTING : Motivation.TAGGING;
    }

    /** Where the annotation came from: h's page for it. */
    static String via(HypothesisAnnotation a) {
        return a.htmlLink() != null ? a.htmlLink() : "https://hypothes.is/a/" + a.id();
    }

    /**
     * The annotations in an order to import them in: each after the annotation it replies to, and
     * otherwise in the order given (a file already in that order comes back unchanged).
     *
     * @throws IllegalArgumentException when an id is given twice, a parent is missing, or replies form a
     *                                  cycle: {@link HypothesisExport} never returns these
     */
    public static List<HypothesisAnnotation> importOrder(List<HypothesisAnnotation> annotations) {
        Map<String, HypothesisAnnotation> byId = new LinkedHashMap<>();
        for (HypothesisAnnotation a : annotations) {
            if (byId.putIfAbsent(a.id(), a) != null) {
                throw new IllegalArgumentException("annotation " + a.id() + " is given twice");
            }
        }
        List<HypothesisAnnotation> ordered = new ArrayList<>(annotations.size());
        Set<String> placed = new HashSet<>();
        for (HypothesisAnnotation a : annotations) {
            // the chain up to the first ancestor already placed (or the thread's root), placed root first
            List<HypothesisAnnotation> chain = new ArrayList<>();
            Set<String> onChain = new HashSet<>();
            for (HypothesisAnnotation c = a; c != null && !placed.contains(c.id()); c = parent(c, byId)) {
                if (!onChain.add(c.id())) {
                    throw new IllegalArgumentException("the replies of annotation " + c.id() + " go round in a circle");
                }
                chain.add(c);
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                ordered.add(chain.get(i));
                placed.add(chain.get(i).id());
            }
        }
        return ordered;
    }

    private static HypothesisAnnotation parent(HypothesisAnnotation a, Map<String, HypothesisAnnotation> byId) {
        if (!a.isReply()) {
            return null;
        }
        HypothesisAnnotation parent = byId.get(a.parentId());
        if (parent == null) {
            throw new IllegalArgumentException("annotation " + a.parentId() + ", which " + a.id() + " replies to, is not among them");
        }
        return parent;
    }
}
