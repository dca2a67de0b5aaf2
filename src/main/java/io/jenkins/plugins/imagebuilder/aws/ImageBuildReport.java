package io.jenkins.plugins.imagebuilder.aws;

import java.util.Map;

/**
 * What a Jenkins build shows of one image build on its page and hands to later steps: which image
 * build, from which pipeline (when this build started it), its last state, and its variables.
 */
public final class ImageBuildReport {

    private final ImageBuildVersionArn image;
    private final ImagePipelineArn pipeline;
    private final ImageBuildStatus status;
    private final String reason;
    private final Map<String, String> variables;

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

    /** The console page of the image build, or {@code null} in partitions without a public console. */
    public String consoleUrl() {
        return ConsoleLinks.image(image).orElse(null);
    }
}
