package io.jenkins.plugins.imagebuilder.aws;

import java.io.Serializable;
import java.time.Instant;

/**
 * How far one image build has come, as a step keeps it across controller restarts: enough to carry
 * on from any point (send the start again under its token, poll the same image, repeat a
 * cancellation), never a client, a credential or a secret. Only {@link ImageBuildSession} changes it.
 */
public final class ImageBuildProgress implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the session stands. */
    public enum Phase {
        /** The start is being sent; the image build is not known yet. */
        STARTING,
        /** The image build is known and the step returns without waiting. */
        STARTED,
        /** The image build is known and being polled. */
        WAITING,
        /** The image build is being cancelled; then the step fails with the reason kept here. */
        CANCELLING
    }

    private Phase phase = Phase.STARTING;
    private String imageArn;
    private String lastStatus;
    private long startedAt;
    private long deadline = -1;
    private Throwable abortCause;
    private String failure;

    public synchronized Phase phase() {
        return phase;
    }

    /** The image build, once known. */
    public synchronized ImageBuildVersionArn image() {
        return imageArn == null ? null : ImageBuildVersionArn.parse(imageArn);
    }

    /** The state last seen and reported, or {@code null}. */
    public synchronized ImageBuildStatus lastStatus() {
        return lastStatus == null ? null : ImageBuildStatus.fromService(lastStatus);
    }

    synchronized Instant startedAt() {
        return Instant.ofEpochMilli(startedAt);
    }

    /** When to give up waiting, or {@code null} for never. */
    synchronized Instant deadline() {
        return deadline < 0 ? null : Instant.ofEpochMilli(deadline);
    }

    /** Why the Jenkins build was stopped, when a cancellation was under way. */
    synchronized Throwable abortCause() {
        return abortCause;
    }

    /** The failure to report once a cancellation at the deadline is done. */
    synchronized String failure() {
        return failure;
    }

    synchronized void begin(Instant now, Phase first, ImageBuildVersionArn image) {
        startedAt = now.toEpochMilli();
        phase = first;
        imageArn = image == null ? null : image.toString();
    }

    synchronized void imageKnown(ImageBuildVersionArn image, boolean waiting) {
        imageArn = image.toString();
        phase = waiting ? Phase.WAITING : Phase.STARTED;
    }

    synchronized void deadlineFrom(Instant now, java.time.Duration timeout) {
        if (deadline < 0 && timeout != null) {
            deadline = now.plus(timeout).toEpochMilli();
        }
    }

    synchronized void seen(ImageBuildStatus status) {
        lastStatus = status.name();
    }

    synchronized void cancelling(Throwable abortCause, String failure) {
        phase = Phase.CANCELLING;
        this.abortCause = abortCause;
        this.failure = failure;
    }
}
