package io.jenkins.plugins.imagebuilder.aws;

/** What GetImagePipeline says about a pipeline, for a "check pipeline" button. */
public final class PipelineDetails {

    private final String name;
    private final String status;
    private final String description;
    private final String lastRunStatus;

    public PipelineDetails(String name, String status, String description, String lastRunStatus) {
        this.name = name;
        this.status = status;
        this.description = description;
        this.lastRunStatus = lastRunStatus;
    }

    public String name() {
        return name;
    }

    /** ENABLED or DISABLED; a manual start works in both. */
    public String status() {
        return status;
    }

    public String description() {
        return description;
    }

    /** The state of the pipeline's last image build, or {@code null} if it never ran. */
    public String lastRunStatus() {
        return lastRunStatus;
    }
}
