package io.jenkins.plugins.imagebuilder.aws;

/** A failure the local endpoint injects instead of (or after) handling a request. */
public final class Fault {

    enum Kind {
        ERROR,
        DROP_BEFORE_PROCESSING,
        DROP_AFTER_PROCESSING
    }

    final Kind kind;
    final String errorType;
    final int status;
    final String message;

    private Fault(Kind kind, String errorType, int status, String message) {
        this.kind = kind;
        this.errorType = errorType;
        this.status = status;
        this.message = message;
    }

    /** HTTP 429 CallRateLimitExceededException, as when the account's call rate is exceeded. */
    public static Fault throttle() {
        return error("CallRateLimitExceededException", 429, "Rate exceeded");
    }

    /** HTTP 503 ServiceUnavailableException. */
    public static Fault unavailable() {
        return error("ServiceUnavailableException", 503, "The service is unavailable. Try again later.");
    }

    /** HTTP 500 ServiceException. */
    public static Fault serviceError() {
        return error("ServiceException", 500, "An internal error occurred.");
    }

    /** Any error the model defines, with its status. */
    public static Fault error(String errorType, int status, String message) {
        return new Fault(Kind.ERROR, errorType, status, message);
    }

    /** The connection closes before the request is handled: nothing happened on the service's side. */
    public static Fault dropBeforeProcessing() {
        return new Fault(Kind.DROP_BEFORE_PROCESSING, null, 0, null);
    }

    /** The request is handled, then the connection closes before the answer: the caller cannot know. */
    public static Fault dropAfterProcessing() {
        return new Fault(Kind.DROP_AFTER_PROCESSING, null, 0, null);
    }

    @Override
    public String toString() {
        return kind == Kind.ERROR ? errorType + " (" + status + ")" : kind.name();
    }
}
