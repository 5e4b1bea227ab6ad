package org.scholion.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation on its way out (issue 22, versioning): a change that breaks clients gets a new
 * operation, and the old one keeps answering, with {@link DeprecationHeaders} telling every call
 * when it was deprecated (RFC 9745 {@code Deprecation}), when it stops (RFC 8594 {@code Sunset}) and
 * where to read about it ({@code Link; rel="deprecation"}). Put {@link Deprecated} beside it, so the
 * OpenAPI document marks the operation {@code deprecated: true}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retiring {
    /** The day it was (or will be) deprecated, ISO 8601 ({@code 2027-01-31}), midnight UTC. */
    String deprecated();

    /** The day it stops answering, ISO 8601, midnight UTC; not before {@link #deprecated}. */
    String sunset();

    /** Where its replacement is described (a path of this server or an absolute URI). */
    String link();
}
