package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a Jenkins build shows of one image build on its page and hands to later steps: which image
 * build, from which pipeline (when this build started it), its last state, and its variables.
 */
public final class ImageBuildReport {

    /** Sends RESUME or STOP, on someone's behalf, to a step that the wait reporting it saw waiting. */
    @FunctionalInterface
    public interface StepGate {
        /**
         * @param decidedBy who decides, named in the reason sent with the action
         * @return completes with the line logged, or exceptionally with what went wrong, in words for the user
         */
        CompletableFuture<String> send(String stepExecutionId, WaitingStepAction action, String decidedBy);
    }

    private final ImageBuildVersionArn image;
    private final ImagePipelineArn pipeline;
    private final ImageBuildStatus status;
    private final String reason;
    private final Map<String, String> variables;
    private boolean cancelFailed;
    private List<WorkflowStep> steps;
    private List<WorkflowStep> waiting;
    private StepGate gate;

    ImageBuildReport(
            ImageBuildVersionArn image,
            ImagePipelineArn pipeline,
            ImageBuildStatus status,
            String reason,
            Map<String, String> variables) {
        this.image = image;
        this.pipeline = pipeline;
        this.status = status;
        this.reason = reason;
        this.variables = variables;
    }

    /** A cancellation that Image Builder refused or that did not get through: the build may still be running. */
    static ImageBuildReport cancelFailed(ImageBuildVersionArn image, String why) {
        ImageBuildReport report = new ImageBuildReport(image, null, null, why, null);
        report.cancelFailed = true;
        return report;
    }

    /** Whether this build tried to cancel the image build and could not; {@link #reason()} says why. */
    public boolean isCancelFailed() {
        return cancelFailed;
    }

    public ImageBuildVersionArn image() {
        return image;
    }

    /** The pipeline this build started the image from, or {@code null} when it only waits for it. */
    public ImagePipelineArn pipeline() {
        return pipeline;
    }

    /** The state last seen, or {@code null} before the first poll (and for a build that does not wait). */
    public ImageBuildStatus status() {
        return status;
    }

    /** Why it failed or was cancelled, as the service says, or {@code null}. */
    public String reason() {
        return reason;
    }

    /** The variables later steps see for this image build; {@code null} when they do not change. */
    public Map<String, String> variables() {
        return variables;
    }

    /** The steps of one workflow as last seen, when they changed; {@code null} otherwise. */
    public List<WorkflowStep> steps() {
        return steps;
    }

    /** The steps waiting for an action now, when that changed (empty: none any more); {@code null} otherwise. */
    public List<WorkflowStep> waiting() {
        return waiting;
    }

    /** How to send an action to a waiting step through the wait that saw it; {@code null} without waiting steps. */
    public StepGate gate() {
        return gate;
    }

    ImageBuildReport withSteps(List<WorkflowStep> steps) {
        this.steps = List.copyOf(steps);
        return this;
    }

    ImageBuildReport withWaiting(List<WorkflowStep> waiting, StepGate gate) {
        this.waiting = List.copyOf(waiting);
        this.gate = waiting.isEmpty() ? null : gate;
        return this;
    }

    /** The console page of the image build, or {@code null} in partitions without a public console. */
    public String consoleUrl() {
        return ConsoleLinks.image(image).orElse(null);
    }
}
