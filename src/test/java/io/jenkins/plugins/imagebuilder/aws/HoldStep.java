package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.List;

/**
 * The WaitForAction step that ends the test workflow of one {@link FakeImage}: it waits once the
 * build would leave TESTING, until SendWorkflowStepAction resumes or stops it. {@link FakeImage}
 * decides when it waits; this remembers the name and what was sent.
 */
final class HoldStep {

    static final String ACTION = "WaitForAction";

    final String name;
    private final List<StepAction> applied = new ArrayList<>();

    HoldStep(String name) {
        this.name = name;
    }

    /** Whether an action came: once one has, the step waits no more. */
    synchronized boolean actioned() {
        return !applied.isEmpty();
    }

    synchronized void apply(StepAction action) {
        applied.add(action);
    }

    synchronized List<StepAction> applied() {
        return List.copyOf(applied);
    }

    /** The message of the step once STOP came (null before): what the console shows for a stopped step. */
    synchronized String stopMessage() {
        StepAction stop = stop();
        if (stop == null) {
            return null;
        }
        // WorkflowStepMessage has at most 500 characters, a reason up to 1024.
        return within(stop.reason() == null ? "Stopped by SendWorkflowStepAction" : "Stopped: " + stop.reason(), 500);
    }

    /** The image's reason once STOP came. */
    synchronized String imageReason() {
        StepAction stop = stop();
        return within(
                "Workflow step " + name + " was stopped" + (stop.reason() == null ? "" : ": " + stop.reason()), 1024);
    }

    private static String within(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private StepAction stop() {
        return applied.isEmpty() || !applied.get(0).action().equals("STOP") ? null : applied.get(0);
    }
}
