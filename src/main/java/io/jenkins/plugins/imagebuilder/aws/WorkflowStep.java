package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** One step of a workflow of an image build, as ListWorkflowStepExecutions reports it. */
public final class WorkflowStep {

    // The form of step execution ids in the service's model.
    private static final Pattern STEP_ID =
            Pattern.compile("step-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String workflow;
    private final String id;
    private final String name;
    private final String action;
    private final String status;
    private final String message;
    private final String startTime;
    private final String endTime;

    public WorkflowStep(
            String workflow,
            String id,
            String name,
            String action,
            String status,
            String message,
            String startTime,
            String endTime) {
        this.workflow = workflow;
        this.id = id;
        this.name = name;
        this.action = action;
        this.status = status == null ? "PENDING" : status; // no status yet: nothing to tell
        this.message = message;
        this.startTime = startTime;
        this.endTime = endTime;
    }

    /** The type of the workflow the step belongs to: {@code BUILD}, {@code TEST}, {@code DISTRIBUTION}. */
    public String workflow() {
        return workflow;
    }

    /** The step execution id, {@code step-<uuid>}. */
    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** What kind of step: {@code LaunchInstance}, {@code ExecuteComponents}, {@code WaitForAction}, ... */
    public String action() {
        return action;
    }

    /** {@code PENDING}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code SKIPPED} or {@code CANCELLED}. */
    public String status() {
        return status;
    }

    /** What the service says of the step, or {@code null}: a failed step's error. */
    public String message() {
        return message;
    }

    /** Whether the step has begun: running, or ended. */
    public boolean hasStarted() {
        return !"PENDING".equals(status);
    }

    /** Whether the step has ended one way or another. */
    public boolean hasEnded() {
        return hasStarted() && !"RUNNING".equals(status);
    }

    /** Whether the text is a step execution id of the service's form, {@code step-<uuid>}. */
    public static boolean isStepId(String text) {
        return text != null && STEP_ID.matcher(text).matches();
    }

    /** Whether the step is a {@code WaitForAction} step holding the build until RESUME or STOP is sent. */
    public boolean isWaitingForAction() {
        return "RUNNING".equals(status) && "WaitForAction".equals(action);
    }

    /** When it started, as the service wrote it (ISO-8601), or {@code null}. */
    public String startTime() {
        return startTime;
    }

    /** When it ended, as the service wrote it (ISO-8601), or {@code null}. */
    public String endTime() {
        return endTime;
    }

    /** How long it ran, when the service says when it started and ended. */
    public Duration duration() {
        try {
            return startTime == null || endTime == null
                    ? null
                    : Duration.between(Instant.parse(startTime), Instant.parse(endTime));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
