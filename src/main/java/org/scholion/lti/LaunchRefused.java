package org.scholion.lti;

/**
 * A login or launch Scholion refuses: the status to answer and a sentence for the person in front of
 * the LMS (also logged). Never carries a token, a key or a secret.
 */
final class LaunchRefused extends RuntimeException {
    private final int status;

    LaunchRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static LaunchRefused bad(String reason) {
        return new LaunchRefused(400, reason);
    }

    static LaunchRefused refused(String reason) {
        return new LaunchRefused(403, reason);
    }
}
