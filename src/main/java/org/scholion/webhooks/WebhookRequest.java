package org.scholion.webhooks;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new endpoint: where, which events, optionally of one document. */
@Schema(name = "CreateWebhook")
record WebhookRequest(
        @Schema(example = "https://example.org/scholion-hook", description = "http or https; not a private, loopback or"
                + " link-local address unless the operator allows them") String url,
        @Schema(example = "[\"annotation.created\", \"source.reviewed\"]", description = "Some of: annotation.created,"
                + " annotation.updated, annotation.deleted, annotation.moderated, source.reviewed, document.revised,"
                + " reanchoring.done") List<String> events,
        @Schema(example = "red-terror-essay", description = "Only this document's events (its slug or IRI); every document's"
                + " when left out") String document) {
}
