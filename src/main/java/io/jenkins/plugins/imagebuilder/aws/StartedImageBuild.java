package io.jenkins.plugins.imagebuilder.aws;

/** What StartImagePipelineExecution answered. */
public final class StartedImageBuild {

    private final ImageBuildVersionArn imageBuildVersionArn;
    private final ClientToken clientToken;
    private final String requestId;

    public StartedImageBuild(ImageBuildVersionArn imageBuildVersionArn, ClientToken clientToken, String requestId) {
        this.imageBuildVersionArn = imageBuildVersionArn;
        this.clientToken = clientToken;
        this.requestId = requestId;
    }

    public ImageBuildVersionArn imageBuildVersionArn() {
        return imageBuildVersionArn;
    }

    public ClientToken clientToken() {
        return clientToken;
    }

    public String requestId() {
        return requestId;
    }

    @Override
    public String toString() {
        return imageBuildVersionArn.toString();
    }
}
