package org.scholion.web;

import java.util.List;

/** Thrown by services for a domain rule the request broke; mapped to problem+json in one place. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String detail) {
        this(status, detail, List.of());
    }

    public ProblemException(int status, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException field(int status, String field, String message) {
        return new ProblemException(status, message, List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
