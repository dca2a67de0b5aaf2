package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.CANCEL_IMAGE_CREATION;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of one image build, through the session a step runs: every path ends in exactly one
 * outcome, and a controller restart at any point carries on with the same image build.
 */
class ImageBuildSessionTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final Controllers controllers = new Controllers();

    private FakeImageBuilder service;
    private String pipeline;

    /** Why a test stops its build: serializable, as Jenkins' own causes are. */
    static final class Aborted extends Exception {
        private static final long serialVersionUID = 1L;

        Aborted(String message) {
            super(message);
        }
    }

    @BeforeEach
    void pipeline() {
        service = endpoint.service();
        pipeline = service.addPipeline("eu-west-2", "web");
    }

    private StepOptions start() {
        return EngineFixtures.launch(endpoint, pipeline).options;
    }

    private static ImageBuildRequest request(StepOptions options) {
        return ImageBuildRequest.from(options, EngineFixtures.BUILD);
    }

    private String onlyImage() {
        Set<String> images = service.imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    private static ImageLifecycle stuckBuilding() {
        return ImageLifecycle.byPolls(ImageBuildStatus.PENDING, ImageBuildStatus.BUILDING);
    }

    // ------------------------------------------------------------------ without a restart

    @Test
    void aStartWithoutWaitReturnsTheImageArnAndReportsIt() throws Exception {
        RecordingHost host = controllers.start().start(request(start()));

        RecordingHost.Outcome outcome = host.outcome();

        String image = onlyImage();
        assertEquals(image, outcome.value);
        assertEquals(1, host.reports.size());
        assertEquals(pipeline, host.reports.get(0).pipeline().toString());
        assertEquals(
                Map.of("IMAGE_BUILD_VERSION_ARN", image), host.reports.get(0).variables());
        assertTrue(host.lines.get(0).startsWith("Started image build " + image + " of pipeline web: https://"));
        assertTrue(endpoint.requests(GET_IMAGE).isEmpty(), "no wait, no poll");
    }

    @Test
    void aWaitReturnsTheOutputsAndTellsEachStateOnce() throws Exception {
        service.distributeTo(pipeline, "us-east-1");
        // Each state seen by two polls, whatever the machine's load: the log must still tell it once.
        service.lifecycle(ImageLifecycle.byPolls(
                ImageBuildStatus.PENDING,
                ImageBuildStatus.PENDING,
                ImageBuildStatus.BUILDING,
                ImageBuildStatus.BUILDING,
                ImageBuildStatus.AVAILABLE));

        RecordingHost host = controllers.start().start(request(start().waiting()));
        RecordingHost.Outcome outcome = host.outcome();

        String image = onlyImage();
        Map<?, ?> result = assertInstanceOf(Map.class, outcome.value);
        assertEquals("AVAILABLE", result.get("status"));
        assertEquals(FakeImageBuilder.amiId(image, "eu-west-2"), result.get("amiId"));
        for (String state : new String[] {"PENDING", "BUILDING", "AVAILABLE"}) {
            assertEquals(1, host.count("Image build " + state + " after"), state + ": " + host.lines);
        }
        assertTrue(endpoint.requests(GET_IMAGE).size() >= 5, "two polls per state, one line each");
        ImageBuildReport last = host.reports.get(host.reports.size() - 1);
        assertEquals(ImageBuildStatus.AVAILABLE, last.status());
        assertEquals(
                FakeImageBuilder.amiId(image, "us-east-1"), last.variables().get("IMAGE_BUILDER_AMI_ID_US_EAST_1"));
    }

    @Test
    void aFailedImageFailsWithTheServicesReasonAndStillReportsItsState() throws Exception {
        service.lifecycle(ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.FAILED)
                .withReason("Component install-nginx failed"));

        RecordingHost host = controllers.start().start(request(start().waiting()));
        RecordingHost.Outcome outcome = host.outcome();

        assertEquals("Image build " + onlyImage() + " ended FAILED: Component install-nginx failed", outcome.message);
        ImageBuildReport last = host.reports.get(host.reports.size() - 1);
        assertEquals("FAILED", last.variables().get("IMAGE_BUILDER_STATUS"));
    }

    @Test
    void aRefusedStartFailsWithTheMessageAndStartsNothing() throws Exception {
        service.deny(LocalImageBuilderEndpoint.ACCESS_KEY, START_IMAGE_PIPELINE_EXECUTION);

        RecordingHost.Outcome outcome =
                controllers.start().start(request(start())).outcome();

        assertTrue(outcome.message.contains("imagebuilder:StartImagePipelineExecution"), outcome.message);
        assertTrue(service.imageArns().isEmpty());
    }

    @Test
    void noCredentialsFailBeforeAnythingIsSentOrReported() throws Exception {
        Controller controller = controllers.start();
        Controller.Run run = controller.prepare(request(start().waiting()));
        run.host.credentials(() -> {
            throw new CredentialsUnavailableException("No AWS credentials for Image Builder.", null);
        });

        run.session.start();

        assertEquals(
                "Could not start image pipeline \"web\" (" + pipeline
                        + ") in eu-west-2: No AWS credentials for Image Builder.",
                run.host.outcome().message);
        assertTrue(endpoint.requests().isEmpty());
        assertTrue(run.host.reports.isEmpty());
    }

    @Test
    void anAbortWhileWaitingCancelsTheImageBuildThenEndsWithTheCause() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller.Run run = controllers.start().prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        Aborted cause = new Aborted("stopped by a user");

        run.session.stop(cause);

        assertSame(cause, run.host.outcome().cause);
        String image = onlyImage();
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(image));
        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
        assertTrue(run.host.lines.contains("Aborted: cancelling image build " + image), run.host.lines.toString());
        assertTrue(run.host.lines.contains("Cancelled image build " + image), run.host.lines.toString());
        assertEquals(ImageBuildStatus.CANCELLED, lastState(run.host).status(), "the build page shows it cancelled");
    }

    /** The last report that said what state the image build is in, as the build page shows it. */
    private static ImageBuildReport lastState(RecordingHost host) {
        List<ImageBuildReport> states = host.reports.stream()
                .filter(report -> report.status() != null || report.isCancelFailed())
                .toList();
        assertFalse(states.isEmpty(), "no state reported");
        return states.get(states.size() - 1);
    }

    @Test
    void withCancelOnAbortOffTheImageBuildGoesOn() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller.Run run =
                controllers.start().prepare(request(start().waiting().cancelOnAbort(false)));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");

        run.session.stop(new Aborted("stopped"));

        assertFalse(run.host.outcome().succeeded());
        assertTrue(endpoint.requests(CANCEL_IMAGE_CREATION).isEmpty());
        assertEquals(ImageBuildStatus.BUILDING, service.statusOf(onlyImage()));
        assertEquals(1, run.host.count("goes on running (cancelOnAbort is off)"));
    }

    @Test
    void anAbortWhileTheStartIsUnderWayLetsItFinishThenCancelsWhatItStarted() throws Exception {
        HeldAnswers hold = endpoint.hold(START_IMAGE_PIPELINE_EXECUTION);
        Controller.Run run = controllers.start().prepare(request(start()));
        run.session.start();
        hold.awaitHeld(1, Duration.ofSeconds(10));
        Aborted cause = new Aborted("aborted during the start");

        run.session.stop(cause);
        Thread.sleep(100);
        assertTrue(run.host.outcomes.isEmpty(), "not settled before the start answered");
        hold.release();

        assertSame(cause, run.host.outcome().cause);
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(onlyImage()), "nothing left behind");
    }

    @Test
    void aStopAfterTheOutcomeChangesNothing() throws Exception {
        Controller.Run run = controllers.start().prepare(request(start()));
        run.session.start();
        RecordingHost.Outcome outcome = run.host.outcome();

        run.session.stop(new Aborted("too late"));
        run.session.stop(new Aborted("again"));
        Thread.sleep(100);

        assertEquals(List.of(outcome), run.host.outcomes);
        assertTrue(endpoint.requests(CANCEL_IMAGE_CREATION).isEmpty());
    }

    @Test
    void twoStopsCancelOnceAndEndOnce() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller.Run run = controllers.start().prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        Aborted first = new Aborted("first");

        run.session.stop(first);
        run.session.stop(new Aborted("second"));

        assertSame(first, run.host.outcome().cause);
        assertEquals(1, endpoint.requests(CANCEL_IMAGE_CREATION).size());
    }

    @Test
    void aCancelThatFailsIsToldAndTheStepStillEnds() throws Exception {
        service.lifecycle(stuckBuilding());
        service.deny(LocalImageBuilderEndpoint.ACCESS_KEY, CANCEL_IMAGE_CREATION);
        Controller.Run run = controllers.start().prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        Aborted cause = new Aborted("stopped");

        run.session.stop(cause);

        assertSame(cause, run.host.outcome().cause);
        assertEquals(1, run.host.count("Could not cancel image build " + onlyImage() + "; it may still be running."));
        assertEquals(1, run.host.count("imagebuilder:CancelImageCreation"));
        ImageBuildReport last = lastState(run.host);
        assertTrue(last.isCancelFailed(), "the build page says the cancel failed, not BUILDING");
        assertTrue(last.reason().contains("imagebuilder:CancelImageCreation"), last.reason());
    }

    @Test
    void anImageThatFinishedJustBeforeTheCancelIsToldSo() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller.Run run = controllers.start().prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        service.setImageStatus(onlyImage(), ImageBuildStatus.AVAILABLE, null);

        run.session.stop(new Aborted("stopped"));

        assertFalse(run.host.outcome().succeeded());
        assertEquals(1, run.host.count("had already finished: nothing to cancel"));
        assertEquals(
                ImageBuildStatus.AVAILABLE,
                lastState(run.host).status(),
                "the state Image Builder reports, not BUILDING");
    }

    @Test
    void theDeadlineCancelsTheImageBuildAndSaysWhy() throws Exception {
        service.lifecycle(stuckBuilding());
        ManualClock clock = new ManualClock(java.time.Instant.now());
        Controller.Run run =
                controllers.start(clock).prepare(request(start().waiting().waitTimeoutMinutes(1)));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");

        clock.advance(Duration.ofMinutes(2));
        RecordingHost.Outcome outcome = run.host.outcome();

        assertTrue(outcome.message.contains("the build was still BUILDING after 2 min"), outcome.message);
        assertTrue(outcome.message.contains("when the time limit of the wait was reached"), outcome.message);
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(onlyImage()));
        assertEquals(1, run.host.count("The time limit of the wait was reached: cancelling image build"));
    }

    @Test
    void aRestartDuringTheCancelAtTheDeadlineEndsWithTheDeadline() throws Exception {
        service.lifecycle(stuckBuilding());
        ManualClock clock = new ManualClock(java.time.Instant.now());
        Controller.Run run =
                controllers.start(clock).prepare(request(start().waiting().waitTimeoutMinutes(1)));
        run.host.crashWhen(p -> p.phase() == ImageBuildProgress.Phase.CANCELLING);
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");

        clock.advance(Duration.ofMinutes(2));
        awaitCrash(run.host);
        RecordingHost after = controllers.start().resume(run.host.lastSaved());

        RecordingHost.Outcome outcome = after.outcome();
        assertTrue(outcome.message.contains("when the time limit of the wait was reached"), outcome.message);
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(onlyImage()));
    }

    @Test
    void aHostThatFailsEndsTheSessionOnceInsteadOfLeavingItHanging() throws Exception {
        Controller controller = controllers.start();
        Controller.Run run = controller.prepare(request(start().waiting()));
        ImageBuildSession session = new ImageBuildSession(
                request(start().waiting()), new ImageBuildProgress(), controller.runtime, new FailingReports(run.host));

        session.start();

        RecordingHost.Outcome outcome = run.host.outcome();
        assertInstanceOf(IllegalStateException.class, outcome.cause);
        assertEquals("the build page is broken", outcome.cause.getMessage());
    }

    /** A host whose build page cannot be updated. */
    private static final class FailingReports implements ImageBuildSession.Host {
        private final RecordingHost delegate;

        FailingReports(RecordingHost delegate) {
            this.delegate = delegate;
        }

        @Override
        public void persist() {}

        @Override
        public void log(String line) {
            delegate.log(line);
        }

        @Override
        public void report(ImageBuildReport report) {
            throw new IllegalStateException("the build page is broken");
        }

        @Override
        public void succeeded(Object result) {
            delegate.succeeded(result);
        }

        @Override
        public void failed(String message) {
            delegate.failed(message);
        }

        @Override
        public void failed(Throwable cause) {
            delegate.failed(cause);
        }

        @Override
        public java.util.concurrent.ScheduledExecutorService scheduler() {
            return delegate.scheduler();
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials() {
            return delegate.credentials();
        }
    }

    // ------------------------------------------------------------------ a restart at every point

    @Test
    void aRestartBeforeTheStartAnsweredSendsItAgainUnderTheSameTokenAndStartsOneImage() throws Exception {
        HeldAnswers hold = endpoint.hold(START_IMAGE_PIPELINE_EXECUTION);
        RecordingHost before = controllers.start().start(request(start().waiting()));
        hold.awaitHeld(1, Duration.ofSeconds(10));
        before.crash();
        hold.release();

        RecordingHost after = controllers.start().resume(before.lastSaved());
        RecordingHost.Outcome outcome = after.outcome();

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(onlyImage(), ((Map<?, ?>) outcome.value).get("imageBuildVersionArn"));
        assertEquals(1, after.count("Jenkins restarted while image pipeline " + pipeline + " was being started"));
        List<RecordedRequest> starts = endpoint.requests(START_IMAGE_PIPELINE_EXECUTION);
        assertEquals(2, starts.size());
        assertEquals(starts.get(0).body(), starts.get(1).body(), "the same token and tags");
        assertTrue(before.outcomes.isEmpty());
    }

    @Test
    void aRestartAfterTheStartBeforeTheFirstPollWaitsForTheSameImage() throws Exception {
        RecordingHost started = startWithCrash(
                request(start().waiting()),
                p -> p.phase() == ImageBuildProgress.Phase.WAITING && p.lastStatus() == null);

        RecordingHost after = controllers.start().resume(started.lastSaved());
        RecordingHost.Outcome outcome = after.outcome();

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
        assertEquals(
                1, after.count("Jenkins restarted: still waiting for image build " + onlyImage() + " (last seen ?)"));
        assertTrue(started.outcomes.isEmpty());
    }

    @Test
    void aRestartAfterAStartThatDoesNotWaitReturnsTheImageWithoutAnyCall() throws Exception {
        RecordingHost started = startWithCrash(request(start()), p -> p.phase() == ImageBuildProgress.Phase.STARTED);
        endpoint.clearRequests();

        RecordingHost after = controllers.start().resume(started.lastSaved());

        assertEquals(onlyImage(), after.outcome().value);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void aRestartDuringTheWaitGoesOnPollingAndTellsNoStateTwice() throws Exception {
        service.lifecycle(stuckBuilding());
        RecordingHost started =
                startWithCrash(request(start().waiting()), p -> p.lastStatus() == ImageBuildStatus.BUILDING);

        RecordingHost after = controllers.start().resume(started.lastSaved());
        after.awaitLine("Jenkins restarted: still waiting for image build");
        service.setImageStatus(onlyImage(), ImageBuildStatus.AVAILABLE, null);
        RecordingHost.Outcome outcome = after.outcome();

        assertTrue(outcome.succeeded(), outcome.toString());
        assertEquals(1, after.count("(last seen BUILDING)"));
        assertEquals(0, after.count("Image build BUILDING after"), "BUILDING was told before the restart");
        assertEquals(1, after.count("Image build AVAILABLE after"));
        assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
    }

    @Test
    void aRestartDuringACancelCancelsAgainAndEndsWithTheAbort() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller controller = controllers.start();
        Controller.Run run = controller.prepare(request(start().waiting()));
        run.host.crashWhen(p -> p.phase() == ImageBuildProgress.Phase.CANCELLING);
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");

        run.session.stop(new Aborted("stopped by a user"));
        awaitCrash(run.host);
        RecordingHost after = controllers.start().resume(run.host.lastSaved());
        RecordingHost.Outcome outcome = after.outcome();

        Aborted cause = assertInstanceOf(Aborted.class, outcome.cause, outcome.toString());
        assertEquals("stopped by a user", cause.getMessage());
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(onlyImage()));
        assertEquals(1, after.count("was being cancelled: cancelling it again"));
        assertTrue(run.host.outcomes.isEmpty());
    }

    @Test
    void aRestartAfterTheCancelWasSentRepeatsItUnderTheSameToken() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller.Run run = controllers.start().prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        HeldAnswers hold = endpoint.hold(CANCEL_IMAGE_CREATION);

        run.session.stop(new Aborted("stopped"));
        hold.awaitHeld(1, Duration.ofSeconds(10));
        run.host.crash();
        hold.release();
        RecordingHost after = controllers.start().resume(run.host.lastSaved());

        assertFalse(after.outcome().succeeded());
        List<RecordedRequest> cancels = endpoint.requests(CANCEL_IMAGE_CREATION);
        assertEquals(2, cancels.size());
        assertEquals(cancels.get(0).body(), cancels.get(1).body(), "the same token");
        assertEquals(1, after.count("Cancelled image build"), "the repeated cancel is accepted as the same one");
    }

    @Test
    void aCancelAnsweredAfterJenkinsStoppedTellsNothingToTheStepItLeftBehind() throws Exception {
        service.lifecycle(stuckBuilding());
        Controller controller = controllers.start();
        Controller.Run run = controller.prepare(request(start().waiting()));
        run.session.start();
        run.host.awaitLine("Image build BUILDING after");
        HeldAnswers hold = endpoint.hold(CANCEL_IMAGE_CREATION);
        run.session.stop(new Aborted("stopped"));
        hold.awaitHeld(1, Duration.ofSeconds(10));

        controller.stop();
        hold.release();
        controller.awaitWorkersEnded();

        // The step's context would carry a verdict to the build the next controller resumes.
        assertTrue(run.host.outcomes.isEmpty(), "no verdict after the stop: " + run.host.outcomes);
        assertEquals(0, run.host.count("Cancelled image build"));
        RecordingHost after = controllers.start().resume(run.host.lastSaved());
        Aborted cause = assertInstanceOf(Aborted.class, after.outcome().cause);
        assertEquals("stopped", cause.getMessage());
        assertEquals(1, after.count("Cancelled image build"));
        assertEquals(ImageBuildStatus.CANCELLED, service.statusOf(onlyImage()));
    }

    @Test
    void aRestartAfterTheOutcomeGivesTheSameOutcomeAndStartsNothingNew() throws Exception {
        RecordingHost before = controllers.start().start(request(start().waiting()));
        RecordingHost.Outcome first = before.outcome();
        before.crash();

        RecordingHost after = controllers.start().resume(before.lastSaved());

        assertEquals(first.value, after.outcome().value);
        assertEquals(1, endpoint.requests(START_IMAGE_PIPELINE_EXECUTION).size());
    }

    @Test
    void whatIsSavedHoldsNoSecret() throws Exception {
        RecordingHost host = controllers.start().start(request(start().waiting()));
        host.outcome();

        assertTrue(host.saves.size() > 2, "saved at the start, when the image was known, and at each state");
        for (RecordingHost.Saved saved : host.saves) {
            assertFalse(saved.text().contains(LocalImageBuilderEndpoint.SECRET_KEY));
            assertFalse(saved.text().contains(LocalImageBuilderEndpoint.ACCESS_KEY));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a session whose controller crashes as soon as a progress matching {@code when} is saved. */
    private RecordingHost startWithCrash(
            ImageBuildRequest request, java.util.function.Predicate<ImageBuildProgress> when) throws Exception {
        Controller.Run run = controllers.start().prepare(request);
        run.host.crashWhen(when);
        run.session.start();
        awaitCrash(run.host);
        return run.host;
    }

    private static void awaitCrash(RecordingHost host) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!host.crashed()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("never crashed; log: " + host.lines);
            }
            Thread.sleep(5);
        }
    }
}
