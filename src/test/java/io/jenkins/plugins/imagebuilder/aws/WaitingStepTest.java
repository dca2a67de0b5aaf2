package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.AVAILABLE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.BUILDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.DISTRIBUTING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.PENDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.TESTING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A workflow step that waits for an action: paused for someone to decide, resumed, stopped or returned. */
class WaitingStepTest {

    private static final String GATE = "ApproveImage";

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final Controllers controllers = new Controllers();

    private FakeImageBuilder service;
    private String pipeline;

    @BeforeEach
    void heldPipeline() {
        service = endpoint.service();
        pipeline = service.addPipeline("eu-west-2", "web");
        service.lifecycle(ImageLifecycle.byPolls(PENDING, BUILDING, TESTING, TESTING, DISTRIBUTING, AVAILABLE));
        service.holdForAction(pipeline, GATE);
    }

    private ImageBuildRequest waiting(String policy) {
        return ImageBuildRequest.from(
                EngineFixtures.launch(endpoint, pipeline).options.waiting().onWaitingStep(policy),
                EngineFixtures.BUILD);
    }

    private String onlyImage() {
        Set<String> images = service.imageArns();
        assertEquals(1, images.size(), "images: " + images);
        return images.iterator().next();
    }

    private static ImageBuildReport lastWaitingReport(RecordingHost host) {
        List<ImageBuildReport> waiting =
                host.reports.stream().filter(r -> r.waiting() != null).collect(Collectors.toList());
        assertFalse(waiting.isEmpty(), "no report of a waiting step");
        return waiting.get(waiting.size() - 1);
    }

    @Test
    void pauseWaitsUntilSomeoneResumesTheStep() throws Exception {
        RecordingHost host = controllers.start().start(waiting(null));
        host.awaitLine("step " + GATE + " waits for an action");
        host.awaitLine("The wait goes on until the step is resumed or stopped");
        Thread.sleep(300);
        assertTrue(host.outcomes.isEmpty(), "still waiting: " + host.lines);
        assertEquals(TESTING, service.statusOf(onlyImage()));

        ImageBuildReport report = lastWaitingReport(host);
        assertEquals(1, report.waiting().size());
        WorkflowStep step = report.waiting().get(0);
        assertEquals(GATE, step.name());
        assertEquals("TEST", step.workflow());
        assertNotNull(report.gate(), "the page can send the action");
        String line =
                report.gate().send(step.id(), WaitingStepAction.RESUME, "alice").get(20, TimeUnit.SECONDS);

        assertTrue(line.startsWith("Sent RESUME to workflow step " + GATE), line);
        assertTrue(host.outcome().succeeded(), host.outcome().toString());
        List<StepAction> sent = service.stepActions(onlyImage());
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("RESUME", sent.get(0).action());
        assertTrue(sent.get(0).reason().contains("alice"), sent.get(0).reason());
        assertTrue(
                sent.get(0).reason().contains(EngineFixtures.BUILD_URL),
                sent.get(0).reason());
        assertEquals(1, host.count("waits for an action"), "told once: " + host.lines);
        // Once the step no longer waits, the page offers nothing more.
        assertTrue(host.reports.get(host.reports.size() - 1).waiting().isEmpty());
    }

    @Test
    void aSecondDecisionFromThePageComesTooLateAndSaysSo() throws Exception {
        RecordingHost host = controllers.start().start(waiting("pause"));
        host.awaitLine("waits for an action");
        ImageBuildReport report = lastWaitingReport(host);
        String step = report.waiting().get(0).id();
        report.gate().send(step, WaitingStepAction.STOP, "bob").get(20, TimeUnit.SECONDS);

        ExecutionException late = assertThrows(
                ExecutionException.class,
                () -> report.gate()
                        .send(step, WaitingStepAction.RESUME, "alice")
                        .get(20, TimeUnit.SECONDS));

        assertTrue(
                late.getCause().getMessage().contains("not waiting"),
                late.getCause().getMessage());
        ExecutionException forged = assertThrows(
                ExecutionException.class,
                () -> report.gate()
                        .send("<img src=x onerror=alert(1)>", WaitingStepAction.RESUME, "mallory")
                        .get(20, TimeUnit.SECONDS));
        assertTrue(
                forged.getCause().getMessage().startsWith("Workflow step ? of image build"),
                "a forged id is not echoed: " + forged.getCause().getMessage());
        assertFalse(host.outcome().succeeded());
        assertEquals(1, service.stepActions(onlyImage()).size());
    }

    @Test
    void resumeSendsTheActionOnceAndTheImageGoesOn() throws Exception {
        RecordingHost host = controllers.start().start(waiting("resume"));

        assertTrue(host.outcome().succeeded(), host.outcome().toString());
        List<StepAction> sent = service.stepActions(onlyImage());
        assertEquals(1, sent.size(), sent.toString());
        assertEquals("RESUME", sent.get(0).action());
        assertTrue(
                sent.get(0).reason().contains("onWaitingStep: 'resume'"),
                sent.get(0).reason());
        assertEquals(1, host.count("Sent RESUME to workflow step " + GATE));
        assertEquals(AVAILABLE, service.statusOf(onlyImage()));
    }

    @Test
    void stopFailsTheStepAndTheImageBuildFailsWithIt() throws Exception {
        RecordingHost host = controllers.start().start(waiting("stop"));

        RecordingHost.Outcome outcome = host.outcome();
        assertFalse(outcome.succeeded());
        assertTrue(outcome.message.contains("FAILED"), outcome.message);
        assertTrue(outcome.message.contains(GATE), outcome.message);
        assertEquals("STOP", service.stepActions(onlyImage()).get(0).action());
        assertEquals(1, host.count("Sent STOP to workflow step"));
    }

    @Test
    void returnEndsTheWaitWithTheWaitingStepAndSendsNothing() throws Exception {
        RecordingHost host = controllers.start().start(waiting("return"));

        RecordingHost.Outcome outcome = host.outcome();
        assertTrue(outcome.succeeded(), outcome.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) outcome.value;
        @SuppressWarnings("unchecked")
        Map<String, String> step = (Map<String, String>) value.get("waitingStep");
        assertEquals(onlyImage(), value.get("imageBuildVersionArn"));
        assertEquals("TESTING", value.get("status"));
        assertEquals(GATE, step.get("name"));
        assertEquals(service.waitingStepOf(onlyImage()), step.get("stepExecutionId"));
        assertEquals("TEST", step.get("workflow"));
        assertTrue(service.stepActions(onlyImage()).isEmpty());
        ImageBuildReport variables = host.reports.stream()
                .filter(r -> r.variables() != null)
                .reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(step.get("stepExecutionId"), variables.variables().get(ImageBuildVariables.WAITING_STEP_ID));
        assertTrue(
                host.reports.get(host.reports.size() - 1).waiting().isEmpty(),
                "the page no longer offers to decide through a wait that ended");
        Thread.sleep(300);
        assertEquals(TESTING, service.statusOf(onlyImage()), "the image build still waits");
    }

    @Test
    void aSendWhoseAnswerIsLostIsRetriedUnderTheSameTokenAndActsOnce() throws Exception {
        service.inject(SEND_WORKFLOW_STEP_ACTION, Fault.dropAfterProcessing(), 1);

        RecordingHost host = controllers.start().start(waiting("resume"));

        assertTrue(host.outcome().succeeded(), host.outcome().toString());
        List<RecordedRequest> sends = endpoint.requests(SEND_WORKFLOW_STEP_ACTION);
        assertTrue(sends.size() >= 2, "retried: " + sends.size());
        assertEquals(
                1,
                sends.stream().map(r -> r.body().get("clientToken")).distinct().count(),
                "one token for every attempt");
        assertEquals(1, service.stepActions(onlyImage()).size(), "acted once");
    }

    @Test
    void aRestartBetweenTheSendAndItsRecordActsOnceAndTellsNothingTwice() throws Exception {
        Controller.Run run = controllers.start().prepare(waiting("resume"));
        run.host.crashWhen(p -> p.image() != null
                && service.waitingStepOf(p.image().toString()) == null
                && !service.stepActions(p.image().toString()).isEmpty());
        run.session.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!run.host.crashed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(run.host.crashed(), run.host.lines.toString());
        // The controller went down after the action was sent, before the step had saved that it was.
        RecordingHost.Saved beforeTheRecord = run.host.saves.get(run.host.saves.size() - 2);

        RecordingHost after = controllers.start().resume(beforeTheRecord);

        assertTrue(after.outcome().succeeded(), after.outcome().toString());
        assertEquals(1, service.stepActions(onlyImage()).size(), "acted once");
        // The step no longer waits after the restart: nothing is sent again, and what was told is not told again.
        assertEquals(1, endpoint.requests(SEND_WORKFLOW_STEP_ACTION).size());
        assertEquals(0, after.count("waits for an action"), "told before the restart: " + after.lines);
    }

    @Test
    void refusedSendFailsTheStepNamingThePermission() throws Exception {
        service.deny(LocalImageBuilderEndpoint.ACCESS_KEY, SEND_WORKFLOW_STEP_ACTION);

        RecordingHost host = controllers.start().start(waiting("resume"));

        RecordingHost.Outcome outcome = host.outcome();
        assertFalse(outcome.succeeded());
        assertTrue(outcome.message.contains("imagebuilder:SendWorkflowStepAction"), outcome.message);
        assertNull(service.stepActions(onlyImage()).isEmpty() ? null : "sent");
    }

    @Test
    void anUnknownPolicyIsRefusedBeforeAnythingIsSent() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> waiting("approve"));
        assertTrue(e.getMessage().contains("onWaitingStep must be pause, resume, stop or return"), e.getMessage());
        InvalidInputException noWait = assertThrows(
                InvalidInputException.class,
                () -> ImageBuildRequest.from(
                        EngineFixtures.launch(endpoint, pipeline).options.onWaitingStep("resume"),
                        EngineFixtures.BUILD));
        assertTrue(noWait.getMessage().contains("add wait: true"), noWait.getMessage());
        assertTrue(endpoint.requests().isEmpty());
    }
}
