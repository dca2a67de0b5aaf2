package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state and behaviour of a fake EC2 Image Builder in one account: its pipelines, the image
 * builds started from them and how each moves through its states, the keys it accepts, and what
 * IAM denies. {@link LocalImageBuilderEndpoint} serves it over HTTP; tests and the demo set it up
 * through the public methods here.
 *
 * <p>It answers StartImagePipelineExecution, GetImage, CancelImageCreation and GetImagePipeline as
 * the service model describes them: input is checked against the model's patterns and limits,
 * client tokens are honoured per account and region, and errors carry the model's types.
 */
public final class FakeImageBuilder {

    /** The account of pipelines added by name. */
    public static final String ACCOUNT = "123456789012";

    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageBuilderOperation>> denied = new ConcurrentHashMap<>();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> startTokens = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> cancelTokens = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile ImageLifecycle lifecycle = ImageLifecycle.DEFAULT;

    /** A key the fake accepts: its secret and, for session credentials, the token and its end. */
    static final class Credential {
        final String secret;
        final String sessionToken;
        final Instant expiresAt;

        Credential(String secret, String sessionToken, Instant expiresAt) {
            this.secret = secret;
            this.sessionToken = sessionToken;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Pipeline {
        final String arn;
        final String region;
        final String account;
        final String name;
        final String partition;
        volatile String status = "ENABLED";
        volatile ImageLifecycle lifecycle;
        final List<String> distributionRegions = new CopyOnWriteArrayList<>();
        final List<String> containerUris = new CopyOnWriteArrayList<>();
        int builds;

        Pipeline(String arn) {
            String[] fields = arn.split(":", 6);
            this.arn = arn;
            this.partition = fields[1];
            this.region = fields[3];
            this.account = fields[4];
            this.name = fields[5].substring("image-pipeline/".length());
        }
    }

    private static final class Image {
        final String arn;
        final Pipeline pipeline;
        final Map<String, String> tags;
        final ImageLifecycle lifecycle;
        volatile Instant createdAt;
        int polls;
        ImageBuildStatus override;
        String overrideReason;

        Image(String arn, Pipeline pipeline, Map<String, String> tags, Instant createdAt, ImageLifecycle lifecycle) {
            this.arn = arn;
            this.pipeline = pipeline;
            this.tags = tags;
            this.createdAt = createdAt;
            this.lifecycle = lifecycle;
        }
    }

    private static final class TokenUse {
        final String fingerprint;
        final String imageArn;

        TokenUse(String fingerprint, String imageArn) {
            this.fingerprint = fingerprint;
            this.imageArn = imageArn;
        }
    }

    // ------------------------------------------------------------------ setting it up

    /** Accepts requests signed with this key pair. */
    public void allowCredentials(String accessKey, String secretKey) {
        credentials.put(accessKey, new Credential(secretKey, null, null));
    }

    /** Accepts session credentials until {@code expiresAt} on this fake's clock; then ExpiredTokenException. */
    public void allowSessionCredentials(String accessKey, String secretKey, String sessionToken, Instant expiresAt) {
        credentials.put(accessKey, new Credential(secretKey, sessionToken, expiresAt));
    }

    /** Answers ForbiddenException to this key for this operation, as IAM would without the permission. */
    public void deny(String accessKey, ImageBuilderOperation operation) {
        denied.computeIfAbsent(accessKey, k -> ConcurrentHashMap.newKeySet()).add(operation);
    }

    /** Creates a pipeline in account {@value #ACCOUNT}; returns its ARN. */
    public String addPipeline(String region, String name) {
        return addPipeline("arn:aws:imagebuilder:" + region + ":" + ACCOUNT + ":image-pipeline/" + name);
    }

    /** Creates a pipeline with this ARN (any partition, region and account). */
    public String addPipeline(String arn) {
        if (!ImageBuilderModel.PIPELINE_ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException("not a pipeline ARN: " + arn);
        }
        pipelines.put(arn, new Pipeline(arn));
        return arn;
    }

    /** Makes the pipeline's builds also distribute AMIs to these regions. */
    public void distributeTo(String pipelineArn, String... regions) {
        pipeline(pipelineArn).distributionRegions.addAll(List.of(regions));
    }

    /** Makes the pipeline a container pipeline that pushes these URIs (in its own region). */
    public void pushContainers(String pipelineArn, String... imageUris) {
        pipeline(pipelineArn).containerUris.addAll(List.of(imageUris));
    }

    public void disablePipeline(String pipelineArn) {
        pipeline(pipelineArn).status = "DISABLED";
    }

    /** How image builds started from now on move through their states. */
    public void lifecycle(ImageLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** How image builds of this pipeline started from now on move through their states, whatever the general one. */
    public void lifecycle(String pipelineArn, ImageLifecycle lifecycle) {
        pipeline(pipelineArn).lifecycle = lifecycle;
    }

    /** The clock that times lifecycles and session expiry (signature dates use the real time). */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** Puts an image build in a state, as if something outside changed it. */
    public void setImageStatus(String imageArn, ImageBuildStatus status, String reason) {
        Image image = images.get(imageArn);
        synchronized (image) {
            image.override = status;
            image.overrideReason = reason;
        }
    }

    /** Forgets all image builds and client tokens: for long measurements. */
    public void forgetImages() {
        synchronized (startTokens) {
            images.clear();
            startTokens.clear();
            cancelTokens.clear();
        }
    }

    /** Restarts the timed lifecycles of all image builds now, as if they had all just been started. */
    public void restartLifecycles() {
        Instant now = clock.instant();
        images.values().forEach(image -> image.createdAt = now);
    }

    // ------------------------------------------------------------------ observing it

    /** The ARNs of all image builds started, in no particular order. */
    public Set<String> imageArns() {
        return Set.copyOf(images.keySet());
    }

    /** The tags an image build was started with. */
    public Map<String, String> tagsOf(String imageArn) {
        return images.get(imageArn).tags;
    }

    /** The state GetImage would report now, without counting as a poll. */
    public ImageBuildStatus statusOf(String imageArn) {
        Image image = images.get(imageArn);
        synchronized (image) {
            return currentStatus(image, image.polls);
        }
    }

    /** The AMI id the fake gives an image build in a region: stable, so tests can predict it. */
    public static String amiId(String imageArn, String region) {
        return "ami-" + String.format(Locale.ROOT, "%017x", ((long) (imageArn + region).hashCode()) & 0xfffffffffL);
    }

    // ------------------------------------------------------------------ serving it

    Credential credential(String accessKey) {
        return credentials.get(accessKey);
    }

    Instant now() {
        return clock.instant();
    }

    /** Answers one call of {@code accessKey}, or throws the error the service would answer. */
    Map<String, Object> call(
            ImageBuilderOperation operation, Map<String, String> query, Map<String, Object> input, String accessKey)
            throws ServiceError {
        if (denied.getOrDefault(accessKey, Set.of()).contains(operation)) {
            throw new ServiceError(
                    "ForbiddenException",
                    403,
                    "User: arn:aws:iam::" + ACCOUNT + ":user/jenkins is not authorized to perform: "
                            + operation.iamAction());
        }
        switch (operation) {
            case START_IMAGE_PIPELINE_EXECUTION:
                return start(input);
            case GET_IMAGE:
                return getImage(ImageBuilderModel.required(
                        query.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN));
            case CANCEL_IMAGE_CREATION:
                return cancel(input);
            case GET_IMAGE_PIPELINE:
                return getPipeline(ImageBuilderModel.required(
                        query.get("imagePipelineArn"), "imagePipelineArn", ImageBuilderModel.PIPELINE_ARN));
            default:
                throw new IllegalStateException(operation.name());
        }
    }

    private Map<String, Object> start(Map<String, Object> input) throws ServiceError {
        String pipelineArn = ImageBuilderModel.required(
                input.get("imagePipelineArn"), "imagePipelineArn", ImageBuilderModel.PIPELINE_ARN);
        String token = ImageBuilderModel.token(input);
        Map<String, String> tags = ImageBuilderModel.tags(input.get("tags"));
        Pipeline pipeline = found(pipelines.get(pipelineArn), pipelineArn);
        String fingerprint = pipelineArn + " " + new TreeMap<>(tags);
        // Tokens are the caller's per account; each region (and partition) is a service of its own.
        String scope = pipeline.partition + " " + pipeline.region + " " + pipeline.account + " " + token;
        String imageArn;
        synchronized (startTokens) {
            TokenUse used = startTokens.get(scope);
            if (used != null) {
                if (!used.fingerprint.equals(fingerprint)) {
                    throw ServiceError.idempotencyMismatch(token);
                }
                imageArn = used.imageArn;
            } else {
                int build;
                synchronized (pipeline) {
                    build = ++pipeline.builds;
                }
                imageArn = "arn:" + pipeline.partition + ":imagebuilder:" + pipeline.region + ":" + pipeline.account
                        + ":image/" + pipeline.name + "/1.0.0/" + build;
                ImageLifecycle own = pipeline.lifecycle;
                images.put(
                        imageArn,
                        new Image(
                                imageArn, pipeline, Map.copyOf(tags), clock.instant(), own != null ? own : lifecycle));
                startTokens.put(scope, new TokenUse(fingerprint, imageArn));
            }
        }
        Map<String, Object> output = answer();
        output.put("clientToken", token);
        output.put("imageBuildVersionArn", imageArn);
        return output;
    }

    private Map<String, Object> getImage(String arn) throws ServiceError {
        Image image = found(images.get(arn), arn);
        ImageBuildStatus status;
        String reason;
        synchronized (image) {
            status = currentStatus(image, image.polls);
            image.polls++;
            reason = image.override != null ? image.overrideReason : image.lifecycle.reason();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", status.name());
        if (reason != null && (status == ImageBuildStatus.FAILED || status == ImageBuildStatus.CANCELLED)) {
            state.put("reason", reason);
        }
        Pipeline pipeline = image.pipeline;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("type", pipeline.containerUris.isEmpty() ? "AMI" : "DOCKER");
        body.put("name", pipeline.name);
        body.put("version", "1.0.0");
        body.put("platform", "Linux");
        body.put("state", state);
        body.put("sourcePipelineArn", pipeline.arn);
        body.put("sourcePipelineName", pipeline.name);
        body.put("dateCreated", image.createdAt.toString());
        body.put("buildType", "USER_INITIATED");
        body.put("tags", image.tags);
        if (status == ImageBuildStatus.AVAILABLE) {
            body.put("outputResources", outputs(image));
        }
        Map<String, Object> output = answer();
        output.put("image", body);
        return output;
    }

    private static Map<String, Object> outputs(Image image) {
        List<Object> amis = new ArrayList<>();
        List<Object> containers = new ArrayList<>();
        Pipeline pipeline = image.pipeline;
        if (pipeline.containerUris.isEmpty()) {
            List<String> regions = new ArrayList<>();
            regions.add(pipeline.region);
            regions.addAll(pipeline.distributionRegions);
            for (String region : regions) {
                Map<String, Object> ami = new LinkedHashMap<>();
                ami.put("region", region);
                ami.put("image", amiId(image.arn, region));
                ami.put("name", pipeline.name + " 1.0.0");
                ami.put("description", "Built by the local Image Builder");
                ami.put("accountId", pipeline.account);
                amis.add(ami);
            }
        } else {
            containers.add(Map.of("region", pipeline.region, "imageUris", List.copyOf(pipeline.containerUris)));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("amis", amis);
        outputs.put("containers", containers);
        return outputs;
    }

    private Map<String, Object> cancel(Map<String, Object> input) throws ServiceError {
        String arn = ImageBuilderModel.required(
                input.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN);
        String token = ImageBuilderModel.token(input);
        Image image = found(images.get(arn), arn);
        synchronized (cancelTokens) {
            TokenUse used = cancelTokens.get(token);
            if (used != null && !used.imageArn.equals(arn)) {
                throw ServiceError.idempotencyMismatch(token);
            }
            if (used == null) {
                synchronized (image) {
                    ImageBuildStatus status = currentStatus(image, image.polls);
                    if (status.isTerminal()) {
                        throw new ServiceError(
                                "ResourceInUseException",
                                400,
                                "The image " + arn + " cannot be cancelled because its status is " + status + ".");
                    }
                    image.override = ImageBuildStatus.CANCELLED;
                    image.overrideReason = "Image creation was cancelled by the user.";
                }
                cancelTokens.put(token, new TokenUse(arn, arn));
            }
        }
        Map<String, Object> output = answer();
        output.put("clientToken", token);
        output.put("imageBuildVersionArn", arn);
        return output;
    }

    private Map<String, Object> getPipeline(String arn) throws ServiceError {
        Pipeline pipeline = found(pipelines.get(arn), arn);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("name", pipeline.name);
        body.put("description", "Local pipeline " + pipeline.name);
        body.put("platform", "Linux");
        body.put("status", pipeline.status);
        body.put("tags", Map.of());
        Map<String, Object> output = answer();
        output.put("imagePipeline", body);
        return output;
    }

    private ImageBuildStatus currentStatus(Image image, int polls) {
        if (image.override != null) {
            return image.override;
        }
        return image.lifecycle.statusAt(polls, Duration.between(image.createdAt, clock.instant()));
    }

    private Pipeline pipeline(String arn) {
        Pipeline pipeline = pipelines.get(arn);
        if (pipeline == null) {
            throw new IllegalArgumentException("no pipeline " + arn + "; add it first");
        }
        return pipeline;
    }

    private static <T> T found(T resource, String arn) throws ServiceError {
        if (resource == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + arn + " was not found.");
        }
        return resource;
    }

    private static Map<String, Object> answer() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        return output;
    }
}
