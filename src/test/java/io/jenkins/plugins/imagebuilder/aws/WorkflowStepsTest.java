package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.AVAILABLE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.BUILDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.FAILED;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.PENDING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus.TESTING;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.GET_IMAGE;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.LIST_WORKFLOW_EXECUTIONS;
import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.LIST_WORKFLOW_STEP_EXECUTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The workflow steps of an image build, told in the log while a step waits for it. */
class WorkflowStepsTest {

    private static final String[] BUILD_STEPS = {
        "LaunchBuildInstance",
        "ApplyBuildComponents",
        "InventoryCollection",
        "CreateOutputAMI",
        "TerminateBuildInstance"
    };
    private static final String[] TEST_STEPS = {"LaunchTestInstance", "ApplyTestComponents", "TerminateTestInstance"};

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final Controllers controllers = new Controllers();

    private FakeImageBuilder service;
    private String pipeline;

    @BeforeEach
    void pipeline() {
        service = endpoint.service();
        pipeline = service.addPipeline("eu-west-2", "web");
    }

    private ImageBuildRequest waiting() {
        return ImageBuildRequest.from(
                EngineFixtures.launch(endpoint, pipeline).options.waiting(), EngineFixtures.BUILD);
    }

    /** A build that spends a poll on each step of its build and test workflows. */
    private static ImageLifecycle stepByStep(ImageBuildStatus end) {
        return ImageLifecycle.byPolls(
                PENDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, TESTING, TESTING, TESTING, end);
    }

    private static List<String> stepLines(List<String> lines) {
        return lines.stream().filter(line -> line.contains(" workflow: step ")).collect(Collectors.toList());
    }

    @Test
    void eachStepIsToldOnceWhenItStartsAndOnceWhenItEnds() throws Exception {
        service.lifecycle(stepByStep(AVAILABLE));

        RecordingHost host = controllers.start().start(waiting());
        assertTrue(host.outcome().succeeded(), host.outcome().toString());

        List<String> steps = stepLines(host.lines);
        for (String name :
                Stream.concat(Stream.of(BUILD_STEPS), Stream.of(TEST_STEPS)).collect(Collectors.toList())) {
            long started = steps.stream()
                    .filter(l -> l.contains("step " + name + " (") && l.endsWith(" started"))
                    .count();
            long ended = steps.stream()
                    .filter(l -> l.contains("step " + name + " (") && l.contains(" COMPLETED"))
                    .count();
            assertTrue(started <= 1, name + " started twice: " + steps);
            assertEquals(1, ended, name + " ended: " + steps);
        }
        assertTrue(
                steps.contains("BUILD workflow: step LaunchBuildInstance (LaunchInstance) started"), steps.toString());
        assertTrue(
                steps.stream()
                        .anyMatch(
                                l -> l.matches(
                                        "BUILD workflow: step ApplyBuildComponents \\(ExecuteComponents\\) COMPLETED after .+")),
                steps.toString());
        assertEquals(steps.size(), steps.stream().distinct().count(), "no line twice: " + steps);
        // The build's steps come before the test's, and all before the end.
        int lastBuild = steps.indexOf(steps.stream()
                .filter(l -> l.startsWith("BUILD"))
                .reduce((a, b) -> b)
                .get());
        int firstTest = steps.indexOf(
                steps.stream().filter(l -> l.startsWith("TEST")).findFirst().get());
        assertTrue(lastBuild < firstTest, steps.toString());
        assertTrue(host.lines.indexOf(steps.get(steps.size() - 1)) < host.lines.size() - 1);
    }

    @Test
    void listingsOnlyWhileAWorkflowRunsAndAtMostOneStepListingPerPoll() throws Exception {
        service.lifecycle(stepByStep(AVAILABLE));

        assertTrue(controllers.start().start(waiting()).outcome().succeeded());

        List<RecordedRequest> requests = endpoint.requests();
        int polls = 0;
        int stepListingsSinceLastPoll = 0;
        for (RecordedRequest request : requests) {
            if (request.operation() == GET_IMAGE) {
                polls++;
                stepListingsSinceLastPoll = 0;
            } else if (request.operation() == LIST_WORKFLOW_STEP_EXECUTIONS) {
                assertTrue(++stepListingsSinceLastPoll <= 1, "two step listings after one poll: " + requests);
            } else if (request.operation() == LIST_WORKFLOW_EXECUTIONS) {
                assertTrue(polls >= 2, "a workflow listing while PENDING: " + requests);
            }
        }
        assertEquals(10, polls);
        assertEquals(2, endpoint.requests(LIST_WORKFLOW_EXECUTIONS).size(), "once per workflow");
        assertEquals(9, endpoint.requests(LIST_WORKFLOW_STEP_EXECUTIONS).size(), "none while PENDING");
    }

    @Test
    void aFailedStepIsToldWithItsMessageBeforeTheFailure() throws Exception {
        service.lifecycle(ImageLifecycle.byPolls(PENDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, FAILED)
                .withReason("Component 'install-nginx' failed: exit code 1"));

        RecordingHost host = controllers.start().start(waiting());
        RecordingHost.Outcome outcome = host.outcome();

        assertTrue(outcome.message.contains("ended FAILED"), outcome.toString());
        List<String> steps = stepLines(host.lines);
        // The build failed in the step that ran at its last poll: the fifth.
        assertTrue(
                steps.stream()
                        .anyMatch(l -> l.matches("BUILD workflow: step TerminateBuildInstance \\(TerminateInstance\\)"
                                + " FAILED after .+: Component 'install-nginx' failed: exit code 1")),
                steps.toString());
        int failed = host.lines.indexOf(steps.stream()
                .filter(l -> l.contains(" FAILED after "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(steps.toString())));
        int failure = host.lines.indexOf(host.lines.stream()
                .filter(l -> l.startsWith("Image build FAILED after"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(host.lines.toString())));
        assertTrue(failed < failure, host.lines.toString());
        assertEquals(1, steps.stream().filter(l -> l.contains(" FAILED")).count(), steps.toString());
    }

    @Test
    void aFailureInTheMiddleSkipsTheStepsAfterIt() throws Exception {
        service.lifecycle(
                ImageLifecycle.byPolls(PENDING, BUILDING, BUILDING, FAILED).withReason("disk full"));

        RecordingHost host = controllers.start().start(waiting());
        assertTrue(host.outcome().message.contains("ended FAILED"));

        List<String> steps = stepLines(host.lines);
        assertTrue(
                steps.contains("BUILD workflow: step TerminateBuildInstance (TerminateInstance) SKIPPED"),
                steps.toString());
        assertTrue(
                steps.stream().anyMatch(l -> l.contains(" FAILED after ") && l.endsWith(": disk full")),
                steps.toString());
    }

    @Test
    void credentialsThatMayNotListWorkflowsGetOneLineAndTheWaitGoesOn() throws Exception {
        service.deny(LocalImageBuilderEndpoint.ACCESS_KEY, LIST_WORKFLOW_EXECUTIONS);
        service.lifecycle(stepByStep(AVAILABLE));

        RecordingHost host = controllers.start().start(waiting());

        assertTrue(host.outcome().succeeded(), host.outcome().toString());
        assertEquals(1, host.count("imagebuilder:ListWorkflowExecutions and imagebuilder:ListWorkflowStepExecutions"));
        assertEquals(List.of(), stepLines(host.lines));
        assertEquals(1, endpoint.requests(LIST_WORKFLOW_EXECUTIONS).size(), "not asked again");
    }

    @Test
    void aRestartTellsNoStepTwice() throws Exception {
        service.lifecycle(ImageLifecycle.byPolls(
                PENDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING, BUILDING));
        Controller.Run run = controllers.start().prepare(waiting());
        // Down while saving what the poll after the second step's start saw: those lines are never told, as a
        // state saved just before a crash is not (told lines are saved first, so that none is told twice).
        run.host.crashWhen(p -> p.followedWorkflow() != null
                && run.host.lines.stream()
                        .anyMatch(l -> l.contains("ApplyBuildComponents (ExecuteComponents) started")));
        run.session.start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!run.host.crashed() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(run.host.crashed(), run.host.lines.toString());

        RecordingHost after = controllers.start().resume(run.host.lastSaved());
        after.awaitLine("TerminateBuildInstance (TerminateInstance) started");
        service.setImageStatus(service.imageArns().iterator().next(), AVAILABLE, null);
        assertTrue(after.outcome().succeeded());

        List<String> all = new ArrayList<>(stepLines(run.host.lines));
        all.addAll(stepLines(after.lines));
        assertEquals(all.size(), all.stream().distinct().count(), "a step told twice: " + all);
        for (String name : new String[] {"LaunchBuildInstance", "InventoryCollection", "CreateOutputAMI"}) {
            assertEquals(
                    1,
                    all.stream()
                            .filter(l -> l.contains("step " + name + " (") && l.contains(" COMPLETED"))
                            .count(),
                    name + ": " + all);
        }
        assertTrue(stepLines(after.lines).stream().noneMatch(l -> l.contains("LaunchBuildInstance")), all.toString());
    }
}
