package io.jenkins.plugins.imagebuilder.aws;

/** One workflow that an image build runs (build, test, distribution), as ListWorkflowExecutions reports it. */
public final class WorkflowExecution {

    private final String id;
    private final String type;
    private final String status;

    public WorkflowExecution(String id, String type, String status) {
        this.id = id;
        this.type = type;
        this.status = status;
    }

    public String id() {
        return id;
    }

    /** {@code BUILD}, {@code TEST} or {@code DISTRIBUTION}. */
    public String type() {
        return type;
    }

    public String status() {
        return status;
    }
}
