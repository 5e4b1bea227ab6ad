package org.scholion.domain;

import java.util.List;

/**
 * A rule of the domain that a request broke. Services, the permission map and the anchoring throw
 * these; only {@code web/ProblemMapper} turns them into HTTP answers (problem+json), so nothing
 * below the resources knows a status code. {@link #field()} names what was wrong in the terms of
 * the request (a JSON path such as {@code target.selector.exact}, or {@code group}), when it can.
 */
public abstract sealed class DomainError extends RuntimeException {
    private final String field;

    private DomainError(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field at fault, or null when the whole request is. */
    public String field() {
        return field;
    }

    /** The field errors of this error: none, or the one field it names. */
    public List<FieldError> fieldErrors() {
        return field == null ? List.of() : List.of(new FieldError(field, getMessage()));
    }

    public record FieldError(String field, String message) {
    }

    /** Nothing the caller may see is there (also what the caller may not see: existence never leaks). */
    public static final class NotFound extends DomainError {
        NotFound(String field, String message) {
            super(field, message);
        }
    }

    /** The caller sees the target but their role does not allow the action. */
    public static final class Forbidden extends DomainError {
        Forbidden(String message) {
            super(null, message);
        }
    }

    /** The target's state does not allow it now (an archived group, a quote that is not in the text). */
    public static final class Conflict extends DomainError {
        Conflict(String field, String message) {
            super(field, message);
        }
    }

    /** The request is malformed for the domain's rules (a missing body, a wrong combination). */
    public static final class Invalid extends DomainError {
        Invalid(String field, String message) {
            super(field, message);
        }
    }

    /** The caller changed something with an expected version that is no longer current. */
    public static final class StaleVersion extends DomainError {
        StaleVersion(String message) {
            super(null, message);
        }
    }

    /** The change needs the version the caller based it on, and none was given. */
    public static final class VersionRequired extends DomainError {
        VersionRequired(String message) {
            super(null, message);
        }
    }

    /** The id the caller proposed for a new resource was taken meanwhile. */
    public static final class IdTaken extends DomainError {
        IdTaken(String message) {
            super(null, message);
        }
    }

    /** The content is of a kind the server does not take, or not the kind its name or type claims (an upload). */
    public static final class Unsupported extends DomainError {
        Unsupported(String field, String message) {
            super(field, message);
        }
    }

    /** The content is larger than the server takes, in bytes or in what it would unpack to. */
    public static final class TooLarge extends DomainError {
        TooLarge(String field, String message) {
            super(field, message);
        }
    }

    /**
     * Well-formed, and valid W3C, but not something Scholion can act on (RFC 9110 §15.5.21, 422): an
     * annotation whose selectors only a DOM can resolve, with none that anchors it in the text.
     */
    public static final class Unprocessable extends DomainError {
        private final List<FieldError> errors;

        Unprocessable(String field, String message) {
            super(field, message);
            this.errors = null;
        }

        Unprocessable(String message, List<FieldError> errors) {
            super(null, message);
            this.errors = List.copyOf(errors);
        }

        @Override
        public List<FieldError> fieldErrors() {
            return errors != null ? errors : super.fieldErrors();
        }
    }

    public static Unprocessable unprocessable(String field, String message) {
        return new Unprocessable(field, message);
    }

    /** Refused as a whole for every one of these problems (an import: all or nothing, with the list of what is wrong). */
    public static Unprocessable unprocessable(String message, List<FieldError> errors) {
        return new Unprocessable(message, errors);
    }

    /** The one answer for anything absent or invisible, so that a 404 never tells which. */
    public static NotFound notFound() {
        return new NotFound(null, "Nothing is here.");
    }

    public static NotFound notFound(String message) {
        return new NotFound(null, message);
    }

    public static NotFound notFound(String field, String message) {
        return new NotFound(field, message);
    }

    public static Forbidden forbidden(String message) {
        return new Forbidden(message);
    }

    public static Conflict conflict(String message) {
        return new Conflict(null, message);
    }

    public static Conflict conflict(String field, String message) {
        return new Conflict(field, message);
    }

    public static Invalid invalid(String field, String message) {
        return new Invalid(field, message);
    }

    public static StaleVersion stale(String message) {
        return new StaleVersion(message);
    }

    public static VersionRequired versionRequired(String message) {
        return new VersionRequired(message);
    }

    public static IdTaken idTaken(String message) {
        return new IdTaken(message);
    }

    public static Unsupported unsupported(String field, String message) {
        return new Unsupported(field, message);
    }

    public static TooLarge tooLarge(String field, String message) {
        return new TooLarge(field, message);
    }
}
