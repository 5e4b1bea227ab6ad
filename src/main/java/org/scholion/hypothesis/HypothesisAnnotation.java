package org.scholion.hypothesis;

import java.time.Instant;
import java.util.List;

/**
 * One annotation of a Hypothesis export, as {@link HypothesisExport} read it: what Scholion can carry
 * over, already checked against Scholion's limits. The fields are those of the h API's annotation
 * ({@code APIAnnotationData}, hypothesis/client {@code src/types/api.ts}:278-349), which the client's
 * JSON export writes unchanged.
 *
 * @param id            the h id ({@code id}, api.ts:283)
 * @param created       when it was made ({@code created}, api.ts:286)
 * @param updated       when it was last edited ({@code updated}, api.ts:289), null when the file has none
 * @param user          the author as h names them, {@code acct:name@authority} ({@code user}, api.ts:293)
 * @param displayName   {@code user_info.display_name} (api.ts:248-250, 330), null when unset
 * @param uri           the page it was made on ({@code uri}, api.ts:292)
 * @param text          the comment, Markdown ({@code text}, api.ts:291); empty for a highlight
 * @param tags          the tags as Scholion stores them (trimmed, lower-case, NFC, each once), in file order
 * @param group         the h group's pubid ({@code group}, api.ts:288), null when the file has none
 * @param shared        whether a group could read it ({@code isShared}: "perms.read.some(principal =>
 *                      principal.startsWith('group:'))", src/sidebar/helpers/permissions.ts:83-85); false means
 *                      private to the author. A reply takes its thread's visibility in Scholion, whatever this says.
 * @param hidden        hidden by an h moderator ({@code hidden}, api.ts:294)
 * @param quote         the passage, for an annotation on the text; null for a reply
 * @param references    the thread's ancestors, root first, the parent last (src/sidebar/helpers/build-thread.ts:90-91,
 *                      102), without the annotation's own id (build-thread.ts:152-155 drops it too); empty for a
 *                      top-level annotation
 * @param documentTitle {@code document.title} (api.ts:296-298), null when the file has none
 * @param htmlLink      {@code links.html}, the annotation's own page on h (api.ts:326-327), null when the file has none
 */
public record HypothesisAnnotation(String id, Instant created, Instant updated, String user, String displayName, String uri,
        String text, List<String> tags, String group, boolean shared, boolean hidden, Quote quote, List<String> references,
        String documentTitle, String htmlLink) {

    public HypothesisAnnotation {
        tags = List.copyOf(tags);
        references = List.copyOf(references);
    }

    /**
     * A TextQuoteSelector as Hypothesis wrote it (api.ts:62-67): the quoted text and up to 32 UTF-16 code
     * units of context on each side (src/annotator/anchoring/types.ts:199-213), a half character at the
     * context's outer end already dropped.
     *
     * @param prefix null when the file has none or it is empty
     * @param suffix null when the file has none or it is empty
     */
    public record Quote(String exact, String prefix, String suffix) {
    }

    /** A reply: its {@code references} name its ancestors ({@code isReply}, src/sidebar/helpers/annotation-metadata.ts:19-21). */
    public boolean isReply() {
        return !references.isEmpty();
    }

    /** The id of the annotation this one answers, null for a top-level annotation. */
    public String parentId() {
        return references.isEmpty() ? null : references.get(references.size() - 1);
    }

    /** Whether it has a comment: h sends "" for none, and Scholion refuses a blank one. */
    public boolean hasText() {
        return !text.isBlank();
    }
}
