package org.scholion.exports;

import java.util.UUID;
import org.scholion.annotations.Body;

/**
 * One source as one annotation cites it: the input of a {@link Bibliography}.
 *
 * @param annotationId the citing annotation's public id
 * @param citerName    the display name of the annotation's author; null when unknown
 */
public record Citation(Body.Source source, UUID annotationId, String citerName) {
}
