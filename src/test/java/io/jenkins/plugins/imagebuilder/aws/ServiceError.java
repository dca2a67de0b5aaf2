package io.jenkins.plugins.imagebuilder.aws;

/** An error answer, as the service sends it: its type (x-amzn-ErrorType), HTTP status and message. */
final class ServiceError extends Exception {

    private static final long serialVersionUID = 1L;

    final String type;
    final int status;

    ServiceError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    static ServiceError idempotencyMismatch(String token) {
        return new ServiceError(
                "IdempotentParameterMismatchException",
                400,
                "The client token " + token + " was used with different parameters.");
    }
}
