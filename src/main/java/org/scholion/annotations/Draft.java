package org.scholion.annotations;

import java.util.UUID;
import org.scholion.anchoring.Anchorer;
import org.scholion.domain.DomainError;

/**
 * An annotation as a client described it, already well-formed (the W3C mapping read it): what the
 * service checks against the document, the thread and the caller's rights.
 *
 * @param selector   set for an annotation on the text, null for a reply
 * @param parentId   set for a reply, null otherwise
 * @param group      null for a private note (or a reply, which takes its thread's group)
 * @param visibility {@link Annotation#GROUP}, {@link Annotation#PRIVATE} or null (decided from group)
 * @param canonical  kept unchanged once set
 * @param via        where the annotation came from (a client's own id moves here)
 * @param revision   the document revision the selector was made on (its target's TimeState), or null: the current one
 * @param client     what the client said that Scholion keeps as sent (ids, other selectors and states, other W3C
 *                   terms: {@code annotations/jsonld/ClientTerms}), or null
 */
public record Draft(Motivation motivation, Body body, Anchorer.Selector selector, UUID parentId, UUID group,
        String visibility, String canonical, String via, Integer revision, com.fasterxml.jackson.databind.node.ObjectNode client) {

    /** The rules that tie the motivation to what the body says. */
    void requireConsistent() {
        if (motivation.needsComment() && body.comment() == null) {
            throw DomainError.invalid("body", "a " + motivation.wire() + " annotation needs a TextualBody with purpose commenting");
        }
        if (motivation == Motivation.ASSESSING) {
            if (body.verdict() == null) {
                throw DomainError.invalid("body", "an assessing annotation needs exactly one TextualBody with purpose assessing");
            }
            if (body.sources().isEmpty()) {
                throw DomainError.invalid("body", "an assessing annotation needs at least one source");
            }
        } else if (body.verdict() != null) {
            throw DomainError.invalid("body", "only an annotation with the motivation 'assessing' carries a verdict");
        }
        if (motivation == Motivation.TAGGING) {
            if (body.tags().isEmpty()) {
                throw DomainError.invalid("body", "a tagging annotation needs at least one tag (a TextualBody with purpose tagging)");
            }
            if (body.comment() != null || !body.sources().isEmpty()) {
                throw DomainError.invalid("body", "a tagging annotation holds tags only; comment with the motivation 'commenting'");
            }
        }
        if ((motivation == Motivation.REPLYING) != (parentId != null)) {
            throw DomainError.invalid(parentId != null ? "motivation" : "target", parentId != null
                    ? "a reply (its target is an annotation) must have the motivation 'replying'"
                    : "a reply's target is the IRI of the annotation it answers");
        }
    }
}
