package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the README's "Trying it without AWS" does, through the engine the steps run: the demo
 * started, Jenkins configured as it prints (the endpoint allowed, its key pair, the endpoint URL on
 * the step), then a start with a wait, a cancel on abort and a failing build.
 */
class LocalImageBuilderDemoTest {

    @RegisterExtension
    final Controllers controllers = new Controllers();

    private LocalImageBuilder demo;
    private Controller controller;
    private BuildFacts build;

    @BeforeEach
    void startDemo() throws Exception {
        demo = LocalImageBuilder.start(0, Duration.ofMillis(150));
        controller = controllers.start();
        // As the administrator allows it: exactly the URL the demo prints, nothing wider.
        build = BuildFacts.of("https://jenkins.example.com/job/demo/1/@1764280000000", "step-1")
                .allowingEndpoints(EndpointPolicy.allowing(demo.endpoint().url()));
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    private ImageBuildRequest request(String pipelineArn) {
        return ImageBuildRequest.from(
                StepOptions.start(pipelineArn)
                        .credentialsId(LocalImageBuilder.CREDENTIALS_ID)
                        .endpointUrl(demo.endpoint().url())
                        .tags(Map.of("team", "web"))
                        .waiting(),
                build);
    }

    private String onlyImage() {
        Set<String> images = demo.endpoint().service().imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    @Test
    void itPrintsEverythingJenkinsNeeds() {
        String text = demo.instructions();
        String url = demo.endpoint().url();

        assertTrue(text.contains("\"Other endpoints that steps may call\": " + url), text);
        assertTrue(text.contains("allowedEndpoints: \"" + url + "\""), text);
        assertTrue(text.contains("ID " + LocalImageBuilder.CREDENTIALS_ID), text);
        assertTrue(text.contains(LocalImageBuilderEndpoint.ACCESS_KEY), text);
        assertTrue(text.contains(LocalImageBuilderEndpoint.SECRET_KEY), text);
        assertTrue(text.contains("startImagePipeline(arn: '" + demo.pipelineArn() + "'"), text);
        assertTrue(text.contains("endpointUrl: '" + url + "'"), text);
    }

    @Test
    void theExamplePipelinesStartAndWaitEndsWithTheAmis() throws Exception {
        RecordingHost host = controller.start(request(demo.pipelineArn()));

        RecordingHost.Outcome outcome = host.outcome();

        assertTrue(outcome.succeeded(), outcome.toString());
        String image = onlyImage();
        Map<?, ?> result = assertInstanceOf(Map.class, outcome.value);
        assertEquals("AVAILABLE", result.get("status"));
        assertEquals(FakeImageBuilder.amiId(image, LocalImageBuilder.REGION), result.get("amiId"));
        List<?> amis = assertInstanceOf(List.class, result.get("amis"));
        assertEquals(2, amis.size(), amis.toString());
        assertEquals("eu-west-1", ((Map<?, ?>) amis.get(1)).get("region"));
        assertEquals(FakeImageBuilder.amiId(image, "eu-west-1"), ((Map<?, ?>) amis.get(1)).get("imageId"));
        assertEquals("web", demo.endpoint().service().tagsOf(image).get("team"));
        assertEquals(image, host.reports.get(0).variables().get("IMAGE_BUILD_VERSION_ARN"));
    }

    @Test
    void anAbortedBuildCancelsItsImageBuild() throws Exception {
        Controller.Run run = controller.prepare(request(demo.pipelineArn()));
        run.session.start();
        run.host.awaitLine("Image build PENDING after");

        run.session.stop(new InterruptedException("aborted by a user"));

        assertFalse(run.host.outcome().succeeded());
        assertEquals(ImageBuildStatus.CANCELLED, demo.endpoint().service().statusOf(onlyImage()));
    }

    @Test
    void theFailingPipelineFailsTheStepWithItsReason() throws Exception {
        RecordingHost host = controller.start(request(demo.failingPipelineArn()));

        RecordingHost.Outcome outcome = host.outcome();

        assertEquals(
                "Image build " + onlyImage() + " ended FAILED: Component demo-tests failed: exit code 1"
                        + " (a failure the demo pipeline always has)",
                outcome.message);
    }
}
