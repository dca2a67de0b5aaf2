package io.jenkins.plugins.imagebuilder.aws;

/**
 * A call to Image Builder that failed. The message names what was called (pipeline or image) and the
 * region, says what happened and what to do, and ends with the AWS request ID when there is one. It
 * never contains a secret; the SDK exception, if any, is kept as the cause for diagnostics only.
 */
public final class ImageBuilderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms of what the caller can do about it. */
    public enum Kind {
        NOT_FOUND(false),
        FORBIDDEN(false),
        INVALID_REQUEST(false),
        IDEMPOTENCY_MISMATCH(false),
        RESOURCE_IN_USE(false),
        THROTTLED(true),
        SERVICE_UNAVAILABLE(true),
        SERVICE_ERROR(true),
        CLIENT_ERROR(false),
        CREDENTIALS_MISSING(false),
        CREDENTIALS_REJECTED(false),
        CREDENTIALS_EXPIRED(false),
        CLOCK_SKEW(false),
        /** The endpoint is not one calls may go to (an administrator decides). */
        ENDPOINT_NOT_ALLOWED(false),
        UNREACHABLE(true),
        TIMEOUT(true),
        INTERRUPTED(false),
        UNEXPECTED(false),
        /** A wait stopped after too many failed polls in a row. */
        WAIT_GAVE_UP(false),
        /** A wait reached its deadline before the build finished. */
        WAIT_DEADLINE(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the same call may well succeed a little later. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;
    private final ImageBuilderOperation operation;
    private final String requestId;

    ImageBuilderException(
            Kind kind, ImageBuilderOperation operation, String message, String requestId, Throwable cause) {
        super(message, cause, false, true);
        this.kind = kind;
        this.operation = operation;
        this.requestId = requestId;
    }

    public Kind kind() {
        return kind;
    }

    public ImageBuilderOperation operation() {
        return operation;
    }

    /** The AWS request ID, or {@code null} when no answer came. */
    public String requestId() {
        return requestId;
    }

    public boolean isTransient() {
        return kind.isTransient();
    }
}
