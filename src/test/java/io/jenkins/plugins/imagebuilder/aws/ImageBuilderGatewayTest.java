package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GetImage, CancelImageCreation and GetImagePipeline through the gateway. */
class ImageBuilderGatewayTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    private String pipeline;
    private ImageBuilderGateway gateway;

    @BeforeEach
    void open() {
        pipeline = endpoint.service().addPipeline("us-west-1", "web");
        gateway = runtime.gateway(ImageBuilderAccess.Purpose.START, endpoint, "us-west-1");
    }

    private ImageBuildVersionArn start() {
        return gateway.start(EngineFixtures.launch(endpoint, pipeline).request().startRequest())
                .imageBuildVersionArn();
    }

    @Test
    void anAvailableImageReportsItsAmisPerRegionAndAccount() {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.AVAILABLE));
        endpoint.service().distributeTo(pipeline, "eu-west-1", "ap-northeast-1");
        ImageBuildVersionArn image = start();

        ImageBuild build = gateway.getImage(image);

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        assertEquals("1.0.0/1", build.version());
        assertEquals(
                List.of(
                        new AmiOutput(
                                "us-west-1",
                                "123456789012",
                                FakeImageBuilder.amiId(image.toString(), "us-west-1"),
                                "web 1.0.0"),
                        new AmiOutput(
                                "eu-west-1",
                                "123456789012",
                                FakeImageBuilder.amiId(image.toString(), "eu-west-1"),
                                "web 1.0.0"),
                        new AmiOutput(
                                "ap-northeast-1",
                                "123456789012",
                                FakeImageBuilder.amiId(image.toString(), "ap-northeast-1"),
                                "web 1.0.0")),
                build.amis());
        assertEquals(Optional.of(build.amis().get(1)), build.amiIn(AwsRegion.of("eu-west-1"), "123456789012"));
        assertTrue(build.containers().isEmpty());
    }

    @Test
    void aContainerImageReportsItsUris() {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.AVAILABLE));
        endpoint.service().pushContainers(pipeline, "123456789012.dkr.ecr.us-west-1.amazonaws.com/web:1.0.0-1");

        ImageBuild build = gateway.getImage(start());

        assertEquals(
                List.of(new ContainerOutput(
                        "us-west-1", List.of("123456789012.dkr.ecr.us-west-1.amazonaws.com/web:1.0.0-1"))),
                build.containers());
        assertTrue(build.amis().isEmpty());
    }

    @Test
    void aFailedImageReportsTheServicesReason() {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.FAILED)
                        .withReason("Component 'install-nginx' failed: exit code 1"));
        ImageBuildVersionArn image = start();

        ImageBuild building = gateway.getImage(image);
        assertEquals(ImageBuildStatus.BUILDING, building.status());
        assertNull(building.reason(), "a running build has no reason");
        ImageBuild failed = gateway.getImage(image);
        assertEquals(ImageBuildStatus.FAILED, failed.status());
        assertEquals("Component 'install-nginx' failed: exit code 1", failed.reason());
    }

    @Test
    void cancellingARunningBuildStopsIt() {
        ImageBuildVersionArn image = start();
        ClientToken token =
                ClientToken.derive(EngineFixtures.BUILD_URL, "step-7").derivedFor("cancel");

        assertEquals(CancelOutcome.CANCELLED, gateway.cancel(image, token));
        assertEquals(CancelOutcome.CANCELLED, gateway.cancel(image, token), "a repeated cancellation is idempotent");

        ImageBuild build = gateway.getImage(image);
        assertEquals(ImageBuildStatus.CANCELLED, build.status());
        assertEquals("Image creation was cancelled by the user.", build.reason());
    }

    @Test
    void cancellingAFinishedBuildIsNoError() {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();

        assertEquals(CancelOutcome.ALREADY_FINISHED, gateway.cancel(image, ClientToken.of("cancel-1")));
        assertEquals(ImageBuildStatus.AVAILABLE, gateway.getImage(image).status());
    }

    @Test
    void thePipelineCanBeDescribed() {
        endpoint.service().disablePipeline(pipeline);

        PipelineDetails details = gateway.describePipeline(ImagePipelineArn.parse(pipeline));

        assertEquals("web", details.name());
        assertEquals("DISABLED", details.status());
    }

    @Test
    void anUnknownImageIsNamedInTheMessage() {
        ImageBuildVersionArn missing =
                ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-west-1:123456789012:image/web/1.0.0/99");

        ImageBuilderException e = assertThrows(ImageBuilderException.class, () -> gateway.getImage(missing));

        assertEquals(ImageBuilderException.Kind.NOT_FOUND, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith("Could not get the state of image build " + missing
                                + " in us-west-1: Image Builder knows no such image build."),
                e.getMessage());
    }

    @Test
    void aGatewayOnlyCallsItsOwnRegion() {
        assertThrows(
                IllegalArgumentException.class,
                () -> gateway.getImage(
                        ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1")));
    }

    @Test
    void aClientNeverSignsWithTheControllersOwnCredentialsWhenACallerGaveNone() {
        ClientSettings settings =
                ClientSettings.forRegion(AwsRegion.of("us-west-1")).withEndpointUri(endpoint.uri());
        java.util.concurrent.ScheduledExecutorService timeouts =
                java.util.concurrent.Executors.newScheduledThreadPool(1);
        try (software.amazon.awssdk.services.imagebuilder.ImagebuilderClient client =
                ImageBuilderClients.create(settings, timeouts)) {
            CredentialsUnavailableException e = assertThrows(
                    CredentialsUnavailableException.class,
                    () -> client.getImagePipeline(r -> r.imagePipelineArn(pipeline)));

            assertEquals("no credentials were given for this call", e.getMessage());
            assertTrue(endpoint.requests().isEmpty(), "nothing was sent");
        } finally {
            timeouts.shutdownNow();
        }
    }
}
