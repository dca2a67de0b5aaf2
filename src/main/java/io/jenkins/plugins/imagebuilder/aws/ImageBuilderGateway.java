package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Ami;
import software.amazon.awssdk.services.imagebuilder.model.Container;
import software.amazon.awssdk.services.imagebuilder.model.GetImagePipelineResponse;
import software.amazon.awssdk.services.imagebuilder.model.GetImageResponse;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImageAggregation;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFinding;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFindingAggregation;
import software.amazon.awssdk.services.imagebuilder.model.ListImageScanFindingAggregationsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListImageScanFindingsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListWorkflowStepExecutionsResponse;
import software.amazon.awssdk.services.imagebuilder.model.PackageVulnerabilityDetails;
import software.amazon.awssdk.services.imagebuilder.model.SeverityCounts;
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
    private static final int MAX_FINDING_PAGES = 4;
    private static final String IMAGE_FILTER = "imageBuildVersionArn";

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
        ListWorkflowExecutionsResponse response = callAbout(
                image,
                ImageBuilderOperation.LIST_WORKFLOW_EXECUTIONS,
                null,
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
        ListWorkflowStepExecutionsResponse response = callAbout(
                image,
                ImageBuilderOperation.LIST_WORKFLOW_STEP_EXECUTIONS,
                null,
                client -> client.listWorkflowStepExecutions(r -> r.workflowExecutionId(workflow.id())
                        .maxResults(MAX_RESULTS)
                        .overrideConfiguration(signWithCaller())));
        List<WorkflowStep> steps = new ArrayList<>();
        for (WorkflowStepMetadata step : response.steps()) {
            steps.add(new WorkflowStep(
                    workflow.type(),
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

    /**
     * Sends RESUME or STOP to a step waiting for an action. The same token with the same arguments is
     * answered as the first time, without acting twice: a retry after a lost answer is safe.
     */
    public void sendStepAction(
            ImageBuildVersionArn image,
            String stepExecutionId,
            WaitingStepAction action,
            String reason,
            ClientToken token) {
        callAbout(
                image,
                ImageBuilderOperation.SEND_WORKFLOW_STEP_ACTION,
                token,
                client -> client.sendWorkflowStepAction(r -> r.imageBuildVersionArn(image.toString())
                        .stepExecutionId(stepExecutionId)
                        .action(action.name())
                        .reason(reason)
                        .clientToken(token.value())
                        .overrideConfiguration(signWithCaller())));
    }

    /**
     * What the image's completed scan found: the counts the service aggregates and, when there are any,
     * up to {@code worst} of the worst findings (from at most a few pages, as the service lists them unordered).
     */
    public VulnerabilityFindings scanFindings(ImageBuildVersionArn image, int worst) {
        ListImageScanFindingAggregationsResponse aggregations = callAbout(
                image,
                ImageBuilderOperation.LIST_IMAGE_SCAN_FINDING_AGGREGATIONS,
                null,
                client -> client.listImageScanFindingAggregations(
                        r -> r.filter(f -> f.name(IMAGE_FILTER).values(image.toString()))
                                .overrideConfiguration(signWithCaller())));
        SeverityCounts counts = aggregations.responses().stream()
                .map(ImageScanFindingAggregation::imageAggregation)
                .filter(a -> a != null && image.toString().equals(a.imageBuildVersionArn()))
                .map(ImageAggregation::severityCounts)
                .filter(c -> c != null)
                .findFirst()
                .orElse(null);
        if (counts == null) {
            return new VulnerabilityFindings(0, 0, 0, 0, List.of());
        }
        VulnerabilityFindings found = new VulnerabilityFindings(
                number(counts.all()),
                number(counts.critical()),
                number(counts.high()),
                number(counts.medium()),
                List.of());
        return found.all() == 0 || worst == 0 ? found : found.withWorst(worstFindings(image, worst, found));
    }

    private List<VulnerabilityFinding> worstFindings(
            ImageBuildVersionArn image, int worst, VulnerabilityFindings counts) {
        // Enough of the worst severity there is: the counted ones say how many to look for.
        Severity wanted = counts.critical() > 0
                ? Severity.CRITICAL
                : counts.high() > 0 ? Severity.HIGH : counts.medium() > 0 ? Severity.MEDIUM : null;
        List<VulnerabilityFinding> findings = new ArrayList<>();
        String next = null;
        for (int page = 0; page < MAX_FINDING_PAGES; page++) {
            String token = next;
            ListImageScanFindingsResponse response = callAbout(
                    image,
                    ImageBuilderOperation.LIST_IMAGE_SCAN_FINDINGS,
                    null,
                    client -> client.listImageScanFindings(
                            r -> r.filters(f -> f.name(IMAGE_FILTER).values(image.toString()))
                                    .maxResults(MAX_RESULTS)
                                    .nextToken(token)
                                    .overrideConfiguration(signWithCaller())));
            for (ImageScanFinding finding : response.findings()) {
                findings.add(toFinding(finding));
            }
            next = response.nextToken();
            long worstFound = findings.stream()
                    .filter(f -> wanted != null && Severity.fromService(f.severity()) == wanted)
                    .count();
            if (next == null || next.isEmpty() || wanted == null || worstFound >= worst) {
                break;
            }
        }
        findings.sort(Comparator.comparingInt(VulnerabilityFinding::rank));
        return findings.subList(0, Math.min(worst, findings.size()));
    }

    private static VulnerabilityFinding toFinding(ImageScanFinding finding) {
        PackageVulnerabilityDetails details = finding.packageVulnerabilityDetails();
        String packages = details == null
                ? ""
                : details.vulnerablePackages().stream()
                        .map(p -> p.version() == null ? p.name() : p.name() + " " + p.version())
                        .collect(Collectors.joining(", "));
        return new VulnerabilityFinding(
                details == null ? null : details.vulnerabilityId(), packages, finding.severity(), finding.title());
    }

    private static long number(Long count) {
        return count == null ? 0 : count;
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

    /** One call about an image build, whose failure names it. */
    private <T> T callAbout(
            ImageBuildVersionArn image,
            ImageBuilderOperation operation,
            ClientToken token,
            Function<ImagebuilderClient, T> call) {
        ImageBuilderAccess.Connection connection = connect(operation, image.name(), image.toString(), image.region());
        return call(imageContext(operation, image, connection, token), connection, call);
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
        boolean scanned = image.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(image.imageScanningConfiguration().imageScanningEnabled());
        ScanState scan = image.scanState() == null
                ? new ScanState(scanned, null, null)
                : new ScanState(
                        scanned,
                        image.scanState().statusAsString(),
                        image.scanState().reason());
        return new ImageBuild(arn, status, reason, arn.version() + "/" + arn.buildNumber(), amis, containers, scan);
    }
}
