package io.jenkins.plugins.imagebuilder.aws;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.imagebuilder.model.AccessDeniedException;
import software.amazon.awssdk.services.imagebuilder.model.CallRateLimitExceededException;
import software.amazon.awssdk.services.imagebuilder.model.ClientException;
import software.amazon.awssdk.services.imagebuilder.model.ForbiddenException;
import software.amazon.awssdk.services.imagebuilder.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.ResourceInUseException;
import software.amazon.awssdk.services.imagebuilder.model.ResourceNotFoundException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceException;
import software.amazon.awssdk.services.imagebuilder.model.ServiceUnavailableException;
import software.amazon.awssdk.services.imagebuilder.model.TooManyRequestsException;

/**
 * Turns what the SDK throws into one {@link ImageBuilderException} whose message a Jenkins user can
 * act on. Modeled errors are told apart by type; AWS-wide authentication errors, which have no type
 * in the model, by their error code. Never by message text.
 */
final class ImageBuilderErrors {

    // AWS-wide error codes for keys that do not exist or do not sign correctly.
    private static final Set<String> REJECTED_CREDENTIALS = Set.of(
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "InvalidSignatureException",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "MissingAuthenticationToken",
            "InvalidAccessKeyId");
    private static final Set<String> EXPIRED_CREDENTIALS =
            Set.of("ExpiredTokenException", "ExpiredToken", "TokenRefreshRequired");

    private ImageBuilderErrors() {}

    /** Where a failed call was going, for its message. */
    static final class CallContext {
        final ImageBuilderOperation operation;
        final String subjectName;
        final String subjectArn;
        final String account;
        final AwsRegion region;
        final String endpoint;
        final boolean aws;
        final String clientToken;

        /** @param aws whether the endpoint is AWS's own: only then is what it answered quoted */
        CallContext(
                ImageBuilderOperation operation,
                String subjectName,
                String subjectArn,
                String account,
                AwsRegion region,
                String endpoint,
                boolean aws,
                String clientToken) {
            this.operation = operation;
            this.subjectName = subjectName;
            this.subjectArn = subjectArn;
            this.account = account;
            this.region = region;
            this.endpoint = endpoint;
            this.aws = aws;
            this.clientToken = clientToken;
        }
    }

    /**
     * @param e an {@link SdkException}, or a {@link CredentialsUnavailableException} that the SDK let
     *     through unwrapped
     */
    static ImageBuilderException translate(RuntimeException e, CallContext call) {
        Integer counted = e instanceof SdkException ? ((SdkException) e).numAttempts() : null;
        int attempts = counted == null ? 1 : counted;
        if (e instanceof AwsServiceException) {
            return serviceError((AwsServiceException) e, call, attempts);
        }
        CredentialsUnavailableException noCredentials = causeOfType(e, CredentialsUnavailableException.class);
        if (noCredentials != null) {
            return failure(
                    ImageBuilderException.Kind.CREDENTIALS_MISSING,
                    call,
                    null,
                    e,
                    EngineMessage.ERROR_CREDENTIALS_MISSING.format(noCredentials.getMessage()));
        }
        if (e instanceof AbortedException
                || causeOfType(e, InterruptedException.class) != null
                || Thread.currentThread().isInterrupted()) {
            return failure(
                    ImageBuilderException.Kind.INTERRUPTED, call, null, e, EngineMessage.ERROR_INTERRUPTED.format());
        }
        if (e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException
                || causeOfType(e, SocketTimeoutException.class) != null) {
            return failure(
                    ImageBuilderException.Kind.TIMEOUT,
                    call,
                    null,
                    e,
                    EngineMessage.ERROR_TIMEOUT.format(call.endpoint, attempts));
        }
        IOException io = causeOfType(e, IOException.class);
        if (io != null && !(io instanceof InterruptedIOException)) {
            return failure(
                    ImageBuilderException.Kind.UNREACHABLE,
                    call,
                    null,
                    e,
                    EngineMessage.ERROR_UNREACHABLE.format(call.endpoint, describeIo(io), attempts));
        }
        return failure(
                ImageBuilderException.Kind.UNEXPECTED,
                call,
                null,
                e,
                EngineMessage.ERROR_UNEXPECTED.format(e.getClass().getSimpleName()));
    }

    private static ImageBuilderException serviceError(AwsServiceException e, CallContext call, int attempts) {
        // An endpoint that is not AWS's own could be anything an administrator allowed: nothing it answered is echoed.
        String requestId = call.aws ? UserText.escape(e.requestId()) : null;
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String said = e.awsErrorDetails() == null || !call.aws
                ? null
                : e.awsErrorDetails().errorMessage();
        ImageBuilderException.Kind kind;
        String problem;
        boolean quoteService = true;
        if (e instanceof ResourceNotFoundException) {
            kind = ImageBuilderException.Kind.NOT_FOUND;
            problem = call.operation == ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION
                            || call.operation == ImageBuilderOperation.GET_IMAGE_PIPELINE
                    ? EngineMessage.ERROR_NOT_FOUND_PIPELINE.format(call.account)
                    : EngineMessage.ERROR_NOT_FOUND_IMAGE.format(call.account);
        } else if (e instanceof ForbiddenException || e instanceof AccessDeniedException) {
            kind = ImageBuilderException.Kind.FORBIDDEN;
            problem = EngineMessage.ERROR_FORBIDDEN.format(call.operation.iamAction(), call.subjectArn);
        } else if (e instanceof IdempotentParameterMismatchException) {
            kind = ImageBuilderException.Kind.IDEMPOTENCY_MISMATCH;
            problem = call.operation == ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION
                    ? EngineMessage.ERROR_IDEMPOTENCY_MISMATCH.format(call.clientToken)
                    : call.operation == ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION
                            ? EngineMessage.ERROR_IDEMPOTENCY_MISMATCH_STEP_ACTION.format(call.clientToken)
                            : EngineMessage.ERROR_IDEMPOTENCY_MISMATCH_CANCEL.format(call.clientToken);
        } else if (e instanceof InvalidRequestException) {
            kind = ImageBuilderException.Kind.INVALID_REQUEST;
            problem = call.operation == ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION
                    ? EngineMessage.ERROR_STEP_NOT_WAITING.format()
                    : EngineMessage.ERROR_INVALID_REQUEST.format();
        } else if (e instanceof ResourceInUseException) {
            kind = ImageBuilderException.Kind.RESOURCE_IN_USE;
            problem = EngineMessage.ERROR_RESOURCE_IN_USE.format();
        } else if (e instanceof CallRateLimitExceededException
                || e instanceof TooManyRequestsException
                || e.isThrottlingException()) {
            kind = ImageBuilderException.Kind.THROTTLED;
            problem = EngineMessage.ERROR_THROTTLED.format(attempts);
            quoteService = false;
        } else if (e instanceof ServiceUnavailableException || e.statusCode() == 503) {
            kind = ImageBuilderException.Kind.SERVICE_UNAVAILABLE;
            problem = EngineMessage.ERROR_SERVICE_UNAVAILABLE.format(attempts);
            quoteService = false;
        } else if (e instanceof ServiceException || e.statusCode() >= 500) {
            kind = ImageBuilderException.Kind.SERVICE_ERROR;
            problem = EngineMessage.ERROR_SERVICE.format(attempts, String.valueOf(e.statusCode()));
        } else if (e.statusCode() == 407) {
            kind = ImageBuilderException.Kind.CLIENT_ERROR;
            problem = EngineMessage.ERROR_PROXY_AUTHENTICATION.format(call.endpoint);
            quoteService = false;
        } else if (code != null && EXPIRED_CREDENTIALS.contains(code)) {
            kind = ImageBuilderException.Kind.CREDENTIALS_EXPIRED;
            problem = EngineMessage.ERROR_CREDENTIALS_EXPIRED.format();
        } else if (code != null && REJECTED_CREDENTIALS.contains(code)) {
            kind = ImageBuilderException.Kind.CREDENTIALS_REJECTED;
            problem = EngineMessage.ERROR_CREDENTIALS_REJECTED.format(UserText.escape(code), call.subjectArn);
        } else if (e.isClockSkewException()) {
            kind = ImageBuilderException.Kind.CLOCK_SKEW;
            problem = EngineMessage.ERROR_CLOCK_SKEW.format();
        } else if (e instanceof ClientException) {
            kind = ImageBuilderException.Kind.CLIENT_ERROR;
            problem = EngineMessage.ERROR_CLIENT.format();
        } else {
            kind = e.statusCode() >= 500
                    ? ImageBuilderException.Kind.SERVICE_ERROR
                    : ImageBuilderException.Kind.CLIENT_ERROR;
            problem = EngineMessage.ERROR_UNKNOWN_SERVICE_ERROR.format(
                    code == null || !call.aws ? "?" : UserText.escape(code), String.valueOf(e.statusCode()));
        }
        if (quoteService && said != null && !said.isBlank()) {
            problem = problem + " " + EngineMessage.AWS_SAID.format(UserText.escape(said.strip()));
        }
        return failure(kind, call, requestId, e, problem);
    }

    private static ImageBuilderException failure(
            ImageBuilderException.Kind kind, CallContext call, String requestId, Throwable cause, String problem) {
        String action = call.operation.describeFailure(call.subjectName, call.subjectArn);
        String message = requestId == null || requestId.isBlank()
                ? EngineMessage.FAILURE.format(action, call.region, problem)
                : EngineMessage.FAILURE_WITH_REQUEST_ID.format(action, call.region, problem, requestId);
        return new ImageBuilderException(kind, call.operation, message, requestId, cause);
    }

    /** A successful answer that lacks what the model promises: a service-side problem. */
    static ImageBuilderException incompleteAnswer(CallContext call, String missingMember) {
        return failure(
                ImageBuilderException.Kind.SERVICE_ERROR,
                call,
                null,
                null,
                EngineMessage.ERROR_INCOMPLETE_ANSWER.format(missingMember));
    }

    static ImageBuilderException endpointNotAllowed(
            ImageBuilderOperation operation, String subjectName, String subjectArn, AwsRegion region, String problem) {
        return new ImageBuilderException(
                ImageBuilderException.Kind.ENDPOINT_NOT_ALLOWED,
                operation,
                EngineMessage.FAILURE.format(operation.describeFailure(subjectName, subjectArn), region, problem),
                null,
                null);
    }

    static ImageBuilderException waitFailure(
            ImageBuilderException.Kind kind, ImageBuildVersionArn image, String problem, Throwable cause) {
        String action = ImageBuilderOperation.GET_IMAGE.describeFailure(image.name(), image.toString());
        return new ImageBuilderException(
                kind,
                ImageBuilderOperation.GET_IMAGE,
                EngineMessage.FAILURE.format(action, image.region(), problem),
                null,
                cause);
    }

    private static String describeIo(IOException io) {
        if (io instanceof UnknownHostException) {
            return "unknown host " + io.getMessage();
        }
        if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
            return "connection refused";
        }
        return io.getClass().getSimpleName();
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
