package io.jenkins.plugins.imagebuilder.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The "Check pipeline" button of the forms: GetImagePipeline, called as a build would call it. */
public final class PipelineCheck {

    private PipelineCheck() {}

    /**
     * @return what the service knows of the pipeline, in a sentence for the form
     * @throws InvalidInputException if the ARN, region or endpoint is not valid, or the endpoint not allowed
     * @throws ImageBuilderException if the call failed, saying why and what to do
     */
    public static String run(
            ImageBuilderAccess access,
            String arn,
            String region,
            String endpointUrl,
            AwsCredentialsProvider credentials) {
        ImagePipelineArn pipeline = ImagePipelineArn.parse(arn);
        PipelineDetails details = access.gateway(
                        ImageBuilderAccess.Purpose.CHECK, pipeline.regionAgreeingWith(region), endpointUrl, credentials)
                .describePipeline(pipeline);
        String name = UserText.escape(details.name());
        return details.lastRunStatus() == null
                ? EngineMessage.CHECK_PIPELINE_FOUND.format(name, details.status())
                : EngineMessage.CHECK_PIPELINE_FOUND_WITH_LAST_RUN.format(
                        name, details.status(), details.lastRunStatus());
    }
}
