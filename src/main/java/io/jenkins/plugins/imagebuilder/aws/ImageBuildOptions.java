package io.jenkins.plugins.imagebuilder.aws;

import java.util.Map;

/**
 * What a step asks for, as its user wrote it: {@code startImagePipeline}, {@code waitForImage} and the
 * freestyle step all implement it, and {@link ImageBuildRequest#from} turns it into one validated request.
 * Nothing here is checked yet; blank means unset.
 */
public interface ImageBuildOptions {

    /** Whether the step starts a pipeline or waits for an image build started earlier. */
    ImageBuildRequest.Action action();

    /** The pipeline ARN to start, or the image build version ARN to wait for. */
    String getArn();

    /** The id of the AWS credentials, unexpanded; {@code null} for the step's environment or the controller's own. */
    String getCredentialsId();

    /** A region named explicitly; it must be the ARN's. */
    String getRegion();

    /** Another endpoint than the region's public one. */
    String getEndpointUrl();

    /** How long to wait at most; {@code null} or 0 for no limit. */
    Integer getWaitTimeoutMinutes();

    /** Whether to cancel the image build on abort or deadline; {@code null} for the action's default. */
    Boolean cancelOnAbort();

    /** The user's tags for the image, in order (a value may be {@code null}, which is reported). */
    default Map<String, String> tagMap() {
        return Map.of();
    }

    /** A client token of the user's own; {@code null} to derive one from the build. */
    default String getClientToken() {
        return null;
    }

    /** Whether the step asks for the traceability tags (an administrator may still turn them off). */
    default boolean isTraceabilityTags() {
        return true;
    }

    /** What to do when a workflow step waits for an action: {@code pause}, {@code resume}, {@code stop}, {@code return}; blank for pause. */
    default String getOnWaitingStep() {
        return null;
    }

    /** The severity of vulnerability findings that fails the step: {@code CRITICAL}, {@code HIGH}, {@code MEDIUM}; blank for no gate. */
    default String getFailOnFindings() {
        return null;
    }

    /** Whether to wait for the image after starting it; a wait always waits. */
    default boolean isWait() {
        return action() == ImageBuildRequest.Action.WAIT;
    }
}
