package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** One step of a workflow of an image build, as ListWorkflowStepExecutions reports it. */
public final class WorkflowStep {

    private final String id;
    private final String name;
    private final String action;
    private final String status;
    private final String message;
    private final String startTime;
    private final String endTime;

    public WorkflowStep(
            String id, String name, String action, String status, String message, String startTime, String endTime) {
        this.id = id;
        this.name = name;
        this.action = action;
        this.status = status == null ? "PENDING" : status; // no status yet: nothing to tell
        this.message = message;
        this.startTime = startTime;
        this.endTime = endTime;
    }

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
