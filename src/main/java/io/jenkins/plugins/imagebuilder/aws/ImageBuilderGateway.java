package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Ami;
import software.amazon.awssdk.services.imagebuilder.model.CancelImageCreationResponse;
import software.amazon.awssdk.services.imagebuilder.model.Container;
import software.amazon.awssdk.services.imagebuilder.model.GetImagePipelineResponse;
import software.amazon.awssdk.services.imagebuilder.model.GetImageResponse;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImagePipeline;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.ResourceInUseException;
import software.amazon.awssdk.services.imagebuilder.model.StartImagePipelineExecutionRequest;
import software.amazon.awssdk.services.imagebuilder.model.StartImagePipelineExecutionResponse;

/**
 * The calls this plugin makes to Image Builder in one region, each returning plain results or
 * throwing one {@link ImageBuilderException}. It owns its SDK client; close it when done.
 */
public final class ImageBuilderGateway implements AutoCloseable {

    private final ImagebuilderClient client;
    private final ClientSettings settings;
    private final RefreshingCredentialsProvider credentials;

    private ImageBuilderGateway(
            ImagebuilderClient client, ClientSettings settings, RefreshingCredentialsProvider credentials) {
        this.client = client;
        this.settings = settings;
        this.credentials = credentials;
    }

    /**
     * Opens a gateway. The credentials are cached and refreshed before they expire (see
     * {@link RefreshingCredentialsProvider}).
     */
    public static ImageBuilderGateway open(ClientSettings settings, AwsCredentialsProvider credentials) {
        RefreshingCredentialsProvider refreshing = RefreshingCredentialsProvider.wrap(credentials);
        return new ImageBuilderGateway(ImageBuilderClients.create(settings, refreshing), settings, refreshing);
    }

    public ClientSettings settings() {
        return settings;
    }

    /**
     * Starts an execution of the pipeline. A retry with the same request (same token, same tags)
     * returns the build started by the first attempt.
     */
    public StartedImageBuild start(StartRequest request) {
        ImagePipelineArn pipeline = request.pipeline();
        requireRegion(pipeline.region());
        StartImagePipelineExecutionRequest.Builder call = StartImagePipelineExecutionRequest.builder()
                .imagePipelineArn(pipeline.toString())
                .clientToken(request.clientToken().value());
        if (!request.tags().isEmpty()) {
            // The model's TagMap has a minimum of one entry: an empty map must not be sent.
            call.tags(request.tags().asMap());
        }
        ImageBuilderErrors.CallContext context = new ImageBuilderErrors.CallContext(
                ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION,
                pipeline.name(),
                pipeline.toString(),
                pipeline.account(),
                pipeline.region(),
                settings.endpointDescription(),
                request.clientToken().value());
        StartImagePipelineExecutionResponse response =
                call(context, () -> client.startImagePipelineExecution(call.build()));
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
        requireRegion(image.region());
        ImageBuilderErrors.CallContext context = imageContext(ImageBuilderOperation.GET_IMAGE, image, null);
        GetImageResponse response = call(context, () -> client.getImage(r -> r.imageBuildVersionArn(image.toString())));
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
        requireRegion(image.region());
        try {
            CancelImageCreationResponse ignored = client.cancelImageCreation(
                    r -> r.imageBuildVersionArn(image.toString()).clientToken(token.value()));
            return CancelOutcome.CANCELLED;
        } catch (ResourceInUseException | InvalidRequestException e) {
            return CancelOutcome.ALREADY_FINISHED;
        } catch (SdkException | CredentialsUnavailableException e) {
            throw ImageBuilderErrors.translate(
                    e, imageContext(ImageBuilderOperation.CANCEL_IMAGE_CREATION, image, token));
        }
    }

    /** What the service knows of the pipeline: for checking a configuration before a build. */
    public PipelineDetails describePipeline(ImagePipelineArn pipeline) {
        requireRegion(pipeline.region());
        ImageBuilderErrors.CallContext context = new ImageBuilderErrors.CallContext(
                ImageBuilderOperation.GET_IMAGE_PIPELINE,
                pipeline.name(),
                pipeline.toString(),
                pipeline.account(),
                pipeline.region(),
                settings.endpointDescription(),
                null);
        GetImagePipelineResponse response =
                call(context, () -> client.getImagePipeline(r -> r.imagePipelineArn(pipeline.toString())));
        ImagePipeline found = response.imagePipeline();
        if (found == null) {
            throw ImageBuilderErrors.incompleteAnswer(context, "imagePipeline");
        }
        return new PipelineDetails(
                found.name(), found.statusAsString(), found.description(), found.lastRunStatusAsString());
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> T call(ImageBuilderErrors.CallContext context, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException | CredentialsUnavailableException e) {
            ImageBuilderException failure = ImageBuilderErrors.translate(e, context);
            if (failure.kind() != ImageBuilderException.Kind.CREDENTIALS_EXPIRED) {
                throw failure;
            }
            // The session ended before its announced expiry: fetch fresh credentials and try once more.
            credentials.invalidate();
            try {
                return call.get();
            } catch (SdkException | CredentialsUnavailableException again) {
                throw ImageBuilderErrors.translate(again, context);
            }
        }
    }

    private ImageBuilderErrors.CallContext imageContext(
            ImageBuilderOperation operation, ImageBuildVersionArn image, ClientToken token) {
        return new ImageBuilderErrors.CallContext(
                operation,
                image.name(),
                image.toString(),
                image.account(),
                image.region(),
                settings.endpointDescription(),
                token == null ? null : token.value());
    }

    private void requireRegion(AwsRegion region) {
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
