package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Author;
import org.scholion.annotations.Body;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.documents.RevisionTexts;
import org.scholion.domain.ModerationState;
import org.scholion.groups.Group;
import org.scholion.web.PublicUrl;

/**
 * Scholion's annotations, groups and users as Hypothesis' API writes them: its annotation
 * ({@code docs/_extra/api-reference/schemas/annotation.yaml} of hypothesis/h, and what
 * {@code h/services/annotation_json.py} {@code present_for_user} adds: {@code flagged}, {@code hidden},
 * {@code moderation.flagCount} for moderators), its group ({@code schemas/group.yaml}), its user
 * ({@code schemas/user.yaml}) and its profile ({@code schemas/profile.yaml}).
 *
 * <p>How Scholion's model maps onto h's:
 * <ul>
 * <li>{@code uri} and {@code target[].source}: the document's IRI, the W3C target source;</li>
 * <li>{@code user}: {@code acct:<username>@<authority>}, the authority being
 * {@code scholion.hypothesis.authority} (by default the public URL's host);</li>
 * <li>{@code group}: the group's id; a private note, which in Scholion belongs to no group, is in h's
 * public group {@code __world__} readable by its author alone ({@code permissions.read} is the
 * author), as h's own private notes there are;</li>
 * <li>{@code target[].selector}: the TextQuoteSelector, a TextPositionSelector counted in UTF-16 code
 * units of the annotation's revision of the text (h's unit: hypothesis/client {@code src/types/api.ts},
 * "TextPositionSelector ... start/end: UTF-16 offsets"; the W3C container counts code points), and
 * whatever DOM selectors the client sent while they hold;</li>
 * <li>{@code references}: the ids of the thread above a reply, root first, parent last.</li>
 * </ul>
 */
@ApplicationScoped
public class HypothesisView {
    /** h's public group: here, where a private note is. */
    public static final String WORLD = "__world__";
    /** h's userid: acct:name@authority; the authority never has an '@', the name might. */
    private static final DateTimeFormatter H_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Iris iris;
    private final Representations representations;
    private final RevisionTexts texts;
    private final String authority;
    /** Per revision's text (the same instance from the revision-texts cache), its {@link #units}; weakly held. */
    private final com.github.benmanes.caffeine.cache.Cache<Anchorer.Text, int[]> unitsByText =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().maximumSize(256).build();

    HypothesisView(Iris iris, Representations representations, RevisionTexts texts, PublicUrl publicUrl,
            @ConfigProperty(name = "scholion.hypothesis.authority") Optional<String> authority) {
        this.iris = iris;
        this.representations = representations;
        this.texts = texts;
        this.authority = authority.filter(a -> !a.isBlank()).orElseGet(() -> URI.create(publicUrl.base()).getHost());
    }

    /** What h calls the authority of this server's accounts. */
    public String authority() {
        return authority;
    }

    public String userid(String username) {
        return "acct:" + username + "@" + authority;
    }

    /**
     * The username an h userid names ({@code acct:name@authority}), or a bare username as it is; empty
     * when the userid is of another authority (no user here has it).
     */
    public Optional<String> username(String userid) {
        if (!userid.startsWith("acct:")) {
            return Optional.of(userid);
        }
        int at = userid.lastIndexOf('@');
        if (at < 5 || !userid.substring(at + 1).equalsIgnoreCase(authority)) {
            return Optional.empty();
        }
        return Optional.of(userid.substring(5, at));
    }

    /** h's timestamps: UTC with microseconds and "+00:00" ({@code h.util.datetime.utc_iso8601}). */
    static String time(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).format(H_TIME);
    }

    /** The reader's page opened on the annotation: h's {@code links.html}. */
    String html(String slug, UUID id) {
        return iris.base() + "/read/" + slug + "?annotation=" + id;
    }

    String json(UUID id) {
        return apiRoot() + "annotations/" + id;
    }

    /** The API's root on the public URL, what {@code https://hypothes.is/api/} is. */
    String apiRoot() {
        return iris.base() + HypothesisApi.ROOT;
    }

    /**
     * One annotation (not deleted) as h's API presents it to a user.
     *
     * @param references the ids above it in its thread, root first (empty for a top-level one)
     */
    public ObjectNode annotation(Annotation a, String slug, String title, Author author, Extras extras, List<UUID> references) {
        ObjectNode o = NODES.objectNode();
        String userid = userid(author.username());
        String documentIri = iris.document(slug);
        o.put("id", a.id.toString());
        o.put("created", time(a.createdAt));
        o.put("updated", time(a.modifiedAt));
        o.put("user", userid);
        o.put("uri", documentIri);
        Body body = a.body();
        o.put("text", body.comment() == null ? "" : body.comment().text());
        ArrayNode tags = o.putArray("tags");
        body.tags().forEach(tags::add);
        String group = a.groupId == null ? WORLD : a.groupId.toString();
        o.put("group", group);
        ObjectNode permissions = o.putObject("permissions");
        permissions.putArray("read").add(a.groupId == null ? userid : "group:" + group);
        permissions.putArray("admin").add(userid);
        permissions.putArray("update").add(userid);
        permissions.putArray("delete").add(userid);
        ObjectNode target = o.putArray("target").addObject().put("source", documentIri);
        if (!a.isReply()) {
            ArrayNode selectors = target.putArray("selector");
            ObjectNode quote = selectors.addObject().put("type", "TextQuoteSelector").put("exact", a.exact);
            if (a.prefix != null) {
                quote.put("prefix", a.prefix);
            }
            if (a.suffix != null) {
                quote.put("suffix", a.suffix);
            }
            Anchorer.Text text = texts.text(a.documentId, a.revision);
            selectors.addObject().put("type", "TextPositionSelector").put("start", utf16(text, a.start))
                    .put("end", utf16(text, a.end));
            selectors.addAll(representations.keptSelectors(a, slug));
        }
        o.putObject("document").putArray("title").add(title);
        o.putObject("links").put("html", html(slug, a.id)).put("incontext", html(slug, a.id)).put("json", json(a.id))
                .put("w3c", iris.annotation(slug, a.id));
        o.putObject("user_info").put("display_name", author.displayName());
        if (!references.isEmpty()) {
            ArrayNode refs = o.putArray("references");
            references.forEach(r -> refs.add(r.toString()));
        }
        o.put("hidden", a.moderationState() != ModerationState.VISIBLE);
        o.put("flagged", extras.flaggedByMe());
        if (extras.openFlags() != null) {
            o.putObject("moderation").put("flagCount", extras.openFlags());
        }
        return o;
    }

    /**
     * A code-point offset of the text in UTF-16 units ({@link Anchorer#utf16}), from the text's units
     * worked out once: every row of a page on one revision asks it twice, and counting from the start
     * each time was a fifth of a search page's CPU (bench/README.md, "Hypothesis-compatible API").
     */
    int utf16(Anchorer.Text text, int codePoints) {
        int[] units = unitsByText.get(text, HypothesisView::units);
        return units.length == 0 ? codePoints : units[Math.max(0, Math.min(codePoints, units.length - 1))];
    }

    /** Where each code point of the text starts in UTF-16 units (and its end last); empty when all are one unit. */
    static int[] units(Anchorer.Text text) {
        int[] cps = text.codePoints();
        boolean bmp = true;
        for (int cp : cps) {
            bmp &= cp < Character.MIN_SUPPLEMENTARY_CODE_POINT;
        }
        if (bmp) {
            return new int[0];
        }
        int[] out = new int[cps.length + 1];
        for (int i = 0; i < cps.length; i++) {
            out[i + 1] = out[i] + Character.charCount(cps[i]);
        }
        return out;
    }

    /** A group as h's {@code schemas/group.yaml}: Scholion's groups are joined by code, h's "private" type. */
    public ObjectNode group(Group g) {
        String page = iris.base() + "/groups/" + g.id;
        ObjectNode o = NODES.objectNode().put("id", g.id.toString()).put("groupid", (String) null).put("name", g.name);
        o.putObject("links").put("html", page);
        o.putNull("organization");
        o.put("public", false).put("scoped", false).put("type", "private");
        o.put("url", page);
        o.putObject("urls").put("group", page);
        return o;
    }

    /** A member as h's {@code schemas/user.yaml} (its public part: what group members are listed with). */
    public ObjectNode user(Author u) {
        return NODES.objectNode().put("authority", authority).put("username", u.username()).put("userid", userid(u.username()))
                .put("display_name", u.displayName());
    }
}
