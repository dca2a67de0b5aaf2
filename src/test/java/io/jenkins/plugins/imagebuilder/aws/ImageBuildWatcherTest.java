package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Waiting for image builds through the real SDK against the local endpoint, in accelerated time:
 * polls every few milliseconds instead of every few minutes.
 */
class ImageBuildWatcherTest {

    private static final PollSchedule FAST =
            new PollSchedule(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(40), 1.5, 0.1);

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    private final ScheduledExecutorService scheduler =
            Executors.newScheduledThreadPool(2, runnable -> new Thread(runnable, "test scheduler"));
    private final ExecutorService workers =
            Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "test worker"));
    private String pipeline;
    private ImageBuilderGateway gateway;

    /** What a listener was told. */
    private static class Recorder implements ImageBuildWatcher.Listener {
        final List<String> changes = new CopyOnWriteArrayList<>();
        final List<Integer> failures = new CopyOnWriteArrayList<>();
        final List<Duration> delaysAfterFailure = new CopyOnWriteArrayList<>();

        @Override
        public void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
            changes.add(previous + ">" + current.status());
        }

        @Override
        public void pollFailed(ImageBuilderException failure, int consecutiveFailures, Duration nextPollIn) {
            failures.add(consecutiveFailures);
            delaysAfterFailure.add(nextPollIn);
        }
    }

    @BeforeEach
    void open() {
        pipeline = endpoint.service().addPipeline("sa-east-1", "web");
        gateway = runtime.gateway(ImageBuilderAccess.Purpose.POLL, endpoint, "sa-east-1");
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    private ImageBuildVersionArn start() {
        return runtime.start(EngineFixtures.launch(endpoint, pipeline)).imageBuildVersionArn();
    }

    private ImageBuildWatcher watcher(int maxConsecutiveFailures) {
        return new ImageBuildWatcher(scheduler, workers, Clock.systemUTC(), FAST, maxConsecutiveFailures);
    }

    /** Watches with the test's gateway, from now, with nothing known yet and no deadline. */
    private ImageBuildWatcher.Watch watch(ImageBuildVersionArn image, Recorder recorder) {
        return watcher(10).watch(image, gateway::getImage, recorder, Instant.now(), null, null);
    }

    /** Watches until the image is seen BUILDING (its lifecycle keeps it there). */
    private ImageBuildWatcher.Watch watchUntilBuilding(ImageBuildVersionArn image, Recorder recorder)
            throws InterruptedException {
        ImageBuildWatcher.Watch watch = watch(image, recorder);
        waitUntil(() -> recorder.changes.contains("PENDING>BUILDING"));
        return watch;
    }

    private ImageBuild await(ImageBuildWatcher.Watch watch) throws Exception {
        return watch.result().get(20, TimeUnit.SECONDS);
    }

    @Test
    void anAvailableImageEndsTheWaitWithItsOutputs() throws Exception {
        endpoint.service().distributeTo(pipeline, "us-east-1");
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();

        ImageBuild build = await(watch(image, recorder));

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        assertEquals(
                List.of("sa-east-1", "us-east-1"),
                build.amis().stream().map(AmiOutput::region).collect(Collectors.toList()));
        assertEquals(
                FakeImageBuilder.amiId(image.toString(), "sa-east-1"),
                build.amiIn(AwsRegion.of("sa-east-1"), "123456789012")
                        .orElseThrow()
                        .imageId());
        assertEquals(
                List.of(
                        "null>PENDING",
                        "PENDING>BUILDING",
                        "BUILDING>TESTING",
                        "TESTING>DISTRIBUTING",
                        "DISTRIBUTING>AVAILABLE"),
                recorder.changes);
    }

    @Test
    void eachStateIsReportedOnceHoweverOftenItIsPolled() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.timed(
                        Duration.ofMillis(150),
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();

        ImageBuildWatcher.Watch watch = watch(image, recorder);
        await(watch);

        assertEquals(List.of("null>PENDING", "PENDING>BUILDING", "BUILDING>AVAILABLE"), recorder.changes);
        assertTrue(watch.polls() > 6, "polled " + watch.polls() + " times");
        assertEquals(watch.polls(), endpoint.requests(GET_IMAGE).size(), "one GetImage per poll, no hidden retries");
    }

    @Test
    void aFailedImageEndsTheWaitWithTheReason() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                                ImageBuildStatus.PENDING, ImageBuildStatus.TESTING, ImageBuildStatus.FAILED)
                        .withReason("Test component 'smoke' failed"));
        ImageBuildVersionArn image = start();

        ImageBuild build = await(watch(image, new Recorder()));

        assertEquals(ImageBuildStatus.FAILED, build.status());
        assertEquals("Test component 'smoke' failed", build.reason());
    }

    @Test
    void anImageCancelledMidWaitEndsTheWait() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();
        ImageBuildWatcher.Watch watch = watchUntilBuilding(image, recorder);

        assertEquals(CancelOutcome.CANCELLED, gateway.cancel(image, ClientToken.of("cancel-w")));
        ImageBuild build = await(watch);

        assertEquals(ImageBuildStatus.CANCELLED, build.status());
        assertEquals("Image creation was cancelled by the user.", build.reason());
    }

    @Test
    void cancellingTheWaitStopsThePolls() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();
        ImageBuildWatcher.Watch watch = watchUntilBuilding(image, recorder);

        watch.cancel();
        Thread.sleep(100);
        int polls = endpoint.requests(GET_IMAGE).size();
        Thread.sleep(200);

        assertThrows(CancellationException.class, () -> watch.result().get());
        assertEquals(polls, endpoint.requests(GET_IMAGE).size(), "no poll after the cancellation");
    }

    @Test
    void aSchedulerThatShutsDownEndsTheWaitWithoutAVerdict() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();
        ImageBuildWatcher.Watch watch = watchUntilBuilding(image, recorder);

        // As when Jenkins stops: the poll already scheduled still runs, the next one is refused.
        scheduler.shutdown();

        assertThrows(CancellationException.class, () -> watch.result().get(10, TimeUnit.SECONDS));
        assertTrue(recorder.failures.isEmpty());
    }

    @Test
    void workersThatShutDownEndTheWaitWithoutAVerdict() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();
        ImageBuildWatcher.Watch watch = watchUntilBuilding(image, recorder);

        workers.shutdown();

        assertThrows(CancellationException.class, () -> watch.result().get(10, TimeUnit.SECONDS));
        assertTrue(recorder.failures.isEmpty());
    }

    @Test
    void aListenerThatThrowsEndsTheWaitInsteadOfLeavingItHanging() throws Exception {
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder() {
            @Override
            public void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
                throw new IllegalStateException("a listener bug");
            }
        };

        ExecutionException e = assertThrows(ExecutionException.class, () -> await(watch(image, recorder)));

        ImageBuilderException failure = assertInstanceOf(ImageBuilderException.class, e.getCause());
        assertEquals(ImageBuilderException.Kind.UNEXPECTED, failure.kind());
        assertTrue(
                failure.getMessage().contains("polling failed unexpectedly (IllegalStateException)"),
                failure.getMessage());
    }

    @Test
    void theSchedulerOnlyTimesThePollsWhichRunOnTheWorkers() throws Exception {
        ImageBuildVersionArn image = start();
        List<String> threads = new CopyOnWriteArrayList<>();
        ImageBuildWatcher.Watch watch = watcher(10)
                .watch(
                        image,
                        arn -> {
                            threads.add(Thread.currentThread().getName());
                            return gateway.getImage(arn);
                        },
                        new Recorder(),
                        Instant.now(),
                        null,
                        null);

        await(watch);

        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch("test worker"::equals), "polled on: " + threads);
    }

    @Test
    void aThrottlingStormMidWaitIsRiddenOutWithLongerPauses() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder() {
            @Override
            public void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
                super.statusChanged(previous, current, elapsed);
                if (current.status() == ImageBuildStatus.BUILDING) {
                    endpoint.service().inject(GET_IMAGE, Fault.throttle(), 5);
                }
            }
        };

        ImageBuild build = await(watch(image, recorder));

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        assertEquals(List.of(1, 2, 3, 4, 5), recorder.failures);
        for (int i = 1; i < recorder.delaysAfterFailure.size(); i++) {
            assertTrue(
                    recorder.delaysAfterFailure.get(i).compareTo(recorder.delaysAfterFailure.get(i - 1)) >= 0,
                    "pauses grow: " + recorder.delaysAfterFailure);
        }
    }

    @Test
    void aBurstOfServerErrorsIsRiddenOut() throws Exception {
        ImageBuildVersionArn image = start();
        endpoint.service().inject(GET_IMAGE, Fault.unavailable(), 3);
        endpoint.service().inject(GET_IMAGE, Fault.serviceError(), 2);
        Recorder recorder = new Recorder();

        ImageBuild build = await(watch(image, recorder));

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        assertEquals(List.of(1, 2, 3, 4, 5), recorder.failures);
    }

    @Test
    void tooManyFailuresInARowEndTheWaitWithAClearMessage() throws Exception {
        ImageBuildVersionArn image = start();
        endpoint.service().inject(GET_IMAGE, Fault.unavailable(), 10);

        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> await(watcher(4).watch(image, gateway::getImage, new Recorder(), Instant.now(), null, null)));

        ImageBuilderException failure = assertInstanceOf(ImageBuilderException.class, e.getCause());
        assertEquals(ImageBuilderException.Kind.WAIT_GAVE_UP, failure.kind());
        assertTrue(
                failure.getMessage()
                        .startsWith(
                                "Could not get the state of image build " + image
                                        + " in sa-east-1: gave up after 4 failed polls in a row; the image build may still be running"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("Image Builder is temporarily unavailable"), failure.getMessage());
        assertEquals(4, endpoint.requests(GET_IMAGE).size());
    }

    @Test
    void aPermissionProblemEndsTheWaitAtOnce() throws Exception {
        ImageBuildVersionArn image = start();
        endpoint.service().deny(LocalImageBuilderEndpoint.ACCESS_KEY, GET_IMAGE);

        ExecutionException e = assertThrows(ExecutionException.class, () -> await(watch(image, new Recorder())));

        ImageBuilderException failure = assertInstanceOf(ImageBuilderException.class, e.getCause());
        assertEquals(ImageBuilderException.Kind.FORBIDDEN, failure.kind());
        assertTrue(failure.getMessage().contains("imagebuilder:GetImage"), failure.getMessage());
        assertEquals(1, endpoint.requests(GET_IMAGE).size());
    }

    @Test
    void theDeadlineEndsAWaitThatTakesTooLong() throws Exception {
        endpoint.service().lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING));
        ImageBuildVersionArn image = start();

        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> await(watcher(10)
                        .watch(
                                image,
                                gateway::getImage,
                                new Recorder(),
                                Instant.now(),
                                null,
                                Instant.now().plusMillis(200))));

        ImageBuilderException failure = assertInstanceOf(ImageBuilderException.class, e.getCause());
        assertEquals(ImageBuilderException.Kind.WAIT_DEADLINE, failure.kind());
        assertTrue(failure.getMessage().contains("the build was still BUILDING after"), failure.getMessage());
    }

    @Test
    void aResumedWaitDoesNotReportTheLastKnownStateAgain() throws Exception {
        endpoint.service()
                .lifecycle(ImageLifecycle.byPolls(
                        ImageBuildStatus.BUILDING, ImageBuildStatus.BUILDING, ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();
        Recorder recorder = new Recorder();

        await(watcher(10)
                .watch(
                        image,
                        gateway::getImage,
                        recorder,
                        Instant.now().minusSeconds(3600),
                        ImageBuildStatus.BUILDING,
                        null));

        assertEquals(List.of("BUILDING>AVAILABLE"), recorder.changes);
    }

    /**
     * A provider like an AWS credential with an IAM role: each call is an AssumeRole that gives a session, which the
     * endpoint accepts for {@code sessionLength} on its clock.
     */
    private AwsCredentialsProvider assumingRole(ManualClock clock, Duration sessionLength, AtomicInteger sessions) {
        return () -> {
            String key = "ASIASESSION" + String.format("%09d", sessions.incrementAndGet());
            endpoint.service()
                    .allowSessionCredentials(
                            key,
                            "secret-" + key,
                            "token-" + key,
                            clock.instant().plus(sessionLength));
            return AwsSessionCredentials.create(key, "secret-" + key, "token-" + key);
        };
    }

    /** Waits in accelerated time: every poll is ten minutes on the clock of the endpoint and the credentials. */
    private ImageBuild awaitTenMinutesPerPoll(
            ImageBuildVersionArn image, RefreshingCredentialsProvider credentials, ManualClock clock, Recorder recorder)
            throws Exception {
        ImageBuilderGateway polling = runtime.gateway(
                ImageBuilderAccess.Purpose.POLL, AwsRegion.of("sa-east-1"), endpoint.url(), credentials);
        return await(watcher(3)
                .watch(
                        image,
                        arn -> {
                            clock.advance(Duration.ofMinutes(10));
                            return polling.getImage(arn);
                        },
                        recorder,
                        Instant.now(),
                        null,
                        null));
    }

    @Test
    void aRoleIsAssumedAgainOnlyWhenItsSessionNearsItsEnd() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        endpoint.service().clock(clock);
        endpoint.service()
                .lifecycle(ImageLifecycle.timed(
                        Duration.ofHours(1),
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.DISTRIBUTING,
                        ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();
        AtomicInteger sessions = new AtomicInteger();
        RefreshingCredentialsProvider credentials = new RefreshingCredentialsProvider(
                assumingRole(clock, Duration.ofHours(1), sessions), Duration.ofMinutes(45), clock);

        ImageBuild build = awaitTenMinutesPerPoll(image, credentials, clock, new Recorder());

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        int polls = endpoint.requests(GET_IMAGE).size();
        assertTrue(polls >= 18, "three hours of polls: " + polls);
        assertTrue(
                sessions.get() >= 4 && sessions.get() <= 5,
                "a session every 45 minutes, not one per poll: " + sessions.get());
        assertTrue(
                endpoint.requests(GET_IMAGE).stream().allMatch(r -> r.status() == 200),
                "no call with expired credentials");
    }

    @Test
    void credentialsThatExpireEarlyAreRenewedOnTheSpot() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        endpoint.service().clock(clock);
        endpoint.service()
                .lifecycle(ImageLifecycle.timed(
                        Duration.ofHours(1), ImageBuildStatus.BUILDING, ImageBuildStatus.AVAILABLE));
        ImageBuildVersionArn image = start();
        // The sessions end after 15 minutes, but nothing says so: the cache would keep them 45 minutes.
        RefreshingCredentialsProvider credentials = new RefreshingCredentialsProvider(
                assumingRole(clock, Duration.ofMinutes(15), new AtomicInteger()), Duration.ofMinutes(45), clock);
        Recorder recorder = new Recorder();

        ImageBuild build = awaitTenMinutesPerPoll(image, credentials, clock, recorder);

        assertEquals(ImageBuildStatus.AVAILABLE, build.status());
        assertTrue(recorder.failures.isEmpty(), "renewed within the poll, not reported as a failure");
        List<String> outcomes = new ArrayList<>();
        endpoint.requests(GET_IMAGE).forEach(r -> outcomes.add(r.outcome()));
        assertTrue(outcomes.contains("ExpiredTokenException"), "the endpoint did see expired sessions: " + outcomes);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(5);
        }
    }
}
