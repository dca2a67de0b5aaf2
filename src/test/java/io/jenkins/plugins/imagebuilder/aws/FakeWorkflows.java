package io.jenkins.plugins.imagebuilder.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workflows of one {@link FakeImage}, as ListWorkflowExecutions and ListWorkflowStepExecutions
 * show them: a build workflow while the image is BUILDING and a test workflow while it is TESTING,
 * each with the steps of Image Builder's default workflows. Their steps advance with the image's
 * lifecycle (a run of equal states is one workflow, its steps spread over it); a build that fails
 * or is cancelled fails or cancels the step that was running; later steps are skipped. A pipeline
 * that holds for an action ends the test workflow with its own WaitForAction step (the workflow
 * then is the account's own): it is pending while the lifecycle tests, and runs, waiting, where the
 * lifecycle would go on (see {@link FakeImage#situation}).
 */
final class FakeWorkflows {

    /** What the image shows its workflows: see {@link FakeImage#situation}. */
    record Situation(
            ImageBuildStatus status,
            ImageBuildStatus runningIn,
            double progress,
            String reason,
            Instant createdAt,
            boolean atHold) {}

    private enum Type {
        BUILD(ImageBuildStatus.BUILDING, "build-image", new String[][] {
            {"LaunchBuildInstance", "LaunchInstance"},
            {"ApplyBuildComponents", "ExecuteComponents"},
            {"InventoryCollection", "CollectImageMetadata"},
            {"CreateOutputAMI", "CreateImage"},
            {"TerminateBuildInstance", "TerminateInstance"}
        }),
        TEST(ImageBuildStatus.TESTING, "test-image", new String[][] {
            {"LaunchTestInstance", "LaunchInstance"},
            {"ApplyTestComponents", "ExecuteComponents"},
            {"TerminateTestInstance", "TerminateInstance"}
        });

        final ImageBuildStatus phase;
        final String workflowName;
        final String[][] steps;

        Type(ImageBuildStatus phase, String workflowName, String[][] steps) {
            this.phase = phase;
            this.workflowName = workflowName;
            this.steps = steps;
        }
    }

    private static final int MOST_STEPS = 8;

    private final FakeImage image;
    // When a step was first seen running, and first seen ended (epoch ms, 0 for not yet): its start and end
    // times. Arrays made with the image, so that a measurement in the same JVM does not count them.
    private final long[] started = new long[Type.values().length * MOST_STEPS];
    private final long[] ended = new long[Type.values().length * MOST_STEPS];

    FakeWorkflows(FakeImage image) {
        this.image = image;
    }

    /** The id of this image's workflow of a type; stable, as the service's are. */
    String executionId(String type) {
        return "wf-" + uuid(image.arn + " " + type);
    }

    /** ListWorkflowExecutions's {@code workflowExecutions}: the workflows the build has reached. */
    synchronized List<Map<String, Object>> executions(Instant now) {
        Situation situation = image.situation(now);
        List<Map<String, Object>> executions = new ArrayList<>();
        for (Type type : Type.values()) {
            String status = executionStatus(type, situation);
            if (status == null) {
                continue;
            }
            List<Map<String, Object>> steps = steps(type, situation, now);
            Map<String, Object> execution = new LinkedHashMap<>();
            execution.put("workflowBuildVersionArn", workflowArn(type));
            execution.put("workflowExecutionId", executionId(type.name()));
            execution.put("type", type.name());
            execution.put("status", status);
            if (status.equals("FAILED")) {
                execution.put("message", "A step of the workflow failed");
            }
            execution.put("totalStepCount", steps.size());
            execution.put("totalStepsSucceeded", count(steps, "COMPLETED"));
            execution.put("totalStepsFailed", count(steps, "FAILED"));
            execution.put("totalStepsSkipped", count(steps, "SKIPPED"));
            execution.put(
                    "startTime",
                    steps.get(0).getOrDefault("startTime", situation.createdAt().toString()));
            executions.add(execution);
        }
        return executions;
    }

    /** ListWorkflowStepExecutions's answer for one of this image's workflows, or null if it has no such workflow. */
    synchronized Map<String, Object> stepsOf(String executionId, Instant now) {
        for (Type type : Type.values()) {
            if (executionId(type.name()).equals(executionId)) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("steps", steps(type, image.situation(now), now));
                answer.put("workflowBuildVersionArn", workflowArn(type));
                answer.put("workflowExecutionId", executionId);
                answer.put("imageBuildVersionArn", image.arn);
                return answer;
            }
        }
        return null;
    }

    private static String executionStatus(Type type, Situation situation) {
        if (situation.status() == ImageBuildStatus.AVAILABLE) {
            return "COMPLETED";
        }
        int reached = rank(situation.runningIn());
        if (reached < rank(type.phase)) {
            return null;
        }
        if (reached > rank(type.phase)) {
            return "COMPLETED";
        }
        switch (situation.status()) {
            case FAILED:
                return "FAILED";
            case CANCELLED:
                return "CANCELLED";
            default:
                return situation.status().isTerminal() ? "COMPLETED" : "RUNNING";
        }
    }

    private List<Map<String, Object>> steps(Type type, Situation situation, Instant now) {
        String workflow = executionStatus(type, situation);
        // The lifecycle's progress spreads over the planned steps; a hold step after them runs only when holding.
        int planned = type.steps.length;
        int current = workflow == null
                ? -1
                : type == Type.TEST && situation.atHold()
                        ? planned
                        : Math.min(planned - 1, (int) Math.floor(situation.progress() * planned));
        int count = stepCount(type);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String status;
            String message = null;
            if (workflow == null) {
                status = "PENDING";
            } else if (workflow.equals("COMPLETED")) {
                status = "COMPLETED";
            } else if (workflow.equals("FAILED")) {
                status = i < current ? "COMPLETED" : i == current ? "FAILED" : "SKIPPED";
                message = i == current ? situation.reason() : null;
            } else if (workflow.equals("CANCELLED")) {
                status = i < current ? "COMPLETED" : i == current ? "CANCELLED" : "SKIPPED";
            } else {
                status = i < current ? "COMPLETED" : i == current ? "RUNNING" : "PENDING";
            }
            steps.add(step(type, i, status, message, now));
        }
        return steps;
    }

    private Map<String, Object> step(Type type, int index, String status, String message, Instant now) {
        String id = stepId(type, index);
        boolean hold = index == type.steps.length;
        int slot = type.ordinal() * MOST_STEPS + index;
        if (!status.equals("PENDING") && !status.equals("SKIPPED") && started[slot] == 0) {
            started[slot] = now.toEpochMilli();
        }
        boolean over = status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
        if (over && ended[slot] == 0) {
            ended[slot] = now.toEpochMilli();
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("stepExecutionId", id);
        step.put("name", hold ? image.hold.name : type.steps[index][0]);
        step.put(
                "description",
                hold
                        ? "Waits until SendWorkflowStepAction resumes or stops the workflow"
                        : "Step " + (index + 1) + " of the " + type.workflowName + " workflow");
        step.put("action", hold ? HoldStep.ACTION : type.steps[index][1]);
        step.put("status", status);
        if (message != null) {
            step.put("message", message);
        }
        if (started[slot] != 0) {
            step.put("startTime", Instant.ofEpochMilli(started[slot]).toString());
        }
        if (ended[slot] != 0) {
            step.put("endTime", Instant.ofEpochMilli(ended[slot]).toString());
        }
        return step;
    }

    private String workflowArn(Type type) {
        String[] fields = image.arn.split(":");
        // Image Builder's own workflows have no WaitForAction step: a pipeline that waits uses one of its account.
        boolean own = type == Type.TEST && image.hold != null;
        return "arn:" + fields[1] + ":imagebuilder:" + fields[3] + ":" + (own ? fields[4] : "aws") + ":workflow/"
                + type.name().toLowerCase(java.util.Locale.ROOT) + "/"
                + (own ? image.pipeline.name + "-test" : type.workflowName) + "/1.0.0/1";
    }

    /** Whether one of this image's steps has this id. */
    boolean hasStep(String stepExecutionId) {
        for (Type type : Type.values()) {
            for (int i = 0; i < stepCount(type); i++) {
                if (stepId(type, i).equals(stepExecutionId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ListWaitingWorkflowSteps's entry for the hold step while it waits for an action, or null. */
    synchronized Map<String, Object> waitingStep(Instant now) {
        if (image.hold == null) {
            return null;
        }
        Situation situation = image.situation(now);
        if (!situation.atHold() || situation.status().isTerminal()) {
            return null;
        }
        Map<String, Object> step = steps(Type.TEST, situation, now).get(Type.TEST.steps.length);
        Map<String, Object> waiting = new LinkedHashMap<>();
        waiting.put("stepExecutionId", step.get("stepExecutionId"));
        waiting.put("imageBuildVersionArn", image.arn);
        waiting.put("workflowExecutionId", executionId(Type.TEST.name()));
        waiting.put("workflowBuildVersionArn", workflowArn(Type.TEST));
        waiting.put("name", step.get("name"));
        waiting.put("action", step.get("action"));
        waiting.put("startTime", step.get("startTime"));
        return waiting;
    }

    /** Looks at the steps as a listing would, so that those that started or ended now get this time. */
    synchronized void observe(Instant now) {
        executions(now);
    }

    private int stepCount(Type type) {
        return type.steps.length + (type == Type.TEST && image.hold != null ? 1 : 0);
    }

    private String stepId(Type type, int index) {
        return "step-" + uuid(image.arn + " " + type + " " + index);
    }

    private static int rank(ImageBuildStatus status) {
        if (status == null) {
            return -1;
        }
        switch (status) {
            case BUILDING:
                return 1;
            case TESTING:
                return 2;
            case DISTRIBUTING:
            case INTEGRATING:
                return 3;
            default:
                return 0;
        }
    }

    private static long count(List<Map<String, Object>> steps, String status) {
        return steps.stream().filter(step -> status.equals(step.get("status"))).count();
    }

    private static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
