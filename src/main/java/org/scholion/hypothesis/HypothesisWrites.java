package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.AnnotationService;
import org.scholion.annotations.AnnotationService.ExpectedVersion;
import org.scholion.annotations.Body;
import org.scholion.annotations.Draft;
import org.scholion.annotations.Motivation;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.jsonld.Vocabulary;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.moderation.FlagReason;
import org.scholion.moderation.ModerationService;
import org.scholion.moderation.ReaderFeedback;
import org.scholion.domain.NamedSql;
import org.scholion.security.UserRef;

/**
 * Writes through h's API: the annotation h's client sends ({@code schemas/annotation-create.yaml},
 * read as h's {@code CreateAnnotationSchema} and {@code UpdateAnnotationSchema} read it,
 * {@code h/schemas/annotation.py}) becomes the W3C Web Annotation the container would take, and goes
 * through the container's own reader and service ({@link AnnotationReader}, {@link AnnotationService}):
 * one set of rules, one permission map, and what one API writes the other reads.
 *
 * <ul>
 * <li>{@code uri}: the document — its IRI, its reader page, or the URL or DOI it came from when exactly
 * one reading the caller may read came from there; a reply is on its thread's document;</li>
 * <li>{@code text}: a Markdown comment (h's client renders Markdown); {@code tags}: tags;</li>
 * <li>{@code permissions}: shared when {@code read} is exactly {@code ["group:<group>"]} (h's
 * {@code _shared}); a shared annotation goes into the group, an unshared one is the author's private
 * note (Scholion's private notes belong to no group). Without {@code permissions} an annotation is
 * unshared, as in h;</li>
 * <li>{@code target[0].selector}: the W3C selectors among them (h's client sends RangeSelector,
 * TextPositionSelector and TextQuoteSelector); the quote anchors it in Scholion's text, a position is
 * read as h counts it (UTF-16 units) where the quote does not decide, and the DOM selectors are kept
 * and handed back. Selectors of types the W3C model does not have (h's PageSelector,
 * EPUBContentSelector, ShapeSelector) are left out: they describe the client's rendering of a page;</li>
 * <li>{@code references}: a reply answers the last of them, in its thread's group and visibility;</li>
 * <li>motivation: {@code replying} for a reply; {@code commenting} with text; {@code tagging} with tags
 * alone; {@code highlighting} otherwise (h's {@code isHighlight}).</li>
 * </ul>
 * An update (h's PATCH, and PUT, "both ... have PATCH-characteristics") changes what it names:
 * text, tags, target; {@code group}, {@code references} and {@code user} are ignored as h ignores them;
 * the rest of the annotation — its sources, its verdict, its motivation when it is not one h has — is
 * kept. Scholion keeps a group's annotation in its group: a change of {@code permissions} that would
 * make it private (or a private note shared) is refused.
 */
@ApplicationScoped
public class HypothesisWrites {
    /** The selector types of the W3C model (Web Annotation Data Model §4.2). */
    static final Set<String> W3C_SELECTORS = Set.of("TextQuoteSelector", "TextPositionSelector", "RangeSelector", "XPathSelector",
            "CssSelector", "FragmentSelector", "DataPositionSelector", "SvgSelector");
    /** h's schema for permission principals: {@code ^(acct:|group:).+$}. */
    private static final Pattern PRINCIPAL = Pattern.compile("^(acct:|group:).+$");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AnnotatedDocuments documents;
    private final AnnotationQueries queries;
    private final AnnotationService annotations;
    private final AnnotationReader reader;
    private final Representations representations;
    private final HypothesisSearch search;
    private final Iris iris;
    private final EntityManager em;
    private final io.agroal.api.AgroalDataSource db;
    private final ReaderFeedback feedback;
    private final ModerationService moderation;

    HypothesisWrites(AnnotatedDocuments documents, AnnotationQueries queries, AnnotationService annotations, AnnotationReader reader,
            Representations representations, HypothesisSearch search, Iris iris, EntityManager em, io.agroal.api.AgroalDataSource db,
            ReaderFeedback feedback, ModerationService moderation) {
        this.feedback = feedback;
        this.moderation = moderation;
        this.documents = documents;
        this.queries = queries;
        this.annotations = annotations;
        this.reader = reader;
        this.representations = representations;
        this.search = search;
        this.iris = iris;
        this.em = em;
        this.db = db;
    }

    /** What a write made: the annotation as the service returned it, on its reading. */
    public record Written(Doc doc, Shown shown) {
    }

    /** A new annotation from h's JSON. */
    public Written create(UserRef user, JsonNode h) {
        checkSchema(h);
        String uri = h.path("uri").asText("").strip();
        if (uri.isEmpty()) {
            throw DomainError.invalid("uri", "'uri' is a required property");
        }
        List<String> references = strings(h.get("references"));
        String text = h.path("text").asText("");
        List<String> tags = strings(h.get("tags"));
        ObjectNode w3c = NODES.objectNode();
        w3c.put("@context", Vocabulary.ANNO_CONTEXT).put("type", "Annotation");
        Doc doc;
        if (!references.isEmpty()) {
            // "replies belong to the same group as their parent annotations": and to its document
            String parentId = references.get(references.size() - 1);
            Annotation parent = HypothesisSearch.uuid(parentId).map(id -> em.find(Annotation.class, id)).orElse(null);
            if (parent == null || parent.isDeleted()) {
                throw DomainError.notFound("references", "no annotation you can see has the id " + clean(parentId));
            }
            // the service finds the parent as the caller may see it, or answers not found naming the target
            doc = documents.find(user, slugOf(parent.documentId));
            w3c.put("motivation", Motivation.REPLYING.wire());
            w3c.put("target", iris.annotation(doc.slug(), parent.id));
        } else {
            doc = documents.find(user, documentSlug(user, uri));
            w3c.put("motivation", (!text.isEmpty() ? Motivation.COMMENTING : tags.isEmpty() ? Motivation.HIGHLIGHTING
                    : Motivation.TAGGING).wire());
            w3c.set("target", target(doc, h.get("target")));
            String group = h.hasNonNull("group") ? h.get("group").asText() : HypothesisView.WORLD;
            boolean shared = h.has("permissions") && shared(h.get("permissions"), group);
            if (shared) {
                UUID groupId = HypothesisSearch.uuid(group).orElseThrow(() -> DomainError.invalid("group", group.equals(HypothesisView.WORLD)
                        ? "Scholion has no public group: share the annotation in one of your groups (GET /h/api/groups), or keep it"
                                + " private (permissions.read: [your userid])"
                        : "no group you belong to has the id " + clean(group)));
                w3c.put("group", groupId.toString()).put("visibility", Annotation.GROUP);
            } else {
                w3c.put("visibility", Annotation.PRIVATE);
            }
        }
        w3c.set("body", bodies(text, tags, NODES.arrayNode()));
        Draft draft = reader.forCreate(w3c, doc.slug());
        Doc on = doc;
        Shown shown = documents.write(user, doc, d -> annotations.create(user, d, draft, Optional.empty()));
        return new Written(on, shown);
    }

    /** h's PATCH (and PUT) of an annotation the caller may read. */
    public Written update(UserRef user, UUID id, JsonNode h) {
        checkSchema(h);
        Found found = readable(user, id);
        Doc doc = found.doc();
        Shown shown = found.shown();
        Annotation a = shown.annotation();
        if (h.has("uri")) {
            String uri = h.get("uri").asText("").strip();
            if (uri.isEmpty()) {
                throw DomainError.invalid("uri", "'uri' is a required property");
            }
            if (!a.isReply() && !documentSlugOrEmpty(user, uri).map(doc.slug()::equals).orElse(false)) {
                throw DomainError.invalid("uri", "an annotation stays on its reading: uri must be " + iris.document(doc.slug()));
            }
        }
        ObjectNode w3c = representations.annotation(a, doc.slug(), shown.author(), shown.extras());
        Body body = a.body();
        String text = h.has("text") ? h.get("text").asText("") : body.comment() == null ? "" : body.comment().text();
        List<String> tags = h.has("tags") ? strings(h.get("tags")) : body.tags();
        ArrayNode others = NODES.arrayNode();
        JsonNode was = w3c.path("body");
        for (JsonNode b : was.isArray() ? was : List.of(was)) {
            String purpose = b.path("purpose").asText("");
            if (!b.isMissingNode() && !purpose.equals("commenting") && !purpose.equals("tagging")) {
                others.add(b);
            }
        }
        Motivation motivation = Motivation.of(a.motivation).orElseThrow();
        if (motivation == Motivation.COMMENTING || motivation == Motivation.TAGGING || motivation == Motivation.HIGHLIGHTING) {
            motivation = !text.isEmpty() ? Motivation.COMMENTING : tags.isEmpty() ? Motivation.HIGHLIGHTING : Motivation.TAGGING;
        }
        w3c.put("motivation", motivation.wire());
        ArrayNode bodies = bodies(text, tags, others);
        w3c.remove("body");
        if (!bodies.isEmpty()) {
            w3c.set("body", bodies);
        }
        if (h.has("target") && !a.isReply()) {
            w3c.set("target", target(doc, h.get("target")));
        }
        if (h.has("permissions") && !a.isReply()) {
            String group = a.groupId == null ? HypothesisView.WORLD : a.groupId.toString();
            boolean shared = shared(h.get("permissions"), group);
            if (shared != (a.groupId != null)) {
                throw DomainError.invalid("permissions", a.groupId != null
                        ? "an annotation shared in a group stays in it: delete it to take it back"
                        : "a private note stays private: post a new annotation in the group to share it");
            }
        }
        Draft draft = reader.forUpdate(w3c, doc.slug(), id);
        return new Written(doc, documents.write(user, doc, d -> annotations.update(user, d, id, draft, ExpectedVersion.ANY)));
    }

    /** h's DELETE: the annotation leaves (Scholion keeps its revisions). */
    public void delete(UserRef user, UUID id) {
        Found found = readable(user, id);
        annotations.delete(user, found.doc(), id, ExpectedVersion.ANY);
    }

    /** h's flag: a reader's flag with the reason 'other' and {@link #FLAG_NOTE} (h's flags have no reason). */
    public void flag(UserRef user, UUID id) {
        Found found = readable(user, id);
        feedback.flag(user, found.doc(), id, FlagReason.OTHER, FLAG_NOTE);
    }

    /** h's hide and unhide: a moderator's decision; its author is told the reason. */
    public void hide(UserRef user, UUID id, boolean hidden) {
        Found found = readable(user, id);
        moderation.decide(user, found.doc(), id, hidden ? ModerationState.HIDDEN : ModerationState.VISIBLE,
                hidden ? HIDDEN_REASON : null, ExpectedVersion.ANY);
    }

    /** The note of a flag made through h's API: Scholion's 'other' needs one, h's flag has no reason. */
    static final String FLAG_NOTE = "Flagged for review through the Hypothesis-compatible API (no reason given).";

    /** What the author of an annotation hidden through h's API is told (h's hide has no reason). */
    static final String HIDDEN_REASON = "Hidden by a moderator.";

    /** An annotation and its reading, as the caller may see them. */
    public record Found(Doc doc, Shown shown) {
    }

    /** The annotation if the caller may read it and it is not deleted; otherwise not found, as for no annotation. */
    public Found readable(UserRef user, UUID id) {
        Annotation a = em.find(Annotation.class, id);
        if (a == null || a.isDeleted()) {
            throw DomainError.notFound();
        }
        Doc doc = documents.find(user, slugOf(a.documentId));
        Shown shown = queries.get(user, doc, id);
        if (shown.annotation().isDeleted()) {
            throw DomainError.notFound();
        }
        return new Found(doc, shown);
    }

    private String slugOf(UUID documentId) {
        return (String) NamedSql.of("SELECT d.slug FROM document d WHERE d.id = :id").row(db, java.util.Map.of("id", documentId))[0];
    }

    /** The reading {@code uri} names for the caller; not found when none does. */
    private String documentSlug(UserRef user, String uri) {
        return documentSlugOrEmpty(user, uri).orElseThrow(() -> DomainError.notFound("uri",
                "no reading you can read has the uri " + clean(uri) + ": use a document's IRI (" + iris.documentsBase() + "{slug})"));
    }

    private Optional<String> documentSlugOrEmpty(UserRef user, String uri) {
        Optional<String> slug = search.slug(uri);
        if (slug.isPresent()) {
            return slug;
        }
        // the URL or DOI a reading came from, when exactly one the caller may read came from there
        List<Object[]> rows = NamedSql.of("SELECT d.slug FROM document d WHERE d.source = :uri AND "
                + org.scholion.security.DocumentVisibility.READ.sql(user) + " LIMIT 2")
                .rows(db, java.util.Map.of("uri", uri, "viewer", user.id()));
        return rows.size() == 1 ? Optional.of((String) rows.get(0)[0]) : Optional.empty();
    }

    /** The W3C target of an annotation on the text, from h's {@code target}. */
    private ObjectNode target(Doc doc, JsonNode target) {
        JsonNode first = target != null && target.isArray() && !target.isEmpty() ? target.get(0) : null;
        JsonNode selectors = first == null ? null : first.get("selector");
        if (selectors == null || !selectors.isArray() || selectors.isEmpty()) {
            throw DomainError.invalid("target", "Scholion annotates passages of a reading: send target[0].selector with a"
                    + " TextQuoteSelector (notes on a whole page are not supported)");
        }
        ArrayNode kept = NODES.arrayNode();
        boolean quoted = false;
        for (JsonNode s : selectors) {
            quoted |= s.path("type").asText().equals("TextQuoteSelector");
        }
        for (JsonNode s : selectors) {
            String type = s.path("type").asText();
            if (type.equals("TextPositionSelector") && s.path("start").canConvertToInt() && s.path("end").canConvertToInt()) {
                // h counts UTF-16 units (hypothesis/client src/types/api.ts); the W3C reader, code points
                int[] cps = Anchorer.fromUtf16(doc.text(), s.get("start").asInt(), s.get("end").asInt());
                if (cps == null && quoted) {
                    // a position in the client's own page that does not fit this text: the quote decides
                    continue;
                }
                if (cps == null) {
                    throw DomainError.invalid("target.selector", "the TextPositionSelector (start " + s.get("start").asInt() + ", end "
                            + s.get("end").asInt() + ", in UTF-16 units as Hypothesis counts) falls outside the text or inside a"
                            + " character");
                }
                kept.add(((ObjectNode) s.deepCopy()).put("start", cps[0]).put("end", cps[1]));
            } else if (W3C_SELECTORS.contains(type)) {
                kept.add(s.deepCopy());
            }
        }
        if (kept.isEmpty()) {
            throw DomainError.invalid("target", "none of the selectors is the W3C model's: send a TextQuoteSelector");
        }
        ObjectNode t = NODES.objectNode().put("type", "SpecificResource").put("source", iris.document(doc.slug()));
        t.set("selector", kept);
        return t;
    }

    /** A comment (Markdown) and tags, after the other bodies. */
    private static ArrayNode bodies(String text, List<String> tags, ArrayNode others) {
        ArrayNode out = NODES.arrayNode();
        if (!text.isEmpty()) {
            out.addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text).put("format", Body.Comment.MARKDOWN);
        }
        out.addAll(others);
        for (String tag : tags) {
            out.addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", tag);
        }
        return out;
    }

    /** h's {@code _shared}: "permissions['read'] == ['group:{id}']". */
    private static boolean shared(JsonNode permissions, String group) {
        JsonNode read = permissions.get("read");
        return read != null && read.isArray() && read.size() == 1 && ("group:" + group).equals(read.get(0).asText());
    }

    /**
     * h's {@code AnnotationSchema} (JSON Schema), whose messages name the field as "path: message":
     * the types of what is sent; what Scholion's own rules say comes after, from the W3C reader.
     */
    static void checkSchema(JsonNode h) {
        if (h == null || !h.isObject()) {
            throw DomainError.invalid("", "The body must be a JSON object: one annotation.");
        }
        for (String s : List.of("uri", "text", "group")) {
            if (h.has(s) && !h.get(s).isTextual()) {
                throw DomainError.invalid(s, clean(h.get(s).toString()) + " is not of type 'string'");
            }
        }
        for (String a : List.of("tags", "references")) {
            if (h.has(a)) {
                requireStrings(h.get(a), a);
            }
        }
        if (h.has("document") && !h.get("document").isObject()) {
            throw DomainError.invalid("document", "document is not of type 'object'");
        }
        if (h.has("permissions")) {
            JsonNode p = h.get("permissions");
            if (!p.isObject()) {
                throw DomainError.invalid("permissions", "permissions is not of type 'object'");
            }
            if (!p.has("read")) {
                throw DomainError.invalid("permissions", "'read' is a required property");
            }
            for (Iterator<String> names = p.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (Set.of("admin", "delete", "read", "update").contains(name)) {
                    requireStrings(p.get(name), "permissions." + name);
                    for (JsonNode principal : p.get(name)) {
                        if (!PRINCIPAL.matcher(principal.asText()).matches()) {
                            throw DomainError.invalid("permissions." + name, "'" + clean(principal.asText())
                                    + "' does not match '^(acct:|group:).+$'");
                        }
                    }
                }
            }
        }
        if (h.has("target")) {
            JsonNode t = h.get("target");
            if (!t.isArray()) {
                throw DomainError.invalid("target", "target is not of type 'array'");
            }
            for (int i = 0; i < t.size(); i++) {
                JsonNode one = t.get(i);
                if (!one.isObject()) {
                    throw DomainError.invalid("target." + i, "target." + i + " is not of type 'object'");
                }
                if (one.has("selector")) {
                    JsonNode sel = one.get("selector");
                    if (!sel.isArray()) {
                        throw DomainError.invalid("target." + i + ".selector", "selector is not of type 'array'");
                    }
                    for (int j = 0; j < sel.size(); j++) {
                        if (!sel.get(j).isObject() || !sel.get(j).path("type").isTextual()) {
                            throw DomainError.invalid("target." + i + ".selector." + j, "'type' is a required property");
                        }
                    }
                }
            }
        }
    }

    private static void requireStrings(JsonNode n, String field) {
        if (!n.isArray()) {
            throw DomainError.invalid(field, clean(n.toString()) + " is not of type 'array'");
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw DomainError.invalid(field + "." + i, clean(n.get(i).toString()) + " is not of type 'string'");
            }
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    private static String clean(String s) {
        String c = org.scholion.text.Fields.cleanForMessage(s);
        return c.length() > 100 ? c.substring(0, 100) + "…" : c;
    }
}
