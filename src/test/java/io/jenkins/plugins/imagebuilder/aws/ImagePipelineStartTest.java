package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starting a pipeline through the engine and the real SDK, against the local endpoint. */
class ImagePipelineStartTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    private String pipeline;

    @BeforeEach
    void pipeline() {
        pipeline = endpoint.service().addPipeline("eu-central-1", "web");
    }

    @Test
    void startReturnsTheNewImageBuildWithTokenAndRequestId() {
        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline));

        assertEquals(
                Set.of(started.imageBuildVersionArn().toString()),
                endpoint.service().imageArns());
        assertEquals(
                "arn:aws:imagebuilder:eu-central-1:123456789012:image/web/1.0.0/1",
                started.imageBuildVersionArn().toString());
        assertEquals(ClientToken.derive(EngineFixtures.BUILD_URL, "step-7"), started.clientToken());
        assertFalse(started.requestId().isBlank());
        RecordedRequest request =
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).get(0);
        assertEquals(200, request.status());
        assertEquals(pipeline, request.body().get("imagePipelineArn"));
        assertEquals(started.clientToken().value(), request.body().get("clientToken"));
        assertTrue(
                request.headers().get("authorization").get(0).contains("/eu-central-1/imagebuilder/aws4_request"),
                "signed for the ARN's region and the service");
    }

    @Test
    void tagsArriveExactlyAndNoTagsMeansNoTagsMember() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "web");
        tags.put("cost center", "4711");
        tags.put("commit", "");
        tags.put("owner", "Zoë Ångström");
        StartedImageBuild tagged =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).tags(tags));
        StartedImageBuild untagged =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).build(EngineFixtures.BUILD_URL, "other"));

        assertEquals(tags, endpoint.service().tagsOf(tagged.toString()));
        assertEquals(
                tags,
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).get(0).body().get("tags"));
        assertEquals(Map.of(), endpoint.service().tagsOf(untagged.toString()));
        assertFalse(
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).get(1).body().containsKey("tags"),
                "the model's TagMap has at least one entry, so an empty map must not be sent");
    }

    @Test
    void traceabilityTagsAreAddedButTheUsersTagsWin() {
        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline)
                .tags(Map.of("jenkins:job", "my own"))
                .traceabilityTags(
                        Map.of("jenkins:job", "images/web", "jenkins:build", "42", "jenkins:url", "u".repeat(300))));

        Map<String, String> tags = endpoint.service().tagsOf(started.toString());
        assertEquals("my own", tags.get("jenkins:job"));
        assertEquals("42", tags.get("jenkins:build"));
        assertEquals("u".repeat(256), tags.get("jenkins:url"), "values are cut to the service's limit");
    }

    @Test
    void theSameCallRepeatedStartsOneBuildAndOtherCallsStartTheirOwn() {
        StartedImageBuild first =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).tags(Map.of("a", "1")));
        StartedImageBuild retried =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).tags(Map.of("a", "1")));
        StartedImageBuild secondCall = runtime.start(EngineFixtures.launch(endpoint, pipeline)
                .tags(Map.of("a", "1"))
                .build(EngineFixtures.BUILD_URL, "step-9"));
        StartedImageBuild nextBuild = runtime.start(EngineFixtures.launch(endpoint, pipeline)
                .tags(Map.of("a", "1"))
                .build("https://jenkins.example.com/job/images/job/web/43/", "step-7"));

        assertEquals(first.imageBuildVersionArn(), retried.imageBuildVersionArn());
        assertEquals(first.clientToken(), retried.clientToken());
        assertNotEquals(first.imageBuildVersionArn(), secondCall.imageBuildVersionArn());
        assertNotEquals(first.imageBuildVersionArn(), nextBuild.imageBuildVersionArn());
        assertEquals(3, endpoint.service().imageArns().size());
        assertEquals(
                3,
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).stream()
                        .map(r -> r.body().get("clientToken"))
                        .distinct()
                        .count());
    }

    @Test
    void aTokenTheUserChoseIsSentUnchanged() {
        StartedImageBuild started =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).clientToken("release-2026.11-rc1"));

        assertEquals("release-2026.11-rc1", started.clientToken().value());
        assertEquals(
                "release-2026.11-rc1",
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).get(0).body().get("clientToken"));
    }

    @Test
    void aConnectionDroppedAfterTheStartWasProcessedIsRetriedAndStartsExactlyOneBuild() {
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.dropAfterProcessing(), 1);

        StartedImageBuild started =
                runtime.start(EngineFixtures.launch(endpoint, pipeline).tags(Map.of("a", "1")));

        List<RecordedRequest> attempts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, attempts.size(), "the SDK retried the lost answer");
        assertEquals("DROPPED", attempts.get(0).outcome());
        assertEquals(attempts.get(0).body(), attempts.get(1).body(), "the retry repeats token and parameters");
        assertEquals(Set.of(started.toString()), endpoint.service().imageArns(), "exactly one image exists");
    }

    @Test
    void aConnectionDroppedBeforeProcessingIsRetried() {
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.dropBeforeProcessing(), 2);

        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline));

        assertEquals(3, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
        assertEquals(Set.of(started.toString()), endpoint.service().imageArns());
    }

    @Test
    void aThrottlingStormIsRiddenOutAndStartsOneBuild() {
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.throttle(), 6);

        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline));

        List<RecordedRequest> attempts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(7, attempts.size());
        assertEquals(6, attempts.stream().filter(r -> r.status() == 429).count());
        assertEquals(Set.of(started.toString()), endpoint.service().imageArns());
    }

    @Test
    void aBurstOfServerErrorsIsRiddenOut() {
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.unavailable(), 2);
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.serviceError(), 2);

        StartedImageBuild started = runtime.start(EngineFixtures.launch(endpoint, pipeline));

        assertEquals(
                List.of(503, 503, 500, 500, 200),
                endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).stream()
                        .map(RecordedRequest::status)
                        .collect(Collectors.toList()));
        assertEquals(Set.of(started.toString()), endpoint.service().imageArns());
    }

    @Test
    void startsInEveryPartition() {
        String china =
                endpoint.service().addPipeline("arn:aws-cn:imagebuilder:cn-north-1:123456789012:image-pipeline/web");
        String govCloud = endpoint.service()
                .addPipeline("arn:aws-us-gov:imagebuilder:us-gov-west-1:123456789012:image-pipeline/web");

        assertTrue(runtime.start(EngineFixtures.launch(endpoint, china))
                .toString()
                .startsWith("arn:aws-cn:imagebuilder:cn-north-1:"));
        assertTrue(runtime.start(EngineFixtures.launch(endpoint, govCloud))
                .toString()
                .startsWith("arn:aws-us-gov:imagebuilder:us-gov-west-1:"));
    }

    @Test
    void anIdempotencyMismatchIsExplainedInTermsOfTheToken() {
        runtime.start(
                EngineFixtures.launch(endpoint, pipeline).clientToken("nightly").tags(Map.of("a", "1")));

        ImageBuilderException e = assertThrows(
                ImageBuilderException.class,
                () -> runtime.start(EngineFixtures.launch(endpoint, pipeline)
                        .clientToken("nightly")
                        .tags(Map.of("a", "2"))));

        assertEquals(ImageBuilderException.Kind.IDEMPOTENCY_MISMATCH, e.kind());
        assertTrue(
                e.getMessage()
                        .contains(
                                "the client token nightly was already used to start this pipeline with other parameters"),
                e.getMessage());
        assertEquals(1, endpoint.service().imageArns().size(), "no second build");
    }
}
