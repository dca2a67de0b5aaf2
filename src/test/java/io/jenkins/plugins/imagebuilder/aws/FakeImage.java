package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One image build of {@link FakeImageBuilder}: its state as time and polls go by, and how GetImage shows it. */
final class FakeImage {

    final String arn;
    final FakePipeline pipeline;
    final Map<String, String> tags;
    /** The WaitForAction step its test workflow ends with, or null. */
    final HoldStep hold;
    /** How it is scanned once AVAILABLE, or null when scanning is off. */
    final ImageScan scan;

    private final ImageLifecycle lifecycle;
    private Instant createdAt;
    private int polls;
    // GetImage calls that showed it AVAILABLE: its scan moves on with them.
    private int availablePolls;
    private Instant scanCompletedAt;
    // Set from outside (a test, a cancel, a STOP): wins over the lifecycle.
    private ImageBuildStatus override;
    private String overrideReason;
    // Where the lifecycle stood when the override came: the state and how far into it, and whether the
    // hold step was waiting then (it is the step that ends).
    private ImageBuildStatus overriddenIn;
    private double overriddenAt;
    private boolean overriddenAtHold;
    private final FakeWorkflows workflows;

    FakeImage(
            String arn, FakePipeline pipeline, Map<String, String> tags, Instant createdAt, ImageLifecycle lifecycle) {
        this.arn = arn;
        this.pipeline = pipeline;
        this.tags = Map.copyOf(tags);
        this.createdAt = createdAt;
        this.lifecycle = lifecycle;
        String holdStep = pipeline.holdStep;
        // The hold ends the test workflow: a lifecycle that never tests has none to end.
        this.hold = holdStep != null && lifecycle.goesThrough(ImageBuildStatus.TESTING) ? new HoldStep(holdStep) : null;
        this.scan = pipeline.scan;
        this.workflows = new FakeWorkflows(this);
    }

    /** The state GetImage would report now, without counting as a poll. */
    synchronized ImageBuildStatus status(Instant now) {
        if (override != null) {
            return override;
        }
        ImageBuildStatus state = lifecycle.statusAt(polls, Duration.between(createdAt, now));
        return holds(state) ? ImageBuildStatus.TESTING : state;
    }

    /**
     * Whether the hold step keeps the build in TESTING where its lifecycle is in {@code state}: no
     * action came yet and the lifecycle went on from TESTING (not to FAILED: that ends the build anyway).
     */
    private boolean holds(ImageBuildStatus state) {
        return hold != null
                && !hold.actioned()
                && (state == ImageBuildStatus.DISTRIBUTING
                        || state == ImageBuildStatus.INTEGRATING
                        || state == ImageBuildStatus.AVAILABLE);
    }

    synchronized void set(ImageBuildStatus status, String reason, Instant now) {
        if (override == null) {
            Duration age = Duration.between(createdAt, now);
            ImageBuildStatus current = lifecycle.statusAt(polls, age);
            overriddenAtHold = holds(current);
            if (overriddenAtHold) {
                overriddenIn = ImageBuildStatus.TESTING;
                overriddenAt = 0;
            } else {
                overriddenIn = current.isTerminal() ? lifecycle.lastRunningState() : current;
                overriddenAt = current.isTerminal() ? lifecycle.progressAtEnd() : lifecycle.progressAt(polls, age);
            }
        }
        override = status;
        overrideReason = reason;
    }

    /**
     * The state the build runs in or stopped in (null before any or after success), how far into it,
     * its status and reason, and whether it waits or stopped at the hold step: what its workflows show.
     */
    synchronized FakeWorkflows.Situation situation(Instant now) {
        if (override != null) {
            boolean stopped = override.isTerminal();
            boolean atHold = stopped && overriddenAtHold;
            String reason = atHold && hold.stopMessage() != null ? hold.stopMessage() : overrideReason;
            return new FakeWorkflows.Situation(
                    override, stopped ? overriddenIn : override, stopped ? overriddenAt : 0, reason, createdAt, atHold);
        }
        // What the last GetImage showed: its workflows are listed after it.
        int lastPoll = Math.max(0, polls - 1);
        Duration age = Duration.between(createdAt, now);
        ImageBuildStatus status = lifecycle.statusAt(lastPoll, age);
        if (holds(status)) {
            return new FakeWorkflows.Situation(
                    ImageBuildStatus.TESTING, ImageBuildStatus.TESTING, 0, null, createdAt, true);
        }
        if (status.isTerminal()) {
            return new FakeWorkflows.Situation(
                    status,
                    lifecycle.lastRunningState(),
                    lifecycle.progressAtEnd(),
                    lifecycle.reason(),
                    createdAt,
                    false);
        }
        return new FakeWorkflows.Situation(
                status, status, lifecycle.progressAt(lastPoll, age), lifecycle.reason(), createdAt, false);
    }

    FakeWorkflows workflows() {
        return workflows;
    }

    /** Starts the timed lifecycle over, as if the build had just been started. */
    synchronized void restart(Instant now) {
        createdAt = now;
    }

    /** CancelImageCreation: refused once the build has ended, as the service refuses it. */
    synchronized void cancel(Instant now) throws ServiceError {
        ImageBuildStatus status = status(now);
        if (status.isTerminal()) {
            throw new ServiceError(
                    "ResourceInUseException",
                    400,
                    "The image " + arn + " cannot be cancelled because its status is " + status + ".");
        }
        set(ImageBuildStatus.CANCELLED, "Image creation was cancelled by the user.", now);
    }

    /**
     * SendWorkflowStepAction to the hold step: RESUME lets the lifecycle go on, STOP fails the build.
     *
     * @return false if the hold step does not wait (any more), as the last GetImage showed the build
     */
    synchronized boolean act(StepAction action, Instant now) {
        FakeWorkflows.Situation situation = situation(now);
        if (!situation.atHold() || situation.status().isTerminal()) {
            return false;
        }
        hold.apply(action);
        if (action.action().equals("STOP")) {
            override = ImageBuildStatus.FAILED;
            overrideReason = hold.imageReason();
            overriddenIn = ImageBuildStatus.TESTING;
            overriddenAt = 0;
            overriddenAtHold = true;
        }
        return true;
    }

    /** When GetImage first showed the scan COMPLETED: its findings exist from then on; null before. */
    synchronized Instant scanCompletedAt() {
        return scanCompletedAt;
    }

    /** GetImage's {@code image}; counts as a poll. */
    Map<String, Object> describe(Instant now) {
        ImageBuildStatus status;
        String reason;
        Instant created;
        Map<String, Object> scanState = null;
        synchronized (this) {
            status = status(now);
            polls++;
            reason = override != null ? overrideReason : lifecycle.reason();
            created = createdAt;
            if (status == ImageBuildStatus.AVAILABLE && scan != null) {
                scanState = scan.stateAt(availablePolls++);
                if (scanCompletedAt == null && "COMPLETED".equals(scanState.get("status"))) {
                    scanCompletedAt = now;
                }
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", status.name());
        if (reason != null && (status == ImageBuildStatus.FAILED || status == ImageBuildStatus.CANCELLED)) {
            state.put("reason", reason);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("type", pipeline.containerUris.isEmpty() ? "AMI" : "DOCKER");
        body.put("name", pipeline.name);
        body.put("version", "1.0.0");
        body.put("platform", "Linux");
        body.put("state", state);
        body.put("sourcePipelineArn", pipeline.arn);
        body.put("sourcePipelineName", pipeline.name);
        body.put("dateCreated", created.toString());
        body.put("buildType", "USER_INITIATED");
        body.put("tags", tags);
        if (status == ImageBuildStatus.AVAILABLE) {
            body.put("outputResources", pipeline.outputsOf(arn));
        }
        if (scanState != null) {
            body.put("scanState", scanState);
        }
        body.put("imageScanningConfiguration", Map.of("imageScanningEnabled", scan != null));
        return body;
    }
}
