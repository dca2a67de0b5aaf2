package io.jenkins.plugins.imagebuilder.aws;

/** How a CancelImageCreation call ended. */
public enum CancelOutcome {
    /** The service accepted the cancellation. */
    CANCELLED,
    /** The build had already finished (or was finishing) when the cancellation arrived: nothing to stop. */
    ALREADY_FINISHED
}
