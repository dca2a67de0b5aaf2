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
 * or is cancelled fails or cancels the step that was running; later steps are skipped.
 */
final class FakeWorkflows {

    /** What the image shows its workflows: see {@link FakeImage#situation}. */
    record Situation(
            ImageBuildStatus status, ImageBuildStatus runningIn, double progress, String reason, Instant createdAt) {}

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
        int count = type.steps.length;
        int current = workflow == null ? -1 : Math.min(count - 1, (int) Math.floor(situation.progress() * count));
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
        String id = "step-" + uuid(image.arn + " " + type + " " + index);
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
        step.put("name", type.steps[index][0]);
        step.put("description", "Step " + (index + 1) + " of the " + type.workflowName + " workflow");
        step.put("action", type.steps[index][1]);
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
        return "arn:" + fields[1] + ":imagebuilder:" + fields[3] + ":aws:workflow/"
                + type.name().toLowerCase(java.util.Locale.ROOT) + "/" + type.workflowName + "/1.0.0/1";
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
