package io.jenkins.plugins.imagebuilder.aws;

import java.util.Objects;

/** A validated StartImagePipelineExecution call: which pipeline, with which tags, under which token. */
public final class StartRequest {

    private final ImagePipelineArn pipeline;
    private final ImageTags tags;
    private final ClientToken clientToken;

    public StartRequest(ImagePipelineArn pipeline, ImageTags tags, ClientToken clientToken) {
        this.pipeline = Objects.requireNonNull(pipeline);
        this.tags = tags == null ? ImageTags.none() : tags;
        this.clientToken = Objects.requireNonNull(clientToken);
    }

    public ImagePipelineArn pipeline() {
        return pipeline;
    }

    public ImageTags tags() {
        return tags;
    }

    public ClientToken clientToken() {
        return clientToken;
    }
}
