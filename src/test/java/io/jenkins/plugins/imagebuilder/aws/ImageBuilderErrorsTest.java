package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;

/**
 * Every way a start can fail ends in one {@link ImageBuilderException} whose message names the
 * pipeline and the region, says what happened and what to do, and carries the AWS request ID.
 */
class ImageBuilderErrorsTest {

    private static final String PIPELINE = "arn:aws:imagebuilder:ap-south-2:123456789012:image-pipeline/web";
    private static final String START = "Could not start image pipeline \"web\" (" + PIPELINE + ") in ap-south-2: ";

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    static Stream<Arguments> modeledErrors() {
        return Stream.of(
                error(
                        "ResourceNotFoundException",
                        e -> {},
                        ImageBuilderException.Kind.NOT_FOUND,
                        "Image Builder knows no such pipeline. Check the ARN, and that the credentials belong to account 123456789012"),
                error(
                        "ForbiddenException",
                        e -> e.service().deny(LocalImageBuilderEndpoint.ACCESS_KEY, START_IMAGE_PIPELINE_EXECUTION),
                        ImageBuilderException.Kind.FORBIDDEN,
                        "Grant them the IAM permission imagebuilder:StartImagePipelineExecution on " + PIPELINE),
                error(
                        "InvalidRequestException",
                        e -> e.service()
                                .inject(
                                        START_IMAGE_PIPELINE_EXECUTION,
                                        Fault.error(
                                                "InvalidRequestException", 400, "The pipeline has no image recipe."),
                                        1),
                        ImageBuilderException.Kind.INVALID_REQUEST,
                        "Image Builder rejected the request as invalid."),
                error(
                        "ResourceInUseException",
                        e -> e.service()
                                .inject(
                                        START_IMAGE_PIPELINE_EXECUTION,
                                        Fault.error("ResourceInUseException", 400, "The pipeline is being updated."),
                                        1),
                        ImageBuilderException.Kind.RESOURCE_IN_USE,
                        "the pipeline or image is busy"),
                error(
                        "ClientException",
                        e -> e.service()
                                .inject(
                                        START_IMAGE_PIPELINE_EXECUTION,
                                        Fault.error("ClientException", 400, "Bad input."),
                                        1),
                        ImageBuilderException.Kind.CLIENT_ERROR,
                        "Image Builder reported a problem with the request."),
                error(
                        "CallRateLimitExceededException",
                        e -> e.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.throttle(), 8),
                        ImageBuilderException.Kind.THROTTLED,
                        "Image Builder throttled the request (CallRateLimitExceeded), still after 8 attempts"),
                error(
                        "ServiceUnavailableException",
                        e -> e.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.unavailable(), 8),
                        ImageBuilderException.Kind.SERVICE_UNAVAILABLE,
                        "Image Builder is temporarily unavailable, still after 8 attempts"),
                error(
                        "ServiceException",
                        e -> e.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.serviceError(), 8),
                        ImageBuilderException.Kind.SERVICE_ERROR,
                        "Image Builder failed with an internal error (HTTP 500), still after 8 attempts"));
    }

    private static Arguments error(
            String name, Consumer<LocalImageBuilderEndpoint> setUp, ImageBuilderException.Kind kind, String expected) {
        return Arguments.of(name, setUp, kind, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modeledErrors")
    void eachModeledErrorGetsItsMessage(
            String name, Consumer<LocalImageBuilderEndpoint> setUp, ImageBuilderException.Kind kind, String expected) {
        if (!name.equals("ResourceNotFoundException")) {
            endpoint.service().addPipeline(PIPELINE);
        }
        setUp.accept(endpoint);

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class, () -> runtime.start(EngineFixtures.launch(endpoint, PIPELINE)));

        assertEquals(kind, e.kind());
        assertTrue(e.getMessage().startsWith(START), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        // The local endpoint is not AWS's own: nothing it answered is echoed, its request ID neither.
        assertNull(e.requestId());
        assertFalse(e.getMessage().contains("AWS said"), e.getMessage());
        assertFalse(e.getMessage().contains("AWS request ID"), e.getMessage());
        assertEquals(
                name, endpoint.requests().get(endpoint.requests().size() - 1).outcome());
        assertTrue(endpoint.service().imageArns().isEmpty());
    }

    @Test
    void whatAwsItselfAnsweredIsQuotedEscapedWithItsRequestId() {
        ImagePipelineArn pipeline = ImagePipelineArn.parse(PIPELINE);
        ImageBuilderErrors.CallContext aws = new ImageBuilderErrors.CallContext(
                ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION,
                pipeline.name(),
                PIPELINE,
                pipeline.account(),
                pipeline.region(),
                "https://imagebuilder.ap-south-2.amazonaws.com",
                true,
                "token");
        AwsServiceException answer = InvalidRequestException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InvalidRequestException")
                        .errorMessage("The pipeline has no image recipe.\nFinished: SUCCESS")
                        .build())
                .requestId("a1b2c3d4")
                .statusCode(400)
                .build();

        ImageBuilderException e = ImageBuilderErrors.translate(answer, aws);

        assertEquals(
                START + "Image Builder rejected the request as invalid."
                        + " AWS said: The pipeline has no image recipe.\\nFinished: SUCCESS (AWS request ID: a1b2c3d4)",
                e.getMessage());
        assertEquals("a1b2c3d4", e.requestId());
    }

    @Test
    void credentialsThatResolveToNothingAreReportedBeforeAnyRequest() {
        endpoint.service().addPipeline(PIPELINE);

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(EngineFixtures.launch(endpoint, PIPELINE), () -> null));

        assertEquals(ImageBuilderException.Kind.CREDENTIALS_MISSING, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(START + "no AWS credentials could be resolved: the credentials provider gave none"),
                e.getMessage());
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void anUnknownAccessKeyIsReportedAsRejectedCredentials() {
        endpoint.service().addPipeline(PIPELINE);

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(
                        EngineFixtures.launch(endpoint, PIPELINE),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("AKIAUNKNOWN000000000", "some-secret"))));

        assertEquals(ImageBuilderException.Kind.CREDENTIALS_REJECTED, e.kind());
        assertTrue(
                e.getMessage().contains("AWS did not accept the credentials (UnrecognizedClientException)"),
                e.getMessage());
    }

    @Test
    void aWrongSecretKeyIsReportedAsRejectedCredentials() {
        endpoint.service().addPipeline(PIPELINE);

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(
                        EngineFixtures.launch(endpoint, PIPELINE),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(LocalImageBuilderEndpoint.ACCESS_KEY, "not-the-secret"))));

        assertEquals(ImageBuilderException.Kind.CREDENTIALS_REJECTED, e.kind());
        assertTrue(e.getMessage().contains("(InvalidSignatureException)"), e.getMessage());
    }

    @Test
    void expiredSessionCredentialsAreReportedAsSuch() {
        endpoint.service().addPipeline(PIPELINE);
        endpoint.service()
                .allowSessionCredentials(
                        "ASIAEXPIRED000000000",
                        "session-secret",
                        "session-token",
                        Instant.now().minusSeconds(60));

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(
                        EngineFixtures.launch(endpoint, PIPELINE),
                        StaticCredentialsProvider.create(AwsSessionCredentials.create(
                                "ASIAEXPIRED000000000", "session-secret", "session-token"))));

        assertEquals(ImageBuilderException.Kind.CREDENTIALS_EXPIRED, e.kind());
        assertTrue(e.getMessage().contains("the AWS session credentials have expired"), e.getMessage());
        assertEquals(2, endpoint.requests().size(), "fresh credentials were asked for and tried once");
    }

    @Test
    void anUnreachableEndpointIsNamedWithAdvice() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort;

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(EngineFixtures.launch(endpoint, PIPELINE).endpointUrl(nowhere)));

        assertEquals(ImageBuilderException.Kind.UNREACHABLE, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(START + "could not reach Image Builder at " + nowhere
                                + " (connection refused), still after 8 attempts."),
                e.getMessage());
        assertNull(e.requestId());
    }

    @Test
    void aSlowEndpointTimesOutWithinTheBounds() {
        endpoint.service().addPipeline(PIPELINE);
        endpoint.latency(Duration.ofMillis(1500));
        runtime.access()
                .withRetries(
                        ImageBuilderAccess.Purpose.START,
                        new ClientSettings.Retries(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .withTimeouts(
                        ImageBuilderAccess.Purpose.START,
                        new ClientSettings.Timeouts(
                                Duration.ofSeconds(1),
                                Duration.ofMillis(300),
                                Duration.ofMillis(400),
                                Duration.ofSeconds(5)));

        long started = System.nanoTime();
        ImageBuilderException e = assertThrows(
                ImageBuilderException.class, () -> runtime.start(EngineFixtures.launch(endpoint, PIPELINE)));

        assertEquals(ImageBuilderException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("did not answer in time, still after 2 attempts"), e.getMessage());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0,
                "bounded by the timeouts");
    }
}
