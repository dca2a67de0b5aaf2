package io.jenkins.plugins.imagebuilder.aws;

/** The Image Builder calls this plugin makes, with the IAM action each one needs. */
public enum ImageBuilderOperation {
    START_IMAGE_PIPELINE_EXECUTION("imagebuilder:StartImagePipelineExecution", EngineMessage.ACTION_START),
    GET_IMAGE("imagebuilder:GetImage", EngineMessage.ACTION_GET_IMAGE),
    CANCEL_IMAGE_CREATION("imagebuilder:CancelImageCreation", EngineMessage.ACTION_CANCEL),
    GET_IMAGE_PIPELINE("imagebuilder:GetImagePipeline", EngineMessage.ACTION_GET_PIPELINE),
    LIST_WORKFLOW_EXECUTIONS("imagebuilder:ListWorkflowExecutions", EngineMessage.ACTION_LIST_WORKFLOWS),
    LIST_WORKFLOW_STEP_EXECUTIONS("imagebuilder:ListWorkflowStepExecutions", EngineMessage.ACTION_LIST_WORKFLOW_STEPS),
    SEND_WORKFLOW_STEP_ACTION("imagebuilder:SendWorkflowStepAction", EngineMessage.ACTION_SEND_STEP_ACTION),
    LIST_WAITING_WORKFLOW_STEPS("imagebuilder:ListWaitingWorkflowSteps", EngineMessage.ACTION_LIST_WAITING_STEPS),
    LIST_IMAGE_SCAN_FINDINGS("imagebuilder:ListImageScanFindings", EngineMessage.ACTION_LIST_FINDINGS),
    LIST_IMAGE_SCAN_FINDING_AGGREGATIONS(
            "imagebuilder:ListImageScanFindingAggregations", EngineMessage.ACTION_COUNT_FINDINGS);

    private final String iamAction;
    private final EngineMessage description;

    ImageBuilderOperation(String iamAction, EngineMessage description) {
        this.iamAction = iamAction;
        this.description = description;
    }

    /** The IAM action to grant for this call. */
    public String iamAction() {
        return iamAction;
    }

    /** "Could not start image pipeline ..." and the like, for messages. */
    String describeFailure(String subjectName, String subjectArn) {
        return description.format(subjectName, subjectArn);
    }
}
