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
    private final ImageLifecycle lifecycle;
    private Instant createdAt;
    private int polls;
    // Set from outside (a test, a cancel): wins over the lifecycle.
    private ImageBuildStatus override;
    private String overrideReason;
    // Where the lifecycle stood when the override came: the state and how far into it.
    private ImageBuildStatus overriddenIn;
    private double overriddenAt;
    private final FakeWorkflows workflows;

    FakeImage(
            String arn, FakePipeline pipeline, Map<String, String> tags, Instant createdAt, ImageLifecycle lifecycle) {
        this.arn = arn;
        this.pipeline = pipeline;
        this.tags = Map.copyOf(tags);
        this.createdAt = createdAt;
        this.lifecycle = lifecycle;
        this.workflows = new FakeWorkflows(this);
    }

    /** The state GetImage would report now, without counting as a poll. */
    synchronized ImageBuildStatus status(Instant now) {
        if (override != null) {
            return override;
        }
        return lifecycle.statusAt(polls, Duration.between(createdAt, now));
    }

    synchronized void set(ImageBuildStatus status, String reason, Instant now) {
        if (override == null) {
            Duration age = Duration.between(createdAt, now);
            ImageBuildStatus current = lifecycle.statusAt(polls, age);
            overriddenIn = current.isTerminal() ? lifecycle.lastRunningState() : current;
            overriddenAt = current.isTerminal() ? lifecycle.progressAtEnd() : lifecycle.progressAt(polls, age);
        }
        override = status;
        overrideReason = reason;
    }

    /**
     * The state the build runs in or stopped in (null before any or after success), how far into it,
     * its status and reason: what its workflows show.
     */
    synchronized FakeWorkflows.Situation situation(Instant now) {
        // What the last GetImage showed: its workflows are listed after it.
        int lastPoll = Math.max(0, polls - 1);
        ImageBuildStatus status =
                override != null ? override : lifecycle.statusAt(lastPoll, Duration.between(createdAt, now));
        String reason = override != null ? overrideReason : lifecycle.reason();
        if (override != null) {
            boolean stopped = status.isTerminal();
            return new FakeWorkflows.Situation(
                    status, stopped ? overriddenIn : status, stopped ? overriddenAt : 0, reason, createdAt);
        }
        Duration age = Duration.between(createdAt, now);
        if (status.isTerminal()) {
            return new FakeWorkflows.Situation(
                    status, lifecycle.lastRunningState(), lifecycle.progressAtEnd(), reason, createdAt);
        }
        return new FakeWorkflows.Situation(status, status, lifecycle.progressAt(lastPoll, age), reason, createdAt);
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

    /** GetImage's {@code image}; counts as a poll. */
    Map<String, Object> describe(Instant now) {
        ImageBuildStatus status;
        String reason;
        Instant created;
        synchronized (this) {
            status = status(now);
            polls++;
            reason = override != null ? overrideReason : lifecycle.reason();
            created = createdAt;
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
        return body;
    }
}
