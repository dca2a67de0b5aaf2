package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What all sessions of a controller share: one client per way of reaching the service, and a timer kept free. */
class SharedRuntimeTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private final List<Controller> controllers = new ArrayList<>();

    @AfterEach
    void stop() {
        controllers.forEach(Controller::close);
    }

    private Controller controller() {
        Controller controller = new Controller(java.time.Clock.systemUTC());
        controllers.add(controller);
        return controller;
    }

    /** Starts image builds of a pipeline through a controller of their own, so that they do not count. */
    private List<String> imagesOf(String pipeline, int count) throws Exception {
        Controller starter = controller();
        List<RecordingHost> hosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hosts.add(starter.start(ImageBuildRequest.from(
                    StepOptions.start(pipeline).endpointUrl(endpoint.url()),
                    BuildFacts.of(EngineFixtures.BUILD_URL, pipeline + "-" + i)
                            .allowingEndpoints(EngineFixtures.LOCAL))));
        }
        List<String> images = new ArrayList<>();
        for (RecordingHost host : hosts) {
            images.add((String) host.firstOutcome().value);
        }
        return images;
    }

    private ImageBuildRequest waitFor(String image, int step) {
        return ImageBuildRequest.from(
                StepOptions.await(image).endpointUrl(endpoint.url()),
                BuildFacts.of(EngineFixtures.BUILD_URL, "w" + step).allowingEndpoints(EngineFixtures.LOCAL));
    }

    @Test
    void aHundredWaitsUnderTenCredentialsShareOneClientPerRegion() throws Exception {
        List<AwsCredentialsProvider> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String accessKey = String.format(Locale.ROOT, "AKIASHARED%010d", i);
            endpoint.service().allowCredentials(accessKey, "secret-" + accessKey);
            keys.add(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret-" + accessKey)));
        }
        List<String> images = new ArrayList<>(imagesOf(endpoint.service().addPipeline("eu-west-1", "web"), 50));
        images.addAll(imagesOf(endpoint.service().addPipeline("ap-south-1", "api"), 50));
        endpoint.clearRequests();
        Controller controller = controller();

        List<RecordingHost> hosts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            AwsCredentialsProvider key = keys.get(i % keys.size());
            Controller.Run run = controller.prepare(waitFor(images.get(i), i));
            run.host.credentials(() -> key);
            run.session.start();
            hosts.add(run.host);
        }
        for (RecordingHost host : hosts) {
            assertTrue(host.firstOutcome().succeeded());
        }

        assertEquals(2, controller.runtime.access().clientsCreated(), "one client per region, whoever calls");
        Set<String> signers = endpoint.requests(GET_IMAGE).stream()
                .map(RecordedRequest::accessKey)
                .collect(Collectors.toSet());
        assertEquals(10, signers.size(), "each wait signed with its own credentials: " + signers);
    }

    @Test
    void theTimerRunsItsTasksWhileEveryPollIsHeldAtTheEndpoint() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.AVAILABLE));
        List<String> images = imagesOf(endpoint.service().addPipeline("eu-west-1", "web"), 8);
        HeldAnswers hold = endpoint.hold(GET_IMAGE);
        // One thread, as if Jenkins' timer had only that: a blocking poll on it would stop it dead.
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            Controller controller = controller();
            List<RecordingHost> hosts = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                Controller.Run run = controller.prepare(waitFor(images.get(i), i), timer);
                run.session.start();
                hosts.add(run.host);
            }
            hold.awaitHeld(ImageBuilderRuntime.DEFAULT_WORKERS, Duration.ofSeconds(20));

            CountDownLatch ran = new CountDownLatch(1);
            timer.schedule(ran::countDown, 10, TimeUnit.MILLISECONDS);

            assertTrue(ran.await(30, TimeUnit.SECONDS), "the timer's own task ran although every poll is held");
            assertTrue(hosts.stream().allMatch(host -> host.outcomes.isEmpty()), "the waits are still waiting");
            hold.release();
            for (RecordingHost host : hosts) {
                assertTrue(host.firstOutcome().succeeded());
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
