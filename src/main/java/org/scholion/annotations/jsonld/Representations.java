package org.scholion.annotations.jsonld;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.listing.ContainerListing;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.annotations.listing.ContainerListing.Listed;
import org.scholion.annotations.listing.ViewerExtras.SourceReview;
import org.scholion.annotations.listing.ContainerListing.Page;
import org.scholion.annotations.Author;
import org.scholion.annotations.Body;
import org.scholion.annotations.ItemTags;
import org.scholion.annotations.Revisions;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.documents.RevisionDates;
import org.scholion.domain.ModerationState;

/**
 * Writes the W3C Web Annotation Data Model documents: annotations, tombstones, and the
 * container's AnnotationCollection and AnnotationPage documents. Every document it writes
 * satisfies the Data Model's MUST assertions as the W3C test suite writes them
 * ({@code W3cConformanceTest} checks each shape).
 *
 * <p>A source is a {@code SpecificResource} whose {@code source} is the cited work's IRI, with
 * purpose {@code linking} (the Data Model's motivation "to link to a resource related to the
 * target"; Scholion's narrower {@code citing} is declared in our context with
 * {@code skos:broader oa:linking}). Its {@code id} is a UUID URN stable across edits; the
 * citation's details ({@code title}, {@code authors}, {@code published}, {@code container},
 * {@code locator}, {@code excerpt}, {@code doi}) are terms of our context.
 */
@ApplicationScoped
public class Representations implements Revisions.Snapshots {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pages without a pageSize in their IRI have this many items. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    private final Iris iris;

    private final RevisionDates revisionDates;

    /**
     * Items of container pages already written, as JSON text, under everything an item is made of:
     * the row at its version ({@code row_version} moves with every UPDATE of it, migration V10), its
     * document's slug, its author as named now, and the viewer's extras (their upvote and flag, the
     * moderators' flag count, the reviews, the endorser). Most viewers of an annotation have the same
     * extras (no upvote, no flag of theirs, no moderation), so in a class the item is written once for
     * all of them: a write moves every student's page validator, and every page was being written
     * anew, item by item, for each of them (issue 20's classroom mix). Anything that changes an item
     * changes its key, so nothing stale is served; old keys leave by size. Bounded by
     * {@code scholion.annotations.item-cache-bytes}; metric {@code cache_*{cache="rendered-items"}}.
     * Only pages use it: their rows are read fresh from the database, with their current version.
     * An item is kept as its UTF-8 bytes too ({@link SerializedString} encodes once and keeps them), so
     * writing a page copies bytes: kept as a String, every page re-encoded every item (the essay's
     * quotes are not Latin-1, so each is a UTF-16 String; 19 % of the class-600 profile).
     */
    private final Cache<ItemKey, SerializedString> items;

    record ItemKey(UUID id, long rowVersion, String slug, Author author, Extras extras) {
    }

    @Inject
    Representations(Iris iris, RevisionDates revisionDates,
            @ConfigProperty(name = "scholion.annotations.item-cache-bytes", defaultValue = "33554432") long itemCacheBytes,
            MeterRegistry registry) {
        this.iris = iris;
        this.revisionDates = revisionDates;
        this.items = Caffeine.newBuilder().maximumWeight(itemCacheBytes).weigher((ItemKey k, SerializedString v) -> 2 * v.charLength() + v.asUnquotedUTF8().length + 256)
                .recordStats().build();
        CaffeineCacheMetrics.monitor(registry, items, "rendered-items");
    }

    public Iris iris() {
        return iris;
    }

    private ArrayNode contexts(boolean ldp) {
        ArrayNode c = NODES.arrayNode().add(Vocabulary.ANNO_CONTEXT);
        if (ldp) {
            c.add(Vocabulary.LDP_CONTEXT);
        }
        return c.add(iris.context());
    }

    /** The annotation as a standalone document, with its @context, as the viewer the extras are for sees it. */
    public ObjectNode annotation(Annotation a, String slug, Author author, Extras extras) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        o.setAll(item(a, slug, author, extras));
        return o;
    }

    /** The annotation as anyone who may read it sees it, without what is said to one viewer alone. */
    public ObjectNode annotation(Annotation a, String slug, Author author) {
        return annotation(a, slug, author, Extras.NONE);
    }

    @Override
    public String snapshot(Annotation a, Doc doc, Author author) {
        return write(annotation(a, doc.slug(), author));
    }

    /**
     * The annotation without @context, as embedded in a page. Besides the W3C terms it carries its
     * moderation (state; the reason and time when held back — only its author and moderators see
     * such an annotation), upvotes, the endorsement, the thread's lock, the sources' reviews; and for
     * the viewer the extras are for: whether they upvoted and flagged it, and, when they moderate
     * it, its number of open flags. {@link Extras#NONE} leaves the viewer's part out.
     */
    public ObjectNode item(Annotation a, String slug, Author author, Extras extras) {
        ObjectNode o = NODES.objectNode();
        o.put("id", iris.annotation(slug, a.id));
        o.put("type", "Annotation");
        o.put("motivation", a.motivation);
        o.put("created", time(a.createdAt));
        o.put("modified", time(a.modifiedAt));
        if (author != null) {
            o.set("creator", person(author));
        }
        JsonNode client = client(a, slug);
        ArrayNode body = bodies(a.body(), extras.reviews(), client.path("bodies"));
        if (!body.isEmpty()) {
            o.set("body", body);
        }
        o.set("target", target(a, slug, client));
        formerTarget(o, a, slug, client);
        if (!a.isReply()) {
            o.put("anchoring", a.anchoring);
            if (a.originalExact != null) {
                o.put("originalQuote", a.originalExact);
            }
        }
        if (a.canonical != null) {
            o.put("canonical", a.canonical);
        }
        if (a.via != null) {
            o.put("via", a.via);
        }
        if (a.groupId != null) {
            o.put("group", a.groupId.toString());
        }
        o.put("visibility", a.visibility);
        // the other terms of the W3C model the client sent (rights, audience …), as sent
        client.path("annotation").fields().forEachRemaining(e -> {
            if (!o.has(e.getKey())) {
                o.set(e.getKey(), e.getValue());
            }
        });
        moderation(o, a, extras);
        etag(o, a, extras);
        return o;
    }

    /**
     * The viewer's ETag of the annotation, as the header carries it: a client keeps it with what it
     * shows (a card, a live update) and sends it as If-Match, so a moderator's decision applies to
     * the version they saw (issue 17). Only in what is made for one viewer: {@link Extras#NONE}
     * (revisions' snapshots) names no current version.
     */
    private static void etag(ObjectNode o, Annotation a, Extras extras) {
        if (extras != Extras.NONE) {
            o.put("etag", ItemTags.quoted(a, extras));
        }
    }

    private void moderation(ObjectNode o, Annotation a, Extras extras) {
        o.put("moderationState", a.moderation);
        if (a.moderationReason != null) {
            o.put("moderationReason", a.moderationReason);
        }
        if (a.moderatedAt != null && a.moderationState() != ModerationState.VISIBLE) {
            o.put("moderated", time(a.moderatedAt));
        }
        o.put("upvotes", a.upvotes);
        if (extras != Extras.NONE) {
            o.put("upvotedByMe", extras.upvotedByMe());
            o.put("flaggedByMe", extras.flaggedByMe());
            if (extras.openFlags() != null) {
                o.put("flagCount", extras.openFlags());
            }
        }
        if (a.endorsedAt != null) {
            o.put("endorsed", time(a.endorsedAt));
            if (extras.endorser() != null) {
                o.set("endorsedBy", person(extras.endorser()));
            }
        }
        if (a.lockedAt != null) {
            o.put("locked", time(a.lockedAt));
        }
    }

    /** A user as the W3C model names agents: creator, endorser, reviewer. */
    public ObjectNode person(Author author) {
        return NODES.objectNode()
                .put("id", iris.user(author.id()))
                .put("type", "Person")
                .put("nickname", author.username())
                .put("name", author.displayName());
    }

    /**
     * The body in W3C form: the comment, the verdict, the sources (with their reviews), then the tags;
     * each textual body with the id and the other terms its client gave it ({@code client}: by role).
     */
    ArrayNode bodies(Body b, Map<UUID, SourceReview> reviews, JsonNode client) {
        ArrayNode out = NODES.arrayNode();
        if (b.comment() != null) {
            ObjectNode c = clientBody(out, client.path("comment")).put("type", "TextualBody").put("purpose", "commenting")
                    .put("value", b.comment().text()).put("format", b.comment().format());
            if (b.comment().language() != null) {
                c.put("language", b.comment().language());
            }
            withTerms(c, client.path("comment"));
        }
        if (b.verdict() != null) {
            withTerms(clientBody(out, client.path("verdict")).put("type", "TextualBody").put("purpose", "assessing")
                    .put("value", b.verdict().wire()), client.path("verdict"));
        }
        for (Body.Source s : b.sources()) {
            ObjectNode source = source(s);
            SourceReview r = reviews.get(s.id());
            if (r != null) {
                ObjectNode review = source.putObject("review").put("verdict", r.verdict());
                putIf(review, "note", r.note());
                review.put("reviewed", time(r.reviewed()));
                if (r.reviewer() != null) {
                    review.set("reviewer", person(r.reviewer()));
                }
            }
            out.add(source);
        }
        for (String tag : b.tags()) {
            JsonNode terms = client.path("tag:" + tag);
            withTerms(clientBody(out, terms).put("type", "TextualBody").put("purpose", "tagging").put("value", tag), terms);
        }
        return out;
    }

    /** A new body object, its client's id first when it had one. */
    private static ObjectNode clientBody(ArrayNode out, JsonNode terms) {
        ObjectNode o = out.addObject();
        if (terms.path("id").isTextual()) {
            o.put("id", terms.get("id").asText());
        }
        return o;
    }

    /** The client's other W3C terms of a body, where Scholion wrote nothing of its own. */
    private static void withTerms(ObjectNode o, JsonNode terms) {
        terms.fields().forEachRemaining(e -> {
            if (!o.has(e.getKey())) {
                o.set(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * What the annotation's client said that Scholion keeps (V14), as a tree, its relative ids resolved
     * against the annotation's IRI ({@link ClientTerms#id}); an empty object when nothing.
     */
    JsonNode client(Annotation a, String slug) {
        if (a.client == null) {
            return NODES.objectNode();
        }
        try {
            return ClientTerms.resolved(JSON.readTree(a.client), iris.annotation(slug, a.id));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The selectors other than the text ones that the client sent (DOM selectors: RangeSelector,
     * XPathSelector, ...), as long as they hold: while the annotation is on the revision they were
     * made on. Empty otherwise. The Hypothesis-compatible view hands them back in its target.
     */
    public ArrayNode keptSelectors(Annotation a, String slug) {
        JsonNode kept = client(a, slug).path("target");
        boolean current = kept.path("targetOn").asInt(a.revision) == a.revision;
        return current && kept.path("selectors").isArray() ? ((ArrayNode) kept.get("selectors")).deepCopy() : NODES.arrayNode();
    }

    static ObjectNode source(Body.Source s) {
        ObjectNode o = NODES.objectNode().put("id", Iris.source(s.id())).put("type", "SpecificResource").put("purpose", "linking")
                .put("source", s.iri());
        putIf(o, "title", s.title());
        if (!s.authors().isEmpty()) {
            ArrayNode a = o.putArray("authors");
            s.authors().forEach(a::add);
        }
        putIf(o, "published", s.published());
        putIf(o, "container", s.container());
        putIf(o, "locator", s.locator());
        putIf(o, "excerpt", s.excerpt());
        putIf(o, "doi", s.doi());
        return o;
    }

    /**
     * What a deleted annotation still shows so that its thread stays readable: where it was and
     * that it is gone, without its body or its author.
     */
    public ObjectNode tombstone(Annotation a, String slug) {
        return tombstone(a, slug, Extras.NONE);
    }

    /** The tombstone as one viewer is shown it: with their ETag, which a moderator restoring it sends back. */
    public ObjectNode tombstone(Annotation a, String slug, Extras extras) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        o.put("id", iris.annotation(slug, a.id));
        o.put("type", "Annotation");
        o.put("motivation", a.motivation);
        o.set("target", target(a, slug, client(a, slug)));
        if (a.groupId != null) {
            o.put("group", a.groupId.toString());
        }
        o.put("visibility", a.visibility);
        o.put("deleted", time(a.deletedAt));
        etag(o, a, extras);
        return o;
    }

    private JsonNode target(Annotation a, String slug, JsonNode client) {
        if (a.isReply()) {
            return NODES.textNode(iris.annotation(slug, a.parentId));
        }
        JsonNode kept = client.path("target");
        // the client's ids and DOM selectors hold for the revision its selectors were made on
        boolean current = kept.path("targetOn").asInt(a.revision) == a.revision;
        ObjectNode t = NODES.objectNode();
        if (kept.path("id").isTextual()) {
            t.put("id", kept.get("id").asText());
        }
        t.put("source", iris.document(slug));
        ObjectNode quote = NODES.objectNode();
        if (current && kept.path("quoteId").isTextual()) {
            quote.put("id", kept.get("quoteId").asText());
        }
        quote.put("type", "TextQuoteSelector").put("exact", a.exact);
        if (a.prefix != null) {
            quote.put("prefix", a.prefix);
        }
        if (a.suffix != null) {
            quote.put("suffix", a.suffix);
        }
        ObjectNode position = NODES.objectNode();
        if (current && kept.path("positionId").isTextual()) {
            position.put("id", kept.get("positionId").asText());
        }
        position.put("type", "TextPositionSelector").put("start", a.start).put("end", a.end);
        ArrayNode selectors = t.putArray("selector").add(quote).add(position);
        if (current && kept.path("selectors").isArray()) {
            selectors.addAll((ArrayNode) kept.get("selectors"));
        }
        // the revision the selectors hold for (Web Annotation Data Model §4.2.6: a TimeState whose
        // cached copy is the revision, with the time it was published), beside the client's own states
        ObjectNode ours = revisionState(a.documentId, slug, a.revision);
        if (kept.path("states").isArray()) {
            ArrayNode states = t.putArray("state").add(ours);
            states.addAll((ArrayNode) kept.get("states"));
        } else {
            t.set("state", ours);
        }
        kept.fields().forEachRemaining(e -> {
            if (!TARGET_BOOKKEEPING.contains(e.getKey()) && !t.has(e.getKey())) {
                t.set(e.getKey(), e.getValue());
            }
        });
        return t;
    }

    private static final java.util.Set<String> TARGET_BOOKKEEPING = java.util.Set.of("id", "quoteId", "positionId", "selectors",
            "states", "targetOn");

    private ObjectNode revisionState(UUID document, String slug, int revision) {
        return NODES.objectNode().put("type", "TimeState").put("cached", iris.document(slug) + "/revisions/" + revision)
                .put("sourceDate", time(revisionDates.published(document, revision)));
    }

    /**
     * The selectors only a DOM resolves, and the ids of the text selectors, that a client sent for a
     * revision the annotation has since left (re-anchoring recomputes the text selectors, not these):
     * kept, and shown as that revision's — a SpecificResource whose state names it — never as if they
     * held for the current one.
     */
    private void formerTarget(ObjectNode o, Annotation a, String slug, JsonNode client) {
        JsonNode kept = client.path("target");
        if (a.isReply() || !kept.has("targetOn") || kept.get("targetOn").asInt() == a.revision
                || !kept.path("selectors").isArray()) {
            return;
        }
        int on = kept.get("targetOn").asInt();
        ObjectNode f = o.putObject("formerTarget").put("type", "SpecificResource").put("source", iris.document(slug));
        ArrayNode selectors = f.putArray("selector");
        if (kept.path("selectors").isArray()) {
            selectors.addAll((ArrayNode) kept.get("selectors"));
        }
        f.set("state", revisionState(a.documentId, slug, on));
    }
    // ---- the container ----------------------------------------------------------------------------

    /**
     * The container as an AnnotationCollection (Protocol §4.2): its first page embedded, or only
     * linked when the client asked for the minimal container.
     *
     * @param query the canonical filter query (may be empty), shared by the collection and its pages
     */
    public ObjectNode collection(String slug, String label, Page first, ContainerView view, String query) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(true));
        o.put("id", iris.collection(slug, view, query));
        o.set("type", NODES.arrayNode().add("BasicContainer").add("AnnotationCollection"));
        o.put("label", label);
        o.put("total", first.total());
        if (first.modified() != null) {
            o.put("modified", time(first.modified()));
        }
        ContainerView pages = view.pages();
        if (view.minimal()) {
            o.put("first", pageIri(slug, pages, query, 0, first.pageSize()));
        } else {
            o.set("first", pageBody(slug, first, pages, query));
        }
        o.put("last", pageIri(slug, pages, query, first.lastPage(), first.pageSize()));
        return o;
    }

    /** A page requested by its own IRI. */
    public ObjectNode page(String slug, String label, Page p, ContainerView view, String query) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        ObjectNode body = pageBody(slug, p, view, query);
        ObjectNode partOf = NODES.objectNode().put("id", iris.collection(slug, view, query)).put("label", label)
                .put("total", p.total());
        if (p.modified() != null) {
            partOf.put("modified", time(p.modified()));
        }
        o.put("id", body.get("id").asText());
        o.put("type", "AnnotationPage");
        o.set("partOf", partOf);
        body.remove("id");
        body.remove("type");
        o.setAll(body);
        return o;
    }

    private ObjectNode pageBody(String slug, Page p, ContainerView view, String query) {
        ObjectNode o = NODES.objectNode();
        o.put("id", pageIri(slug, view, query, p.page(), p.pageSize()));
        o.put("type", "AnnotationPage");
        o.put("startIndex", (long) p.page() * p.pageSize());
        if (p.page() > 0) {
            o.put("prev", pageIri(slug, view, query, p.page() - 1, p.pageSize()));
        }
        if (p.page() < p.lastPage()) {
            o.put("next", pageIri(slug, view, query, p.page() + 1, p.pageSize()));
        }
        ArrayNode items = o.putArray("items");
        for (Listed l : p.items()) {
            if (view.iris()) {
                items.add(iris.annotation(slug, l.id()));
                continue;
            }
            SerializedString written = this.items.getIfPresent(key(slug, l));
            if (written == null) {
                // not written yet, or gone from the cache since the listing asked (then read again)
                Annotation a = l.annotation() != null ? l.annotation() : p.reread().apply(l.id());
                if (a == null) {
                    continue;
                }
                written = kept(write(item(a, slug, l.author(), l.extras())));
                this.items.put(new ItemKey(a.id, a.rowVersion, slug, l.author(), l.extras()), written);
            }
            items.addRawValue(new RawValue(written));
        }
        return o;
    }

    private static ItemKey key(String slug, Listed l) {
        return new ItemKey(l.id(), l.rowVersion(), slug, l.author(), l.extras());
    }

    /** Whether this item of a listing is written already, for {@code AnnotationQueries.page}: its row need not be read. */
    public boolean written(String slug, Listed l) {
        return items.asMap().containsKey(key(slug, l));
    }

    // ---- what a page weighs -------------------------------------------------------------------------

    /**
     * What {@link #item} writes besides the row's own data, at most, in bytes of JSON: the keys and the
     * values of bounded length (times, numbers, states, the group id), the wrappers of a comment, a
     * verdict and up to {@value AnnotationReader#MAX_TAGS} tags, the two selectors, the quotes around the
     * row's texts. Counted from {@link #item} with room to spare; {@code PageBudgetTest} renders the
     * heaviest annotations there are and checks that none weighs more than {@link #itemBound}.
     */
    static final int ITEM_STRUCTURE = 2_048;
    /**
     * A person ({@link #person}) without their IRI: keys, and a username and a name of at most 255
     * characters each (app_user), at most 3 bytes a character in JSON (names hold no control characters).
     */
    static final int PERSON = 128 + 2 * 3 * 255;
    /**
     * The {@code etag} ({@link ItemTags}): its key, and the tag in escaped quotes — the id, two row
     * versions of at most 19 digits and the separators.
     */
    static final int ETAG = 16 + 4 + 36 + 2 + 19 + 2 + 19 + 1 + 19;

    /**
     * An upper bound of the bytes one annotation adds to a page of descriptions, whoever reads it
     * (a moderator sees the most): its row's {@code weight} (migration V8: the body, the quote,
     * canonical, via, the moderation reason, its sources and their reviews without the reviewer's IRI)
     * plus what the representation adds whatever the row holds — {@link #ITEM_STRUCTURE}, {@link #ETAG}, the
     * annotation's IRI and its target's, the creator and the endorser, the reviewers' IRIs — and a comma.
     */
    public long itemBound(long weight, String slug) {
        long annotationIri = utf8(iris.container(slug)) + 36 + 2;
        long personIri = utf8(iris.user(new UUID(0, 0))) + 2;
        return weight + ITEM_STRUCTURE + ETAG + 2 * annotationIri + 2 * (PERSON + personIri) + AnnotationReader.MAX_SOURCES * personIri
                + stateBound(slug) + 1;
    }

    /**
     * The target's {@code state} and the {@code anchoring} term (issue 18): keys, "TimeState", the
     * revision's IRI with the largest number, a date-time, the longest anchoring value; and the
     * {@code formerTarget} a client's DOM selectors may be shown in (issue 19), whose selectors are
     * part of the row's weight (V14). The original
     * quote of a fuzzy re-anchoring is part of the row's weight (migration V12).
     */
    static long stateBound(String slug, Iris iris) {
        // the target's state, and a former target's (issue 19): its keys, the document's IRI and a second state
        return 2 * (160 + utf8(iris.document(slug)) + "/revisions/2147483647".length()) + 96 + utf8(iris.document(slug));
    }

    private long stateBound(String slug) {
        return stateBound(slug, iris);
    }

    /** The bytes one annotation adds to a page of IRIs: its IRI in quotes and a comma. */
    public long iriItemBound(String slug) {
        return utf8(iris.container(slug)) + 36 + 3;
    }

    /**
     * An upper bound of the bytes of a collection or a page without its items: @context, keys, the
     * label, the total, the time, and the collection's and pages' IRIs ({@code id}, {@code partOf},
     * {@code first}, {@code prev}, {@code next}, {@code last}) with the view, this filter query and the
     * largest page numbers.
     */
    public long envelopeBound(String slug, String label, String query) {
        long iri = utf8(iris.container(slug)) + "?iris=1&".length() + utf8(query) + "&page=2147483647&pageSize=1000".length() + 2;
        long contexts = utf8(Vocabulary.ANNO_CONTEXT) + utf8(Vocabulary.LDP_CONTEXT) + utf8(iris.context()) + 16;
        return 512 + contexts + 2 * utf8(label) + 6 * iri;
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public String pageIri(String slug, ContainerView view, String query, int page, int pageSize) {
        return iris.page(slug, view, query, page, pageSize, DEFAULT_PAGE_SIZE);
    }

    // ---- JSON ---------------------------------------------------------------------------------------

    public static String time(OffsetDateTime t) {
        return t == null ? null
                : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** JSON text whose UTF-8 bytes are made now, once, and written as they are by every page. */
    private static SerializedString kept(String json) {
        SerializedString s = new SerializedString(json);
        s.asUnquotedUTF8();
        return s;
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
