package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Ami;
import software.amazon.awssdk.services.imagebuilder.model.Container;
import software.amazon.awssdk.services.imagebuilder.model.GetImagePipelineResponse;
import software.amazon.awssdk.services.imagebuilder.model.GetImageResponse;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowStepExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.StartImagePipelineExecutionRequest;
import software.amazon.awssdk.services.imagebuilder.model.StartImagePipelineExecutionResponse;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowExecutionMetadata;
import software.amazon.awssdk.services.imagebuilder.model.WorkflowStepMetadata;

/**
 * The calls this plugin makes to Image Builder in one region for one caller, each returning plain
 * results or throwing one {@link ImageBuilderException}. It holds the caller's credentials, which go
 * with every request; the client is shared and comes from {@link ImageBuilderAccess}.
 */
public final class ImageBuilderGateway {

    private static final int MAX_RESULTS = 25;

    private final Supplier<ImageBuilderAccess.Connection> connections;
    private final RefreshingCredentialsProvider credentials;

    ImageBuilderGateway(
            Supplier<ImageBuilderAccess.Connection> connections, RefreshingCredentialsProvider credentials) {
        this.connections = connections;
        this.credentials = credentials;
    }

    /** The caller's credentials for one request; made per call, as a wait of hours need not hold it. */
    private AwsRequestOverrideConfiguration signWithCaller() {
        return AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials)
                .build();
    }

    /**
     * Starts an execution of the pipeline. A retry with the same request (same token, same tags)
     * returns the build started by the first attempt.
     */
    public StartedImageBuild start(StartRequest request) {
        ImagePipelineArn pipeline = request.pipeline();
        StartImagePipelineExecutionRequest.Builder call = StartImagePipelineExecutionRequest.builder()
                .imagePipelineArn(pipeline.toString())
                .clientToken(request.clientToken().value())
                .overrideConfiguration(signWithCaller());
        if (!request.tags().isEmpty()) {
            // The model's TagMap has a minimum of one entry: an empty map must not be sent.
            call.tags(request.tags().asMap());
        }
        ImageBuilderAccess.Connection connection = connect(
                ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION,
                pipeline.name(),
                pipeline.toString(),
                pipeline.region());
        ImageBuilderErrors.CallContext context = pipelineContext(
                ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION, pipeline, connection, request.clientToken());
        StartImagePipelineExecutionResponse response =
                call(context, connection, client -> client.startImagePipelineExecution(call.build()));
        ImageBuildVersionArn image;
        try {
            image = ImageBuildVersionArn.parse(response.imageBuildVersionArn());
        } catch (InvalidInputException e) {
            throw ImageBuilderErrors.incompleteAnswer(context, "imageBuildVersionArn");
        }
        return new StartedImageBuild(image, request.clientToken(), response.requestId());
    }

    /** The build's current state and, once it has them, its outputs. */
    public ImageBuild getImage(ImageBuildVersionArn image) {
        ImageBuilderAccess.Connection connection =
                connect(ImageBuilderOperation.GET_IMAGE, image.name(), image.toString(), image.region());
        ImageBuilderErrors.CallContext context = imageContext(ImageBuilderOperation.GET_IMAGE, image, connection, null);
        GetImageResponse response = call(
                context,
                connection,
                client -> client.getImage(
                        r -> r.imageBuildVersionArn(image.toString()).overrideConfiguration(signWithCaller())));
        if (response.image() == null) {
            throw ImageBuilderErrors.incompleteAnswer(context, "image");
        }
        return toImageBuild(image, response.image());
    }

    /**
     * Asks Image Builder to stop a build. A build that finished in the meantime is not an error: the
     * service then answers ResourceInUse or InvalidRequest, reported here as
     * {@link CancelOutcome#ALREADY_FINISHED}.
     */
    public CancelOutcome cancel(ImageBuildVersionArn image, ClientToken token) {
        ImageBuilderAccess.Connection connection =
                connect(ImageBuilderOperation.CANCEL_IMAGE_CREATION, image.name(), image.toString(), image.region());
        ImageBuilderErrors.CallContext context =
                imageContext(ImageBuilderOperation.CANCEL_IMAGE_CREATION, image, connection, token);
        try {
            call(
                    context,
                    connection,
                    client -> client.cancelImageCreation(r -> r.imageBuildVersionArn(image.toString())
                            .clientToken(token.value())
                            .overrideConfiguration(signWithCaller())));
            return CancelOutcome.CANCELLED;
        } catch (ImageBuilderException e) {
            if (e.kind() == ImageBuilderException.Kind.RESOURCE_IN_USE
                    || e.kind() == ImageBuilderException.Kind.INVALID_REQUEST) {
                return CancelOutcome.ALREADY_FINISHED;
            }
            throw e;
        }
    }

    /** The workflows the build has run or runs (one page of 25: a build has a handful). */
    public List<WorkflowExecution> workflowExecutions(ImageBuildVersionArn image) {
        ImageBuilderAccess.Connection connection =
                connect(ImageBuilderOperation.LIST_WORKFLOW_EXECUTIONS, image.name(), image.toString(), image.region());
        ImageBuilderErrors.CallContext context =
                imageContext(ImageBuilderOperation.LIST_WORKFLOW_EXECUTIONS, image, connection, null);
        ListWorkflowExecutionsResponse response = call(
                context,
                connection,
                client -> client.listWorkflowExecutions(r -> r.imageBuildVersionArn(image.toString())
                        .maxResults(MAX_RESULTS)
                        .overrideConfiguration(signWithCaller())));
        List<WorkflowExecution> executions = new ArrayList<>();
        for (WorkflowExecutionMetadata execution : response.workflowExecutions()) {
            executions.add(new WorkflowExecution(
                    execution.workflowExecutionId(), execution.typeAsString(), execution.statusAsString()));
        }
        return executions;
    }

    /** The steps of one workflow of the build (one page of 25: Image Builder's workflows have fewer). */
    public List<WorkflowStep> workflowSteps(ImageBuildVersionArn image, WorkflowExecution workflow) {
        ImageBuilderAccess.Connection connection = connect(
                ImageBuilderOperation.LIST_WORKFLOW_STEP_EXECUTIONS, image.name(), image.toString(), image.region());
        ImageBuilderErrors.CallContext context =
                imageContext(ImageBuilderOperation.LIST_WORKFLOW_STEP_EXECUTIONS, image, connection, null);
        ListWorkflowStepExecutionsResponse response = call(
                context,
                connection,
                client -> client.listWorkflowStepExecutions(r -> r.workflowExecutionId(workflow.id())
                        .maxResults(MAX_RESULTS)
                        .overrideConfiguration(signWithCaller())));
        List<WorkflowStep> steps = new ArrayList<>();
        for (WorkflowStepMetadata step : response.steps()) {
            steps.add(new WorkflowStep(
                    step.stepExecutionId(),
                    step.name(),
                    step.action(),
                    step.statusAsString(),
                    step.message(),
                    step.startTime(),
                    step.endTime()));
        }
        return steps;
    }

    /** What the service knows of the pipeline: for checking a configuration before a build. */
    public PipelineDetails describePipeline(ImagePipelineArn pipeline) {
        ImageBuilderAccess.Connection connection = connect(
                ImageBuilderOperation.GET_IMAGE_PIPELINE, pipeline.name(), pipeline.toString(), pipeline.region());
        ImageBuilderErrors.CallContext context =
                pipelineContext(ImageBuilderOperation.GET_IMAGE_PIPELINE, pipeline, connection, null);
        GetImagePipelineResponse response = call(
                context,
                connection,
                client -> client.getImagePipeline(
                        r -> r.imagePipelineArn(pipeline.toString()).overrideConfiguration(signWithCaller())));
        ImagePipeline found = response.imagePipeline();
        if (found == null) {
            throw ImageBuilderErrors.incompleteAnswer(context, "imagePipeline");
        }
        return new PipelineDetails(
                found.name(), found.statusAsString(), found.description(), found.lastRunStatusAsString());
    }

    /** The client for this call; an endpoint no longer allowed ends the call, saying so. */
    private ImageBuilderAccess.Connection connect(
            ImageBuilderOperation operation, String subjectName, String subjectArn, AwsRegion region) {
        try {
            return connections.get();
        } catch (InvalidInputException e) {
            throw ImageBuilderErrors.endpointNotAllowed(operation, subjectName, subjectArn, region, e.getMessage());
        }
    }

    private <T> T call(
            ImageBuilderErrors.CallContext context,
            ImageBuilderAccess.Connection connection,
            Function<ImagebuilderClient, T> call) {
        requireRegion(connection.settings, context.region);
        try {
            return call.apply(connection.client);
        } catch (SdkException | CredentialsUnavailableException e) {
            ImageBuilderException failure = ImageBuilderErrors.translate(e, context);
            if (failure.kind() != ImageBuilderException.Kind.CREDENTIALS_EXPIRED) {
                throw failure;
            }
            // The session ended before its announced expiry: fetch fresh credentials and try once more.
            credentials.invalidate();
            try {
                return call.apply(connection.client);
            } catch (SdkException | CredentialsUnavailableException again) {
                throw ImageBuilderErrors.translate(again, context);
            }
        }
    }

    private static ImageBuilderErrors.CallContext pipelineContext(
            ImageBuilderOperation operation,
            ImagePipelineArn pipeline,
            ImageBuilderAccess.Connection connection,
            ClientToken token) {
        return new ImageBuilderErrors.CallContext(
                operation,
                pipeline.name(),
                pipeline.toString(),
                pipeline.account(),
                pipeline.region(),
                connection.settings.endpointDescription(),
                EndpointPolicy.isAws(connection.settings.endpoint()),
                token == null ? null : token.value());
    }

    private static ImageBuilderErrors.CallContext imageContext(
            ImageBuilderOperation operation,
            ImageBuildVersionArn image,
            ImageBuilderAccess.Connection connection,
            ClientToken token) {
        return new ImageBuilderErrors.CallContext(
                operation,
                image.name(),
                image.toString(),
                image.account(),
                image.region(),
                connection.settings.endpointDescription(),
                EndpointPolicy.isAws(connection.settings.endpoint()),
                token == null ? null : token.value());
    }

    private static void requireRegion(ClientSettings settings, AwsRegion region) {
        if (!settings.region().equals(region)) {
            throw new IllegalArgumentException("this gateway calls " + settings.region() + ", not " + region);
        }
    }

    static ImageBuild toImageBuild(ImageBuildVersionArn arn, Image image) {
        ImageBuildStatus status = image.state() == null
                ? ImageBuildStatus.UNKNOWN
                : ImageBuildStatus.fromService(image.state().statusAsString());
        String reason = image.state() == null ? null : image.state().reason();
        List<AmiOutput> amis = new ArrayList<>();
        List<ContainerOutput> containers = new ArrayList<>();
        if (image.outputResources() != null) {
            for (Ami ami : image.outputResources().amis()) {
                amis.add(new AmiOutput(ami.region(), ami.accountId(), ami.image(), ami.name()));
            }
            for (Container container : image.outputResources().containers()) {
                containers.add(new ContainerOutput(container.region(), container.imageUris()));
            }
        }
        return new ImageBuild(arn, status, reason, arn.version() + "/" + arn.buildNumber(), amis, containers);
    }
}
