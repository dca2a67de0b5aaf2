package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.AVAILABLE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.BUILDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.DISTRIBUTING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.PENDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.TESTING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code imageWorkflowStepAction}: the decision a Pipeline sends after {@code onWaitingStep: 'return'}. */
class WorkflowStepDecisionTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final Controllers controllers = new Controllers();

    private FakeImageBuilder service;
    private String pipeline;
    private Controller controller;

    @BeforeEach
    void heldPipeline() {
        service = endpoint.service();
        pipeline = service.addPipeline("eu-west-2", "web");
        service.lifecycle(ImageLifecycle.byPolls(PENDING, BUILDING, TESTING, TESTING, DISTRIBUTING, AVAILABLE));
        service.holdForAction(pipeline, "ApproveImage");
        controller = controllers.start();
    }

    /** Starts the pipeline and waits until its image build waits: what the Pipeline's first step does. */
    @SuppressWarnings("unchecked")
    private String imageWaitingForAnAction() throws Exception {
        RecordingHost host = controller.start(ImageBuildRequest.from(
                EngineFixtures.launch(endpoint, pipeline).options.waiting().onWaitingStep("return"),
                EngineFixtures.BUILD));
        RecordingHost.Outcome outcome = host.outcome();
        assertTrue(outcome.succeeded(), outcome.toString());
        return (String) ((Map<String, Object>) outcome.value).get("imageBuildVersionArn");
    }

    private WorkflowStepDecision.Options options(String arn, String action, String reason, String step) {
        return new WorkflowStepDecision.Options() {
            @Override
            public String getArn() {
                return arn;
            }

            @Override
            public String getAction() {
                return action;
            }

            @Override
            public String getReason() {
                return reason;
            }

            @Override
            public String getStep() {
                return step;
            }

            @Override
            public String getCredentialsId() {
                return null;
            }

            @Override
            public String getRegion() {
                return null;
            }

            @Override
            public String getEndpointUrl() {
                return endpoint.url();
            }
        };
    }

    private Map<String, Object> send(WorkflowStepDecision decision, List<String> log, AtomicInteger saves) {
        return decision.send(
                controller.runtime.access(), EngineFixtures.testCredentials(), saves::incrementAndGet, log::add);
    }

    @Test
    void resumeReachesTheWaitingStepAndTheImageGoesOnToBeAvailable() throws Exception {
        String image = imageWaitingForAnAction();
        String waitingStep = service.waitingStepOf(image);
        WorkflowStepDecision decision =
                WorkflowStepDecision.from(options(image, "resume", "passed staging", null), EngineFixtures.BUILD);
        List<String> log = new ArrayList<>();
        AtomicInteger saves = new AtomicInteger();

        Map<String, Object> result = send(decision, log, saves);

        assertEquals(waitingStep, result.get("stepExecutionId"));
        assertEquals("ApproveImage", result.get("name"));
        assertEquals("RESUME", result.get("action"));
        assertEquals(1, saves.get(), "the chosen step is kept before the action is sent");
        assertTrue(log.get(0).startsWith("Sent RESUME to workflow step ApproveImage"), log.toString());
        assertEquals("passed staging", service.stepActions(image).get(0).reason());
        RecordingHost wait = controller.start(
                ImageBuildRequest.from(StepOptions.await(image).endpointUrl(endpoint.url()), EngineFixtures.BUILD));
        assertTrue(wait.outcome().succeeded(), wait.outcome().toString());
        assertEquals(AVAILABLE, service.statusOf(image));
    }

    @Test
    void aRetryAfterARestartSendsTheSameCallAndActsOnce() throws Exception {
        String image = imageWaitingForAnAction();
        WorkflowStepDecision decision =
                WorkflowStepDecision.from(options(image, "STOP", null, "ApproveImage"), EngineFixtures.BUILD);
        send(decision, new ArrayList<>(), new AtomicInteger());
        WorkflowStepDecision restored = roundTrip(decision);

        Map<String, Object> again = send(restored, new ArrayList<>(), new AtomicInteger());

        assertEquals("STOP", again.get("action"));
        assertEquals(1, service.stepActions(image).size(), "acted once");
        List<RecordedRequest> sends = endpoint.requests(SEND_WORKFLOW_STEP_ACTION);
        assertEquals(2, sends.size());
        assertEquals(sends.get(0).body(), sends.get(1).body(), "the same call, token included");
        assertTrue(
                service.stepActions(image).get(0).reason().contains(EngineFixtures.BUILD_URL),
                "the default reason names the build");
    }

    @Test
    void withoutAWaitingStepItSaysWhatToDo() throws Exception {
        String image = imageWaitingForAnAction();
        WorkflowStepDecision.from(options(image, "RESUME", null, null), EngineFixtures.BUILD)
                .send(controller.runtime.access(), EngineFixtures.testCredentials(), () -> {}, line -> {});

        InvalidInputException none = assertThrows(
                InvalidInputException.class,
                () -> send(
                        WorkflowStepDecision.from(
                                options(image, "RESUME", null, null), EngineFixtures.BUILD.named("another build")),
                        new ArrayList<>(),
                        new AtomicInteger()));
        assertTrue(
                none.getMessage().contains("No workflow step of image build " + image + " waits"), none.getMessage());
    }

    @Test
    void aStepNamedThatDoesNotWaitIsRefusedListingThoseThatDo() throws Exception {
        String image = imageWaitingForAnAction();
        InvalidInputException wrong = assertThrows(
                InvalidInputException.class,
                () -> send(
                        WorkflowStepDecision.from(options(image, "RESUME", null, "Approve"), EngineFixtures.BUILD),
                        new ArrayList<>(),
                        new AtomicInteger()));
        assertTrue(wrong.getMessage().contains("named or numbered \"Approve\""), wrong.getMessage());
        assertTrue(wrong.getMessage().contains("ApproveImage (step-"), wrong.getMessage());
        assertTrue(service.stepActions(image).isEmpty());
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> WorkflowStepDecision.from(
                        options(pipeline, "APPROVE", "x".repeat(1025), null), EngineFixtures.BUILD));
        assertTrue(e.getMessage().contains("action must be RESUME or STOP"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 1024"), e.getMessage());
        assertTrue(e.problems().size() >= 3, e.problems().toString());
        assertTrue(endpoint.requests().isEmpty());
    }

    private static WorkflowStepDecision roundTrip(WorkflowStepDecision decision) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(decision);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (WorkflowStepDecision) in.readObject();
        }
    }
}
