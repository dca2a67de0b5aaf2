package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake EC2 Image Builder in one account: its pipelines, the image builds started from them and
 * how each goes, the keys it accepts, what IAM denies, and the faults it answers with.
 * {@link LocalImageBuilderEndpoint} serves it over HTTP.
 *
 * <p>Set it up with:
 *
 * <ul>
 *   <li>{@link #addPipeline(String, String)}: a pipeline to start;
 *   <li>{@link #lifecycle(ImageLifecycle)} (or per pipeline): the states an image build goes
 *       through, one per poll or one per period of time, ending {@code AVAILABLE}, {@code FAILED}
 *       (with {@link ImageLifecycle#withReason(String) a reason}) or {@code CANCELLED};
 *   <li>{@link #distributeTo(String, String...)} and {@link #pushContainers(String, String...)}:
 *       the outputs, AMIs in several regions or container image URIs;
 *   <li>{@link #holdForAction(String, String)}: a WaitForAction step that ends the test workflow and
 *       keeps the build TESTING until SendWorkflowStepAction resumes or stops it;
 *   <li>{@link #scan(String, ImageScan)}: a vulnerability scan of the AVAILABLE images, with its
 *       {@link ScanFinding findings};
 *   <li>{@link #inject(ImageBuilderOperation, Fault, int)}: throttling, service errors, any error
 *       of the model, or a connection dropped before or after the call is handled;
 *   <li>{@link #allowCredentials(String, String)} and {@link #deny(String, ImageBuilderOperation)}:
 *       who may call what.
 * </ul>
 *
 * <p>Watch it with {@link #statusOf(String)}, {@link #waitingStepOf(String)} and {@link
 * #stepActions(String)}, among others.
 *
 * <p>It answers StartImagePipelineExecution, GetImage, CancelImageCreation, GetImagePipeline,
 * ListWorkflowExecutions, ListWorkflowStepExecutions, SendWorkflowStepAction,
 * ListWaitingWorkflowSteps, ListImageScanFindings and ListImageScanFindingAggregations as the
 * service model describes them: input is checked against the model's patterns and limits, lists are
 * paged with opaque tokens, client tokens are honoured per account and region, and errors carry the
 * model's types.
 */
public final class FakeImageBuilder {

    /** The account of pipelines added by name. */
    public static final String ACCOUNT = "123456789012";

    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageBuilderOperation>> denied = new ConcurrentHashMap<>();
    private final Map<ImageBuilderOperation, Deque<Fault>> faults = new EnumMap<>(ImageBuilderOperation.class);
    private final Map<String, FakePipeline> pipelines = new ConcurrentHashMap<>();
    private final Map<String, FakeImage> images = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> startTokens = new ConcurrentHashMap<>();
    private final Map<String, TokenUse> cancelTokens = new ConcurrentHashMap<>();
    private final StepActions stepActions = new StepActions(images);
    private final ScanFindings scanFindings = new ScanFindings(images);
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

    /** What a client token was first used for: the same call again gets the same answer, another one an error. */
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

    /** Makes the next {@code times} calls of this operation fail with the fault (throttling, errors, drops). */
    public void inject(ImageBuilderOperation operation, Fault fault, int times) {
        synchronized (faults) {
            Deque<Fault> queue = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
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
        pipelines.put(arn, new FakePipeline(arn));
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

    /**
     * Makes the image builds of the pipeline started from now on end their test workflow with a step
     * of this name and action WaitForAction, in a workflow of the pipeline's account. Where the
     * lifecycle would leave TESTING (for DISTRIBUTING, INTEGRATING or AVAILABLE; not for FAILED), the
     * build stays TESTING with that step RUNNING until SendWorkflowStepAction sends RESUME (the build
     * goes on, to where its lifecycle is by then) or STOP (the step and the build FAIL, with the reason
     * sent). The lifecycle must go through TESTING: builds whose lifecycle does not get no such step.
     *
     * @param stepName a WorkflowStepName: a letter, then 1 to 99 letters, digits, - or _
     */
    public void holdForAction(String pipelineArn, String stepName) {
        if (!ImageBuilderModel.STEP_NAME.matcher(stepName).matches()) {
            throw new IllegalArgumentException("not a workflow step name: " + stepName);
        }
        pipeline(pipelineArn).holdStep = stepName;
    }

    /**
     * Scans the images of the pipeline started from now on once they are AVAILABLE, as {@code scan}
     * says; {@code null} turns scanning off. GetImage shows {@code imageScanningConfiguration} on every
     * image and {@code scanState} on the AVAILABLE images that are scanned; the findings are listed and
     * counted once the scan COMPLETED, and counted as zero before.
     */
    public void scan(String pipelineArn, ImageScan scan) {
        pipeline(pipelineArn).scan = scan;
    }

    /** Disables the pipeline, as its owner could in the console. */
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
        images.get(imageArn).set(status, reason, clock.instant());
    }

    /** Forgets all image builds and client tokens: for long measurements. */
    public void forgetImages() {
        synchronized (startTokens) {
            images.clear();
            startTokens.clear();
            cancelTokens.clear();
            stepActions.forget();
            scanFindings.forget();
        }
    }

    /** Restarts the timed lifecycles of all image builds now, as if they had all just been started. */
    public void restartLifecycles() {
        Instant now = clock.instant();
        images.values().forEach(image -> image.restart(now));
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
        return images.get(imageArn).status(clock.instant());
    }

    /**
     * The stepExecutionId of the build's WaitForAction step while it waits for an action, as the last
     * GetImage showed the build (and as ListWaitingWorkflowSteps would list it); null when none waits.
     */
    public String waitingStepOf(String imageArn) {
        return StepActions.waitingStepOf(image(imageArn), clock.instant());
    }

    /** The actions SendWorkflowStepAction applied to the build's steps; a replay with the same token is not one. */
    public List<StepAction> stepActions(String imageArn) {
        FakeImage image = image(imageArn);
        return image.hold == null ? List.of() : image.hold.applied();
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

    /** The fault the next call of this operation meets, if one was injected. */
    Fault nextFault(ImageBuilderOperation operation) {
        synchronized (faults) {
            Deque<Fault> queue = faults.get(operation);
            return queue == null ? null : queue.poll();
        }
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
                String imageArn = ImageBuilderModel.required(
                        query.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN);
                return answer("image", found(images.get(imageArn), imageArn).describe(clock.instant()));
            case CANCEL_IMAGE_CREATION:
                return cancel(input);
            case GET_IMAGE_PIPELINE:
                String pipelineArn = ImageBuilderModel.required(
                        query.get("imagePipelineArn"), "imagePipelineArn", ImageBuilderModel.PIPELINE_ARN);
                return answer(
                        "imagePipeline",
                        found(pipelines.get(pipelineArn), pipelineArn).describe());
            case LIST_WORKFLOW_EXECUTIONS:
                String builtArn = ImageBuilderModel.required(
                        input.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN);
                ImageBuilderModel.maxResults(input);
                Map<String, Object> executions = answer(
                        "workflowExecutions",
                        found(images.get(builtArn), builtArn).workflows().executions(clock.instant()));
                executions.put("imageBuildVersionArn", builtArn);
                return executions;
            case LIST_WORKFLOW_STEP_EXECUTIONS:
                String workflow = ImageBuilderModel.required(
                        input.get("workflowExecutionId"),
                        "workflowExecutionId",
                        ImageBuilderModel.WORKFLOW_EXECUTION_ID);
                ImageBuilderModel.maxResults(input);
                for (FakeImage image : images.values()) {
                    Map<String, Object> steps = image.workflows().stepsOf(workflow, clock.instant());
                    if (steps != null) {
                        Map<String, Object> output = answer("steps", steps.get("steps"));
                        steps.forEach(output::putIfAbsent);
                        return output;
                    }
                }
                throw new ServiceError(
                        "ResourceNotFoundException", 404, "The workflow execution " + workflow + " was not found.");
            case SEND_WORKFLOW_STEP_ACTION:
                return stepActions.send(input, clock.instant());
            case LIST_WAITING_WORKFLOW_STEPS:
                return stepActions.listWaiting(input, clock.instant());
            case LIST_IMAGE_SCAN_FINDINGS:
                return scanFindings.list(input);
            case LIST_IMAGE_SCAN_FINDING_AGGREGATIONS:
                return scanFindings.aggregate(input);
            default:
                throw new IllegalStateException(operation.name());
        }
    }

    private Map<String, Object> start(Map<String, Object> input) throws ServiceError {
        String pipelineArn = ImageBuilderModel.required(
                input.get("imagePipelineArn"), "imagePipelineArn", ImageBuilderModel.PIPELINE_ARN);
        String token = ImageBuilderModel.token(input);
        Map<String, String> tags = ImageBuilderModel.tags(input.get("tags"));
        FakePipeline pipeline = found(pipelines.get(pipelineArn), pipelineArn);
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
                imageArn = pipeline.nextImageArn();
                ImageLifecycle own = pipeline.lifecycle;
                FakeImage image =
                        new FakeImage(imageArn, pipeline, tags, clock.instant(), own != null ? own : lifecycle);
                images.put(imageArn, image);
                stepActions.started(image);
                scanFindings.started(image);
                startTokens.put(scope, new TokenUse(fingerprint, imageArn));
            }
        }
        Map<String, Object> output = answer("clientToken", token);
        output.put("imageBuildVersionArn", imageArn);
        return output;
    }

    private Map<String, Object> cancel(Map<String, Object> input) throws ServiceError {
        String arn = ImageBuilderModel.required(
                input.get("imageBuildVersionArn"), "imageBuildVersionArn", ImageBuilderModel.IMAGE_ARN);
        String token = ImageBuilderModel.token(input);
        FakeImage image = found(images.get(arn), arn);
        synchronized (cancelTokens) {
            TokenUse used = cancelTokens.get(token);
            if (used != null && !used.imageArn.equals(arn)) {
                throw ServiceError.idempotencyMismatch(token);
            }
            if (used == null) {
                image.cancel(clock.instant());
                cancelTokens.put(token, new TokenUse(arn, arn));
            }
        }
        Map<String, Object> output = answer("clientToken", token);
        output.put("imageBuildVersionArn", arn);
        return output;
    }

    private FakePipeline pipeline(String arn) {
        FakePipeline pipeline = pipelines.get(arn);
        if (pipeline == null) {
            throw new IllegalArgumentException("no pipeline " + arn + "; add it first");
        }
        return pipeline;
    }

    private FakeImage image(String arn) {
        FakeImage image = images.get(arn);
        if (image == null) {
            throw new IllegalArgumentException("no image build " + arn);
        }
        return image;
    }

    static <T> T found(T resource, String arn) throws ServiceError {
        if (resource == null) {
            throw new ServiceError("ResourceNotFoundException", 404, "The resource " + arn + " was not found.");
        }
        return resource;
    }

    /** An answer with its request id and one member. */
    private static Map<String, Object> answer(String member, Object value) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        output.put(member, value);
        return output;
    }
}
