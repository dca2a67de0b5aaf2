package io.jenkins.plugins.imagebuilder.aws;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;

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
    // The workflow steps told in the log, so that a restart does not tell them again. Hashes of their
    // ids rather than the ids, so that a thousand waits keep a few bytes each: a collision among one
    // build's dozen steps (about one in a hundred million) would only leave a line out.
    private String followedWorkflowId;
    private String followedWorkflowType;
    private int[] toldWorkflows;
    private int[] toldSteps;
    private byte[] toldStepStates;
    private boolean workflowStepsHidden;

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

    /** The workflow whose steps are being followed, or {@code null} to look for the next one. */
    synchronized WorkflowExecution followedWorkflow() {
        return followedWorkflowId == null
                ? null
                : new WorkflowExecution(followedWorkflowId, followedWorkflowType, null);
    }

    synchronized void follow(WorkflowExecution workflow) {
        followedWorkflowId = workflow.id();
        followedWorkflowType = workflow.type();
    }

    /** Every step of the workflow has ended and been told: it needs no more listing. */
    synchronized void workflowTold(WorkflowExecution workflow) {
        toldWorkflows = append(toldWorkflows, workflow.id().hashCode());
        if (workflow.id().equals(followedWorkflowId)) {
            followedWorkflowId = null;
            followedWorkflowType = null;
        }
    }

    synchronized boolean isWorkflowTold(String workflowId) {
        return indexOf(toldWorkflows, workflowId.hashCode()) >= 0;
    }

    /** Nothing told of a step yet. */
    static final int STEP_UNTOLD = 0;
    /** The log told that the step started. */
    static final int STEP_STARTED = 1;
    /** The log told that the step ended. */
    static final int STEP_ENDED = 2;
    /** The log told that the step waits for an action. */
    static final int STEP_WAITING = 3;
    /** The wait sent the step its action ({@code onWaitingStep} resume or stop): not sent again. */
    static final int STEP_DECIDED = 4;

    /** What the log told of a step, or did with it: one of the {@code STEP_} states. */
    synchronized int toldOfStep(String stepId) {
        int index = indexOf(toldSteps, stepId.hashCode());
        return index < 0 ? 0 : toldStepStates[index];
    }

    synchronized void toldOfStep(String stepId, int state) {
        int index = indexOf(toldSteps, stepId.hashCode());
        if (index < 0) {
            toldSteps = append(toldSteps, stepId.hashCode());
            toldStepStates = Arrays.copyOf(toldStepStates == null ? new byte[0] : toldStepStates, toldSteps.length);
            index = toldSteps.length - 1;
        }
        toldStepStates[index] = (byte) state;
    }

    private static int indexOf(int[] hashes, int hash) {
        for (int i = 0; hashes != null && i < hashes.length; i++) {
            if (hashes[i] == hash) {
                return i;
            }
        }
        return -1;
    }

    private static int[] append(int[] hashes, int hash) {
        int[] longer = Arrays.copyOf(hashes == null ? new int[0] : hashes, hashes == null ? 1 : hashes.length + 1);
        longer[longer.length - 1] = hash;
        return longer;
    }

    /** The credentials may not list workflow steps: said once, not tried again. */
    synchronized boolean workflowStepsHidden() {
        return workflowStepsHidden;
    }

    synchronized void hideWorkflowSteps() {
        workflowStepsHidden = true;
    }

    synchronized void cancelling(Throwable abortCause, String failure) {
        phase = Phase.CANCELLING;
        this.abortCause = abortCause;
        this.failure = failure;
    }

    /**
     * Written under the monitor that every change holds: workers change the progress while Pipeline saves the
     * program, and a save between two fields of one change (a phase without its image) could not be resumed.
     */
    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
    }
}
