package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;
import software.amazon.awssdk.services.imagebuilder.model.InvalidPaginationTokenException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.ListWaitingWorkflowStepsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ResourceNotFoundException;
import software.amazon.awssdk.services.imagebuilder.model.SendWorkflowStepActionResponse;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowExecutionMetadata;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowExecutionStatus;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepActionType;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepExecution;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepExecutionStatus;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepMetadata;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowType;

/**
 * A pipeline that holds for an action, through the real SDK: its WaitForAction step, what RESUME and
 * STOP do, SendWorkflowStepAction's client token, and ListWaitingWorkflowSteps.
 */
class LocalImageBuilderStepActionsTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private FakeImageBuilder service;
    private String pipeline;
    private ImagebuilderClient sdk;

    @BeforeEach
    void pipelineThatWaitsForApproval() {
        service = endpoint.service();
        pipeline = service.addPipeline("us-east-1", "gated");
        service.holdForAction(pipeline, "ApproveImage");
        sdk = ImagebuilderClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint.uri())
                .credentialsProvider(EngineFixtures.testCredentials())
                .build();
    }

    private String start(String pipelineArn) {
        return sdk.startImagePipelineExecution(r -> r.imagePipelineArn(pipelineArn))
                .imageBuildVersionArn();
    }

    /** GetImage {@code times} times; the last status. */
    private ImageStatus poll(String image, int times) {
        ImageStatus status = null;
        for (int i = 0; i < times; i++) {
            status = sdk.getImage(r -> r.imageBuildVersionArn(image))
                    .image()
                    .state()
                    .status();
        }
        return status;
    }

    /** The default lifecycle polled until the hold holds: PENDING, BUILDING, TESTING, then TESTING where it would go on. */
    private String heldImage() {
        String image = start(pipeline);
        assertEquals(ImageStatus.TESTING, poll(image, 3));
        assertNull(service.waitingStepOf(image), "the hold step waits only where the build would leave TESTING");
        assertEquals(ImageStatus.TESTING, poll(image, 1));
        assertNotNull(service.waitingStepOf(image));
        return image;
    }

    private WorkflowExecutionMetadata workflow(String image, WorkflowType type) {
        return sdk.listWorkflowExecutions(r -> r.imageBuildVersionArn(image)).workflowExecutions().stream()
                .filter(w -> w.type() == type)
                .findFirst()
                .orElseThrow();
    }

    private List<WorkflowStepMetadata> testSteps(String image) {
        String id = workflow(image, WorkflowType.TEST).workflowExecutionId();
        return sdk.listWorkflowStepExecutions(r -> r.workflowExecutionId(id)).steps();
    }

    private SendWorkflowStepActionResponse send(
            String image, String step, WorkflowStepActionType action, String reason, String token) {
        return sdk.sendWorkflowStepAction(r -> r.imageBuildVersionArn(image)
                .stepExecutionId(step)
                .action(action)
                .reason(reason)
                .clientToken(token));
    }

    private static List<String> statuses(List<WorkflowStepMetadata> steps) {
        return steps.stream().map(WorkflowStepMetadata::statusAsString).collect(Collectors.toList());
    }

    @Test
    void aHeldBuildStaysTestingWithItsWaitForActionStepRunningLast() {
        String image = heldImage();

        assertEquals(ImageStatus.TESTING, poll(image, 3), "it waits however often it is polled");
        assertEquals(
                WorkflowExecutionStatus.RUNNING,
                workflow(image, WorkflowType.TEST).status());
        assertEquals(
                "arn:aws:imagebuilder:us-east-1:" + FakeImageBuilder.ACCOUNT + ":workflow/test/gated-test/1.0.0/1",
                workflow(image, WorkflowType.TEST).workflowBuildVersionArn());
        List<WorkflowStepMetadata> steps = testSteps(image);
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "RUNNING"), statuses(steps));
        WorkflowStepMetadata hold = steps.get(3);
        assertEquals("ApproveImage", hold.name());
        assertEquals("WaitForAction", hold.action());
        assertNotNull(hold.startTime());
        assertNull(hold.endTime());
        assertEquals(service.waitingStepOf(image), hold.stepExecutionId());
    }

    @Test
    void resumeCompletesTheStepAndTheBuildGoesOnToAvailable() {
        String image = heldImage();
        String step = service.waitingStepOf(image);

        SendWorkflowStepActionResponse answer = send(image, step, WorkflowStepActionType.RESUME, null, "approve-1");

        assertEquals(step, answer.stepExecutionId());
        assertEquals(image, answer.imageBuildVersionArn());
        assertEquals("approve-1", answer.clientToken());
        assertNull(service.waitingStepOf(image));
        assertEquals(List.of(new StepAction(step, "RESUME", null, "approve-1")), service.stepActions(image));
        assertEquals(ImageStatus.AVAILABLE, poll(image, 1));
        List<WorkflowStepMetadata> steps = testSteps(image);
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"), statuses(steps));
        assertNotNull(steps.get(3).endTime());
        assertEquals(
                WorkflowExecutionStatus.COMPLETED,
                workflow(image, WorkflowType.TEST).status());
    }

    @Test
    void stopFailsTheStepTheWorkflowAndTheBuildWithTheReason() {
        String image = heldImage();
        String step = service.waitingStepOf(image);

        send(image, step, WorkflowStepActionType.STOP, "CVE-2024-6387 is not fixed", "reject-1");

        var state = sdk.getImage(r -> r.imageBuildVersionArn(image)).image().state();
        assertEquals(ImageStatus.FAILED, state.status());
        assertEquals("Workflow step ApproveImage was stopped: CVE-2024-6387 is not fixed", state.reason());
        assertEquals(
                WorkflowExecutionStatus.FAILED,
                workflow(image, WorkflowType.TEST).status());
        List<WorkflowStepMetadata> steps = testSteps(image);
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "FAILED"), statuses(steps));
        assertEquals("Stopped: CVE-2024-6387 is not fixed", steps.get(3).message());
        assertNotNull(steps.get(3).endTime());
    }

    @Test
    void stopWithoutAReasonSaysWhoStoppedIt() {
        String image = heldImage();

        send(image, service.waitingStepOf(image), WorkflowStepActionType.STOP, null, "reject-1");

        assertEquals(
                "Workflow step ApproveImage was stopped",
                sdk.getImage(r -> r.imageBuildVersionArn(image)).image().state().reason());
        assertEquals(
                "Stopped by SendWorkflowStepAction", testSteps(image).get(3).message());
    }

    @Test
    void cancellingAHeldBuildCancelsTheWaitingStep() {
        String image = heldImage();

        sdk.cancelImageCreation(r -> r.imageBuildVersionArn(image));

        assertEquals(ImageStatus.CANCELLED, poll(image, 1));
        assertEquals(List.of("COMPLETED", "COMPLETED", "COMPLETED", "CANCELLED"), statuses(testSteps(image)));
        assertNull(service.waitingStepOf(image));
    }

    @Test
    void theSameTokenWithTheSameActionAnswersAgainAndAppliesOnce() {
        String image = heldImage();
        String step = service.waitingStepOf(image);

        SendWorkflowStepActionResponse first = send(image, step, WorkflowStepActionType.RESUME, "ok", "approve-1");
        SendWorkflowStepActionResponse again = send(image, step, WorkflowStepActionType.RESUME, "ok", "approve-1");

        assertTrue(first.equalsBySdkFields(again), again.toString()); // only the request ids differ
        assertEquals(1, service.stepActions(image).size());
    }

    @Test
    void theSameTokenWithAnotherActionIsAMismatch() {
        String image = heldImage();
        String step = service.waitingStepOf(image);
        send(image, step, WorkflowStepActionType.RESUME, null, "decision-1");

        assertThrows(
                IdempotentParameterMismatchException.class,
                () -> send(image, step, WorkflowStepActionType.STOP, null, "decision-1"));
        assertThrows(
                IdempotentParameterMismatchException.class,
                () -> send(image, step, WorkflowStepActionType.RESUME, "another reason", "decision-1"));
        assertEquals(List.of(new StepAction(step, "RESUME", null, "decision-1")), service.stepActions(image));
    }

    @Test
    void aStepThatIsNotWaitingRefusesActions() {
        String image = start(pipeline);
        poll(image, 3);
        String hold = testSteps(image).get(3).stepExecutionId();
        String buildStep = sdk.listWorkflowStepExecutions(r -> r.workflowExecutionId(
                        workflow(image, WorkflowType.BUILD).workflowExecutionId()))
                .steps()
                .get(0)
                .stepExecutionId();

        InvalidRequestException early = assertThrows(
                InvalidRequestException.class, () -> send(image, hold, WorkflowStepActionType.RESUME, null, "a"));
        assertEquals(
                "The workflow step " + hold + " is not waiting for an action.",
                early.awsErrorDetails().errorMessage());
        assertThrows(
                InvalidRequestException.class, () -> send(image, buildStep, WorkflowStepActionType.RESUME, null, "b"));
        poll(image, 1);
        send(image, hold, WorkflowStepActionType.RESUME, null, "c");
        assertThrows(InvalidRequestException.class, () -> send(image, hold, WorkflowStepActionType.STOP, null, "d"));
        assertEquals(1, service.stepActions(image).size());
    }

    @Test
    void unknownImagesAndStepsAreNotFoundAndMalformedInputIsRefused() {
        String image = heldImage();
        String step = service.waitingStepOf(image);
        String otherImage = image.substring(0, image.lastIndexOf('/') + 1) + "99";

        assertThrows(
                ResourceNotFoundException.class,
                () -> send(otherImage, step, WorkflowStepActionType.RESUME, null, "a"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> send(
                        image, "step-00000000-0000-0000-0000-000000000000", WorkflowStepActionType.RESUME, null, "b"));
        assertThrows(
                InvalidRequestException.class,
                () -> sdk.sendWorkflowStepAction(r -> r.imageBuildVersionArn(image)
                        .stepExecutionId(step)
                        .action("PAUSE")
                        .clientToken("c")));
        assertThrows(
                InvalidRequestException.class, () -> send(image, "step-1", WorkflowStepActionType.RESUME, null, "d"));
        assertThrows(InvalidRequestException.class, () -> send(image, step, WorkflowStepActionType.STOP, "", "e"));
        assertThrows(
                InvalidRequestException.class,
                () -> send(image, step, WorkflowStepActionType.STOP, "x".repeat(1025), "f"));
        assertEquals(List.of(), service.stepActions(image));
        assertEquals(step, service.waitingStepOf(image));
    }

    @Test
    void anAnswerLostAfterTheActionIsAppliedGetsTheSdkRetryTheSameAnswer() {
        String image = heldImage();
        String step = service.waitingStepOf(image);
        service.inject(ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION, Fault.dropAfterProcessing(), 1);

        // No token given: the SDK makes one and sends it again with its retry.
        SendWorkflowStepActionResponse answer = sdk.sendWorkflowStepAction(
                r -> r.imageBuildVersionArn(image).stepExecutionId(step).action(WorkflowStepActionType.RESUME));

        List<RecordedRequest> sent = endpoint.requests(ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION);
        assertEquals(
                List.of("DROPPED", "OK"),
                sent.stream().map(RecordedRequest::outcome).collect(Collectors.toList()));
        assertEquals(sent.get(0).body().get("clientToken"), sent.get(1).body().get("clientToken"));
        assertEquals(answer.clientToken(), sent.get(0).body().get("clientToken"));
        assertEquals(1, service.stepActions(image).size());
        assertEquals(ImageStatus.AVAILABLE, poll(image, 1));
    }

    @Test
    void listWaitingWorkflowStepsListsTheWaitingStepsOfTheAccountAPageAtATime() {
        String other = service.addPipeline("us-east-1", "gated-too");
        service.holdForAction(other, "SignOff");
        String first = heldImage();
        String second = start(other);
        poll(second, 4);
        String notHeldYet = start(pipeline);

        ListWaitingWorkflowStepsResponse page = sdk.listWaitingWorkflowSteps(r -> r.maxResults(1));
        ListWaitingWorkflowStepsResponse next =
                sdk.listWaitingWorkflowSteps(r -> r.maxResults(1).nextToken(page.nextToken()));

        assertEquals(1, page.steps().size());
        assertNull(next.nextToken());
        WorkflowStepExecution waiting = page.steps().get(0);
        assertEquals(service.waitingStepOf(first), waiting.stepExecutionId());
        assertEquals(first, waiting.imageBuildVersionArn());
        assertEquals(workflow(first, WorkflowType.TEST).workflowExecutionId(), waiting.workflowExecutionId());
        assertEquals(workflow(first, WorkflowType.TEST).workflowBuildVersionArn(), waiting.workflowBuildVersionArn());
        assertEquals("ApproveImage", waiting.name());
        assertEquals("WaitForAction", waiting.action());
        assertNotNull(Instant.parse(waiting.startTime()));
        assertEquals(
                List.of(second),
                next.steps().stream()
                        .map(WorkflowStepExecution::imageBuildVersionArn)
                        .collect(Collectors.toList()));
        assertEquals("SignOff", next.steps().get(0).name());
        assertNull(service.waitingStepOf(notHeldYet));

        send(first, waiting.stepExecutionId(), WorkflowStepActionType.RESUME, null, "approve-1");
        List<String> still = sdk.listWaitingWorkflowStepsPaginator(r -> r.maxResults(1)).steps().stream()
                .map(WorkflowStepExecution::imageBuildVersionArn)
                .collect(Collectors.toList());
        assertEquals(List.of(second), still);
        assertThrows(
                InvalidPaginationTokenException.class,
                () -> sdk.listWaitingWorkflowSteps(r -> r.nextToken("nonsense")));
        assertThrows(InvalidRequestException.class, () -> sdk.listWaitingWorkflowSteps(r -> r.maxResults(26)));
    }

    @Test
    void aTimedLifecycleIsHeldToo() {
        ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
        service.clock(clock);
        Duration minute = Duration.ofMinutes(1);
        service.lifecycle(
                pipeline,
                ImageLifecycle.timed(
                        minute, ImageBuildStatus.BUILDING, ImageBuildStatus.TESTING, ImageBuildStatus.AVAILABLE));
        String image = start(pipeline);

        clock.advance(Duration.ofMinutes(10));

        assertEquals(ImageStatus.TESTING, poll(image, 2));
        String step = service.waitingStepOf(image);
        assertNotNull(step);
        send(image, step, WorkflowStepActionType.RESUME, null, "approve-1");
        assertEquals(ImageStatus.AVAILABLE, poll(image, 1));
    }

    @Test
    void aLifecycleThatNeverTestsIsNotHeld() {
        service.lifecycle(pipeline, ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.AVAILABLE));
        String image = start(pipeline);

        assertEquals(ImageStatus.AVAILABLE, poll(image, 2));
        assertNull(service.waitingStepOf(image));
        assertEquals(3, testSteps(image).size());
        assertFalse(testSteps(image).stream().anyMatch(s -> "WaitForAction".equals(s.action())));
        assertTrue(sdk.listWaitingWorkflowSteps(r -> {}).steps().isEmpty());
    }

    @Test
    void aFailingLifecycleFailsWhereItFails() {
        service.lifecycle(
                pipeline,
                ImageLifecycle.byPolls(ImageBuildStatus.TESTING, ImageBuildStatus.FAILED)
                        .withReason("Component tests failed"));
        String image = start(pipeline);

        assertEquals(ImageStatus.FAILED, poll(image, 2));
        assertNull(service.waitingStepOf(image));
        assertEquals(
                WorkflowStepExecutionStatus.SKIPPED, testSteps(image).get(3).status());
    }
}
